//! The JSON API on the local (SQLite) backend: the router is called
//! directly over a temp database, and a second connection checks what was
//! (or was not) written. The OpenAPI document is checked against the
//! router's route list both ways, and every documented route is probed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::collections::BTreeSet;

use axum::body::{Body, to_bytes};
use axum::http::{Method, Request, StatusCode, header};
use keel_store::{CheckIn, ProgramStatus, Store};
use keel_web::api::ROUTES;
use serde_json::{Value, json};
use tower::ServiceExt;

use common::sqlite::SqliteApp;
use common::{HOST, TODAY, set_count};

struct Reply {
    status: StatusCode,
    content_type: Option<String>,
    json: Value,
}

/// The local app with this file's own helpers.
struct App(SqliteApp);

impl std::ops::Deref for App {
    type Target = SqliteApp;
    fn deref(&self) -> &SqliteApp {
        &self.0
    }
}

impl App {
    fn new() -> App {
        App(SqliteApp::open(true))
    }

    fn set_count(&self) -> usize {
        set_count(&self.store())
    }

    /// Logging a set of exercise `slot` answers 409 `program_halted`.
    async fn assert_set_refused_as_halted(&self, slot: usize) {
        let reply = self.post_set(slot).await;
        assert_eq!(
            error_of(&reply, StatusCode::CONFLICT)["code"],
            "program_halted"
        );
    }

    async fn raw(&self, method: Method, uri: &str, body: Option<(&str, Vec<u8>)>) -> Reply {
        let mut request = Request::builder()
            .method(method.clone())
            .uri(uri)
            .header(header::HOST, HOST);
        let body = match body {
            Some((content_type, bytes)) => {
                request = request.header(header::CONTENT_TYPE, content_type);
                Body::from(bytes)
            }
            None => Body::empty(),
        };
        let response = self
            .router
            .clone()
            .oneshot(request.body(body).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_string());
        let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        let json = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or_else(|_| {
                panic!("{status}: not JSON: {}", String::from_utf8_lossy(&bytes))
            })
        };
        // Every JSON answer is held to the document (the shared clients do
        // the same).
        if content_type.as_deref() == Some("application/json") && uri.starts_with("/api/") {
            common::contract::check(&method, uri, status, &json);
        }
        Reply {
            status,
            content_type,
            json,
        }
    }

    async fn get(&self, uri: &str) -> Reply {
        self.raw(Method::GET, uri, None).await
    }

    async fn send(&self, method: Method, uri: &str, body: Value) -> Reply {
        let bytes = serde_json::to_vec(&body).unwrap();
        self.raw(method, uri, Some(("application/json", bytes)))
            .await
    }

    /// Posts a pain-free set of today's exercise `slot`.
    async fn post_set(&self, slot: usize) -> Reply {
        self.send(
            Method::POST,
            "/api/v1/sets",
            json!({"slot": slot, "actual": 10, "rpe": 6}),
        )
        .await
    }

    /// Logs `n` pain-free sets, moving to the next exercise when one is done.
    async fn log_sets(&self, n: usize) -> Vec<Value> {
        let mut logged = Vec::new();
        let mut slot = 0;
        while logged.len() < n {
            let reply = self.post_set(slot).await;
            match reply.status {
                StatusCode::CREATED => logged.push(reply.json),
                StatusCode::UNPROCESSABLE_ENTITY if reply.json["error"]["field"] == "slot" => {
                    assert!(slot < 20, "ran out of exercises: {}", reply.json);
                    slot += 1;
                }
                other => panic!("{other}: {}", reply.json),
            }
        }
        logged
    }
}

/// Asserts the one error shape and returns the error object.
fn error_of(reply: &Reply, status: StatusCode) -> &Value {
    assert_eq!(reply.status, status, "{}", reply.json);
    assert_eq!(reply.content_type.as_deref(), Some("application/json"));
    let error = &reply.json["error"];
    assert_eq!(error["status"], status.as_u16(), "{}", reply.json);
    assert!(error["code"].is_string(), "{}", reply.json);
    assert!(
        !error["message"].as_str().unwrap_or_default().is_empty(),
        "{}",
        reply.json
    );
    error
}

// ---- The document against the router ----------------------------------

fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            out.insert((method.to_ascii_uppercase(), path.clone()));
        }
    }
    out
}

#[tokio::test]
async fn the_openapi_document_lists_exactly_the_routes_the_router_serves() {
    let app = App::new();
    let reply = app.get("/api/v1/openapi.json").await;
    assert_eq!(reply.status, StatusCode::OK);
    let doc = reply.json;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let routes: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|r| (r.method.to_string(), r.path.to_string()))
        .collect();
    let docs = documented(&doc);
    let undocumented: Vec<_> = routes.difference(&docs).collect();
    let unserved: Vec<_> = docs.difference(&routes).collect();
    assert!(
        undocumented.is_empty(),
        "routes missing from the document: {undocumented:?}"
    );
    assert!(
        unserved.is_empty(),
        "documented but not routed: {unserved:?}"
    );
    // Every operation has responses, and every body-taking one a schema.
    for (method, path) in &docs {
        let op = &doc["paths"][path][method.to_ascii_lowercase()];
        assert!(op["responses"].is_object(), "{method} {path}");
        if matches!(method.as_str(), "POST" | "PATCH") {
            assert!(op["requestBody"].is_object(), "{method} {path}");
        }
    }
    // And the router really serves each documented route: probing it never
    // answers "no such route" or "wrong method".
    for (method, path) in &docs {
        let uri = path.replace("{id}", "999999");
        let body = matches!(method.as_str(), "POST" | "PATCH")
            .then(|| ("application/json", b"{}".to_vec()));
        let reply = app
            .raw(Method::from_bytes(method.as_bytes()).unwrap(), &uri, body)
            .await;
        let code = reply.json["error"]["code"].as_str().unwrap_or_default();
        assert_ne!(
            reply.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
        // A 404 is a missing item, or a coach-server route on this local app.
        assert!(
            reply.status != StatusCode::NOT_FOUND
                || code == "not_found" && uri.contains("999999")
                || code == "accounts_only",
            "{method} {path}: {}",
            reply.json
        );
        let message = reply.json["error"]["message"].as_str().unwrap_or_default();
        assert!(!message.contains("no such API route"), "{method} {path}");
    }
}

