//! The local app keeps the Today page it made and answers from it while the
//! data is unchanged (`kept_page`): the kept answer is the page as
//! made, and any write, through the app itself or through another
//! connection to the file (the CLI or a second `keel serve` beside it),
//! shows on the next request.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::body::{Body, to_bytes};
use axum::http::{Method, Request, StatusCode, header};
use keel_core::redflag::RedFlag;
use keel_store::{SafetyEvent, ScreenContext, Store, Write};
use keel_web::{AppState, router};
use serde_json::json;
use tower::ServiceExt;

use crate::common::json::{json_request, read_json};
use crate::common::sqlite::SqliteApp;
use crate::common::{HOST, TODAY};

async fn today_page(router: &axum::Router) -> String {
    let request = Request::builder()
        .uri("/")
        .header(header::HOST, HOST)
        .body(Body::empty())
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// Logs one set of the first exercise through `router`'s JSON API.
async fn log_a_set(router: &axum::Router) {
    let uri = "/api/v1/sets";
    let body = json!({"slot": 0, "actual": 10, "rpe": 6});
    let request = json_request(Method::POST, uri, None, Some(body));
    let reply = read_json(router.clone().oneshot(request).await.unwrap(), uri).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
}

#[tokio::test]
async fn the_kept_today_page_is_the_page_as_made_and_follows_the_apps_own_writes() {
    let app = SqliteApp::open(true);
    let made = today_page(&app.router).await;
    assert!(made.contains("Done today: 0 of"), "{made}");
    assert_eq!(today_page(&app.router).await, made);

    log_a_set(&app.router).await;
    let after = today_page(&app.router).await;
    assert!(after.contains("Done today: 1 of"), "{after}");
    assert_eq!(today_page(&app.router).await, after);
}

#[tokio::test]
async fn a_write_through_another_connection_shows_on_the_next_today_page() {
    let app = SqliteApp::open(true);
    let made = today_page(&app.router).await;
    assert_eq!(today_page(&app.router).await, made);

    // A second server on the same file logs a set.
    let beside = router(AppState::new(app.store(), Some(TODAY)));
    log_a_set(&beside).await;
    let after = today_page(&app.router).await;
    assert!(after.contains("Done today: 1 of"), "{after}");

    // The CLI records a red flag: the next page is the halted one.
    app.store()
        .apply(vec![Write::Safety(SafetyEvent::Screen {
            date: TODAY,
            context: ScreenContext::PainEntry,
            flags: vec![RedFlag::NightPain],
        })])
        .unwrap();
    let halted = today_page(&app.router).await;
    assert!(halted.contains("Your program is paused"), "{halted}");
}
