//! The JSON API's settings, progress and lists on the local (SQLite) app:
//! settings read with their ranges and changed all or nothing, the
//! progress analytics equal to the insight the progress page reads,
//! check-ins and assessments a page at a time, and the coach server's
//! routes answering 404 `accounts_only` here.
#![allow(clippy::unwrap_used)]

use crate::common;

use axum::http::{Method, StatusCode};
use jiff::ToSpan;
use keel_app::insight::{self, InsightSettings};
use keel_app::settings::{all_rows, engine_settings};
use keel_core::analytics::AnalyticsSettings;
use keel_core::measure::Rpe;
use keel_store::{SessionSummary, SqliteStore, Store, Write};
use serde_json::{Value, json};

use common::TODAY;
use common::json::Reply;
use common::sqlite::SqliteApp;

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

    async fn get(&self, uri: &str) -> Reply {
        self.send_json(Method::GET, uri, None).await
    }

    async fn patch_settings(&self, body: Value) -> Reply {
        self.send_json(Method::PATCH, "/api/v1/settings", Some(body))
            .await
    }

    /// Every setting's value, by key, as stored.
    fn values(&self) -> Vec<(String, i64)> {
        let store = self.store();
        let plan = store.settings().unwrap();
        let engine = engine_settings(&store).unwrap();
        all_rows(&plan, &engine)
            .into_iter()
            .map(|r| (r.key.to_string(), r.value))
            .collect()
    }
}

/// The error body of a reply with `status`; its field.
fn field_of(reply: &Reply, status: StatusCode) -> Value {
    assert_eq!(reply.status, status, "{}", reply.json);
    let error = &reply.json["error"];
    assert_eq!(error["status"], status.as_u16(), "{}", reply.json);
    assert!(!error["message"].as_str().unwrap().is_empty());
    error["field"].clone()
}

fn setting<'a>(reply: &'a Reply, key: &str) -> &'a Value {
    reply.json["settings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == key)
        .unwrap_or_else(|| panic!("no {key}: {}", reply.json))
}

#[tokio::test]
async fn settings_are_listed_as_the_settings_page_shows_them() {
    let app = App::new();
    let reply = app.get("/api/v1/settings").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    let store = app.store();
    let plan = store.settings().unwrap();
    let engine = engine_settings(&store).unwrap();
    let rows = all_rows(&plan, &engine);
    assert_eq!(reply.json["settings"].as_array().unwrap().len(), rows.len());
    for row in &rows {
        let shown = setting(&reply, row.key);
        assert_eq!(shown["value"], row.value, "{}", row.key);
        assert_eq!(shown["default"], row.default, "{}", row.key);
        assert_eq!(shown["min"], row.min, "{}", row.key);
        assert_eq!(shown["max"], row.max, "{}", row.key);
        assert_eq!(shown["description"], row.meaning, "{}", row.key);
    }
    assert_eq!(setting(&reply, "block-weeks")["scope"], "plan");
    assert_eq!(setting(&reply, "readiness-cut-sum")["scope"], "engine");
}

#[tokio::test]
async fn several_settings_change_together_or_not_at_all() {
    let app = App::new();
    let before = app.values();

    // One bad value refuses the whole change, naming its key.
    for (body, key) in [
        (json!({"block-weeks": 4, "hold-step": 99}), "hold-step"),
        (
            json!({"block-weeks": 4, "no-such-setting": 1}),
            "no-such-setting",
        ),
        (json!({"block-weeks": "4"}), "block-weeks"),
        (json!({"block-weeks": 4.5}), "block-weeks"),
        // The cut sum may not pass the light-session sum (21).
        (
            json!({"block-weeks": 4, "readiness-cut-sum": 22}),
            "readiness-cut-sum",
        ),
        (json!({}), "settings"),
    ] {
        let reply = app.patch_settings(body.clone()).await;
        assert_eq!(
            field_of(&reply, StatusCode::UNPROCESSABLE_ENTITY),
            key,
            "{body}"
        );
        assert_eq!(app.values(), before, "{body} changed something");
    }
    let reply = app.patch_settings(json!(["block-weeks", 4])).await;
    field_of(&reply, StatusCode::BAD_REQUEST);

    let reply = app
        .patch_settings(json!({"block-weeks": 4, "readiness-cut-sum": 15}))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(setting(&reply, "block-weeks")["value"], 4);
    assert_eq!(setting(&reply, "readiness-cut-sum")["value"], 15);
    let changed = reply.json["changed"].as_array().unwrap();
    assert_eq!(changed.len(), 2, "{}", reply.json);
    assert!(changed.contains(&json!({"key": "readiness-cut-sum", "old": 17, "new": 15})));
    let store = app.store();
    assert_eq!(store.settings().unwrap().block_weeks, 4);
    assert_eq!(engine_settings(&store).unwrap().readiness_cut_sum, 15);

    // Two values bound by a rule move together, whichever is tried first:
    // with green at 4, amber cannot drop to 3 until green drops to 2.
    let reply = app.patch_settings(json!({"pain-green-max": 4})).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    let reply = app
        .patch_settings(json!({"pain-amber-max": 3, "pain-green-max": 2}))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    let engine = engine_settings(&app.store()).unwrap();
    assert_eq!((engine.pain_green_max, engine.pain_amber_max), (2, 3));

    // A value already in force is no change.
    let reply = app.patch_settings(json!({"block-weeks": 4})).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["changed"], json!([]));
}

