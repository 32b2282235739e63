//! Who a coach-server API request is, with the answers the coach pages
//! give: on the local app (no accounts) 404 `accounts_only`; without a
//! valid credential 401; a coach route asked by an account that may not
//! coach 403.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use jiff::civil::Date;
use keel_app::accounts::{athlete_named, can_coach};
use keel_store_postgres::{LinkedUser, SignedIn};

use super::error::ApiError;
use super::viewer::ApiViewer;
use crate::AppState;
use crate::server::Db;

/// A signed-in account on the coach server, with the backend.
pub struct Signed {
    pub backend: Db,
    pub me: SignedIn,
    pub today: Date,
}

impl FromRequestParts<AppState> for Signed {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        // The local app first: it has no accounts to sign in to.
        let backend = state
            .server_backend()
            .map(|server| server.backend().clone())
            .ok_or_else(ApiError::accounts_only)?;
        let viewer = ApiViewer::from_request_parts(parts, state).await?;
        let me = viewer
            .account()
            .cloned()
            .ok_or_else(ApiError::accounts_only)?;
        Ok(Signed {
            backend,
            me,
            today: viewer.today(),
        })
    }
}

/// A signed-in account that may coach (the coach or admin role).
pub struct Coach(pub Signed);

impl FromRequestParts<AppState> for Coach {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let signed = Signed::from_request_parts(parts, state).await?;
        if can_coach(&signed.me) {
            Ok(Coach(signed))
        } else {
            Err(ApiError::forbidden(
                "only a coach (or an admin) can use the coach routes",
            ))
        }
    }
}

/// `name`, when that athlete accepted `coach`; otherwise 404, the same
/// answer whether or not the name exists.
pub fn athlete_of(backend: &Db, coach: &SignedIn, name: &str) -> Result<LinkedUser, ApiError> {
    athlete_named(&**backend, coach.id, name)?
        .ok_or_else(|| ApiError::not_found(format!("no athlete of yours is named {name:?}")))
}

/// Runs blocking database work off the async threads.
pub async fn blocking<T, F>(f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
{
    crate::blocking::run(f).await.map_err(|e| {
        ApiError::from(crate::WebError::Internal(format!(
            "background task failed: {e}"
        )))
    })?
}
