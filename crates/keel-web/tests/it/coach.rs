//! The coach side of the server: invitations, the dashboard and its flags,
//! who may see an athlete's page, and settings changes recorded with the
//! coach's name. Needs KEEL_TEST_POSTGRES_URL (skips in one line without
//! it); one private schema per test.
#![cfg(feature = "postgres")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use axum::http::StatusCode;
use keel_app::journal::Journal;
use keel_core::engine::{Action, ReadinessCheck};
use keel_core::measure::{Readiness, Rpe};
use keel_core::redflag::RedFlag;
use keel_store::{CheckIn, SafetyEvent, ScreenContext, SessionSummary, Store, Write};
use keel_web::accounts::ServerSettings;

use common::form::form_request;
use common::pages::{Browser, PASSWORD};
use common::pg::PgApp;
use common::{ORIGIN, TODAY, first_target, onboard};

/// The server app with this file's own helpers.
struct App(PgApp);

impl std::ops::Deref for App {
    type Target = PgApp;
    fn deref(&self) -> &PgApp {
        &self.0
    }
}

impl App {
    fn new(test: &str) -> Option<App> {
        let app = App(PgApp::start(
            "keel_web_coach",
            test,
            ServerSettings::default(),
        )?);
        // The first account is the server's admin; keep it out of the way.
        app.add("root", "athlete");
        Some(app)
    }
}

/// Cora (signed in as `cora`) invites `athlete`, who accepts.
fn link_to_cora(app: &App, cora: &str, athlete: &str, athlete_token: &str) {
    let invited = app.post("/coach/invite", cora, &[("athlete", athlete)]);
    assert_eq!(invited.status, StatusCode::SEE_OTHER, "{}", invited.body);
    let accepted = app.post("/invitations/cora/accept", athlete_token, &[]);
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
}

