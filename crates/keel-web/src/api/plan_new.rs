//! `POST /api/v1/plan`: a new plan version, as the plan page builds it
//! (`POST /plan/new`): from the profile, the settings and the latest
//! assessment, starting today; the log and earlier versions are kept.
//! Refused before onboarding, without an assessment, or while halted.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use keel_app::enrol::{self, Refused};

use super::error::ApiError;
use super::error::NoBody;
use super::halt::halted;
use super::profile::no_profile;
use super::read::plan_summary;
use super::viewer::ApiViewer;

pub async fn create(viewer: ApiViewer, _: NoBody) -> Result<Response, ApiError> {
    let today = viewer.today();
    let summary = viewer
        .with_store(move |store| {
            match enrol::new_plan(store, today, today) {
                Ok(_) => {}
                Err(Refused::NoProfile) => return Err(no_profile()),
                Err(Refused::Halted { since }) => {
                    return Err(halted(since, "No plan was built."));
                }
                Err(Refused::NoAssessment) => {
                    return Err(ApiError::invalid(
                        "assessment",
                        "no assessment yet; take one first (POST /api/v1/assessments)",
                    ));
                }
                Err(Refused::Store(err)) => return Err(err.into()),
                Err(other) => return Err(ApiError::invalid("plan", other.to_string())),
            }
            plan_summary(store)
        })
        .await?;
    Ok((StatusCode::CREATED, axum::Json(summary)).into_response())
}
