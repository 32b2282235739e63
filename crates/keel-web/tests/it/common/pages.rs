//! Signed-in page requests against the server backend, as a browser sends
//! them: accounts that log in through the form, GETs with the session
//! cookie and same-site form posts.

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use keel_app::auth::hash_password;
use keel_store_postgres::UserId;
use keel_web::accounts::SESSION_COOKIE;
use tower::ServiceExt;

use super::form::form_request;
use super::pg::PgApp;
use super::{HOST, ORIGIN};

/// The password every account these helpers make signs in with.
pub const PASSWORD: &str = "correct horse battery";

/// What a page request answered.
pub struct Reply {
    pub status: StatusCode,
    pub location: String,
    pub body: String,
    /// The session token a login set.
    pub token: Option<String>,
}

/// The browser's side of the server app. A trait rather than inherent
/// methods so that test files with their own `add`/`send`/`get`/`post` on
/// PgApp (accounts.rs) keep them: only files that import it use these.
pub trait Browser {
    /// A new account with PASSWORD, not signed in.
    fn add(&self, name: &str, role: &str) -> UserId;
    /// A new account, signed in: its id and session token.
    fn account(&self, name: &str, role: &str) -> (UserId, String);
    fn send(&self, request: Request<Body>) -> Reply;
    /// A signed-in GET.
    fn get(&self, uri: &str, token: &str) -> Reply;
    /// A signed-in, same-site form POST.
    fn post(&self, uri: &str, token: &str, form: &[(&str, &str)]) -> Reply;
}

// Calls go through `Browser::` so they never pick up a test file's own
// inherent method of the same name.
impl Browser for PgApp {
    fn add(&self, name: &str, role: &str) -> UserId {
        let hash = hash_password(PASSWORD).unwrap();
        self.backend.add_user(name, role, &hash).unwrap().id
    }

    fn account(&self, name: &str, role: &str) -> (UserId, String) {
        let id = Browser::add(self, name, role);
        let form = [("name", name), ("password", PASSWORD)];
        let reply = Browser::send(self, form_request("/login", None, &form, ORIGIN));
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        (id, reply.token.expect("a session cookie"))
    }

    fn send(&self, request: Request<Body>) -> Reply {
        self.runtime.block_on(async {
            let (parts, body) = self
                .router
                .clone()
                .oneshot(request)
                .await
                .unwrap()
                .into_parts();
            let text = |name| {
                parts
                    .headers
                    .get(name)
                    .map(|v: &header::HeaderValue| v.to_str().unwrap().to_string())
            };
            let token = text(header::SET_COOKIE).and_then(|set| {
                set.strip_prefix(&format!("{SESSION_COOKIE}="))
                    .and_then(|v| v.split(';').next())
                    .map(str::to_string)
            });
            let bytes = to_bytes(body, usize::MAX).await.unwrap();
            Reply {
                status: parts.status,
                location: text(header::LOCATION).unwrap_or_default(),
                body: String::from_utf8(bytes.to_vec()).unwrap(),
                token,
            }
        })
    }

    fn get(&self, uri: &str, token: &str) -> Reply {
        let request = Request::get(uri)
            .header(header::HOST, HOST)
            .header(header::COOKIE, format!("{SESSION_COOKIE}={token}"))
            .body(Body::empty())
            .unwrap();
        Browser::send(self, request)
    }

    fn post(&self, uri: &str, token: &str, form: &[(&str, &str)]) -> Reply {
        Browser::send(self, form_request(uri, Some(token), form, ORIGIN))
    }
}
