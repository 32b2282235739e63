//! The admin's account management, as the admin pages
//! (`accounts/coach/{users,roles}.rs`, `accounts/admin.rs`) and
//! `keel user ...`: list accounts, add one (the password hashed with
//! argon2 by [`auth::hash_password`]), change a role, delete an account
//! with all its data (`?confirm=NAME`, like the page's typed
//! confirmation), reset a password (which ends that account's sessions).
//! Only an admin may; anyone else gets 403. The store refuses to demote or
//! delete the server's last admin (422).

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use keel_app::accounts::is_admin;
use keel_app::auth::{self, AuthError, Role};
use keel_core::InputError;
use serde::{Deserialize, Serialize};

use super::account::{Signed, blocking};
use super::coach::PageParams;
use super::error::{ApiError, Json, Path, Query};
use super::paging::{Page, PageQuery};
use crate::AppState;

/// A signed-in admin.
pub struct Admin(pub Signed);

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let signed = Signed::from_request_parts(parts, state).await?;
        if is_admin(&signed.me) {
            Ok(Admin(signed))
        } else {
            Err(ApiError::forbidden("only an admin can manage accounts"))
        }
    }
}

#[derive(Debug, Serialize)]
pub struct User {
    pub name: String,
    pub role: String,
    /// False for accounts made without one (they cannot log in).
    pub has_password: bool,
    pub disabled: bool,
    pub created_at: jiff::Timestamp,
}

/// `GET /api/v1/admin/users`: every account by name, a page at a time.
pub async fn list(
    Admin(signed): Admin,
    Query(query): Query<PageParams>,
) -> Result<axum::Json<Page<User>>, ApiError> {
    let paging = PageQuery::new(query.page, query.per_page)?;
    let all = blocking(move || Ok(signed.backend.list_users()?)).await?;
    Ok(axum::Json(paging.page(all, "/api/v1/admin/users?").map(
        |a| User {
            name: a.name,
            role: a.role,
            has_password: a.has_password,
            disabled: a.disabled,
            created_at: a.created_at,
        },
    )))
}

fn role(text: &str) -> Result<Role, ApiError> {
    Ok(Role::parse(text).map_err(|e| e.in_field("role"))?)
}

/// argon2 of `password`, with the password rules' 422 naming `password`.
fn hash(password: &str) -> Result<String, ApiError> {
    auth::hash_password(password).map_err(|e| match e {
        AuthError::Invalid(input) => InputError::new("password", input.message).into(),
        other => ApiError::from(crate::WebError::Internal(other.to_string())),
    })
}

/// 404 for an account name that does not exist.
fn existing(signed: &Signed, name: &str) -> Result<(), ApiError> {
    match signed.backend.user_by_name(name)? {
        Some(_) => Ok(()),
        None => Err(ApiError::not_found(format!(
            "there is no account called {name:?}"
        ))),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    pub name: String,
    /// `athlete`, `coach` or `admin`.
    pub role: String,
    /// Exactly as typed: spaces are part of it.
    pub password: String,
}

/// `POST /api/v1/admin/users`.
pub async fn add(Admin(signed): Admin, Json(body): Json<NewUser>) -> Result<Response, ApiError> {
    let role = role(&body.role)?;
    let added = blocking(move || {
        let hash = hash(&body.password)?;
        let added = signed.backend.add_user(&body.name, role.slug(), &hash)?;
        Ok(serde_json::json!({ "name": body.name.trim(), "role": added.role }))
    })
    .await?;
    Ok((StatusCode::CREATED, axum::Json(added)).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleChange {
    pub role: String,
}

/// `PATCH /api/v1/admin/users/{name}`: the role.
pub async fn change_role(
    Admin(signed): Admin,
    Path(name): Path<String>,
    Json(body): Json<RoleChange>,
) -> Result<axum::Json<serde_json::Value>, ApiError> {
    let role = role(&body.role)?;
    let answer = blocking(move || {
        existing(&signed, &name)?;
        signed.backend.set_role(&name, role.slug())?;
        Ok(serde_json::json!({ "name": name, "role": role.slug() }))
    })
    .await?;
    Ok(axum::Json(answer))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeleteQuery {
    /// The account's name again: the typed confirmation.
    pub confirm: Option<String>,
}

/// `DELETE /api/v1/admin/users/{name}?confirm=NAME`: the account and all
/// its data.
pub async fn delete(
    Admin(signed): Admin,
    Path(name): Path<String>,
    Query(query): Query<DeleteQuery>,
) -> Result<axum::Json<serde_json::Value>, ApiError> {
    if query.confirm.as_deref().map(str::trim) != Some(name.trim()) {
        return Err(ApiError::invalid(
            "confirm",
            format!(
                "add ?confirm={name} (the account's name again) to delete it and all its data; \
                 nothing was deleted"
            ),
        ));
    }
    let answer = blocking(move || {
        existing(&signed, &name)?;
        signed.backend.delete_user(&name)?;
        Ok(serde_json::json!({ "name": name, "status": "deleted" }))
    })
    .await?;
    Ok(axum::Json(answer))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewPassword {
    /// Exactly as typed: spaces are part of it.
    pub password: String,
}

/// `POST /api/v1/admin/users/{name}/password`: a new password; that
/// account's sessions end and its API tokens are revoked.
pub async fn reset_password(
    Admin(signed): Admin,
    Path(name): Path<String>,
    Json(body): Json<NewPassword>,
) -> Result<axum::Json<serde_json::Value>, ApiError> {
    let answer = blocking(move || {
        existing(&signed, &name)?;
        let hash = hash(&body.password)?;
        let reset = signed.backend.set_password(&name, &hash)?;
        Ok(serde_json::json!({
            "name": name,
            "status": "password-reset",
            "sessions_ended": reset.sessions_ended,
            "tokens_revoked": reset.tokens_revoked,
            "message": format!("The password of {name} was reset; {}.", reset.summary()),
        }))
    })
    .await?;
    Ok(axum::Json(answer))
}
