//! The training pages over real HTTP: the app is spawned on 127.0.0.1:0
//! over a fresh SQLite file, driven with raw HTTP/1.1 requests, and the
//! store is read back from the same file to prove what was (not) written.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::net::SocketAddr;
use std::path::PathBuf;

use keel_store::{ProgramStatus, SqliteStore, Store};
use keel_web::AppState;
use tempfile::TempDir;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use common::wire::{Reply, parse, request_head};
use common::{TODAY, first_target, onboard, set_count};

struct Server {
    addr: SocketAddr,
    db: PathBuf,
    _dir: TempDir,
}

async fn spawn(onboarded: bool) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("keel.db");
    let mut store = SqliteStore::open(&db).unwrap();
    if onboarded {
        onboard(&mut store);
    }
    let app = keel_web::router(AppState::new(store, Some(TODAY)));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Server {
        addr,
        db,
        _dir: dir,
    }
}

impl Reply {
    fn location(&self) -> &str {
        self.header("location").unwrap_or("")
    }
}

impl Server {
    fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// One request over a fresh connection; `Connection: close` ends the reply.
    async fn send(&self, method: &str, path: &str, extra: &[(&str, &str)], body: &[u8]) -> Reply {
        let mut stream = TcpStream::connect(self.addr).await.unwrap();
        let head = request_head(method, path, self.addr, extra, body.len());
        stream.write_all(head.as_bytes()).await.unwrap();
        // The server may answer (413) and close before reading all of a big body.
        let _ = stream.write_all(body).await;
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw).await;
        parse(&raw)
    }

    async fn get(&self, path: &str) -> Reply {
        self.send("GET", path, &[], b"").await
    }

    /// A form post from this server's own page.
    async fn post(&self, path: &str, form: &[(&str, &str)]) -> Reply {
        let origin = self.origin();
        self.post_from(path, form, &origin).await
    }

    async fn post_from(&self, path: &str, form: &[(&str, &str)], origin: &str) -> Reply {
        let body = encode(form);
        self.send(
            "POST",
            path,
            &[
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Origin", origin),
            ],
            body.as_bytes(),
        )
        .await
    }

    fn store(&self) -> SqliteStore {
        SqliteStore::open(&self.db).unwrap()
    }

    fn sets(&self) -> usize {
        set_count(&self.store())
    }

    fn check_ins(&self) -> usize {
        self.store().check_ins().unwrap().len()
    }

    /// Today's first exercise's target (a number in its unit).
    fn first_target(&self) -> u32 {
        first_target(&self.store())
    }
}

fn encode(form: &[(&str, &str)]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                    (b as char).to_string()
                }
                b' ' => "+".to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    form.iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A clean log of set 1 of the first exercise at its target.
fn clean_set(target: &str) -> Vec<(&'static str, String)> {
    vec![
        ("slot", "0".into()),
        ("set", "1".into()),
        ("actual", target.into()),
        ("rpe", "7".into()),
        ("pain", "0".into()),
    ]
}

fn pairs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn without_a_profile_today_sends_to_onboarding() {
    let server = spawn(false).await;
    let reply = server.get("/").await;
    assert_eq!(reply.status, 303);
    assert_eq!(reply.location(), "/onboarding");
}

