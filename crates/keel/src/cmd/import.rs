//! `keel import FILE`: training history from a Strong or Hevy CSV export.
//! The file's header is checked before the database is opened; its rows are
//! read and stored in batches in one transaction (keel-app's import), so a
//! bad row anywhere changes nothing. Sets already imported are skipped, so
//! importing the same file twice adds nothing. Needs no profile or plan.

use std::collections::BTreeMap;
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressStyle};
use jiff::civil::Date;
use keel_app::import::ImportFailed;
use keel_core::history::ImportSource;
use keel_io::import::{
    self, ImportLimits, ImportSummary, ParseOptions, SetReader, SkipReason, Units,
};
use serde::Serialize;

use crate::cli::GlobalArgs;
use crate::context::Ctx;
use crate::error::invalid;

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// A CSV export from Strong or Hevy
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The app the file came from [default: detected from the header]
    #[arg(long, value_enum, value_name = "APP")]
    pub format: Option<FormatArg>,
    /// Units of Strong's comma export, which does not name them: metric (kg,
    /// km) or imperial (lb, miles); files with unit columns use those
    /// [default: your profile's unit: imperial for lb, else metric]
    #[arg(long, value_enum)]
    pub units: Option<UnitsArg>,
    /// Show what would be imported; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Print the report as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum FormatArg {
    Strong,
    Hevy,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum UnitsArg {
    Metric,
    Imperial,
}

/// Skipped lines listed per reason before "and N more".
const LINES_SHOWN: usize = 5;

pub fn run(global: &GlobalArgs, args: ImportArgs) -> anyhow::Result<ExitCode> {
    let limits = ImportLimits::default();
    // A day of slack for the other app's time zone.
    let today = crate::context::resolve_today(global.date.as_deref())?;
    let latest = today.tomorrow().ok();
    let name = args.file.display().to_string();
    let bytes = read_bounded(&args.file, &name, limits)?;
    let mut options = ParseOptions {
        format: args.format.map(|f| match f {
            FormatArg::Strong => ImportSource::Strong,
            FormatArg::Hevy => ImportSource::Hevy,
        }),
        units: match args.units {
            Some(UnitsArg::Imperial) => Units::Imperial,
            Some(UnitsArg::Metric) | None => Units::Metric,
        },
        limits,
        latest,
    };
    // The header is checked before the database is opened: a file of
    // another kind never creates one.
    SetReader::new(&name, &bytes, &options).map_err(|e| invalid(e.to_string()))?;
    let mut ctx = Ctx::open(global)?;
    if args.units.is_none() && ctx.units()? == keel_core::units::Units::Lb {
        // The athlete trains in pounds: a file that does not name its units
        // is read in theirs (a file with unit columns reads the same).
        options.units = Units::Imperial;
    }
    let reader = SetReader::new(&name, &bytes, &options).map_err(|e| invalid(e.to_string()))?;
    let large = bytes.len() as u64 >= limits.progress_min_bytes && std::io::stderr().is_terminal();
    let bar = large.then(|| progress_bar(bytes.len() as u64));
    let imported = keel_app::import::import(&mut ctx.store, reader, args.dry_run, &mut |done| {
        if let Some(bar) = &bar {
            bar.set_position(done as u64);
        }
    });
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let summary = imported.map_err(|e| match e {
        ImportFailed::File(e) => invalid(e.to_string()),
        ImportFailed::Store(e) => e.into(),
    })?;
    let report = Report::of(&name, &summary, args.dry_run);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.render());
    }
    Ok(ExitCode::SUCCESS)
}

/// The file's bytes, refusing one over the limit before reading it.
fn read_bounded(path: &Path, name: &str, limits: ImportLimits) -> anyhow::Result<Vec<u8>> {
    let cannot = |e: std::io::Error| invalid(format!("FILE: cannot read {name}: {e}"));
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if meta.is_dir() {
        return Err(invalid(format!(
            "FILE: {name} is a directory; give the CSV file exported from Strong or Hevy"
        )));
    }
    if meta.len() > limits.max_bytes {
        return Err(invalid(format!(
            "{name}: {}",
            import::too_large(meta.len(), limits)
        )));
    }
    std::fs::read(path).map_err(cannot)
}

