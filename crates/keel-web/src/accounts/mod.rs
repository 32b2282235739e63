//! Accounts on the server (feature `postgres`): who a request is, login and
//! logout. The store keeps only hashes; hashing and the login throttle are
//! keel-app's ([`keel_app::auth`]).
//!
//! [`resolve`] runs before every page: it turns a session cookie (or an
//! `Authorization: Bearer` API token) into the signed-in account once per
//! request, for the [`crate::Viewer`] extractor and the page header.

mod admin;
mod coach;
mod cookie;
mod db;
mod login;
mod serial;

use axum::extract::{Request, State};
use axum::http::{StatusCode, header, request::Parts};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::{SignedDuration, Timestamp};
use keel_app::auth::{
    KeptCounts, Locked, LoginThrottle, Role, ThrottleKey, ThrottleSettings, token_hash,
};
use keel_store::StoreError;
use keel_store_postgres::{ApiToken, SignedIn, UserId};

use crate::error::WebError;
use crate::error::api::ApiError;
use crate::layout;
use crate::routes::Routes;
use crate::state::AppState;

pub use coach::home_without_profile;
pub use coach::invite::pending as pending_invitations;
pub use cookie::SESSION_COOKIE;
pub use db::{Db, UserStore};

/// How long a browser session lasts after login, in days.
pub const SESSION_DAYS: i64 = 14;

/// The numbers and switches of the server's accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerSettings {
    /// How long a session lasts after login.
    pub session_ttl: SignedDuration,
    /// Failed logins allowed, and for how long a name or client is locked.
    pub throttle: ThrottleSettings,
    /// Mark the session cookie `Secure` on every response (serving behind
    /// HTTPS). Without it only requests a proxy marked `X-Forwarded-Proto:
    /// https` get a Secure cookie.
    pub secure_cookies: bool,
    /// Reverse proxies whose `X-Forwarded-For` is believed: only when the
    /// TCP peer is one of these does the login throttle count the client by
    /// the forwarded address (see [`login::client_address`]). Empty: the
    /// header is ignored, so a client cannot spoof its way out of a lockout.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// What "now" is for session and token expiry and the login throttle.
    pub clock: crate::clock::Clock,
}

impl Default for ServerSettings {
    fn default() -> Self {
        ServerSettings {
            session_ttl: SignedDuration::from_hours(24 * SESSION_DAYS),
            throttle: ThrottleSettings::default(),
            secure_cookies: false,
            trusted_proxies: Vec::new(),
            clock: crate::clock::Clock::default(),
        }
    }
}

/// The accounts side of the app state.
pub struct Server {
    backend: Db,
    settings: ServerSettings,
    /// Logins in progress, one at a time per name and per client.
    serial: serial::Serial,
}

impl Server {
    pub fn new(backend: Db, settings: ServerSettings) -> Server {
        Server {
            backend,
            serial: serial::Serial::default(),
            settings,
        }
    }

    pub fn backend(&self) -> &Db {
        &self.backend
    }

    /// Whether any of `keys` is locked at `now`, by the failed logins kept
    /// in the database (shared by every server process on it).
    async fn throttle_check(
        &self,
        keys: &[ThrottleKey],
        now: Timestamp,
    ) -> Result<Result<(), Locked>, WebError> {
        let backend = self.backend.clone();
        let settings = self.settings.throttle;
        let keys = keys.to_vec();
        crate::blocking::run(move || {
            let stored: Vec<String> = keys.iter().map(ThrottleKey::stored).collect();
            let rows = backend.throttle_rows(&stored)?;
            let throttle = LoginThrottle::with_counts(settings, kept(&keys, rows));
            Ok(throttle.check(&keys, now))
        })
        .await
        .map_err(|e| WebError::Internal(format!("background task failed: {e}")))?
    }

    /// Applies `outcome` (a failure or a success) to the counts of `keys`
    /// in the database, atomically; then whether any of them is locked.
    async fn throttle_record(
        &self,
        keys: &[ThrottleKey],
        now: Timestamp,
        outcome: fn(&mut LoginThrottle, &[ThrottleKey], Timestamp),
    ) -> Result<Result<(), Locked>, WebError> {
        let backend = self.backend.clone();
        let settings = self.settings.throttle;
        let keys = keys.to_vec();
        crate::blocking::run(move || {
            let stored: Vec<String> = keys.iter().map(ThrottleKey::stored).collect();
            // Rows idle this long are gone from every count.
            let stale = now
                .checked_sub(settings.window)
                .and_then(|t| t.checked_sub(settings.lockout))
                .unwrap_or(now);
            let mut verdict = Ok(());
            backend.update_throttle(
                &stored,
                now.as_microsecond(),
                stale.as_microsecond(),
                &mut |rows: Vec<keel_store_postgres::ThrottleRow>| {
                    let mut throttle = LoginThrottle::with_counts(settings, kept(&keys, rows));
                    outcome(&mut throttle, &keys, now);
                    verdict = throttle.check(&keys, now);
                    keys.iter()
                        .map(|key| {
                            let counts = throttle.counts(key);
                            keel_store_postgres::ThrottleRow {
                                key: key.stored(),
                                failures: counts
                                    .failures
                                    .into_iter()
                                    .map(Timestamp::as_microsecond)
                                    .collect(),
                                locked_until: counts.locked_until.map(|t| t.as_microsecond()),
                            }
                        })
                        .collect()
                },
            )?;
            Ok(verdict)
        })
        .await
        .map_err(|e| WebError::Internal(format!("background task failed: {e}")))?
    }
}

