//! The account pages of a coach server (feature `postgres`): login and
//! logout, the admin's account management, and the coach pages
//! ([`coach`]). The store keeps only hashes; hashing, the login throttle
//! and the account rules are keel-app's ([`keel_app::auth`],
//! [`keel_app::accounts`]).
//!
//! [`resolve`] runs before every page: it turns a session cookie (or an
//! `Authorization: Bearer` API token) into the signed-in account once per
//! request, for the [`crate::Viewer`] extractor and the page header.
//!
//! Like the pages and the API, this part imports neither of them: what
//! they share is in [`crate::server`] and keel-app.

mod admin;
mod coach;
mod cookie;
mod login;
mod throttle;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use keel_app::accounts::{can_coach, is_admin};
use keel_app::auth::token_hash;
use keel_store_postgres::ApiToken;

use crate::error::WebError;
use crate::error::api::ApiError;
use crate::layout;
use crate::routes::Routes;
use crate::server::Resolved;
use crate::state::AppState;

pub use cookie::SESSION_COOKIE;
// Where they were before the common module; the binary and the tests use
// these paths.
pub use crate::server::{Db, ServerSettings, UserStore};

/// The login and logout routes (mounted only on a server).
pub fn routes() -> Routes {
    Routes::new()
        .get("/login", login::show)
        .post("/login", login::submit)
        .post("/logout", login::logout)
        .get("/admin/password", admin::show)
        .post("/admin/password", admin::reset)
        .merge(coach::routes())
}

/// Resolves the request's credential to its account, if any, around
/// `next` (run by [`crate::layers::pages`]).
///
/// A bearer token that is malformed, unknown, revoked or expired is
/// answered here with a 401 JSON error saying which: only API clients send
/// `Authorization: Bearer`, and a refused token must not fall back to
/// anything else.
pub(crate) async fn resolve<F>(
    state: &AppState,
    mut request: Request,
    next: impl FnOnce(Request) -> F,
) -> Response
where
    F: Future<Output = Response>,
{
    let Some(server) = state.server_backend() else {
        return next(request).await;
    };
    if cookie::malformed_bearer(request.headers()) {
        return token_refused(
            "the Authorization header is not `Bearer <token>` with a Keel API token \
             (64 hexadecimal characters from `keel token create NAME`)",
        );
    }
    let Some(credential) = cookie::credential(request.headers()) else {
        return next(request).await;
    };
    // An API client gets even a failure to look its credential up in the
    // API's JSON error shape, never an HTML page.
    let api_client = matches!(credential, cookie::Credential::Bearer(_))
        || request.uri().path().starts_with("/api/");
    let backend = server.backend().clone();
    let now = server.settings().clock.now();
    let found = crate::blocking::run(move || match credential {
        cookie::Credential::Session(token) => backend
            .session_user(&token_hash(&token), now)
            .map(|user| Ok(user.map(|user| Resolved { user }))),
        cookie::Credential::Bearer(token) => {
            let hash = token_hash(&token);
            match backend.token_user(&hash, now)? {
                Some(user) => Ok(Ok(Some(Resolved { user }))),
                None => Ok(Err(why_refused(backend.api_token_by_hash(&hash)?, now))),
            }
        }
    })
    .await;
    match found {
        Ok(Ok(Ok(Some(resolved)))) => {
            let shown = layout::Shown {
                name: resolved.user.name.clone(),
                admin: is_admin(&resolved.user),
                coach: can_coach(&resolved.user),
            };
            request.extensions_mut().insert(resolved);
            layout::signed_in_as(shown, next(request)).await
        }
        Ok(Ok(Ok(None))) => next(request).await,
        Ok(Ok(Err(why))) => token_refused(&why),
        Ok(Err(err)) if api_client => ApiError::from(err).into_response(),
        Ok(Err(err)) => WebError::from(err).into_response(),
        Err(err) => {
            let err = WebError::Internal(format!("background task failed: {err}"));
            if api_client {
                ApiError::from(err).into_response()
            } else {
                err.into_response()
            }
        }
    }
}

/// Why an API token that [`PgBackend::token_user`] refused at `now` does
/// not work, from its row (`None`: no token has that hash).
fn why_refused(token: Option<ApiToken>, now: Timestamp) -> String {
    let again = "create a new one with `keel token create NAME`";
    match token {
        None => format!("this API token is unknown (never issued, or mistyped); {again}"),
        Some(ApiToken {
            revoked_at: Some(at),
            ..
        }) => format!("this API token was revoked at {at}; {again}"),
        Some(token) if token.is_expired(now) => {
            let at = token
                .expires_at
                .map(|at| at.to_string())
                .unwrap_or_default();
            format!("this API token expired at {at}; {again}")
        }
        Some(_) => "this API token's account is disabled; ask the server's admin".to_string(),
    }
}

/// The 401 an API client gets for a token that does not work: the API's
/// one JSON error shape.
fn token_refused(why: &str) -> Response {
    ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", why).into_response()
}

/// Where to go after login: `next` when it is a path on this server, else
/// today's page (never another site: `//host` and `\` are refused).
fn local_path(next: Option<&str>) -> &str {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && !path.chars().any(char::is_control)
                && !path.starts_with("/login") =>
        {
            path
        }
        _ => "/",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert_eq!(local_path(Some("/history?x=1")), "/history?x=1");
        for refused in [
            None,
            Some("https://evil.example/"),
            Some("//evil.example"),
            Some("/\\evil.example"),
            Some("/login?next=/"),
            Some(""),
        ] {
            assert_eq!(local_path(refused), "/", "{refused:?}");
        }
    }
}
