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

use keel_app::insight::{self, Insight, InsightSettings};
use keel_core::analytics::{AcwrDay, AnalyticsSettings, LoadDay};
use serde::{Deserialize, Serialize};

use super::error::{ApiError, Query};
use super::viewer::ApiViewer;

/// The most weeks one request may cover (ten years).
pub const MAX_WEEKS: u16 = 520;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressQuery {
    pub weeks: Option<u16>,
}

/// The insight with the latest values up front.
#[derive(Debug, Serialize)]
struct Progress {
    latest: Latest,
    #[serde(flatten)]
    insight: Insight,
}

/// The newest day's rolling load (weekly load, monotony, strain) and ratio.
#[derive(Debug, Serialize)]
struct Latest {
    load: Option<LoadDay>,
    acwr: Option<AcwrDay>,
}

/// `GET /api/v1/progress`.
pub async fn show(
    viewer: ApiViewer,
    Query(query): Query<ProgressQuery>,
) -> Result<axum::Json<serde_json::Value>, ApiError> {
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
    let progress = Progress {
        latest: Latest {
            load: insight.latest_load().copied(),
            acwr: insight.latest_acwr().copied(),
        },
        insight,
    };
    let mut json = serde_json::to_value(&progress).map_err(|e| {
        ApiError::from(crate::WebError::Internal(format!(
            "the progress did not encode as JSON: {e}"
        )))
    })?;
    // Decisions are paged at /api/v1/decisions, not repeated here.
    if let Some(object) = json.as_object_mut() {
        object.remove("decisions");
        object.insert("decisions_at".into(), "/api/v1/decisions".into());
    }
    Ok(axum::Json(json))
}