/// The kept rows of `keys` as the throttle's counts (a row whose times are
/// out of range counts as none).
fn kept(
    keys: &[ThrottleKey],
    rows: Vec<keel_store_postgres::ThrottleRow>,
) -> Vec<(ThrottleKey, KeptCounts)> {
    let time = |us: i64| Timestamp::from_microsecond(us).ok();
    rows.into_iter()
        .filter_map(|row| {
            let key = keys.iter().find(|k| k.stored() == row.key)?.clone();
            let counts = KeptCounts {
                failures: row.failures.into_iter().filter_map(time).collect(),
                locked_until: row.locked_until.and_then(time),
            };
            Some((key, counts))
        })
        .collect()
}

/// How the account of a request was established.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// The browser's session cookie.
    Session,
    /// An API token in `Authorization: Bearer`.
    Token,
}

/// The signed-in account of a request (a request extension set by [`resolve`]).
#[derive(Debug, Clone)]
pub struct Resolved {
    pub user: SignedIn,
    pub via: Via,
}

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

/// Middleware: resolves the request's credential to its account, if any.
///
/// A bearer token that is malformed, unknown, revoked or expired is
/// answered here with a 401 JSON error saying which: only API clients send
/// `Authorization: Bearer`, and a refused token must not fall back to
/// anything else.
pub async fn resolve(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let Some(server) = state.server_backend() else {
        return next.run(request).await;
    };
    if cookie::malformed_bearer(request.headers()) {
        return token_refused(
            "the Authorization header is not `Bearer <token>` with a Keel API token \
             (64 hexadecimal characters from `keel token create NAME`)",
        );
    }
    let Some(credential) = cookie::credential(request.headers()) else {
        return next.run(request).await;
    };
    // An API client gets even a failure to look its credential up in the
    // API's JSON error shape, never an HTML page.
    let api_client = matches!(credential, cookie::Credential::Bearer(_))
        || request.uri().path().starts_with("/api/");
    let backend = server.backend().clone();
    let now = server.settings.clock.now();
    let found = crate::blocking::run(move || match credential {
        cookie::Credential::Session(token) => {
            backend.session_user(&token_hash(&token), now).map(|user| {
                Ok(user.map(|user| Resolved {
                    user,
                    via: Via::Session,
                }))
            })
        }
        cookie::Credential::Bearer(token) => {
            let hash = token_hash(&token);
            match backend.token_user(&hash, now)? {
                Some(user) => Ok(Ok(Some(Resolved {
                    user,
                    via: Via::Token,
                }))),
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
                coach: coach::can_coach(&resolved.user),
            };
            request.extensions_mut().insert(resolved);
            layout::signed_in_as(shown, next.run(request)).await
        }
        Ok(Ok(Ok(None))) => next.run(request).await,
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

/// Runs `link` (accept, withdraw, drop) with the account named `name`. An
/// unknown name and a link the store refuses both give `none()`, so the
/// answer never tells whether the name exists.
pub(crate) fn link_with_named<E: From<StoreError>>(
    backend: &Db,
    name: &str,
    none: impl Fn() -> E,
    link: impl FnOnce(UserId) -> keel_store::Result<()>,
) -> Result<(), E> {
    let other = backend.user_by_name(name)?.ok_or_else(&none)?;
    match link(other.id) {
        Err(StoreError::Invalid(_)) => Err(none()),
        done => Ok(done?),
    }
}

/// Whether `user` may manage accounts.
pub fn is_admin(user: &SignedIn) -> bool {
    Role::parse(&user.role) == Ok(Role::Admin)
}

/// The account [`resolve`] found for this request.
pub fn signed_in(parts: &Parts) -> Option<SignedIn> {
    parts
        .extensions
        .get::<Resolved>()
        .map(|resolved| resolved.user.clone())
}

/// The answer to a request that needs an account and has none: an API
/// client (it sent `Authorization`) gets 401; a browser is sent to the
/// login page, which brings it back here afterwards (a page it was on, for
/// a form post, since a post cannot be replayed).
pub fn sign_in_first(parts: &Parts) -> Response {
    if cookie::has_authorization(&parts.headers) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "This API token is unknown or revoked.",
        )
            .into_response();
    }
    let next = if parts.method == axum::http::Method::GET {
        parts
            .uri
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/")
    } else {
        "/"
    };
    Redirect::to(&format!("/login?next={}", percent_encode(next))).into_response()
}

/// `text` as a URL query value (a path: its slashes stay).
fn percent_encode(text: &str) -> String {
    encode_but(text, b"-._~/")
}

/// An account name (or any text) as one segment of a link's path: a "/",
/// "?", "#" or "%" in it is encoded, so the link reaches the route's
/// `{name}` whole.
fn path_segment(text: &str) -> String {
    encode_but(text, b"-._~")
}

/// `text` percent-encoded, but for ASCII letters, digits and `keep`.
fn encode_but(text: &str, keep: &[u8]) -> String {
    use std::fmt::Write as _;
    text.bytes().fold(String::new(), |mut out, b| {
        if b.is_ascii_alphanumeric() || keep.contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
        out
    })
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

    #[test]
    fn next_is_percent_encoded() {
        assert_eq!(percent_encode("/plan?week=2&x"), "/plan%3Fweek%3D2%26x");
    }

    #[test]
    fn a_name_in_a_link_is_one_path_segment() {
        assert_eq!(path_segment("ann/lee"), "ann%2Flee");
        assert_eq!(path_segment("a b?c#d%e"), "a%20b%3Fc%23d%25e");
        assert_eq!(path_segment("Zoë"), "Zo%C3%AB");
        assert_eq!(path_segment("plain-name_1.x~"), "plain-name_1.x~");
    }
}
