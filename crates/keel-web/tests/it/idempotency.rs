//! Request keys (`Idempotency-Key`, a form's hidden `idempotency_key`): a
//! retry with the same key stores nothing more and gets the first answer,
//! on SQLite and on PostgreSQL; the same key with another request is
//! refused; a form sent twice stores once; keys are per user.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use axum::body::{Body, to_bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use keel_app::idempotency::fingerprint;
use keel_store::{RequestKey, Store};
use serde_json::{Value, json};
use tower::ServiceExt;

use common::sqlite::SqliteApp;
use common::{HOST, ORIGIN, set_count};

/// What the app answered, raw.
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }

    fn replayed(&self) -> bool {
        self.headers
            .get("idempotent-replayed")
            .is_some_and(|v| v == "true")
    }
}

async fn answer(router: &axum::Router, request: Request<Body>) -> Answer {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

/// `POST /api/v1/sets` of `body`, with `key` as its `Idempotency-Key`.
fn set_request(key: Option<&str>, body: &Value, auth: Option<&str>) -> Request<Body> {
    let mut request = Request::post("/api/v1/sets")
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    if let Some(auth) = auth {
        request = request.header(header::AUTHORIZATION, auth);
    }
    let request = request
        .body(Body::from(serde_json::to_vec(body).unwrap()))
        .unwrap();
    common::json::from_client(request)
}

fn a_set() -> Value {
    json!({"slot": 0, "actual": 10, "rpe": 6})
}

#[tokio::test]
async fn the_same_key_twice_stores_one_set_and_answers_the_same_body() {
    let app = SqliteApp::open(true);
    let first = answer(&app.router, set_request(Some("set-1"), &a_set(), None)).await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.json());
    assert!(!first.replayed());
    let again = answer(&app.router, set_request(Some("set-1"), &a_set(), None)).await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.body, first.body, "the retry gets the first body");
    assert!(again.replayed());
    assert_eq!(
        again.headers.get(header::CONTENT_TYPE).unwrap(),
        "application/json"
    );
    assert_eq!(set_count(&app.store()), 1);
    // A new key is a new set.
    let next = answer(&app.router, set_request(Some("set-2"), &a_set(), None)).await;
    assert_eq!(next.status, StatusCode::CREATED);
    assert_ne!(next.json()["set"]["id"], first.json()["set"]["id"]);
    assert_eq!(set_count(&app.store()), 2);
}

/// Only writes take a key: a method no route has (TRACE) is answered 405
/// as without one, and a key used so is still free for a write.
#[tokio::test]
async fn a_method_no_route_has_is_405_with_a_key_too() {
    let app = SqliteApp::open(true);
    let mut trace = set_request(Some("set-1"), &a_set(), None);
    *trace.method_mut() = Method::TRACE;
    let refused = answer(&app.router, trace).await;
    assert_eq!(refused.status, StatusCode::METHOD_NOT_ALLOWED);
    let first = answer(&app.router, set_request(Some("set-1"), &a_set(), None)).await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.json());
    assert!(!first.replayed());
    // A writing method the path does not have is 405, not a key's 422.
    let mut put = set_request(Some("set-1"), &a_set(), None);
    *put.method_mut() = Method::PUT;
    assert_eq!(
        answer(&app.router, put).await.status,
        StatusCode::METHOD_NOT_ALLOWED
    );
    assert_eq!(set_count(&app.store()), 1);
}

#[tokio::test]
async fn the_same_key_with_another_body_is_refused() {
    let app = SqliteApp::open(true);
    let first = answer(&app.router, set_request(Some("k"), &a_set(), None)).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let other = json!({"slot": 0, "actual": 12, "rpe": 7});
    let refused = answer(&app.router, set_request(Some("k"), &other, None)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let error = &refused.json()["error"];
    assert_eq!(error["field"], "Idempotency-Key");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("already used for a different request"),
        "{error}"
    );
    assert_eq!(set_count(&app.store()), 1);
    // The same key on another route is another request too.
    let request = Request::post("/api/v1/resume")
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "application/json")
        .header("Idempotency-Key", "k")
        .body(Body::from(r#"{"confirm":true}"#))
        .unwrap();
    let refused = answer(&app.router, request).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.json()["error"]["field"], "Idempotency-Key");
}

