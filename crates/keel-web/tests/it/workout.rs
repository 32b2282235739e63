//! The workout screen over the router: today's sets as rows to tick off
//! (`GET /session`), a tick with chips and a note, the rest it leads to,
//! undo of the last set (`POST /session/undo`), last time's numbers on a
//! later day, and the chips and note of the guided set form. The store is
//! read back through a second connection to prove what was written.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use jiff::civil::{Date, date};
use keel_store::{SqliteStore, Store, StoredSet};
use keel_web::{AppState, router};
use tower::ServiceExt;

use common::{HOST, TODAY, first_target, onboard};

struct App {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    router: axum::Router,
}

struct Reply {
    status: StatusCode,
    location: String,
    body: String,
}

impl App {
    fn new() -> App {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keel.db");
        let mut store = SqliteStore::open(&path).unwrap();
        onboard(&mut store);
        let router = router(AppState::new(store, Some(TODAY)));
        App {
            _dir: dir,
            path,
            router,
        }
    }

    /// The same data served as on `day`.
    fn on(&self, day: Date) -> axum::Router {
        router(AppState::new(self.store(), Some(day)))
    }

    fn store(&self) -> SqliteStore {
        SqliteStore::open(&self.path).unwrap()
    }

    fn sets(&self) -> Vec<StoredSet> {
        self.store()
            .sessions(None, None)
            .unwrap()
            .into_iter()
            .flat_map(|s| s.sets)
            .collect()
    }

    async fn get(&self, uri: &str) -> Reply {
        get(&self.router, uri).await
    }

