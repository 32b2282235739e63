//! Every request gets an id, sent back in the `X-Request-Id` header. A
//! server error (5xx) is logged once, here, with that id, the request's
//! method and path and the cause the error carried; the error page and the
//! API's error body show the same id, so a user's report leads straight to
//! the log line. The cause never goes into the answer.
//!
//! The id lives in a task-local for the rest of the request, so the error
//! types can put it in their bodies without being handed it; errors record
//! their cause as a response extension ([`Cause`]) for this middleware. A
//! handler that panics is answered here as a 500 too, its message the
//! cause, rather than dropping the connection with no answer.

use std::collections::hash_map::RandomState;
use std::future::Future;
use std::hash::BuildHasher;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::response::{IntoResponse, Response};

use crate::error::WebError;
use crate::error::api::ApiError;

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

/// Runs `answer` as the request with this id, so [`current`] gives it.
pub async fn scope<F: Future>(id: String, answer: F) -> F::Output {
    CURRENT.scope(id, answer).await
}

/// A new id: this process's random prefix (so that ids differ across
/// restarts and across the processes of one service) and a counter.
pub(crate) fn new_id() -> String {
    static PREFIX: OnceLock<u32> = OnceLock::new();
    static NEXT: AtomicU64 = AtomicU64::new(1);
    // The standard library seeds each RandomState from the OS.
    let prefix = *PREFIX.get_or_init(|| {
        #[allow(clippy::cast_possible_truncation)]
        let bits = RandomState::new().hash_one(std::process::id()) as u32;
        bits
    });
    format!("{prefix:08x}-{:x}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// Answers `request` with `run` as the request [`current`] names (run by
/// [`crate::layers::outer`], inside `ops::observe`, which gave the id and
/// puts it in `X-Request-Id`): a panic in `run` is a 500 like any other
/// error, and a server error is logged with its cause.
pub(crate) async fn caught<F>(request: Request, run: impl FnOnce(Request) -> F) -> Response
where
    F: Future<Output = Response> + Send + 'static,
{
    let id = current().unwrap_or_else(new_id);
    let method = request.method().clone();
    // A cheap copy (shared bytes), read only when the answer is an error.
    let uri = request.uri().clone();
    let api = uri.path().starts_with("/api/");
    let mut response = match CatchPanic(Box::pin(run(request))).await {
        Ok(response) => response,
        // A bug, not the user's doing: a 500 like any other, its message
        // the cause.
        Err(message) => {
            let error = WebError::Internal(format!("panic: {message}"));
            if api {
                ApiError::from(error).into_response()
            } else {
                error.into_response()
            }
        }
    };
    let status = response.status();
    if status.is_server_error() {
        let path = uri.path();
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
    response
}

/// A request's answer, or the message of a panic while making it.
struct CatchPanic(Pin<Box<dyn Future<Output = Response> + Send>>);

impl Future for CatchPanic {
    type Output = Result<Response, String>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let inner = &mut self.0;
        match std::panic::catch_unwind(AssertUnwindSafe(|| inner.as_mut().poll(cx))) {
            Ok(Poll::Ready(response)) => Poll::Ready(Ok(response)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(payload) => Poll::Ready(Err(payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "unknown panic".to_owned()))),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn ids_differ_and_are_header_safe() {
        let (a, b) = (new_id(), new_id());
        assert_ne!(a, b);
        assert!(axum::http::HeaderValue::from_str(&a).is_ok());
        assert!(current().is_none(), "no id outside a request");
    }

    async fn panics() -> &'static str {
        panic!("a bug in a handler")
    }

    /// A handler that panics answers 500 with the request id (a page, or the
    /// API's JSON), instead of dropping the connection.
    #[tokio::test]
    async fn a_panic_is_a_500_with_its_id() {
        use axum::body::{Body, to_bytes};
        use tower::ServiceExt;

        let dir = tempfile::tempdir().unwrap();
        let store = keel_store::SqliteStore::open(&dir.path().join("keel.db")).unwrap();
        let state = crate::AppState::new(store, None);
        let app = crate::routes::Routes::new()
            .get("/boom", panics)
            .get("/api/v1/boom", panics)
            .into_router()
            .layer(axum::middleware::from_fn_with_state(
                state.clone(),
                crate::layers::outer,
            ))
            .with_state(state);
        for path in ["/boom", "/api/v1/boom"] {
            let request = axum::http::Request::get(path).body(Body::empty()).unwrap();
            let response = app.clone().oneshot(request).await.unwrap();
            assert_eq!(
                response.status(),
                axum::http::StatusCode::INTERNAL_SERVER_ERROR
            );
            let id = response.headers()[HEADER].to_str().unwrap().to_owned();
            let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
            let body = String::from_utf8(body.to_vec()).unwrap();
            assert!(body.contains(&id), "{path}: {body}");
            assert!(!body.contains("a bug in a handler"), "{path}: {body}");
        }
    }
}