#[tokio::test]
async fn a_malformed_key_is_refused_and_writes_nothing() {
    let app = SqliteApp::open(true);
    let long = "k".repeat(256);
    for key in [long.as_str(), "two words"] {
        let refused = answer(&app.router, set_request(Some(key), &a_set(), None)).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert_eq!(refused.json()["error"]["code"], "bad_idempotency_key");
        assert_eq!(refused.json()["error"]["field"], "Idempotency-Key");
    }
    assert_eq!(set_count(&app.store()), 0);
}

/// A refused request keeps nothing: the same key may carry the fixed
/// request once the input is right.
#[tokio::test]
async fn a_refused_request_does_not_use_up_its_key() {
    let app = SqliteApp::open(true);
    let bad = json!({"slot": 0, "actual": 10, "rpe": 11});
    let refused = answer(&app.router, set_request(Some("k"), &bad, None)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.json()["error"]["field"], "rpe");
    let fixed = answer(&app.router, set_request(Some("k2"), &a_set(), None)).await;
    assert_eq!(fixed.status, StatusCode::CREATED);
    let retried = answer(&app.router, set_request(Some("k"), &bad, None)).await;
    assert_eq!(retried.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!retried.replayed());
    assert_eq!(set_count(&app.store()), 1);
}

/// The write was stored with its key but its answer was never kept (the
/// connection was lost first): the retry writes nothing and says so.
#[tokio::test]
async fn a_key_stored_without_its_answer_says_the_change_was_stored() {
    let app = SqliteApp::open(true);
    let body = serde_json::to_vec(&a_set()).unwrap();
    let key = RequestKey {
        key: "lost".into(),
        fingerprint: fingerprint("POST", "/api/v1/sets", &body),
    };
    app.store().apply_keyed(Vec::new(), &key).unwrap();
    let retry = answer(&app.router, set_request(Some("lost"), &a_set(), None)).await;
    assert_eq!(retry.status, StatusCode::OK);
    assert!(retry.replayed());
    assert_eq!(retry.json()["stored"], true);
    assert_eq!(set_count(&app.store()), 0, "nothing more was written");
}

/// A month on, a set's kept answer is let go (when the next answer is
/// kept) but its key stays: a late retry stores nothing and says the set
/// was stored.
#[tokio::test]
async fn a_retry_after_its_answer_was_let_go_stores_nothing_and_says_so() {
    let app = SqliteApp::open(true);
    let first = answer(&app.router, set_request(Some("set-1"), &a_set(), None)).await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.json());
    rusqlite::Connection::open(&app.db)
        .unwrap()
        .execute(
            "UPDATE idempotency_keys SET created_at = created_at - ?1 * 86400",
            [keel_store::KEPT_ANSWER_DAYS + 1],
        )
        .unwrap();
    let next = answer(&app.router, set_request(Some("set-2"), &a_set(), None)).await;
    assert_eq!(next.status, StatusCode::CREATED, "{:?}", next.json());
    let late = answer(&app.router, set_request(Some("set-1"), &a_set(), None)).await;
    assert_eq!(late.status, StatusCode::OK, "{:?}", late.json());
    assert!(late.replayed());
    assert_eq!(late.json()["stored"], true);
    // The newer answer is still kept whole.
    let again = answer(&app.router, set_request(Some("set-2"), &a_set(), None)).await;
    assert_eq!(again.body, next.body);
    assert_eq!(set_count(&app.store()), 2);
}

/// `method uri` with `body` (JSON, when given) and `key`.
fn keyed(method: Method, uri: &str, key: &str, body: Option<Value>) -> Request<Body> {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, HOST)
        .header("Idempotency-Key", key);
    let body = match body {
        Some(json) => {
            request = request.header(header::CONTENT_TYPE, "application/json");
            Body::from(serde_json::to_vec(&json).unwrap())
        }
        None => Body::empty(),
    };
    request.body(body).unwrap()
}

