//! Keel in a real headless Chromium at phone size: onboarding through the
//! form, today's session, a timed hold, logging the set, the next decision
//! with its reason, the history and the progress page. Screenshots of the
//! today, timer and progress pages go to `target/screenshots/`. The timer
//! test records the cues, vibrations and wake lock through stubs injected
//! before each page's scripts (Chrome DevTools), with a faster clock.
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
use crate::common;

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

/// Fills the guided set's result: `#actual`, or each side's field on a
/// per-side set.
async fn fill_result(c: &Client, value: &str) {
    css(c, "#log").await;
    let script = format!(
        "let n = 0; for (const id of ['actual', 'right', 'left']) {{ \
         const field = document.getElementById(id); \
         if (field) {{ field.value = '{value}'; n += 1; }} }} return n;"
    );
    let filled = c.execute(&script, vec![]).await.unwrap();
    assert!(filled.as_u64().unwrap_or(0) > 0, "no result field to fill");
}

async fn fill(c: &Client, selector: &str, text: &str) {
    let input = css(c, selector).await;
    input.clear().await.unwrap();
    input.send_keys(text).await.unwrap();
}

/// `selector`'s element, once it has stood still for a few frames. A page
/// may scroll smoothly to its form (the timer's end does), and a click
/// taken mid-scroll lands where the button was, not where it is.
async fn steady(c: &Client, selector: &str) -> fantoccini::elements::Element {
    let element = css(c, selector).await;
    c.execute_async(
        "const [el, done] = [arguments[0], arguments[arguments.length - 1]]; \
         let last = null, same = 0, frames = 0; \
         const step = () => { \
           const r = el.getBoundingClientRect(); \
           const now = [r.x, r.y, r.width, r.height, scrollX, scrollY].join(); \
           same = now === last ? same + 1 : 0; last = now; \
           frames += 1; \
           if (same >= 3 || frames > 600) done(); else requestAnimationFrame(step); \
         }; \
         requestAnimationFrame(step);",
        vec![serde_json::to_value(&element).unwrap()],
    )
    .await
    .unwrap();
    element
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
    steady(c, selector).await.click().await.unwrap();
    // Generous: a loaded CI machine runs the browser beside other tests.
    let deadline = Instant::now() + Duration::from_secs(30);
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
        if Instant::now() >= deadline {
            let seen = c
                .execute(
                    "return location.href + ' | focus: ' + \
                     (document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : '') + \
                     ' | ' + document.body.innerText.slice(0, 600)",
                    vec![],
                )
                .await;
            panic!("{selector} did not lead to a new page; the page: {seen:?}");
        }
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

/// Short holds (the shortest the plan may prescribe, low test results so
/// the first holds start there) and onboarding through the form.
async fn onboard(c: &Client, base: &str) {
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
}

async fn flow(client: Client, base: String) {
    let c = &client;
    onboard(c, &base).await;

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

/// A Chrome DevTools Protocol command, sent through chromedriver.
#[derive(Debug)]
struct Cdp(&'static str, serde_json::Value);

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        let body = serde_json::json!({ "cmd": self.0, "params": self.1 });
        (axum::http::Method::POST, Some(body.to_string()))
    }
}

async fn cdp(c: &Client, cmd: &'static str, params: serde_json::Value) {
    c.issue_cmd(Cdp(cmd, params))
        .await
        .unwrap_or_else(|e| panic!("{cmd}: {e}"));
}

/// Put before every page's own scripts: records each tone (by pitch), each
/// vibration pattern, the audio unlock and the screen wake lock into
/// `window.keelRec`, and runs `Date.now` ten times faster (from one origin
/// kept across reloads) so the holds and the rest pass quickly.
const RECORDER: &str = r#"(function () {
  var rec = [];
  window.keelRec = rec;
  try {
    var real = Date.now.bind(Date);
    var t0 = Number(sessionStorage.getItem("keel-test-t0")) || real();
    sessionStorage.setItem("keel-test-t0", String(t0));
    Date.now = function () { return t0 + (real() - t0) * 10; };
  } catch (e) {}
  function Ctx() { this.state = "suspended"; this.currentTime = 0; this.destination = {}; }
  Ctx.prototype.resume = function () {
    if (this.state !== "running") rec.push("audio-unlocked");
    this.state = "running";
    return Promise.resolve();
  };
  Ctx.prototype.createOscillator = function () {
    var o = { frequency: { value: 0 }, connect: function (x) { return x; }, stop: function () {} };
    o.start = function () { rec.push("tone:" + o.frequency.value); };
    return o;
  };
  Ctx.prototype.createGain = function () {
    return { gain: { setValueAtTime: function () {}, exponentialRampToValueAtTime: function () {} },
             connect: function (x) { return x; } };
  };
  window.AudioContext = Ctx;
  window.webkitAudioContext = Ctx;
  Object.defineProperty(Navigator.prototype, "vibrate", { configurable: true,
    value: function (p) { rec.push("vibrate:" + JSON.stringify(p)); return true; } });
  var sentinel = { release: function () { rec.push("wake-release"); return Promise.resolve(); },
                   addEventListener: function () {} };
  Object.defineProperty(Navigator.prototype, "wakeLock", { configurable: true,
    get: function () { return { request: function () { rec.push("wake-lock"); return Promise.resolve(sentinel); } }; } });
})();"#;

