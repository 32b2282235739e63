//! What the pages, the API and the account pages of a coach server
//! (feature `postgres`) share: the database handle ([`Db`]), the server's
//! settings and state ([`Server`]), and who a request is ([`signed_in`],
//! set by [`crate::accounts::resolve`]). Transport glue only: the rules of
//! accounts (who is admin, linking a coach by name) are keel-app's
//! ([`keel_app::accounts`]), so none of the three parts imports another.

mod db;
pub mod encode;
pub(crate) mod serial;

use axum::http::{StatusCode, header, request::Parts};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::SignedDuration;
use keel_app::auth::ThrottleSettings;
use keel_store_postgres::SignedIn;

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
    /// the forwarded address (see the login page's `client_address`).
    /// Empty: the header is ignored, so a client cannot spoof its way out
    /// of a lockout.
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

    pub fn settings(&self) -> &ServerSettings {
        &self.settings
    }

    /// The logins in progress (see [`serial`]).
    pub(crate) fn serial(&self) -> &serial::Serial {
        &self.serial
    }
}

/// The signed-in account of a request (a request extension set by
/// [`crate::accounts::resolve`], from a session cookie or an API token).
#[derive(Debug, Clone)]
pub struct Resolved {
    pub user: SignedIn,
}

/// The account [`crate::accounts::resolve`] found for this request.
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
    if parts.headers.contains_key(header::AUTHORIZATION) {
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
    Redirect::to(&format!("/login?next={}", encode::query_value(next))).into_response()
}
