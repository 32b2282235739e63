//! `keel outcomes`: outcome measures. Without a subcommand, each
//! instrument's trend with the change that matters marked; `record` takes
//! the NPRS, the PSFS or a loaded questionnaire; `list` shows every taking;
//! `load FILE` loads a questionnaire definition (docs/questionnaires.md).
//! The same NPRS and PSFS questions are asked at onboarding and at every
//! retest ([`OutcomeFlags`], [`ask`]). Scoring and storing are keel-app's.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use jiff::civil::Date;
use keel_app::outcomes::{self, Measure, change_words, describe, number};
use keel_core::outcome::{self, Outcome, PSFS_MAX_ACTIVITIES};
use keel_store::Store;

use crate::cmd::log::log_day;
use crate::context::Ctx;
use crate::error::invalid;
use crate::prompt::Prompter;

/// The NPRS and PSFS answers by flag, for onboarding, a retest and `record`.
#[derive(Debug, Default, Clone, clap::Args)]
pub struct OutcomeFlags {
    /// Outcome: your back pain over the last 24 hours, 0 (none) to 10 (worst imaginable) (NPRS)
    #[arg(long, value_name = "0-10")]
    pub pain_rating: Option<String>,

    /// Outcome (PSFS): an activity your back makes hard, rated 0 (unable) to 10 (as before),
    /// e.g. --activity "sitting in the car=4"; up to five
    #[arg(long, value_name = "ACTIVITY=RATING")]
    pub activity: Vec<String>,
}

impl OutcomeFlags {
    pub fn any(&self) -> bool {
        self.pain_rating.is_some() || !self.activity.is_empty()
    }

    /// The measures the flags give, validated.
    pub fn measures(&self) -> anyhow::Result<Vec<Measure>> {
        let mut measures = Vec::new();
        if let Some(text) = &self.pain_rating {
            measures.push(Measure::Nprs(outcome::parse_rating("--pain-rating", text)?));
        }
        if !self.activity.is_empty() {
            let ratings = self
                .activity
                .iter()
                .map(|a| outcome::parse_activity("--activity", a))
                .collect::<Result<Vec<_>, _>>()?;
            // Checked now, so a bad list is refused before anything is asked.
            outcome::psfs(jiff::civil::date(2000, 1, 1), &ratings)
                .map_err(|e| e.in_field("--activity"))?;
            measures.push(Measure::Psfs(ratings));
        }
        Ok(measures)
    }

    /// The NPRS and PSFS takings for `date` from the flags.
    pub fn outcomes(&self, date: Date) -> anyhow::Result<Vec<Outcome>> {
        Ok(outcomes::builtin(date, self.measures()?)?)
    }
}

/// Asks the NPRS and the PSFS (each may be skipped with Enter); `known`
/// are the activities named last time, offered again.
pub fn ask(prompter: &mut Prompter, date: Date, known: &[String]) -> anyhow::Result<Vec<Outcome>> {
    prompter.say(
        "\nOutcome measures (press Enter to skip). Your answers show how your back is doing \
         over time, beside your tests.",
    );
    let mut taken = Vec::new();
    if let Some(rating) = prompter.ask(
        "Back pain over the last 24 hours, 0 (none) to 10 (worst imaginable)",
        "skip",
        |t| outcome::parse_rating("pain", t),
    )? {
        taken.push(outcome::nprs(date, Some(rating))?);
    }
    let mut ratings: Vec<(String, u8)> = Vec::new();
    for name in known.iter().take(PSFS_MAX_ACTIVITIES) {
        if let Some(rating) = prompter.ask(
            &format!("How well can you do \"{name}\" now, 0 (unable) to 10 (as before)"),
            "skip",
            |t| outcome::parse_rating("rating", t),
        )? {
            ratings.push((name.clone(), rating));
        }
    }
    while ratings.len() < PSFS_MAX_ACTIVITIES {
        let Some(name) = prompter.ask(
            "An activity your back makes hard (e.g. sitting in the car)",
            "done",
            |t| Ok(t.to_string()),
        )?
        else {
            break;
        };
        let rating = prompter.ask(
            &format!("How well can you do \"{name}\", 0 (unable) to 10 (as before)"),
            "skip",
            |t| outcome::parse_rating("rating", t),
        )?;
        if let Some(rating) = rating {
            ratings.push((name, rating));
        }
    }
    if !ratings.is_empty() {
        taken.push(outcome::psfs(date, &ratings)?);
    }
    Ok(taken)
}

#[derive(Debug, Default, clap::Args)]
#[command(after_help = "\
NPRS: your back pain over the last 24 hours, 0-10; a change of 2 points matters. \
PSFS: up to five activities your back makes hard, each 0 (unable) to 10 (as before); \
2 points on the average or 3 on one activity matter. A questionnaire your clinic holds \
(e.g. the Oswestry Disability Index) is loaded from a definition file with \
`keel outcomes load FILE` (format: docs/questionnaires.md), then recorded with \
--questionnaire ID --answers 1,3,-,2 (option numbers, '-' for an item left out).")]
pub struct OutcomesArgs {
    #[command(subcommand)]
    pub command: Option<OutcomesCommand>,

    /// Print JSON instead of text
    #[arg(long, global = true)]
    pub json: bool,
}

