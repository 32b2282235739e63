//! `keel go`: the guided session, set by set. A get-ready countdown, the
//! hold timer with a bell (each side of a per-side hold), the cues, the
//! questions after each set with one-keypress defaults, the rest with the
//! paired mobility drill, and a summary with the next decisions.
//!
//! Every confirmed set is committed at once, one transaction per set, so
//! stopping early (q, end of input, Ctrl-C, a killed process) never loses a
//! confirmed set. Ctrl-C is left to the terminal's default (the process
//! ends): nothing unconfirmed is worth saving and nothing confirmed is lost.
//!
//! In a terminal (stdin and stdout both terminals) the screen is redrawn per
//! phase and the timers run; otherwise each phase is one line, timers are
//! skipped and the answers are read as lines (blank = default, end of input
//! = stop, everything confirmed is kept).

mod guide;
mod io;
mod questions;
mod timer;
mod view;

use std::process::ExitCode;
use std::time::Instant;

use jiff::civil::Date;
use keel_core::catalog::Catalog;
use keel_core::program::DayKind;
use keel_core::training::{LoggedSet, PlannedSession};
use keel_store::{SessionSummary, TrainingSession};

use self::guide::{End, Guide, Work};
use self::io::{BadAnswer, Closed, Io};
use crate::context::Ctx;
use crate::render::session as render;
use keel_app::journal::{self, Journal};
use keel_app::steps;
use keel_app::summary::{self as day_summary, SummaryMode};

/// Seconds of the get-ready countdown before each set, unless `--get-ready` says otherwise.
pub const DEFAULT_GET_READY_SECONDS: u16 = 5;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "In a terminal: Enter skips a countdown or a rest, q then Enter stops a \
hold early (logged as an early termination) or ends the session. Every set is saved as soon as \
you confirm it, so Ctrl-C or closing the terminal never loses a confirmed set.\n\nWhen stdin or \
stdout is not a terminal, timers are skipped and answers are read one per line: a blank line \
takes the default, end of input stops the session (confirmed sets are kept)."
)]
pub struct GoArgs {
    /// Do not wait on timers, even in a terminal (time the sets yourself)
    #[arg(long)]
    pub no_timer: bool,

    /// Seconds of the get-ready countdown before each set
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_GET_READY_SECONDS,
          value_parser = clap::value_parser!(u16).range(0..=120))]
    pub get_ready: u16,
}

impl Default for GoArgs {
    fn default() -> Self {
        GoArgs {
            no_timer: false,
            get_ready: DEFAULT_GET_READY_SECONDS,
        }
    }
}

pub fn run(ctx: &mut Ctx, args: GoArgs) -> anyhow::Result<ExitCode> {
    match guided(ctx, args) {
        Err(err) if err.downcast_ref::<BadAnswer>().is_some() => {
            eprintln!("error: {err}");
            eprintln!("The sets confirmed before it are saved; nothing else was changed.");
            Ok(ExitCode::from(2))
        }
        other => other,
    }
}

