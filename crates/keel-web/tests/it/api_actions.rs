//! The page actions through the JSON API on the local (SQLite) app:
//! onboarding (a red flag halts exactly as the page does), a retest, the
//! profile, a new plan version, resuming only on an explicit confirmation,
//! and the session summary. Bad input is a 422 naming the JSON field and
//! writes nothing.
#![allow(clippy::unwrap_used)]

use crate::common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use keel_core::redflag::CLINICIAN_MESSAGE;
use keel_store::{ProgramStatus, SafetyEvent, ScreenContext, Store, Write};
use serde_json::{Value, json};
use tower::ServiceExt;

use common::TODAY;
use common::json::Reply;
use common::sqlite::SqliteApp as App;

async fn post(app: &App, uri: &str, body: Value) -> Reply {
    app.send_json(Method::POST, uri, Some(body)).await
}

/// The error of a reply with `status`: its field and code.
fn error_of(reply: &Reply, status: StatusCode) -> (Value, String) {
    assert_eq!(reply.status, status, "{}", reply.json);
    let error = &reply.json["error"];
    assert_eq!(error["status"], status.as_u16(), "{}", reply.json);
    assert!(!error["message"].as_str().unwrap().is_empty());
    (
        error["field"].clone(),
        error["code"].as_str().unwrap().into(),
    )
}

