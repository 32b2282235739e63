//! Enrolment: onboarding, a retest and a new plan version, decided and
//! written the same way by `keel onboard`/`assess`/`plan --new`, the web
//! pages and the JSON API. Each reads what it needs, hands plain values to
//! keel-core and stores the result in one `Store::apply` batch; the front
//! ends only parse, ask and show.
//!
//! The red-flag rule (docs/method.md §6.6) lives here: a yes on the
//! onboarding screen records the profile and the screen, which halts the
//! program, and writes no assessment and no plan; while halted, no retest,
//! new plan or fresh onboarding is stored until a recorded resume.

use jiff::civil::Date;
use keel_core::InputError;
use keel_core::assessment::{
    self, AssessmentInput, AssessmentReport, CarriedForward, Current, EnduranceHolds, Mobility,
    MovementQuality, RetestComparison, carry_forward,
};
use keel_core::catalog::Catalog;
use keel_core::outcome::Outcome;
use keel_core::profile::Profile;
use keel_core::program::{self, GenerateInput, Reached};
use keel_core::redflag::Screen;
use keel_store::{
    ProgramStatus, SafetyEvent, ScreenContext, Store, StoreError, StoredAssessment, StoredPlan,
    Write,
};

/// Why enrolment did nothing; each front end words it in its own way.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// Onboarding when a profile exists and starting over was not asked for.
    #[error("already onboarded")]
    AlreadyOnboarded,
    #[error("no profile yet: onboard first")]
    NoProfile,
    /// A red-flag answer on `since` halted the program; only a recorded
    /// resume lifts it.
    #[error("the program is halted by a red-flag answer on {since}")]
    Halted { since: Date },
    #[error("no assessment yet: take one first")]
    NoAssessment,
    /// A retest with no test recorded (pain alone is not a test).
    #[error("no test was recorded")]
    NothingMeasured,
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub type Result<T> = std::result::Result<T, Refused>;

/// A new user's answers, all validated by the front end.
#[derive(Debug, Clone)]
pub struct Onboarding {
    pub profile: Profile,
    pub screen: Screen,
    /// The baseline tests; any may be skipped.
    pub tests: AssessmentInput,
    /// Replace an existing profile (`keel onboard --again`; the history is
    /// kept). Without it an existing profile refuses onboarding.
    pub start_over: bool,
    /// Outcome measures taken today (NPRS, PSFS; scored by the front end
    /// with keel-core), stored with the assessment.
    pub outcomes: Vec<Outcome>,
}

impl Onboarding {
    /// A first onboarding, as the web's form and the API take it: an
    /// existing profile refuses it (no `start_over`).
    pub fn first(
        profile: Profile,
        screen: Screen,
        tests: AssessmentInput,
        outcomes: Vec<Outcome>,
    ) -> Onboarding {
        Onboarding {
            profile,
            screen,
            tests,
            start_over: false,
            outcomes,
        }
    }
}

/// What onboarding did.
#[derive(Debug, Clone)]
pub enum Onboarded {
    /// Profile, screen, assessment and the first plan were stored.
    Planned {
        report: Box<AssessmentReport>,
        plan: StoredPlan,
    },
    /// A warning sign was answered yes: the profile and the screen were
    /// stored (the program is halted), nothing else; see a clinician.
    Halted { screen: Screen },
}

/// A stored retest with its report and the comparison with the one before.
#[derive(Debug, Clone)]
pub struct Retested {
    /// As entered.
    pub assessment: StoredAssessment,
    /// Of the retest with the tests it skipped carried forward.
    pub report: AssessmentReport,
    /// Against the previous assessment (itself with its skipped tests
    /// carried forward); `None` for the first.
    pub comparison: Option<RetestComparison>,
    /// The tests the retest skipped, kept from the latest assessment that
    /// took them (docs/method.md §2.5).
    pub carried: Vec<CarriedForward>,
}

/// Refuses onboarding that would not be stored, so a front end can say so
/// before asking anything: a profile exists (unless starting over), or the
/// program is halted (starting over does not lift a halt).
pub fn check_onboarding(store: &dyn Store, start_over: bool) -> Result<()> {
    if store.profile()?.is_some() && !start_over {
        return Err(Refused::AlreadyOnboarded);
    }
    refuse_if_halted(store)
}

