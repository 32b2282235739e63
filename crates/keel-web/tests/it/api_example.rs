//! ARCHITECTURE.md's "An API endpoint", followed once for real: the
//! test-only `GET /api/v1/example/halt` (feature `example-endpoint`, on in
//! this crate's tests) has a handler, a wire type, a row in
//! `api::ROUTES`, an operation in the document, a row in the
//! authorization matrix, and this test. If a step stops being enough (or
//! one is left out), this file fails.

use crate::common;

use axum::http::{Method, StatusCode};
use keel_web::api::ROUTES;
use keel_web::api::openapi::document;
use serde_json::json;

use common::sqlite::SqliteApp;

const PATH: &str = "/api/v1/example/halt";

#[test]
fn the_example_endpoint_is_routed_documented_and_in_the_matrix() {
    assert!(
        ROUTES.iter().any(|r| r.method == "GET" && r.path == PATH),
        "api::ROUTES lacks the example"
    );
    let doc = document();
    assert!(
        doc["paths"][PATH]["get"]["responses"]["200"].is_object(),
        "the document lacks the example's operation"
    );
    assert!(keel_web::routes::listed(true).contains(&("GET", PATH)));
    #[cfg(feature = "postgres")]
    assert!(
        crate::matrix::tabled().contains(&("GET", PATH)),
        "the authorization matrix lacks the example's row"
    );
}

#[tokio::test]
async fn the_example_endpoint_answers_what_the_document_says() {
    let app = SqliteApp::open(true);
    // The shared client validates each answer against the document.
    let reply = app.send_json(Method::GET, PATH, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json, json!({"halted": false, "since": null}));

    // A warning sign answered yes halts the program; the example says so.
    let logged = app
        .send_json(
            Method::POST,
            "/api/v1/sets",
            Some(
                json!({"slot": 0, "actual": 10, "rpe": 6, "pain": 2, "red_flags": ["night-pain"]}),
            ),
        )
        .await;
    assert_eq!(logged.status, StatusCode::CREATED, "{}", logged.json);
    assert_eq!(logged.json["halted"], true);
    let reply = app.send_json(Method::GET, PATH, None).await;
    assert_eq!(
        reply.json,
        json!({"halted": true, "since": common::TODAY.to_string()})
    );
}
