//! Keel in the browser: an axum router serving phone-first HTML pages over
//! the same store the CLI uses. Handlers reach the store through the
//! [`Viewer`] extractor, on a blocking thread; the services in keel-app
//! decide nothing themselves either — keel-core decides, as everywhere.
//!
//! Two backends: one local SQLite file with no login ([`AppState::new`]),
//! or (feature `postgres`) many accounts on a PostgreSQL server
//! ([`AppState::server`]), where every page needs a login.

#[cfg(feature = "postgres")]
pub mod accounts;
pub mod api;
mod assets;
mod blocking;
pub mod clock;
mod csrf;
mod error;
mod feed;
mod forms;
mod headers;
pub mod hosts;
pub mod idempotency;
mod kept_page;
mod layers;
mod layout;
pub mod listen;
pub mod ops;
mod state;
pub mod tls;
mod viewer;

pub mod pages;
pub mod request_id;
pub mod routes;
#[cfg(feature = "postgres")]
mod server;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;

use routes::Routes;

pub use error::WebError;
pub use hosts::AllowedHosts;
pub use state::AppState;
pub use viewer::Viewer;

/// The whole web app. Every answer carries an `X-Request-Id` and the
/// shared-device headers (`headers`); a server error is logged with its
/// cause under that id (`request_id`).
pub fn router(state: AppState) -> Router {
    #[cfg(feature = "postgres")]
    let server = state.server_backend().is_some();
    #[cfg(not(feature = "postgres"))]
    let server = false;
    let pages = guarded_routes(server).into_router().merge(api::routes());
    open_routes()
        .into_router()
        .merge(
            // Layers wrap every route above them; the last is outermost.
            pages
                .layer(middleware::from_fn_with_state(state.clone(), layers::pages))
                .layer(DefaultBodyLimit::max(forms::MAX_BODY_BYTES)),
        )
        // Outermost: every answer, refusals included, is logged and counted,
        // and a request for another host name is answered 421 before
        // anything else (DNS rebinding).
        .layer(middleware::from_fn_with_state(state.clone(), layers::outer))
        .with_state(state)
}

pub use ops::metrics_router;

/// The routes outside every layer but the log: the compiled-in assets and
/// the favicon, the health and readiness probes, and the calendar feed (its
/// secret URL is its own key).
fn open_routes() -> Routes {
    Routes::new()
        .get("/assets/{name}", assets::serve)
        .get("/favicon.ico", assets::favicon)
        .get("/calendar/{file}", feed::serve)
        .merge(ops::probe_routes())
}

/// The pages, and on a server (`server`) the account pages, all behind the
/// account resolution, the cross-site check and the body limit.
fn guarded_routes(server: bool) -> Routes {
    let pages = pages::routes();
    #[cfg(feature = "postgres")]
    let pages = if server {
        pages.merge(accounts::routes())
    } else {
        pages
    };
    #[cfg(not(feature = "postgres"))]
    let _ = server;
    pages
}
