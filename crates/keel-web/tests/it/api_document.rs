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

/// The contract check every API test runs (`common::contract`) refuses an
/// answer whose field was renamed, dropped or added, at any depth of a
/// wire type, and a status the document does not list: what a rename in
/// a wire type (or the document) would produce.
#[tokio::test]
async fn a_renamed_dropped_or_added_field_breaks_the_contract() {
    use common::contract::problems;

    let app = SqliteApp::open(true);
    let logged = app
        .send_json(
            Method::POST,
            "/api/v1/sets",
            Some(json!({"slot": 0, "actual": 10, "rpe": 6})),
        )
        .await;
    assert_eq!(logged.status, StatusCode::CREATED, "{}", logged.json);
    let page = app.send_json(Method::GET, "/api/v1/sets", None).await;
    let (get, uri, ok) = (Method::GET, "/api/v1/sets", StatusCode::OK);
    // As served, it passes (send_json checked it too).
    assert_eq!(problems(&get, uri, ok, &page.json), Ok(()));

    let renamed = |mut body: serde_json::Value| {
        let set = body["items"][0]["logged"]["set"].as_object_mut().unwrap();
        let rpe = set.remove("rpe").unwrap();
        set.insert("effort".into(), rpe);
        body
    };
    let dropped = |mut body: serde_json::Value| {
        body["items"][0]["logged"]["slot"]
            .as_object_mut()
            .unwrap()
            .remove("planned");
        body
    };
    let added = |mut body: serde_json::Value| {
        body["items"][0]["recorded"] = json!("2026-03-02");
        body
    };
    for (what, body) in [
        ("renamed", renamed(page.json.clone())),
        ("dropped", dropped(page.json.clone())),
        ("added", added(page.json.clone())),
    ] {
        assert!(
            problems(&get, uri, ok, &body).is_err(),
            "a {what} field passed the contract: {body}"
        );
    }
    // A status the operation does not document.
    assert!(problems(&get, uri, StatusCode::IM_A_TEAPOT, &page.json).is_err());
}
