//! Invitations: `POST /coach/invite` (a coach invites an athlete by name),
//! `GET /invitations` and `POST /invitations/{coach}/accept` (the athlete
//! answers). The invitations page also lists the coaches the athlete
//! accepted, each with a button to withdraw their access ([`super::links`]).

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{Html, Redirect};
use keel_app::accounts::{LinkChange, invite_named};
use maud::html;

use super::{account, backend, blocking, coach, relink};
use crate::error::WebError;
use crate::forms::Fields;
use crate::layout;
use crate::server::encode::path_segment;
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
    let asked = name.clone();
    let invited = blocking(move || Ok(invite_named(&*backend, me.id, &asked)?)).await?;
    if !invited {
        return Err(WebError::Invalid(format!(
            "Athlete: there is no account named {name:?}."
        )));
    }
    Ok(Redirect::to("/coach"))
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
    format!("/invitations/{}/{action}", path_segment(coach))
}

pub async fn accept(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(coach_name): Path<String>,
) -> Result<Redirect, WebError> {
    let me = account(&viewer)?;
    // An unknown name gets the same answer as a name that never invited.
    let refused = WebError::Invalid(format!("Coach: no pending invitation from {coach_name:?}."));
    relink(&state, &me, LinkChange::Accept, coach_name, refused).await?;
    Ok(Redirect::to("/invitations"))
}
