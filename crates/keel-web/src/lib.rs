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
mod csrf;
mod error;
mod forms;
mod layout;
mod state;
mod viewer;

pub mod pages;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::get;

pub use error::WebError;
pub use state::AppState;
pub use viewer::Viewer;

/// The whole web app.
pub fn router(state: AppState) -> Router {
    let pages = pages::routes().merge(api::routes());
    #[cfg(feature = "postgres")]
    let pages = if state.server_backend().is_some() {
        pages.merge(accounts::routes())
    } else {
        pages
    };
    #[cfg(feature = "postgres")]
    let pages = pages.layer(middleware::from_fn_with_state(
        state.clone(),
        accounts::resolve,
    ));
    Router::new()
        .route("/assets/{name}", get(assets::serve))
        .merge(
            // Layers wrap every route above them; the last is outermost, so
            // a cross-site post is refused before any session lookup.
            pages
                .layer(middleware::from_fn(csrf::check))
                .layer(DefaultBodyLimit::max(forms::MAX_BODY_BYTES)),
        )
        .with_state(state)
}
