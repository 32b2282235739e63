//! An admin changes an account's role (`POST /admin/users/{name}/role`)
//! or deletes it with all its data (`GET /admin/users/{name}/delete`
//! asks, `POST` with the account's name typed into `confirm` does it, as
//! `keel user delete --yes`). The server's last admin can be neither
//! demoted nor deleted.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{Html, Redirect};
use keel_app::auth::Role;
use maud::html;

use super::users::admin;
use super::{backend, blocking};
use crate::error::WebError;
use crate::forms::Fields;
use crate::layout;
use crate::server::encode::path_segment;
use crate::state::AppState;
use crate::viewer::Viewer;

pub async fn change(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(name): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Redirect, WebError> {
    admin(&viewer)?;
    let backend = backend(&state)?;
    let role = Role::parse(fields.required("role", "Role")?).map_err(|e| e.in_field("Role"))?;
    blocking(move || Ok(backend.set_role(&name, role.slug())?)).await?;
    Ok(Redirect::to("/admin/users"))
}

pub async fn confirm(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(name): Path<String>,
) -> Result<Html<String>, WebError> {
    admin(&viewer)?;
    let backend = backend(&state)?;
    let shown = name.clone();
    let (account, last_admin) = blocking(move || {
        let all = backend.list_users()?;
        let admins = all.iter().filter(|a| a.role == Role::Admin.slug()).count();
        let account = all
            .into_iter()
            .find(|a| a.name == name.trim())
            .ok_or_else(|| WebError::NotFound(format!("there is no account named {name:?}.")))?;
        let last_admin = account.role == Role::Admin.slug() && admins <= 1;
        Ok((account, last_admin))
    })
    .await?;
    let action = format!("/admin/users/{}/delete", path_segment(&shown));
    let body = html! {
        h1 { "Delete " (shown) "?" }
        p { a href="/admin/users" { "Back to the accounts" } }
        section.notice.error role="alert" {
            p { "This deletes the " (account.role) " account " strong { (shown) }
                " with its whole training history: plans, assessments, logged sets and "
                "check-ins. It cannot be undone." }
        }
        @if last_admin {
            p { strong { (shown) } " is the server's last admin, so it cannot be deleted; "
                "make another account admin first." }
        } @else {
            form method="post" action=(action) {
                label for="confirm" { "Type the account's name to confirm" }
                input #confirm type="text" name="confirm" autocomplete="off"
                    autocapitalize="none" required;
                button type="submit" { "Delete " (shown) " and all their data" }
            }
        }
    };
    Ok(Html(layout::page("Delete an account", body).into_string()))
}

pub async fn delete(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(name): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Redirect, WebError> {
    admin(&viewer)?;
    let backend = backend(&state)?;
    if fields.get("confirm") != Some(name.trim()) {
        return Err(WebError::Invalid(format!(
            "Confirm: type the account's name {name:?} to delete it and all its data."
        )));
    }
    blocking(move || Ok(backend.delete_user(&name)?)).await?;
    Ok(Redirect::to("/admin/users"))
}
