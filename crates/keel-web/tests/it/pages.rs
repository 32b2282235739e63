//! Server tests of the onboarding, plan, assessment, settings and progress
//! pages: the router is called directly with a database in a temp dir, and a
//! second connection checks what was (or was not) written.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use jiff::civil::{Date, date};
use keel_core::redflag::{CLINICIAN_MESSAGE, DISCLAIMER, RedFlag};
use keel_store::{ProgramStatus, SqliteStore, Store};
use keel_web::{AppState, router};
use tower::ServiceExt;

const HOST: &str = "127.0.0.1:7878";
const TODAY: Date = date(2026, 3, 2);

struct App {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    router: axum::Router,
}

struct Reply {
    status: StatusCode,
    location: Option<String>,
    body: String,
}

impl App {
    fn new() -> App {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keel.db");
        let store = SqliteStore::open(&path).unwrap();
        let router = router(AppState::new(store, Some(TODAY)));
        App {
            _dir: dir,
            path,
            router,
        }
    }

    /// A second connection, to see what the pages wrote.
    fn store(&self) -> SqliteStore {
        SqliteStore::open(&self.path).unwrap()
    }

    async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let location = response
            .headers()
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap().to_string());
        let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        Reply {
            status,
            location,
            body: String::from_utf8(bytes.to_vec()).unwrap(),
        }
    }

    async fn get(&self, uri: &str) -> Reply {
        let request = Request::get(uri)
            .header(header::HOST, HOST)
            .body(Body::empty())
            .unwrap();
        self.send(request).await
    }

    async fn post_from(&self, uri: &str, origin: &str, body: String) -> Reply {
        let request = Request::post(uri)
            .header(header::HOST, HOST)
            .header(header::ORIGIN, origin)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    async fn post(&self, uri: &str, pairs: &[(&str, &str)]) -> Reply {
        self.post_from(uri, &format!("http://{HOST}"), encode(pairs))
            .await
    }
}

fn encode(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", v.replace(' ', "+").replace(',', "%2C")))
        .collect::<Vec<_>>()
        .join("&")
}

/// A complete, clear onboarding form.
/// "No" to every question of the onboarding screen, one radio each.
const NO_FLAGS: [(&str, &str); 8] = [
    ("flag-pain-below-knee", "no"),
    ("flag-numbness-or-tingling", "no"),
    ("flag-leg-weakness", "no"),
    ("flag-bladder-or-bowel", "no"),
    ("flag-saddle-numbness", "no"),
    ("flag-fever-or-weight-loss", "no"),
    ("flag-major-trauma", "no"),
    ("flag-night-pain", "no"),
];

fn onboarding_form() -> Vec<(&'static str, &'static str)> {
    let mut form = vec![
        ("name", "Sam"),
        ("sex", "female"),
        ("training-age", "novice"),
        ("day", "mon"),
        ("day", "wed"),
        ("day", "fri"),
        ("equipment", "bench"),
        ("equipment", "dowel"),
        ("pain", "1"),
        ("extensor", "90"),
        ("flexor", "80"),
        ("side-bridge-right", "45"),
        ("side-bridge-left", "40"),
        ("prone-plank", ""),
        ("hip-hinge", "2"),
        ("thomas-left", "fail"),
        ("toe-touch", "-8"),
    ];
    form.extend(NO_FLAGS);
    form
}

fn nothing_written(store: &SqliteStore) {
    assert_eq!(store.profile().unwrap(), None);
    assert!(store.assessments().unwrap().is_empty());
    assert!(store.plans().unwrap().is_empty());
    assert!(store.safety_events().unwrap().is_empty());
}

