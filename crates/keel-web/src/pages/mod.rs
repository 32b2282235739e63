//! One module per page group; `routes` mounts them all.

mod assess;
mod checkin;
mod history;
mod onboarding;
mod plan;
mod profile_form;
mod progress;
mod report;
mod session;
mod settings;
mod today;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;

use crate::AppState;
use crate::{csrf, forms};

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(onboarding::routes())
        .merge(plan::routes())
        .merge(progress::routes())
        .merge(report::routes())
        .merge(assess::routes())
        .merge(settings::routes())
        .merge(today::routes())
        .merge(session::routes())
        .merge(history::routes())
        .merge(checkin::routes())
        // Layers last: they wrap every route merged above.
        .layer(middleware::from_fn(csrf::check))
        .layer(DefaultBodyLimit::max(forms::MAX_BODY_BYTES))
}
