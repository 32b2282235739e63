//! What the Today page and `GET /api/v1/today` say beyond the day's plan:
//! a missed session to make up (docs/method.md §4.2) and a retest that is
//! due (§2.5); and the retest page's tests carried forward (§2.5). The router is called directly over a temp database onboarded
//! on Monday 2026-03-02, with "today" fixed at the day under test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use axum::body::{Body, to_bytes};
use axum::http::{Method, Request, StatusCode, header};
use jiff::civil::{Date, date};
use keel_store::{SqliteStore, Store};
use keel_web::{AppState, router};
use serde_json::json;
use tower::ServiceExt;

use common::json::{Reply, json_request, read_json};
use common::{HOST, onboard};

const TUESDAY: Date = date(2026, 3, 3);

struct App {
    dir: tempfile::TempDir,
    router: axum::Router,
}

impl App {
    /// Onboarded on 2026-03-02, seen on `today`.
    fn on(today: Date) -> App {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(&dir.path().join("keel.db")).unwrap();
        onboard(&mut store);
        App {
            router: router(AppState::new(store, Some(today))),
            dir,
        }
    }

    fn store(&self) -> SqliteStore {
        SqliteStore::open(&self.dir.path().join("keel.db")).unwrap()
    }

    async fn page(&self, uri: &str) -> String {
        let request = Request::builder()
            .uri(uri)
            .header(header::HOST, HOST)
            .body(Body::empty())
            .unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{uri}");
        let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    async fn post_form(&self, uri: &str, body: &str) -> (StatusCode, String) {
        let request = Request::post(uri)
            .header(header::HOST, HOST)
            .header(header::ORIGIN, format!("http://{HOST}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body.to_string()))
            .unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        (status, String::from_utf8(bytes.to_vec()).unwrap())
    }

    async fn json(&self, method: Method, uri: &str, body: Option<serde_json::Value>) -> Reply {
        let response = self
            .router
            .clone()
            .oneshot(json_request(method, uri, None, body))
            .await
            .unwrap();
        read_json(response, uri).await
    }
}

#[tokio::test]
async fn a_missed_monday_is_offered_on_tuesdays_page_and_logged_against_it() {
    let app = App::on(TUESDAY);
    let page = app.page("/").await;
    assert!(
        page.contains("Make-up: the session planned for Mon 2026-03-02"),
        "{page}"
    );
    assert!(!page.contains("Rest day"), "{page}");
    assert!(page.contains("href=\"/session/0/1\""), "{page}");

    let today = app.json(Method::GET, "/api/v1/today", None).await;
    assert_eq!(today.status, StatusCode::OK, "{}", today.json);
    assert_eq!(today.json["session"]["makes_up"], "2026-03-02");
    let first = &today.json["session"]["slots"][0];

    // A set logged today counts for Monday's slot, dated today.
    let logged = app
        .json(
            Method::POST,
            "/api/v1/sets",
            Some(json!({"slot": 0, "actual": 10, "rpe": 6})),
        )
        .await;
    assert_eq!(logged.status, StatusCode::CREATED, "{}", logged.json);
    assert_eq!(logged.json["set"]["logged"]["date"], "2026-03-03");
    assert_eq!(logged.json["set"]["logged"]["slot"], first["key"]);
    let sessions = app.store().sessions(None, None).unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].date, TUESDAY);
    assert!(sessions[0].sets[0].logged.slot.day.is_training());

    // The page goes on with the same session.
    let page = app.page("/").await;
    assert!(page.contains("Make-up:"), "{page}");
    assert!(page.contains("Continue"), "{page}");
}

#[tokio::test]
async fn a_rest_day_after_a_trained_day_stays_a_rest_day() {
    // Sunday 2026-03-08 after Friday's session was done.
    let app = App::on(date(2026, 3, 6));
    let logged = app
        .json(
            Method::POST,
            "/api/v1/sets",
            Some(json!({"slot": 0, "actual": 10, "rpe": 6})),
        )
        .await;
    assert_eq!(logged.status, StatusCode::CREATED, "{}", logged.json);
    let sunday = router(AppState::new(app.store(), Some(date(2026, 3, 8))));
    let app = App {
        router: sunday,
        dir: app.dir,
    };
    let page = app.page("/").await;
    assert!(page.contains("Rest day"), "{page}");
    assert!(!page.contains("Make-up"), "{page}");
    let today = app.json(Method::GET, "/api/v1/today", None).await;
    assert!(today.json["session"].is_null(), "{}", today.json);
}

#[tokio::test]
async fn today_says_a_retest_is_due_after_retest_weeks_until_one_is_taken() {
    // Assessed on 2026-03-02; retest-weeks defaults to 6.
    let early = App::on(date(2026, 4, 12));
    let page = early.page("/").await;
    assert!(!page.contains("retest is due"), "{page}");
    let today = early.json(Method::GET, "/api/v1/today", None).await;
    assert!(today.json.get("retest_due").is_none(), "{}", today.json);

    let app = App::on(date(2026, 4, 13));
    let page = app.page("/").await;
    assert!(
        page.contains("A retest is due: your last assessment was on 2026-03-02"),
        "{page}"
    );
    assert!(page.contains("href=\"/assess\""), "{page}");
    let today = app.json(Method::GET, "/api/v1/today", None).await;
    assert_eq!(today.json["retest_due"]["last_assessed"], "2026-03-02");
    assert_eq!(today.json["retest_due"]["due_since"], "2026-04-13");
    assert_eq!(today.json["retest_due"]["every_weeks"], 6);

    // A partial retest: the untested holds are carried forward, said so.
    let retest = app
        .json(
            Method::POST,
            "/api/v1/assessments",
            Some(json!({"tests": {"extensor": 100, "flexor": 105}})),
        )
        .await;
    assert_eq!(retest.status, StatusCode::CREATED, "{}", retest.json);
    let carried = retest.json["carried_forward"].as_array().unwrap();
    let left = carried
        .iter()
        .find(|c| c["test"] == "side-bridge-left")
        .unwrap();
    assert_eq!(left["value"], "55 s");
    assert_eq!(left["measured_on"], "2026-03-02");
    assert!(carried.iter().all(|c| c["test"] != "extensor"));

    // The retest ends the notice.
    let page = app.page("/").await;
    assert!(!page.contains("retest is due"), "{page}");
    let today = app.json(Method::GET, "/api/v1/today", None).await;
    assert!(today.json.get("retest_due").is_none(), "{}", today.json);
}

#[tokio::test]
async fn the_retest_page_lists_the_tests_carried_forward() {
    let app = App::on(date(2026, 4, 13));
    let (status, page) = app.post_form("/assess", "extensor=100&flexor=105").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Carried forward"), "{page}");
    assert!(
        page.contains("side bridge left: 55 s</strong> (measured 2026-03-02)"),
        "{page}"
    );
    assert!(
        page.contains("not retested: 60 s carried forward (measured 2026-03-02)"),
        "{page}"
    );
    // Stored as entered.
    let stored = app.store().assessments().unwrap();
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[1].input.holds.side_bridge_left, None);
}
