//! The calendar feed at its secret URL, on the local app and on a
//! PostgreSQL account: no login needed, read back with an iCalendar
//! parser; a revoked URL answers 404 and a renewed one replaces it.
#![allow(clippy::unwrap_used)]

use crate::common;

use axum::http::{Method, StatusCode, header};
use icalendar::{Calendar, Component};
use keel_store::Store;
use tower::ServiceExt;

use common::json::json_request;
use common::sqlite::SqliteApp;

/// Status, Content-Type and body of `GET uri` with no credentials.
async fn get(router: &axum::Router, uri: &str) -> (StatusCode, String, String) {
    let response = router
        .clone()
        .oneshot(json_request(Method::GET, uri, None, None))
        .await
        .unwrap();
    let status = response.status();
    let kind = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, kind, String::from_utf8(body.to_vec()).unwrap())
}

/// The feed answers with the plan's events, parsed back.
fn assert_feed(status: StatusCode, kind: &str, text: &str) {
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(kind, "text/calendar; charset=utf-8");
    let calendar: Calendar = text.parse().unwrap();
    let events: Vec<_> = calendar.events().collect();
    assert!(events.len() > 10, "{} events", events.len());
    assert_eq!(events[0].get_uid(), Some("keel-2026-03-02-a@keel"));
    assert!(text.contains("BEGIN:VALARM\r\n"));
}

/// `get` on a runtime of its own, from a synchronous test (the PostgreSQL
/// client that arranges the data must not run on an async thread).
fn fetch(
    runtime: &tokio::runtime::Runtime,
    router: &axum::Router,
    uri: &str,
) -> (StatusCode, String, String) {
    runtime.block_on(get(router, uri))
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap()
}

/// Revoking, renewing and what each URL answers after, on any store.
fn revoke_and_renew(
    runtime: &tokio::runtime::Runtime,
    router: &axum::Router,
    store: &mut dyn Store,
    token: &str,
) {
    let old = keel_app::calendar::feed_path(token);
    assert!(keel_app::calendar::revoke_feed(store).unwrap());
    assert!(
        !keel_app::calendar::revoke_feed(store).unwrap(),
        "none left"
    );
    assert_eq!(fetch(runtime, router, &old).0, StatusCode::NOT_FOUND);

    let renewed = keel_app::calendar::renew_feed(store).unwrap();
    assert_ne!(renewed, token);
    let new = keel_app::calendar::feed_path(&renewed);
    let (status, kind, text) = fetch(runtime, router, &new);
    assert_feed(status, &kind, &text);
    assert_eq!(fetch(runtime, router, &old).0, StatusCode::NOT_FOUND);

    let renewed_again = keel_app::calendar::renew_feed(store).unwrap();
    assert_eq!(fetch(runtime, router, &new).0, StatusCode::NOT_FOUND);
    let latest = keel_app::calendar::feed_path(&renewed_again);
    assert_eq!(fetch(runtime, router, &latest).0, StatusCode::OK);
}

