//! Invitations: `POST /coach/invite` (a coach invites an athlete by name),
//! `GET /invitations` and `POST /invitations/{coach}/accept` (the athlete
//! answers). The invitations page also lists the coaches the athlete
//! accepted, each with a button to withdraw their access ([`super::links`]).

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{Html, Redirect};
use maud::html;

use super::{account, backend, blocking, coach};
use crate::accounts::link_with_named;
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

/// The coaches whose invitation the signed-in account has not answered
/// yet, for the notice on today's page; none on the local app.
pub async fn pending(state: &AppState, viewer: &Viewer) -> Result<Vec<String>, WebError> {
    let (Some(me), Ok(backend)) = (viewer.account().cloned(), backend(state)) else {
        return Ok(Vec::new());
    };
    let pending = blocking(move || Ok(backend.invitations_of(me.id)?)).await?;
    Ok(pending.into_iter().map(|c| c.name).collect())
}

pub async fn list(State(state): State<AppState>, viewer: Viewer) -> Result<Html<String>, WebError> {
    let me = account(&viewer)?;
    let backend = backend(&state)?;
    let (pending, coaches) =
        blocking(move || Ok((backend.invitations_of(me.id)?, backend.coaches_of(me.id)?))).await?;
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
                        form method="post" action=(link(&c.name, "accept")) {
                            button type="submit" { "Accept " (c.name) }
                        }
                        form method="post" action=(link(&c.name, "withdraw")) {
                            button.secondary type="submit" { "Decline " (c.name) }
                        }
                    }
                }
            }
        }
        section.card aria-labelledby="coaches-h" {
            h2 #coaches-h { "Your coaches" }
            @if coaches.is_empty() {
                p { "No coach sees your training." }
            } @else {
                p.why { "Withdrawing a coach's access stops them seeing your training or "
                    "changing your settings; the changes they made stay in your record." }
                ul {
                    @for c in &coaches {
                        li {
                            strong { (c.name) } " sees your training. "
                            form method="post" action=(link(&c.name, "withdraw")) {
                                button type="submit" { "Withdraw " (c.name) "'s access" }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(Html(layout::page("Invitations", body).into_string()))
}

/// `/invitations/{coach}/{action}`.
fn link(coach: &str, action: &str) -> String {
    format!(
        "/invitations/{}/{action}",
        super::super::path_segment(coach)
    )
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
        link_with_named(&backend, &coach_name, none, |coach| {
            backend.accept(me.id, coach)
        })
    })
    .await?;
    Ok(Redirect::to("/invitations"))
}