#[test]
fn a_coach_invites_the_athlete_accepts_and_the_dashboard_shows_flags() {
    let Some(app) = App::new("dashboard") else {
        return;
    };
    let (_, cora) = app.account("cora", "coach");
    let (ana_id, ana) = app.account("ana", "athlete");
    let (ben_id, ben) = app.account("ben", "athlete");
    onboard(&mut app.backend.store(ana_id));
    onboard(&mut app.backend.store(ben_id));

    assert!(
        app.get("/invitations", &ana)
            .body
            .contains("No coach has invited you.")
    );
    let invited = app.post("/coach/invite", &cora, &[("athlete", "ana")]);
    assert_eq!(invited.status, StatusCode::SEE_OTHER, "{}", invited.body);
    assert_eq!(invited.location, "/coach");
    // Pending: not on the dashboard yet.
    let pending = app.get("/coach", &cora);
    assert_eq!(pending.status, StatusCode::OK);
    assert!(
        !pending.body.contains("/coach/athlete/ana"),
        "{}",
        pending.body
    );
    let invitations = app.get("/invitations", &ana);
    assert!(
        invitations
            .body
            .contains("<strong>cora</strong> invites you.")
    );
    assert!(
        invitations
            .body
            .contains("action=\"/invitations/cora/accept\"")
    );
    let accepted = app.post("/invitations/cora/accept", &ana, &[]);
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    assert!(
        app.get("/invitations", &ana)
            .body
            .contains("No coach has invited you.")
    );
    // Accepting twice, or a coach who never invited, is refused.
    let again = app.post("/invitations/cora/accept", &ana, &[]);
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = app.post("/invitations/nobody/accept", &ana, &[]);
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unknown.body.contains("no pending invitation from"),
        "{}",
        unknown.body
    );

    // Ana logs a set with pain 4 through her own session, and a poor
    // readiness check-in; Ben is halted by a red flag.
    let target = first_target(&app.backend.store(ana_id)).to_string();
    let form = [
        ("slot", "0"),
        ("set", "1"),
        ("actual", target.as_str()),
        ("rpe", "7"),
        ("pain", "4"),
        // Pain brings the red-flag screen, answered clear.
        ("screened", "yes"),
    ];
    let logged = app.post("/session/log", &ana, &form);
    assert_eq!(logged.status, StatusCode::SEE_OTHER, "{}", logged.body);
    let five = Readiness::new(5).unwrap();
    let check = ReadinessCheck {
        sleep: five,
        fatigue: five,
        stress: five,
        soreness: five,
    };
    app.backend
        .store(ana_id)
        .apply(vec![Write::AddCheckIn(CheckIn::Readiness {
            date: TODAY,
            check,
        })])
        .unwrap();
    // Half an hour at session RPE 5: a load of 150.
    app.backend
        .store(ana_id)
        .apply(vec![Write::SummarizeSession {
            date: TODAY,
            summary: SessionSummary {
                minutes: Some(30),
                session_rpe: Some(Rpe::new(5).unwrap()),
                note: None,
            },
        }])
        .unwrap();
    link_to_cora(&app, &cora, "ben", &ben);
    app.backend
        .store(ben_id)
        .apply(vec![Write::Safety(SafetyEvent::Screen {
            date: TODAY,
            context: ScreenContext::PainEntry,
            flags: vec![RedFlag::LegWeakness],
        })])
        .unwrap();

    let dashboard = app.get("/coach", &cora);
    assert_eq!(dashboard.status, StatusCode::OK);
    // The header links a coach to the dashboard, and an athlete does not.
    assert!(
        dashboard
            .body
            .contains("<a href=\"/coach\">Your athletes</a>")
    );
    let athlete_page = app.get("/invitations", &ana).body;
    assert!(!athlete_page.contains("Your athletes"), "{athlete_page}");
    assert!(athlete_page.contains("<a href=\"/invitations\">Invitations</a>"));
    let body = &dashboard.body;
    let ana_row = row(body, "ana");
    // The engine's decision on the painful set, with its first reason.
    assert!(
        ana_row.contains("<strong>repeat</strong> (2026-03-02): Pain 4/10"),
        "{ana_row}"
    );
    assert!(ana_row.contains("href=\"/coach/athlete/ana\""), "{ana_row}");
    assert!(ana_row.contains("100 %"), "{ana_row}");
    assert!(ana_row.contains("Pain 4/10"), "{ana_row}");
    assert!(ana_row.contains("Poor readiness (20)"), "{ana_row}");
    assert!(ana_row.contains("<td>150</td>"), "{ana_row}");
    assert!(!ana_row.contains("Halted"), "{ana_row}");
    assert!(!ana_row.contains("Stagnation"), "{ana_row}");
    let ben_row = row(body, "ben");
    assert!(
        ben_row.contains("Halted by a red flag since 2026-03-02"),
        "{ben_row}"
    );
    assert!(!ben_row.contains("Pain "), "{ben_row}");
    // A variant rotation within two weeks flags stagnation; one before does not.
    let mut store = app.backend.store(ana_id);
    let plan_version = store.current_plan().unwrap().unwrap().version;
    let mut rotated = store.decisions(plan_version).unwrap().pop().unwrap();
    rotated.decision.action = Action::RotateVariant {
        from: rotated.decision.exercise.clone(),
        to: rotated.decision.exercise.clone(),
    };
    for (days_ago, flagged) in [(20, false), (13, true)] {
        let mut decision = rotated.clone();
        decision.date = TODAY.checked_sub(jiff::Span::new().days(days_ago)).unwrap();
        store
            .apply(vec![Write::ReplaceDecisions {
                plan_version,
                decisions: vec![decision],
            }])
            .unwrap();
        let shown = app.get("/coach", &cora).body;
        assert_eq!(
            row(&shown, "ana").contains("Stagnation"),
            flagged,
            "{days_ago}"
        );
    }
    // A readiness sum under the athlete's cut sum is no flag.
    app.backend
        .store(ana_id)
        .apply(vec![Write::SaveEngineSettings(
            keel_core::engine::EngineSettings {
                readiness_cut_sum: 21,
                ..Default::default()
            },
        )])
        .unwrap();
    assert!(!row(&app.get("/coach", &cora).body, "ana").contains("Poor readiness"));
}

/// The dashboard's table row of `name`.
fn row<'a>(body: &'a str, name: &str) -> &'a str {
    let start = body
        .find(&format!("<a href=\"/coach/athlete/{name}\""))
        .unwrap_or_else(|| panic!("no row for {name}: {body}"));
    let start = body[..start].rfind("<tr>").unwrap();
    let end = start + body[start..].find("</tr>").unwrap();
    &body[start..end]
}

