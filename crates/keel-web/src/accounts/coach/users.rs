//! `GET/POST /admin/users`: an admin lists every account and adds one with
//! a role and a first password (as `keel user add`). Each row links to
//! changing the role and to deleting the account ([`super::roles`]).

use axum::Form;
use axum::extract::State;
use axum::response::{Html, Redirect};
use keel_app::accounts::is_admin;
use keel_app::auth::{self, AuthError, Role};
use maud::{Markup, html};

use super::{account, backend, blocking};
use crate::error::WebError;
use crate::forms::Fields;
use crate::layout;
use crate::server::encode::path_segment;
use crate::state::AppState;
use crate::viewer::Viewer;

/// Ok when the signed-in account is an admin, else 403.
pub(super) fn admin(viewer: &Viewer) -> Result<(), WebError> {
    account(viewer)
        .ok()
        .filter(is_admin)
        .map(|_| ())
        .ok_or_else(|| WebError::Forbidden("Only an admin can manage accounts.".into()))
}

pub async fn list(State(state): State<AppState>, viewer: Viewer) -> Result<Html<String>, WebError> {
    admin(&viewer)?;
    let backend = backend(&state)?;
    let users = blocking(move || Ok(backend.list_users()?)).await?;
    let body = html! {
        h1 { "Accounts" }
        div.scroll role="region" aria-label="Accounts table" tabindex="0" {
        table {
            thead { tr {
                th scope="col" { "Name" } th scope="col" { "Role" } th scope="col" { "State" }
                th scope="col" { "Created" } th scope="col" { "Change role" }
                th scope="col" { "Delete" }
            } }
            tbody {
                @for u in &users {
                    tr {
                        td { (u.name) } td { (u.role) }
                        td { @if u.disabled { "disabled" } @else if !u.has_password { "no password" } @else { "active" } }
                        td { (u.created_at.strftime("%Y-%m-%d")) }
                        td { (role_form(&u.name, &u.role)) }
                        td { a href=(format!("/admin/users/{}/delete", path_segment(&u.name))) {
                            "Delete " (u.name) "…"
                        } }
                    }
                }
            }
        }
        }
        section.card aria-labelledby="add-h" {
            h2 #add-h { "Add an account" }
            form method="post" action="/admin/users" {
                label for="name" { "Name" }
                input #name type="text" name="name" autocomplete="off" autocapitalize="none" required;
                label for="role" { "Role" }
                select #role name="role" {
                    @for r in Role::ALL { option value=(r.slug()) { (r.slug()) } }
                }
                label for="password" { "First password" }
                input #password type="password" name="password" autocomplete="new-password"
                    minlength=(auth::MIN_PASSWORD_CHARS) required;
                button type="submit" { "Add the account" }
            }
        }
    };
    Ok(Html(layout::page("Accounts", body).into_string()))
}

/// A role picker for one account, its current role selected.
fn role_form(name: &str, current: &str) -> Markup {
    let id = format!("role-{}", path_segment(name));
    html! {
        form method="post" action=(format!("/admin/users/{}/role", path_segment(name))) {
            label.visually-hidden for=(id) { "Role of " (name) }
            select id=(id) name="role" {
                @for r in Role::ALL {
                    option value=(r.slug()) selected[r.slug() == current] { (r.slug()) }
                }
            }
            button type="submit" { "Set" }
        }
    }
}

pub async fn add(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(fields): Form<Fields>,
) -> Result<Redirect, WebError> {
    admin(&viewer)?;
    let backend = backend(&state)?;
    let name = fields.required("name", "Name")?.to_string();
    let role = Role::parse(fields.required("role", "Role")?).map_err(|e| e.in_field("Role"))?;
    // The password exactly as typed: spaces are part of it.
    let password = fields
        .0
        .iter()
        .find(|(key, _)| key == "password")
        .map(|(_, value)| value.clone())
        .unwrap_or_default();
    blocking(move || {
        let hash = auth::hash_password(&password).map_err(|e| match e {
            AuthError::Invalid(input) => WebError::Invalid(input.to_string()),
            other => WebError::Internal(other.to_string()),
        })?;
        backend.add_user(&name, role.slug(), &hash)?;
        Ok(())
    })
    .await?;
    Ok(Redirect::to("/admin/users"))
}
