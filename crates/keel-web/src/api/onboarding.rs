//! `POST /api/v1/onboarding`: what the onboarding page does (`POST
//! /onboarding`, like `keel onboard`): the profile, the red-flag screen and
//! the baseline assessment, all checked first, then written with the first
//! plan in one batch. A warning sign answered yes records only the profile
//! and the screen, halts the program and answers with the clinician
//! message (docs/method.md §6.6): no assessment, no plan.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use keel_app::enrol::{self, Onboarding, Refused};
use keel_app::profile::starting_profile;
use keel_core::redflag::CLINICIAN_MESSAGE;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::error::{ApiError, Json};
use super::fields;
use super::form_input::{self, ProfileBody};
use super::outcomes::OutcomesBody;
use super::read::{PlanSummary, plan_summary};
use super::viewer::ApiViewer;
use super::wire;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnboardingBody {
    pub profile: ProfileBody,
    /// The warning signs answered yes; required (an empty list when none):
    /// an unanswered screen is never taken as clear.
    pub red_flags: Option<Vec<String>>,
    /// The baseline tests by key, as for a retest; all optional.
    #[serde(default)]
    pub tests: Map<String, Value>,
    /// Outcome measures (NPRS, PSFS), stored with the assessment; optional.
    #[serde(default)]
    pub outcomes: OutcomesBody,
}

/// What onboarding did.
#[derive(Debug, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Onboarded {
    /// The first plan was built.
    Planned { plan: PlanSummary },
    /// A warning sign was answered yes: see a clinician first.
    Halted {
        status: wire::ProgramStatus,
        /// The warning signs answered yes.
        red_flags: Vec<&'static str>,
        message: &'static str,
    },
}

pub async fn create(
    viewer: ApiViewer,
    Json(body): Json<OnboardingBody>,
) -> Result<Response, ApiError> {
    let today = viewer.today();
    let profile = form_input::profile(body.profile, starting_profile(), "profile.")?;
    let screen = fields::screen(body.red_flags.as_deref())?.ok_or_else(|| {
        ApiError::invalid(
            "red_flags",
            "the red-flag screen is required: send `red_flags` with the warning signs you \
             have (an empty list if none); nothing was saved",
        )
    })?;
    let tests = form_input::tests(body.tests, today, "tests.")?;
    let outcomes = body.outcomes.outcomes(today, "outcomes.")?;

    let outcome = viewer
        .with_store(move |store| {
            let answers = Onboarding::first(profile, screen, tests, outcomes);
            match enrol::onboard(store, today, answers) {
                Ok(enrol::Onboarded::Planned { .. }) => Ok(Onboarded::Planned {
                    plan: plan_summary(store)?,
                }),
                Ok(enrol::Onboarded::Halted { screen }) => Ok(Onboarded::Halted {
                    status: (&store.status()?).into(),
                    red_flags: screen.flags.iter().map(|f| f.slug()).collect(),
                    message: CLINICIAN_MESSAGE,
                }),
                Err(Refused::AlreadyOnboarded) => Err(ApiError::invalid(
                    "profile",
                    "you are already set up; change the profile with PUT /api/v1/profile, \
                     retest with POST /api/v1/assessments",
                )),
                Err(Refused::Store(err)) => Err(err.into()),
                Err(other) => Err(ApiError::invalid("profile", other.to_string())),
            }
        })
        .await?;
    let status = match outcome {
        Onboarded::Planned { .. } => StatusCode::CREATED,
        Onboarded::Halted { .. } => StatusCode::OK,
    };
    Ok((status, axum::Json(outcome)).into_response())
}
