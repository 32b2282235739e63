//! Every request gets an id, sent back in the `X-Request-Id` header. A
//! server error (5xx) is logged once, here, with that id, the request's
//! method and path and the cause the error carried; the error page and the
//! API's error body show the same id, so a user's report leads straight to
//! the log line. The cause never goes into the answer.
//!
//! The id lives in a task-local for the rest of the request, so the error
//! types can put it in their bodies without being handed it; errors record
//! their cause as a response extension ([`Cause`]) for this middleware.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

/// The header that carries the id on every answer.
pub const HEADER: &str = "x-request-id";

tokio::task_local! {
    static CURRENT: String;
}

/// What went wrong inside, attached to an error response for the log only.
#[derive(Debug, Clone)]
pub struct Cause(pub String);

/// The id of the request being answered, when called within one.
pub fn current() -> Option<String> {
    CURRENT.try_with(Clone::clone).ok()
}

/// A new id: this process's start (seconds, hex) and a counter, so ids
/// differ across restarts and within a run.
fn next_id() -> String {
    static START: OnceLock<u64> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(1);
    let start = *START
        .get_or_init(|| u64::try_from(jiff::Timestamp::now().as_second()).unwrap_or_default());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{start:x}-{n}")
}

/// Middleware (outermost): tags the request, and logs a server error with
/// its cause.
pub async fn tag(request: Request, next: Next) -> Response {
    let id = next_id();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let mut response = CURRENT.scope(id.clone(), next.run(request)).await;
    let status = response.status();
    if status.is_server_error() {
        let cause = response
            .extensions_mut()
            .remove::<Cause>()
            .map_or_else(|| "no cause recorded".to_owned(), |c| c.0);
        if status == axum::http::StatusCode::SERVICE_UNAVAILABLE {
            tracing::warn!(request_id = %id, %method, %path, status = status.as_u16(), %cause, "database unavailable");
        } else {
            tracing::error!(request_id = %id, %method, %path, status = status.as_u16(), %cause, "request failed");
        }
    }
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(HEADER, value);
    }
    response
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn ids_differ_and_are_header_safe() {
        let (a, b) = (next_id(), next_id());
        assert_ne!(a, b);
        assert!(HeaderValue::from_str(&a).is_ok());
        assert!(current().is_none(), "no id outside a request");
    }
}