fn guided(ctx: &mut Ctx, args: GoArgs) -> anyhow::Result<ExitCode> {
    if let Some(halt) = keel_app::safety::halt(&ctx.store)? {
        crate::cmd::resume::show_halt(&halt, false)?;
        return Ok(ExitCode::from(2));
    }
    let journal = Journal::load(&ctx.store)?;
    let date = ctx.today;
    let catalog = Catalog::builtin();
    // As `keel log` and the web log against: the day as planned before its
    // sets, or on a day without training the missed session to make up.
    let Some(session) = journal.session_planned_on(date)? else {
        no_session(&journal, catalog, date);
        return Ok(ExitCode::SUCCESS);
    };
    let logged_today = journal.session_logged(date);
    let work = remaining(&session, logged_today, &journal);
    let to_do: usize = work.iter().map(|w| w.steps.len()).sum();
    let done_before = logged_today.map_or(0, |s| s.sets.len());
    if to_do == 0 {
        if done_before == 0 {
            println!("{date}: nothing to log today.");
        } else {
            println!(
                "Today's session ({date}) is already fully logged: {done_before} sets. See them \
                 with `keel history`."
            );
        }
        return Ok(ExitCode::SUCCESS);
    }

    let started = Instant::now();
    let clock = timer::SystemClock::new();
    let mut io = Io::stdio();
    let timers = io.terminal && !args.no_timer;
    let skipped_because = if io.terminal {
        "--no-timer"
    } else {
        "not a terminal"
    };
    intro(&mut io, &session, catalog);
    if let Some(notice) = keel_app::wording::makeup(&session, &journal.plan.program) {
        io.say(&notice);
    }
    if done_before > 0 {
        io.say(&format!(
            "\nYou already logged {done_before} set{} today; {to_do} remain. Continuing where \
             you stopped.",
            if done_before == 1 { "" } else { "s" }
        ));
        if io.terminal
            && !matches!(
                io.yes_no("Continue with the remaining sets?", true)?,
                Ok(true)
            )
        {
            return Ok(ExitCode::SUCCESS);
        }
    }
    if io.terminal {
        io.show("\nPress Enter to start the main block (q then Enter to stop): ");
        match io.line() {
            Ok(line) if line.trim().eq_ignore_ascii_case("q") => return Ok(ExitCode::SUCCESS),
            Ok(_) => {}
            Err(Closed) => return Ok(ExitCode::SUCCESS),
        }
    }

    let mut guide = Guide {
        io,
        clock: &clock,
        timers,
        skipped_because,
        get_ready: u32::from(args.get_ready),
        catalog,
        breathing: session.breathing_cue.clone(),
        settings: journal.settings.clone(),
        date,
        logged: Vec::new(),
        journal: None,
    };
    let end = guide.run(ctx, &work)?;
    let mut io = guide.io;
    let logged = guide.logged;
    let mut latest = guide.journal;
    match end {
        End::Halted => return Ok(ExitCode::SUCCESS),
        End::Closed => {
            io.say("\nInput ended: the session stops here. Every set you confirmed is saved.");
        }
        End::Quit => io.say("\nSession ended early. Every set you confirmed is saved."),
        End::Done => {
            if !session.cooldown.is_empty() {
                io.say(&format!("\nCool-down: {}", drills(catalog, &session)));
            }
        }
    }
    if end != End::Closed && !logged.is_empty() {
        let default_minutes = if io.terminal {
            let minutes = (started.elapsed().as_secs() + 30) / 60;
            u16::try_from(minutes.max(1)).unwrap_or(u16::MAX)
        } else {
            session.estimated_minutes.max(1)
        };
        io.say("");
        if let Ok((minutes, session_rpe)) = questions::ask_summary(&mut io, default_minutes)? {
            let summary = SessionSummary {
                minutes: Some(minutes),
                session_rpe,
                note: None,
            };
            // A day's earlier summary is replaced only when the person says
            // so; a further session that day is kept beside it.
            let before = Journal::load(&ctx.store)?;
            let mode = match day_summary::conflict(&before, date, &summary, None) {
                None => Some(None),
                Some(earlier) => {
                    if let Some(text) = earlier.describe(date) {
                        io.say(&text);
                    }
                    let further = "Is this a further session today (both are kept, their \
                                   loads add up)?";
                    if session_rpe.is_some() && io.yes_no(further, false)? == Ok(true) {
                        Some(Some(SummaryMode::Add))
                    } else {
                        let question = "Replace the earlier session summary with this one?";
                        (io.yes_no(question, false)? == Ok(true))
                            .then_some(Some(SummaryMode::Replace))
                    }
                }
            };
            let replace = mode.is_some();
            let writes = match mode {
                Some(mode) => day_summary::writes(&before, date, summary, mode)?.ok(),
                None => None,
            };
            if let Some(writes) = writes {
                let journal = journal::commit(&mut ctx.store, writes)?;
                if mode == Some(Some(SummaryMode::Add))
                    && let Some(text) = day_summary::day_sessions(&journal, date)
                {
                    io.say(&format!("{text}."));
                }
                latest = Some(journal);
            } else {
                io.say("The earlier session summary is kept.");
            }
            if replace && session_rpe.is_none() {
                io.say(
                    "Session effort skipped: log it about 30 minutes from now with \
                     `keel log --session-rpe R`.",
                );
            }
        }
    }
    let journal = match latest {
        Some(j) => j,
        None => Journal::load(&ctx.store)?,
    };
    summary(&mut io, catalog, &logged, &work, &journal);
    Ok(ExitCode::SUCCESS)
}

