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
mod csrf;
mod error;
mod feed;
mod forms;
mod layout;
mod state;
mod viewer;

pub mod pages;
pub mod routes;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;

use routes::Routes;

pub use error::WebError;
pub use state::AppState;
pub use viewer::Viewer;

/// The whole web app.
pub fn router(state: AppState) -> Router {
    #[cfg(feature = "postgres")]
    let server = state.server_backend().is_some();
    #[cfg(not(feature = "postgres"))]
    let server = false;
    let pages = guarded_routes(server).into_router().merge(api::routes());
    #[cfg(feature = "postgres")]
    let pages = pages.layer(middleware::from_fn_with_state(
        state.clone(),
        accounts::resolve,
    ));
    open_routes()
        .into_router()
        .merge(
            // Layers wrap every route above them; the last is outermost, so
            // a cross-site post is refused before any session lookup.
            pages
                .layer(middleware::from_fn(csrf::check))
                .layer(DefaultBodyLimit::max(forms::MAX_BODY_BYTES)),
        )
        .with_state(state)
}

/// The routes outside every layer: the compiled-in assets, and the
/// calendar feed (its secret URL is its own key).
fn open_routes() -> Routes {
    Routes::new()
        .get("/assets/{name}", assets::serve)
        .get("/calendar/{file}", feed::serve)
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
