//! `keel log`: sets and the session summary by flags, for scripts and for
//! people who trained without the guide. Everything is validated before
//! anything is written; the write goes through [`journal::commit`], so the
//! decisions that depend on it are re-run, and the slot's new decision is shown.

use std::io::IsTerminal as _;
use std::process::ExitCode;

use jiff::civil::Date;
use keel_core::assessment::Side;
use keel_core::catalog::{Catalog, ExerciseId};
use keel_core::engine::FormFault;
use keel_core::measure::{Pain, Rpe};
use keel_core::program::Load;
use keel_core::redflag::{CLINICIAN_MESSAGE, Screen};
use keel_core::training::{LoggedSet, PlannedSession, SessionSlot};
use keel_core::units::Units;
use keel_store::{SessionSummary, StoredSet};

use crate::context::{Ctx, parse_date};
use crate::error::invalid;
use crate::prompt::Prompter;
use crate::render::{decision as render_decision, history as render_history};
use crate::screen::{self, ScreenFlags};
use keel_app::journal::{self, Journal};
use keel_app::record::{self, SetAnswers, SideAnswers};
use keel_app::steps;
use keel_app::summary::{self as day_summary, SummaryMode};

/// Most sets one `keel log` call records; more is a typo, not a session.
const MAX_SETS_PER_LOG: i64 = 20;

#[derive(Debug, Default, clap::Args)]
#[command(after_help = "\
How many sets: with no --actual and no --sets, the whole prescription is logged as done \
(every set at its target), the extra set on the weaker side included. One --actual value \
applies to every set (`--actual 25` logs the prescription's sets at 25); several log one set \
each (`--actual 30,30,25` logs three sets); --sets N sets the count (`--sets 1` logs a single \
set).

Per-side exercises: --left and --right give each side's result (`keel log side-bridge --left 20 \
--right 30`), one value for every set or one per set; a side not given takes --actual. The \
extra set on the weaker side records that side only (the other side's value is not used).

Per-set values (--load, --rpe, --quality-reps, --fault, --pain, --sharp-pain, --note) apply to \
every set this command logs; log sets one at a time (`--sets 1`) when they differ. Sets need an \
RPE to count towards progression.

Load: a number in your unit (kg or lb, `keel profile --units`), a number with its unit \
(16kg, 35 lb), or `bw` for bodyweight. By default the prescription's load; for a prescription \
that says \"choose a load\", give --load so the next session knows what you used (without it \
the set records no load, as a blank load on the web does).

Any pain (--pain above 0, or --sharp-pain) asks the red-flag screen: interactively on a \
terminal, or by --no-red-flags / --red-flag FLAG in scripts. A yes halts the program.

