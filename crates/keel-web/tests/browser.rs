//! Keel in a real headless Chromium at phone size: onboarding through the
//! form, today's session, a timed hold, logging the set, the next decision
//! with its reason, the history and the progress page. Screenshots of the
//! today, timer and progress pages go to `target/screenshots/`.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs
//! them); without them the test says so in one line and skips.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::{Ipv4Addr, TcpListener as StdListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use jiff::civil::date;
use keel_store::{SqliteStore, Store};
use keel_web::{AppState, router};

#[cfg(feature = "postgres")]
mod common;

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

/// Kills chromedriver (and with it the browser) however the test ends.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    StdListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn start_driver() -> (Driver, u16) {
    let port = free_port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Driver(child);
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not listen");
        std::thread::sleep(Duration::from_millis(50));
    }
    (driver, port)
}

async fn connect(port: u16, profile: &Path) -> Client {
    connect_at(port, profile, "390,844", None).await
}

/// A browser with a window of `size`; with `phone_width`, the page is laid
/// out as on a phone that wide (headless windows are at least 500 px).
async fn connect_at(port: u16, profile: &Path, size: &str, phone_width: Option<u32>) -> Client {
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-dev-shm-usage",
        &format!("--window-size={size}"),
        &format!("--user-data-dir={}", profile.display()),
    ];
    let mut options = serde_json::json!({ "binary": CHROMIUM, "args": args });
    if let Some(width) = phone_width {
        options["mobileEmulation"] = serde_json::json!({
            "deviceMetrics": {"width": width, "height": 800, "pixelRatio": 1.0}
        });
    }
    let mut caps = serde_json::Map::new();
    caps.insert("goog:chromeOptions".into(), options);
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a WebDriver session")
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
}

fn screenshots_dir() -> PathBuf {
    let dir = target_dir().join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn shot(c: &Client, name: &str) {
    let png = c.screenshot().await.unwrap();
    std::fs::write(screenshots_dir().join(format!("{name}.png")), png).unwrap();
}

async fn css(c: &Client, selector: &str) -> fantoccini::elements::Element {
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(selector))
        .await
        .unwrap_or_else(|e| panic!("{selector}: {e}"))
}

async fn fill(c: &Client, selector: &str, text: &str) {
    let input = css(c, selector).await;
    input.clear().await.unwrap();
    input.send_keys(text).await.unwrap();
}

/// Clicks a submit button or link and waits for the next page to load.
async fn click_through(c: &Client, selector: &str) {
    let marker = "keel-test-old-page";
    c.execute(
        &format!("document.documentElement.classList.add('{marker}')"),
        vec![],
    )
    .await
    .unwrap();
    css(c, selector).await.click().await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let old = c
            .execute(
                &format!(
                    "return document.readyState !== 'complete' || \
                     document.documentElement.classList.contains('{marker}')"
                ),
                vec![],
            )
            .await;
        if matches!(old, Ok(serde_json::Value::Bool(false))) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{selector} did not lead to a new page"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn body_text(c: &Client) -> String {
    css(c, "main").await.text().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn phone_onboards_holds_logs_and_sees_the_decision() {
    if !Path::new(CHROMEDRIVER).exists() || !Path::new(CHROMIUM).exists() {
        // In CI a missing browser is a failure, never a silent skip.
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium or chromium-driver is missing, but CI is set: the browser test must run"
        );
        println!(
            "skipped: chromium or chromium-driver is not installed (apt-get install chromium chromium-driver)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("keel.db");
    let store = SqliteStore::open(&db).unwrap();
    // A Monday, so the default days (mon, wed, fri) make today a training day.
    let app = router(AppState::new(store, Some(date(2026, 3, 2))));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move { axum::serve(listener, app).await });

    let (_driver, port) = start_driver();
    let c = connect(port, &dir.path().join("chromium")).await;
    // The flow runs as a task so that a failed step still closes the browser.
    let result = tokio::spawn(flow(c.clone(), base)).await;
    let _ = c.close().await;
    server.abort();
    if let Err(failed) = result {
        std::panic::resume_unwind(failed.into_panic());
    }

    // What the browser did is in the database.
    let store = SqliteStore::open(&db).unwrap();
    let sessions = store.sessions(None, None).unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].sets.len(), 1);
}

