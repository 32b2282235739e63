//! `keel checkin`: readiness before a session (Hooper items, 1 best to 7
//! worst) or the next-morning response. Stored through [`journal::commit`]
//! (mornings feed the decisions), then the resulting adjustment is shown.

use std::process::ExitCode;

use keel_core::InputError;
use keel_core::engine::{
    MorningAdjustment, MorningCheck, ReadinessCheck, SessionAdjustment, morning_response,
    readiness_adjustment,
};
use keel_core::measure::{Pain, Readiness};
use keel_store::{CheckIn, Write};

use crate::cmd::log::log_day;
use crate::context::Ctx;
use crate::error::invalid;
use crate::prompt::Prompter;
use keel_app::journal::{self, Journal};

#[derive(Debug, Default, clap::Args)]
#[command(after_help = "\
Readiness (before a session): --sleep, --fatigue, --stress and --soreness, each 1-7 as in the \
Hooper index: 1 = very, very good (slept very well, no fatigue, no stress, no soreness), \
7 = very, very bad. Poor readiness cuts the session's volume or swaps it for the light session.

Next morning (--morning): is back pain back to your usual level, is stiffness back to usual \
(yes/no), and muscle soreness 0-10. Not back to usual reduces the next session; soreness that \
lasts or rises week to week brings a deload.

With no values, the questions are asked one by one.")]
pub struct CheckinArgs {
    /// Record the next-morning response instead of readiness
    #[arg(long)]
    pub morning: bool,

    /// Readiness: sleep quality, 1 (very, very good) to 7 (very, very bad)
    #[arg(long, value_name = "1-7", allow_negative_numbers = true)]
    pub sleep: Option<i64>,

    /// Readiness: fatigue, 1 (none at all) to 7 (very, very bad)
    #[arg(long, value_name = "1-7", allow_negative_numbers = true)]
    pub fatigue: Option<i64>,

    /// Readiness: stress, 1 (none at all) to 7 (very, very bad)
    #[arg(long, value_name = "1-7", allow_negative_numbers = true)]
    pub stress: Option<i64>,

    /// Soreness: 1-7 for readiness (1 none, 7 very, very sore); 0-10 with --morning
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub soreness: Option<i64>,

    /// Morning: is back pain back to your usual level? yes or no
    #[arg(long, value_name = "yes|no", requires = "morning")]
    pub pain_back_to_usual: Option<String>,

    /// Morning: is stiffness back to your usual level? yes or no
    #[arg(long, value_name = "yes|no", requires = "morning")]
    pub stiffness_back_to_usual: Option<String>,

    /// The day of the check-in, YYYY-MM-DD [default: today]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub day: Option<String>,

