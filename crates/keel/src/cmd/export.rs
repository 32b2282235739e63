//! `keel export`: the training log or the decisions as CSV, everything as
//! JSON, the current plan's sessions as an iCalendar file, or a FHIR R4
//! Bundle for a clinic's system. Reads only, but for the calendar's record
//! of each event's SEQUENCE.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use keel_core::catalog::Catalog;
use keel_io::export::{self, Snapshot};

use crate::context::Ctx;
use crate::error::invalid;
use crate::output;
use crate::render::session;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Spreadsheet rows: one per logged set, or per decision with --what decisions
    Csv,
    /// One document with everything stored
    Json,
    /// The current plan's sessions as calendar events at your training time
    Ics,
    /// A FHIR R4 Bundle for a clinic: pseudonymous patient, assessments, pain, plan
    Fhir,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum What {
    /// One row per logged set
    Sets,
    /// One row per engine decision, with its reasons
    Decisions,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Output format
    #[arg(long, value_enum)]
    pub format: Format,

    /// What the CSV holds [default: sets]
    #[arg(long, value_enum)]
    pub what: Option<What>,

    /// Write to this file instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Overwrite the --out file when it exists
    #[arg(long)]
    pub force: bool,

    /// With --format fhir: the patient's pseudonym in the clinic's system
    /// (your name is never exported) [default: keel-athlete]
    #[arg(long, value_name = "ID")]
    pub patient: Option<String>,
}

pub fn run(ctx: &mut Ctx, args: ExportArgs) -> anyhow::Result<ExitCode> {
    if args.what.is_some() && args.format != Format::Csv {
        return Err(invalid(
            "--what: only --format csv has a choice of sets or decisions",
        ));
    }
    if args.patient.is_some() && args.format != Format::Fhir {
        return Err(invalid("--patient: only --format fhir names a patient"));
    }
    let fhir = match args.format {
        // Checked (the pseudonym) and read before --out is touched.
        Format::Fhir => Some(keel_app::export::fhir_bundle(
            &ctx.store,
            args.patient.as_deref(),
        )?),
        _ => None,
    };
    if let Some(out) = &args.out {
        output::check(out, args.force)?;
    }
    let snapshot = Snapshot::read(&ctx.store).context("reading the database")?;
    let catalog = Catalog::builtin();
    let units = snapshot.units();
    let text = match args.format {
        Format::Csv => match args.what.unwrap_or(What::Sets) {
            What::Sets => export::csv::sets(&snapshot.sessions, catalog, units)?,
            What::Decisions => export::csv::decisions(&snapshot.decisions, catalog, &|p| {
                format!("{}; {}", session::amount(p), session::load(p, units))
            })?,
        },
        Format::Json => export::json::render(&snapshot)?,
        Format::Ics => {
            if snapshot.current_plan().is_none() {
                return Err(invalid(
                    "there is no plan to export yet; run `keel onboard`",
                ));
            }
            keel_app::calendar::export(&mut ctx.store, jiff::Timestamp::now())?
        }
        Format::Fhir => {
            let mut text = serde_json::to_string_pretty(&fhir)?;
            text.push('\n');
            text
        }
    };
    match &args.out {
        Some(out) => {
            output::write(out, &text, args.force)?;
            println!("Wrote {}.", out.display());
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
