//! `GET /api/v1/progress[?weeks=]`: the analytics the progress page and the
//! report show (weekly load with monotony and strain, the acute:chronic
//! ratio in its three forms, hold trends and forecasts, region balance,
//! adherence, assessment ratios and retests), from the same
//! [`keel_app::insight`] the page, `keel progress` and `keel report` read.
//!
//! The series grow with the log, so `weeks` bounds the window (whole
//! calendar weeks, the running one last); without it every logged week is
//! covered, as on the page. The engine's decisions are left to the paged
//! `GET /api/v1/decisions`.

use keel_app::insight::{self, InsightSettings};
use keel_core::analytics::AnalyticsSettings;
use serde::Deserialize;

use super::error::{ApiError, Query};
use super::viewer::ApiViewer;
use super::wire::Progress;

/// The most weeks one request may cover (ten years).
pub const MAX_WEEKS: u16 = 520;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressQuery {
    pub weeks: Option<u16>,
}

/// `GET /api/v1/progress`.
pub async fn show(
    viewer: ApiViewer,
    Query(query): Query<ProgressQuery>,
) -> Result<axum::Json<Progress>, ApiError> {
    if let Some(weeks) = query.weeks
        && !(1..=MAX_WEEKS).contains(&weeks)
    {
        return Err(ApiError::invalid(
            "weeks",
            format!("weeks must be between 1 and {MAX_WEEKS}, got {weeks}"),
        ));
    }
    let today = viewer.today();
    let insight = viewer
        .with_store(move |store| {
            if store.profile()?.is_none() || store.current_plan()?.is_none() {
                return Err(ApiError::not_found(
                    "there is no plan yet: onboard first, then progress is tracked",
                ));
            }
            Ok(insight::gather(
                store,
                today,
                query.weeks,
                &AnalyticsSettings::default(),
                &InsightSettings::default(),
            )?)
        })
        .await?;
    // Decisions are paged at /api/v1/decisions, not repeated here.
    Ok(axum::Json(Progress::from(insight)))
}
