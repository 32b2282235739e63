//! Accounts on the server backend: login sets a strict HttpOnly cookie,
//! wrong and unknown names get the same refusal, failures are throttled,
//! logout ends the session, every page needs a session, and one athlete
//! can neither see nor change another's sets. Needs KEEL_TEST_POSTGRES_URL
//! (skips in one line without it); one private schema per test.
#![cfg(feature = "postgres")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::net::SocketAddr;

use axum::body::{Body, to_bytes};
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use jiff::SignedDuration;
use keel_app::auth::{ThrottleSettings, hash_password};
use keel_store::Store;
use keel_store_postgres::UserId;
use keel_web::accounts::{SESSION_COOKIE, ServerSettings};
use tower::ServiceExt;

use common::form::form_request;
use common::pg::PgApp;
use common::{HOST, ORIGIN, first_target, onboard};

const PASSWORD: &str = "correct horse battery";
/// Short enough for a test to wait out.
/// Long enough that only the server's clock, moved by the test, passes it.
const LOCKOUT: SignedDuration = SignedDuration::from_hours(1);

struct Reply {
    status: StatusCode,
    location: String,
    set_cookie: Option<String>,
    body: String,
}

impl Reply {
    /// The session token the reply set.
    fn token(&self) -> String {
        let set = self.set_cookie.as_deref().expect("a Set-Cookie header");
        let value = set
            .strip_prefix(&format!("{SESSION_COOKIE}="))
            .expect("the session cookie");
        value.split(';').next().unwrap().to_string()
    }
}

/// The server app with this file's own helpers.
struct App(PgApp);

impl std::ops::Deref for App {
    type Target = PgApp;
    fn deref(&self) -> &PgApp {
        &self.0
    }
}

impl App {
    fn new(test: &str) -> Option<App> {
        let settings = ServerSettings {
            throttle: ThrottleSettings {
                lockout: LOCKOUT,
                ..ThrottleSettings::default()
            },
            ..ServerSettings::default()
        };
        PgApp::start("keel_web_accounts", test, settings).map(App)
    }

    fn add(&self, name: &str) -> UserId {
        let hash = hash_password(PASSWORD).unwrap();
        self.backend.add_user(name, "athlete", &hash).unwrap().id
    }

    fn send(&self, mut request: Request<Body>, client: &str) -> Reply {
        let addr: SocketAddr = format!("{client}:50000").parse().unwrap();
        request.extensions_mut().insert(ConnectInfo(addr));
        self.runtime
            .block_on(Self::exchange(self.router.clone(), request))
    }

    async fn exchange(router: axum::Router, request: Request<Body>) -> Reply {
        let (parts, body) = router.oneshot(request).await.unwrap().into_parts();
        let header = |name| {
            parts
                .headers
                .get(name)
                .map(|v: &header::HeaderValue| v.to_str().unwrap().to_string())
        };
        let location = header(header::LOCATION).unwrap_or_default();
        let set_cookie = header(header::SET_COOKIE);
        let status = parts.status;
        let bytes = to_bytes(body, usize::MAX).await.unwrap();
        Reply {
            status,
            location,
            set_cookie,
            body: String::from_utf8(bytes.to_vec()).unwrap(),
        }
    }

    fn get(&self, uri: &str, token: Option<&str>) -> Reply {
        let mut request = Request::get(uri).header(header::HOST, HOST);
        if let Some(token) = token {
            request = request.header(header::COOKIE, format!("{SESSION_COOKIE}={token}"));
        }
        self.send(request.body(Body::empty()).unwrap(), "192.0.2.1")
    }

    fn post(&self, uri: &str, token: Option<&str>, form: &[(&str, &str)]) -> Reply {
        self.post_as(uri, token, form, "192.0.2.1", ORIGIN)
    }

    fn post_as(
        &self,
        uri: &str,
        token: Option<&str>,
        form: &[(&str, &str)],
        client: &str,
        origin: &str,
    ) -> Reply {
        self.send(form_request(uri, token, form, origin), client)
    }

    fn login(&self, name: &str, password: &str) -> Reply {
        self.post(
            "/login",
            None,
            &[("name", name), ("password", password), ("next", "/")],
        )
    }