#[tokio::test]
async fn onboarding_form_shows_the_disclaimer_every_question_and_instruction() {
    let app = App::new();
    let page = app.get("/onboarding").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(DISCLAIMER));
    for flag in RedFlag::ALL {
        assert!(page.body.contains(flag.question()), "{flag:?}");
    }
    for test in keel_core::assessment::instructions::INSTRUCTIONS {
        // maud escapes quotes and ampersands; the instructions have neither.
        assert!(page.body.contains(test.how), "{}", test.key);
        assert!(page.body.contains(&format!("name=\"{}\"", test.key)));
    }
    // Every input has a label (a hidden one, such as the form's key, needs none).
    let inputs = page.body.matches("<input").count() + page.body.matches("<select").count()
        - page.body.matches("<input type=\"hidden\"").count();
    let labelled = page.body.matches("<label").count();
    assert!(
        labelled >= inputs,
        "{labelled} labels for {inputs} controls"
    );
    assert!(page.body.len() < 100 * 1024);
}

#[tokio::test]
async fn onboarding_writes_profile_screen_assessment_and_plan_then_redirects() {
    let app = App::new();
    let reply = app.post("/onboarding", &onboarding_form()).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(reply.location.as_deref(), Some("/onboarding"));

    let store = app.store();
    let profile = store.profile().unwrap().unwrap();
    assert_eq!(profile.name.as_deref(), Some("Sam"));
    assert_eq!(profile.training_days.len(), 3);
    assert_eq!(profile.equipment.len(), 2);
    let assessments = store.assessments().unwrap();
    assert_eq!(assessments.len(), 1);
    let input = &assessments[0].input;
    assert_eq!(input.holds.extensor.unwrap().get(), 90);
    assert_eq!(input.holds.prone_plank, None);
    assert_eq!(input.mobility.thomas_left, Some(false));
    assert_eq!(input.mobility.toe_touch_cm.unwrap().get(), -8);
    assert_eq!(input.pain_now.unwrap().get(), 1);
    let plan = store.current_plan().unwrap().unwrap();
    assert_eq!(plan.program.start, TODAY);
    assert_eq!(plan.assessment_id, Some(assessments[0].id));
    assert_eq!(store.status().unwrap(), ProgramStatus::Active);

    // A second onboarding is refused and changes nothing.
    let again = app.post("/onboarding", &onboarding_form()).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(store.plans().unwrap().len(), 1);
    assert!(app.get("/onboarding").await.body.contains("already set up"));
}

/// The onboarding form's outcome measures (the pain rating, an activity and
/// its rating) are stored with the rest.
#[tokio::test]
async fn the_onboarding_form_stores_the_outcome_measures() {
    let app = App::new();
    let mut form = onboarding_form();
    form.extend([
        ("pain_rating", "5"),
        ("activity_1", "Lifting my daughter"),
        ("rating_1", "3"),
    ]);
    let reply = app.post("/onboarding", &form).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let outcomes = app.store().outcomes().unwrap();
    let instruments: Vec<&str> = outcomes.iter().map(|o| o.instrument.as_str()).collect();
    assert_eq!(instruments, ["nprs", "psfs"]);
    assert_eq!(outcomes[0].score, 5.0);
    assert_eq!(outcomes[1].answers[0].item, "Lifting my daughter");
    assert_eq!(outcomes[1].answers[0].points, Some(3));
}

#[tokio::test]
async fn a_successful_onboarding_shows_the_assessment_report() {
    let app = App::new();
    let reply = app.post("/onboarding", &onboarding_form()).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let to = reply.location.unwrap();
    let page = app.get(&to).await;
    assert_eq!(page.status, StatusCode::OK);
    // The report keel-app computes for the stored assessment: the holds
    // against their norms, the ratios (flexor 80 / extensor 90 = 0.89,
    // right 45 / left 40 = 1.12, flagged), the starting levels.
    for part in [
        "Your assessment of 2026-",
        "Endurance holds",
        "90 s",
        "Norm",
        "Ratios",
        "0.89",
        "1.12</strong> (outside 0.95 to 1.05)",
        "Starting levels (1-5)",
        "href=\"/\"",
    ] {
        assert!(page.body.contains(part), "{part}: {}", page.body);
    }
    // Before onboarding the page is the form, with no report.
    let fresh = App::new();
    let form = fresh.get("/onboarding").await;
    assert!(!form.body.contains("Endurance holds"), "{}", form.body);
}

