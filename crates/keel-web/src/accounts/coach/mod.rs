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
mod invite;
mod links;
mod roles;
mod users;

use keel_app::accounts::{LinkChange, athlete_named, can_coach, change_link};
use keel_store_postgres::{LinkedUser, SignedIn};

use crate::error::WebError;
use crate::routes::Routes;
use crate::server::Db;
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
    athlete_named(&**backend, coach.id, name)?
        .ok_or_else(|| WebError::NotFound(format!("no athlete of yours is named {name:?}.")))
}

/// Applies `change` between `me` and the account named `other`; `refused`
/// when there is no such link, which is also the answer for an unknown
/// name (keel-app's [`change_link`]).
async fn relink(
    state: &AppState,
    me: &SignedIn,
    change: LinkChange,
    other: String,
    refused: WebError,
) -> Result<(), WebError> {
    let backend = backend(state)?;
    let me = me.id;
    let changed = blocking(move || Ok(change_link(&*backend, me, change, &other)?)).await?;
    if changed { Ok(()) } else { Err(refused) }
}