/// Check-ins, plans, deletions, summaries and settings: each sent twice
/// with one key is done once, and the retry gets the first answer.
#[tokio::test]
async fn every_kind_of_write_is_done_once_per_key() {
    let app = SqliteApp::open(true);
    let logged = answer(&app.router, set_request(None, &a_set(), None)).await;
    let id = logged.json()["set"]["id"].as_i64().unwrap();
    let checkin =
        json!({"kind": "readiness", "sleep": 2, "fatigue": 2, "stress": 2, "soreness": 2});
    let delete = format!("/api/v1/sets/{id}");
    let writes = [
        (Method::POST, "/api/v1/checkins", Some(checkin)),
        (Method::POST, "/api/v1/plan", None),
        (Method::DELETE, delete.as_str(), None),
        (
            Method::POST,
            "/api/v1/session/summary",
            Some(json!({"minutes": 30, "session_rpe": 6})),
        ),
        (
            Method::PATCH,
            "/api/v1/settings",
            Some(json!({"block-weeks": 4})),
        ),
    ];
    for (n, (method, uri, body)) in writes.into_iter().enumerate() {
        let key = format!("write-{n}");
        let first = answer(&app.router, keyed(method.clone(), uri, &key, body.clone())).await;
        assert!(
            first.status.is_success(),
            "{method} {uri}: {}",
            first.status
        );
        let again = answer(&app.router, keyed(method.clone(), uri, &key, body)).await;
        assert_eq!(again.status, first.status, "{method} {uri}");
        assert_eq!(again.body, first.body, "{method} {uri}");
        assert!(again.replayed(), "{method} {uri}");
    }
    let store = app.store();
    assert_eq!(store.check_ins().unwrap().len(), 1);
    assert_eq!(store.plans().unwrap().len(), 2, "one new plan version");
    assert_eq!(set_count(&store), 0);
}

/// The hidden key of the form as the page shows it.
fn form_key(html: &str, action: &str) -> String {
    let form = &html[html.find(&format!("action=\"{action}\"")).unwrap()..];
    let at = form.find("name=\"idempotency_key\" value=\"").unwrap();
    let value = &form[at + "name=\"idempotency_key\" value=\"".len()..];
    value[..value.find('"').unwrap()].to_string()
}

async fn page(app: &SqliteApp, uri: &str) -> String {
    let request = Request::get(uri)
        .header(header::HOST, HOST)
        .body(Body::empty())
        .unwrap();
    String::from_utf8(answer(&app.router, request).await.body).unwrap()
}

fn form_post(uri: &str, body: String) -> Request<Body> {
    Request::post(uri)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, ORIGIN)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn a_form_sent_twice_stores_once() {
    let app = SqliteApp::open(true);
    let html = page(&app, "/checkin").await;
    let key = form_key(&html, "/checkin/readiness");
    assert_eq!(key.len(), 64, "{key}");
    // Each showing of the form has a key of its own.
    assert_ne!(
        key,
        form_key(&page(&app, "/checkin").await, "/checkin/readiness")
    );
    let fields = "sleep=5&fatigue=3&stress=3&soreness=2";
    let body = format!("{fields}&idempotency_key={key}");
    let first = answer(&app.router, form_post("/checkin/readiness", body.clone())).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let again = answer(&app.router, form_post("/checkin/readiness", body)).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(
        again.headers.get(header::LOCATION),
        first.headers.get(header::LOCATION)
    );
    assert!(again.replayed());
    assert_eq!(app.store().check_ins().unwrap().len(), 1);
    // Without a key, a second post is a second check-in.
    let plain = answer(&app.router, form_post("/checkin/readiness", fields.into())).await;
    assert_eq!(plain.status, StatusCode::SEE_OTHER);
    assert_eq!(app.store().check_ins().unwrap().len(), 2);
    // The same form changed and sent again (Back, edit, send) is a new
    // change, not a refusal.
    let edited = format!("sleep=6&fatigue=3&stress=3&soreness=2&idempotency_key={key}");
    let edited = answer(&app.router, form_post("/checkin/readiness", edited)).await;
    assert_eq!(edited.status, StatusCode::SEE_OTHER);
    assert!(!edited.replayed());
    assert_eq!(app.store().check_ins().unwrap().len(), 3);
}