/// Session effort and minutes on four training days a week for three
/// weeks before TODAY, and today.
fn log_load(store: &mut SqliteStore) {
    let mut writes = Vec::new();
    for week in 0..3_i64 {
        for day in [0_i64, 2, 4, 5] {
            let date = TODAY.checked_sub((21 - 7 * week - day).days()).unwrap();
            writes.push(Write::SummarizeSession {
                date,
                summary: SessionSummary {
                    minutes: Some(30 + u16::try_from(week * 5 + day).unwrap()),
                    session_rpe: Some(Rpe::new(5 + week).unwrap()),
                    note: None,
                },
            });
        }
    }
    writes.push(Write::SummarizeSession {
        date: TODAY,
        summary: SessionSummary {
            minutes: Some(40),
            session_rpe: Some(Rpe::new(6).unwrap()),
            note: Some("steady".into()),
        },
    });
    store.apply(writes).unwrap();
}

/// Equal JSON, numbers within a rounding error (a float printed and read
/// back may move by its last bit).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            (x - y).abs() <= 1e-9 * x.abs().max(1.0)
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

#[tokio::test]
async fn progress_shows_the_insight_the_progress_page_reads() {
    let app = App::new();
    log_load(&mut app.store());
    let reply = app.get("/api/v1/progress").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    let expected = insight::gather(
        &app.store(),
        TODAY,
        None,
        &AnalyticsSettings::default(),
        &InsightSettings::default(),
    )
    .unwrap();
    let as_json = serde_json::to_value(&expected).unwrap();
    for key in [
        "weeks",
        "load",
        "acwr",
        "exercises",
        "balance",
        "adherence",
        "from",
        "to",
    ] {
        assert!(
            same(&reply.json[key], &as_json[key]),
            "{key}: {} vs {}",
            reply.json[key],
            as_json[key]
        );
    }
    let weeks = reply.json["weeks"].as_array().unwrap();
    assert!(weeks.len() >= 4, "{}", reply.json["weeks"]);
    assert!(weeks.iter().any(|w| w["load"].as_f64().unwrap() > 0.0));
    assert!(weeks.iter().any(|w| w["monotony"].is_number()));
    assert!(weeks.iter().any(|w| w["strain"].is_number()));
    assert!(same(
        &reply.json["latest"]["load"],
        &serde_json::to_value(expected.latest_load()).unwrap()
    ));
    assert_eq!(reply.json["latest"]["load"]["date"], "2026-03-02");
    assert!(reply.json["latest"]["acwr"].is_object());
    assert!(reply.json["acwr_meaning"].is_string());
    // Decisions are paged elsewhere.
    assert!(reply.json.get("decisions").is_none());
    assert_eq!(reply.json["decisions_at"], "/api/v1/decisions");

    // A window of one week: the running week only.
    let reply = app.get("/api/v1/progress?weeks=1").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["weeks"].as_array().unwrap().len(), 1);
    assert_eq!(reply.json["from"], "2026-03-02");
    for bad in ["/api/v1/progress?weeks=0", "/api/v1/progress?weeks=521"] {
        let reply = app.get(bad).await;
        assert_eq!(
            field_of(&reply, StatusCode::UNPROCESSABLE_ENTITY),
            "weeks",
            "{bad}"
        );
    }
    let reply = app.get("/api/v1/progress?weeks=lots").await;
    field_of(&reply, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn progress_before_onboarding_is_404() {
    let app = App(SqliteApp::open(false));
    let reply = app.get("/api/v1/progress").await;
    field_of(&reply, StatusCode::NOT_FOUND);
    assert_eq!(reply.json["error"]["code"], "not_found");
}

#[tokio::test]
async fn check_ins_are_listed_oldest_first_a_page_at_a_time() {
    let app = App::new();
    let reply = app.get("/api/v1/checkins").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["total"], 0);
    for body in [
        json!({"kind": "readiness", "sleep": 2, "fatigue": 3, "stress": 2, "soreness": 2}),
        json!({"kind": "morning", "pain_back_to_usual": true, "stiffness_back_to_usual": false, "soreness": 3}),
    ] {
        let reply = app
            .send_json(Method::POST, "/api/v1/checkins", Some(body))
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
    }
    let reply = app.get("/api/v1/checkins?per_page=1").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["total"], 2);
    assert_eq!(reply.json["items"][0]["kind"], "readiness");
    assert_eq!(reply.json["items"][0]["check"]["fatigue"], 3);
    let next = reply.json["next"].as_str().unwrap().to_string();
    let reply = app.get(&next).await;
    assert_eq!(reply.json["items"][0]["kind"], "morning");
    assert_eq!(reply.json["items"][0]["soreness"], 3);
    assert_eq!(reply.json["next"], Value::Null);
    let reply = app.get("/api/v1/checkins?page=0").await;
    assert_eq!(field_of(&reply, StatusCode::UNPROCESSABLE_ENTITY), "page");
}