#[tokio::test]
async fn a_form_with_two_errors_shows_both_beside_their_fields_and_keeps_every_value() {
    let app = App::new();
    let mut form: Vec<(&str, &str)> = onboarding_form()
        .into_iter()
        .filter(|(k, _)| !matches!(*k, "flexor" | "pain" | "flag-leg-weakness"))
        .collect();
    form.extend([
        ("flexor", "8O"),
        ("pain", "11"),
        ("flag-leg-weakness", "yes"),
    ]);
    form.extend([
        ("pain_rating", "3"),
        ("activity_1", "Gardening"),
        ("rating_1", "6"),
    ]);
    let reply = app.post("/onboarding", &form).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    let body = &reply.body;
    assert!(body.contains("Please check 2 answers"), "{body}");
    assert!(body.contains("Nothing was changed"), "{body}");
    // Each problem beside its control, tied to it for a screen reader.
    assert!(body.contains("id=\"t-flexor-error\""), "{body}");
    assert!(body.contains("id=\"pain-error\""), "{body}");
    assert!(
        body.contains("aria-describedby=\"t-flexor-how t-flexor-error\" aria-invalid=\"true\""),
        "{body}"
    );
    assert!(
        body.contains("aria-invalid=\"true\" aria-describedby=\"pain-error\""),
        "{body}"
    );
    let flexor_error = body.find("id=\"t-flexor-error\"").unwrap();
    let flexor_input = body.find("id=\"t-flexor\"").unwrap();
    let next_test = body.find("id=\"t-side-bridge-right\"").unwrap();
    assert!(flexor_input < flexor_error && flexor_error < next_test);
    // Every value typed is back in the form, the wrong ones too.
    for kept in [
        "value=\"Sam\"",
        "value=\"female\" selected",
        "value=\"novice\" selected",
        "id=\"day-mon\" type=\"checkbox\" name=\"day\" value=\"mon\" checked",
        "id=\"day-wed\" type=\"checkbox\" name=\"day\" value=\"wed\" checked",
        "id=\"eq-bench\" type=\"checkbox\" name=\"equipment\" value=\"bench\" checked",
        "value=\"11\"",
        "value=\"90\"",
        "value=\"8O\"",
        "value=\"45\"",
        "value=\"40\"",
        "value=\"-8\"",
        "value=\"2\" selected",
        "value=\"fail\" selected",
        "value=\"3\"",
        "value=\"Gardening\"",
        "value=\"6\"",
        "name=\"flag-leg-weakness\" value=\"yes\" required checked",
        "name=\"flag-night-pain\" value=\"no\" checked",
    ] {
        assert!(body.contains(kept), "{kept}: {body}");
    }
    assert!(!body.contains("id=\"day-tue\" type=\"checkbox\" name=\"day\" value=\"tue\" checked"));
    // Browsers may fill the tests in again: none is autocomplete=off.
    assert!(!body.contains("autocomplete=\"off\""), "{body}");
    nothing_written(&app.store());

    // Every warning-sign question left unanswered is named beside itself.
    let none: Vec<_> = onboarding_form()
        .into_iter()
        .filter(|(k, _)| !k.starts_with("flag-"))
        .collect();
    let reply = app.post("/onboarding", &none).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply.body.contains("Please check 8 answers"),
        "{}",
        reply.body
    );
    for (name, _) in NO_FLAGS {
        assert!(
            reply.body.contains(&format!("id=\"{name}-error\"")),
            "{name}"
        );
    }
    nothing_written(&app.store());
}