#[test]
fn only_the_accepted_coach_sees_an_athlete_and_athletes_see_no_coach_pages() {
    let Some(app) = App::new("access") else {
        return;
    };
    let (_, cora) = app.account("cora", "coach");
    let (_, carl) = app.account("carl", "coach");
    let (ana_id, ana) = app.account("ana", "athlete");
    onboard(&mut app.backend.store(ana_id));
    keel_app::outcomes::record(
        &mut app.backend.store(ana_id),
        TODAY,
        TODAY,
        vec![keel_app::outcomes::Measure::Nprs(5)],
    )
    .unwrap();
    link_to_cora(&app, &cora, "ana", &ana);
    let page = app.get("/coach/athlete/ana", &cora);
    assert_eq!(page.status, StatusCode::OK);
    // Her outcome measures.
    assert!(
        page.body.contains("Pain rating (NPRS, 0-10)"),
        "{}",
        page.body
    );
    // Today's planned session, in words, and the progress numbers.
    let journal = Journal::load(&app.backend.store(ana_id)).unwrap();
    let first = &journal.session_on(TODAY).unwrap().slots[0];
    let dose = keel_app::wording::amount(&first.prescription);
    assert!(page.body.contains(&dose), "{dose}: {}", page.body);
    assert!(page.body.contains("<dt>Adherence</dt>"), "{}", page.body);
    assert!(page.body.contains("<code>readiness-cut-sum</code>"));

    // Carl invited but was not accepted: the same 404 as for no such name.
    let invited = app.post("/coach/invite", &carl, &[("athlete", "ana")]);
    assert_eq!(invited.status, StatusCode::SEE_OTHER);
    for uri in ["/coach/athlete/ana", "/coach/athlete/nobody"] {
        let reply = app.get(uri, &carl);
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
    }
    assert!(!app.get("/coach", &carl).body.contains("/coach/athlete/ana"));
    let change = [("key", "block-weeks"), ("value", "4")];
    let refused = app.post("/coach/athlete/ana/settings", &carl, &change);
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert_eq!(app.backend.store(ana_id).settings().unwrap().block_weeks, 3);
    assert!(app.backend.settings_changes(ana_id).unwrap().is_empty());

    // An athlete gets no coach pages.
    assert_eq!(app.get("/coach", &ana).status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get("/coach/athlete/ana", &ana).status,
        StatusCode::FORBIDDEN
    );
    let invite = app.post("/coach/invite", &ana, &[("athlete", "carl")]);
    assert_eq!(invite.status, StatusCode::FORBIDDEN);
    // Inviting a name with no account says so.
    let nobody = app.post("/coach/invite", &cora, &[("athlete", "nobody")]);
    assert_eq!(nobody.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[test]
fn a_coachs_settings_change_is_saved_and_recorded_with_the_coachs_name() {
    let Some(app) = App::new("settings") else {
        return;
    };
    let (_, cora) = app.account("cora", "coach");
    let (ana_id, ana) = app.account("ana", "athlete");
    onboard(&mut app.backend.store(ana_id));
    link_to_cora(&app, &cora, "ana", &ana);

    let engine =
        |app: &App| keel_app::settings::engine_settings(&app.backend.store(ana_id)).unwrap();
    let change = [("key", "readiness-cut-sum"), ("value", "15")];
    let changed = app.post("/coach/athlete/ana/settings", &cora, &change);
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    assert_eq!(changed.location, "/coach/athlete/ana");
    assert_eq!(engine(&app).readiness_cut_sum, 15);
    let plan = [("key", "block-weeks"), ("value", "4")];
    assert_eq!(
        app.post("/coach/athlete/ana/settings", &cora, &plan).status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(app.backend.store(ana_id).settings().unwrap().block_weeks, 4);
    let changes = app.backend.settings_changes(ana_id).unwrap();
    assert_eq!(changes.len(), 2);
    assert_eq!(changes[0].changed_by.as_deref(), Some("cora"));
    assert_eq!(
        (
            changes[0].key.as_str(),
            changes[0].old.as_str(),
            changes[0].new.as_str()
        ),
        ("readiness-cut-sum", "17", "15")
    );
    let page = app.get("/coach/athlete/ana", &cora);
    assert!(
        page.body
            .contains("<strong>cora</strong> changed <code>readiness-cut-sum</code> from 17 to 15"),
        "{}",
        page.body
    );
    // Ana sees who changed what.
    let mine = app.get("/settings/changes", &ana);
    assert!(
        mine.body
            .contains("<strong>cora</strong> changed <code>block-weeks</code> from 3 to 4"),
        "{}",
        mine.body
    );
    // The athlete's own settings page shows the coach's value.
    assert!(app.get("/settings", &ana).body.contains("value=\"15\""));

    // Bad values, unknown keys and a cross-site post change nothing.
    for bad in [
        [("key", "readiness-cut-sum"), ("value", "99")],
        [("key", "readiness-cut-sum"), ("value", "lots")],
        [("key", "no-such-setting"), ("value", "1")],
        // The cut sum may not pass the light-session sum (21).
        [("key", "readiness-cut-sum"), ("value", "22")],
    ] {
        let reply = app.post("/coach/athlete/ana/settings", &cora, &bad);
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
        assert!(
            reply.body.contains("Nothing was changed."),
            "{}",
            reply.body
        );
    }
    let forged = app.send(form_request(
        "/coach/athlete/ana/settings",
        Some(&cora),
        &[("key", "readiness-cut-sum"), ("value", "9")],
        "http://evil.example",
    ));
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(engine(&app).readiness_cut_sum, 15);
    assert_eq!(app.backend.settings_changes(ana_id).unwrap().len(), 2);
}

#[test]
fn an_admin_lists_and_adds_accounts_and_no_one_else_can() {
    let Some(app) = App::new("users") else { return };
    // `root`, the first account, is the admin.
    let form = [("name", "root"), ("password", PASSWORD)];
    let root = app
        .send(form_request("/login", None, &form, ORIGIN))
        .token
        .unwrap();
    let (_, ana) = app.account("ana", "athlete");
    assert_eq!(app.get("/admin/users", &ana).status, StatusCode::FORBIDDEN);
    let sneaky = [("name", "eve"), ("role", "admin"), ("password", PASSWORD)];
    let refused = app.post("/admin/users", &ana, &sneaky);
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(app.backend.user_by_name("eve").unwrap().is_none());

    let add = [("name", "dora"), ("role", "coach"), ("password", PASSWORD)];
    let added = app.post("/admin/users", &root, &add);
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let list = app.get("/admin/users", &root);
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.body
            .contains("<td>dora</td><td>coach</td><td>active</td>"),
        "{}",
        list.body
    );
    // Dora can log in and coach.
    let dora = app
        .send(form_request(
            "/login",
            None,
            &[("name", "dora"), ("password", PASSWORD)],
            ORIGIN,
        ))
        .token
        .unwrap();
    assert_eq!(app.get("/coach", &dora).status, StatusCode::OK);

    for bad in [
        [("name", "fay"), ("role", "boss"), ("password", PASSWORD)],
        [("name", "fay"), ("role", "coach"), ("password", "short")],
        [("name", "dora"), ("role", "coach"), ("password", PASSWORD)],
    ] {
        let reply = app.post("/admin/users", &root, &bad);
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
    }
    assert!(app.backend.user_by_name("fay").unwrap().is_none());
}

/// A roster larger than the dashboard summarizes on every request (25
/// athletes) is filled in the background: the first view lists everyone,
/// some rows still being prepared; soon every row is there with its flags,
/// the halted athlete first and 50 a page; an athlete who withdraws leaves
/// the page at once, cached row or not; a row whose athlete's data changed
/// is not shown until computed again.
#[test]
fn a_large_roster_is_filled_in_the_background_and_keeps_its_flags() {
    let Some(app) = App::new("large_roster") else {
        return;
    };
    let (cora_id, cora) = app.account("cora", "coach");
    let athletes: Vec<_> = (0..51)
        .map(|n| {
            let name = format!("athlete{n:02}");
            let id = Browser::add(&*app, &name, "athlete");
            onboard(&mut app.backend.store(id));
            app.backend.invite(cora_id, id).unwrap();
            app.backend.accept(id, cora_id).unwrap();
            (name, id)
        })
        .collect();
    app.backend
        .store(athletes[40].1)
        .apply(vec![Write::Safety(SafetyEvent::Screen {
            date: TODAY,
            context: ScreenContext::PainEntry,
            flags: vec![RedFlag::LegWeakness],
        })])
        .unwrap();

    let first = app.get("/coach", &cora);
    assert_eq!(first.status, StatusCode::OK);
    let second = app.get("/coach?page=2", &cora);
    assert_eq!(second.status, StatusCode::OK);
    for (name, _) in &athletes {
        let link = format!("/coach/athlete/{name}\"");
        assert!(
            first.body.contains(&link) != second.body.contains(&link),
            "{name} is on exactly one page"
        );
    }
    assert!(
        first.body.contains("computed in the background"),
        "{}",
        first.body
    );

    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let filled = loop {
        let page = app.get("/coach", &cora).body;
        if !page.contains("still being prepared") {
            break page;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the roster was not filled in a minute: {page}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert!(!filled.contains("Being prepared"), "{filled}");
    assert!(
        row(&filled, "athlete40").contains("Halted by a red flag since 2026-03-02"),
        "{filled}"
    );
    let halted_at = filled.find("/coach/athlete/athlete40\"").unwrap();
    let first_other = filled.find("/coach/athlete/athlete00\"").unwrap();
    assert!(halted_at < first_other, "the halted athlete comes first");
    assert!(
        filled.contains("51 athletes; 1 needs your attention"),
        "{filled}"
    );
    assert!(filled.contains("Page 1 of 2"), "{filled}");
    let other = row(&filled, "athlete01");
    assert!(!other.contains("Halted"), "{other}");
    assert!(other.contains("None"), "{other}");
    // The 50 rows of page 1 are the halted athlete and athlete00 to 48.
    let last = app.get("/coach?page=2", &cora).body;
    assert!(last.contains("/coach/athlete/athlete50\""), "{last}");
    assert!(!last.contains("/coach/athlete/athlete49\""), "{last}");
    for bad in ["/coach?page=3", "/coach?page=0", "/coach?page=two"] {
        let refused = app.get(bad, &cora);
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert!(refused.body.contains("Page"), "{bad}: {}", refused.body);
    }

    app.backend.withdraw_coach(athletes[1].1, cora_id).unwrap();
    let after = app.get("/coach", &cora).body;
    assert!(!after.contains("/coach/athlete/athlete01\""), "{after}");
    assert!(after.contains("/coach/athlete/athlete02\""), "{after}");

    // A red flag recorded elsewhere (another server process, the CLI) is
    // never hidden behind a kept row: the row is checked against the
    // database's revision and computed again before it is shown.
    app.backend
        .store(athletes[2].1)
        .apply(vec![Write::Safety(SafetyEvent::Screen {
            date: TODAY,
            context: ScreenContext::PainEntry,
            flags: vec![RedFlag::LegWeakness],
        })])
        .unwrap();
    let changed = app.get("/coach", &cora).body;
    let kept = row(&changed, "athlete02");
    assert!(kept.contains("Being prepared"), "{kept}");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let page = app.get("/coach", &cora).body;
        if row(&page, "athlete02").contains("Halted by a red flag") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the changed row was not recomputed in a minute: {page}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// On the coach server, every listed route (pages, account pages, API)
/// answered to a signed-in admin who is also an onboarded athlete carries
/// the shared-device headers, `Cache-Control: no-store` included, and so
/// does the login page and the answer to someone signed out. Logging out
/// comes last, so every other request is signed in.
#[test]
fn every_listed_route_answers_the_signed_in_with_the_shared_device_headers() {
    use common::headers::{assert_shared_device_headers, route_request};
    use tower::ServiceExt;

    let Some(app) = App::new("headers") else {
        return;
    };
    let (max_id, max) = app.account("max", "admin");
    onboard(&mut app.backend.store(max_id));
    let cookie = format!("{}={max}", keel_web::accounts::SESSION_COOKIE);
    let mut routes = keel_web::routes::listed(true);
    routes.sort_by_key(|(method, path)| (*method, *path) == ("POST", "/logout"));
    assert!(routes.len() > 50, "{routes:?}");
    for (method, path) in routes {
        let route = format!("{method} {path}");
        // Path parameters name no one, so nothing is changed or deleted.
        let request = route_request(method, path, "nobody", Some(&cookie));
        let response = app
            .runtime
            .block_on(app.router.clone().oneshot(request))
            .unwrap();
        if method == "GET" && !path.contains('{') && path != "/login" {
            let status = response.status();
            assert!(
                status.is_success() || status.is_redirection(),
                "{route}: {status}"
            );
            assert_ne!(
                response
                    .headers()
                    .get(axum::http::header::LOCATION)
                    .map(|l| l.to_str().unwrap()),
                Some("/login"),
                "{route}: signed in"
            );
        }
        assert_shared_device_headers(&route, response.headers());
    }
    let signed_out = route_request("GET", "/", "", None);
    let response = app
        .runtime
        .block_on(app.router.clone().oneshot(signed_out))
        .unwrap();
    assert!(response.status().is_redirection());
    assert_shared_device_headers("GET / (signed out)", response.headers());
}

/// A name with a "/" (or "?", "#", "%") is one encoded path segment in every
/// link, so the dashboard's link reaches the athlete's page.
#[test]
fn an_athlete_named_with_a_slash_gets_working_links() {
    let Some(app) = App::new("slash_name") else {
        return;
    };
    let (_, cora) = app.account("cora", "coach");
    let (ann_id, ann) = app.account("ann/lee", "athlete");
    onboard(&mut app.backend.store(ann_id));
    let invited = app.post("/coach/invite", &cora, &[("athlete", "ann/lee")]);
    assert_eq!(invited.status, StatusCode::SEE_OTHER, "{}", invited.body);
    let accepted = app.post("/invitations/cora/accept", &ann, &[]);
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);

    let dashboard = app.get("/coach", &cora);
    assert!(
        dashboard.body.contains("href=\"/coach/athlete/ann%2Flee\""),
        "{}",
        dashboard.body
    );
    let page = app.get("/coach/athlete/ann%2Flee", &cora);
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("ann/lee"), "{}", page.body);
    assert!(
        page.body.contains("/coach/athlete/ann%2Flee/settings"),
        "{}",
        page.body
    );
}

#[test]
fn a_coach_lands_on_the_dashboard_invitations_are_listed_and_counts_read_right() {
    let Some(app) = App::new("landing") else {
        return;
    };
    let (_, cora) = app.account("cora", "coach");
    let (ana_id, ana) = app.account("ana", "athlete");
    onboard(&mut app.backend.store(ana_id));

    // A coach without a training profile starts on the dashboard (login
    // sends everyone to `/`), not on athlete onboarding; an athlete still
    // onboards.
    let home = app.get("/", &cora);
    assert_eq!(home.status, StatusCode::SEE_OTHER, "{}", home.body);
    assert_eq!(home.location, "/coach");
    let (_, newcomer) = app.account("newcomer", "athlete");
    assert_eq!(app.get("/", &newcomer).location, "/onboarding");
    // An admin is often the household's own athlete: onboarding too.
    let (_, admin) = app.account("adele", "admin");
    assert_eq!(app.get("/", &admin).location, "/onboarding");
    // The coach can still set up their own training there.
    assert_eq!(app.get("/onboarding", &cora).status, StatusCode::OK);

    let dashboard = app.get("/coach", &cora).body;
    assert!(dashboard.contains("Invitations you sent"), "{dashboard}");
    assert!(dashboard.contains("None waiting for an answer."));
    assert!(
        !app.get("/", &ana).body.contains("invites you"),
        "no notice before an invitation"
    );

    // Sent: listed for the coach; received: a notice on the athlete's today.
    let invited = app.post("/coach/invite", &cora, &[("athlete", "ana")]);
    assert_eq!(invited.status, StatusCode::SEE_OTHER, "{}", invited.body);
    let dashboard = app.get("/coach", &cora).body;
    assert!(
        dashboard.contains("<ul class=\"sent\"><li>ana</li></ul>"),
        "{dashboard}"
    );
    let today = app.get("/", &ana);
    assert_eq!(today.status, StatusCode::OK, "{}", today.body);
    assert!(today.body.contains("A coach invites you"), "{}", today.body);
    assert!(
        today
            .body
            .contains("<strong>cora</strong> would like to see your training")
    );
    assert!(today.body.contains("href=\"/invitations\""));
    assert!(
        app.get("/invitations", &ana)
            .body
            .contains("<strong>cora</strong> invites you.")
    );

    // Accepted: one athlete, said so; the invitation and the notice are gone.
    let accepted = app.post("/invitations/cora/accept", &ana, &[]);
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    let dashboard = app.get("/coach", &cora).body;
    assert!(dashboard.contains("1 athlete; 0 need"), "{dashboard}");
    assert!(!dashboard.contains("1 athletes"), "{dashboard}");
    assert!(!dashboard.contains(">-0<"), "{dashboard}");
    assert!(dashboard.contains("None waiting for an answer."));
    assert!(!app.get("/", &ana).body.contains("invites you"));
}