    async fn post(&self, uri: &str, pairs: &[(&str, &str)]) -> Reply {
        let body = pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", v.replace(' ', "+")))
            .collect::<Vec<_>>()
            .join("&");
        let request = Request::post(uri)
            .header(header::HOST, HOST)
            .header(header::ORIGIN, format!("http://{HOST}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        send(&self.router, request).await
    }
}

async fn get(router: &axum::Router, uri: &str) -> Reply {
    let request = Request::get(uri)
        .header(header::HOST, HOST)
        .body(Body::empty())
        .unwrap();
    send(router, request).await
}

async fn send(router: &axum::Router, request: Request<Body>) -> Reply {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let location = response
        .headers()
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    Reply {
        status,
        location,
        body: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

/// A tick of set `set` of exercise `slot` from the list.
fn tick<'a>(slot: &'a str, set: &'a str, actual: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("slot", slot),
        ("set", set),
        ("actual", actual),
        ("rpe", "8"),
        ("pain", "0"),
        ("note", "felt solid"),
        ("return", "list"),
    ]
}

#[tokio::test]
async fn the_list_shows_every_set_as_a_row_with_chips_and_the_guided_set_a_tap_away() {
    let app = App::new();
    let list = app.get("/session").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let b = &list.body;
    for expected in [
        "<h1>Today's sets</h1>",
        // The guided set, one tap away, and each exercise's own.
        "id=\"next\" href=\"/session/0/1\"",
        "href=\"/session/1/1\"",
        // One-tap forms for the next set of each exercise, back to the list.
        "action=\"/session/log\" data-queue",
        "name=\"return\" value=\"list\"",
        // Chips: radio buttons, effort prefilled, pain 0.
        "type=\"radio\" name=\"rpe\"",
        "type=\"radio\" name=\"pain\" value=\"0\" checked",
        "name=\"note\"",
        "Last time: </strong>not done earlier in this plan",
        "id=\"elapsed\"",
        "/assets/workout.js",
    ] {
        assert!(b.contains(expected), "missing {expected}: {b}");
    }
    // Light enough for a phone on a poor connection, like every page.
    assert!(b.len() < 100_000, "the list is {} bytes", b.len());
    // No set is logged yet: nothing to undo, no rest running.
    assert!(!b.contains("/session/undo"));
    assert!(!b.contains("data-rest="));
    // Today links to it beside the guided Start.
    let today = app.get("/").await;
    assert!(today.body.contains("href=\"/session\""), "{}", today.body);
}

#[tokio::test]
async fn a_tick_stores_the_chips_and_note_and_rests_on_the_list_until_undone() {
    let app = App::new();
    let target = first_target(&app.store()).to_string();
    let ticked = app.post("/session/log", &tick("0", "1", &target)).await;
    assert_eq!(ticked.status, StatusCode::SEE_OTHER, "{}", ticked.body);
    let sets = app.sets();
    assert_eq!(sets.len(), 1);
    let set = &sets[0];
    assert_eq!(set.logged.set.rpe.map(|r| r.get()), Some(8));
    assert_eq!(set.logged.set.note.as_deref(), Some("felt solid"));
    assert_eq!(ticked.location, format!("/session?rest={}", set.id));

    // The list with that set's rest at its top, the set ticked off, and
    // the undo naming it.
    let resting = app.get(&ticked.location).await;
    let b = &resting.body;
    assert!(b.contains("data-rest="), "{b}");
    for id in ["rest-minus", "rest-plus", "rest-skip", "timer-start"] {
        assert!(b.contains(&format!("id=\"{id}\"")), "missing {id}");
    }
    assert!(b.contains("RPE 8, note: felt solid"), "{b}");
    assert!(
        b.contains(&format!("name=\"set\" value=\"{}\"", set.id)),
        "{b}"
    );
    assert!(b.contains("href=\"/session/0/2\""), "{b}");
    // A rest address that is not the last set shows no rest.
    let stale = app.get("/session?rest=999999").await;
    assert!(!stale.body.contains("data-rest="));

    // The same tick again (a second tap) stores nothing more.
    let again = app.post("/session/log", &tick("0", "1", &target)).await;
    assert_eq!(again.location, "/session");
    assert_eq!(app.sets().len(), 1);

    // An undo naming another set is refused and deletes nothing.
    let other = (set.id + 1).to_string();
    let refused = app
        .post("/session/undo", &[("set", &other), ("return", "list")])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("is not the last set logged"),
        "{}",
        refused.body
    );
    assert_eq!(app.sets().len(), 1);

    let id = set.id.to_string();
    let undone = app
        .post("/session/undo", &[("set", &id), ("return", "list")])
        .await;
    assert_eq!(undone.status, StatusCode::SEE_OTHER, "{}", undone.body);
    assert_eq!(undone.location, "/session");
    assert!(app.sets().is_empty());
    let list = app.get("/session").await;
    assert!(
        list.body.contains("name=\"set\" value=\"1\""),
        "set 1 is to do again"
    );
    assert!(!list.body.contains("/session/undo"));
}

#[tokio::test]
async fn the_guided_set_takes_chips_and_a_note_and_its_rest_undoes_back_to_it() {
    let app = App::new();
    let page = app.get("/session/0/1").await;
    assert_eq!(page.status, StatusCode::OK);
    for expected in [
        "type=\"radio\" name=\"rpe\"",
        "type=\"radio\" name=\"pain\" value=\"0\" checked",
        "id=\"note\"",
        "href=\"/session\"",
    ] {
        assert!(page.body.contains(expected), "missing {expected}");
    }
    let target = first_target(&app.store()).to_string();
    let form = [
        ("slot", "0"),
        ("set", "1"),
        ("actual", target.as_str()),
        ("rpe", "6"),
        ("pain", "0"),
        ("note", "a little shaky"),
    ];
    let saved = app.post("/session/log", &form).await;
    assert_eq!(saved.location, "/session/0/1/rest");
    let sets = app.sets();
    assert_eq!(sets[0].logged.set.note.as_deref(), Some("a little shaky"));

    let rest = app.get("/session/0/1/rest").await;
    for expected in [
        "id=\"rest-minus\"",
        "id=\"rest-plus\"",
        "id=\"rest-skip\"",
        "data-skip-to=\"/session/0/2\"",
        "action=\"/session/undo\"",
    ] {
        assert!(rest.body.contains(expected), "missing {expected}");
    }
    // Undo from the rest: back to the set it undid.
    let id = sets[0].id.to_string();
    let undone = app.post("/session/undo", &[("set", &id)]).await;
    assert_eq!(undone.status, StatusCode::SEE_OTHER, "{}", undone.body);
    assert_eq!(undone.location, "/session/0/1");
    assert!(app.sets().is_empty());

    // The guided set of another exercise, started from the list, rests
    // towards that exercise's next set.
    let second = app.get("/session/1/1").await;
    assert_eq!(second.status, StatusCode::OK, "{}", second.body);
    let journal = keel_app::journal::Journal::load(&app.store()).unwrap();
    let session = journal.session_planned_on(TODAY).unwrap().unwrap();
    let target_1 = keel_app::record::default_actual(&session.slots[1].prescription).to_string();
    drop(journal);
    let form_1 = [
        ("slot", "1"),
        ("set", "1"),
        ("actual", target_1.as_str()),
        ("rpe", "6"),
        ("pain", "0"),
    ];
    let saved = app.post("/session/log", &form_1).await;
    assert_eq!(saved.location, "/session/1/1/rest", "{}", saved.body);
    let rest = app.get("/session/1/1/rest").await;
    assert!(
        rest.body.contains("id=\"next\" href=\"/session/1/2\""),
        "{}",
        rest.body
    );
    let id = app.sets()[0].id.to_string();
    app.post("/session/undo", &[("set", &id)]).await;
    assert!(app.sets().is_empty());

    // A note past the limit is refused, naming the note, and stores nothing.
    let long = "x".repeat(501);
    let mut too_long = form;
    too_long[5] = ("note", long.as_str());
    let refused = app.post("/session/log", &too_long).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("Note is too long"),
        "{}",
        refused.body
    );
    assert!(app.sets().is_empty());
}

