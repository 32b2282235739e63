//! Request keys at the door, for the pages and the JSON API alike: a write
//! (`POST`, `PATCH`, `PUT`, `DELETE`) may carry a key, as the
//! `Idempotency-Key` header or a form's hidden `idempotency_key` field
//! ([`field`]). The rule itself is keel-app's ([`keel_app::idempotency`]);
//! this layer only reads the key, answers a retry with the first answer
//! (with `Idempotent-Replayed: true`), hands the key to the request's store
//! (the [`crate::Viewer`] wraps it) and keeps the answer afterwards.

use axum::body::{Body, Bytes};
use axum::extract::{FromRequestParts, Request};
use std::sync::OnceLock;

use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use keel_app::idempotency::{self, Claim, FORM_FIELD, Seen};
use keel_store::KeptAnswer;
use maud::{Markup, html};

use crate::error::WebError;
use crate::error::api::ApiError;
use crate::{AppState, Viewer, forms, layout};

/// The header a client sends its key in.
pub const HEADER: &str = "idempotency-key";

/// The header on an answer replayed for a retry.
pub const REPLAYED: &str = "idempotent-replayed";

/// The largest answer kept for a retry; a bigger one is sent but not kept.
const MAX_ANSWER_BYTES: usize = 1024 * 1024;

/// A page form's hidden key field: a fresh key each time the form is shown,
/// so sending the same form twice (a double tap, Back and send again, a
/// reload of the post) stores it once.
pub fn field() -> Markup {
    match idempotency::new_key() {
        Ok(key) => html! { input type="hidden" name=(FORM_FIELD) value=(key); },
        // Without a random source the form still works, unkeyed.
        Err(_) => html! {},
    }
}

/// Whether `method` on `path` is one of the app's writing routes.
fn routed_write(method: &Method, path: &str) -> bool {
    static WRITES: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    if !matches!(
        *method,
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    ) {
        return false;
    }
    let writes = WRITES.get_or_init(|| {
        crate::routes::listed(true)
            .into_iter()
            .filter(|(m, _)| matches!(*m, "POST" | "PUT" | "PATCH" | "DELETE"))
            .collect()
    });
    writes
        .iter()
        .any(|(m, pattern)| *m == method.as_str() && path_matches(pattern, path))
}

/// Whether `path` fits a route `pattern`, where `{name}` stands for one
/// segment.
fn path_matches(pattern: &str, path: &str) -> bool {
    let (mut want, mut got) = (pattern.split('/'), path.split('/'));
    loop {
        match (want.next(), got.next()) {
            (None, None) => return true,
            (Some(w), Some(g)) if w.starts_with('{') && !g.is_empty() => {}
            (Some(w), Some(g)) if w == g => {}
            _ => return false,
        }
    }
}