fn progress_bar(total: u64) -> ProgressBar {
    let bar = ProgressBar::new(total);
    if let Ok(style) = ProgressStyle::with_template(
        "importing {bar:40} {decimal_bytes}/{decimal_total_bytes} ({eta} left)",
    ) {
        bar.set_style(style);
    }
    bar
}

#[derive(Debug, Serialize)]
struct SkipGroup {
    reason: SkipReason,
    count: usize,
    lines: Vec<usize>,
}

#[derive(Debug, Serialize)]
struct Report {
    file: String,
    format: ImportSource,
    dry_run: bool,
    rows_read: usize,
    imported: usize,
    workouts: usize,
    first_date: Option<Date>,
    last_date: Option<Date>,
    skipped: Vec<SkipGroup>,
    /// The user's own exercises this import adds (names no catalog alias matches).
    own_exercises_created: Vec<String>,
}

impl Report {
    fn of(file: &str, summary: &ImportSummary, dry_run: bool) -> Report {
        let mut groups: BTreeMap<SkipReason, Vec<usize>> = BTreeMap::new();
        for s in &summary.skipped {
            groups.entry(s.reason).or_default().push(s.line);
        }
        Report {
            file: file.to_string(),
            format: summary.source,
            dry_run,
            rows_read: summary.rows_read,
            imported: summary.imported,
            workouts: summary.workouts,
            first_date: summary.first_date,
            last_date: summary.last_date,
            skipped: groups
                .into_iter()
                .map(|(reason, lines)| SkipGroup {
                    reason,
                    count: lines.len(),
                    lines,
                })
                .collect(),
            own_exercises_created: summary.new_own_exercises.clone(),
        }
    }

    fn render(&self) -> String {
        let mut out = format!(
            "{}: {} export, {} row{} read.\n",
            self.file,
            self.format,
            self.rows_read,
            plural(self.rows_read)
        );
        let verb = if self.dry_run {
            "Would import"
        } else {
            "Imported"
        };
        out += &format!("{verb} {} set{}", self.imported, plural(self.imported));
        if let (Some(first), Some(last)) = (self.first_date, self.last_date) {
            out += &format!(
                " from {} workout{}, {first} to {last}",
                self.workouts,
                plural(self.workouts)
            );
        }
        out += ".\n";
        let skipped: usize = self.skipped.iter().map(|g| g.count).sum();
        if skipped > 0 {
            out += &format!("Skipped {skipped} row{}:\n", plural(skipped));
            for g in &self.skipped {
                out += &format!("  {} ({})\n", g.reason.describe(g.count), lines(&g.lines));
            }
        }
        if !self.own_exercises_created.is_empty() {
            out += &format!(
                "{} your own exercise{} (names not in Keel's catalog):\n",
                if self.dry_run {
                    "Would add as"
                } else {
                    "Added as"
                },
                plural(self.own_exercises_created.len()),
            );
            for name in &self.own_exercises_created {
                out += &format!("  {name}\n");
            }
        }
        if self.dry_run {
            out += "Dry run: nothing was written.\n";
        }
        out
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// "line 5", "lines 3, 5, 9 and 12 more".
fn lines(list: &[usize]) -> String {
    let shown: Vec<String> = list
        .iter()
        .take(LINES_SHOWN)
        .map(usize::to_string)
        .collect();
    let more = list.len().saturating_sub(LINES_SHOWN);
    let word = if list.len() == 1 { "line" } else { "lines" };
    if more > 0 {
        format!("{word} {} and {more} more", shown.join(", "))
    } else {
        format!("{word} {}", shown.join(", "))
    }
}