Without an exercise, `keel log --session-rpe 6 --minutes 40` records only the session summary \
(then --note is the session's note).")]
pub struct LogArgs {
    /// The exercise: an id (prone-plank) or a name ("Prone plank"); omit it to log only the session summary
    pub exercise: Option<String>,

    /// How many sets to log [default: the prescription's sets, or one per --actual value]
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub sets: Option<i64>,

    /// What each set got, in the prescription's unit (seconds, reps or metres); one value, or one per set [default: the target]
    #[arg(
        long,
        value_name = "V[,V...]",
        value_delimiter = ',',
        allow_negative_numbers = true
    )]
    pub actual: Vec<i64>,

    /// A per-side exercise: what the left side got, in the prescription's unit; one value, or one per set [default: --actual]
    #[arg(
        long,
        value_name = "V[,V...]",
        value_delimiter = ',',
        allow_negative_numbers = true
    )]
    pub left: Vec<i64>,

    /// A per-side exercise: what the right side got; one value, or one per set [default: --actual]
    #[arg(
        long,
        value_name = "V[,V...]",
        value_delimiter = ',',
        allow_negative_numbers = true
    )]
    pub right: Vec<i64>,

    /// Load used, in your unit (kg or lb; 16kg and 35 lb say theirs), or `bw` for bodyweight [default: the prescription's load]
    #[arg(long, value_name = "LOAD|bw", allow_negative_numbers = true)]
    pub load: Option<String>,

    /// Effort of each set, 0 (rest) to 10 (maximal)
    #[arg(long, value_name = "0-10", allow_negative_numbers = true)]
    pub rpe: Option<i64>,

    /// Reps done without a fault, for rep sets
    #[arg(long, value_name = "Q", allow_negative_numbers = true)]
    pub quality_reps: Option<i64>,

    /// A form fault seen (repeatable): pelvis-shift, rib-flare, breathing-compromised,
    /// lumbar-rounding, early-termination
    #[arg(long, value_name = "FAULT")]
    pub fault: Vec<String>,

    /// Pain during the set, 0-10
    #[arg(long, value_name = "0-10", allow_negative_numbers = true)]
    pub pain: Option<i64>,

    /// Sharp pain: the exercise stops now and is regressed next time
    #[arg(long)]
    pub sharp_pain: bool,

    /// A note on the sets (on the session when no exercise is given)
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// Session RPE, 0-10, asked about 30 minutes after the session
    #[arg(long, value_name = "0-10", allow_negative_numbers = true)]
    pub session_rpe: Option<i64>,

    /// Session length in minutes
    #[arg(long, value_name = "M", allow_negative_numbers = true)]
    pub minutes: Option<i64>,

    /// When the day already has a session summary (minutes or session RPE):
    /// record this one in its place. Without it or --add, a terminal asks; a
    /// script is refused (exit 2) and nothing is written
    #[arg(long, conflicts_with = "add")]
    pub replace: bool,

    /// A further session on a day that already has one (a second walk, an
    /// evening session): both are kept and their loads (RPE x minutes) add up.
    /// Needs --minutes and --session-rpe
    #[arg(long)]
    pub add: bool,

    /// The training day to log against, YYYY-MM-DD [default: today]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub day: Option<String>,

    #[command(flatten)]
    pub screen: ScreenFlags,

    /// Print what was logged and the decision as JSON
    #[arg(long)]
    pub json: bool,
}

impl LogArgs {
    fn set_flags_given(&self) -> bool {
        self.sets.is_some()
            || !self.actual.is_empty()
            || !self.left.is_empty()
            || !self.right.is_empty()
            || self.load.is_some()
            || self.rpe.is_some()
            || self.quality_reps.is_some()
            || !self.fault.is_empty()
            || self.pain.is_some()
            || self.sharp_pain
    }
}

