//! The middleware around the routes, folded into two layers: [`outer`] on
//! every route, [`pages`] on the pages, account pages and the API.
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
use crate::{csrf, headers, hosts, ops, request_id};

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
/// before any session lookup (`csrf`), and no answer is stored by a
/// browser or proxy (`headers::no_store`).
pub async fn pages(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = match csrf::refusal(state.allowed_hosts(), &request) {
        Some(refused) => refused,
        None => next.run(request).await,
    };
    headers::no_store(response.headers_mut());
    response
}