#[tokio::test]
async fn every_training_page_renders() {
    let server = spawn(true).await;
    let today = server.get("/").await;
    assert_eq!(today.status, 200, "{}", today.body);
    assert!(today.body.contains("Mon 2026-03-02"), "{}", today.body);
    assert!(today.body.contains("href=\"/session/0/1\""), "Start button");
    assert!(today.body.contains("Done today: 0 of"));
    assert!(today.body.contains("Cues:"));

    let set = server.get("/session/0/1").await;
    assert_eq!(set.status, 200, "{}", set.body);
    for expected in [
        "Set 1 of",
        "id=\"timer\"",
        "Log this set",
        // The first exercise (bird dog) is per side: a field for each side.
        "name=\"right\"",
        "name=\"left\"",
        "Sharp pain",
        "/assets/timer.js",
    ] {
        assert!(set.body.contains(expected), "missing {expected}");
    }
    // Any set but the next one moves on to the next one.
    let other = server.get("/session/0/3").await;
    assert_eq!(other.status, 303);
    assert_eq!(other.location(), "/session/0/1");

    let history = server.get("/history").await;
    assert_eq!(history.status, 200);
    assert!(history.body.contains("<h1>History</h1>"));

    let checkin = server.get("/checkin").await;
    assert_eq!(checkin.status, 200);
    for label in [
        "Sleep quality",
        "Fatigue",
        "Stress",
        "Muscle soreness",
        "1 (very, very good) to 7",
    ] {
        assert!(checkin.body.contains(label), "missing {label}");
    }

    let done = server.get("/session/done").await;
    assert_eq!(done.status, 200);
    assert!(done.body.contains("Session summary"));

    let js = server.get("/assets/timer.js").await;
    assert_eq!(js.status, 200);
    assert!(js.body.contains("wakeLock") && js.body.contains("AudioContext"));
}

#[tokio::test]
async fn a_set_logged_over_http_is_stored_once_and_the_session_moves_on() {
    let server = spawn(true).await;
    let target = server.first_target().to_string();
    let form = clean_set(&target);
    let reply = server.post("/session/log", &pairs(&form)).await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    assert_eq!(reply.location(), "/session/0/1/rest");
    assert_eq!(server.sets(), 1);

    // A second tap (or a resubmitted form) writes nothing more.
    let again = server.post("/session/log", &pairs(&form)).await;
    assert_eq!(again.status, 303);
    assert_eq!(server.sets(), 1);

    // A reload of the set page resumes at the next set, from the store.
    let reload = server.get("/session/0/1").await;
    assert_eq!(reload.status, 303);
    assert_eq!(reload.location(), "/session/0/2");
    let rest = server.get("/session/0/1/rest").await;
    assert_eq!(rest.status, 200);
    assert!(rest.body.contains("data-rest=") && rest.body.contains("href=\"/session/0/2\""));
    let today = server.get("/").await;
    assert!(today.body.contains("Done today: 1 of"), "{}", today.body);
    assert!(today.body.contains("Continue"));

    let history = server.get("/history").await;
    assert!(
        history.body.contains(&format!("{target} s of {target} s")),
        "{}",
        history.body
    );

    let stored = server.store().sessions(None, None).unwrap();
    let set = &stored[0].sets[0].logged;
    assert_eq!(set.set.rpe.map(|r| r.get()), Some(7));
    assert_eq!(set.set.actual.value().to_string(), target);
}

#[tokio::test]
async fn bad_set_values_get_a_422_naming_the_field_and_write_nothing() {
    let server = spawn(true).await;
    let target = server.first_target().to_string();
    let cases: [(&str, &str, &str); 5] = [
        ("rpe", "11", "Effort (RPE)"),
        ("actual", "", "Actual seconds"),
        ("actual", "-5", "Actual seconds"),
        ("actual", "ten", "whole number"),
        ("pain", "12", "Pain"),
    ];
    for (field, value, named) in cases {
        let mut form = clean_set(&target);
        for pair in form.iter_mut().filter(|(k, _)| *k == field) {
            pair.1 = value.to_string();
        }
        let reply = server.post("/session/log", &pairs(&form)).await;
        assert_eq!(reply.status, 422, "{field}={value}: {}", reply.body);
        assert!(
            reply.body.contains(named),
            "{field}={value} should name {named}: {}",
            reply.body
        );
        assert!(reply.body.contains("Nothing was changed"));
    }
    let clean = clean_set(&target);
    let unknown_fault = [pairs(&clean), vec![("fault", "wobble")]].concat();
    assert_eq!(
        server.post("/session/log", &unknown_fault).await.status,
        422
    );
    assert_eq!(server.sets(), 0);
}