#[tokio::test]
async fn every_write_form_carries_a_key() {
    let app = SqliteApp::open(true);
    for (uri, action) in [
        ("/checkin", "/checkin/readiness"),
        ("/checkin", "/checkin/morning"),
        ("/settings", "/settings"),
        ("/plan", "/plan/new"),
        ("/session/0/1", "/session/log"),
        ("/session/done", "/session/summary"),
    ] {
        let html = page(&app, uri).await;
        assert!(
            html.contains(&format!("action=\"{action}\"")),
            "{uri} {action}: {html}"
        );
        assert!(!form_key(&html, action).is_empty(), "{uri} {action}");
    }
}

#[tokio::test]
async fn the_openapi_document_gives_every_write_the_key() {
    let app = SqliteApp::open(false);
    let doc = app
        .send_json(Method::GET, "/api/v1/openapi.json", None)
        .await
        .json;
    let mut writes = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in ["post", "put", "patch", "delete"] {
            let Some(operation) = item.get(method) else {
                continue;
            };
            writes += 1;
            let parameters = operation["parameters"].as_array().unwrap();
            assert!(
                parameters
                    .iter()
                    .any(|p| p["$ref"] == "#/components/parameters/IdempotencyKey"),
                "{method} {path}"
            );
            let unknown = operation["responses"]["503"]["description"]
                .as_str()
                .unwrap();
            assert!(unknown.contains("may have been stored"), "{method} {path}");
        }
    }
    assert!(writes >= 20, "{writes}");
    let parameter = &doc["components"]["parameters"]["IdempotencyKey"];
    assert_eq!(parameter["in"], "header");
    assert_eq!(parameter["name"], "Idempotency-Key");
}

#[cfg(feature = "postgres")]
mod postgres {
    use super::*;
    use common::bearer::account;
    use common::onboard;
    use common::pg::PgApp;
    use keel_web::accounts::ServerSettings;

    fn start(test: &str) -> Option<PgApp> {
        let app = PgApp::start("keel_web_idempotency", test, ServerSettings::default());
        assert!(
            app.is_some() || std::env::var_os("CI").is_none(),
            "CI is set: {test} needs KEEL_TEST_POSTGRES_URL"
        );
        app
    }

    #[test]
    fn keys_store_once_on_postgres_and_are_per_user() {
        let Some(app) = start("keys_store_once_on_postgres_and_are_per_user") else {
            return;
        };
        let ann = account(&app, "ann", "athlete");
        let bob = account(&app, "bob", "athlete");
        for who in [&ann, &bob] {
            onboard(&mut app.backend.store(who.id));
        }
        let send = |key: &str, body: &Value, who: &common::bearer::Account| {
            let request = set_request(Some(key), body, Some(&who.bearer));
            let router = app.router.clone();
            app.runtime
                .block_on(async move { answer(&router, request).await })
        };
        let first = send("shared", &a_set(), &ann);
        assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.json());
        let again = send("shared", &a_set(), &ann);
        assert_eq!(again.status, StatusCode::CREATED);
        assert_eq!(again.body, first.body);
        assert!(again.replayed());
        assert_eq!(set_count(&app.backend.store(ann.id)), 1);
        // Bob's same key is Bob's own request.
        let bobs = send("shared", &a_set(), &bob);
        assert_eq!(bobs.status, StatusCode::CREATED, "{:?}", bobs.json());
        assert!(!bobs.replayed());
        assert_eq!(set_count(&app.backend.store(bob.id)), 1);
        assert_eq!(set_count(&app.backend.store(ann.id)), 1);
        // Another body with Ann's key is refused, and writes nothing.
        let other = json!({"slot": 0, "actual": 12, "rpe": 7});
        let refused = send("shared", &other, &ann);
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused.json()["error"]["field"], "Idempotency-Key");
        assert_eq!(set_count(&app.backend.store(ann.id)), 1);
    }
}
