//! The middleware around the routes, folded into two layers: [`outer`] on
//! every route, [`pages`] on the pages, account pages and the API (with
//! the body limit).
//!
//! Why two and not one a rule: each `middleware::from_fn` layer boxes its
//! future and, on every request, clones the whole stack of layers below it
//! (axum's `Next`). With a layer a rule, that cost more instructions than
//! answering the kept today page itself (issue 20). Each rule still lives
//! in its own module as a plain function; here they are only put in order.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;
use crate::{csrf, headers, hosts, idempotency, ops, request_id};

/// Every answer, refusals included, outermost first: logged and counted
/// with its request id (`ops::observe`); a request for another host name
/// is answered 421 before anything else (`hosts`, against DNS rebinding);
/// a panic is a 500 and a server error is logged with its cause
/// (`request_id`); the shared-device headers (`headers::secure`).
pub async fn outer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    ops::observe(request, |request| async move {
        if let Some(refused) = hosts::refusal(state.allowed_hosts(), &request) {
            return refused;
        }
        let mut response = request_id::caught(request, |request| next.run(request)).await;
        headers::secure(response.headers_mut());
        response
    })
    .await
}

/// The pages, account pages and the API: a cross-site post is refused
/// before any session lookup (`csrf`); on a server the request's
/// credential is resolved to its account (`accounts::resolve`); a write's
/// request key is checked for that account (`idempotency`); no answer is
/// stored by a browser or proxy (`headers::no_store`).
pub async fn pages(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = match csrf::refusal(state.allowed_hosts(), &request) {
        Some(refused) => refused,
        None => {
            signed_in(&state, request, |request| {
                idempotency::check(&state, request, |request| next.run(request))
            })
            .await
        }
    };
    headers::no_store(response.headers_mut());
    response
}

/// `next` for the request's account, when the app has accounts.
#[cfg(feature = "postgres")]
async fn signed_in<F>(
    state: &AppState,
    request: Request,
    next: impl FnOnce(Request) -> F,
) -> Response
where
    F: Future<Output = Response>,
{
    crate::accounts::resolve(state, request, next).await
}

#[cfg(not(feature = "postgres"))]
async fn signed_in<F>(_: &AppState, request: Request, next: impl FnOnce(Request) -> F) -> Response
where
    F: Future<Output = Response>,
{
    next(request).await
}