#[derive(Debug, clap::Subcommand)]
pub enum OutcomesCommand {
    /// Record a pain rating, PSFS activities or a loaded questionnaire
    Record(RecordArgs),
    /// Every taking, oldest first
    List,
    /// Each instrument's trend, with the change that matters marked (the default)
    Trend,
    /// Load a questionnaire definition file (replaces one with the same id)
    Load(LoadArgs),
}

#[derive(Debug, Default, clap::Args)]
pub struct RecordArgs {
    #[command(flatten)]
    pub flags: OutcomeFlags,

    /// A loaded questionnaire's id
    #[arg(long, value_name = "ID", requires = "answers")]
    pub questionnaire: Option<String>,

    /// The questionnaire's answers: each item's option number, '-' when left out
    #[arg(long, value_name = "1,3,-,2", requires = "questionnaire")]
    pub answers: Option<String>,

    /// The day it was taken, YYYY-MM-DD [default: today]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub day: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct LoadArgs {
    /// The definition file (TOML; see docs/questionnaires.md)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

pub fn run(ctx: &mut Ctx, args: OutcomesArgs) -> anyhow::Result<ExitCode> {
    match args.command.unwrap_or(OutcomesCommand::Trend) {
        OutcomesCommand::Record(record) => self::record(ctx, record, args.json),
        OutcomesCommand::List => list(ctx, args.json),
        OutcomesCommand::Trend => trend(ctx, args.json),
        OutcomesCommand::Load(load) => self::load(ctx, &load, args.json),
    }
}

fn record(ctx: &mut Ctx, args: RecordArgs, json: bool) -> anyhow::Result<ExitCode> {
    let day = log_day(ctx, args.day.as_deref())?;
    let mut measures = args.flags.measures()?;
    if let (Some(id), Some(text)) = (&args.questionnaire, &args.answers) {
        let loaded = ctx.store.questionnaires()?;
        let choices = match loaded.iter().find(|q| q.id == *id) {
            Some(q) => q.parse_choices(text).map_err(|e| {
                let field = format!("--answers {}", e.field);
                e.in_field(field)
            })?,
            // The service names what is loaded.
            None => Vec::new(),
        };
        measures.push(Measure::Questionnaire {
            id: id.clone(),
            choices,
        });
    }
    if measures.is_empty() {
        return Err(invalid(
            "nothing to record: give --pain-rating, --activity or --questionnaire with --answers",
        ));
    }
    let taken = outcomes::record(&mut ctx.store, ctx.today, day, measures)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&taken)?);
    } else {
        for o in &taken {
            println!("Recorded {} on {}.", describe(o), o.date);
        }
        println!("See the trends with `keel outcomes`.");
    }
    Ok(ExitCode::SUCCESS)
}

fn list(ctx: &mut Ctx, json: bool) -> anyhow::Result<ExitCode> {
    let taken = ctx.store.outcomes()?;
    if json {
        println!("{}", serde_json::to_string_pretty(&taken)?);
        return Ok(ExitCode::SUCCESS);
    }
    if taken.is_empty() {
        println!(
            "No outcome measures yet. Record one with `keel outcomes record --pain-rating 4`."
        );
    }
    for o in &taken {
        println!("{}  {}", o.date, describe(o));
    }
    Ok(ExitCode::SUCCESS)
}

fn trend(ctx: &mut Ctx, json: bool) -> anyhow::Result<ExitCode> {
    let view = outcomes::overview(&ctx.store)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&view)?);
        return Ok(ExitCode::SUCCESS);
    }
    if view.trends.is_empty() {
        println!(
            "No outcome measures yet. Record one with `keel outcomes record --pain-rating 4`."
        );
    }
    for t in &view.trends {
        println!("{}", t.name);
        let scores: Vec<String> = t
            .points
            .iter()
            .map(|p| {
                let mark = match &p.change {
                    Some(c) if c.meaningful => "*",
                    _ => "",
                };
                let band = p.band.as_ref().map_or(String::new(), |b| format!(" {b}"));
                format!("{} {}{band}{mark}", p.date, number(p.score))
            })
            .collect();
        println!("  {}", scores.join("  "));
        println!("  {}", change_words(t));
        for item in &t.items {
            let verdict = if item.change.meaningful {
                "a change that matters"
            } else {
                "less than the change that matters"
            };
            println!(
                "  {}: {} -> {} ({verdict})",
                item.item, item.first, item.latest
            );
        }
        match (&t.mcid.source, t.mcid.score) {
            (Some(source), _) => println!("  Change that matters: {source}."),
            (None, None) => println!("  No published minimal important change."),
            (None, Some(_)) => {}
        }
        println!();
    }
    if view.trends.iter().any(|t| t.points.len() > 1) {
        println!("* at least the change that matters since the first taking.");
    }
    Ok(ExitCode::SUCCESS)
}

fn load(ctx: &mut Ctx, args: &LoadArgs, json: bool) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("reading {}", args.file.display()))
        .map_err(|e| invalid(format!("{e:#}")))?;
    let (q, replaced) = outcomes::load(&mut ctx.store, &text).map_err(|e| match e {
        keel_app::Error::Invalid(err) => invalid(format!("{}: {err}", args.file.display())),
        other => other.into(),
    })?;
    if json {
        println!("{}", serde_json::to_string_pretty(&q)?);
    } else {
        println!(
            "{} {} ({}, {} items). Record it with `keel outcomes record --questionnaire {} --answers ...`.",
            if replaced { "Replaced" } else { "Loaded" },
            q.name,
            q.id,
            q.items.len(),
            q.id
        );
    }
    Ok(ExitCode::SUCCESS)
}
