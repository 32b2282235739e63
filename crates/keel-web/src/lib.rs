//! Keel in the browser: an axum router serving phone-first HTML pages over
//! the same store the CLI uses. Handlers call the synchronous store through
//! `spawn_blocking`; the services in keel-app decide nothing themselves
//! either — keel-core decides, as everywhere.

mod assets;
mod csrf;
mod error;
mod forms;
mod layout;
mod state;

pub mod pages;

use axum::Router;
use axum::routing::get;

pub use error::WebError;
pub use state::AppState;

/// The whole web app.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/assets/{name}", get(assets::serve))
        .merge(pages::routes())
        .with_state(state)
}
