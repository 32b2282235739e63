//! `keel assess`: the baseline assessment or a retest. Asks each test (or
//! takes them by flag), stores the result, prints the report and, on a
//! retest, the comparison with the previous assessment. The plan is not
//! rebuilt here; `keel plan --new` does that.

mod flags;
mod render;

use std::process::ExitCode;

use keel_app::enrol::{self, Refused, Retested};
use keel_core::assessment::{
    self, AssessmentInput, AssessmentReport, CarriedForward, Norms, RatioResult, RetestComparison,
};
use keel_core::measure::Pain;
use keel_store::Store;
use serde::Serialize;

pub use flags::{AssessmentFlags, collect};
pub use keel_app::enrol::measured_anything;
pub use render::{print_history, print_report};

use crate::cmd::outcomes::{self as outcomes_cmd, OutcomeFlags};
use crate::context::Ctx;
use crate::error::invalid;
use crate::prompt::Prompter;

const NOTHING_MEASURED: &str =
    "no test was recorded; give at least one value (e.g. --extensor 90) or answer a question";

#[derive(Debug, Default, clap::Args)]
pub struct AssessArgs {
    #[command(flatten)]
    pub flags: AssessmentFlags,

    #[command(flatten)]
    pub outcomes: OutcomeFlags,

    /// Ask nothing: tests without a flag are skipped
    #[arg(long)]
    pub no_prompt: bool,

    /// List stored assessments with their ratios over time
    #[arg(long)]
    pub history: bool,

    /// Print JSON ({report, comparison}, or the history) instead of text
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct AssessOutput<'a> {
    report: &'a AssessmentReport,
    comparison: Option<&'a RetestComparison>,
    /// The tests this retest skipped, kept from the latest that took them.
    carried_forward: &'a [CarriedForward],
}

#[derive(Serialize)]
struct HistoryRow<'a> {
    id: i64,
    date: jiff::civil::Date,
    holds: &'a assessment::EnduranceHolds,
    pain_now: Option<Pain>,
    ratios: Vec<RatioResult>,
}

pub fn run(ctx: &mut Ctx, args: AssessArgs) -> anyhow::Result<ExitCode> {
    if args.history {
        if args.flags.any() || args.no_prompt {
            return Err(invalid(
                "--history lists stored assessments; it takes no test values",
            ));
        }
        return history(ctx, args.json);
    }
    // By flags, every value is validated before anything else, so a bad
    // value is reported by its flag even without a profile.
    let interactive = !args.no_prompt && !args.flags.any() && !args.outcomes.any();
    let from_flags = if interactive {
        None
    } else {
        Some(args.flags.to_input(ctx.today)?)
    };
    let flagged = args.outcomes.outcomes(ctx.today)?;
    // Refused before anything is asked; `enrol::retest` checks again.
    enrol::check_retest(&ctx.store).map_err(refusal)?;
    let (input, outcomes) = match from_flags {
        Some(input) => (input, flagged),
        None => {
            let mut prompter = Prompter::stdin();
            prompter.say(
                "Assessment. Each test has a one-line instruction; press Enter to skip a test \
                 you cannot or do not want to do.",
            );
            let input = collect(&mut prompter, &args.flags, ctx.today, true)?;
            if !measured_anything(&input) {
                return Err(invalid(NOTHING_MEASURED));
            }
            let known = keel_app::outcomes::last_psfs_activities(&ctx.store)?;
            let outcomes = outcomes_cmd::ask(&mut prompter, ctx.today, &known)?;
            (input, outcomes)
        }
    };
    if !measured_anything(&input) {
        return Err(invalid(NOTHING_MEASURED));
    }

    let Retested {
        report,
        comparison,
        carried,
        ..
    } = enrol::retest_with(&mut ctx.store, input, outcomes).map_err(refusal)?;

    if args.json {
        let out = AssessOutput {
            report: &report,
            comparison: comparison.as_ref(),
            carried_forward: &carried,
        };
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        print_report(&report, comparison.as_ref());
        print_carried(&carried);
        println!();
        println!(
            "Assessment stored. Run `keel plan --new` to rebuild your plan from this assessment."
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The tests a partial retest kept from before (docs/method.md §2.5).
fn print_carried(carried: &[CarriedForward]) {
    if carried.is_empty() {
        return;
    }
    println!();
    println!("Carried forward (not tested today; the latest measurement counts):");
    for c in carried {
        println!("  {}: {} (measured {})", c.label, c.value, c.measured_on);
    }
}

/// The retest's refusals in the terminal's words.
fn refusal(err: Refused) -> anyhow::Error {
    match err {
        Refused::NoProfile => invalid("no profile yet: run `keel onboard` first"),
        Refused::Halted { since } => invalid(format!(
            "the program is halted by a red-flag answer on {since}; see a clinician, then \
             record your decision with `keel resume --confirm` before testing"
        )),
        Refused::NothingMeasured => invalid(NOTHING_MEASURED),
        Refused::Store(err) => err.into(),
        other => invalid(other.to_string()),
    }
}

/// No test at all, as onboarding stores none after a red flag.
pub fn no_tests(date: jiff::civil::Date) -> AssessmentInput {
    AssessmentInput {
        date,
        holds: Default::default(),
        movement: Default::default(),
        mobility: Default::default(),
        pain_now: None,
    }
}

fn history(ctx: &Ctx, json: bool) -> anyhow::Result<ExitCode> {
    let stored = ctx.store.assessments()?;
    if json {
        let norms = Norms::builtin();
        let rows: Vec<HistoryRow> = stored
            .iter()
            .map(|a| HistoryRow {
                id: a.id,
                date: a.input.date,
                holds: &a.input.holds,
                pain_now: a.input.pain_now,
                ratios: assessment::ratios_of(&a.input.holds, norms),
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
    } else {
        print_history(&stored);
    }
    Ok(ExitCode::SUCCESS)
}
