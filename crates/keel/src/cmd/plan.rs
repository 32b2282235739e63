//! `keel plan`: build a new plan version, or show the current one (summary,
//! calendar, one week in full, JSON, version history).

use std::process::ExitCode;

use jiff::civil::Date;
use keel_app::enrol::{self, Refused};
use keel_core::catalog::Catalog;
use keel_core::profile::weekday_short;
use keel_core::program::Phase;
use keel_core::redflag::CLINICIAN_MESSAGE;
use keel_store::{Store, StoredPlan};

use crate::context::{Ctx, parse_date};
use crate::error::invalid;
use crate::render::session as render;

#[derive(Debug, Default, clap::Args)]
#[command(
    after_help = "Without options, `keel plan` shows the current plan's summary (and builds \
the first plan when there is none). `--new` builds a new version from your profile, settings and \
latest assessment; earlier versions are kept (`--history`). `--weeks`, `--week N` and `--json` \
only read."
)]
pub struct PlanArgs {
    /// Build a new plan version from your profile, settings and latest assessment
    #[arg(long, conflicts_with_all = ["weeks", "week", "history"])]
    pub new: bool,

    /// First day of the new plan (with --new) [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", requires = "new")]
    pub start: Option<String>,

    /// The calendar: one line per week with each day's kind (A, B, l = light, . = rest)
    #[arg(long, conflicts_with_all = ["week", "history"])]
    pub weeks: bool,

    /// One week in full, every session
    #[arg(long, value_name = "N", conflicts_with = "history")]
    pub week: Option<u16>,

    /// List the plan versions
    #[arg(long)]
    pub history: bool,

    /// Print as JSON (the whole program, or the week / history asked for)
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &mut Ctx, args: PlanArgs) -> anyhow::Result<ExitCode> {
    // Validate flag values before reading or writing anything.
    let start = match &args.start {
        Some(text) => Some(parse_date(text, "--start")?),
        None => None,
    };
    // While halted, no form of `keel plan` shows training (`--new` is
    // refused by `enrol`, exit 2, as every refused write).
    if !args.new
        && let Some(halt) = keel_app::safety::halt(&ctx.store)?
    {
        crate::cmd::resume::show_halt(&halt, args.json)?;
        return Ok(ExitCode::from(1));
    }
    if args.history {
        return history(ctx, args.json);
    }
    let current = ctx.store.current_plan()?;
    if args.new || (current.is_none() && !args.weeks && args.week.is_none()) {
        let stored = build_and_store(ctx, start.unwrap_or(ctx.today))?;
        if args.json {
            println!("{}", serde_json::to_string_pretty(&stored)?);
        } else {
            print_summary(&stored);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let Some(stored) = current else {
        return Err(invalid(
            "no plan yet: run `keel plan --new` (or `keel onboard`)",
        ));
    };
    if let Some(n) = args.week {
        return show_week(&stored, n, args.json, ctx.units()?);
    }
    if args.weeks {
        if args.json {
            println!("{}", serde_json::to_string_pretty(&stored.program.weeks)?);
        } else {
            print_calendar(&stored);
        }
        return Ok(ExitCode::SUCCESS);
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&stored)?);
    } else {
        print_summary(&stored);
    }
    Ok(ExitCode::SUCCESS)
}

/// Builds a new version from the stored profile, settings and latest assessment.
fn build_and_store(ctx: &mut Ctx, start: Date) -> anyhow::Result<StoredPlan> {
    enrol::new_plan(&mut ctx.store, ctx.today, start).map_err(|err| match err {
        Refused::NoProfile => invalid("no profile yet: run `keel onboard` first"),
        Refused::Halted { .. } => invalid(format!(
            "{CLINICIAN_MESSAGE}\nNo plan was built. When a clinician has cleared you, run \
             `keel resume --confirm`."
        )),
        Refused::NoAssessment => {
            invalid("no assessment yet: run `keel onboard` (or `keel assess`) first")
        }
        Refused::Store(err) => err.into(),
        other => invalid(other.to_string()),
    })
}

