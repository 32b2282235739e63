//! `POST /api/v1/plan`: a new plan version, as the plan page builds it
//! (`POST /plan/new`): from the profile, the settings and the latest
//! assessment, starting today; the log and earlier versions are kept.
//! Refused before onboarding, without an assessment, or while halted.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use keel_core::assessment;
use keel_core::catalog::Catalog;
use keel_core::program::{self, GenerateInput};
use keel_store::Write;

use super::error::ApiError;
use super::halt::refuse_if_halted;
use super::profile::no_profile;
use super::read::plan_summary;
use super::viewer::ApiViewer;

pub async fn create(viewer: ApiViewer) -> Result<Response, ApiError> {
    let today = viewer.today();
    let summary = viewer
        .with_store(move |store| {
            let profile = store.profile()?.ok_or_else(no_profile)?;
            refuse_if_halted(store, "No plan was built.")?;
            let latest = store.assessments()?.pop().ok_or_else(|| {
                ApiError::invalid(
                    "assessment",
                    "no assessment yet; take one first (POST /api/v1/assessments)",
                )
            })?;
            let settings = store.settings()?;
            let tailoring =
                assessment::assess(&latest.input, profile.sex, profile.training_age).tailoring;
            let program = program::generate(GenerateInput {
                profile: &profile,
                tailoring: &tailoring,
                settings: &settings,
                catalog: Catalog::builtin(),
                start: today,
            });
            store.apply(vec![Write::AddPlan {
                created_on: today,
                program,
                link_latest_assessment: true,
            }])?;
            plan_summary(store)
        })
        .await?;
    Ok((StatusCode::CREATED, axum::Json(summary)).into_response())
}