/// Stores a new user's profile and red-flag screen and, when the screen is
/// clear, the baseline assessment and the first plan starting `today`; all
/// in one batch.
pub fn onboard(store: &mut dyn Store, today: Date, answers: Onboarding) -> Result<Onboarded> {
    check_onboarding(store, answers.start_over)?;
    let Onboarding {
        profile,
        screen,
        mut tests,
        outcomes,
        ..
    } = answers;
    let safety = Write::Safety(SafetyEvent::Screen {
        date: today,
        context: ScreenContext::Onboarding,
        flags: screen.flags.clone(),
    });
    if !screen.is_clear() {
        store.apply(vec![Write::SaveProfile(profile), safety])?;
        return Ok(Onboarded::Halted { screen });
    }
    // The profile's pain answer counts for the assessment's pain cap too.
    tests.pain_now = tests.pain_now.or(Some(profile.pain_now));
    let report = assessment::assess(&tests, profile.sex, profile.training_age);
    refuse_past_daily_plan_limit(store, today)?;
    // Onboarding again keeps what was trained on the plan it replaces.
    let reached = reached(store)?;
    let program = generate_with(store, &profile, &report, today, &reached)?;
    let mut batch = vec![
        Write::SaveProfile(profile),
        safety,
        Write::AddAssessment(tests),
        Write::AddPlan {
            created_on: today,
            program,
            link_latest_assessment: true,
        },
    ];
    batch.extend(outcomes.into_iter().map(Write::AddOutcome));
    store.apply(batch)?;
    Ok(Onboarded::Planned {
        report: Box::new(report),
        plan: written_plan(store)?,
    })
}

/// Refuses a retest that would not be stored (no profile, or halted), so a
/// front end can say so before asking anything; gives the profile.
pub fn check_retest(store: &dyn Store) -> Result<Profile> {
    let profile = store.profile()?.ok_or(Refused::NoProfile)?;
    refuse_if_halted(store)?;
    Ok(profile)
}

/// True when at least one test (not just pain) was recorded.
pub fn measured_anything(input: &AssessmentInput) -> bool {
    input.holds != EnduranceHolds::default()
        || input.movement != MovementQuality::default()
        || input.mobility != Mobility::default()
}

/// Stores a retest, scored against the norms and compared with the
/// previous assessment. The plan is not rebuilt; [`new_plan`] does that.
pub fn retest(store: &mut dyn Store, input: AssessmentInput) -> Result<Retested> {
    retest_with(store, input, Vec::new())
}

/// [`retest`] with the outcome measures taken with it, stored in the same
/// batch.
pub fn retest_with(
    store: &mut dyn Store,
    input: AssessmentInput,
    outcomes: Vec<Outcome>,
) -> Result<Retested> {
    let profile = check_retest(store)?;
    if !measured_anything(&input) {
        return Err(Refused::NothingMeasured);
    }
    let history = store.assessments()?;
    let previous = carry_forward(history.iter().map(|a| &a.input));
    let current = carry_forward(
        history
            .iter()
            .map(|a| &a.input)
            .chain(std::iter::once(&input)),
    )
    .unwrap_or_else(|| Current {
        input: input.clone(),
        carried: Vec::new(),
    });
    let report = assessment::assess(&current.input, profile.sex, profile.training_age);
    let comparison = previous.map(|p| {
        let mut comparison = assessment::compare(&p.input, &input);
        assessment::note_carried(&mut comparison, &current.carried);
        comparison
    });
    let mut batch = vec![Write::AddAssessment(input)];
    batch.extend(outcomes.into_iter().map(Write::AddOutcome));
    store.apply(batch)?;
    let assessment = store.assessments()?.pop().ok_or_else(|| {
        StoreError::Backend("the assessment just saved could not be read back".into())
    })?;
    Ok(Retested {
        assessment,
        report,
        comparison,
        carried: current.carried,
    })
}

/// The current assessment: the latest, with each test it skipped carried
/// forward from the latest one that took it (docs/method.md §2.5). `None`
/// before any assessment.
pub fn current_assessment(store: &dyn Store) -> Result<Option<Current>> {
    let history = store.assessments()?;
    Ok(carry_forward(history.iter().map(|a| &a.input)))
}