#[tokio::test]
async fn a_red_flag_records_the_screen_and_profile_and_stops() {
    let app = App::new();
    let mut form: Vec<_> = onboarding_form()
        .into_iter()
        .filter(|(k, _)| *k != "flag-night-pain")
        .collect();
    form.push(("flag-night-pain", "yes"));
    let reply = app.post("/onboarding", &form).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.contains(CLINICIAN_MESSAGE), "{}", reply.body);

    let store = app.store();
    assert!(store.profile().unwrap().is_some());
    assert!(store.assessments().unwrap().is_empty());
    assert!(store.plans().unwrap().is_empty());
    assert!(matches!(
        store.status().unwrap(),
        ProgramStatus::Halted { ref flags, .. } if flags == &[RedFlag::NightPain]
    ));
    // No plan can be built while halted.
    let plan = app.post("/plan/new", &[]).await;
    assert_eq!(plan.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(store.plans().unwrap().is_empty());
}

#[tokio::test]
async fn bad_onboarding_input_names_the_field_and_writes_nothing() {
    let app = App::new();
    let cases: [(&str, &str, &str); 5] = [
        ("extensor", "-5", "Trunk extensor hold"),
        ("hip-hinge", "4", "Hip hinge quality"),
        ("pain", "11", "pain"),
        ("thomas-left", "maybe", "Thomas test, left"),
        ("flag", "tired", "warning signs"),
    ];
    for (key, value, field) in cases {
        let mut form: Vec<(&str, &str)> = onboarding_form()
            .into_iter()
            .filter(|(k, _)| *k != key)
            .collect();
        form.push((key, value));
        let reply = app.post("/onboarding", &form).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{key}");
        assert!(reply.body.contains(field), "{key}: {}", reply.body);
        assert!(reply.body.contains("Nothing was changed"));
    }
    // No training day ticked; an empty pain.
    let no_days: Vec<_> = onboarding_form()
        .into_iter()
        .filter(|(k, _)| *k != "day")
        .collect();
    let reply = app.post("/onboarding", &no_days).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("training days"));
    let mut empty_pain: Vec<_> = onboarding_form()
        .into_iter()
        .filter(|(k, _)| *k != "pain")
        .collect();
    empty_pain.push(("pain", ""));
    let reply = app.post("/onboarding", &empty_pain).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    nothing_written(&app.store());
}