#[tokio::test]
async fn forged_and_oversized_posts_are_refused() {
    let server = spawn(true).await;
    let target = server.first_target().to_string();
    let form = clean_set(&target);
    let forged = server
        .post_from("/session/log", &pairs(&form), "http://evil.example")
        .await;
    assert_eq!(forged.status, 403);
    let cross_site = server
        .send(
            "POST",
            "/checkin/readiness",
            &[
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Referer", "https://evil.example/page"),
            ],
            b"sleep=1&fatigue=1&stress=1&soreness=1",
        )
        .await;
    assert_eq!(cross_site.status, 403);
    let resume = server
        .post_from("/resume", &[("confirm", "yes")], "null")
        .await;
    assert_eq!(resume.status, 403);

    let mut huge = encode(&pairs(&form));
    huge.push_str("&note=");
    huge.push_str(&"x".repeat(100 * 1024));
    let origin = server.origin();
    let big = server
        .send(
            "POST",
            "/session/log",
            &[
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Origin", &origin),
            ],
            huge.as_bytes(),
        )
        .await;
    assert_eq!(big.status, 413);
    assert_eq!(server.sets(), 0);
    assert_eq!(server.check_ins(), 0);
}

#[tokio::test]
async fn pain_asks_the_screen_first_and_a_red_flag_halts_until_resumed() {
    let server = spawn(true).await;
    let target = server.first_target().to_string();
    let mut form = clean_set(&target);
    form[4].1 = "3".into();
    let screen = server.post("/session/log", &pairs(&form)).await;
    assert_eq!(screen.status, 200);
    assert!(screen.body.contains("Safety screen"));
    assert!(
        screen
            .body
            .contains("Does pain spread down your leg below the knee?")
    );
    assert_eq!(server.sets(), 0, "nothing is stored before the screen");

    let answered = [
        pairs(&form),
        vec![("screened", "yes"), ("flag", "numbness-or-tingling")],
    ]
    .concat();
    let halted = server.post("/session/log", &answered).await;
    assert_eq!(halted.status, 303);
    assert_eq!(halted.location(), "/");
    assert_eq!(server.sets(), 1);
    assert!(matches!(
        server.store().status().unwrap(),
        ProgramStatus::Halted { .. }
    ));
    let today = server.get("/").await;
    assert!(today.body.contains("STOP: one or more of your answers"));
    assert!(today.body.contains("action=\"/resume\""));
    // No more sets while halted.
    let mut next = clean_set(&target);
    next[1].1 = "2".into();
    assert_eq!(server.post("/session/log", &pairs(&next)).await.status, 422);

    let unconfirmed = server.post("/resume", &[("note", "ok")]).await;
    assert_eq!(unconfirmed.status, 422);
    assert!(matches!(
        server.store().status().unwrap(),
        ProgramStatus::Halted { .. }
    ));
    let resumed = server
        .post(
            "/resume",
            &[("confirm", "yes"), ("note", "cleared by my physio")],
        )
        .await;
    assert_eq!(resumed.status, 303);
    assert_eq!(server.store().status().unwrap(), ProgramStatus::Active);
}

#[tokio::test]
async fn sharp_pain_stops_the_exercise_with_why() {
    let server = spawn(true).await;
    let target = server.first_target().to_string();
    let clean = clean_set(&target);
    let form = [pairs(&clean), vec![("sharp", "yes"), ("screened", "yes")]].concat();
    let reply = server.post("/session/log", &form).await;
    assert_eq!(reply.status, 303);
    let rest = server.get(reply.location()).await;
    assert!(rest.body.contains("you felt sharp pain"), "{}", rest.body);
    assert!(rest.body.contains("remaining sets are skipped today"));
    assert!(
        rest.body.contains("href=\"/session/1/1\""),
        "the next exercise"
    );
    let skipped = server.get("/session/0/2").await;
    assert_eq!(skipped.location(), "/session/1/1");
}