    /// Print the check-in and its adjustment as JSON
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &mut Ctx, args: CheckinArgs) -> anyhow::Result<ExitCode> {
    let day = log_day(ctx, args.day.as_deref())?;
    // Needs a plan: a check-in adjusts sessions of the plan.
    Journal::load(&ctx.store)?;
    let entry = if args.morning {
        if args.sleep.is_some() || args.fatigue.is_some() || args.stress.is_some() {
            return Err(invalid(
                "--sleep, --fatigue and --stress are readiness questions; leave out --morning",
            ));
        }
        CheckIn::Morning(morning(&args, day)?)
    } else {
        CheckIn::Readiness {
            date: day,
            check: readiness(&args)?,
        }
    };
    let journal = journal::commit(&mut ctx.store, vec![Write::AddCheckIn(entry.clone())])?;
    // While halted the check-in is kept, but no training verdict is given.
    if let Some(halt) = keel_app::safety::halt(&ctx.store)? {
        if args.json {
            return print_json(&serde_json::json!({
                "date": day,
                "check_in": entry,
                "halted": halt,
            }));
        }
        println!("Check-in for {day} recorded.");
        crate::cmd::resume::show_halt(&halt, false)?;
        return Ok(ExitCode::SUCCESS);
    }
    match &entry {
        CheckIn::Readiness { check, .. } => {
            let adjustment = readiness_adjustment(check, &journal.settings);
            let what = match adjustment.adjustment {
                SessionAdjustment::Proceed => "train as planned".to_string(),
                SessionAdjustment::CutVolume { percent } => {
                    format!("cut the session's volume by about {percent} %")
                }
                SessionAdjustment::LightSession => {
                    "do the light activation session instead".to_string()
                }
            };
            if args.json {
                return print_json(&serde_json::json!({
                    "date": day,
                    "check_in": entry,
                    "adjustment": adjustment,
                }));
            }
            println!(
                "Readiness for {day} recorded (sum {} of 28; 1 best, 7 worst per item).",
                check.sum()
            );
            println!("Today: {what}.");
            for reason in &adjustment.reasons {
                println!("  {reason}");
            }
            println!("See the adjusted session with `keel today`.");
        }
        CheckIn::Morning(m) => {
            // "Not back to usual" judges the morning after the last session before it.
            let last_session = journal
                .sessions
                .iter()
                .map(|s| s.date)
                .filter(|d| *d < m.date)
                .max();
            let response = morning_response(&journal.log.mornings, last_session, &journal.settings);
            let what = match response.adjustment {
                MorningAdjustment::Proceed => "train as planned".to_string(),
                MorningAdjustment::Reduce { percent } => {
                    format!("reduce the next session by about {percent} %, no progression")
                }
                MorningAdjustment::Deload => "deload: lighter loads, less volume".to_string(),
            };
            if args.json {
                return print_json(&serde_json::json!({
                    "date": day,
                    "check_in": entry,
                    "adjustment": response,
                }));
            }
            println!("Morning check-in for {day} recorded.");
            println!("Next session: {what}.");
            for reason in &response.reasons {
                println!("  {reason}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_json(value: &serde_json::Value) -> anyhow::Result<ExitCode> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(ExitCode::SUCCESS)
}

/// The four readiness items, from flags, or asked when none was given.
fn readiness(args: &CheckinArgs) -> anyhow::Result<ReadinessCheck> {
    let flags = [
        ("sleep", args.sleep),
        ("fatigue", args.fatigue),
        ("stress", args.stress),
        ("soreness", args.soreness),
    ];
    let mut values = [Readiness::saturating(1); 4];
    if flags.iter().all(|(_, v)| v.is_none()) {
        let mut prompter = Prompter::stdin();
        prompter.say("Readiness, each 1-7: 1 = very, very good, 7 = very, very bad.");
        for (slot, (name, _)) in values.iter_mut().zip(flags) {
            *slot = prompter
                .ask(&format!("{name} (1-7)"), "1-7", |t| {
                    t.parse::<Readiness>().map_err(|e| e.in_field(name))
                })?
                .ok_or_else(|| invalid(format!("--{name}: an answer 1-7 is needed")))?;
        }
    } else {
        for (slot, (name, value)) in values.iter_mut().zip(flags) {
            let value = value.ok_or_else(|| {
                invalid(format!(
                    "--{name}: missing; readiness needs --sleep, --fatigue, --stress and --soreness (1-7 each)"
                ))
            })?;
            *slot = Readiness::new(value).map_err(|e| e.in_field(format!("--{name}")))?;
        }
    }
    let [sleep, fatigue, stress, soreness] = values;
    Ok(ReadinessCheck {
        sleep,
        fatigue,
        stress,
        soreness,
    })
}

fn yes_no(text: &str, field: &str) -> Result<bool, InputError> {
    match text.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" => Ok(true),
        "n" | "no" => Ok(false),
        _ => Err(InputError::new(
            field,
            format!("answer yes or no, got {text:?}"),
        )),
    }
}

/// The morning answers, from flags, or asked when none was given.
fn morning(args: &CheckinArgs, day: jiff::civil::Date) -> anyhow::Result<MorningCheck> {
    let none_given = args.pain_back_to_usual.is_none()
        && args.stiffness_back_to_usual.is_none()
        && args.soreness.is_none();
    if none_given {
        let mut prompter = Prompter::stdin();
        let mut ask_bool = |question: &str, flag: &str| -> anyhow::Result<bool> {
            prompter
                .ask(question, "yes/no", |t| yes_no(t, flag))?
                .ok_or_else(|| invalid(format!("{flag}: an answer yes or no is needed")))
        };
        let pain = ask_bool(
            "Is your back pain back to its usual level?",
            "--pain-back-to-usual",
        )?;
        let stiffness = ask_bool(
            "Is stiffness back to its usual level?",
            "--stiffness-back-to-usual",
        )?;
        let soreness = prompter
            .ask("Muscle soreness (0-10)", "0-10", |t| {
                t.parse::<Pain>().map_err(|e| e.in_field("--soreness"))
            })?
            .ok_or_else(|| invalid("--soreness: an answer 0-10 is needed"))?;
        return Ok(MorningCheck {
            date: day,
            pain_back_to_usual: pain,
            stiffness_back_to_usual: stiffness,
            soreness,
        });
    }
    let required = |value: &Option<String>, flag: &str| -> anyhow::Result<bool> {
        let text = value.as_deref().ok_or_else(|| {
            invalid(format!(
                "{flag}: missing; the morning check-in needs --pain-back-to-usual, \
                 --stiffness-back-to-usual and --soreness"
            ))
        })?;
        Ok(yes_no(text, flag)?)
    };
    let pain_back_to_usual = required(&args.pain_back_to_usual, "--pain-back-to-usual")?;
    let stiffness_back_to_usual =
        required(&args.stiffness_back_to_usual, "--stiffness-back-to-usual")?;
    let soreness = args.soreness.ok_or_else(|| {
        invalid("--soreness: missing; muscle soreness 0-10 is needed for the morning check-in")
    })?;
    let soreness = Pain::new(soreness).map_err(|e| e.in_field("--soreness"))?;
    Ok(MorningCheck {
        date: day,
        pain_back_to_usual,
        stiffness_back_to_usual,
        soreness,
    })
}