#[tokio::test]
async fn forged_and_oversized_posts_are_refused_and_write_nothing() {
    let app = App::new();
    let forged = app
        .post_from(
            "/onboarding",
            "http://evil.example",
            encode(&onboarding_form()),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    // The profile form's other route is behind the same layer.
    let forged_profile = app
        .post_from(
            "/settings/profile",
            "http://evil.example",
            encode(&[("day", "mon"), ("day", "thu"), ("pain", "1")]),
        )
        .await;
    assert_eq!(forged_profile.status, StatusCode::FORBIDDEN);
    let mut big = encode(&onboarding_form());
    big.push_str("&name=");
    big.push_str(&"x".repeat(2 * 1024 * 1024));
    let oversized = app
        .post_from("/onboarding", &format!("http://{HOST}"), big)
        .await;
    assert_eq!(oversized.status, StatusCode::PAYLOAD_TOO_LARGE);
    nothing_written(&app.store());
}

#[tokio::test]
async fn plan_pages_show_the_calendar_and_a_week_in_full() {
    let app = App::new();
    assert_eq!(app.get("/plan").await.status, StatusCode::NOT_FOUND);
    app.post("/onboarding", &onboarding_form()).await;

    let plan = app.store().current_plan().unwrap().unwrap();
    let calendar = app.get("/plan").await;
    assert_eq!(calendar.status, StatusCode::OK);
    for w in &plan.program.weeks {
        assert!(calendar.body.contains(&format!("/plan/week/{}", w.number)));
        assert!(calendar.body.contains(w.phase.label()));
    }
    let deloads = plan.program.weeks.iter().filter(|w| w.deload).count();
    assert!(deloads > 0);
    assert_eq!(calendar.body.matches("· deload").count(), deloads);
    assert!(calendar.body.len() < 100 * 1024);

    let week = app.get("/plan/week/1").await;
    assert_eq!(week.status, StatusCode::OK);
    let first = &plan.program.weeks[0];
    let session = first.days.iter().find_map(|d| d.session.as_ref()).unwrap();
    let catalog = keel_core::catalog::Catalog::builtin();
    let name = &catalog.get(&session.main[0].exercise).unwrap().name;
    assert!(week.body.contains(name.as_str()), "{name}");
    assert!(week.body.contains("2026-03-02"));

    assert_eq!(app.get("/plan/week/99").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/plan/week/x").await.status, StatusCode::NOT_FOUND);

    let new = app.post("/plan/new", &[]).await;
    assert_eq!(new.status, StatusCode::SEE_OTHER);
    assert_eq!(app.store().plans().unwrap().len(), 2);
    assert!(app.get("/plan").await.body.contains("Version 2"));
}

#[tokio::test]
async fn a_retest_is_stored_and_compared_with_the_measurement_error_band() {
    let app = App::new();
    app.post("/onboarding", &onboarding_form()).await;
    let form = app.get("/assess").await;
    assert!(form.body.contains("Biering") || form.body.contains("bench edge"));

    let empty = app.post("/assess", &[("extensor", "")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let bad = app.post("/assess", &[("extensor", "4000")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Trunk extensor hold"));
    assert_eq!(app.store().assessments().unwrap().len(), 1);

    let reply = app
        .post(
            "/assess",
            &[("extensor", "100"), ("side-bridge-right", "70")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(
        reply.body.contains("within measurement error"),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("Compared with 2026-03-02"));
    assert_eq!(app.store().assessments().unwrap().len(), 2);

    let history = app.get("/assess/history").await;
    assert_eq!(history.status, StatusCode::OK);
    assert!(history.body.contains(">100<") && history.body.contains(">90<"));
}

#[tokio::test]
async fn settings_show_every_setting_and_save_only_valid_values() {
    let app = App::new();
    app.post("/onboarding", &onboarding_form()).await;
    let page = app.get("/settings").await;
    let store = app.store();
    for row in store.settings().unwrap().describe() {
        assert!(
            page.body.contains(&format!("name=\"{}\"", row.key)),
            "{}",
            row.key
        );
        assert!(page.body.contains(row.meaning), "{}", row.key);
    }

    let saved = app.post("/settings", &[("block-weeks", "4")]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(store.settings().unwrap().block_weeks, 4);

    // One bad value among good ones changes nothing.
    let bad = app
        .post("/settings", &[("block-weeks", "3"), ("deload-cut", "90")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("deload-cut"), "{}", bad.body);
    assert_eq!(store.settings().unwrap().block_weeks, 4);
    let unknown = app.post("/settings", &[("speed", "3")]).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);

    let profile = app
        .post(
            "/settings/profile",
            &[("day", "tue"), ("day", "thu"), ("pain", "2")],
        )
        .await;
    assert_eq!(profile.status, StatusCode::SEE_OTHER, "{}", profile.body);
    let p = store.profile().unwrap().unwrap();
    assert_eq!(p.training_days.len(), 2);
    assert_eq!(p.pain_now.get(), 2);
    let bad = app
        .post("/settings/profile", &[("day", "tue"), ("pain", "2")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(store.profile().unwrap().unwrap().training_days.len(), 2);

    // The equipment's sizes: typed in the profile's unit, shown back on the page.
    let sized = app
        .post(
            "/settings/profile",
            &[
                ("day", "tue"),
                ("day", "thu"),
                ("pain", "2"),
                ("equipment", "kettlebell"),
                ("kettlebells", "8, 12, 16"),
            ],
        )
        .await;
    assert_eq!(sized.status, StatusCode::SEE_OTHER, "{}", sized.body);
    let p = store.profile().unwrap().unwrap();
    assert_eq!(p.inventory.kettlebells, Some(vec![8.0, 12.0, 16.0]));
    let page = app.get("/settings").await;
    assert!(page.body.contains("value=\"8, 12, 16\""), "{}", page.body);
    let bad = app
        .post(
            "/settings/profile",
            &[
                ("day", "tue"),
                ("day", "thu"),
                ("pain", "2"),
                ("kettlebells", "8, -12"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("kettlebells"), "{}", bad.body);
    assert_eq!(store.profile().unwrap().unwrap(), p);
}

#[tokio::test]
async fn progress_says_when_there_is_nothing_yet_and_shows_the_acwr_criticism() {
    let app = App::new();
    app.post("/onboarding", &onboarding_form()).await;
    let page = app.get("/progress").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("No holds logged yet"));
    assert!(page.body.contains("Impellizzeri"));
    assert!(page.body.contains("not an injury risk"));
}

#[tokio::test]
async fn while_halted_the_plan_and_check_in_pages_say_so_until_resumed() {
    use keel_store::{SafetyEvent, ScreenContext, Write};
    let app = App::new();
    let reply = app.post("/onboarding", &onboarding_form()).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    app.store()
        .apply(vec![Write::Safety(SafetyEvent::Screen {
            date: TODAY,
            context: ScreenContext::PainEntry,
            flags: vec![RedFlag::NightPain],
        })])
        .unwrap();
    for path in ["/", "/plan", "/plan/week/1", "/checkin"] {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(
            page.body.contains(CLINICIAN_MESSAGE),
            "{path}: {}",
            page.body
        );
        assert!(page.body.contains("2026-03-02"), "{path}");
        assert!(!page.body.contains("Week 1"), "{path}: {}", page.body);
    }
    // A check-in is kept but gives no training verdict.
    let reply = app
        .post(
            "/checkin/readiness",
            &[
                ("sleep", "2"),
                ("fatigue", "2"),
                ("stress", "2"),
                ("soreness", "2"),
            ],
        )
        .await;
    assert!(reply.status.is_redirection(), "{}", reply.body);
    let page = app.get("/checkin").await;
    assert!(page.body.contains(CLINICIAN_MESSAGE));
    assert!(!page.body.contains("train as planned"), "{}", page.body);

    let reply = app.post("/resume", &[("confirm", "yes")]).await;
    assert!(reply.status.is_redirection(), "{}", reply.body);
    for path in ["/", "/plan", "/plan/week/1", "/checkin"] {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(
            !page.body.contains(CLINICIAN_MESSAGE),
            "{path}: {}",
            page.body
        );
        assert!(!page.body.contains("paused"), "{path}: {}", page.body);
    }
    assert!(app.get("/plan/week/1").await.body.contains("Week 1"));
}

#[tokio::test]
async fn an_unanswered_warning_sign_question_is_refused_never_taken_as_no() {
    let app = App::new();
    let page = app.get("/onboarding").await;
    assert!(
        page.body
            .contains("type=\"radio\" name=\"flag-night-pain\" value=\"yes\" required")
    );
    assert!(!page.body.contains("type=\"checkbox\" name=\"flag\""));
    for missing in NO_FLAGS.map(|(k, _)| k) {
        let form: Vec<_> = onboarding_form()
            .into_iter()
            .filter(|(k, _)| *k != missing)
            .collect();
        let reply = app.post("/onboarding", &form).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{missing}");
        assert!(
            reply.body.contains("Warning signs"),
            "{missing}: {}",
            reply.body
        );
        assert!(
            reply.body.contains("was not answered"),
            "{missing}: {}",
            reply.body
        );
        nothing_written(&app.store());
    }
    let mut maybe = onboarding_form();
    maybe.push(("flag-leg-weakness", "maybe"));
    let reply = app.post("/onboarding", &maybe).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    nothing_written(&app.store());
}