#[tokio::test]
async fn unknown_routes_and_wrong_methods_answer_json() {
    let app = App::new();
    let reply = app.get("/api/v1/nope").await;
    assert_eq!(error_of(&reply, StatusCode::NOT_FOUND)["code"], "not_found");
    let reply = app.get("/api/v2/today").await;
    error_of(&reply, StatusCode::NOT_FOUND);
    let reply = app.raw(Method::PUT, "/api/v1/today", None).await;
    assert_eq!(
        error_of(&reply, StatusCode::METHOD_NOT_ALLOWED)["code"],
        "method_not_allowed"
    );
}

// ---- Happy paths --------------------------------------------------------

#[tokio::test]
async fn today_and_plan_describe_the_current_plan() {
    let app = App::new();
    let reply = app.get("/api/v1/today").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["date"], "2026-03-02");
    assert_eq!(reply.json["status"]["status"], "active");
    assert!(
        !reply.json["session"]["slots"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // Tuesday is a rest day, which offers Monday's session (nothing was
    // logged on Monday) to make up (docs/method.md §4.2).
    let reply = app.get("/api/v1/today?date=2026-03-03").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json["session"]["makes_up"], "2026-03-02");
    assert_eq!(reply.json["session"]["date"], "2026-03-03");
    let reply = app.get("/api/v1/today?date=yesterday").await;
    assert_eq!(
        error_of(&reply, StatusCode::BAD_REQUEST)["code"],
        "bad_query"
    );

    let reply = app.get("/api/v1/plan").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["version"], 1);
    assert_eq!(reply.json["start"], "2026-03-02");
    let weeks = reply.json["weeks"].as_array().unwrap();
    assert!(!weeks.is_empty());
    assert_eq!(weeks[0]["training_days"][0], "2026-03-02");
}

