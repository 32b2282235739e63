//! Ending a coach's access to an athlete, from either side:
//! `POST /invitations/{coach}/withdraw` (the athlete withdraws an accepted
//! coach's access, or declines a pending invitation) and
//! `POST /coach/athlete/{name}/drop` (the coach stops coaching an athlete,
//! or cancels an invitation). Afterwards the coach gets 404 on that
//! athlete, as a coach who was never invited does. Settings changes the
//! coach made stay in the athlete's record.

use axum::extract::{Path, State};
use axum::response::Redirect;
use keel_app::accounts::LinkChange;

use super::{account, coach, relink};
use crate::error::WebError;
use crate::state::AppState;
use crate::viewer::Viewer;

pub async fn withdraw(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(coach_name): Path<String>,
) -> Result<Redirect, WebError> {
    let me = account(&viewer)?;
    // An unknown name gets the same answer as a name that never coached.
    let refused = WebError::Invalid(format!("Coach: {coach_name:?} is not your coach."));
    relink(&state, &me, LinkChange::Withdraw, coach_name, refused).await?;
    Ok(Redirect::to("/invitations"))
}

pub async fn drop_athlete(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(name): Path<String>,
) -> Result<Redirect, WebError> {
    let me = coach(&viewer)?;
    // Not found, as on the athlete's page, whether or not the name exists.
    let refused = WebError::NotFound(format!("no athlete of yours is named {name:?}."));
    relink(&state, &me, LinkChange::Drop, name, refused).await?;
    Ok(Redirect::to("/coach"))
}