pub fn run(ctx: &mut Ctx, args: LogArgs) -> anyhow::Result<ExitCode> {
    let day = log_day(ctx, args.day.as_deref())?;
    let summary = summary(&args)?;
    if args.exercise.is_none() {
        if args.set_flags_given() {
            return Err(invalid(
                "set values (--sets, --actual, --load, --rpe, --fault, --pain...) need an \
                 exercise: `keel log EXERCISE ...`",
            ));
        }
        if summary.is_none() {
            return Err(invalid(
                "nothing to log: name an exercise, or give --session-rpe and --minutes",
            ));
        }
    }
    let journal = Journal::load(&ctx.store)?;
    let mut summary_writes = Vec::new();
    let mut added = false;
    if let Some(new) = summary {
        let Some(mode) = summary_mode(&journal, day, &new, &args)? else {
            println!("Nothing logged: the earlier session summary is kept.");
            return Ok(ExitCode::SUCCESS);
        };
        added = mode == Some(SummaryMode::Add);
        summary_writes = match day_summary::writes(&journal, day, new, mode)? {
            Ok(writes) => writes,
            // The mode was settled above: a conflict cannot come back.
            Err(earlier) => {
                let message = earlier.refusal(day, ADD_OR_REPLACE).unwrap_or_default();
                return Err(invalid(format!("--replace: {message}")));
            }
        };
    }
    let mut writes = Vec::new();
    let mut logged: Option<(SessionSlot, usize, bool)> = None;
    if let Some(text) = &args.exercise {
        refuse_when_halted(ctx)?;
        let planned = journal.session_planned_on(day)?.ok_or_else(|| {
            invalid(format!(
                "--day: your plan has no session on {day} (a rest day, or outside the plan's \
                 dates); nothing to log against"
            ))
        })?;
        let slot = find_slot(&planned, text)?;
        let today = steps::today(&planned, journal.session_logged(day), &journal.settings)
            .into_iter()
            .find(|t| t.slot.key == slot.key);
        let sets = build_sets(&args, &slot, today.as_ref(), day, journal.profile.units)?;
        let count = sets.len();
        let screen = answer_screen(&args.screen, record::needs_screen(&sets), day)?;
        let halts = screen.as_ref().is_some_and(|(_, s)| !s.is_clear());
        writes.extend(record::writes(sets, screen));
        logged = Some((slot, count, halts));
    }
    let summarized = !summary_writes.is_empty();
    writes.extend(summary_writes);
    let journal = journal::commit(&mut ctx.store, writes)?;
    let catalog = Catalog::builtin();

    let session = journal.session_logged(day);
    let (sets, decision) = match &logged {
        Some((slot, count, _)) => {
            let sets: Vec<&StoredSet> = session
                .map(|s| {
                    s.sets
                        .iter()
                        .filter(|set| set.logged.slot == slot.key)
                        .collect()
                })
                .unwrap_or_default();
            let new = sets[sets.len().saturating_sub(*count)..].to_vec();
            let decision = journal
                .replay
                .decisions
                .iter()
                .rev()
                .find(|d| d.slot == slot.key);
            (new, decision)
        }
        None => (Vec::new(), None),
    };
    let halted = logged.as_ref().is_some_and(|(_, _, h)| *h);
    if args.json {
        let value = serde_json::json!({
            "date": day,
            "sets": sets,
            "decision": decision,
            "session": session.map(|s| serde_json::json!({
                "minutes": s.minutes,
                "session_rpe": s.session_rpe,
                "note": s.note,
                "more_sessions": s.more,
                "load": s.load(),
            })),
            "halted": halted,
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(ExitCode::SUCCESS);
    }
    if let Some((slot, _, _)) = &logged {
        println!(
            "Logged {} set{} of {} on {day}:",
            sets.len(),
            if sets.len() == 1 { "" } else { "s" },
            render_decision::name(catalog, &slot.exercise)
        );
        for set in &sets {
            println!(
                "  {}",
                render_history::set_line(catalog, set, journal.profile.units)
            );
        }
    }
    if halted {
        println!("\n{CLINICIAN_MESSAGE}");
        println!(
            "\nYour answers were recorded and your program is paused. When a clinician has \
             cleared you, run `keel resume --confirm`."
        );
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(d) = decision {
        println!();
        print!(
            "{}",
            render_decision::block(catalog, "Next decision: ", d, journal.profile.units)
        );
    }
    if summarized && let Some(s) = session {
        let mut parts = Vec::new();
        if let Some(m) = s.minutes {
            parts.push(format!("{m} min"));
        }
        if let Some(rpe) = s.session_rpe {
            parts.push(format!("session RPE {rpe}"));
        }
        if let Some(note) = &s.note {
            parts.push(format!("note: {note}"));
        }
        println!("Session of {day}: {}.", parts.join(", "));
        if added && let Some(text) = day_summary::day_sessions(&journal, day) {
            println!("{text}.");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `--day`, or today; never a day after today.
pub(crate) fn log_day(ctx: &Ctx, text: Option<&str>) -> anyhow::Result<Date> {
    let day = match text {
        Some(text) => parse_date(text, "--day")?,
        None => ctx.today,
    };
    if day > ctx.today {
        return Err(invalid(format!(
            "--day: {day} is after today ({}); a log for a future date cannot be recorded",
            ctx.today
        )));
    }
    Ok(day)
}

/// How a refusal names the two ways on.
const ADD_OR_REPLACE: &str =
    "pass --replace; to add it as a further session (the loads add up), pass --add";

/// How the new summary is written: `Some(mode)` to go on (`Some(None)` when
/// the day has none it would overwrite, or the flag given), `None` when the
/// person at the terminal keeps the earlier one. A terminal is asked whether
/// this is a further session, then whether to replace; without a terminal,
/// refused (exit 2) naming --add and --replace.
fn summary_mode(
    journal: &Journal,
    day: Date,
    new: &SessionSummary,
    args: &LogArgs,
) -> anyhow::Result<Option<Option<SummaryMode>>> {
    if args.add {
        return Ok(Some(Some(SummaryMode::Add)));
    }
    if args.replace {
        return Ok(Some(Some(SummaryMode::Replace)));
    }
    let Some(earlier) = day_summary::conflict(journal, day, new, None) else {
        return Ok(Some(None));
    };
    if !std::io::stdin().is_terminal() {
        let message = earlier.refusal(day, ADD_OR_REPLACE).unwrap_or_default();
        return Err(invalid(format!("--replace: {message}")));
    }
    let mut prompter = Prompter::stdin();
    if let Some(text) = earlier.describe(day) {
        prompter.say(&text);
    }
    let further = new.minutes.is_some() && new.session_rpe.is_some();
    if further
        && prompter.yes_no(
            "Is this a further session today (both are kept, their loads add up)?",
            false,
        )?
    {
        return Ok(Some(Some(SummaryMode::Add)));
    }
    if prompter.yes_no("Replace the earlier session summary with this one?", false)? {
        return Ok(Some(Some(SummaryMode::Replace)));
    }
    Ok(None)
}

/// The session summary from the flags; `None` when none was given. Without an
/// exercise, --note belongs to the session.
fn summary(args: &LogArgs) -> anyhow::Result<Option<SessionSummary>> {
    let session_rpe = args
        .session_rpe
        .map(|v| Rpe::new(v).map_err(|e| e.in_field("--session-rpe")))
        .transpose()?;
    let minutes = args
        .minutes
        .map(|m| day_summary::minutes(m).map_err(|e| e.in_field("--minutes")))
        .transpose()?;
    let note = if args.exercise.is_none() {
        record::note(args.note.clone()).map_err(|e| e.in_field("--note"))?
    } else {
        None
    };
    if session_rpe.is_none() && minutes.is_none() && note.is_none() {
        return Ok(None);
    }
    Ok(Some(SessionSummary {
        minutes,
        session_rpe,
        note,
    }))
}

/// Training sets cannot be logged while a red flag halts the program.
pub(crate) fn refuse_when_halted(ctx: &Ctx) -> anyhow::Result<()> {
    if let Some(halt) = keel_app::safety::halt(&ctx.store)? {
        return Err(invalid(format!(
            "{}\n\n{} Training sets cannot be logged. {} Check-ins and `keel history` still work.",
            halt.message,
            halt.paused_line(),
            halt.resume
        )));
    }
    Ok(())
}

/// An exercise id from an id, name or alias.
pub(crate) fn resolve_exercise(text: &str) -> anyhow::Result<ExerciseId> {
    let catalog = Catalog::builtin();
    if let Some(found) = catalog.find_by_name(text) {
        return Ok(found.id.clone());
    }
    let found = catalog
        .lookup(text.trim())
        .map_err(|e| e.in_field("exercise"))?;
    Ok(found.id.clone())
}

/// The slot of the day's session that `text` names: by its current exercise,
/// or by the exercise the program planned for it.
fn find_slot(planned: &PlannedSession, text: &str) -> anyhow::Result<SessionSlot> {
    let id = resolve_exercise(text)?;
    let slots: Vec<&SessionSlot> = planned
        .slots
        .iter()
        .chain(planned.transfer.iter())
        .collect();
    let found = slots
        .iter()
        .find(|s| s.exercise == id)
        .or_else(|| slots.iter().find(|s| s.key.planned == id));
    if let Some(slot) = found {
        return Ok((*slot).clone());
    }
    let catalog = Catalog::builtin();
    let names: Vec<String> = slots
        .iter()
        .map(|s| {
            format!(
                "{} ({})",
                render_decision::name(catalog, &s.exercise),
                s.exercise
            )
        })
        .collect();
    Err(invalid(format!(
        "exercise: {} is not in the session of {}; that session has: {}",
        render_decision::name(catalog, &id),
        planned.date,
        if names.is_empty() {
            "no exercises".to_string()
        } else {
            names.join(", ")
        }
    )))
}

/// `--load`: the one load parser's spellings (16, 16kg, 35 lb, bw); a bare
/// number is in the athlete's unit.
pub(crate) fn parse_load(text: &str, units: Units) -> anyhow::Result<Load> {
    Ok(Load::parse_in(text, units).map_err(|e| e.in_field("--load"))?)
}

pub(crate) fn parse_rpe(value: i64) -> anyhow::Result<Rpe> {
    Ok(Rpe::new(value).map_err(|e| e.in_field("--rpe"))?)
}

pub(crate) fn parse_pain(value: i64) -> anyhow::Result<Pain> {
    Ok(Pain::new(value).map_err(|e| e.in_field("--pain"))?)
}

pub(crate) fn parse_faults(texts: &[String]) -> anyhow::Result<Vec<FormFault>> {
    let mut faults = texts
        .iter()
        .map(|t| FormFault::parse(t).map_err(|e| e.in_field("--fault")))
        .collect::<Result<Vec<_>, _>>()?;
    faults.sort();
    faults.dedup();
    Ok(faults)
}

/// `--quality-reps`: a whole number; that the set takes it is
/// [`record::logged_step`]'s rule, as for every front end.
pub(crate) fn parse_quality(value: i64) -> anyhow::Result<u8> {
    record::quality_reps(value).map_err(as_flag)
}

/// A whole number for `--actual`, 0 or more (the unit's range is checked later).
pub(crate) fn parse_actual(value: i64) -> anyhow::Result<u32> {
    u32::try_from(value).map_err(|_| invalid(format!("--actual: must be 0 or more, got {value}")))
}

/// Renames a record-level field ("actual") to its flag ("--actual").
pub(crate) fn as_flag(err: keel_core::InputError) -> anyhow::Error {
    let flag = format!("--{}", err.field);
    err.in_field(flag).into()
}

/// A keel-app error with its field named as the flag that gave it.
pub(crate) fn app_error_as_flag(err: keel_app::Error) -> anyhow::Error {
    match err {
        keel_app::Error::Invalid(input) => as_flag(input),
        other => other.into(),
    }
}

/// One value per set from a flag that takes one value or one per set.
fn per_set(flag: &str, values: &[i64], count: usize) -> anyhow::Result<Vec<Option<u32>>> {
    match values {
        [] => Ok(vec![None; count]),
        [one] => Ok(vec![Some(parse_side(flag, *one)?); count]),
        many if many.len() == count => many
            .iter()
            .map(|v| parse_side(flag, *v).map(Some))
            .collect(),
        many => Err(invalid(format!(
            "{flag}: {count} sets, but {flag} gives {} values; give one value, or one per set",
            many.len()
        ))),
    }
}

/// A whole number for `--left` or `--right`, 0 or more.
fn parse_side(flag: &str, value: i64) -> anyhow::Result<u32> {
    u32::try_from(value).map_err(|_| invalid(format!("{flag}: must be 0 or more, got {value}")))
}

/// The sets the flags describe, each checked against the slot; `today` is
/// the slot's sets so far today, whose next steps these sets are.
fn build_sets(
    args: &LogArgs,
    slot: &SessionSlot,
    today: Option<&steps::SlotToday>,
    day: Date,
    units: Units,
) -> anyhow::Result<Vec<LoggedSet>> {
    let count = match args.sets {
        Some(n) if !(1..=MAX_SETS_PER_LOG).contains(&n) => {
            return Err(invalid(format!(
                "--sets: must be between 1 and {MAX_SETS_PER_LOG}, got {n}"
            )));
        }
        Some(n) => usize::try_from(n).unwrap_or(1),
        None if args.actual.len() > 1 => args.actual.len(),
        None if args.left.len() > 1 => args.left.len(),
        None if args.right.len() > 1 => args.right.len(),
        // Every step, the extra set on the weaker side included.
        None => steps::steps(&slot.prescription).len().max(1),
    };
    // The API's limit too: no more sets than the prescription has left.
    let steps_now: Vec<steps::Step> = match today {
        Some(today) => {
            today
                .check_room_for(count)
                .map_err(|e| e.in_field("--sets"))?;
            today.remaining().iter().take(count).copied().collect()
        }
        None => steps::steps(&slot.prescription),
    };
    let lefts = per_set("--left", &args.left, count)?;
    let rights = per_set("--right", &args.right, count)?;
    if args.actual.len() > 1 && args.actual.len() != count {
        return Err(invalid(format!(
            "--sets: {count} sets, but --actual gives {} values; give one value, or one per set",
            args.actual.len()
        )));
    }
    let actuals: Vec<u32> = match args.actual.as_slice() {
        [] => vec![record::default_actual(&slot.prescription); count],
        [one] => vec![parse_actual(*one)?; count],
        many => many
            .iter()
            .map(|v| parse_actual(*v))
            .collect::<anyhow::Result<_>>()?,
    };
    // Without --load, the prescription's load, as a blank load on the web
    // and the API's absent `load` mean: a "choose a load" prescription then
    // records no load, and the next session asks again.
    let load = match &args.load {
        Some(text) => parse_load(text, units)?,
        None => slot.prescription.load(),
    };
    let answers = SetAnswers {
        actual: 0,
        load,
        rpe: args.rpe.map(parse_rpe).transpose()?,
        quality_reps: args.quality_reps.map(parse_quality).transpose()?,
        faults: parse_faults(&args.fault)?,
        pain: args
            .pain
            .map(parse_pain)
            .transpose()?
            .unwrap_or(Pain::saturating(0)),
        sharp_pain: args.sharp_pain,
        note: args.note.clone(),
        sides: SideAnswers::default(),
    };
    let bilateral = steps::Step {
        number: 1,
        of: 1,
        sides: if steps::per_side(&slot.prescription) {
            steps::Sides::Both
        } else {
            steps::Sides::One
        },
    };
    actuals
        .into_iter()
        .enumerate()
        .map(|(i, actual)| {
            let step = steps_now.get(i).copied().unwrap_or(bilateral);
            let mut sides = SideAnswers {
                left: lefts.get(i).copied().flatten(),
                right: rights.get(i).copied().flatten(),
            };
            // The flags give each side's result; the extra set has one side.
            match step.sides {
                steps::Sides::Only(Side::Left) => sides.right = None,
                steps::Sides::Only(Side::Right) => sides.left = None,
                _ => {}
            }
            record::logged_step(
                slot,
                day,
                step,
                SetAnswers {
                    actual,
                    sides,
                    note: step.note_with(answers.note.clone()),
                    ..answers.clone()
                },
            )
            .map_err(as_flag)
        })
        .collect()
}

/// The red-flag screen for a pain entry: by flags, interactively on a
/// terminal, or an error asking for the flags. A "yes" given by flags is
/// recorded even without pain.
pub(crate) fn answer_screen(
    flags: &ScreenFlags,
    pain_logged: bool,
    day: Date,
) -> anyhow::Result<Option<(Date, Screen)>> {
    if !flags.red_flag.is_empty() {
        return Ok(Some((day, flags.screen()?)));
    }
    if !pain_logged {
        return Ok(None);
    }
    if flags.any() {
        return Ok(Some((day, flags.screen()?)));
    }
    if std::io::stdin().is_terminal() {
        return Ok(Some((day, screen::ask(&mut Prompter::stdin())?)));
    }
    Err(invalid(
        "pain was logged, so the red-flag screen must be answered: pass --no-red-flags, or \
         --red-flag FLAG for each yes",
    ))
}
