//! The OpenAPI document as served, against what the routes answer: the
//! local app's copy asks for no token (it has none), and an action that
//! takes no body refuses one it would otherwise have ignored.
#![allow(clippy::unwrap_used)]

use crate::common;

use axum::http::{Method, StatusCode};
use keel_store::Store;
use serde_json::json;

use common::sqlite::SqliteApp;

#[tokio::test]
async fn the_local_apps_document_asks_for_no_token() {
    let app = SqliteApp::open(false);
    let reply = app
        .send_json(Method::GET, "/api/v1/openapi.json", None)
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json["security"], json!([]));
    // The document itself still describes the bearer scheme of the server.
    assert!(reply.json["components"]["securitySchemes"]["bearer"].is_object());
}

#[tokio::test]
async fn an_action_without_a_body_refuses_one_and_changes_nothing() {
    let app = SqliteApp::open(true);
    let versions = || app.store().plans().unwrap().len();
    let before = versions();
    for body in [
        json!([null, null]),
        json!({"start": "2026-03-09"}),
        json!(7),
    ] {
        let reply = app
            .send_json(Method::POST, "/api/v1/plan", Some(body.clone()))
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(reply.json["error"]["code"], "malformed_json", "{body}");
    }
    assert_eq!(versions(), before);
    // `{}` (or nothing at all) is what the document describes.
    let reply = app
        .send_json(Method::POST, "/api/v1/plan", Some(json!({})))
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
    assert_eq!(versions(), before + 1);
}