fn field_of(reply: &Reply) -> Value {
    let (field, code) = error_of(reply, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(code, "invalid_input");
    field
}

fn profile_json() -> Value {
    json!({
        "name": "Ana",
        "sex": "female",
        "training_age": "intermediate",
        "training_days": ["mon", "wed", "fri"],
        "light_days": true,
        "equipment": [],
        "pain_now": 2
    })
}

fn onboarding(red_flags: Value) -> Value {
    json!({
        "profile": profile_json(),
        "red_flags": red_flags,
        "tests": {"extensor": 110, "flexor": 90, "side-bridge-right": 60, "bird-dog": 2, "thomas-left": "pass"}
    })
}

/// Halts the onboarded user's program as a red-flag answer does.
fn halt(app: &App) {
    app.store()
        .apply(vec![Write::Safety(SafetyEvent::Screen {
            date: TODAY,
            context: ScreenContext::PainEntry,
            flags: vec![keel_core::redflag::RedFlag::NightPain],
        })])
        .unwrap();
}

#[tokio::test]
async fn onboarding_writes_profile_screen_assessment_and_first_plan() {
    let app = App::open(false);
    let reply = post(&app, "/api/v1/onboarding", onboarding(json!([]))).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
    assert_eq!(reply.json["outcome"], "planned");
    assert_eq!(reply.json["plan"]["version"], 1);
    assert_eq!(reply.json["plan"]["start"], TODAY.to_string());

    let store = app.store();
    let profile = store.profile().unwrap().unwrap();
    assert_eq!(profile.name.as_deref(), Some("Ana"));
    assert!(profile.light_days);
    let assessments = store.assessments().unwrap();
    assert_eq!(assessments.len(), 1);
    let holds = &assessments[0].input.holds;
    assert_eq!(holds.extensor.unwrap().get(), 110);
    // The profile's pain answer counts for the assessment too.
    assert_eq!(assessments[0].input.pain_now.unwrap().get(), 2);
    assert_eq!(store.current_plan().unwrap().unwrap().version, 1);
    assert_eq!(store.status().unwrap(), ProgramStatus::Active);
    assert_eq!(store.safety_events().unwrap().len(), 1);

    // Onboarding twice is refused, and changes nothing.
    let again = post(&app, "/api/v1/onboarding", onboarding(json!([]))).await;
    assert_eq!(field_of(&again), "profile");
    assert_eq!(app.store().assessments().unwrap().len(), 1);
    assert_eq!(app.store().current_plan().unwrap().unwrap().version, 1);
}

/// Onboarding takes the outcome measures too (NPRS, PSFS) and stores them
/// with the rest; a rating out of range refuses the whole onboarding.
#[tokio::test]
async fn onboarding_stores_the_outcome_measures_taken() {
    let app = App::open(false);
    let mut body = onboarding(json!([]));
    body["outcomes"] = json!({"pain_rating": 11});
    let refused = post(&app, "/api/v1/onboarding", body.clone()).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.json
    );
    assert!(app.store().profile().unwrap().is_none(), "nothing written");

    body["outcomes"] = json!({
        "pain_rating": 6,
        "activities": [{"name": "Sitting in the car", "rating": 4}]
    });
    let reply = post(&app, "/api/v1/onboarding", body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
    let outcomes = app.store().outcomes().unwrap();
    let instruments: Vec<&str> = outcomes.iter().map(|o| o.instrument.as_str()).collect();
    assert_eq!(instruments, ["nprs", "psfs"]);
    assert_eq!(outcomes[0].score, 6.0);
    assert_eq!(outcomes[1].answers[0].item, "Sitting in the car");
    assert!(outcomes.iter().all(|o| o.date == TODAY));
}

#[tokio::test]
async fn a_red_flag_at_onboarding_halts_with_the_clinician_message_and_builds_nothing() {
    let app = App::open(false);
    let reply = post(
        &app,
        "/api/v1/onboarding",
        onboarding(json!(["leg-weakness"])),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["outcome"], "halted");
    assert_eq!(reply.json["message"], CLINICIAN_MESSAGE);
    assert_eq!(reply.json["red_flags"], json!(["leg-weakness"]));
    assert_eq!(reply.json["status"]["status"], "halted");

    let store = app.store();
    assert!(store.profile().unwrap().is_some());
    assert!(store.assessments().unwrap().is_empty());
    assert!(store.current_plan().unwrap().is_none());
    assert!(matches!(
        store.status().unwrap(),
        ProgramStatus::Halted { .. }
    ));

    // Halted: no retest, no plan until an explicit resume.
    let retest = post(
        &app,
        "/api/v1/assessments",
        json!({"tests": {"extensor": 100}}),
    )
    .await;
    let (_, code) = error_of(&retest, StatusCode::CONFLICT);
    assert_eq!(code, "halted");
    assert!(
        retest.json["error"]["message"]
            .as_str()
            .unwrap()
            .contains(CLINICIAN_MESSAGE)
    );
    let plan = app.send_json(Method::POST, "/api/v1/plan", None).await;
    assert_eq!(error_of(&plan, StatusCode::CONFLICT).1, "halted");
    assert!(app.store().assessments().unwrap().is_empty());
    assert!(app.store().current_plan().unwrap().is_none());
}

#[tokio::test]
async fn onboarding_refuses_bad_input_naming_the_field_and_writes_nothing() {
    let app = App::open(false);
    let with = |path: &[&str], value: Value| {
        let mut body = onboarding(json!([]));
        let mut at = &mut body;
        for key in &path[..path.len() - 1] {
            at = &mut at[*key];
        }
        match value {
            Value::Null => {
                at.as_object_mut().unwrap().remove(path[path.len() - 1]);
            }
            v => at[path[path.len() - 1]] = v,
        }
        body
    };
    let cases = [
        (with(&["red_flags"], Value::Null), "red_flags"),
        (with(&["red_flags"], json!(["bad-knee"])), "red_flags"),
        (
            with(&["profile", "training_days"], json!(["mon"])),
            "profile.training_days",
        ),
        (
            with(&["profile", "training_days"], json!(["mon", "funday"])),
            "profile.training_days",
        ),
        (
            with(&["profile", "pain_now"], json!(11)),
            "profile.pain_now",
        ),
        (with(&["profile", "sex"], json!("other")), "profile.sex"),
        (
            with(&["profile", "training_age"], json!("veteran")),
            "profile.training_age",
        ),
        (
            with(&["profile", "equipment"], json!(["spaceship"])),
            "profile.equipment",
        ),
        (with(&["tests", "extensor"], json!(-3)), "tests.extensor"),
        (
            with(&["tests", "thomas-left"], json!("maybe")),
            "tests.thomas-left",
        ),
        (with(&["tests", "bogus"], json!(5)), "tests.bogus"),
    ];
    for (body, field) in cases {
        let reply = post(&app, "/api/v1/onboarding", body.clone()).await;
        assert_eq!(field_of(&reply), field, "{body}");
        let store = app.store();
        assert!(store.profile().unwrap().is_none(), "{body}");
        assert!(store.safety_events().unwrap().is_empty(), "{body}");
    }
}

#[tokio::test]
async fn a_retest_is_scored_compared_and_saved() {
    let app = App::open(true);
    let reply = post(
        &app,
        "/api/v1/assessments",
        json!({"tests": {"extensor": 150, "flexor": 100, "hip-hinge": 3, "aslr": 80, "pain-now": null}}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
    assert_eq!(reply.json["assessment"]["input"]["date"], TODAY.to_string());
    assert!(reply.json["report"]["holds"].is_array(), "{}", reply.json);
    assert!(reply.json["comparison"].is_object(), "{}", reply.json);
    let stored = app.store().assessments().unwrap();
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[1].input.holds.extensor.unwrap().get(), 150);
    assert_eq!(reply.json["assessment"]["id"], stored[1].id);

    for (body, field) in [
        (json!({"tests": {}}), "tests"),
        (json!({"tests": {"pain-now": 3}}), "tests"),
        (json!({"tests": {"extensor": 9999}}), "tests.extensor"),
        (json!({"tests": {"flexor": [1]}}), "tests.flexor"),
    ] {
        let reply = post(&app, "/api/v1/assessments", body.clone()).await;
        assert_eq!(field_of(&reply), field, "{body}");
    }
    assert_eq!(app.store().assessments().unwrap().len(), 2);
}

#[tokio::test]
async fn a_retest_and_a_plan_need_a_profile_first() {
    let app = App::open(false);
    let retest = post(
        &app,
        "/api/v1/assessments",
        json!({"tests": {"extensor": 100}}),
    )
    .await;
    assert_eq!(field_of(&retest), "profile");
    let plan = app.send_json(Method::POST, "/api/v1/plan", None).await;
    assert_eq!(field_of(&plan), "profile");
    let profile = app.send_json(Method::GET, "/api/v1/profile", None).await;
    assert_eq!(error_of(&profile, StatusCode::NOT_FOUND).1, "not_found");
    let put = app
        .send_json(Method::PUT, "/api/v1/profile", Some(profile_json()))
        .await;
    assert_eq!(field_of(&put), "profile");
    assert!(app.store().profile().unwrap().is_none());
}

#[tokio::test]
async fn the_profile_is_read_and_replaced_as_the_settings_page_does() {
    let app = App::open(true);
    let reply = app.send_json(Method::GET, "/api/v1/profile", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.json["profile"]["training_days"],
        json!(["mon", "wed", "fri"])
    );

    let saved = app
        .send_json(Method::PUT, "/api/v1/profile", Some(profile_json()))
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.json);
    let stored = app.store().profile().unwrap().unwrap();
    assert_eq!(stored.name.as_deref(), Some("Ana"));
    assert_eq!(stored.pain_now.get(), 2);
    assert_eq!(
        saved.json["profile"],
        serde_json::to_value(&stored).unwrap()
    );
    // What GET answers is a valid PUT body.
    let read = app.send_json(Method::GET, "/api/v1/profile", None).await;
    let again = app
        .send_json(
            Method::PUT,
            "/api/v1/profile",
            Some(read.json["profile"].clone()),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.json);
    assert_eq!(app.store().profile().unwrap().unwrap(), stored);

    let mut bad = profile_json();
    bad["training_days"] = json!(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
    let refused = app
        .send_json(Method::PUT, "/api/v1/profile", Some(bad))
        .await;
    assert_eq!(field_of(&refused), "training_days");
    let mut unknown = profile_json();
    unknown["shoe_size"] = json!(44);
    let refused = app
        .send_json(Method::PUT, "/api/v1/profile", Some(unknown))
        .await;
    assert_eq!(
        error_of(&refused, StatusCode::BAD_REQUEST).1,
        "malformed_json"
    );
    assert_eq!(app.store().profile().unwrap().unwrap(), stored);
}

#[tokio::test]
async fn a_new_plan_version_is_built_from_the_latest_assessment() {
    let app = App::open(true);
    let reply = app.send_json(Method::POST, "/api/v1/plan", None).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
    assert_eq!(reply.json["version"], 2);
    assert_eq!(reply.json["created_on"], TODAY.to_string());
    let store = app.store();
    assert_eq!(store.current_plan().unwrap().unwrap().version, 2);
    let read = app.send_json(Method::GET, "/api/v1/plan", None).await;
    assert_eq!(read.json, reply.json);
}

#[tokio::test]
async fn resuming_needs_an_explicit_confirmation() {
    let app = App::open(true);
    halt(&app);
    for body in [
        json!({}),
        json!({"confirm": false}),
        json!({"note": "cleared"}),
    ] {
        let reply = post(&app, "/api/v1/resume", body.clone()).await;
        assert_eq!(field_of(&reply), "confirm", "{body}");
        assert!(matches!(
            app.store().status().unwrap(),
            ProgramStatus::Halted { .. }
        ));
    }
    let too_long = "x".repeat(5000);
    let reply = post(
        &app,
        "/api/v1/resume",
        json!({"confirm": true, "note": too_long}),
    )
    .await;
    assert_eq!(field_of(&reply), "note");
    assert!(matches!(
        app.store().status().unwrap(),
        ProgramStatus::Halted { .. }
    ));

    let reply = post(
        &app,
        "/api/v1/resume",
        json!({"confirm": true, "note": "cleared by my physio"}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["resumed"], true);
    assert_eq!(reply.json["status"]["status"], "active");
    let events = app.store().safety_events().unwrap();
    assert_eq!(
        events.last(),
        Some(&SafetyEvent::Resume {
            date: TODAY,
            note: "cleared by my physio".into()
        })
    );
    // Not halted: nothing more is written.
    let reply = post(&app, "/api/v1/resume", json!({"confirm": true})).await;
    assert_eq!(reply.json["resumed"], false);
    assert_eq!(app.store().safety_events().unwrap().len(), events.len());
}

#[tokio::test]
async fn the_session_summary_records_minutes_and_session_rpe() {
    let app = App::open(true);
    for (body, field) in [
        (json!({"minutes": 0}), "minutes"),
        (json!({"minutes": 601}), "minutes"),
        (json!({"minutes": 30, "session_rpe": 11}), "session_rpe"),
        (json!({"minutes": 30, "session_rpe": -1}), "session_rpe"),
    ] {
        let reply = post(&app, "/api/v1/session/summary", body.clone()).await;
        assert_eq!(field_of(&reply), field, "{body}");
        assert!(
            app.store().sessions(None, None).unwrap().is_empty(),
            "{body}"
        );
    }
    let reply = post(
        &app,
        "/api/v1/session/summary",
        json!({"minutes": 35, "session_rpe": 6, "note": "  short on time "}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(
        reply.json,
        json!({"date": TODAY.to_string(), "minutes": 35, "session_rpe": 6, "note": "short on time"})
    );
    let sessions = app.store().sessions(None, None).unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].date, TODAY);
    assert_eq!(sessions[0].minutes, Some(35));
    assert_eq!(sessions[0].session_rpe.map(|r| r.get()), Some(6));
    assert_eq!(sessions[0].note.as_deref(), Some("short on time"));

    // Before any plan there is no session to summarize.
    let fresh = App::open(false);
    let reply = post(&fresh, "/api/v1/session/summary", json!({"minutes": 35})).await;
    assert!(reply.status.is_client_error(), "{}", reply.json);
}

#[tokio::test]
async fn a_second_summary_for_the_day_answers_409_unless_it_says_replace() {
    let app = App::open(true);
    let first = json!({"minutes": 30, "session_rpe": 5});
    let reply = post(&app, "/api/v1/session/summary", first).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    let stored = |app: &App| {
        let sessions = app.store().sessions(None, None).unwrap();
        assert_eq!(sessions.len(), 1);
        (
            sessions[0].minutes,
            sessions[0].session_rpe.map(|r| r.get()),
        )
    };

    let second = json!({"minutes": 20, "session_rpe": 8});
    let reply = post(&app, "/api/v1/session/summary", second).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.json);
    assert_eq!(reply.json["error"]["code"], "day_has_summary");
    assert_eq!(reply.json["error"]["field"], "mode");
    let message = reply.json["error"]["message"].as_str().unwrap();
    assert!(message.contains("30 minutes, session RPE 5"), "{message}");
    assert!(message.contains(r#""mode": "replace""#), "{message}");
    assert_eq!(stored(&app), (Some(30), Some(5)));

    // A mode it does not know is refused, and nothing is written.
    let odd = json!({"minutes": 20, "session_rpe": 8, "mode": "merge"});
    let reply = post(&app, "/api/v1/session/summary", odd).await;
    assert!(reply.status.is_client_error(), "{}", reply.json);
    assert_eq!(stored(&app), (Some(30), Some(5)));

    assert!(message.contains(r#""mode": "add""#), "{message}");

    // "add": a further session, kept beside the first; its load adds up.
    let no_rpe = json!({"minutes": 20, "mode": "add"});
    let reply = post(&app, "/api/v1/session/summary", no_rpe).await;
    assert!(reply.status.is_client_error(), "{}", reply.json);
    assert_eq!(
        reply.json["error"]["field"], "session_rpe",
        "{}",
        reply.json
    );
    let add = json!({"minutes": 20, "session_rpe": 8, "mode": "add"});
    let reply = post(&app, "/api/v1/session/summary", add).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(stored(&app), (Some(30), Some(5)));
    let day = app.store().sessions(None, None).unwrap().remove(0);
    assert_eq!(day.more.len(), 1);
    assert_eq!(day.load(), Some(30 * 5 + 20 * 8));

    let replace = json!({"minutes": 20, "session_rpe": 8, "mode": "replace"});
    let reply = post(&app, "/api/v1/session/summary", replace).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(
        reply.json,
        json!({"date": TODAY.to_string(), "minutes": 20, "session_rpe": 8, "note": null})
    );
    assert_eq!(stored(&app), (Some(20), Some(8)));
}

/// The onboarding page's form for what [`onboarding`] sends as JSON.
fn onboarding_form(flags: &[&'static str]) -> Vec<(&'static str, &'static str)> {
    let mut form = vec![
        ("name", "Ana"),
        ("sex", "female"),
        ("training-age", "intermediate"),
        ("day", "mon"),
        ("day", "wed"),
        ("day", "fri"),
        ("light-days", "on"),
        ("pain", "2"),
        ("extensor", "110"),
        ("flexor", "90"),
        ("side-bridge-right", "60"),
        ("bird-dog", "2"),
        ("thomas-left", "pass"),
    ];
    for (name, slug) in [
        ("flag-pain-below-knee", "pain-below-knee"),
        ("flag-numbness-or-tingling", "numbness-or-tingling"),
        ("flag-leg-weakness", "leg-weakness"),
        ("flag-bladder-or-bowel", "bladder-or-bowel"),
        ("flag-saddle-numbness", "saddle-numbness"),
        ("flag-fever-or-weight-loss", "fever-or-weight-loss"),
        ("flag-major-trauma", "major-trauma"),
        ("flag-night-pain", "night-pain"),
    ] {
        form.push((name, if flags.contains(&slug) { "yes" } else { "no" }));
    }
    form
}

/// A same-origin form POST, as the browser sends the page's form.
fn form_post(uri: &str, form: &[(&str, &str)]) -> Request<Body> {
    let body = form
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    Request::post(uri)
        .header(header::HOST, common::HOST)
        .header(header::ORIGIN, common::ORIGIN)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap()
}

/// Everything onboarding writes, without the ids and times of writing.
fn onboarded_state(app: &App) -> String {
    let store = app.store();
    let assessments: Vec<_> = store
        .assessments()
        .unwrap()
        .into_iter()
        .map(|a| a.input)
        .collect();
    let plan = store
        .current_plan()
        .unwrap()
        .map(|p| (p.version, p.program));
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        store.profile().unwrap(),
        store.safety_events().unwrap(),
        store.status().unwrap(),
        assessments,
        plan
    )
}

#[tokio::test]
async fn onboarding_through_the_api_writes_what_the_page_writes() {
    for flags in [&[][..], &["leg-weakness", "night-pain"][..]] {
        let page = App::open(false);
        let response = page
            .router
            .clone()
            .oneshot(form_post("/onboarding", &onboarding_form(flags)))
            .await
            .unwrap();
        assert!(
            response.status().is_success() || response.status().is_redirection(),
            "{flags:?}: {}",
            response.status()
        );
        let store = page.store();
        assert!(store.profile().unwrap().is_some(), "{flags:?}");
        assert_eq!(store.current_plan().unwrap().is_some(), flags.is_empty());
        let api = App::open(false);
        let reply = post(&api, "/api/v1/onboarding", onboarding(json!(flags))).await;
        assert!(reply.status.is_success(), "{}", reply.json);
        assert_eq!(onboarded_state(&api), onboarded_state(&page), "{flags:?}");
    }
}

#[tokio::test]
async fn the_coaching_and_admin_actions_are_the_coach_servers_only() {
    let app = App::open(true);
    let calls = [
        (Method::POST, "/api/v1/invitations/cora/withdraw", None),
        (Method::DELETE, "/api/v1/coach/athletes/ana", None),
        (Method::GET, "/api/v1/admin/users", None),
        (
            Method::POST,
            "/api/v1/admin/users",
            Some(json!({"name": "eve", "role": "admin", "password": "a long passphrase"})),
        ),
        (
            Method::PATCH,
            "/api/v1/admin/users/ana",
            Some(json!({"role": "admin"})),
        ),
        (Method::DELETE, "/api/v1/admin/users/ana?confirm=ana", None),
        (
            Method::POST,
            "/api/v1/admin/users/ana/password",
            Some(json!({"password": "a long passphrase"})),
        ),
    ];
    for (method, uri, body) in calls {
        let reply = app.send_json(method.clone(), uri, body).await;
        let (_, code) = error_of(&reply, StatusCode::NOT_FOUND);
        assert_eq!(code, "accounts_only", "{method} {uri}");
    }
}

/// The equipment's sizes through the API: typed as on the profile page, in
/// the profile's unit; what GET answers (kilograms) is a valid PUT body; a
/// bad size names its field and changes nothing.
#[tokio::test]
async fn equipment_sizes_are_put_as_the_profile_page_types_them() {
    let app = App::open(true);
    let mut body = profile_json();
    body["equipment"] = json!(["kettlebell", "dumbbell"]);
    body["kettlebells"] = json!("8, 12, 16");
    body["dumbbells"] = json!("2-20/2");
    let saved = app
        .send_json(Method::PUT, "/api/v1/profile", Some(body.clone()))
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.json);
    let stored = app.store().profile().unwrap().unwrap();
    assert_eq!(stored.inventory.kettlebells, Some(vec![8.0, 12.0, 16.0]));
    assert_eq!(
        saved.json["profile"]["inventory"]["dumbbells"],
        json!({"lightest": 2.0, "heaviest": 20.0, "step": 2.0})
    );
    let read = app.send_json(Method::GET, "/api/v1/profile", None).await;
    let read = read.json["profile"].clone();
    let again = app
        .send_json(Method::PUT, "/api/v1/profile", Some(read.clone()))
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.json);
    assert_eq!(app.store().profile().unwrap().unwrap(), stored);

    body["kettlebells"] = json!("8, twelve");
    let refused = app
        .send_json(Method::PUT, "/api/v1/profile", Some(body.clone()))
        .await;
    assert_eq!(field_of(&refused), "kettlebells");
    assert_eq!(app.store().profile().unwrap().unwrap(), stored);

    // Sizes in kilograms that cannot be (the heaviest dumbbell under the
    // lightest) are invalid input naming the field, not unreadable JSON.
    let mut body = read.clone();
    body["inventory"] = json!({"dumbbells": {"lightest": 88.1, "step": 85.3, "heaviest": 10.9}});
    let refused = app
        .send_json(Method::PUT, "/api/v1/profile", Some(body))
        .await;
    assert_eq!(field_of(&refused), "inventory.dumbbells");
    assert_eq!(app.store().profile().unwrap().unwrap(), stored);

    // The inventory's own fields only: a misspelt one is refused.
    let mut body = read.clone();
    body["inventory"] = json!({"kettlebell": [8.0]});
    let refused = app
        .send_json(Method::PUT, "/api/v1/profile", Some(body))
        .await;
    assert!(refused.status.is_client_error(), "{}", refused.json);
    assert_eq!(app.store().profile().unwrap().unwrap(), stored);
}
