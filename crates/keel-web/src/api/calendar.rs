//! The calendar over the API, from the same [`keel_app::calendar`] as
//! `keel profile --training-time` and `keel calendar`:
//! - `GET /api/v1/calendar`: the usual training time, and whether a feed
//!   URL exists;
//! - `PATCH /api/v1/calendar`: a new training time (`{"training_time":
//!   "07:30"}`), which the events then start at;
//! - `POST /api/v1/calendar/feed`: a new secret feed URL, replacing any
//!   earlier one (its token is shown this once);
//! - `DELETE /api/v1/calendar/feed`: end the feed; its URL answers 404.

use keel_app::calendar;
use keel_store::Store;
use serde::{Deserialize, Serialize};

use super::error::{ApiError, Json};
use super::viewer::ApiViewer;

#[derive(Debug, Serialize)]
pub struct CalendarSettings {
    /// "HH:MM", 24-hour.
    pub training_time: String,
    /// Whether a feed URL exists (its token is never shown again).
    pub feed: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarPatch {
    pub training_time: String,
}

#[derive(Debug, Serialize)]
pub struct Feed {
    /// The feed's path on this server: `/calendar/<token>.ics`.
    pub path: String,
    pub token: String,
}

#[derive(Debug, Serialize)]
pub struct Revoked {
    /// False when there was no feed.
    pub revoked: bool,
}

fn current(store: &dyn Store) -> keel_app::Result<CalendarSettings> {
    let time = calendar::training_time(store)?;
    Ok(CalendarSettings {
        training_time: format!("{:02}:{:02}", time.hour(), time.minute()),
        feed: calendar::has_feed(store)?,
    })
}

/// `GET /api/v1/calendar`.
pub async fn show(viewer: ApiViewer) -> Result<axum::Json<CalendarSettings>, ApiError> {
    let answer = viewer.with_store(|store| Ok(current(store)?)).await?;
    Ok(axum::Json(answer))
}

/// `PATCH /api/v1/calendar`.
pub async fn update(
    viewer: ApiViewer,
    Json(body): Json<CalendarPatch>,
) -> Result<axum::Json<CalendarSettings>, ApiError> {
    let answer = viewer
        .with_store(move |store| {
            calendar::set_training_time(store, &body.training_time)?;
            Ok(current(store)?)
        })
        .await?;
    Ok(axum::Json(answer))
}

/// `POST /api/v1/calendar/feed`.
pub async fn renew(
    viewer: ApiViewer,
    _: super::error::NoBody,
) -> Result<axum::Json<Feed>, ApiError> {
    let token = viewer
        .with_store(|store| Ok(calendar::renew_feed(store)?))
        .await?;
    Ok(axum::Json(Feed {
        path: calendar::feed_path(&token),
        token,
    }))
}

/// `DELETE /api/v1/calendar/feed`.
pub async fn revoke(viewer: ApiViewer) -> Result<axum::Json<Revoked>, ApiError> {
    let revoked = viewer
        .with_store(|store| Ok(calendar::revoke_feed(store)?))
        .await?;
    Ok(axum::Json(Revoked { revoked }))
}
