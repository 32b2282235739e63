//! Ending a coach's access to an athlete, from either side:
//! `POST /invitations/{coach}/withdraw` (the athlete withdraws an accepted
//! coach's access, or declines a pending invitation) and
//! `POST /coach/athlete/{name}/drop` (the coach stops coaching an athlete,
//! or cancels an invitation). Afterwards the coach gets 404 on that
//! athlete, as a coach who was never invited does. Settings changes the
//! coach made stay in the athlete's record.

use axum::extract::{Path, State};
use axum::response::Redirect;

use super::{account, backend, blocking, coach};
use crate::accounts::link_with_named;
use crate::error::WebError;
use crate::state::AppState;
use crate::viewer::Viewer;

pub async fn withdraw(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(coach_name): Path<String>,
) -> Result<Redirect, WebError> {
    let me = account(&viewer)?;
    let backend = backend(&state)?;
    blocking(move || {
        // An unknown name gets the same answer as a name that never coached.
        let none = || WebError::Invalid(format!("Coach: {coach_name:?} is not your coach."));
        link_with_named(&backend, &coach_name, none, |coach| {
            backend.withdraw_coach(me.id, coach)
        })
    })
    .await?;
    Ok(Redirect::to("/invitations"))
}

pub async fn drop_athlete(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(name): Path<String>,
) -> Result<Redirect, WebError> {
    let me = coach(&viewer)?;
    let backend = backend(&state)?;
    blocking(move || {
        // Not found, as on the athlete's page, whether or not the name exists.
        let none = || WebError::NotFound(format!("no athlete of yours is named {name:?}."));
        link_with_named(&backend, &name, none, |athlete| {
            backend.drop_athlete(me.id, athlete)
        })
    })
    .await?;
    Ok(Redirect::to("/coach"))
}