/// The report of the latest stored assessment against the profile (scores
/// against norms, ratios, flags, starting levels): what onboarding and a
/// retest showed, for a page that shows it again. `None` before any
/// profile or assessment.
pub fn latest_report(store: &dyn Store) -> Result<Option<(Date, AssessmentReport)>> {
    let Some(profile) = store.profile()? else {
        return Ok(None);
    };
    let Some(latest) = current_assessment(store)? else {
        return Ok(None);
    };
    let report = assessment::assess(&latest.input, profile.sex, profile.training_age);
    Ok(Some((latest.input.date, report)))
}

/// Stores a new plan version built on `today` from the profile, the
/// settings and the latest assessment, starting `start`. Earlier versions
/// and the log are kept.
pub fn new_plan(store: &mut dyn Store, today: Date, start: Date) -> Result<StoredPlan> {
    let profile = store.profile()?.ok_or(Refused::NoProfile)?;
    refuse_if_halted(store)?;
    refuse_past_daily_plan_limit(store, today)?;
    // A partial retest counts with the tests it skipped carried forward.
    let latest = current_assessment(store)?.ok_or(Refused::NoAssessment)?;
    let report = assessment::assess(&latest.input, profile.sex, profile.training_age);
    let reached = reached(store)?;
    let program = generate_with(store, &profile, &report, start, &reached)?;
    store.apply(vec![Write::AddPlan {
        created_on: today,
        program,
        link_latest_assessment: true,
    }])?;
    written_plan(store)
}

/// The variant the athlete works on per progression chain on the current
/// plan: its training state, a regression's decision included. A new plan
/// version (`plan --new`, onboarding again) never brings a variant easier
/// than these (docs/method.md §4.4). Nothing before there is a plan.
fn reached(store: &dyn Store) -> Result<Reached> {
    let journal = crate::journal::Journal::load_if_ready(store).map_err(|e| match e {
        crate::Error::Invalid(e) | crate::Error::NotFound(e) => {
            Refused::Store(StoreError::Invalid(e))
        }
        crate::Error::Store(e) => Refused::Store(e),
    })?;
    let mut reached = Reached::from_assessment();
    for state in journal.iter().flat_map(|j| j.replay.chains.values()) {
        reached.reach(Catalog::builtin(), &state.exercise);
    }
    Ok(reached)
}

/// How many plan versions may be made on one day (by `plan --new`, the
/// plan page, the API or onboarding again). A new plan restarts the
/// progression, so more than a few a day is a mistake or a runaway client;
/// past this the request is refused and nothing is stored.
pub const MAX_PLANS_PER_DAY: usize = 5;

/// Refuses a new plan version on `today` when [`MAX_PLANS_PER_DAY`] were
/// already made that day (as invalid input naming the plan).
fn refuse_past_daily_plan_limit(store: &dyn Store, today: Date) -> Result<()> {
    let made = store
        .plans()?
        .iter()
        .filter(|p| p.created_on == today)
        .count();
    if made >= MAX_PLANS_PER_DAY {
        return Err(Refused::Store(StoreError::Invalid(InputError::new(
            "plan",
            format!(
                "{made} plan versions were already made on {today}; at most \
                 {MAX_PLANS_PER_DAY} a day (a new plan restarts your progression). \
                 Nothing was changed; try again tomorrow"
            ),
        ))));
    }
    Ok(())
}

fn refuse_if_halted(store: &dyn Store) -> Result<()> {
    match store.status()? {
        ProgramStatus::Halted { since, .. } => Err(Refused::Halted { since }),
        ProgramStatus::Active => Ok(()),
    }
}

/// The program for `profile` tailored by `report`, with the stored
/// settings, never easier than `reached` on any chain.
fn generate_with(
    store: &dyn Store,
    profile: &Profile,
    report: &AssessmentReport,
    start: Date,
    reached: &Reached,
) -> Result<program::Program> {
    let settings = store.settings()?;
    Ok(program::generate_with(
        GenerateInput {
            profile,
            tailoring: &report.tailoring,
            settings: &settings,
            catalog: Catalog::builtin(),
            start,
        },
        reached,
    ))
}

fn written_plan(store: &dyn Store) -> Result<StoredPlan> {
    store.current_plan()?.ok_or_else(|| {
        StoreError::Backend("the plan just written could not be read back".into()).into()
    })
}

#[cfg(test)]
mod carry_tests;
mod due;
#[cfg(test)]
mod tests;

pub use due::{RetestDue, due_on, retest_due};