async fn recorded(c: &Client) -> Vec<String> {
    let v = c
        .execute("return window.keelRec || []", vec![])
        .await
        .unwrap();
    serde_json::from_value(v).unwrap()
}

async fn clear_recorded(c: &Client) {
    c.execute("window.keelRec.length = 0", vec![])
        .await
        .unwrap();
}

/// The cues in the order they came, named by their vibration patterns,
/// each run of one cue counted once (the 3-2-1 ticks are one "tick").
fn cues_by_vibration(rec: &[String]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for r in rec {
        let name = match r.as_str() {
            "vibrate:60" => "tick",
            "vibrate:250" => "go",
            "vibrate:[150,100,150]" => "side-end",
            "vibrate:[400,150,400,150,400]" => "set-end",
            "vibrate:[200,100,200,100,200]" => "rest-end",
            _ => continue,
        };
        if out.last() != Some(&name) {
            out.push(name);
        }
    }
    out
}

/// The same, named by the first tone of each cue.
fn cues_by_tone(rec: &[String]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for r in rec {
        let name = match r.as_str() {
            "tone:660" => "tick",
            "tone:1320" => "go",
            "tone:440" => "side-end",
            "tone:523" => "set-end",
            "tone:880" => "rest-end",
            _ => continue,
        };
        if out.last() != Some(&name) {
            out.push(name);
        }
    }
    out
}

async fn attr(c: &Client, selector: &str, name: &str) -> Option<String> {
    css(c, selector).await.attr(name).await.unwrap()
}

