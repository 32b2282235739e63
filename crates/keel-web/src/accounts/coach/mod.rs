//! The coach side of the server: a coach invites athletes, sees a dashboard
//! of those who accepted, and adjusts an athlete's settings (each change
//! recorded with who made it). An athlete answers invitations and can
//! withdraw a coach's access, a coach can drop an athlete; an admin lists,
//! adds, re-roles and deletes accounts.
//!
//! Who may see what: the coach pages need the coach (or admin) role, else
//! 403; an athlete's page needs that athlete to have accepted this coach,
//! else 404 whether or not the name exists: probing athletes' pages tells
//! a coach nothing about anyone's data or links. Account names themselves
//! are not secret (an invitation to an unknown name says there is no such
//! account, so a mistyped name is caught at once).

mod athlete;
mod cache;
mod changes;
mod dashboard;
pub(super) mod invite;
mod links;
mod roles;
mod users;

use keel_app::auth::Role;
use keel_store_postgres::{LinkedUser, SignedIn};

use crate::accounts::Db;

use crate::error::WebError;
use crate::routes::Routes;
use crate::state::AppState;
use crate::viewer::Viewer;

pub fn routes() -> Routes {
    Routes::new()
        .get("/coach", dashboard::show)
        .post("/coach/invite", invite::send)
        .get("/coach/athlete/{name}", athlete::show)
        .post("/coach/athlete/{name}/settings", athlete::change)
        .get("/invitations", invite::list)
        .post("/invitations/{coach}/accept", invite::accept)
        .post("/invitations/{coach}/withdraw", links::withdraw)
        .post("/coach/athlete/{name}/drop", links::drop_athlete)
        .post("/admin/users/{name}/role", roles::change)
        .get("/admin/users/{name}/delete", roles::confirm)
        .post("/admin/users/{name}/delete", roles::delete)
        .get("/admin/users", users::list)
        .post("/admin/users", users::add)
        .get("/settings/changes", changes::mine)
}

/// Whether `user` may invite athletes and open the coach pages.
pub fn can_coach(user: &SignedIn) -> bool {
    matches!(Role::parse(&user.role), Ok(Role::Coach | Role::Admin))
}

/// Where a signed-in account without a training profile of its own starts:
/// a coach on the dashboard, where their work is, rather than on athlete
/// onboarding. `None` for anyone else (and on the local app): an admin is
/// often the household's own athlete (the first account is the admin).
pub fn home_without_profile(viewer: &Viewer) -> Option<&'static str> {
    viewer
        .account()
        .filter(|user| matches!(Role::parse(&user.role), Ok(Role::Coach)))
        .map(|_| "/coach")
}

/// The signed-in account, when it may coach.
fn coach(viewer: &Viewer) -> Result<SignedIn, WebError> {
    let user = account(viewer)?;
    if can_coach(&user) {
        Ok(user)
    } else {
        Err(WebError::Forbidden(
            "Only a coach can open the coach pages.".into(),
        ))
    }
}

fn account(viewer: &Viewer) -> Result<SignedIn, WebError> {
    viewer
        .account()
        .cloned()
        .ok_or_else(|| WebError::NotFound("this app has no accounts".into()))
}

fn backend(state: &AppState) -> Result<Db, WebError> {
    state
        .server_backend()
        .map(|server| server.backend().clone())
        .ok_or_else(|| WebError::NotFound("this app has no accounts".into()))
}

/// Runs blocking database work off the async threads.
async fn blocking<T, F>(f: F) -> Result<T, WebError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, WebError> + Send + 'static,
{
    crate::blocking::run(f)
        .await
        .map_err(|e| WebError::Internal(format!("background task failed: {e}")))?
}

/// `name`, when that athlete accepted `coach`; otherwise not found, the
/// same answer whether or not the name exists.
fn athlete_of(backend: &Db, coach: &SignedIn, name: &str) -> Result<LinkedUser, WebError> {
    backend
        .athletes_of(coach.id)?
        .into_iter()
        .find(|a| a.name == name)
        .ok_or_else(|| WebError::NotFound(format!("no athlete of yours is named {name:?}.")))
}