    fn login_from(&self, name: &str, password: &str, client: &str) -> Reply {
        let form = [("name", name), ("password", password)];
        self.post_as("/login", None, &form, client, ORIGIN)
    }
}

impl App {
    /// `n` wrong logins for `name` sent at once; their statuses.
    fn burst(&self, name: &str, n: usize) -> Vec<StatusCode> {
        let body = format!("name={name}&password=not+the+password");
        self.runtime.block_on(async {
            let tasks: Vec<_> = (0..n)
                .map(|_| {
                    let mut request = Request::post("/login")
                        .header(header::HOST, HOST)
                        .header(header::ORIGIN, ORIGIN)
                        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                        .body(Body::from(body.clone()))
                        .unwrap();
                    let addr: SocketAddr = "192.0.2.9:50000".parse().unwrap();
                    request.extensions_mut().insert(ConnectInfo(addr));
                    tokio::spawn(Self::exchange(self.router.clone(), request))
                })
                .collect();
            let mut statuses = Vec::new();
            for task in tasks {
                statuses.push(task.await.unwrap().status);
            }
            statuses
        })
    }
}

#[test]
fn login_sets_a_strict_http_only_cookie_and_a_new_account_onboards() {
    let Some(app) = App::new("login") else { return };
    app.add("ana");
    let login = app.login("ana", PASSWORD);
    assert_eq!(login.status, StatusCode::SEE_OTHER, "{}", login.body);
    assert_eq!(login.location, "/");
    let set = login.set_cookie.clone().unwrap();
    for part in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set.contains(part), "{set}");
    }
    let token = login.token();
    // The database holds only the token's hash.
    assert!(
        app.backend
            .session_user(&token, jiff::Timestamp::now())
            .unwrap()
            .is_none()
    );

    // A new account has no profile yet: today sends it to onboarding.
    let today = app.get("/", Some(&token));
    assert_eq!(today.status, StatusCode::SEE_OTHER);
    assert_eq!(today.location, "/onboarding");
    let onboarding = app.get("/onboarding", Some(&token));
    assert_eq!(onboarding.status, StatusCode::OK);
    assert!(
        onboarding
            .body
            .contains("Signed in as <strong>ana</strong>"),
        "{}",
        onboarding.body
    );
    assert!(onboarding.body.contains("action=\"/logout\""));

    // Once signed in, the login page goes straight on.
    let again = app.get("/login?next=/plan", Some(&token));
    assert_eq!(again.location, "/plan");
}

#[test]
fn wrong_passwords_and_unknown_names_get_the_same_refusal_and_no_cookie() {
    let Some(app) = App::new("refusal") else {
        return;
    };
    app.add("ana");
    let wrong = app.login("ana", "not the password");
    let unknown = app.login("nobody", PASSWORD);
    for reply in [&wrong, &unknown] {
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert!(reply.set_cookie.is_none());
        assert!(
            reply
                .body
                .contains("That name and password do not match an account."),
            "{}",
            reply.body
        );
        // The form is labelled and shown again.
        assert!(reply.body.contains("<label for=\"password\">"));
    }
    // Nothing but the name differs between the two pages.
    assert_eq!(wrong.body.replace("ana", "nobody"), unknown.body);

    let empty = app.login("ana", "");
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("Password is empty"));
}

#[test]
fn five_failures_lock_the_account_until_the_lockout_passes() {
    let Some(app) = App::new("throttle") else {
        return;
    };
    app.add("ana");
    for attempt in 1..=4 {
        let reply = app.login("ana", "not the password");
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    let fifth = app.login("ana", "not the password");
    assert_eq!(fifth.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        fifth.body.contains("Try again in 60 minutes."),
        "{}",
        fifth.body
    );
    // The right password is refused too, from this client and from another
    // (the account itself is locked), with nothing set.
    for client in ["192.0.2.1", "198.51.100.7"] {
        let right = app.login_from("ana", PASSWORD, client);
        assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS, "{client}");
        assert!(right.set_cookie.is_none());
    }
    // An unknown name locks the same way: nothing tells them apart.
    for _ in 1..=4 {
        app.login_from("nobody", PASSWORD, "203.0.113.5");
    }
    let unknown = app.login_from("nobody", PASSWORD, "203.0.113.5");
    assert_eq!(unknown.status, StatusCode::TOO_MANY_REQUESTS);

    app.clock.advance(LOCKOUT + SignedDuration::from_secs(1));
    let after = app.login("ana", PASSWORD);
    assert_eq!(after.status, StatusCode::SEE_OTHER, "{}", after.body);
    assert!(after.set_cookie.is_some());
}

