//! One module per page group; `routes` mounts them all (the CSRF check and
//! the body limit are layered on in [`crate::router`]).

pub(crate) mod assess;
mod checkin;
mod history;
mod onboarding;
pub(crate) mod outcomes;
mod plan;
pub(crate) mod problems;
pub(crate) mod profile_form;
mod progress;
mod report;
pub(crate) mod session;
mod settings;
mod today;
mod workout;

use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .merge(onboarding::routes())
        .merge(plan::routes())
        .merge(progress::routes())
        .merge(report::routes())
        .merge(assess::routes())
        .merge(settings::routes())
        .merge(today::routes())
        .merge(session::routes())
        .merge(workout::routes())
        .merge(history::routes())
        .merge(checkin::routes())
        .merge(outcomes::routes())
}
