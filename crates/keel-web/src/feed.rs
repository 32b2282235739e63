//! The calendar feed at its secret URL, `GET /calendar/{token}.ics`: open
//! (a calendar app subscribing to it has no login), the 256-bit token in
//! the path being the only key, on the local app and on a server's
//! accounts alike. An unknown, revoked or malformed token is 404. The text
//! is [`keel_app::calendar::export`], the same as `keel export --format ics`.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use keel_app::calendar;

use crate::error::WebError;
use crate::state::{AppState, Backend};

/// `GET /calendar/{file}`, `file` being `<token>.ics`. No answer is cached,
/// a refusal included: the feed is private and changes with the plan.
pub(crate) async fn serve(state: State<AppState>, file: Path<String>) -> Response {
    let mut response = answer(state, file).await.into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn answer(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, WebError> {
    let unknown = || WebError::NotFound("no calendar feed at this address".into());
    let token = file
        .strip_suffix(".ics")
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or_else(unknown)?
        .to_string();
    let now = Timestamp::now();
    let outcome = match state.backend() {
        Backend::Local(local) => {
            let store = Arc::clone(&local.store);
            crate::blocking::run(move || -> Result<Option<String>, WebError> {
                let mut store = store
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                if !calendar::feed_token_matches(&*store, &token)? {
                    return Ok(None);
                }
                Ok(Some(calendar::export(&mut *store, now)?))
            })
            .await
        }
        #[cfg(feature = "postgres")]
        Backend::Server(server) => {
            let backend = server.backend().clone();
            crate::blocking::run(move || -> Result<Option<String>, WebError> {
                let hash = keel_app::auth::token_hash(&token);
                let Some(user) = backend.calendar_feed_user(&hash)? else {
                    return Ok(None);
                };
                let mut store = backend.store(user);
                Ok(Some(calendar::export(&mut store, now)?))
            })
            .await
        }
    };
    let text = outcome
        .map_err(|e| WebError::Internal(format!("background task failed: {e}")))??
        .ok_or_else(unknown)?;
    Ok((
        [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
        text,
    )
        .into_response())
}