/// Version, dates, blocks with their phases and deload weeks, and the week's days.
pub fn print_summary(stored: &StoredPlan) {
    let program = &stored.program;
    let end = program
        .end()
        .map(|d| d.to_string())
        .unwrap_or_else(|| "-".into());
    println!(
        "Plan version {} (built {}): {} weeks, {} to {end}",
        stored.version,
        stored.created_on,
        program.weeks.len(),
        program.start
    );
    if let Some(first) = program.weeks.first() {
        let days: Vec<String> = first
            .days
            .iter()
            .map(|d| {
                format!(
                    "{} {}",
                    weekday_short(d.date.weekday()),
                    render::letter(d.kind)
                )
            })
            .collect();
        println!(
            "Days: {}  (A = anti-flexion holds, B = posterior chain, l = optional light session, . = rest)",
            days.join("  ")
        );
    }
    let per_block = usize::from(program.settings.block_weeks) + 1;
    for (i, block) in program.weeks.chunks(per_block).enumerate() {
        let (Some(first), Some(last)) = (block.first(), block.last()) else {
            continue;
        };
        let from = first
            .days
            .first()
            .map(|d| d.date.to_string())
            .unwrap_or_default();
        let to = last
            .days
            .last()
            .map(|d| d.date.to_string())
            .unwrap_or_default();
        let deload: Vec<String> = block
            .iter()
            .filter(|w| w.deload)
            .map(|w| w.number.to_string())
            .collect();
        println!(
            "Block {}: {:<34} weeks {}-{} ({from} to {to}), deload week {}",
            i + 1,
            phase_label(first.phase),
            first.number,
            last.number,
            deload.join(", ")
        );
    }
    println!(
        "\n`keel` shows today's session; `keel plan --weeks` the calendar; `keel plan --week N` a week in full."
    );
}

fn phase_label(phase: Phase) -> &'static str {
    phase.label()
}

fn print_calendar(stored: &StoredPlan) {
    println!(
        "Plan version {}: A = anti-flexion holds, B = posterior chain, l = light, . = rest",
        stored.version
    );
    for week in &stored.program.weeks {
        let days: String = week.days.iter().map(|d| render::letter(d.kind)).collect();
        let from = week
            .days
            .first()
            .map(|d| d.date.to_string())
            .unwrap_or_default();
        println!(
            "week {:>2}  {from}  {days}  {}{}",
            week.number,
            week.phase.label(),
            if week.deload { "  DELOAD" } else { "" }
        );
    }
}

fn show_week(
    stored: &StoredPlan,
    n: u16,
    json: bool,
    units: keel_core::units::Units,
) -> anyhow::Result<ExitCode> {
    let weeks = &stored.program.weeks;
    let Some(week) = weeks.iter().find(|w| w.number == n) else {
        return Err(invalid(format!(
            "--week: the plan has weeks 1 to {}, got {n}",
            weeks.len()
        )));
    };
    if json {
        println!("{}", serde_json::to_string_pretty(week)?);
        return Ok(ExitCode::SUCCESS);
    }
    let catalog = Catalog::builtin();
    println!("{}", render::week_header(week, weeks.len()));
    for day in &week.days {
        println!("\n{}", render::day_header(day));
        match &day.session {
            Some(session) => print!("{}", render::full(catalog, session, units)),
            None => println!("Rest."),
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn history(ctx: &Ctx, json: bool) -> anyhow::Result<ExitCode> {
    let plans = ctx.store.plans()?;
    if json {
        let rows: Vec<serde_json::Value> = plans
            .iter()
            .map(|p| {
                serde_json::json!({
                    "version": p.version,
                    "created_on": p.created_on,
                    "assessment_id": p.assessment_id,
                    "start": p.program.start,
                    "end": p.program.end(),
                    "weeks": p.program.weeks.len(),
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(ExitCode::SUCCESS);
    }
    if plans.is_empty() {
        println!("No plans yet: run `keel plan --new` (or `keel onboard`).");
        return Ok(ExitCode::SUCCESS);
    }
    let newest = plans.last().map(|p| p.version);
    for p in &plans {
        let end = p.program.end().map(|d| d.to_string()).unwrap_or_default();
        println!(
            "version {}  built {}  {} to {end}  {} weeks{}",
            p.version,
            p.created_on,
            p.program.start,
            p.program.weeks.len(),
            if Some(p.version) == newest {
                "  (current)"
            } else {
                ""
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}
