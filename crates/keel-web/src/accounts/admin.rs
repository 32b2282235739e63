//! `GET/POST /admin/password`: an admin sets another account's password
//! (as `keel user reset-password`). The account's browser sessions end, so
//! whoever knew the old password is signed out, and its API tokens are
//! revoked.

use axum::Form;
use axum::extract::State;
use axum::response::Html;
use keel_app::accounts::is_admin;
use keel_app::auth::{self, AuthError};
use keel_store_postgres::SignedIn;
use maud::{Markup, html};

use crate::error::WebError;
use crate::forms::Fields;
use crate::layout;
use crate::state::AppState;
use crate::viewer::Viewer;

fn admin(viewer: &Viewer) -> Result<&SignedIn, WebError> {
    viewer
        .account()
        .filter(|user| is_admin(user))
        .ok_or_else(|| WebError::Forbidden("Only an admin can reset passwords.".into()))
}

pub async fn show(viewer: Viewer) -> Result<Html<String>, WebError> {
    admin(&viewer)?;
    Ok(Html(
        layout::page("Reset a password", form("")).into_string(),
    ))
}

pub async fn reset(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(fields): Form<Fields>,
) -> Result<Html<String>, WebError> {
    admin(&viewer)?;
    let server = state
        .server_backend()
        .ok_or_else(|| WebError::NotFound("this server has no accounts".into()))?;
    let name = fields.required("name", "Name")?.to_string();
    // Passwords exactly as typed: spaces are part of them.
    let raw = |key: &str| {
        fields
            .0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let (password, confirm) = (raw("password"), raw("confirm"));
    if password != confirm {
        return Err(WebError::Invalid(
            "New password and Confirm differ; type the same password twice.".into(),
        ));
    }
    let backend = server.backend().clone();
    let who = name.clone();
    let reset = crate::blocking::run(move || -> Result<_, WebError> {
        let hash = auth::hash_password(&password).map_err(|e| match e {
            AuthError::Invalid(input) => WebError::Invalid(input.to_string()),
            other => WebError::Internal(other.to_string()),
        })?;
        Ok(backend.set_password(&who, &hash)?)
    })
    .await
    .map_err(|e| WebError::Internal(format!("background task failed: {e}")))??;
    let body = html! {
        section.notice role="status" {
            p { "The password of " strong { (name) } " was reset; " (reset.summary()) ". "
                "Tell them the new password in person or by another safe channel, "
                "and that any app using a revoked token needs a new one." }
        }
        (form(""))
    };
    Ok(Html(layout::page("Reset a password", body).into_string()))
}

fn form(name: &str) -> Markup {
    html! {
        h1 { "Reset a password" }
        form method="post" action="/admin/password" {
            label for="name" { "Name" }
            input #name type="text" name="name" value=(name) autocomplete="off"
                autocapitalize="none" required;
            label for="password" { "New password" }
            input #password type="password" name="password" autocomplete="new-password"
                minlength=(auth::MIN_PASSWORD_CHARS) required;
            label for="confirm" { "Confirm" }
            input #confirm type="password" name="confirm" autocomplete="new-password" required;
            button type="submit" { "Reset the password" }
        }
    }
}
