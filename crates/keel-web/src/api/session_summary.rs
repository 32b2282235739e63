//! `POST /api/v1/session/summary`: today's session minutes, session
//! effort (RPE) and note, as the session summary page records them
//! (`POST /session/summary`). A day that already has a summary answers
//! 409 `day_has_summary` unless the body says `"mode": "replace"` or
//! `"mode": "add"` (a further session that day: both are kept and their
//! loads add up; it needs `session_rpe`).

use axum::http::StatusCode;
use keel_app::summary::{self as day_summary, SummaryMode};
use keel_core::measure::Rpe;
use keel_store::SessionSummary;
use serde::{Deserialize, Serialize};

use super::error::{ApiError, Json};
use super::fields;
use super::viewer::ApiViewer;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummaryBody {
    pub minutes: i64,
    /// 0-10, best asked about 30 minutes after; null to skip for now.
    pub session_rpe: Option<i64>,
    /// A note on the session, as `keel log --note` without an exercise.
    pub note: Option<String>,
    /// What to do when the day already has a summary; without it, 409.
    #[serde(default)]
    pub mode: Option<Mode>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// The new summary takes the place of the day's earlier one.
    Replace,
    /// A further session of the day: kept beside the earlier one.
    Add,
}

#[derive(Debug, Serialize)]
pub struct Summarized {
    pub date: jiff::civil::Date,
    pub minutes: u16,
    /// Null when not given (an earlier answer for the day is kept).
    pub session_rpe: Option<u8>,
    /// Null when not given.
    pub note: Option<String>,
}

pub async fn create(
    viewer: ApiViewer,
    Json(body): Json<SummaryBody>,
) -> Result<axum::Json<Summarized>, ApiError> {
    let date = viewer.today();
    let minutes = day_summary::minutes(body.minutes)?;
    let session_rpe = body
        .session_rpe
        .map(|v| fields::rpe(v).map_err(|e| e.in_field("session_rpe")))
        .transpose()?;
    let note = fields::note(body.note)?;
    let summary = SessionSummary {
        minutes: Some(minutes),
        session_rpe,
        note: note.clone(),
    };
    let mode = body.mode.map(|mode| match mode {
        Mode::Replace => SummaryMode::Replace,
        Mode::Add => SummaryMode::Add,
    });
    let done = viewer
        .with_store(move |store| Ok(day_summary::summarize(store, date, summary, mode)?))
        .await?;
    if let Some(message) = done.refusal(
        date,
        "send it again with \"mode\": \"replace\"; to add it as a further session (the \
         loads add up), with \"mode\": \"add\"",
    ) {
        return Err(ApiError {
            field: Some("mode".into()),
            ..ApiError::new(StatusCode::CONFLICT, "day_has_summary", message)
        });
    }
    debug_assert_eq!(done, day_summary::Summarized::Stored);
    Ok(axum::Json(Summarized {
        date,
        minutes,
        session_rpe: session_rpe.map(Rpe::get),
        note,
    }))
}