async fn flow(client: Client, base: String) {
    let c = &client;
    // Short holds keep the timer quick: the shortest hold the plan may
    // prescribe, and low test results so the first holds start there.
    c.goto(&format!("{base}/settings")).await.unwrap();
    fill(c, "#s-min-hold", "5").await;
    click_through(c, "form[action='/settings'] button[type=submit]").await;
    assert!(c.current_url().await.unwrap().path().ends_with("/settings"));

    // Onboarding: the disclaimer, the profile, a clear screen, the tests.
    c.goto(&format!("{base}/onboarding")).await.unwrap();
    assert!(body_text(c).await.contains("not a diagnosis"));
    fill(c, "#name", "Robin").await;
    fill(c, "#pain", "1").await;
    // Every warning-sign question needs its own answer.
    for flag in keel_core::redflag::RedFlag::ALL {
        css(c, &format!("#flag-{}-no", flag.slug()))
            .await
            .click()
            .await
            .unwrap();
    }
    for (key, value) in [
        ("extensor", "12"),
        ("flexor", "10"),
        ("side-bridge-right", "10"),
        ("side-bridge-left", "10"),
        ("prone-plank", "10"),
    ] {
        fill(c, &format!("#t-{key}"), value).await;
    }
    click_through(c, "form[action='/onboarding'] button[type=submit]").await;

    // Onboarding ends on the assessment report, with the way to today.
    let report = body_text(c).await;
    assert!(report.contains("You are set up"), "{report}");
    assert!(report.contains("Endurance holds"), "{report}");
    assert!(report.contains("Ratios"), "{report}");
    click_through(c, "a.button[href='/']").await;

    // Today: the session, with a way into the first set.
    let today = body_text(c).await;
    shot(c, "today").await;
    assert!(today.contains("Done today: 0"), "{today}");
    click_through(c, "a.button.big[href^='/session/']").await;

    // The set page: start the timer and let it run out.
    css(c, "#timer-start").await.click().await.unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    shot(c, "timer").await;
    let deadline = Instant::now() + Duration::from_secs(45);
    loop {
        let phase = css(c, "#timer").await.attr("data-phase").await.unwrap();
        if phase.as_deref() == Some("done") {
            break;
        }
        assert!(Instant::now() < deadline, "the timer never finished");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let exercise = css(c, "main h1").await.text().await.unwrap();
    click_through(c, "#log button[type=submit]").await;

    // Saved: the rest page, then the summary with the next decision and why.
    let saved = body_text(c).await;
    assert!(saved.contains("Saved set 1"), "{saved}");
    c.goto(&format!("{base}/session/done")).await.unwrap();
    let done = body_text(c).await;
    assert!(done.contains("Next time:"), "{done}");
    let reason = css(c, "section.card p.why").await.text().await.unwrap();
    assert!(!reason.trim().is_empty());

    // History lists the set.
    c.goto(&format!("{base}/history")).await.unwrap();
    let history = body_text(c).await;
    assert!(history.contains(&exercise), "{exercise} not in {history}");

    // Progress draws the hold as an inline SVG chart.
    c.goto(&format!("{base}/progress")).await.unwrap();
    css(c, "svg.chart").await;
    shot(c, "progress").await;
}

/// axe-core as `.ci/run` installs it (`npm install --prefix target/test-js axe-core`).
fn axe_source() -> Option<String> {
    std::fs::read_to_string(target_dir().join("test-js/node_modules/axe-core/axe.min.js")).ok()
}

/// A history with outcomes, a red-flag halt, a resume with its note and a
/// check-in, written through the same services the pages use.
fn scripted_history(store: &mut SqliteStore) {
    use keel_app::enrol::{Onboarding, onboard};
    use keel_app::outcomes::{Measure, record};
    use keel_core::assessment::{AssessmentInput, EnduranceHolds};
    use keel_core::engine::ReadinessCheck;
    use keel_core::measure::{Readiness, Seconds};
    use keel_core::outcome;
    use keel_core::redflag::{RedFlag, Screen};
    use keel_store::{CheckIn, SafetyEvent, ScreenContext, Write};

    let d1 = date(2026, 3, 2);
    let s = |v: i64| Some(Seconds::new(v).unwrap());
    onboard(
        store,
        d1,
        Onboarding {
            profile: keel_app::profile::starting_profile(),
            screen: Screen::clear(),
            tests: AssessmentInput {
                date: d1,
                holds: EnduranceHolds {
                    extensor: s(120),
                    flexor: s(100),
                    side_bridge_right: s(60),
                    side_bridge_left: s(55),
                    prone_plank: s(70),
                },
                movement: Default::default(),
                mobility: Default::default(),
                pain_now: None,
            },
            start_over: false,
            outcomes: vec![
                outcome::nprs(d1, Some(6)).unwrap(),
                outcome::psfs(d1, &[("sitting in the car".into(), 3)]).unwrap(),
            ],
        },
    )
    .unwrap();
    let r = |v: i64| Readiness::new(v).unwrap();
    store
        .apply(vec![
            Write::Safety(SafetyEvent::Screen {
                date: date(2026, 3, 4),
                context: ScreenContext::PainEntry,
                flags: vec![RedFlag::LegWeakness],
            }),
            Write::AddCheckIn(CheckIn::Readiness {
                date: date(2026, 3, 4),
                check: ReadinessCheck {
                    sleep: r(3),
                    fatigue: r(2),
                    stress: r(4),
                    soreness: r(2),
                },
            }),
            Write::Safety(SafetyEvent::Resume {
                date: date(2026, 3, 5),
                note: "GP cleared me".into(),
            }),
        ])
        .unwrap();
    let today = date(2026, 3, 16);
    record(
        store,
        today,
        today,
        vec![
            Measure::Nprs(3),
            Measure::Psfs(vec![("sitting in the car".into(), 6)]),
        ],
    )
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_fits_a_phone_and_axe_finds_no_violations() {
    let browser = Path::new(CHROMEDRIVER).exists() && Path::new(CHROMIUM).exists();
    let axe = axe_source();
    let (true, Some(axe)) = (browser, axe) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs chromium, chromium-driver and axe-core \
             (npm install --prefix target/test-js axe-core@4.11.0)"
        );
        println!("skipped: chromium, chromium-driver or axe-core is not installed");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(&dir.path().join("keel.db")).unwrap();
    scripted_history(&mut store);
    // The document `GET /report` downloads (an attachment, which a browser
    // saves rather than shows), opened from a file.
    let today = date(2026, 3, 16);
    let insight = keel_app::insight::gather(
        &store,
        today,
        None,
        &keel_core::analytics::AnalyticsSettings::default(),
        &keel_app::insight::InsightSettings::default(),
    )
    .unwrap();
    let html = keel_io::report::render(&keel_app::report::gather(&store, &insight).unwrap());
    let file = dir.path().join("report.html");
    std::fs::write(&file, html).unwrap();

    let (_driver, port) = start_driver();
    let c = connect_at(port, &dir.path().join("chromium"), "500,800", Some(360)).await;
    let url = format!("file://{}", file.display());
    let result = tokio::spawn(report_checks(c.clone(), url, axe)).await;
    let _ = c.close().await;
    if let Err(failed) = result {
        std::panic::resume_unwind(failed.into_panic());
    }
}

async fn report_checks(client: Client, url: String, axe: String) {
    let c = &client;
    c.goto(&url).await.unwrap();
    let main = body_text(c).await;
    assert!(
        main.contains("resumed after a red-flag halt on 2026-03-04"),
        "{main}"
    );
    assert!(main.contains("GP cleared me"), "{main}");
    shot(c, "report").await;
    // No horizontal overflow at a 360 px phone width.
    let widths = c
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth]",
            vec![],
        )
        .await
        .unwrap();
    let (scroll, inner) = (widths[0].as_i64().unwrap(), widths[1].as_i64().unwrap());
    assert_eq!(inner, 360, "a phone-sized layout");
    assert!(scroll <= inner, "the report overflows: {scroll} > {inner}");
    // axe-core finds no violations.
    c.execute(&axe, vec![]).await.unwrap();
    let found = c
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             axe.run(document).then(r => done(r.violations.map(v => v.id + ': ' + \
               v.nodes.map(n => n.target.join(' ')).join(', '))))\
             .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .unwrap();
    let violations = found.as_array().cloned().unwrap_or_default();
    assert!(violations.is_empty(), "axe: {violations:?}");
}