#[tokio::test]
async fn check_ins_validate_and_write() {
    let server = spawn(true).await;
    let bad = server
        .post(
            "/checkin/readiness",
            &[
                ("sleep", "8"),
                ("fatigue", "1"),
                ("stress", "1"),
                ("soreness", "1"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Sleep quality"));
    let missing = server.post("/checkin/morning", &[("soreness", "2")]).await;
    assert_eq!(missing.status, 422);
    assert!(missing.body.contains("Back pain back to usual"));
    assert_eq!(server.check_ins(), 0);

    let good = server
        .post(
            "/checkin/readiness",
            &[
                ("sleep", "6"),
                ("fatigue", "6"),
                ("stress", "6"),
                ("soreness", "6"),
            ],
        )
        .await;
    assert_eq!(good.status, 303);
    assert_eq!(server.check_ins(), 1);
    let page = server.get(good.location()).await;
    assert!(page.body.contains("Readiness saved"), "{}", page.body);
    assert!(page.body.contains("Sum 24 of 28"));
    let today = server.get("/").await;
    assert!(
        today.body.contains("light activation session instead"),
        "{}",
        today.body
    );

    let morning = server
        .post(
            "/checkin/morning",
            &[
                ("pain_back_to_usual", "yes"),
                ("stiffness_back_to_usual", "no"),
                ("soreness", "2"),
            ],
        )
        .await;
    assert_eq!(morning.status, 303);
    assert_eq!(server.check_ins(), 2);
}

#[tokio::test]
async fn history_edits_and_deletes_through_the_journal() {
    let server = spawn(true).await;
    let target = server.first_target().to_string();
    server
        .post("/session/log", &pairs(&clean_set(&target)))
        .await;
    let id = server.store().sessions(None, None).unwrap()[0].sets[0].id;

    let page = server.get(&format!("/history/set/{id}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Correct set #"));
    assert_eq!(server.get("/history/set/9999").await.status, 404);

    let path = format!("/history/set/{id}");
    let bad = server
        .post(&path, &[("actual", &target), ("rpe", "11"), ("pain", "0")])
        .await;
    assert_eq!(bad.status, 422);
    let good = server
        .post(
            &path,
            &[
                ("actual", &target),
                ("rpe", "9"),
                ("pain", "0"),
                ("fault", "rib-flare"),
            ],
        )
        .await;
    assert_eq!(good.status, 303, "{}", good.body);
    let set = server.store().sessions(None, None).unwrap()[0].sets[0].clone();
    assert_eq!(set.logged.set.rpe.map(|r| r.get()), Some(9));
    assert_eq!(set.logged.set.faults.len(), 1);

    let confirm = server.get(&format!("/history/set/{id}/delete")).await;
    assert!(confirm.body.contains("Delete this set"));
    let unconfirmed = server.post(&format!("/history/set/{id}/delete"), &[]).await;
    assert_eq!(unconfirmed.status, 422);
    assert_eq!(server.sets(), 1);
    let deleted = server
        .post(&format!("/history/set/{id}/delete"), &[("confirm", "yes")])
        .await;
    assert_eq!(deleted.status, 303);
    assert_eq!(server.sets(), 0);
}

/// Deleting a whole day from the history page: its link, a confirmation
/// page naming what goes, a refusal without the confirmation (nothing
/// deleted), then the day gone; a day with nothing is 404.
#[tokio::test]
async fn history_deletes_a_whole_day_after_its_confirmation_page() {
    let server = spawn(true).await;
    let target = server.first_target().to_string();
    let reply = server
        .post("/session/log", &pairs(&clean_set(&target)))
        .await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    let date = server.store().sessions(None, None).unwrap()[0].date;
    let path = format!("/history/day/{date}/delete");
    let history = server.get("/history").await;
    assert!(history.body.contains(&path), "{}", history.body);

    let confirm = server.get(&path).await;
    assert_eq!(confirm.status, 200);
    assert!(confirm.body.contains("with its 1 set."), "{}", confirm.body);
    let unconfirmed = server.post(&path, &[]).await;
    assert_eq!(unconfirmed.status, 422);
    assert_eq!(server.sets(), 1);
    let deleted = server.post(&path, &[("confirm", "yes")]).await;
    assert_eq!(deleted.status, 303);
    assert!(server.store().sessions(None, None).unwrap().is_empty());
    assert_eq!(server.get(&path).await.status, 404);
}

#[tokio::test]
async fn the_session_summary_validates_and_writes() {
    let server = spawn(true).await;
    let target = server.first_target().to_string();
    server
        .post("/session/log", &pairs(&clean_set(&target)))
        .await;
    let bad = server
        .post("/session/summary", &[("minutes", "0"), ("session_rpe", "")])
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Session minutes"));
    let good = server
        .post(
            "/session/summary",
            &[("minutes", "35"), ("session_rpe", "6")],
        )
        .await;
    assert_eq!(good.status, 303);
    let session = &server.store().sessions(None, None).unwrap()[0];
    assert_eq!(session.minutes, Some(35));
    assert_eq!(session.session_rpe.map(|r| r.get()), Some(6));
}

#[tokio::test]
async fn a_second_summary_for_the_day_is_saved_only_as_a_replacement() {
    let server = spawn(true).await;
    let target = server.first_target().to_string();
    server
        .post("/session/log", &pairs(&clean_set(&target)))
        .await;
    let page = server.get("/session/done").await;
    assert!(
        !page.body.contains("Replace the earlier summary"),
        "{}",
        page.body
    );
    let first = [("minutes", "30"), ("session_rpe", "5")];
    assert_eq!(server.post("/session/summary", &first).await.status, 303);
    let stored = || {
        let session = &server.store().sessions(None, None).unwrap()[0];
        (session.minutes, session.session_rpe.map(|r| r.get()))
    };

    // The form now offers the choice.
    let page = server.get("/session/done").await;
    assert!(
        page.body
            .contains("already has a session summary (30 minutes, session RPE 5)"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains(r#"name="mode" value="replace""#),
        "{}",
        page.body
    );
    assert!(page.body.contains("Keep the earlier one"), "{}", page.body);

    // Without the choice, or with one it does not know: nothing is written.
    let second = [("minutes", "20"), ("session_rpe", "8")];
    let refused = server.post("/session/summary", &second).await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("Replace the earlier summary"),
        "{}",
        refused.body
    );
    let odd = [("minutes", "20"), ("session_rpe", "8"), ("mode", "merge")];
    assert_eq!(server.post("/session/summary", &odd).await.status, 422);
    assert_eq!(stored(), (Some(30), Some(5)));

    // A further session: kept beside the first, the loads add up.
    assert!(
        page.body.contains(r#"name="mode" value="add""#),
        "{}",
        page.body
    );
    let add = [("minutes", "20"), ("session_rpe", "8"), ("mode", "add")];
    assert_eq!(server.post("/session/summary", &add).await.status, 303);
    assert_eq!(stored(), (Some(30), Some(5)));
    let day = server.store().sessions(None, None).unwrap().remove(0);
    assert_eq!(day.load(), Some(30 * 5 + 20 * 8));

    let replace = [("minutes", "20"), ("session_rpe", "8"), ("mode", "replace")];
    assert_eq!(server.post("/session/summary", &replace).await.status, 303);
    assert_eq!(stored(), (Some(20), Some(8)));
}

/// Logs up to `limit` of today's sets, in order, so the pages show real content.
async fn logged_day(server: &Server, limit: usize) {
    for _ in 0..limit {
        let today = server.get("/").await;
        let Some(start) = today.body.find("href=\"/session/") else {
            return;
        };
        let href = &today.body[start + 6..];
        let href = &href[..href.find('"').unwrap()];
        let page = server.get(href).await;
        if page.status != 200 {
            return;
        }
        let parts: Vec<&str> = href.trim_start_matches("/session/").split('/').collect();
        if parts.len() != 2 {
            return;
        }
        let value = {
            // A per-side set's form has a field per side instead; the
            // side's default is the target too, and `actual` alone logs it.
            let at = ["actual", "right", "left"]
                .iter()
                .find_map(|id| page.body.find(&format!("id=\"{id}\"")))
                .unwrap();
            let rest = &page.body[at..];
            let v = rest.find("value=\"").unwrap() + 7;
            rest[v..].split('"').next().unwrap().to_string()
        };
        let form = [
            ("slot", parts[0]),
            ("set", parts[1]),
            ("actual", value.as_str()),
            ("rpe", "7"),
            ("pain", "0"),
        ];
        let reply = server.post("/session/log", &form).await;
        if reply.location() == "/session/done" {
            return;
        }
    }
}

#[tokio::test]
async fn pages_stay_under_100_kb() {
    let server = spawn(true).await;
    logged_day(&server, usize::MAX).await;
    assert!(server.sets() > 3, "a day's sets are logged");
    for path in [
        "/",
        "/history",
        "/checkin",
        "/session/done",
        "/assets/style.css",
        "/assets/timer.js",
    ] {
        let reply = server.get(path).await;
        assert_eq!(reply.status, 200, "{path}");
        assert!(
            reply.body.len() < 100 * 1024,
            "{path}: {} bytes",
            reply.body.len()
        );
    }
}

/// Latency over loopback: `cargo test -p keel-web --release --test server
/// -- --ignored --nocapture latency`. Prints p50/p99 per page for BENCHMARKS.md.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement, not a check; run in release"]
async fn latency() {
    let server = spawn(true).await;
    // Mid-session: some sets logged, the next set page and a rest page live.
    logged_day(&server, 5).await;
    let today = server.get("/").await;
    let set_page = today
        .body
        .find("href=\"/session/")
        .map(|at| {
            let rest = &today.body[at + 6..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .expect("a set still to do");
    let rest = "/session/0/1/rest";
    println!("sets logged: {}", server.sets());
    println!("| page | bytes | p50 | p99 |");
    println!("|---|---|---|---|");
    for path in [
        "/",
        set_page.as_str(),
        rest,
        "/session/done",
        "/history",
        "/checkin",
        "/assets/timer.js",
    ] {
        let mut times = Vec::new();
        let mut bytes = 0;
        for _ in 0..200 {
            let started = std::time::Instant::now();
            let reply = server.get(path).await;
            times.push(started.elapsed());
            assert_eq!(reply.status, 200, "{path}");
            bytes = reply.body.len();
        }
        times.sort();
        let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
        println!(
            "| {path} | {bytes} | {:.2} ms | {:.2} ms |",
            at(0.50).as_secs_f64() * 1000.0,
            at(0.99).as_secs_f64() * 1000.0
        );
    }
}

#[tokio::test]
async fn the_report_downloads_as_keel_report_writes_it() {
    let server = spawn(true).await;
    logged_day(&server, 3).await;
    assert!(server.sets() > 0);
    let reply = server.get("/report").await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        reply.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(
        reply.header("content-disposition"),
        Some("attachment; filename=\"keel-report-2026-03-02.html\"")
    );
    for heading in keel_io::report::SECTIONS {
        assert!(reply.body.contains(heading), "missing {heading}");
    }
    assert!(reply.body.contains("<svg"), "an inline chart");
    assert!(!reply.body.to_lowercase().contains("<script"));
    // The very document `keel report` renders from the same store.
    let store = server.store();
    let insight = keel_app::insight::gather(
        &store,
        TODAY,
        None,
        &keel_core::analytics::AnalyticsSettings::default(),
        &keel_app::insight::InsightSettings::default(),
    )
    .unwrap();
    let data = keel_app::report::gather(&store, &insight).unwrap();
    assert_eq!(reply.body, keel_io::report::render(&data));

    // The progress page links it and draws the report's charts.
    let progress = server.get("/progress").await;
    assert_eq!(progress.status, 200);
    assert!(progress.body.contains("href=\"/report\""));
    assert!(progress.body.contains("<svg class=\"chart\""));
    assert!(progress.body.contains("best hold per session"));
}

#[tokio::test]
async fn without_a_profile_the_report_and_progress_send_to_onboarding() {
    let server = spawn(false).await;
    for path in ["/report", "/progress"] {
        let reply = server.get(path).await;
        assert_eq!(reply.status, 303, "{path}");
        assert_eq!(reply.location(), "/onboarding", "{path}");
    }
}

#[tokio::test]
async fn the_outcomes_page_records_and_shows_the_trend() {
    let server = spawn(true).await;
    let page = server.get("/outcomes").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Nothing recorded yet."));
    assert!(page.body.contains("name=\"pain_rating\""));
    let reply = server
        .post(
            "/outcomes",
            &[
                ("pain_rating", "6"),
                ("activity_1", "sitting in the car"),
                ("rating_1", "3"),
            ],
        )
        .await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    assert_eq!(reply.location(), "/outcomes");
    let stored = server.store().outcomes().unwrap();
    assert_eq!(stored.len(), 2);
    let page = server.get("/outcomes").await;
    assert!(
        page.body.contains("Pain rating (NPRS, 0-10)"),
        "{}",
        page.body
    );
    // The activity named is offered again.
    assert!(page.body.contains("value=\"sitting in the car\""));

    // A named activity without a rating is refused; nothing is written.
    let reply = server
        .post(
            "/outcomes",
            &[("activity_2", "running"), ("pain_rating", "2")],
        )
        .await;
    assert!(reply.status >= 400, "{}", reply.status);
    assert!(reply.body.contains("activity 2"), "{}", reply.body);
    assert_eq!(server.store().outcomes().unwrap().len(), 2);

    // The report shows them.
    let report = server.get("/report").await;
    assert!(report.body.contains("Pain rating (NPRS, 0-10)"));
    assert!(report.body.contains("<main>"));
}

/// Installable: the manifest is JSON with the members a phone needs, its
/// icons are PNGs, the favicon is served and every page links them.
#[tokio::test]
async fn the_app_is_installable_with_a_manifest_icons_and_a_favicon() {
    let server = spawn(true).await;
    let reply = server.get("/assets/manifest.webmanifest").await;
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("content-type"),
        Some("application/manifest+json")
    );
    let manifest: serde_json::Value = serde_json::from_str(&reply.body).expect("JSON");
    for member in ["name", "short_name", "theme_color", "background_color"] {
        assert!(manifest[member].is_string(), "{member}: {manifest}");
    }
    assert_eq!(manifest["start_url"], "/");
    assert_eq!(manifest["display"], "standalone");
    let icons = manifest["icons"].as_array().expect("icons");
    for (size, purpose) in [
        ("192x192", "any"),
        ("512x512", "any"),
        ("512x512", "maskable"),
    ] {
        let icon = icons
            .iter()
            .find(|i| i["sizes"] == size && i["purpose"] == purpose)
            .unwrap_or_else(|| panic!("no {size} {purpose} icon"));
        let png = server.get(icon["src"].as_str().expect("src")).await;
        assert_eq!(png.status, 200, "{icon}");
        assert_eq!(png.header("content-type"), Some("image/png"));
        assert!(png.body.contains("PNG") && png.body.contains("IHDR"));
    }
    let favicon = server.get("/favicon.ico").await;
    assert_eq!(favicon.status, 200);
    assert_eq!(favicon.header("content-type"), Some("image/x-icon"));

    for path in [
        "/",
        "/session/0/1",
        "/history",
        "/checkin",
        "/plan",
        "/progress",
    ] {
        let page = server.get(path).await;
        assert_eq!(page.status, 200, "{path}");
        for link in [
            "<link rel=\"manifest\" href=\"/assets/manifest.webmanifest\">",
            "<meta name=\"theme-color\" content=\"#0b5cad\">",
            "<link rel=\"icon\" href=\"/favicon.ico\"",
        ] {
            assert!(page.body.contains(link), "{path} lacks {link}");
        }
    }
}

/// The service worker is served with the whole app as its scope, never
/// from a stale cache, and every page loads the script that registers it.
#[tokio::test]
async fn the_service_worker_claims_the_whole_app_and_every_page_registers_it() {
    let server = spawn(true).await;
    let sw = server.get("/assets/sw.js").await;
    assert_eq!(sw.status, 200);
    assert_eq!(sw.header("service-worker-allowed"), Some("/"));
    assert_eq!(sw.header("cache-control"), Some("no-cache"));
    assert!(
        sw.header("content-type")
            .is_some_and(|t| t.starts_with("text/javascript"))
    );
    assert!(sw.body.contains("addEventListener(\"fetch\""));
    let app = server.get("/assets/app.js").await;
    assert_eq!(app.status, 200);
    assert!(
        app.body
            .contains("serviceWorker.register(\"/assets/sw.js\"")
    );
    assert!(app.body.contains("indexedDB"));
    for path in ["/", "/session/0/1", "/history"] {
        let page = server.get(path).await;
        assert!(
            page.body
                .contains("<script src=\"/assets/app.js\" defer></script>"),
            "{path}"
        );
    }
}
