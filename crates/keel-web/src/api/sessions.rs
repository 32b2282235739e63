//! `DELETE /api/v1/sessions/{date}`: a whole day, as `keel delete
//! --session DATE` and the history page's "Delete this day": the logged
//! session with its sets and summary, and the sets imported for that day,
//! in one batch (keel-app's `correction::delete_day`). 204; the decisions
//! that depended on it re-run; 404 when nothing is logged or imported then.

use axum::http::StatusCode;
use jiff::civil::Date;
use keel_app::correction;

use super::error::{ApiError, Path};
use super::viewer::ApiViewer;

pub async fn delete(viewer: ApiViewer, Path(date): Path<Date>) -> Result<StatusCode, ApiError> {
    viewer
        .with_store(move |store| Ok(correction::delete_day(store, date).map(|_| ())?))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