/// The sets still to do today. Sets already logged for a slot count (the
/// session resumes where it stopped, at the prescription it was logged
/// with); a slot stopped for pain today stays stopped.
fn remaining(
    session: &PlannedSession,
    logged: Option<&TrainingSession>,
    journal: &Journal,
) -> Vec<Work> {
    steps::today(session, logged, &journal.settings)
        .into_iter()
        .map(|t| Work {
            steps: t.remaining().to_vec(),
            slot: t.slot,
        })
        .collect()
}

fn drills(catalog: &Catalog, session: &PlannedSession) -> String {
    session
        .cooldown
        .iter()
        .map(|d| {
            format!(
                "{} ({})",
                view::name(catalog, &d.exercise),
                render::amount(&d.prescription)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn intro(io: &mut Io, session: &PlannedSession, catalog: &Catalog) {
    if io.terminal {
        io.show(view::CLEAR);
    }
    io.say(&format!(
        "{} {}: week {} of {} ({}{})",
        session.date,
        session.day.label(),
        session.week,
        session.weeks,
        session.phase.label(),
        if session.deload { ", deload week" } else { "" }
    ));
    for adjustment in &session.adjustments {
        io.say(&format!("Today: {adjustment}"));
    }
    if !session.warmup.is_empty() {
        let warmup: Vec<String> = session
            .warmup
            .iter()
            .map(|d| {
                format!(
                    "{} ({})",
                    view::name(catalog, &d.exercise),
                    render::amount(&d.prescription)
                )
            })
            .collect();
        io.say(&format!("Warm-up first: {}", warmup.join(", ")));
    }
    io.say(&format!("Breathing: {}", session.breathing_cue));
}

/// Rest days, days outside the plan: say so and point to the next session.
fn no_session(journal: &Journal, catalog: &Catalog, date: Date) {
    let program = &journal.plan.program;
    match program.day(date) {
        Some((_, day)) if day.kind == DayKind::Rest => {
            println!("{date} is a rest day: recovery is part of the plan.");
        }
        Some(_) => println!("{date}: no session planned."),
        None if date < program.start => println!("Your plan starts on {}.", program.start),
        None => {
            println!(
                "Your plan has ended. Retest with `keel assess`, then build the next plan with \
                 `keel plan --new`."
            );
            return;
        }
    }
    if let Some((_, next)) = program.next_training_day(date) {
        println!("\nNext session: {}", render::day_header(next));
        if let Some(s) = &next.session {
            print!("{}", render::short(catalog, s));
        }
    }
}

/// What was logged this run, and each slot's next decision with its reasons.
fn summary(io: &mut Io, catalog: &Catalog, logged: &[LoggedSet], work: &[Work], journal: &Journal) {
    if logged.is_empty() {
        io.say("No sets were logged.");
        return;
    }
    let plural = if logged.len() == 1 { "" } else { "s" };
    io.say(&format!("\nLogged {} set{plural}:", logged.len()));
    for item in work {
        let sets: Vec<String> = logged
            .iter()
            .filter(|l| l.slot == item.slot.key)
            .map(guide::describe)
            .collect();
        if sets.is_empty() {
            continue;
        }
        io.say(&format!("  {}:", view::name(catalog, &item.slot.exercise)));
        for (i, set) in sets.iter().enumerate() {
            io.say(&format!("    {}. {set}", i + 1));
        }
    }
    io.say("\nNext time:");
    for item in work {
        if !logged.iter().any(|l| l.slot == item.slot.key) {
            continue;
        }
        let Some(state) = journal.replay.state_of(&item.slot.key, catalog) else {
            continue;
        };
        let decision = &state.last.decision;
        io.say(&format!(
            "  {}: {} -> {} ({})",
            view::name(catalog, &decision.exercise),
            decision.action.label(),
            render::amount(&state.next),
            render::load(&state.next, journal.profile.units)
        ));
        for reason in &decision.reasons {
            io.say(&format!("      {reason}"));
        }
    }
}