/// The coach's and the admin's pages on a 360 px phone: nothing is wider
/// than the screen (tables scroll inside their own region), and a coach
/// lands on the dashboard after logging in. On PostgreSQL (accounts).
#[cfg(feature = "postgres")]
#[test]
fn every_coach_and_admin_page_fits_a_360_px_phone() {
    use common::pages::PASSWORD;
    use keel_web::accounts::ServerSettings;

    if !Path::new(CHROMEDRIVER).exists() || !Path::new(CHROMIUM).exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium or chromium-driver is missing, but CI is set: the browser test must run"
        );
        println!("skipped: chromium or chromium-driver is not installed");
        return;
    }
    let Some(schema) = common::pg::Schema::new("keel_web_phone", "coach_pages_fit") else {
        return;
    };
    let backend = schema.backend();
    let hash = keel_app::auth::hash_password(PASSWORD).unwrap();
    // The first account is the server's admin.
    backend.add_user("root", "athlete", &hash).unwrap();
    let cora = backend.add_user("cora", "coach", &hash).unwrap().id;
    // A long name, as people have, in every table and list.
    let long = "annabelle-maximiliane-vandersteenhoven";
    let ana = backend.add_user(long, "athlete", &hash).unwrap().id;
    let ben = backend.add_user("ben", "athlete", &hash).unwrap().id;
    common::onboard(&mut backend.store(ana));
    backend.invite(cora, ana).unwrap();
    backend.accept(ana, cora).unwrap();
    backend.invite(cora, ben).unwrap();

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let app = router(AppState::server(
        backend.clone(),
        ServerSettings::default(),
        Some(common::TODAY),
    ));
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let server = tokio::spawn(async move {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
            .await
        });
        let (_driver, port) = start_driver();
        let c = connect_at(port, &dir.path().join("chromium"), "500,800", Some(360)).await;
        let result =
            tokio::spawn(coach_pages(c.clone(), base, long.to_string(), axe_source())).await;
        let _ = c.close().await;
        server.abort();
        if let Err(failed) = result {
            std::panic::resume_unwind(failed.into_panic());
        }
    });
    drop(runtime);
    drop(backend);
    drop(schema);
}

