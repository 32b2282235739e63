//! `keel onboard` (and a first run of `keel`): profile questions, the
//! red-flag screen, the baseline assessment and the first plan.
//!
//! Everything is asked and validated first; then profile, screen,
//! assessment, plan and the outcome measures (NPRS, PSFS) are written in
//! one transaction. A red flag stops
//! onboarding after recording the screen: no assessment, no plan.

use std::process::ExitCode;

use keel_app::enrol::{self, Onboarded, Onboarding, Refused};
use keel_app::profile as answers;
use keel_core::measure::Pain;
use keel_core::profile::{Profile, Sex, TrainingAge, TrainingDays};
use keel_core::redflag;
use keel_core::units::Units;

use crate::cmd::assess::{self as assess_cmd, AssessmentFlags};
use crate::cmd::outcomes::{self as outcomes_cmd, OutcomeFlags};
use crate::cmd::profile::{self as profile_cmd, ProfileFlags};
use crate::context::Ctx;
use crate::error::invalid;
use crate::prompt::Prompter;
use crate::screen::{self, ScreenFlags};

#[derive(Debug, Default, clap::Args)]
pub struct OnboardArgs {
    #[command(flatten)]
    pub profile: ProfileFlags,

    #[command(flatten)]
    pub screen: ScreenFlags,

    #[command(flatten)]
    pub assessment: AssessmentFlags,

    #[command(flatten)]
    pub outcomes: OutcomeFlags,

    /// Start over even though a profile exists (your history is kept)
    #[arg(long)]
    pub again: bool,
}

impl OnboardArgs {
    /// Scripted when any answer came by flag: nothing is asked then.
    fn scripted(&self) -> bool {
        self.profile.any() || self.screen.any() || self.assessment.any() || self.outcomes.any()
    }
}

pub fn run(ctx: &mut Ctx, args: OnboardArgs) -> anyhow::Result<ExitCode> {
    // Refused before anything is asked; `enrol::onboard` checks again.
    enrol::check_onboarding(&ctx.store, args.again).map_err(refusal)?;
    let scripted = args.scripted();
    // Checked before anything is asked.
    let flagged = args.outcomes.outcomes(ctx.today)?;
    let mut prompter = Prompter::stdin();

    prompter.say(&format!("Welcome to Keel.\n\n{}\n", redflag::DISCLAIMER));

    let profile = if scripted {
        args.profile.apply_to(answers::starting_profile())?
    } else {
        ask_profile(&mut prompter)?
    };
    let screen = if scripted {
        args.screen.screen()?
    } else {
        screen::ask(&mut prompter)?
    };

    let (tests, outcomes) = if screen.is_clear() {
        if !scripted {
            prompter.say(
                "\nBaseline assessment. Each test has a one-line instruction; press Enter to skip \
                 a test you cannot or do not want to do.\n",
            );
        }
        let tests = assess_cmd::collect(&mut prompter, &args.assessment, ctx.today, !scripted)?;
        let outcomes = if scripted {
            flagged
        } else {
            outcomes_cmd::ask(&mut prompter, ctx.today, &[])?
        };
        (tests, outcomes)
    } else {
        // Not asked: a red flag stores no assessment.
        (assess_cmd::no_tests(ctx.today), Vec::new())
    };
    let answers = Onboarding {
        profile: profile.clone(),
        screen,
        tests,
        start_over: args.again,
        outcomes,
    };
    match enrol::onboard(&mut ctx.store, ctx.today, answers).map_err(refusal)? {
        Onboarded::Halted { .. } => {
            println!("{}", redflag::CLINICIAN_MESSAGE);
            println!(
                "\nYour answers were recorded. When a clinician has cleared you, run \
                 `keel resume --confirm`, then `keel assess` and `keel plan`."
            );
        }
        Onboarded::Planned { report, plan } => {
            println!("Profile\n-------\n{}\n", profile_cmd::describe(&profile));
            assess_cmd::print_report(&report, None);
            println!();
            println!(
                "Plan version {}: {} weeks from {}. See it with `keel plan --weeks`.",
                plan.version,
                plan.program.weeks.len(),
                plan.program.start
            );
            println!(
                "\nYour data is stored in {}.\nRun `keel` (or `keel today`) to see today's session.",
                ctx.db_path.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Onboarding's refusals in the terminal's words.
fn refusal(err: Refused) -> anyhow::Error {
    match err {
        Refused::AlreadyOnboarded => invalid(
            "you are already onboarded; use `keel profile`, `keel assess` or `keel plan --new`, \
             or `keel onboard --again` to start over",
        ),
        Refused::Halted { since } => invalid(format!(
            "the program is halted by a red-flag answer on {since}; see a clinician, then \
             record your decision with `keel resume --confirm` before starting over"
        )),
        Refused::Store(err) => err.into(),
        other => invalid(other.to_string()),
    }
}

fn ask_profile(prompter: &mut Prompter) -> anyhow::Result<Profile> {
    let mut p = answers::starting_profile();
    prompter.say("About you (press Enter to take the default in brackets).");
    p.name = prompter.ask("Your name", "skip", |t| Ok(t.to_string()))?;
    p.sex = prompter.ask(
        "Sex, for norms only (male/female)",
        "skip: both norms shown",
        Sex::parse,
    )?;
    p.training_age = prompter
        .ask(
            "Years of regular strength training",
            "0",
            TrainingAge::parse,
        )?
        .unwrap_or(TrainingAge::Novice);
    p.training_days = prompter
        .ask(
            "Training days (e.g. mon,wed,fri) or a number 2-6",
            "mon,wed,fri",
            |t| match t.parse::<u8>() {
                Ok(n) => TrainingDays::spread(n),
                Err(_) => TrainingDays::parse(t),
            },
        )?
        .unwrap_or(p.training_days);
    p.light_days = prompter.yes_no(
        "Offer a light 10-15 minute activation session on other days?",
        false,
    )?;
    p.units = prompter
        .ask("Weights in kg or lb", "kg", Units::parse)?
        .unwrap_or(p.units);
    p.equipment = prompter
        .ask(
            "Equipment at hand (dowel, bench, back-extension, kettlebell, dumbbell, barbell, band, sled), comma-separated",
            "none",
            answers::equipment_list,
        )?
        .unwrap_or_default();
    p.pain_now = prompter
        .ask("Back pain right now, 0-10", "0", |t| t.parse::<Pain>())?
        .unwrap_or(p.pain_now);
    Ok(p)
}