#[test]
fn local_feed_needs_no_login_and_dies_when_revoked() {
    let rt = runtime();
    let app = SqliteApp::open(true);
    let mut store = app.store();
    // No feed yet: any token is unknown, and so is a malformed one.
    let guess = "0".repeat(64);
    for uri in [
        format!("/calendar/{guess}.ics"),
        "/calendar/abc.ics".to_string(),
        format!("/calendar/{guess}"),
    ] {
        assert_eq!(
            fetch(&rt, &app.router, &uri).0,
            StatusCode::NOT_FOUND,
            "{uri}"
        );
    }
    let token = keel_app::calendar::renew_feed(&mut store).unwrap();
    assert_eq!(token.len(), 64);
    let (status, kind, text) = fetch(&rt, &app.router, &keel_app::calendar::feed_path(&token));
    assert_feed(status, &kind, &text);
    // Fetched again with nothing changed: the same events, the same SEQUENCEs.
    let (_, _, again) = fetch(&rt, &app.router, &keel_app::calendar::feed_path(&token));
    let strip = |t: &str| {
        t.lines()
            .filter(|l| !l.starts_with("DTSTAMP:"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&again), strip(&text));
    revoke_and_renew(&rt, &app.router, &mut store, &token);
}

#[cfg(feature = "postgres")]
#[test]
fn account_feed_finds_its_user_by_the_token_alone() {
    use common::pg::PgApp;
    use keel_web::accounts::ServerSettings;
    let Some(app) = PgApp::start(
        "keel_feed",
        "account_feed_finds_its_user_by_the_token_alone",
        ServerSettings::default(),
    ) else {
        return;
    };
    let ana = app.backend.user("ana").unwrap();
    let ben = app.backend.user("ben").unwrap();
    let mut ana_store = app.backend.store(ana);
    let mut ben_store = app.backend.store(ben);
    common::onboard(&mut ana_store);
    common::onboard(&mut ben_store);
    let token = keel_app::calendar::renew_feed(&mut ana_store).unwrap();
    let ben_token = keel_app::calendar::renew_feed(&mut ben_store).unwrap();
    let (status, kind, text) = fetch(
        &app.runtime,
        &app.router,
        &keel_app::calendar::feed_path(&token),
    );
    assert_feed(status, &kind, &text);
    // Ana's feed wrote only Ana's SEQUENCEs.
    assert!(ben_store.calendar().unwrap().events.is_empty());
    assert!(!ana_store.calendar().unwrap().events.is_empty());
    // Revoking and renewing Ana's feed leaves Ben's working.
    revoke_and_renew(&app.runtime, &app.router, &mut ana_store, &token);
    let ben_path = keel_app::calendar::feed_path(&ben_token);
    assert_eq!(
        fetch(&app.runtime, &app.router, &ben_path).0,
        StatusCode::OK
    );
}

#[test]
fn the_api_sets_the_time_and_makes_and_ends_the_feed() {
    let rt = runtime();
    let app = SqliteApp::open(true);
    let send = |method: Method, uri: &str, body: Option<serde_json::Value>| {
        rt.block_on(app.send_json(method, uri, body))
    };
    let shown = send(Method::GET, "/api/v1/calendar", None);
    assert_eq!(shown.status, StatusCode::OK);
    assert_eq!(
        shown.json,
        serde_json::json!({"training_time": "18:00", "feed": false})
    );

    let bad = send(
        Method::PATCH,
        "/api/v1/calendar",
        Some(serde_json::json!({"training_time": "25:00"})),
    );
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.json);
    assert!(
        bad.json.to_string().contains("training-time"),
        "{}",
        bad.json
    );
    assert_eq!(app.store().calendar().unwrap().training_time, None);

    let set = send(
        Method::PATCH,
        "/api/v1/calendar",
        Some(serde_json::json!({"training_time": "07:30"})),
    );
    assert_eq!(set.status, StatusCode::OK);
    assert_eq!(set.json["training_time"], "07:30");

    let made = send(Method::POST, "/api/v1/calendar/feed", None);
    assert_eq!(made.status, StatusCode::OK);
    let path = made.json["path"].as_str().unwrap().to_string();
    assert_eq!(
        path,
        keel_app::calendar::feed_path(made.json["token"].as_str().unwrap())
    );
    let (status, kind, text) = fetch(&rt, &app.router, &path);
    assert_feed(status, &kind, &text);
    assert!(text.contains("DTSTART:20260302T073000\r\n"));
    assert_eq!(
        send(Method::GET, "/api/v1/calendar", None).json["feed"],
        true
    );

    let ended = send(Method::DELETE, "/api/v1/calendar/feed", None);
    assert_eq!(ended.json, serde_json::json!({"revoked": true}));
    assert_eq!(fetch(&rt, &app.router, &path).0, StatusCode::NOT_FOUND);
    let again = send(Method::DELETE, "/api/v1/calendar/feed", None);
    assert_eq!(again.json, serde_json::json!({"revoked": false}));
}

/// A same-site form post to the local app: status, Location and body.
fn post_form(
    rt: &tokio::runtime::Runtime,
    router: &axum::Router,
    uri: &str,
    body: &str,
) -> (StatusCode, Option<String>, String) {
    let request = axum::http::Request::post(uri)
        .header(header::HOST, common::HOST)
        .header(header::ORIGIN, common::ORIGIN)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(body.to_string()))
        .unwrap();
    rt.block_on(async {
        let response = router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let location = response
            .headers()
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap().to_string());
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        (status, location, String::from_utf8(bytes.to_vec()).unwrap())
    })
}

#[test]
fn the_settings_page_sets_the_time_and_makes_and_ends_the_feed() {
    let rt = runtime();
    let app = SqliteApp::open(true);
    let (status, _, page) = fetch(&rt, &app.router, "/settings");
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Usual training time"), "{page}");
    assert!(page.contains("value=\"18:00\""), "{page}");
    assert!(page.contains("Make a feed address"));

    let (status, _, body) = post_form(&rt, &app.router, "/settings/calendar", "training-time=7");
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("training-time"), "{body}");
    assert_eq!(app.store().calendar().unwrap().training_time, None);
    let (status, location, _) = post_form(
        &rt,
        &app.router,
        "/settings/calendar",
        "training-time=06%3A45",
    );
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location.as_deref(), Some("/settings"));
    assert_eq!(
        app.store().calendar().unwrap().training_time.as_deref(),
        Some("06:45")
    );

    let (status, _, shown) = post_form(&rt, &app.router, "/settings/calendar/feed", "");
    assert_eq!(status, StatusCode::OK);
    let url = shown
        .split("http://127.0.0.1:7878")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap_or_else(|| panic!("{shown}"))
        .to_string();
    assert!(
        url.starts_with("/calendar/") && url.ends_with(".ics"),
        "{url}"
    );
    let (status, kind, text) = fetch(&rt, &app.router, &url);
    assert_feed(status, &kind, &text);
    assert!(text.contains("DTSTART:20260302T064500\r\n"));
    let (_, _, page) = fetch(&rt, &app.router, "/settings");
    assert!(page.contains("Turn the feed off"));

    let (status, _, _) = post_form(&rt, &app.router, "/settings/calendar/revoke", "");
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(fetch(&rt, &app.router, &url).0, StatusCode::NOT_FOUND);
}