/// The rule at the door (see the module's documentation), around `next`:
/// run by [`crate::layers::pages`], inside the account resolution.
pub(crate) async fn check<F>(
    state: &AppState,
    request: Request,
    next: impl FnOnce(Request) -> F,
) -> Response
where
    F: Future<Output = Response>,
{
    // Only writes take a key: a read, or a method the path does not have
    // (TRACE, a PUT where only POST is routed), goes on to its own answer.
    if !routed_write(request.method(), request.uri().path()) {
        return next(request).await;
    }
    let api = request.uri().path().starts_with("/api/");
    let header_key = request.headers().get(HEADER).cloned();
    let form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if header_key.is_none() && !form {
        return next(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, forms::MAX_BODY_BYTES).await else {
        return too_large(api);
    };
    let (sent, bytes) = match header_key {
        Some(value) => (Some(value.to_str().unwrap_or("\u{0}").to_string()), bytes),
        None => take_form_key(bytes),
    };
    let Some(sent) = sent else {
        return next(Request::from_parts(parts, Body::from(bytes))).await;
    };
    let from_form = form && !parts.headers.contains_key(HEADER);
    let name = if from_form {
        FORM_FIELD
    } else {
        "Idempotency-Key"
    };
    let key = match idempotency::parse_key(&sent, name) {
        Ok(key) => key,
        Err(err) if api => {
            return ApiError {
                status: StatusCode::BAD_REQUEST,
                code: "bad_idempotency_key",
                ..ApiError::from(err)
            }
            .into_response();
        }
        Err(err) => return WebError::from(err).into_response(),
    };
    let target = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path().to_string(), |p| p.as_str().to_string());
    let fingerprint = idempotency::fingerprint(parts.method.as_str(), &target, &bytes);
    let key = if from_form {
        idempotency::form_key(&key, &fingerprint)
    } else {
        key
    };
    let claim = Claim::new(key, fingerprint);
    // Whoever the request acts for; without a session the handler refuses.
    let Ok(viewer) = Viewer::from_request_parts(&mut parts, state).await else {
        return next(Request::from_parts(parts, Body::from(bytes))).await;
    };
    let looked = claim.clone();
    let seen = viewer
        .with_store(move |store| Ok(idempotency::look_up(store, &looked)))
        .await;
    match seen {
        Ok(Ok(Seen::New)) => {}
        Ok(Ok(Seen::Answered(answer))) => return replay(answer),
        Ok(Ok(Seen::StoredWithoutAnswer)) => return stored_earlier(api),
        Ok(Err(err)) if api => return ApiError::from(err).into_response(),
        Ok(Err(err)) => return WebError::from(err).into_response(),
        Err(err) if api => return ApiError::from(err).into_response(),
        Err(err) => return err.into_response(),
    }
    parts.extensions.insert(claim.clone());
    let response = next(Request::from_parts(parts, Body::from(bytes))).await;
    let (answer_parts, body) = response.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_ANSWER_BYTES).await else {
        return WebError::Internal("the answer was too large to keep".into()).into_response();
    };
    let status = answer_parts.status;
    let header_text = |name| {
        answer_parts
            .headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
            .map(str::to_string)
    };
    let answer = KeptAnswer {
        status: status.as_u16(),
        content_type: header_text(header::CONTENT_TYPE),
        location: header_text(header::LOCATION),
        body: body.to_vec(),
    };
    let success = status.is_success() || status.is_redirection();
    // Not kept (the database went away meanwhile): the retry is told the
    // change was stored, or runs again if it was not.
    let _ = viewer
        .with_store(move |store| Ok(idempotency::keep(store, &claim, &answer, success)?))
        .await;
    Response::from_parts(answer_parts, Body::from(body))
}

/// The form's key field taken out of a urlencoded body (the handlers never
/// see it), and the rest of the body as sent.
fn take_form_key(bytes: Bytes) -> (Option<String>, Bytes) {
    let prefix = format!("{FORM_FIELD}=");
    let text = String::from_utf8_lossy(&bytes);
    let mut key = None;
    let rest: Vec<&str> = text
        .split('&')
        .filter(|pair| match pair.strip_prefix(&prefix) {
            Some(value) if key.is_none() => {
                key = Some(value.to_string());
                false
            }
            _ => true,
        })
        .collect();
    match key {
        Some(key) => (Some(key), Bytes::from(rest.join("&"))),
        None => (None, bytes),
    }
}

/// The first answer again, marked as a replay.
fn replay(answer: KeptAnswer) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let mut response = (status, answer.body).into_response();
    let headers = response.headers_mut();
    headers.remove(header::CONTENT_TYPE);
    for (name, value) in [
        (header::CONTENT_TYPE, answer.content_type),
        (header::LOCATION, answer.location),
    ] {
        if let Some(value) = value.and_then(|v| HeaderValue::from_str(&v).ok()) {
            headers.insert(name, value);
        }
    }
    headers.insert(REPLAYED, HeaderValue::from_static("true"));
    response
}

/// The message when a key's change was stored but its answer was not kept.
pub const STORED_EARLIER: &str = "a request with this key was stored earlier (its answer was \
     not kept: the connection was lost before it was sent, or that request is still \
     finishing); nothing more was written. Read the current state to see it";

fn stored_earlier(api: bool) -> Response {
    let mut response = if api {
        (
            StatusCode::OK,
            axum::Json(serde_json::json!({ "stored": true, "message": STORED_EARLIER })),
        )
            .into_response()
    } else {
        layout::page(
            "Already saved",
            html! {
                section.notice role="status" {
                    h1 { "Already saved" }
                    p { "This form was sent before and is saved; nothing more was written." }
                    p { a href="/" { "Back to today" } }
                }
            },
        )
        .into_response()
    };
    response
        .headers_mut()
        .insert(REPLAYED, HeaderValue::from_static("true"));
    response
}

fn too_large(api: bool) -> Response {
    if api {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            format!("the body is larger than {} bytes", forms::MAX_BODY_BYTES),
        )
        .into_response()
    } else {
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            "Failed to buffer the request body: length limit exceeded",
        )
            .into_response()
    }
}
