//! `POST /api/v1/assessments`: a retest, as the retest page saves it
//! (`POST /assess`): the tests checked by the page's own parser, refused
//! before onboarding or while the program is halted, scored against the
//! norms and compared with the previous assessment.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use keel_core::assessment::{self, AssessmentReport, RetestComparison};
use keel_store::{StoredAssessment, Write};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::error::{ApiError, Json};
use super::form_input;
use super::halt::refuse_if_halted;
use super::profile::no_profile;
use super::viewer::ApiViewer;
use crate::pages::assess::measured_anything;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewAssessment {
    /// Results by test key; a test left out (or null) is skipped.
    pub tests: Map<String, Value>,
}

#[derive(Debug, Serialize)]
pub struct Retest {
    pub assessment: StoredAssessment,
    pub report: AssessmentReport,
    /// Against the previous assessment; null for the first.
    pub comparison: Option<RetestComparison>,
}

pub async fn create(
    viewer: ApiViewer,
    Json(body): Json<NewAssessment>,
) -> Result<Response, ApiError> {
    let input = form_input::tests(body.tests, viewer.today(), "tests.")?;
    if !measured_anything(&input) {
        return Err(ApiError::invalid(
            "tests",
            "no test was recorded; give at least one (pain alone is not a test)",
        ));
    }
    let retest = viewer
        .with_store(move |store| {
            let profile = store.profile()?.ok_or_else(no_profile)?;
            refuse_if_halted(store, "No assessment was saved.")?;
            let previous = store.assessments()?.pop();
            let report = assessment::assess(&input, profile.sex, profile.training_age);
            let comparison = previous.map(|p| assessment::compare(&p.input, &input));
            store.apply(vec![Write::AddAssessment(input)])?;
            let assessment = store.assessments()?.pop().ok_or_else(|| {
                ApiError::from(crate::WebError::Internal(
                    "the assessment just saved is missing".into(),
                ))
            })?;
            Ok(Retest {
                assessment,
                report,
                comparison,
            })
        })
        .await?;
    Ok((StatusCode::CREATED, axum::Json(retest)).into_response())
}