#[tokio::test]
async fn assessments_are_listed_with_their_ratios() {
    let app = App::new();
    let reply = app.get("/api/v1/assessments").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    let stored = app.store().assessments().unwrap();
    assert_eq!(reply.json["total"], stored.len());
    let first = &reply.json["items"][0];
    assert_eq!(first["id"], stored[0].id);
    assert_eq!(first["input"]["date"], "2026-03-02");
    assert_eq!(first["input"]["holds"]["extensor"], 120);
    let ratios = first["ratios"].as_array().unwrap();
    assert!(!ratios.is_empty());
    // Flexor 100 s over extensor 120 s.
    let flexion = ratios
        .iter()
        .find(|r| r["ratio"] == "flexion-extension" || r["ratio"] == "FlexionExtension")
        .unwrap_or_else(|| panic!("{ratios:?}"));
    let value = flexion["value"].as_f64().unwrap();
    assert!((value - 100.0 / 120.0).abs() < 1e-6, "{value}");
    let reply = app.get("/api/v1/assessments?per_page=0").await;
    assert_eq!(
        field_of(&reply, StatusCode::UNPROCESSABLE_ENTITY),
        "per_page"
    );
}

#[tokio::test]
async fn the_coach_servers_routes_say_so_on_the_local_app() {
    let app = App::new();
    let before = app.values();
    let requests: [(Method, &str, Option<Value>); 7] = [
        (Method::GET, "/api/v1/settings/changes", None),
        (Method::GET, "/api/v1/invitations", None),
        (
            Method::POST,
            "/api/v1/invitations/cora/accept",
            Some(json!({})),
        ),
        (Method::GET, "/api/v1/coach/athletes", None),
        (Method::GET, "/api/v1/coach/athletes/ana", None),
        (
            Method::PATCH,
            "/api/v1/coach/athletes/ana/settings",
            Some(json!({"block-weeks": 4})),
        ),
        (
            Method::POST,
            "/api/v1/coach/invitations",
            Some(json!({"athlete": "ana"})),
        ),
    ];
    for (method, uri, body) in requests {
        let reply = app.send_json(method.clone(), uri, body).await;
        field_of(&reply, StatusCode::NOT_FOUND);
        assert_eq!(
            reply.json["error"]["code"], "accounts_only",
            "{method} {uri}: {}",
            reply.json
        );
        assert!(
            reply.json["error"]["message"]
                .as_str()
                .unwrap()
                .contains("coach server"),
            "{}",
            reply.json
        );
    }
    assert_eq!(app.values(), before);
}

#[tokio::test]
async fn fhir_export_is_the_bundle_the_cli_writes() {
    let app = App::new();
    let reply = app.get("/api/v1/export/fhir?patient=K-0042").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    let want = keel_app::export::fhir_bundle(&app.store(), Some("K-0042")).unwrap();
    assert_eq!(reply.json, want);
    assert_eq!(reply.json["resourceType"], "Bundle");
    let patient = &reply.json["entry"][0]["resource"];
    assert_eq!(patient["resourceType"], "Patient");
    assert_eq!(patient["identifier"][0]["value"], "K-0042");
    assert!(patient.get("name").is_none());
    assert!(
        reply.json["entry"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["resource"]["resourceType"] == "CarePlan")
    );
    let bad = app.get("/api/v1/export/fhir?patient=%20K").await;
    assert_eq!(field_of(&bad, StatusCode::UNPROCESSABLE_ENTITY), "patient");
}