/// Waits until the timer is in `phase` (`hold`, `work`, `done`, ...).
async fn wait_phase(c: &Client, phase: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if attr(c, "#timer", "data-phase").await.as_deref() == Some(phase) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the timer never reached {phase}: {:?}",
            recorded(c).await
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The seconds the timer's clock shows ("0:25" is 25).
async fn clock_seconds(c: &Client) -> u64 {
    let text = css(c, "#timer-clock").await.text().await.unwrap();
    let (m, s) = text.trim().split_once(':').expect("a m:ss clock");
    m.parse::<u64>().unwrap() * 60 + s.parse::<u64>().unwrap()
}

async fn phase_text(c: &Client) -> String {
    css(c, "#timer-phase").await.text().await.unwrap()
}

/// At each size the clock, the phase and the main button are on the first
/// screen, and every button and the menu are at least 44 x 44 px.
async fn fits_the_floor(c: &Client) {
    for (width, height, name) in [(740, 360, "landscape"), (360, 740, "portrait")] {
        cdp(
            c,
            "Emulation.setDeviceMetricsOverride",
            serde_json::json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": true}),
        )
        .await;
        let found = c
            .execute(
                "window.scrollTo(0, 0);\
                 const vw = innerWidth, vh = innerHeight, bad = [];\
                 for (const id of ['timer-clock', 'timer-phase', 'timer-start']) {\
                   const r = document.getElementById(id).getBoundingClientRect();\
                   if (r.height === 0 || r.top < 0 || r.left < 0 || r.bottom > vh || r.right > vw)\
                     bad.push(id + ' at ' + [r.left, r.top, r.right, r.bottom].join(','));\
                 }\
                 for (const el of document.querySelectorAll('button, a.button, summary, nav a')) {\
                   const r = el.getBoundingClientRect();\
                   if (r.width === 0 && r.height === 0) continue;\
                   if (r.width < 44 || r.height < 44)\
                     bad.push(el.textContent.trim() + ' is ' + r.width + 'x' + r.height);\
                 }\
                 return [vw, vh, bad];",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(found[0], width, "{name} width");
        assert_eq!(found[1], height, "{name} height");
        assert_eq!(found[2], serde_json::json!([]), "{name} {width}x{height}");
        shot(c, &format!("set-{name}")).await;
    }
}

/// Onboarded on Monday 2 March 2026 with middling test results.
fn onboarded_on_monday(store: &mut SqliteStore) {
    use keel_app::enrol::{Onboarding, onboard};
    use keel_core::assessment::{AssessmentInput, EnduranceHolds};
    use keel_core::measure::Seconds;
    use keel_core::redflag::Screen;

    let monday = date(2026, 3, 2);
    let s = |v: i64| Some(Seconds::new(v).unwrap());
    onboard(
        store,
        monday,
        Onboarding {
            profile: keel_app::profile::starting_profile(),
            screen: Screen::clear(),
            tests: AssessmentInput {
                date: monday,
                holds: EnduranceHolds {
                    extensor: s(60),
                    flexor: s(50),
                    side_bridge_right: s(40),
                    side_bridge_left: s(40),
                    prone_plank: s(50),
                },
                movement: Default::default(),
                mobility: Default::default(),
                pain_now: None,
            },
            start_over: false,
            outcomes: vec![],
        },
    )
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_timer_cues_each_side_stays_awake_resumes_and_fits_the_floor() {
    if !Path::new(CHROMEDRIVER).exists() || !Path::new(CHROMIUM).exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium or chromium-driver is missing, but CI is set: the browser test must run"
        );
        println!("skipped: chromium or chromium-driver is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(&dir.path().join("keel.db")).unwrap();
    onboarded_on_monday(&mut store);
    // Wednesday's session B: per-side reps (kickstand RDL, single-leg glute
    // bridge), then per-side side-bridge holds.
    let app = router(AppState::new(store, Some(date(2026, 3, 4))));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move { axum::serve(listener, app).await });

    let (_driver, port) = start_driver();
    let c = connect(port, &dir.path().join("chromium")).await;
    let result = tokio::spawn(timer_flow(c.clone(), base)).await;
    let _ = c.close().await;
    server.abort();
    if let Err(failed) = result {
        std::panic::resume_unwind(failed.into_panic());
    }
}

async fn timer_flow(client: Client, base: String) {
    let c = &client;
    cdp(
        c,
        "Page.addScriptToEvaluateOnNewDocument",
        serde_json::json!({ "source": RECORDER }),
    )
    .await;
    c.goto(&base).await.unwrap();
    click_through(c, "a.button.big[href^='/session/']").await;
    fits_the_floor(c).await;
    // The folded menu and the timer pass axe-core too.
    match axe_source() {
        Some(axe) => {
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
            assert_eq!(found, serde_json::json!([]), "axe on the set page");
        }
        None => assert!(
            std::env::var_os("CI").is_none(),
            "CI needs axe-core (npm install --prefix target/test-js axe-core@4.11.0)"
        ),
    }

    let (mut reps_per_side, mut hold_per_side, mut reloaded) = (false, false, false);
    let mut seen = Vec::new();
    for _ in 0..60 {
        if reps_per_side && hold_per_side && reloaded {
            break;
        }
        let Ok(timer) = c.find(Locator::Css("#timer[data-ready]")).await else {
            break;
        };
        let sides = timer.attr("data-sides").await.unwrap().unwrap_or_default();
        let hold = timer.attr("data-hold").await.unwrap();
        let h1 = css(c, "main h1").await.text().await.unwrap();
        seen.push(format!("{h1} [{sides}] hold {hold:?}"));
        let per_side = sides.contains(',');
        let mut watch_rest = false;
        if per_side && hold.is_none() && !reps_per_side {
            // A per-side rep set: each side gets its get-ready and its GO.
            clear_recorded(c).await;
            css(c, "#timer-start").await.click().await.unwrap();
            wait_phase(c, "work").await;
            let right = phase_text(c).await;
            assert!(right.starts_with("GO - right side"), "{right}");
            assert_eq!(
                css(c, "#timer-start").await.text().await.unwrap(),
                "Next side"
            );
            css(c, "#timer-start").await.click().await.unwrap();
            wait_phase(c, "done").await;
            let left = phase_text(c).await;
            assert!(left.starts_with("GO - left side"), "{left}");
            let rec = recorded(c).await;
            assert_eq!(
                cues_by_vibration(&rec),
                ["tick", "go", "tick", "go"],
                "{rec:?}"
            );
            assert_eq!(cues_by_tone(&rec), ["tick", "go", "tick", "go"], "{rec:?}");
            // The first tap unlocked the audio before any cue sounded.
            let unlocked = rec.iter().position(|r| r == "audio-unlocked");
            let first_tone = rec.iter().position(|r| r.starts_with("tone:"));
            assert!(unlocked.is_some() && unlocked < first_tone, "{rec:?}");
            reps_per_side = true;
        } else if per_side && hold.is_some() && !hold_per_side {
            // A per-side hold: the side's end and the set's end each have
            // their own cue; the screen stays awake past GO and the end.
            clear_recorded(c).await;
            css(c, "#timer-start").await.click().await.unwrap();
            wait_phase(c, "done").await;
            let rec = recorded(c).await;
            let order = ["tick", "go", "side-end", "tick", "go", "set-end"];
            assert_eq!(cues_by_vibration(&rec), order, "{rec:?}");
            assert_eq!(cues_by_tone(&rec), order, "{rec:?}");
            let wake: Vec<_> = rec.iter().filter(|r| r.starts_with("wake-")).collect();
            assert_eq!(
                wake,
                ["wake-lock"],
                "held from Start, never let go: {rec:?}"
            );
            hold_per_side = true;
            watch_rest = true;
        } else if hold.is_some() && !reloaded {
            // A reload mid-hold resumes the running clock.
            css(c, "#timer-start").await.click().await.unwrap();
            wait_phase(c, "hold").await;
            c.refresh().await.unwrap();
            let phase = attr(c, "#timer", "data-phase").await;
            assert!(
                matches!(phase.as_deref(), Some("hold" | "ready" | "done")),
                "after a reload the timer runs on, not waits: {phase:?}"
            );
            let text = phase_text(c).await;
            assert!(!text.contains("press Start"), "{text}");
            // It runs to its end without another tap.
            wait_phase(c, "done").await;
            reloaded = true;
        }
        click_through(c, "#log button[type=submit]").await;
        if watch_rest {
            // The rest holds the screen awake from its start.
            let rec = recorded(c).await;
            let wake: Vec<_> = rec.iter().filter(|r| r.starts_with("wake-")).collect();
            assert_eq!(wake, ["wake-lock"], "{rec:?}");
            // A reload mid-rest goes on with the rest, not from its start.
            let rest: u64 = attr(c, "#timer", "data-rest")
                .await
                .unwrap()
                .parse()
                .unwrap();
            let before = loop {
                let left = clock_seconds(c).await;
                if left <= rest / 2 {
                    break left;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            };
            c.refresh().await.unwrap();
            let after = clock_seconds(c).await;
            assert!(
                after <= before,
                "the rest restarted: {after} s left after {before} s"
            );
            // It holds the screen awake until it ends, then lets go.
            wait_phase(c, "done").await;
            let rec = recorded(c).await;
            let wake: Vec<_> = rec
                .iter()
                .filter(|r| r.starts_with("wake-") || r.as_str() == "vibrate:[200,100,200,100,200]")
                .map(String::as_str)
                .collect();
            assert_eq!(
                wake,
                ["wake-lock", "vibrate:[200,100,200,100,200]", "wake-release"],
                "{rec:?}"
            );
        }
        if c.find(Locator::Css("#next")).await.is_err() {
            break;
        }
        click_through(c, "#next").await;
    }
    assert!(
        reps_per_side && hold_per_side && reloaded,
        "today's session lacks a kind of set: per-side reps {reps_per_side}, \
         per-side hold {hold_per_side}, a hold {reloaded}; sets seen: {seen:?}"
    );
}

/// Installable and offline: the service worker controls the page after a
/// reload; with the network cut after the first set, the next set is kept
/// on the phone (a second tap is the same set), and when the connection
/// returns it reaches the server once, after the first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_sets_wait_on_the_phone_and_reach_the_server_once_in_order() {
    if !Path::new(CHROMEDRIVER).exists() || !Path::new(CHROMIUM).exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium or chromium-driver is missing, but CI is set: the browser test must run"
        );
        println!("skipped: chromium or chromium-driver is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("keel.db");
    let mut store = SqliteStore::open(&db).unwrap();
    onboarded_on_monday(&mut store);
    let state = AppState::new(store, Some(date(2026, 3, 2)));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let base = format!("http://{addr}");
    let mut server = Switch {
        addr,
        state,
        running: None,
    };
    server.up(listener);

    let (_driver, port) = start_driver();
    let c = connect(port, &dir.path().join("chromium")).await;
    let result = tokio::spawn(offline_flow(c.clone(), base, server)).await;
    let _ = c.close().await;
    if let Err(failed) = result {
        std::panic::resume_unwind(failed.into_panic());
    }

    let store = SqliteStore::open(&db).unwrap();
    let sessions = store.sessions(None, None).unwrap();
    assert_eq!(sessions.len(), 1);
    let sets = &sessions[0].sets;
    let numbers: Vec<u32> = sets.iter().map(|s| s.number).collect();
    assert_eq!(numbers, [1, 2], "{sets:?}");
    assert!(format!("{:?}", sets[0].logged).contains("11"), "{sets:?}");
    assert!(format!("{:?}", sets[1].logged).contains("22"), "{sets:?}");
}

/// Polls `script` (a JS expression) until it is true.
async fn until(c: &Client, script: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let v = c.execute(&format!("return !!({script})"), vec![]).await;
        if matches!(v, Ok(serde_json::Value::Bool(true))) {
            return;
        }
        assert!(Instant::now() < deadline, "never: {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A server that can go away (its port closed, its connections ended, so
/// the service worker's own requests fail too) and come back on its port.
struct Switch {
    addr: std::net::SocketAddr,
    state: AppState,
    running: Option<(
        tokio::sync::oneshot::Sender<()>,
        tokio::task::JoinHandle<std::io::Result<()>>,
    )>,
}

impl Switch {
    fn up(&mut self, listener: tokio::net::TcpListener) {
        let app = router(self.state.clone());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
        });
        self.running = Some((stop, task));
    }

    async fn down(&mut self) {
        if let Some((stop, task)) = self.running.take() {
            let _ = stop.send(());
            let _ = task.await;
        }
    }

    async fn again(&mut self) {
        let listener = tokio::net::TcpListener::bind(self.addr).await.unwrap();
        self.up(listener);
    }
}

async fn offline_flow(client: Client, base: String, mut server: Switch) {
    let c = &client;
    c.goto(&base).await.unwrap();
    // Installable: the manifest is linked and the worker takes the page.
    let manifest = attr(c, "link[rel=manifest]", "href").await;
    assert_eq!(manifest.as_deref(), Some("/assets/manifest.webmanifest"));
    let ready = c
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             navigator.serviceWorker.ready.then(r => done(r.scope)).catch(e => done('failed: ' + e));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(ready, serde_json::json!(format!("{base}/")));
    c.refresh().await.unwrap();
    until(
        c,
        "navigator.serviceWorker.controller",
        "the worker controls the page",
    )
    .await;

    // The first set, online.
    click_through(c, "a.button.big[href^='/session/']").await;
    fill_result(c, "11").await;
    click_through(c, "#log button[type=submit]").await;
    assert!(body_text(c).await.contains("Saved set 1"));
    c.goto(&base).await.unwrap();
    click_through(c, "a.button.big[href^='/session/']").await;

    // The connection drops: the second set stays on the phone.
    cdp(c, "Network.enable", serde_json::json!({})).await;
    let offline = |on: bool| serde_json::json!({ "offline": on, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 });
    cdp(c, "Network.emulateNetworkConditions", offline(true)).await;
    server.down().await;
    // A set with pain is never kept for later: the red-flag questions
    // need the server.
    let pick = |value: &str| {
        format!(
            "document.querySelector('#log input[name=pain][value=\"{value}\"]').checked = true; \
             return true;"
        )
    };
    c.execute(&pick("3"), vec![]).await.unwrap();
    css(c, "#log button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    until(
        c,
        "((document.getElementById('offline-status') || {}).textContent || '')\
         .includes('this set was not saved')",
        "a set with pain is refused offline",
    )
    .await;
    c.execute(&pick("0"), vec![]).await.unwrap();
    fill_result(c, "22").await;
    for _ in 0..2 {
        css(c, "#log button[type=submit]")
            .await
            .click()
            .await
            .unwrap();
        until(
            c,
            "(document.getElementById('offline-status') || {}).textContent === \
             'Saved on this phone, not yet on the server (1)'",
            "the set is kept on the phone",
        )
        .await;
    }
    shot(c, "offline-saved").await;
    // Offline, today's page comes from the phone; a page never kept says so.
    let today_kept = format!("{base}/");
    c.goto(&today_kept).await.unwrap();
    assert!(body_text(c).await.contains("Done today: 1"));
    c.goto(&format!("{base}/history")).await.unwrap();
    let history = body_text(c).await;
    assert!(history.contains("No connection"), "{history}");
    c.goto(&today_kept).await.unwrap();
    click_through(c, "a.button.big[href^='/session/']").await;
    until(
        c,
        "(document.getElementById('offline-status') || {}).textContent === \
         'Saved on this phone, not yet on the server (1)'",
        "the kept set is still counted",
    )
    .await;

    // It returns: the queue goes out and the page moves on.
    server.again().await;
    cdp(c, "Network.emulateNetworkConditions", offline(false)).await;
    until(
        c,
        "!document.getElementById('offline-status') && document.readyState === 'complete' \
         && document.body.textContent.includes('Set 3')",
        "the queue is sent and the next set shown",
    )
    .await;
    server.down().await;
}

/// The workout screen at 360 x 740 and at 740 x 360, each on a fresh
/// Monday: the sets as rows, a tick with an RPE chip and a note, the rest
/// on the list with -15 s, +15 s and skip, undo of the last set, the guided
/// set one tap away and its rest skipped to the next set, and the session
/// clock filling the summary's minutes. Every page state fits the screen
/// (targets at least 44 x 44 px, nothing wider than it) and passes axe-core.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_workout_list_ticks_chips_undo_rest_and_the_session_clock_at_both_sizes() {
    if !Path::new(CHROMEDRIVER).exists() || !Path::new(CHROMIUM).exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium or chromium-driver is missing, but CI is set: the browser test must run"
        );
        println!("skipped: chromium or chromium-driver is not installed");
        return;
    }
    let axe = axe_source();
    assert!(
        axe.is_some() || std::env::var_os("CI").is_none(),
        "CI needs axe-core (npm install --prefix target/test-js axe-core@4.11.0)"
    );
    for (width, height) in [(360, 740), (740, 360)] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("keel.db");
        let mut store = SqliteStore::open(&db).unwrap();
        onboarded_on_monday(&mut store);
        let app = router(AppState::new(store, Some(date(2026, 3, 2))));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let server = tokio::spawn(async move { axum::serve(listener, app).await });
        let (_driver, port) = start_driver();
        let c = connect(port, &dir.path().join("chromium")).await;
        let size = (width, height);
        let result = tokio::spawn(workout_flow(c.clone(), base, size, axe.clone())).await;
        let _ = c.close().await;
        server.abort();
        if let Err(failed) = result {
            std::panic::resume_unwind(failed.into_panic());
        }

        // Undone once, then ticked on the list, then logged guided: two
        // sets, the first with the chip and the note; 25 minutes.
        let store = SqliteStore::open(&db).unwrap();
        let sessions = store.sessions(None, None).unwrap();
        assert_eq!(sessions.len(), 1);
        let sets = &sessions[0].sets;
        assert_eq!(sets.len(), 2, "{width}x{height}: {sets:?}");
        assert_eq!(sets[0].logged.set.rpe.map(|r| r.get()), Some(8));
        assert_eq!(sets[0].logged.set.note.as_deref(), Some("felt solid"));
        assert_eq!(sessions[0].minutes, Some(25), "{width}x{height}");
    }
}