#[test]
fn logout_ends_the_session_for_good() {
    let Some(app) = App::new("logout") else {
        return;
    };
    app.add("ana");
    let token = app.login("ana", PASSWORD).token();
    assert_eq!(app.get("/onboarding", Some(&token)).status, StatusCode::OK);
    let logout = app.post("/logout", Some(&token), &[]);
    assert_eq!(logout.status, StatusCode::SEE_OTHER);
    assert_eq!(logout.location, "/login");
    let cleared = logout.set_cookie.unwrap();
    assert!(cleared.starts_with(&format!("{SESSION_COOKIE}=;")) && cleared.contains("Max-Age=0"));
    // The old cookie, kept by a careless browser, no longer works.
    let stale = app.get("/onboarding", Some(&token));
    assert_eq!(stale.status, StatusCode::SEE_OTHER);
    assert_eq!(stale.location, "/login?next=/onboarding");
}

#[test]
fn pages_without_a_valid_session_send_to_login() {
    let Some(app) = App::new("no_session") else {
        return;
    };
    app.add("ana");
    let none = app.get("/history", None);
    assert_eq!(none.status, StatusCode::SEE_OTHER);
    assert_eq!(none.location, "/login?next=/history");
    let query = app.get("/plan?week=2", None);
    assert_eq!(query.location, "/login?next=/plan%3Fweek%3D2");
    let forged = "ab".repeat(32);
    for token in [forged.as_str(), "junk"] {
        let reply = app.get("/", Some(token));
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{token}");
        assert_eq!(reply.location, "/login?next=/");
    }
    // A post without a session writes nothing and goes to login too.
    let post = app.post("/checkin/morning", None, &[("sleep", "3")]);
    assert_eq!(post.status, StatusCode::SEE_OTHER);
    assert_eq!(post.location, "/login?next=/");
    // The login page itself needs no session.
    let page = app.get("/login?next=/history", None);
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("name=\"next\" value=\"/history\""));
    assert!(!page.body.contains("Signed in as"));
    // An API client with a bad token gets 401, not a login page.
    let mut request = Request::get("/").header(header::HOST, HOST);
    request = request.header(header::AUTHORIZATION, format!("Bearer {forged}"));
    let api = app.send(request.body(Body::empty()).unwrap(), "192.0.2.1");
    assert_eq!(api.status, StatusCode::UNAUTHORIZED);
}

#[test]
fn a_cross_site_login_post_is_refused() {
    let Some(app) = App::new("csrf") else { return };
    app.add("ana");
    let form = [("name", "ana"), ("password", PASSWORD)];
    let forged = app.post_as("/login", None, &form, "192.0.2.1", "http://evil.example");
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(forged.set_cookie.is_none());
}

#[test]
fn one_athlete_neither_sees_nor_changes_another_athletes_sets() {
    let Some(app) = App::new("isolation") else {
        return;
    };
    let ana = app.add("ana");
    let ben = app.add("ben");
    onboard(&mut app.backend.store(ana));
    onboard(&mut app.backend.store(ben));
    let ana_token = app.login("ana", PASSWORD).token();
    let ben_token = app.login("ben", PASSWORD).token();

    let target = first_target(&app.backend.store(ana)).to_string();
    let form = [
        ("slot", "0"),
        ("set", "1"),
        ("actual", target.as_str()),
        ("rpe", "7"),
        ("pain", "0"),
    ];
    let logged = app.post("/session/log", Some(&ana_token), &form);
    assert_eq!(logged.status, StatusCode::SEE_OTHER, "{}", logged.body);
    let sets = |user| app.backend.store(user).sessions(None, None).unwrap();
    let id = sets(ana)[0].sets[0].id;
    assert!(sets(ben).is_empty());

    let mine = app.get("/history", Some(&ana_token));
    assert!(mine.body.contains(&format!("{target} s of {target} s")));
    let theirs = app.get("/history", Some(&ben_token));
    assert_eq!(theirs.status, StatusCode::OK);
    assert!(!theirs.body.contains(&format!("{target} s of {target} s")));
    assert!(theirs.body.contains("Signed in as <strong>ben</strong>"));

    let path = format!("/history/set/{id}");
    assert_eq!(
        app.get(&path, Some(&ben_token)).status,
        StatusCode::NOT_FOUND
    );
    let edit = [("actual", "1"), ("rpe", "10"), ("pain", "0")];
    let edited = app.post(&path, Some(&ben_token), &edit);
    assert_eq!(edited.status, StatusCode::NOT_FOUND);
    let delete = format!("{path}/delete");
    let deleted = app.post(&delete, Some(&ben_token), &[("confirm", "yes")]);
    assert_eq!(deleted.status, StatusCode::NOT_FOUND);
    let kept = &sets(ana)[0].sets[0];
    assert_eq!(kept.id, id);
    assert_eq!(kept.logged.set.rpe.map(|r| r.get()), Some(7));
    assert!(sets(ben).is_empty());
}

