//! Invitations: `POST /coach/invite` (a coach invites an athlete by name),
//! `GET /invitations` and `POST /invitations/{coach}/accept` (the athlete
//! answers).

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{Html, Redirect};
use maud::html;

use super::{account, backend, blocking, coach};
use crate::error::WebError;
use crate::forms::Fields;
use crate::layout;
use crate::state::AppState;
use crate::viewer::Viewer;

pub async fn send(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(fields): Form<Fields>,
) -> Result<Redirect, WebError> {
    let me = coach(&viewer)?;
    let backend = backend(&state)?;
    let name = fields.required("athlete", "Athlete")?.to_string();
    blocking(move || {
        let athlete = backend.user_by_name(&name)?.ok_or_else(|| {
            WebError::Invalid(format!("Athlete: there is no account named {name:?}."))
        })?;
        Ok(backend.invite(me.id, athlete.id)?)
    })
    .await?;
    Ok(Redirect::to("/coach"))
}

pub async fn list(State(state): State<AppState>, viewer: Viewer) -> Result<Html<String>, WebError> {
    let me = account(&viewer)?;
    let backend = backend(&state)?;
    let pending = blocking(move || Ok(backend.invitations_of(me.id)?)).await?;
    let body = html! {
        h1 { "Invitations" }
        p { a href="/settings/changes" { "Changes your coaches made to your settings" } }
        @if pending.is_empty() {
            p { "No coach has invited you." }
        } @else {
            p.why { "A coach you accept sees your training and can change your settings; "
                "every change they make is recorded with their name." }
            ul {
                @for c in &pending {
                    li {
                        strong { (c.name) } " invites you. "
                        form method="post"
                            action=(format!("/invitations/{}/accept", super::super::percent_encode(&c.name))) {
                            button type="submit" { "Accept " (c.name) }
                        }
                    }
                }
            }
        }
    };
    Ok(Html(layout::page("Invitations", body).into_string()))
}

pub async fn accept(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(coach_name): Path<String>,
) -> Result<Redirect, WebError> {
    let me = account(&viewer)?;
    let backend = backend(&state)?;
    blocking(move || {
        // An unknown name gets the same answer as a name that never invited.
        let none =
            || WebError::Invalid(format!("Coach: no pending invitation from {coach_name:?}."));
        let coach = backend.user_by_name(&coach_name)?.ok_or_else(none)?;
        backend
            .accept(me.id, coach.id)
            .map_err(|e| match WebError::from(e) {
                WebError::Invalid(_) => none(),
                other => other,
            })
    })
    .await?;
    Ok(Redirect::to("/invitations"))
}
