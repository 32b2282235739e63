//! `keel today` (and bare `keel`): the day's session as the training loop
//! left it (current exercises and prescriptions, why they changed, readiness
//! adjustments, what is already logged), or on a rest day the next one.
//! Starts onboarding on first run.

use std::process::ExitCode;

use keel_app::standing::{Standing, standing};
use keel_core::catalog::Catalog;
use keel_core::program::{Day, DayKind, Program, Week};
use keel_store::{StoredSet, TrainingSession};

use crate::cmd::onboard::{self, OnboardArgs};
use crate::cmd::resume::show_halt;
use crate::context::Ctx;
use crate::error::invalid;
use crate::render::session as render;

#[derive(Debug, Default, clap::Args)]
#[command(
    after_help = "On a red-flag halt this prints the clinician message (with --json, an \
object {\"halted\": ...}) and exits with code 1; `keel resume --confirm` records your decision \
to continue."
)]
pub struct TodayArgs {
    /// Print the day (and on rest days the next session) as JSON
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &mut Ctx, args: TodayArgs) -> anyhow::Result<ExitCode> {
    let journal = match standing(&ctx.store)? {
        Standing::NoProfile => return onboard::run(ctx, OnboardArgs::default()),
        Standing::Halted(halt) => {
            show_halt(&halt, args.json)?;
            return Ok(ExitCode::from(1));
        }
        Standing::NoPlan => {
            return Err(invalid(
                "no plan yet: run `keel plan --new` (or `keel onboard`)",
            ));
        }
        Standing::Ready(journal) => journal,
    };
    let stored = &journal.plan;
    let program = &stored.program;
    let today = ctx.today;
    let Some((week, day)) = program.day(today) else {
        return outside(program, today, args.json);
    };
    let retest_due = keel_app::enrol::retest_due(&ctx.store, today)?;
    // The day as planned before anything was logged on it, so that logged
    // sets show against the prescription they were done to.
    let planned = journal.session_planned_on(today)?;
    let logged = journal.session_logged(today);
    let done: &[StoredSet] = logged.map(|s| s.sets.as_slice()).unwrap_or_default();
    let next = if day.kind.is_training() {
        None
    } else {
        program.next_training_day(today)
    };
    let next_planned = next.and_then(|(_, d)| journal.session_on(d.date));
    if args.json {
        let value = serde_json::json!({
            "date": today,
            "plan_version": stored.version,
            "week": week_json(week, program),
            "day": day,
            "session": planned,
            "logged": logged,
            "retest_due": retest_due,
            "next_session": next.map(|(w, d)| serde_json::json!({
                "week": week_json(w, program),
                "day": d,
                "session": next_planned,
            })),
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(ExitCode::SUCCESS);
    }
    let catalog = Catalog::builtin();
    println!("{}", render::day_header(day));
    println!("{}", render::week_header(week, program.weeks.len()));
    if let Some(due) = &retest_due {
        println!(
            "{} Retest with `keel assess`, then build the next plan with `keel plan --new`.",
            due.message
        );
    }
    match (&planned, day.kind) {
        (Some(planned), _) if planned.makes_up.is_some() => {
            if let Some(notice) = keel_app::wording::makeup(planned, program) {
                println!("{notice}");
            }
            for adjustment in &planned.adjustments {
                println!("{adjustment}");
            }
            println!();
            // Compared with the missed day's program session.
            let missed = planned
                .makes_up
                .and_then(|d| program.day(d))
                .and_then(|(_, d)| d.session.as_ref());
            print!(
                "{}",
                render::planned_full(catalog, planned, missed, done, journal.profile.units)
            );
        }
        (Some(planned), DayKind::A | DayKind::B | DayKind::Light) => {
            for adjustment in &planned.adjustments {
                println!("{adjustment}");
            }
            if planned.light_instead {
                println!(
                    "Today is the light activation session instead of the planned {} day.",
                    day.kind.label()
                );
            } else if day.kind == DayKind::Light {
                println!(
                    "Optional: a short session to move and wake the trunk up. Skipping it is fine."
                );
            }
            println!();
            print!(
                "{}",
                render::planned_full(
                    catalog,
                    planned,
                    day.session.as_ref(),
                    done,
                    journal.profile.units,
                )
            );
        }
        _ => println!("\nRest day: recovery is part of the plan."),
    }
    if let Some(session) = logged {
        print_logged_summary(session);
    }
    if let Some((_, next_day)) = next {
        println!("\nNext session: {}", render::day_header(next_day));
        match (&next_planned, &next_day.session) {
            (Some(p), _) => print!("{}", render::planned_short(catalog, p)),
            (None, Some(session)) => print!("{}", render::short(catalog, session)),
            (None, None) => {}
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The after-session answers already logged today.
fn print_logged_summary(session: &TrainingSession) {
    let mut parts = Vec::new();
    if let Some(m) = session.minutes {
        parts.push(format!("{m} min"));
    }
    if let Some(rpe) = session.session_rpe {
        parts.push(format!("session RPE {rpe}"));
    }
    if !parts.is_empty() {
        println!("\nLogged today: {}.", parts.join(", "));
    }
}

fn week_json(week: &Week, program: &Program) -> serde_json::Value {
    serde_json::json!({
        "number": week.number,
        "of": program.weeks.len(),
        "phase": week.phase,
        "phase_label": week.phase.label(),
        "week_in_block": week.week_in_block,
        "deload": week.deload,
    })
}

fn print_next(catalog: &Catalog, day: &Day) {
    println!("\nNext session: {}", render::day_header(day));
    if let Some(session) = &day.session {
        print!("{}", render::short(catalog, session));
    }
}

/// Before the plan starts or after it ends.
fn outside(program: &Program, today: jiff::civil::Date, json: bool) -> anyhow::Result<ExitCode> {
    let before = today < program.start;
    let message = if before {
        format!("Your plan starts on {}.", program.start)
    } else {
        let end = program.end().map(|d| d.to_string()).unwrap_or_default();
        format!(
            "Your plan finished on {end}. Retest with `keel assess`, then build the next plan \
             with `keel plan --new`."
        )
    };
    let next = if before {
        program.next_training_day(today)
    } else {
        None
    };
    if json {
        let value = serde_json::json!({
            "date": today,
            "in_plan": false,
            "message": message,
            "next_session": next.map(|(_, d)| d),
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("{message}");
    if let Some((_, day)) = next {
        print_next(Catalog::builtin(), day);
    }
    Ok(ExitCode::SUCCESS)
}