#[test]
fn a_burst_of_simultaneous_guesses_is_locked_out_like_a_sequence() {
    let Some(app) = App::new("burst") else { return };
    app.add("ana");
    let statuses = app.burst("ana", 12);
    let count = |code| statuses.iter().filter(|s| **s == code).count();
    // Four wrong passwords are told so; the fifth locks; the rest are
    // refused. (That no more than five are even checked is the login
    // serialisation's own unit test.)
    assert_eq!(count(StatusCode::UNAUTHORIZED), 4, "{statuses:?}");
    assert_eq!(count(StatusCode::TOO_MANY_REQUESTS), 8, "{statuses:?}");
    let right = app.login("ana", PASSWORD);
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);
}

#[test]
fn an_admin_resets_a_password_and_the_accounts_sessions_end() {
    let Some(app) = App::new("reset") else { return };
    app.add("root"); // the server's first account is its admin
    let ana_id = app.add("ana");
    let token = keel_app::auth::new_token().unwrap();
    app.backend
        .create_api_token(ana_id, "phone", &token.hash)
        .unwrap();
    let root = app.login("root", PASSWORD).token();
    let ana = app.login("ana", PASSWORD).token();
    const NEW: &str = "a brand new passphrase";

    // An athlete may not, and changes nothing.
    assert_eq!(
        app.get("/admin/password", Some(&ana)).status,
        StatusCode::FORBIDDEN
    );
    let form = [("name", "root"), ("password", NEW), ("confirm", NEW)];
    let refused = app.post("/admin/password", Some(&ana), &form);
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        !app.get("/onboarding", Some(&ana))
            .body
            .contains("Reset a password")
    );
    assert_eq!(app.get("/onboarding", Some(&root)).status, StatusCode::OK);

    let page = app.get("/admin/password", Some(&root));
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("href=\"/admin/password\""));
    for (form, why) in [
        (
            [
                ("name", "ana"),
                ("password", NEW),
                ("confirm", "something else"),
            ],
            "differ",
        ),
        (
            [("name", "ana"), ("password", "short"), ("confirm", "short")],
            "at least 10",
        ),
        (
            [("name", "nobody"), ("password", NEW), ("confirm", NEW)],
            "no user called",
        ),
    ] {
        let bad = app.post("/admin/password", Some(&root), &form);
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{why}");
        assert!(bad.body.contains(why), "{why}: {}", bad.body);
    }
    assert_eq!(app.get("/onboarding", Some(&ana)).status, StatusCode::OK);

    let form = [("name", "ana"), ("password", NEW), ("confirm", NEW)];
    let done = app.post("/admin/password", Some(&root), &form);
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains("was reset"));
    // Her API token was revoked with it, and the page says so.
    assert!(done.body.contains("1 API token revoked"), "{}", done.body);
    let now = jiff::Timestamp::now();
    assert!(app.backend.token_user(&token.hash, now).unwrap().is_none());
    // Ana's session ended; only the new password works.
    assert_eq!(
        app.get("/onboarding", Some(&ana)).location,
        "/login?next=/onboarding"
    );
    assert_eq!(app.login("ana", PASSWORD).status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.login("ana", NEW).status, StatusCode::SEE_OTHER);
    // The admin's own session goes on.
    assert_eq!(app.get("/onboarding", Some(&root)).status, StatusCode::OK);
}
