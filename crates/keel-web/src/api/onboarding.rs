//! `POST /api/v1/onboarding`: what the onboarding page does (`POST
//! /onboarding`, like `keel onboard`): the profile, the red-flag screen and
//! the baseline assessment, all checked first, then written with the first
//! plan in one batch. A warning sign answered yes records only the profile
//! and the screen, halts the program and answers with the clinician
//! message (METHOD.md section 5): no assessment, no plan.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use keel_app::profile::starting_profile;
use keel_core::assessment;
use keel_core::catalog::Catalog;
use keel_core::program::{self, GenerateInput};
use keel_core::redflag::{CLINICIAN_MESSAGE, RedFlag};
use keel_store::{ProgramStatus, SafetyEvent, ScreenContext, Write};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::error::{ApiError, Json};
use super::fields;
use super::form_input::{self, ProfileBody};
use super::read::{PlanSummary, plan_summary};
use super::viewer::ApiViewer;

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
}

/// What onboarding did.
#[derive(Debug, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Onboarded {
    /// The first plan was built.
    Planned { plan: PlanSummary },
    /// A warning sign was answered yes: see a clinician first.
    Halted {
        status: ProgramStatus,
        red_flags: Vec<RedFlag>,
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
    let mut input = form_input::tests(body.tests, today, "tests.")?;
    // The profile's pain answer counts for the assessment's pain cap too.
    input.pain_now = input.pain_now.or(Some(profile.pain_now));

    let outcome = viewer
        .with_store(move |store| {
            if store.profile()?.is_some() {
                return Err(ApiError::invalid(
                    "profile",
                    "you are already set up; change the profile with PUT /api/v1/profile, \
                     retest with POST /api/v1/assessments",
                ));
            }
            let safety = Write::Safety(SafetyEvent::Screen {
                date: today,
                context: ScreenContext::Onboarding,
                flags: screen.flags.clone(),
            });
            if !screen.is_clear() {
                store.apply(vec![Write::SaveProfile(profile), safety])?;
                return Ok(Onboarded::Halted {
                    status: store.status()?,
                    red_flags: screen.flags,
                    message: CLINICIAN_MESSAGE,
                });
            }
            let report = assessment::assess(&input, profile.sex, profile.training_age);
            let settings = store.settings()?;
            let program = program::generate(GenerateInput {
                profile: &profile,
                tailoring: &report.tailoring,
                settings: &settings,
                catalog: Catalog::builtin(),
                start: today,
            });
            store.apply(vec![
                Write::SaveProfile(profile),
                safety,
                Write::AddAssessment(input),
                Write::AddPlan {
                    created_on: today,
                    program,
                    link_latest_assessment: true,
                },
            ])?;
            Ok(Onboarded::Planned {
                plan: plan_summary(store)?,
            })
        })
        .await?;
    let status = match outcome {
        Onboarded::Planned { .. } => StatusCode::CREATED,
        Onboarded::Halted { .. } => StatusCode::OK,
    };
    Ok((status, axum::Json(outcome)).into_response())
}
