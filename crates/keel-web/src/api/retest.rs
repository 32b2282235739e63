//! `POST /api/v1/assessments`: a retest, as the retest page saves it
//! (`POST /assess`): the tests checked by the page's own parser, refused
//! before onboarding or while the program is halted, scored against the
//! norms and compared with the previous assessment.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use keel_app::enrol::{self, Refused, measured_anything};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::error::{ApiError, Json};
use super::form_input;
use super::halt::halted;
use super::outcomes::OutcomesBody;
use super::profile::no_profile;
use super::viewer::ApiViewer;
use super::wire;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewAssessment {
    /// Results by test key; a test left out (or null) is skipped.
    pub tests: Map<String, Value>,
    /// Outcome measures (NPRS, PSFS) taken with the retest; optional.
    #[serde(default)]
    pub outcomes: OutcomesBody,
}

#[derive(Debug, Serialize)]
pub struct Retest {
    pub assessment: wire::StoredTests,
    pub report: wire::Report,
    /// Against the previous assessment; null for the first.
    pub comparison: Option<wire::Comparison>,
    /// The tests this retest skipped, kept from the latest assessment that
    /// took them (docs/method.md §2.5).
    pub carried_forward: Vec<wire::Carried>,
}

pub async fn create(
    viewer: ApiViewer,
    Json(body): Json<NewAssessment>,
) -> Result<Response, ApiError> {
    let input = form_input::tests(body.tests, viewer.today(), "tests.")?;
    let outcomes = body.outcomes.outcomes(viewer.today(), "outcomes.")?;
    // Checked before the store, so an empty retest is named first.
    if !measured_anything(&input) {
        return Err(nothing_measured());
    }
    let retest = viewer
        .with_store(
            move |store| match enrol::retest_with(store, input, outcomes) {
                Ok(retested) => Ok(Retest {
                    assessment: retested.assessment.into(),
                    report: retested.report.into(),
                    comparison: retested.comparison.map(wire::Comparison::from),
                    carried_forward: retested
                        .carried
                        .into_iter()
                        .map(wire::Carried::from)
                        .collect(),
                }),
                Err(Refused::NoProfile) => Err(no_profile()),
                Err(Refused::Halted { since }) => Err(halted(since, "No assessment was saved.")),
                Err(Refused::NothingMeasured) => Err(nothing_measured()),
                Err(Refused::Store(err)) => Err(err.into()),
                Err(other) => Err(ApiError::invalid("tests", other.to_string())),
            },
        )
        .await?;
    Ok((StatusCode::CREATED, axum::Json(retest)).into_response())
}

fn nothing_measured() -> ApiError {
    ApiError::invalid(
        "tests",
        "no test was recorded; give at least one (pain alone is not a test)",
    )
}