#[tokio::test]
async fn last_times_numbers_show_on_the_next_day_of_the_same_exercises() {
    let app = App::new();
    let target = first_target(&app.store()).to_string();
    app.post("/session/log", &tick("0", "1", &target)).await;
    assert_eq!(app.sets().len(), 1);
    // Friday is session A again, as Monday was.
    let friday = app.on(date(2026, 3, 6));
    let list = get(&friday, "/session").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert!(
        list.body
            .contains(&format!("Last time: </strong>2026-03-02: {target} ")),
        "{}",
        list.body
    );
    assert!(list.body.contains("(RPE 8)"), "{}", list.body);
}

#[tokio::test]
async fn the_api_gives_last_times_numbers_with_the_day() {
    let app = App::new();
    let before = app.get("/api/v1/today").await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.body);
    let json: serde_json::Value = serde_json::from_str(&before.body).unwrap();
    assert_eq!(json["last_time"], serde_json::json!([]));

    let target = first_target(&app.store()).to_string();
    app.post("/session/log", &tick("0", "1", &target)).await;
    let friday = app.get("/api/v1/today?date=2026-03-06").await;
    assert_eq!(friday.status, StatusCode::OK, "{}", friday.body);
    let json: serde_json::Value = serde_json::from_str(&friday.body).unwrap();
    let last = json["last_time"].as_array().unwrap();
    assert_eq!(last.len(), 1, "{json}");
    let logged = &app.sets()[0].logged;
    assert_eq!(last[0]["exercise"], serde_json::json!(logged.exercise));
    assert_eq!(last[0]["date"], "2026-03-02");
    assert_eq!(last[0]["sets"][0]["note"], "felt solid");
    assert_eq!(last[0]["sets"][0]["rpe"], 8);
}