#[cfg(feature = "postgres")]
async fn log_in(c: &Client, base: &str, name: &str) {
    c.delete_all_cookies().await.unwrap();
    c.goto(&format!("{base}/login")).await.unwrap();
    fill(c, "#name", name).await;
    fill(c, "#password", common::pages::PASSWORD).await;
    click_through(c, "form[action='/login'] button[type=submit]").await;
}

/// Fails when the page at `path` is wider than the 360 px screen.
#[cfg(feature = "postgres")]
async fn fits(c: &Client, base: &str, path: &str, shot_name: &str, axe: Option<&str>) {
    c.goto(&format!("{base}{path}")).await.unwrap();
    let widths = c
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth, \
             document.title, [...document.querySelectorAll('body *')] \
               .filter(e => e.getBoundingClientRect().right > 361 \
                 && !e.closest('.scroll')) \
               .slice(0, 6).map(e => e.tagName + '.' + e.className + ' ' \
                 + Math.round(e.getBoundingClientRect().right)).join(', ')]",
            vec![],
        )
        .await
        .unwrap();
    let (scroll, inner) = (widths[0].as_i64().unwrap(), widths[1].as_i64().unwrap());
    shot(c, shot_name).await;
    // A page wider than the phone also widens the layout viewport.
    assert!(
        inner == 360 && scroll <= inner,
        "{path} ({}) is wider than the phone: {scroll} (viewport {inner}); too wide: {}",
        widths[2],
        widths[3]
    );
    // axe-core (where installed) finds nothing on it either.
    if let Some(axe) = axe {
        c.execute(axe, vec![]).await.unwrap();
        let found = c
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 axe.run(document).then(r => done(r.violations.map(v => v.id + ': ' + \
                   v.nodes.map(n => n.target.join(' ')).join(', '))))\
                 .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .unwrap();
        let violations = found.as_array().cloned().unwrap_or_default();
        assert!(violations.is_empty(), "{path}: axe: {violations:?}");
    }
}

#[cfg(feature = "postgres")]
async fn coach_pages(client: Client, base: String, long: String, axe: Option<String>) {
    let c = &client;
    let axe = axe.as_deref();
    // The coach logs in and lands on the dashboard.
    log_in(c, &base, "cora").await;
    assert_eq!(c.current_url().await.unwrap().path(), "/coach");
    let dashboard = body_text(c).await;
    assert!(dashboard.contains("1 athlete;"), "{dashboard}");
    assert!(dashboard.contains("Invitations you sent"), "{dashboard}");
    fits(c, &base, "/coach", "coach-dashboard", axe).await;
    fits(
        c,
        &base,
        &format!("/coach/athlete/{long}"),
        "coach-athlete",
        axe,
    )
    .await;
    fits(c, &base, "/invitations", "coach-invitations", axe).await;
    fits(c, &base, "/settings/changes", "coach-changes", axe).await;
    // The admin's pages: the accounts list with its role forms, a delete
    // confirmation, and the dashboard an admin may open too.
    log_in(c, &base, "root").await;
    fits(c, &base, "/admin/users", "admin-users", axe).await;
    fits(
        c,
        &base,
        &format!("/admin/users/{long}/delete"),
        "admin-delete",
        axe,
    )
    .await;
    fits(c, &base, "/coach", "admin-dashboard", axe).await;
    // The athlete's invitations page and today's notice.
    log_in(c, &base, "ben").await;
    fits(c, &base, "/invitations", "athlete-invitations", axe).await;
}