/// The page at the emulated size: nothing wider than the screen, every
/// visible button, link-button, summary and chip at least 44 x 44 px, and
/// no axe-core violation.
async fn fits_the_phone(c: &Client, what: &str, axe: Option<&str>) {
    let found = c
        .execute(
            "const bad = [];\
             if (document.documentElement.scrollWidth > innerWidth)\
               bad.push('page is ' + document.documentElement.scrollWidth + ' px wide');\
             for (const el of document.querySelectorAll('button, a.button, summary, label.chip span')) {\
               const r = el.getBoundingClientRect();\
               if (r.width === 0 && r.height === 0) continue;\
               if (r.width < 44 || r.height < 44)\
                 bad.push(el.textContent.trim() + ' is ' + r.width + 'x' + r.height);\
             }\
             return bad;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(found, serde_json::json!([]), "{what}");
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
        assert_eq!(found, serde_json::json!([]), "axe on {what}");
    }
    shot(c, &format!("workout-{}", what.replace(' ', "-"))).await;
}

async fn js(c: &Client, script: &str) -> serde_json::Value {
    c.execute(script, vec![]).await.unwrap()
}

async fn workout_flow(client: Client, base: String, size: (u32, u32), axe: Option<String>) {
    let c = &client;
    let axe = axe.as_deref();
    let (width, height) = size;
    cdp(
        c,
        "Emulation.setDeviceMetricsOverride",
        serde_json::json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": true}),
    )
    .await;
    let at = |what: &str| format!("{what} {width}x{height}");

    // Today links to the list; the list starts the session clock.
    c.goto(&base).await.unwrap();
    click_through(c, "a.button[href='/session']").await;
    until(
        c,
        "!document.getElementById('elapsed').hidden && \
         /^\\d+:\\d\\d$/.test(document.getElementById('elapsed-clock').textContent)",
        "the session clock runs",
    )
    .await;
    // The first exercise's next set: effort and pain as chips, a note.
    css(c, "#slot-0 details.more summary")
        .await
        .click()
        .await
        .unwrap();
    fits_the_phone(c, &at("list"), axe).await;
    c.find(Locator::XPath(
        "//li[@id='slot-0']//label[input[@name='rpe' and @value='8']]",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    let rpe = js(
        c,
        "return document.querySelector('#slot-0 input[name=rpe]:checked').value",
    )
    .await;
    assert_eq!(rpe, "8", "one tap on a chip picks it");
    fill(c, "#note-0", "felt solid").await;
    click_through(c, "#slot-0 form.tick button[type=submit]").await;

    // Ticked: the row says what was done, the rest runs at the top.
    let row = css(c, "#slot-0 li.done").await.text().await.unwrap();
    assert!(
        row.contains("RPE 8") && row.contains("note: felt solid"),
        "{row}"
    );
    until(
        c,
        "document.getElementById('timer').getAttribute('data-phase') === 'rest' && \
         !document.getElementById('rest-plus').hidden",
        "the rest runs on the list",
    )
    .await;
    fits_the_phone(c, &at("list resting"), axe).await;
    let before = clock_seconds(c).await;
    css(c, "#rest-plus").await.click().await.unwrap();
    let longer = clock_seconds(c).await;
    assert!(longer >= before + 10, "+15 s: {before} s, then {longer} s");
    css(c, "#rest-minus").await.click().await.unwrap();
    let shorter = clock_seconds(c).await;
    assert!(
        shorter + 10 <= longer && shorter <= before,
        "-15 s: {longer} s, then {shorter} s"
    );
    css(c, "#rest-skip").await.click().await.unwrap();
    wait_phase(c, "done").await;
    assert!(phase_text(c).await.contains("skipped"));

    // Undo the last set: the row is to do again.
    click_through(c, "form.undo button[type=submit]").await;
    assert!(c.find(Locator::Css("#slot-0 li.done")).await.is_err());
    assert!(c.find(Locator::Css("form.undo")).await.is_err());

    // Ticked again (the chip and note again), then the guided set, one tap.
    css(c, "#slot-0 details.more summary")
        .await
        .click()
        .await
        .unwrap();
    c.find(Locator::XPath(
        "//li[@id='slot-0']//label[input[@name='rpe' and @value='8']]",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    fill(c, "#note-0", "felt solid").await;
    click_through(c, "#slot-0 form.tick button[type=submit]").await;
    click_through(c, "#next").await;
    let step = css(c, "main .step").await.text().await.unwrap();
    assert!(step.contains("Set 2 of"), "{step}");
    fits_the_phone(c, &at("set"), axe).await;
    click_through(c, "#log button[type=submit]").await;
    until(
        c,
        "location.pathname.endsWith('/rest') && !document.getElementById('rest-skip').hidden",
        "the rest page with its controls",
    )
    .await;
    fits_the_phone(c, &at("rest"), axe).await;
    // Skip on the guided rest goes on to the next set.
    let skip_to = attr(c, "#timer", "data-skip-to").await.unwrap();
    click_through(c, "#rest-skip").await;
    let path = js(c, "return location.pathname").await;
    assert_eq!(path, serde_json::json!(skip_to));

    // The session clock, started 25 minutes ago, fills the summary.
    js(
        c,
        "localStorage.setItem('keel-session-start', \
         JSON.stringify({day: '2026-03-02', start: Date.now() - 25 * 60000})); return true;",
    )
    .await;
    c.goto(&format!("{base}/session/done")).await.unwrap();
    until(
        c,
        "document.getElementById('minutes').value === '25'",
        "the minutes come from the session clock",
    )
    .await;
    let why = css(c, "#minutes-from").await.text().await.unwrap();
    assert_eq!(why, "From the session clock.");
    fits_the_phone(c, &at("summary"), axe).await;
    click_through(c, "#summary button[type=submit]").await;
    // Saved: the clock is done with.
    let kept = js(c, "return localStorage.getItem('keel-session-start')").await;
    assert_eq!(kept, serde_json::Value::Null);
}

/// Offline on the list: a ticked row is kept on the phone with its key, the
/// form moves to that exercise's next row, a second row is kept after it,
/// and when the connection returns both reach the server once, in order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_ticks_on_the_list_wait_on_the_phone_and_arrive_in_order() {
    if !Path::new(CHROMEDRIVER).exists() || !Path::new(CHROMIUM).exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium or chromium-driver is missing, but CI is set: the browser test must run"
        );
        println!("skipped: chromium or chromium-driver is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("keel.db");
    let mut store = SqliteStore::open(&db).unwrap();
    onboarded_on_monday(&mut store);
    let state = AppState::new(store, Some(date(2026, 3, 2)));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let base = format!("http://{addr}");
    let mut server = Switch {
        addr,
        state,
        running: None,
    };
    server.up(listener);

    let (_driver, port) = start_driver();
    let c = connect(port, &dir.path().join("chromium")).await;
    let result = tokio::spawn(offline_list_flow(c.clone(), base, server, axe_source())).await;
    let _ = c.close().await;
    if let Err(failed) = result {
        std::panic::resume_unwind(failed.into_panic());
    }

    let store = SqliteStore::open(&db).unwrap();
    let sessions = store.sessions(None, None).unwrap();
    assert_eq!(sessions.len(), 1);
    let sets = &sessions[0].sets;
    let got: Vec<(u32, u32)> = sets
        .iter()
        .map(|s| (s.number, s.logged.set.actual.value()))
        .collect();
    assert_eq!(got, [(1, 11), (2, 12)], "{sets:?}");
}

async fn offline_list_flow(client: Client, base: String, mut server: Switch, axe: Option<String>) {
    let c = &client;
    c.goto(&base).await.unwrap();
    let ready = c
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             navigator.serviceWorker.ready.then(r => done(r.scope)).catch(e => done('failed: ' + e));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(ready, serde_json::json!(format!("{base}/")));
    c.refresh().await.unwrap();
    until(
        c,
        "navigator.serviceWorker.controller",
        "the worker controls the page",
    )
    .await;
    click_through(c, "a.button[href='/session']").await;

    // The connection drops: ticks stay on the phone, one row after another.
    cdp(c, "Network.enable", serde_json::json!({})).await;
    let offline = |on: bool| serde_json::json!({ "offline": on, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 });
    cdp(c, "Network.emulateNetworkConditions", offline(true)).await;
    server.down().await;
    for (n, actual) in [(1, "11"), (2, "12")] {
        fill(c, "#actual-0", actual).await;
        css(c, "#slot-0 form.tick button[type=submit]")
            .await
            .click()
            .await
            .unwrap();
        until(
            c,
            &format!(
                "(document.getElementById('offline-status') || {{}}).textContent === \
                 'Saved on this phone, not yet on the server ({n})'"
            ),
            "the tick is kept on the phone",
        )
        .await;
        let queued = js(
            c,
            "return Array.from(document.querySelectorAll('#slot-0 li.queued'), li => li.textContent)",
        )
        .await;
        assert_eq!(
            queued.as_array().map(Vec::len),
            Some(n),
            "rows kept: {queued}"
        );
        assert!(
            queued.to_string().contains("saved on this phone"),
            "{queued}"
        );
        // The form moved on to the exercise's next set, with a new key.
        let set = js(
            c,
            "return document.querySelector('#slot-0 li.next input[name=set]').value",
        )
        .await;
        assert_eq!(set, serde_json::json!((n + 1).to_string()));
    }
    let keys = js(
        c,
        "return new Promise(done => { const r = indexedDB.open('keel-offline', 1); \
         r.onsuccess = () => { const q = r.result.transaction('sets').objectStore('sets').getAll(); \
         q.onsuccess = () => done(q.result.map(e => e.key)); }; })",
    )
    .await;
    let keys = keys.as_array().unwrap();
    assert_eq!(keys.len(), 2, "{keys:?}");
    assert_ne!(keys[0], keys[1], "each kept set has its own key");
    fits_the_phone(c, "list offline", axe.as_deref()).await;

    // It returns: both go out in order and the list shows them done.
    server.again().await;
    cdp(c, "Network.emulateNetworkConditions", offline(false)).await;
    until(
        c,
        "!document.getElementById('offline-status') && document.readyState === 'complete' \
         && document.querySelectorAll('#slot-0 li.done').length === 2",
        "the queue is sent and the list shows both sets done",
    )
    .await;
    server.down().await;
}