#[tokio::test]
async fn a_set_is_logged_listed_corrected_and_deleted() {
    let app = App::new();
    let logged = app.log_sets(1).await;
    let set = &logged[0]["set"];
    let id = set["id"].as_i64().unwrap();
    assert_eq!(set["logged"]["set"]["rpe"], 6);
    assert_eq!(logged[0]["halted"], false);
    assert_eq!(app.set_count(), 1);
    // Decisions were re-run and stored by the commit.
    let reply = app.get("/api/v1/decisions").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert!(reply.json["total"].as_u64().unwrap() >= 1, "{}", reply.json);
    let exercise = set["logged"]["slot"]["planned"].as_str().unwrap();
    let reply = app
        .get(&format!("/api/v1/decisions?exercise={exercise}"))
        .await;
    assert!(reply.json["total"].as_u64().unwrap() >= 1);
    let reply = app.get("/api/v1/decisions?exercise=no-such-thing").await;
    assert_eq!(reply.json["total"], 0);

    let reply = app
        .send(
            Method::PATCH,
            &format!("/api/v1/sets/{id}"),
            json!({"rpe": 8, "note": "felt heavy"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["logged"]["set"]["rpe"], 8);
    let stored = app.store().sessions(None, None).unwrap();
    let stored = &stored[0].sets[0].logged.set;
    assert_eq!(stored.rpe.unwrap().get(), 8);
    assert_eq!(stored.note.as_deref(), Some("felt heavy"));

    let reply = app
        .raw(Method::DELETE, &format!("/api/v1/sets/{id}"), None)
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert_eq!(app.set_count(), 0);
    let reply = app
        .raw(Method::DELETE, &format!("/api/v1/sets/{id}"), None)
        .await;
    error_of(&reply, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_set_can_name_its_exercise_instead_of_its_slot() {
    let app = App::new();
    let today = app.get("/api/v1/today").await.json;
    let exercise = today["session"]["slots"][0]["exercise"].clone();
    let reply = app
        .send(
            Method::POST,
            "/api/v1/sets",
            json!({"exercise": exercise, "actual": 20, "rpe": 5}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
    assert_eq!(reply.json["set"]["logged"]["exercise"], exercise);
    let reply = app
        .send(
            Method::POST,
            "/api/v1/sets",
            json!({"exercise": "moonwalk", "actual": 20, "rpe": 5}),
        )
        .await;
    assert_eq!(
        error_of(&reply, StatusCode::UNPROCESSABLE_ENTITY)["field"],
        "exercise"
    );
    assert_eq!(app.set_count(), 1);
}

#[tokio::test]
async fn check_ins_are_recorded() {
    let app = App::new();
    let reply = app
        .send(
            Method::POST,
            "/api/v1/checkins",
            json!({"kind": "readiness", "sleep": 2, "fatigue": 2, "stress": 2, "soreness": 2}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
    assert!(reply.json["session"].is_object());
    let reply = app
        .send(
            Method::POST,
            "/api/v1/checkins",
            json!({"kind": "morning", "pain_back_to_usual": true, "stiffness_back_to_usual": false, "soreness": 3}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
    let check_ins = app.store().check_ins().unwrap();
    assert_eq!(check_ins.len(), 2);
    assert!(matches!(check_ins[0], CheckIn::Readiness { date, .. } if date == TODAY));
    // Out of range: 422 naming the field, nothing written.
    let reply = app
        .send(
            Method::POST,
            "/api/v1/checkins",
            json!({"kind": "readiness", "sleep": 9, "fatigue": 2, "stress": 2, "soreness": 2}),
        )
        .await;
    assert_eq!(
        error_of(&reply, StatusCode::UNPROCESSABLE_ENTITY)["field"],
        "sleep"
    );
    let reply = app
        .send(Method::POST, "/api/v1/checkins", json!({"kind": "evening"}))
        .await;
    error_of(&reply, StatusCode::BAD_REQUEST);
    assert_eq!(app.store().check_ins().unwrap().len(), 2);
}

/// JSON Schema counts `2.0` as an integer, so the API reads a whole number
/// written as a float as that number; a fraction where a whole number is
/// asked stays a 400, and nothing is written.
#[tokio::test]
async fn a_whole_number_written_as_a_float_is_read_as_that_number() {
    let app = App::new();
    let reply = app
        .send(
            Method::POST,
            "/api/v1/checkins",
            json!({"kind": "readiness", "sleep": 2.0, "fatigue": 2, "stress": 2.0, "soreness": 2}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
    let reply = app
        .send(
            Method::POST,
            "/api/v1/checkins",
            json!({"kind": "readiness", "sleep": 2.5, "fatigue": 2, "stress": 2, "soreness": 2}),
        )
        .await;
    error_of(&reply, StatusCode::BAD_REQUEST);
    assert_eq!(app.store().check_ins().unwrap().len(), 1);
}

// ---- Pagination ---------------------------------------------------------

#[tokio::test]
async fn sets_are_listed_a_page_at_a_time() {
    let app = App::new();
    app.log_sets(5).await;
    let mut uri = "/api/v1/sets?per_page=2".to_string();
    let mut pages = Vec::new();
    loop {
        let reply = app.get(&uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
        assert_eq!(reply.json["total"], 5);
        assert_eq!(reply.json["pages"], 3);
        pages.push(reply.json["items"].as_array().unwrap().len());
        match reply.json["next"].as_str() {
            Some(next) => uri = next.to_string(),
            None => break,
        }
    }
    assert_eq!(pages, vec![2, 2, 1]);
    let reply = app.get("/api/v1/sets?from=2026-03-03&to=2026-03-09").await;
    assert_eq!(reply.json["total"], 0);
    let reply = app.get("/api/v1/sets?page=0").await;
    assert_eq!(
        error_of(&reply, StatusCode::UNPROCESSABLE_ENTITY)["field"],
        "page"
    );
    let reply = app.get("/api/v1/sets?per_page=100000").await;
    assert_eq!(
        error_of(&reply, StatusCode::UNPROCESSABLE_ENTITY)["field"],
        "per_page"
    );
    let reply = app.get("/api/v1/sets?page=two").await;
    error_of(&reply, StatusCode::BAD_REQUEST);
}

// ---- Bad input writes nothing -------------------------------------------

#[tokio::test]
async fn an_rpe_of_11_is_refused_naming_the_field() {
    let app = App::new();
    let reply = app
        .send(
            Method::POST,
            "/api/v1/sets",
            json!({"slot": 0, "actual": 10, "rpe": 11}),
        )
        .await;
    let error = error_of(&reply, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["code"], "invalid_input");
    assert_eq!(error["field"], "rpe");
    assert_eq!(error["message"], "RPE must be between 0 and 10, got 11");
    assert_eq!(app.set_count(), 0);
}

#[tokio::test]
async fn malformed_json_wrong_types_and_unknown_fields_are_400() {
    let app = App::new();
    for body in [
        &b"{\"slot\": 0, \"actual\": "[..],
        b"not json",
        b"{\"slot\": 0, \"actual\": \"ten\", \"rpe\": 6}",
        b"{\"slot\": 0, \"actual\": 10, \"rpe\": 6, \"rpee\": 6}",
        b"[1, 2]",
    ] {
        let reply = app
            .raw(
                Method::POST,
                "/api/v1/sets",
                Some(("application/json", body.to_vec())),
            )
            .await;
        let error = error_of(&reply, StatusCode::BAD_REQUEST);
        assert_eq!(error["code"], "malformed_json");
    }
    let reply = app
        .raw(
            Method::POST,
            "/api/v1/sets",
            Some(("text/plain", b"{}".to_vec())),
        )
        .await;
    error_of(&reply, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let reply = app.raw(Method::DELETE, "/api/v1/sets/abc", None).await;
    error_of(&reply, StatusCode::BAD_REQUEST);
    assert_eq!(app.set_count(), 0);
}

#[tokio::test]
async fn an_oversized_body_is_413() {
    let app = App::new();
    let note = "x".repeat(70 * 1024);
    let reply = app
        .send(
            Method::POST,
            "/api/v1/sets",
            json!({"slot": 0, "actual": 10, "rpe": 6, "note": note}),
        )
        .await;
    assert_eq!(
        error_of(&reply, StatusCode::PAYLOAD_TOO_LARGE)["code"],
        "body_too_large"
    );
    assert_eq!(app.set_count(), 0);
}

// ---- Pain and the red-flag screen ---------------------------------------

#[tokio::test]
async fn pain_needs_the_screen_and_a_warning_sign_halts() {
    let app = App::new();
    let reply = app
        .send(
            Method::POST,
            "/api/v1/sets",
            json!({"slot": 0, "actual": 10, "rpe": 6, "pain": 2}),
        )
        .await;
    let error = error_of(&reply, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["field"], "red_flags");
    assert!(error["message"].as_str().unwrap().contains("screen"));
    assert_eq!(app.set_count(), 0);

    // A clear screen: the set is stored with the screen.
    let reply = app
        .send(
            Method::POST,
            "/api/v1/sets",
            json!({"slot": 0, "actual": 10, "rpe": 6, "pain": 2, "red_flags": []}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
    assert_eq!(reply.json["halted"], false);
    assert_eq!(app.set_count(), 1);

    let reply = app
        .send(
            Method::POST,
            "/api/v1/sets",
            json!({"slot": 0, "actual": 10, "rpe": 6, "pain": 2, "red_flags": ["wobbly"]}),
        )
        .await;
    assert_eq!(
        error_of(&reply, StatusCode::UNPROCESSABLE_ENTITY)["field"],
        "red_flags"
    );

    // A yes: the set and the screen are stored, and the program halts.
    let reply = app
        .send(
            Method::POST,
            "/api/v1/sets",
            json!({"slot": 0, "actual": 10, "rpe": 6, "pain": 2, "red_flags": ["night-pain"]}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
    assert_eq!(reply.json["halted"], true);
    assert_eq!(reply.json["status"]["status"], "halted");
    assert!(matches!(
        app.store().status().unwrap(),
        ProgramStatus::Halted { .. }
    ));
    assert_eq!(app.set_count(), 2);
    // Halted: no more sets.
    app.assert_set_refused_as_halted(1).await;
    assert_eq!(app.set_count(), 2);
}

#[tokio::test]
async fn a_correction_that_adds_pain_needs_the_screen() {
    let app = App::new();
    let id = app.log_sets(1).await[0]["set"]["id"].as_i64().unwrap();
    let uri = format!("/api/v1/sets/{id}");
    let reply = app.send(Method::PATCH, &uri, json!({"pain": 3})).await;
    assert_eq!(
        error_of(&reply, StatusCode::UNPROCESSABLE_ENTITY)["field"],
        "red_flags"
    );
    let reply = app.send(Method::PATCH, &uri, json!({"rpe": 12})).await;
    assert_eq!(
        error_of(&reply, StatusCode::UNPROCESSABLE_ENTITY)["field"],
        "rpe"
    );
    let stored = app.store().sessions(None, None).unwrap();
    assert_eq!(stored[0].sets[0].logged.set.pain.get(), 0);
    assert_eq!(stored[0].sets[0].logged.set.rpe.unwrap().get(), 6);
    let reply = app
        .send(Method::PATCH, &uri, json!({"pain": 3, "red_flags": []}))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    let stored = app.store().sessions(None, None).unwrap();
    assert_eq!(stored[0].sets[0].logged.set.pain.get(), 3);
    let reply = app
        .send(Method::PATCH, "/api/v1/sets/424242", json!({"rpe": 5}))
        .await;
    error_of(&reply, StatusCode::NOT_FOUND);
}

/// Corrections go through keel-app's one implementation: quality reps only
/// on rep sets (refused, never clamped), and nothing changes on a refusal.
#[tokio::test]
async fn a_correction_is_checked_as_the_terminal_checks_it() {
    let app = App::new();
    let logged = &app.log_sets(1).await[0]["set"];
    let id = logged["id"].as_i64().unwrap();
    assert_eq!(
        logged["logged"]["set"]["target"]["kind"], "seconds",
        "{logged}"
    );
    let uri = format!("/api/v1/sets/{id}");
    let reply = app
        .send(Method::PATCH, &uri, json!({"quality_reps": 3}))
        .await;
    let error = error_of(&reply, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["field"], "quality_reps");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("only for rep sets"),
        "{error}"
    );
    let reply = app
        .send(Method::PATCH, &uri, json!({"quality_reps": 300}))
        .await;
    assert_eq!(
        error_of(&reply, StatusCode::UNPROCESSABLE_ENTITY)["field"],
        "quality_reps"
    );
    let stored = app.store().sessions(None, None).unwrap();
    assert_eq!(stored[0].sets[0].logged.set.quality_reps, None);
}

/// `"rpe": null` removes a logged RPE (as `keel edit --rpe none` and the
/// history form's "not given"); an absent `rpe` keeps it.
#[tokio::test]
async fn a_null_rpe_removes_the_logged_one_and_an_absent_one_keeps_it() {
    let app = App::new();
    let id = app.log_sets(1).await[0]["set"]["id"].as_i64().unwrap();
    let uri = format!("/api/v1/sets/{id}");
    let rpe = || {
        app.store().sessions(None, None).unwrap()[0].sets[0]
            .logged
            .set
            .rpe
            .map(|r| r.get())
    };
    let logged = rpe();
    assert!(logged.is_some());
    let reply = app.send(Method::PATCH, &uri, json!({"pain": 0})).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(rpe(), logged, "absent keeps it");
    let reply = app.send(Method::PATCH, &uri, json!({"rpe": null})).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["logged"]["set"]["rpe"], Value::Null);
    assert_eq!(rpe(), None, "null removes it");
}

/// `DELETE /api/v1/sessions/{date}`: the whole day in one batch, as `keel
/// delete --session`; 404 when nothing is logged or imported that day.
#[tokio::test]
async fn deleting_a_day_removes_its_session_and_an_empty_day_is_404() {
    let app = App::new();
    app.log_sets(2).await;
    let uri = format!("/api/v1/sessions/{TODAY}");
    let reply = app.raw(Method::DELETE, &uri, None).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.json);
    assert!(app.store().sessions(None, None).unwrap().is_empty());
    let reply = app.raw(Method::DELETE, &uri, None).await;
    let error = error_of(&reply, StatusCode::NOT_FOUND);
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("nothing is logged or imported"),
        "{error}"
    );
}

// ---- Bearer tokens on the server backend --------------------------------

/// The API over PostgreSQL accounts with bearer tokens. Needs
/// KEEL_TEST_POSTGRES_URL (skips in one line without it); one private
/// schema per test. Synchronous tests: the PostgreSQL client used to
/// arrange and check is a blocking one.
#[cfg(feature = "postgres")]
mod server {
    use keel_app::auth::{hash_password, new_token};
    use keel_store_postgres::UserId;
    use keel_web::accounts::ServerSettings;

    use super::*;
    use crate::common::json::{from_client, json_request};
    use crate::common::onboard;
    use crate::common::pg::PgApp;

    /// The server app with this file's own helpers.
    struct Server(PgApp);

    impl std::ops::Deref for Server {
        type Target = PgApp;
        fn deref(&self) -> &PgApp {
            &self.0
        }
    }

    impl Server {
        fn new(test: &str) -> Option<Server> {
            PgApp::start("keel_web_api", test, ServerSettings::default()).map(Server)
        }

        /// An onboarded athlete and a fresh API token for them.
        fn athlete(&self, name: &str) -> (UserId, i64, String) {
            let hash = hash_password("correct horse battery").unwrap();
            let user = self.backend.add_user(name, "athlete", &hash).unwrap().id;
            onboard(&mut self.backend.store(user));
            let token = new_token().unwrap();
            let id = self
                .backend
                .create_api_token(user, "test", &token.hash)
                .unwrap();
            (user, id, token.plaintext)
        }

        fn sets(&self, user: UserId) -> usize {
            self.backend
                .store(user)
                .sessions(None, None)
                .unwrap()
                .iter()
                .map(|s| s.sets.len())
                .sum()
        }

        fn send(
            &self,
            method: Method,
            uri: &str,
            auth: Option<&str>,
            body: Option<Value>,
        ) -> Reply {
            let request = from_client(json_request(method, uri, auth, body));
            let router = self.router.clone();
            self.runtime.block_on(async move {
                let response = router.oneshot(request).await.unwrap();
                let status = response.status();
                let content_type = response
                    .headers()
                    .get(header::CONTENT_TYPE)
                    .map(|v| v.to_str().unwrap().to_string());
                let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
                let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
                Reply {
                    status,
                    content_type,
                    json,
                }
            })
        }
    }

    #[test]
    fn a_valid_token_works_and_missing_forged_or_revoked_ones_are_401_json() {
        let Some(server) = Server::new("tokens") else {
            return;
        };
        let (user, token_id, token) = server.athlete("ana");
        let bearer = format!("Bearer {token}");
        let set = json!({"slot": 0, "actual": 10, "rpe": 6});

        let reply = server.send(Method::GET, "/api/v1/today", Some(&bearer), None);
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
        assert_eq!(reply.json["date"], "2026-03-02");
        // No Origin header (not a browser): the cross-site check lets it by.
        let reply = server.send(
            Method::POST,
            "/api/v1/sets",
            Some(&bearer),
            Some(set.clone()),
        );
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
        assert_eq!(server.sets(user), 1);

        let forged = format!("Bearer {}", "ab".repeat(keel_app::auth::TOKEN_BYTES));
        for auth in [
            None,
            Some(forged.as_str()),
            Some("Bearer not-a-token"),
            Some("Basic YTpi"),
        ] {
            let reply = server.send(Method::GET, "/api/v1/today", auth, None);
            assert_eq!(
                error_of(&reply, StatusCode::UNAUTHORIZED)["code"],
                "unauthorized"
            );
            let reply = server.send(Method::POST, "/api/v1/sets", auth, Some(set.clone()));
            error_of(&reply, StatusCode::UNAUTHORIZED);
        }

        server.backend.revoke_api_token(user, token_id).unwrap();
        let reply = server.send(Method::POST, "/api/v1/sets", Some(&bearer), Some(set));
        assert_eq!(
            error_of(&reply, StatusCode::UNAUTHORIZED)["code"],
            "unauthorized"
        );
        assert_eq!(server.sets(user), 1, "nothing written with a revoked token");
    }

    #[test]
    fn a_token_reaches_only_its_own_athletes_sets() {
        let Some(server) = Server::new("owners") else {
            return;
        };
        let (ana, _, ana_token) = server.athlete("ana");
        let (_bo, _, bo_token) = server.athlete("bo");
        let reply = server.send(
            Method::POST,
            "/api/v1/sets",
            Some(&format!("Bearer {ana_token}")),
            Some(json!({"slot": 0, "actual": 10, "rpe": 6})),
        );
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
        let id = reply.json["set"]["id"].as_i64().unwrap();
        let bo = format!("Bearer {bo_token}");
        let reply = server.send(Method::GET, "/api/v1/sets", Some(&bo), None);
        assert_eq!(reply.json["total"], 0, "{}", reply.json);
        let uri = format!("/api/v1/sets/{id}");
        let reply = server.send(Method::PATCH, &uri, Some(&bo), Some(json!({"rpe": 9})));
        error_of(&reply, StatusCode::NOT_FOUND);
        let reply = server.send(Method::DELETE, &uri, Some(&bo), None);
        error_of(&reply, StatusCode::NOT_FOUND);
        assert_eq!(server.sets(ana), 1);
    }
}

#[tokio::test]
async fn a_cross_site_post_is_403_json_and_writes_nothing() {
    let app = App::new();
    let request = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/sets")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, "http://evil.example")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            serde_json::to_vec(&json!({"slot": 0, "actual": 10, "rpe": 6})).unwrap(),
        ))
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    let body: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(body["error"]["code"], "cross_site");
    assert_eq!(app.set_count(), 0);
}

/// Halted by a red flag at onboarding, before any plan: logging a set is
/// refused as halted, not as "no plan". The halt is written through a second
/// connection (as `keel onboard` beside `keel serve` would), so this also
/// checks the app sees another process's write on its next request.
#[tokio::test]
async fn a_set_after_a_halt_at_onboarding_is_refused_as_halted() {
    use keel_core::redflag::RedFlag;
    use keel_store::{SafetyEvent, ScreenContext, Write};

    let app = App(SqliteApp::open(false));
    let reply = app.post_set(0).await;
    assert_eq!(
        error_of(&reply, StatusCode::UNPROCESSABLE_ENTITY)["field"],
        "profile"
    );

    app.store()
        .apply(vec![
            Write::SaveProfile(keel_app::profile::starting_profile()),
            Write::Safety(SafetyEvent::Screen {
                date: TODAY,
                context: ScreenContext::Onboarding,
                flags: vec![RedFlag::NightPain],
            }),
        ])
        .unwrap();
    app.assert_set_refused_as_halted(0).await;
    assert_eq!(app.set_count(), 0);
}

/// Every route the local app lists (pages, API, assets) answers with the
/// shared-device headers: a Content-Security-Policy with no inline script
/// and no framing, nosniff, a Referrer-Policy, a request id, and
/// `Cache-Control: no-store` on every page and API answer.
#[tokio::test]
async fn every_listed_route_answers_with_the_shared_device_headers() {
    use common::headers::{assert_shared_device_headers, route_request};

    let app = App::new();
    let routes = keel_web::routes::listed(false);
    assert!(routes.len() > 30, "{routes:?}");
    for (method, path) in routes {
        let route = format!("{method} {path}");
        let response = app
            .router
            .clone()
            .oneshot(route_request(method, path, "1", None))
            .await
            .unwrap();
        assert_shared_device_headers(&route, response.headers());
        if method == "GET" && !path.contains('{') {
            // The page itself (or where it sends), not an error about it;
            // the coach server's API routes exist here only to say so.
            let status = response.status();
            let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
            let accounts_only = status == StatusCode::NOT_FOUND
                && serde_json::from_slice::<Value>(&bytes)
                    .is_ok_and(|body| body["error"]["code"] == "accounts_only");
            assert!(
                status.is_success() || status.is_redirection() || accounts_only,
                "{route}: {status}"
            );
        }
    }
}

/// A page's script is a file of this server, never inline, so the policy
/// can refuse inline script; no element carries an inline handler or style.
#[tokio::test]
async fn pages_have_no_inline_script_style_or_handler() {
    let app = App::new();
    for path in [
        "/",
        "/plan",
        "/progress",
        "/history",
        "/checkin",
        "/settings",
        "/session/0/1",
    ] {
        let response = app
            .router
            .clone()
            .oneshot(route_request_get(path))
            .await
            .unwrap();
        let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        let html = String::from_utf8(bytes.to_vec()).unwrap();
        for script in html.split("<script").skip(1) {
            let tag = &script[..script.find('>').unwrap()];
            assert!(
                tag.contains("src=\"/assets/"),
                "{path}: inline <script{tag}>"
            );
        }
        for inline in [
            " onclick=",
            " onload=",
            " onsubmit=",
            " onchange=",
            " style=",
            "<style",
            "javascript:",
        ] {
            assert!(!html.contains(inline), "{path}: {inline}");
        }
    }
}

fn route_request_get(path: &str) -> Request<Body> {
    Request::get(path)
        .header(header::HOST, HOST)
        .body(Body::empty())
        .unwrap()
}

/// A forced internal error (a stored profile that no longer reads) answers
/// 500 with an id in the `X-Request-Id` header and in the body, page and
/// API alike; the log has one line with that id and the cause, which the
/// answer does not show.
#[tokio::test]
async fn a_server_error_is_logged_with_its_cause_under_the_id_the_answer_shows() {
    let app = App::new();
    rusqlite::Connection::open(&app.db)
        .unwrap()
        .execute("UPDATE profile SET data = '\"not a profile\"'", [])
        .unwrap();
    let log = common::log::Captured::default();
    let _guard = log.install();

    let response = app
        .router
        .clone()
        .oneshot(common::json::json_request(
            Method::GET,
            "/api/v1/profile",
            None,
            None,
        ))
        .await
        .unwrap();
    let api_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_string();
    let reply = common::json::read_json(response, "/api/v1/profile").await;
    assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(reply.json["error"]["code"], "internal");
    assert_eq!(reply.json["error"]["request_id"], api_id.as_str());
    assert!(
        !reply.json.to_string().contains("unreadable"),
        "{}",
        reply.json
    );

    let response = app
        .router
        .clone()
        .oneshot(route_request_get("/settings"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let page_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_string();
    let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    let page = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(page.contains(&format!("<code>{page_id}</code>")), "{page}");
    assert!(!page.contains("unreadable"), "{page}");
    assert_ne!(api_id, page_id);

    for (id, path) in [(&api_id, "/api/v1/profile"), (&page_id, "/settings")] {
        // One error line (beside the access log's line for the request).
        let lines: Vec<String> = log
            .lines_with(id)
            .into_iter()
            .filter(|line| line.contains("ERROR"))
            .collect();
        assert_eq!(lines.len(), 1, "one error line for {id}: {lines:?}");
        let line = &lines[0];
        assert!(line.contains("ERROR"), "{line}");
        assert!(line.contains(path), "{line}");
        assert!(line.contains("stored data in profile"), "{line}");
        assert!(line.contains("unreadable"), "{line}");
    }
}

/// A set logged after a new plan made the same day joins that plan's
/// session: the reply holds the set (never `"set": null`), and the day's
/// earlier sets count against the prescription's cap.
#[tokio::test]
async fn a_set_after_a_same_day_new_plan_is_in_the_plan_in_force() {
    let app = App::new();
    let first = app.post_set(0).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.json);
    let reply = app.raw(Method::POST, "/api/v1/plan", None).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);

    let reply = app.post_set(0).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
    assert!(reply.json["set"]["id"].as_i64().is_some(), "{}", reply.json);
    assert_eq!(reply.json["set"]["number"], 2, "{}", reply.json);
    let sessions = app.store().sessions(None, None).unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].plan_version, Some(2));
    assert_eq!(sessions[0].sets.len(), 2);

    // The cap counts both: as many sets fit in all as without a new plan.
    async fn until_refused(app: &App) -> usize {
        let mut accepted = 0;
        loop {
            let reply = app.post_set(0).await;
            if reply.status != StatusCode::CREATED {
                assert_eq!(
                    error_of(&reply, StatusCode::UNPROCESSABLE_ENTITY)["field"],
                    "slot"
                );
                return accepted;
            }
            assert!(reply.json["set"].is_object(), "{}", reply.json);
            accepted += 1;
            assert!(accepted < 20, "no cap");
        }
    }
    let more = until_refused(&app).await;
    let baseline = until_refused(&App::new()).await;
    assert_eq!(2 + more, baseline);
    assert_eq!(app.set_count(), baseline);
}

#[tokio::test]
async fn plan_versions_are_limited_per_day() {
    let app = App::new();
    // Onboarding made version 1; four more fit on the same day.
    for _ in 2..=5 {
        let reply = app.raw(Method::POST, "/api/v1/plan", None).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
    }
    let reply = app.raw(Method::POST, "/api/v1/plan", None).await;
    let error = error_of(&reply, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["field"], "plan", "{error}");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("at most 5 a day"),
        "{error}"
    );
    assert_eq!(app.store().plans().unwrap().len(), 5);
}

// ---- Outcome measures ---------------------------------------------------

#[tokio::test]
async fn outcomes_are_recorded_listed_and_refused_when_out_of_range() {
    let app = App::new();
    let reply = app
        .send(
            Method::POST,
            "/api/v1/outcomes",
            json!({"date": "2026-02-23", "pain_rating": 7, "activities": [{"name": "sitting", "rating": 2}]}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
    assert_eq!(reply.json["outcomes"][0]["instrument"], "nprs");
    assert_eq!(reply.json["outcomes"][1]["score"], 2.0);
    let reply = app
        .send(Method::POST, "/api/v1/outcomes", json!({"pain_rating": 4}))
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);

    let list = app.get("/api/v1/outcomes").await;
    assert_eq!(list.status, StatusCode::OK);
    let pain = &list.json["trends"][0];
    assert_eq!(pain["instrument"], "nprs");
    assert_eq!(pain["points"][1]["change"]["meaningful"], true);
    assert_eq!(pain["mcid"]["score"], 2.0);

    // Out of range, a PSFS activity twice, the future, an unknown
    // questionnaire: 422 naming the field, nothing written.
    for (body, field) in [
        (json!({"pain_rating": 11}), "pain_rating"),
        (
            json!({"activities": [{"name": "run", "rating": 1}, {"name": "Run", "rating": 2}]}),
            "activity 2",
        ),
        (json!({"date": "2026-03-03", "pain_rating": 1}), "date"),
        (
            json!({"questionnaire": {"id": "odi", "answers": [1, 2]}}),
            "instrument",
        ),
        (json!({}), "measures"),
    ] {
        let reply = app.send(Method::POST, "/api/v1/outcomes", body).await;
        assert_eq!(
            error_of(&reply, StatusCode::UNPROCESSABLE_ENTITY)["field"],
            field
        );
    }
    assert_eq!(app.store().outcomes().unwrap().len(), 3);

    // A retest takes them too, in its own batch.
    let reply = app
        .send(
            Method::POST,
            "/api/v1/assessments",
            json!({"tests": {"extensor": 130}, "outcomes": {"pain_rating": 2}}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
    assert_eq!(app.store().outcomes().unwrap().len(), 4);
    let reply = app
        .send(
            Method::POST,
            "/api/v1/assessments",
            json!({"tests": {"extensor": 130}, "outcomes": {"pain_rating": 12}}),
        )
        .await;
    assert_eq!(
        error_of(&reply, StatusCode::UNPROCESSABLE_ENTITY)["field"],
        "outcomes.pain_rating"
    );
    assert_eq!(app.store().assessments().unwrap().len(), 2);
}

#[tokio::test]
async fn while_halted_every_read_says_so_and_offers_no_training_until_resumed() {
    let app = App::new();
    let reply = app
        .send(
            Method::POST,
            "/api/v1/sets",
            json!({"slot": 0, "actual": 10, "rpe": 6, "pain": 2, "red_flags": ["night-pain"]}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);

    let today = app.get("/api/v1/today").await;
    assert_eq!(today.status, StatusCode::OK, "{}", today.json);
    assert_eq!(today.json["halted"]["since"], "2026-03-02");
    assert_eq!(today.json["halted"]["red_flags"][0], "night-pain");
    assert!(today.json["session"].is_null(), "{}", today.json);
    // Another day is not a way around the halt.
    let other = app.get("/api/v1/today?date=2026-03-04").await;
    assert!(other.json["session"].is_null(), "{}", other.json);
    for uri in ["/api/v1/plan", "/api/v1/decisions"] {
        let reply = app.get(uri).await;
        assert_eq!(
            error_of(&reply, StatusCode::CONFLICT)["code"],
            "halted",
            "{uri}"
        );
    }
    app.assert_set_refused_as_halted(1).await;

    let reply = app
        .send(Method::POST, "/api/v1/resume", json!({"confirm": true}))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    let today = app.get("/api/v1/today?date=2026-03-04").await;
    assert!(today.json.get("halted").is_none(), "{}", today.json);
    assert!(!today.json["session"].is_null(), "{}", today.json);
    assert!(!today.json.to_string().contains("halted"), "{}", today.json);
    for uri in ["/api/v1/plan", "/api/v1/decisions"] {
        assert_eq!(app.get(uri).await.status, StatusCode::OK, "{uri}");
    }
}

#[tokio::test]
async fn the_profile_unit_is_set_and_a_load_in_pounds_is_stored_in_kilograms() {
    let app = App::new();
    let profile = app.get("/api/v1/profile").await;
    assert_eq!(profile.json["profile"]["units"], "kg", "{}", profile.json);
    let mut body = profile.json["profile"].clone();
    body["units"] = json!("lb");
    let reply = app.send(Method::PUT, "/api/v1/profile", body.clone()).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["profile"]["units"], "lb");
    assert_eq!(
        app.store().profile().unwrap().unwrap().units,
        keel_core::units::Units::Lb
    );
    // A unit Keel does not know is refused, naming the field; nothing changes.
    body["units"] = json!("stone");
    let reply = app.send(Method::PUT, "/api/v1/profile", body).await;
    assert_eq!(
        error_of(&reply, StatusCode::UNPROCESSABLE_ENTITY)["field"],
        "units"
    );
    assert_eq!(
        app.store().profile().unwrap().unwrap().units,
        keel_core::units::Units::Lb
    );

    // 35 lb sent as pounds is 35 lb stored as kilograms; the reply says lb.
    let reply = app
        .send(
            Method::POST,
            "/api/v1/sets",
            json!({"slot": 0, "actual": 10, "rpe": 6, "load": 35, "load_unit": "lb"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
    assert_eq!(reply.json["units"], "lb");
    let kg = reply.json["set"]["logged"]["set"]["load"]["kg"]
        .as_f64()
        .unwrap();
    assert!((kg - 15.875_733).abs() < 1e-4, "{kg}");
    #[allow(clippy::cast_possible_truncation)]
    let shown = keel_core::units::Units::Lb.show(kg as f32);
    assert_eq!(shown, "35 lb");
    // Without load_unit the number is kilograms, for programs that do not
    // know the athlete's unit.
    let id = reply.json["set"]["id"].as_i64().unwrap();
    let reply = app
        .send(
            Method::PATCH,
            &format!("/api/v1/sets/{id}"),
            json!({"load": 16}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["logged"]["set"]["load"]["kg"], 16.0);
    let reply = app
        .send(
            Method::PATCH,
            &format!("/api/v1/sets/{id}"),
            json!({"load": 16, "load_unit": "stone"}),
        )
        .await;
    assert_eq!(
        error_of(&reply, StatusCode::UNPROCESSABLE_ENTITY)["field"],
        "load_unit"
    );
}

#[tokio::test]
async fn per_side_results_round_trip_and_the_extra_set_takes_its_side_only() {
    let app = App::new();
    let today = app.get("/api/v1/today").await.json;
    let slots = today["session"]["slots"].as_array().unwrap().clone();
    // The assessment's side bridges (60 s right, 55 s left) flag the left.
    let (index, slot) = slots
        .iter()
        .enumerate()
        .find(|(_, s)| s["prescription"]["extra_sets_on"] == "left")
        .expect("a slot with the extra left set");
    let sets = slot["prescription"]["sets"].as_u64().unwrap();
    let bilateral = slots
        .iter()
        .position(|s| s["prescription"]["per_side"] == false)
        .expect("a bilateral slot");
    // Sides on a bilateral exercise are refused, naming the field.
    let reply = app
        .send(
            Method::POST,
            "/api/v1/sets",
            json!({"slot": bilateral, "actual": 10, "left": 8, "rpe": 6}),
        )
        .await;
    assert_eq!(
        error_of(&reply, StatusCode::UNPROCESSABLE_ENTITY)["field"],
        "left"
    );
    let reply = app
        .send(
            Method::POST,
            "/api/v1/sets",
            json!({"slot": index, "actual": 10, "right": -1, "rpe": 6}),
        )
        .await;
    assert_eq!(
        error_of(&reply, StatusCode::UNPROCESSABLE_ENTITY)["field"],
        "right"
    );
    assert_eq!(app.set_count(), 0, "nothing was written");
    for _ in 0..sets {
        let reply = app
            .send(
                Method::POST,
                "/api/v1/sets",
                json!({"slot": index, "actual": 10, "left": 7, "right": 10, "rpe": 6}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
        let set = &reply.json["set"]["logged"]["set"];
        assert_eq!(set["sides"]["left"]["value"], 7, "{set}");
        assert_eq!(set["sides"]["right"]["value"], 10, "{set}");
        assert_eq!(set["actual"]["value"], 7, "the weaker side");
    }
    // The extra set is the left side only: a right value is refused.
    let reply = app
        .send(
            Method::POST,
            "/api/v1/sets",
            json!({"slot": index, "actual": 10, "left": 6, "right": 10, "rpe": 6}),
        )
        .await;
    let error = error_of(&reply, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["field"], "right", "{error}");
    let reply = app
        .send(
            Method::POST,
            "/api/v1/sets",
            json!({"slot": index, "actual": 10, "left": 6, "rpe": 6}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
    // Every set, the extra one included, reads back with its sides.
    let listed = app.get("/api/v1/sets").await.json;
    let items = listed["items"].as_array().unwrap();
    assert_eq!(items.len() as u64, sets + 1, "{listed}");
    let extra = &items[items.len() - 1]["logged"]["set"];
    assert_eq!(
        extra["sides"],
        json!({"left": {"kind": "seconds", "value": 6}})
    );
    // And nothing is left to log for that exercise.
    let reply = app
        .send(
            Method::POST,
            "/api/v1/sets",
            json!({"slot": index, "actual": 10, "rpe": 6}),
        )
        .await;
    assert_eq!(
        error_of(&reply, StatusCode::UNPROCESSABLE_ENTITY)["field"],
        "slot"
    );
}

/// The loaded definitions come back with the fields of
/// docs/questionnaires.md, the optional ones only when set (the contract
/// check validates them against the strict `Questionnaire` schema).
#[tokio::test]
async fn loaded_questionnaires_are_listed_with_their_definition() {
    let app = App::new();
    let definition = "format = 1\nid = \"demo\"\nname = \"Demo\"\n\n\
        [scoring]\nformula = \"percent\"\nbetter = \"lower\"\nmax_missing = 1\nmcid = 10.0\nmcid_source = \"a study\"\n\
        subscales = [{ name = \"first\", items = [1] }]\n\
        bands = [{ label = \"low\", min = 0.0, max = 50.0 }, { label = \"high\", min = 50.0 }]\n\n\
        [[items]]\ntext = \"One\"\noptions = [{ text = \"No\", points = 0 }, { text = \"Yes\", points = 1 }]\n\n\
        [[items]]\ntext = \"Two\"\noptions = [{ text = \"No\", points = 0 }, { text = \"Yes\", points = 2 }]\n";
    keel_app::outcomes::load(&mut app.store(), definition).unwrap();
    let list = app.get("/api/v1/outcomes").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.json);
    let loaded = &list.json["questionnaires"][0];
    assert_eq!(loaded["id"], "demo");
    assert!(loaded.get("rule").is_none(), "{loaded}");
    assert_eq!(
        loaded["items"][1]["options"][1],
        json!({"text": "Yes", "points": 2})
    );
    assert_eq!(
        loaded["scoring"],
        json!({
            "formula": "percent", "better": "lower", "max_missing": 1,
            "mcid": 10.0, "mcid_source": "a study",
            "subscales": [{"name": "first", "items": [1]}],
            "bands": [{"label": "low", "min": 0.0, "max": 50.0}, {"label": "high", "min": 50.0}]
        })
    );
}