#[tokio::test]
async fn a_pound_athlete_chooses_lb_on_the_profile_page_and_logs_and_reads_pounds() {
    let app = App::new();
    let settings = app.get("/settings").await;
    assert!(
        settings
            .body
            .contains("<select id=\"units\" name=\"units\""),
        "{}",
        settings.body
    );
    assert!(
        settings.body.contains("<option value=\"kg\" selected>"),
        "{}",
        settings.body
    );
    let profile = [
        ("training-age", "intermediate"),
        ("day", "mon"),
        ("day", "wed"),
        ("day", "fri"),
        ("pain", "1"),
        ("units", "lb"),
    ];
    let saved = app.post("/settings/profile", &profile).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        app.store().profile().unwrap().unwrap().units,
        keel_core::units::Units::Lb
    );
    let settings = app.get("/settings").await;
    assert!(settings.body.contains("<option value=\"lb\" selected>"));
    // A unit Keel does not know is refused and changes nothing.
    let mut bad = profile.to_vec();
    bad.pop();
    bad.push(("units", "stone"));
    let refused = app.post("/settings/profile", &bad).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert_eq!(
        app.store().profile().unwrap().unwrap().units,
        keel_core::units::Units::Lb
    );

    // The log forms ask in pounds; a bare 35 is 35 lb, kept in kilograms.
    let list = app.get("/session").await;
    assert!(!list.body.contains("Load (kg)"), "{}", list.body);
    let target = first_target(&app.store()).to_string();
    let mut pairs = tick("0", "1", &target);
    pairs.push(("load", "35"));
    let ticked = app.post("/session/log", &pairs).await;
    assert_eq!(ticked.status, StatusCode::SEE_OTHER, "{}", ticked.body);
    let sets = app.sets();
    let keel_core::program::Load::Kg { kg } = sets[0].logged.set.load else {
        panic!("a load was logged: {:?}", sets[0].logged.set.load);
    };
    assert!((kg - 15.875_733).abs() < 1e-4, "{kg}");
    let list = app.get("/session").await;
    assert!(list.body.contains("35 lb"), "{}", list.body);
    assert!(!list.body.contains("15.88"), "{}", list.body);
    let history = app.get("/history").await;
    assert!(history.body.contains("35 lb"), "{}", history.body);
    // The edit form prefills the pounds, so saving it unchanged keeps the load.
    let edit = app.get(&format!("/history/set/{}", sets[0].id)).await;
    assert!(edit.body.contains("Load (lb)"), "{}", edit.body);
    assert!(edit.body.contains("value=\"35\""), "{}", edit.body);
}

#[tokio::test]
async fn a_per_side_set_has_a_field_per_side_and_the_extra_set_one() {
    let app = App::new();
    let journal = keel_app::journal::Journal::load(&app.store()).unwrap();
    let session = journal.session_planned_on(TODAY).unwrap().unwrap();
    let (index, slot) = session
        .slots
        .iter()
        .enumerate()
        .find(|(_, s)| {
            matches!(
                s.prescription,
                keel_core::program::Prescription::Hold {
                    extra_sets_on: Some(_),
                    ..
                }
            )
        })
        .expect("a per-side hold with the extra set");
    let steps = keel_app::steps::steps(&slot.prescription);
    drop(journal);
    let (i, last) = (index.to_string(), steps.len());
    let page = app.get(&format!("/session/{i}/1")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let right = page.body.find("name=\"right\"").expect("a right field");
    let left = page.body.find("name=\"left\"").expect("a left field");
    assert!(right < left, "right first, as the sides are done");
    assert!(!page.body.contains("name=\"actual\""), "{}", page.body);
    assert!(page.body.contains("Left side, seconds"), "{}", page.body);

    // A bad side is refused, naming it, and stores nothing.
    let bad = [
        ("slot", i.as_str()),
        ("set", "1"),
        ("right", "10"),
        ("left", "-2"),
        ("rpe", "6"),
        ("pain", "0"),
    ];
    let refused = app.post("/session/log", &bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("Left side, seconds"),
        "{}",
        refused.body
    );
    assert!(app.sets().is_empty());

    for n in 1..last {
        let n = n.to_string();
        let form = [
            ("slot", i.as_str()),
            ("set", n.as_str()),
            ("right", "10"),
            ("left", "7"),
            ("rpe", "6"),
            ("pain", "0"),
        ];
        let saved = app.post("/session/log", &form).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    }
    let sets = app.sets();
    let s = &sets[0].logged.set;
    let sides = s.sides.expect("each side stored");
    assert_eq!(sides.left.map(|a| a.value()), Some(7));
    assert_eq!(sides.right.map(|a| a.value()), Some(10));
    assert_eq!(s.actual.value(), 7, "actual is the weaker side");

    // The extra set: its side's field only.
    let n = last.to_string();
    let page = app.get(&format!("/session/{i}/{n}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("name=\"left\""), "{}", page.body);
    assert!(!page.body.contains("name=\"right\""), "{}", page.body);
    let form = [
        ("slot", i.as_str()),
        ("set", n.as_str()),
        ("left", "6"),
        ("rpe", "6"),
        ("pain", "0"),
    ];
    let saved = app.post("/session/log", &form).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let sets = app.sets();
    assert_eq!(sets.len(), last, "every set and the extra one");
    let extra = sets[last - 1].logged.set.sides.expect("its side");
    assert_eq!(extra.left.map(|a| a.value()), Some(6));
    assert_eq!(extra.right, None);
}
