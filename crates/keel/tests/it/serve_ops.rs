//! `keel serve` as a service, on the real binary: SIGTERM finishes the
//! requests in flight and loses no acknowledged set; the probes; the
//! metrics on their own address only; JSON logs with the request id; the
//! configuration file and its precedence.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::Env;
use predicates::prelude::*;
use serde_json::Value;

/// The server as a child process, killed when dropped (unless it ended).
struct Served {
    child: Child,
    addr: String,
    /// The metrics address, when it printed one.
    metrics: Option<String>,
    /// Kept open: a closed pipe would end the server.
    _stdout: BufReader<ChildStdout>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    /// Sends SIGTERM and waits for the process to end; returns its stderr.
    fn terminate(&mut self) -> (std::process::ExitStatus, String) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(sent.success());
        let status = self.child.wait().unwrap();
        let mut stderr = String::new();
        if let Some(mut pipe) = self.child.stderr.take() {
            pipe.read_to_string(&mut stderr).unwrap();
        }
        (status, stderr)
    }
}

fn keel(env: &Env) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("keel"));
    cmd.env_remove("KEEL_DB")
        .env_remove("KEEL_TODAY")
        .env_remove("KEEL_DATABASE_URL")
        .env_remove("KEEL_USER")
        .env_remove("KEEL_BIND")
        .env_remove("KEEL_SECURE_COOKIES")
        .env_remove("KEEL_TRUSTED_PROXIES")
        .env_remove("KEEL_CONFIG")
        .env_remove("KEEL_METRICS_BIND")
        .env_remove("KEEL_LOG_FORMAT")
        .env_remove("KEEL_LOG")
        .env_remove("RUST_LOG")
        .args(["--date", "2026-03-02", "--db"])
        .arg(env.db());
    cmd
}

/// Starts `cmd` (a `keel serve`) and reads its banner.
fn start(mut cmd: Command, stderr: Stdio) -> Served {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("keel serve starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut addr = None;
    let mut metrics = None;
    loop {
        let mut line = String::new();
        assert!(stdout.read_line(&mut line).unwrap() > 0, "the banner ended");
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("Keel is running at http://") {
            addr = Some(rest.trim_end_matches('/').to_string());
        }
        if let Some(rest) = line.strip_prefix("Metrics at http://") {
            metrics = Some(rest.trim_end_matches("/metrics").to_string());
        }
        if line.starts_with("Press Ctrl-C") {
            break;
        }
    }
    Served {
        child,
        addr: addr.expect("the address line"),
        metrics,
        _stdout: stdout,
    }
}

fn serve(env: &Env, args: &[&str], stderr: Stdio) -> Served {
    let mut cmd = keel(env);
    cmd.args(["serve", "--bind", "127.0.0.1:0"]).args(args);
    start(cmd, stderr)
}

/// One HTTP/1.1 exchange: the status, the headers and the body; an error
/// when the server is gone.
fn exchange(
    addr: &str,
    method: &str,
    path: &str,
    headers: &str,
    body: &str,
) -> std::io::Result<(u16, String, String)> {
    let mut stream = TcpStream::connect(addr)?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{headers}\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )?;
    let mut reply = String::new();
    stream.read_to_string(&mut reply)?;
    let (head, body) = reply
        .split_once("\r\n\r\n")
        .ok_or_else(|| std::io::Error::other(format!("no reply: {reply:?}")))?;
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no status: {head:?}")))?;
    Ok((status, head.to_string(), body.to_string()))
}

fn get(addr: &str, path: &str) -> (u16, String, String) {
    exchange(addr, "GET", path, "", "").unwrap()
}

/// The ids of every set stored, read by the CLI.
fn stored_ids(env: &Env) -> Vec<i64> {
    let out = env.keel().args(["history", "--json"]).output().unwrap();
    assert!(out.status.success());
    let history: Value = serde_json::from_slice(&out.stdout).unwrap();
    history["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["sets"].as_array().unwrap().iter())
        .map(|set| set["id"].as_i64().unwrap())
        .collect()
}

#[test]
fn sigterm_finishes_requests_in_flight_and_loses_no_acknowledged_set() {
    let env = Env::new();
    env.onboard();
    let mut served = serve(&env, &[], Stdio::null());
    let acknowledged = Arc::new(Mutex::new(Vec::<i64>::new()));
    // Today's exercise being logged; a refusal (its sets are done) moves on.
    let slot = Arc::new(AtomicUsize::new(0));
    let (acked, first_acks) = mpsc::channel();
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let addr = served.addr.clone();
            let acknowledged = Arc::clone(&acknowledged);
            let slot = Arc::clone(&slot);
            let acked = acked.clone();
            std::thread::spawn(move || {
                loop {
                    let at = slot.load(Ordering::SeqCst);
                    if at > 12 {
                        return;
                    }
                    let body = format!(r#"{{"slot": {at}, "actual": 10, "rpe": 6}}"#);
                    let Ok((status, _, reply)) = exchange(
                        &addr,
                        "POST",
                        "/api/v1/sets",
                        "Content-Type: application/json\r\n",
                        &body,
                    ) else {
                        // The server has stopped taking connections.
                        return;
                    };
                    if status == 201 {
                        let reply: Value = serde_json::from_str(&reply).unwrap();
                        let id = reply["set"]["id"].as_i64().expect("the set's id");
                        acknowledged.lock().unwrap().push(id);
                        let _ = acked.send(());
                    } else {
                        let _ =
                            slot.compare_exchange(at, at + 1, Ordering::SeqCst, Ordering::SeqCst);
                    }
                }
            })
        })
        .collect();
    drop(acked);
    for _ in 0..3 {
        first_acks
            .recv_timeout(Duration::from_secs(60))
            .expect("sets are acknowledged before the signal");
    }
    // Sets are still being posted while the signal arrives.
    let (status, _) = served.terminate();
    for worker in workers {
        worker.join().unwrap();
    }
    assert!(
        status.success(),
        "keel serve exits 0 on SIGTERM: {status:?}"
    );
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() >= 3);
    let stored = stored_ids(&env);
    let lost: Vec<_> = acknowledged
        .iter()
        .filter(|id| !stored.contains(id))
        .collect();
    assert!(
        lost.is_empty(),
        "acknowledged but not stored: {lost:?}; stored {stored:?}"
    );
}

#[test]
fn probes_answer_publicly_and_metrics_only_on_their_own_address() {
    let env = Env::new();
    env.onboard();
    let mut served = serve(&env, &["--metrics-bind", "127.0.0.1:0"], Stdio::null());
    let (status, _, body) = get(&served.addr, "/healthz");
    assert_eq!((status, body.as_str()), (200, "ok\n"));
    let (status, _, body) = get(&served.addr, "/readyz");
    assert_eq!((status, body.as_str()), (200, "ready\n"));
    // Never on the public port.
    let (status, _, _) = get(&served.addr, "/metrics");
    assert_eq!(status, 404);

    let metrics = served.metrics.clone().expect("the metrics address");
    let (status, head, text) = get(&metrics, "/metrics");
    assert_eq!(status, 200, "{head}");
    assert!(
        head.to_lowercase().contains("content-type: text/plain"),
        "{head}"
    );
    for line in [
        "keel_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 1",
        "keel_http_requests_total{route=\"/readyz\",method=\"GET\",status=\"200\"} 1",
        "keel_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1",
        "keel_http_request_duration_seconds_count{route=\"/healthz\"} 1",
        "keel_http_errors_total 0",
        "keel_db_tasks_in_use 0",
    ] {
        assert!(text.contains(line), "{line} missing from\n{text}");
    }
    // Only the public port's requests are counted.
    assert!(!text.contains("route=\"/metrics\""), "{text}");
    // The metrics address is not the app.
    assert_eq!(get(&metrics, "/healthz").0, 404);
    let (status, _) = served.terminate();
    assert!(status.success());
}

#[test]
fn json_logs_carry_the_request_id() {
    let env = Env::new();
    env.onboard();
    let mut served = serve(&env, &["--log-format", "json"], Stdio::piped());
    let (status, head, _) = exchange(
        &served.addr,
        "GET",
        "/healthz",
        "X-Request-Id: probe-42\r\n",
        "",
    )
    .unwrap();
    assert_eq!(status, 200);
    assert!(
        head.to_lowercase().contains("x-request-id: probe-42"),
        "{head}"
    );
    // Without one, the server makes one up and says it.
    let (_, head, _) = get(&served.addr, "/readyz");
    let made = head
        .lines()
        .find_map(|l| {
            l.to_lowercase()
                .strip_prefix("x-request-id: ")
                .map(str::to_string)
        })
        .expect("a request id");
    let (status, stderr) = served.terminate();
    assert!(status.success());
    let events: Vec<Value> = stderr
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}")))
        .collect();
    let answered = |id: &str| {
        events
            .iter()
            .find(|e| e["span"]["request_id"] == id && e["fields"]["message"] == "answered")
    };
    let event = answered("probe-42").unwrap_or_else(|| panic!("{stderr}"));
    assert_eq!(event["fields"]["status"], 200);
    assert_eq!(event["fields"]["route"], "/healthz");
    assert_eq!(event["level"], "INFO");
    assert!(answered(&made).is_some(), "{made} in {stderr}");
    assert!(
        events.iter().any(|e| e["fields"]["message"] == "stopped"),
        "{stderr}"
    );
}

fn write_config(env: &Env, text: &str) -> std::path::PathBuf {
    let path = env.dir.path().join("keel.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn serve_config(env: &Env, config: &Path) -> Command {
    let mut cmd = keel(env);
    cmd.args(["serve", "--config"]).arg(config);
    cmd
}

#[test]
fn the_config_file_sets_options_that_flags_and_the_environment_override() {
    let env = Env::new();
    env.onboard();
    // The file's address would serve beyond this machine, which the SQLite
    // file refuses: serving at all proves the flag (or variable) won.
    let config = write_config(
        &env,
        "bind = \"0.0.0.0:7878\"\nmetrics-bind = \"127.0.0.1:0\"\n",
    );
    let refused = serve_config(&env, &config)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("0.0.0.0:7878 would serve beyond"),
        "{stderr}"
    );

    let mut by_flag = serve_config(&env, &config);
    by_flag.args(["--bind", "127.0.0.1:0"]);
    let served = start(by_flag, Stdio::null());
    // The file's other key applied.
    assert!(served.metrics.is_some());
    drop(served);

    let mut by_env = serve_config(&env, &config);
    by_env.env("KEEL_BIND", "127.0.0.1:0");
    let served = start(by_env, Stdio::null());
    assert!(served.metrics.is_some());
}

#[test]
fn an_unknown_config_key_is_refused_by_name() {
    let env = Env::new();
    let config = write_config(
        &env,
        "bind = \"127.0.0.1:0\"\nmetric-bind = \"127.0.0.1:0\"\n",
    );
    let mut cmd = assert_cmd::Command::from_std(serve_config(&env, &config));
    cmd.assert()
        .code(2)
        .stderr(predicate::str::contains("unknown field `metric-bind`"))
        .stderr(predicate::str::contains("keel.toml"));
    let missing = env.dir.path().join("missing.toml");
    let mut cmd = assert_cmd::Command::from_std(serve_config(&env, &missing));
    cmd.assert()
        .code(2)
        .stderr(predicate::str::contains("--config: cannot read"));
}

/// Two `keel serve` processes on one PostgreSQL schema behave as one.
#[cfg(feature = "postgres")]
mod two_processes {
    use super::*;

    fn server(env: &Env, url: &str) -> Served {
        let mut cmd = keel(env);
        cmd.env_remove("KEEL_DATABASE_URL")
            .env_remove("KEEL_USER")
            .args(["--database", url, "serve", "--bind", "127.0.0.1:0"]);
        start(cmd, Stdio::null())
    }

    /// The value of the `keel_session` cookie a reply sets.
    fn session_cookie(head: &str) -> String {
        head.lines()
            .find_map(|l| l.strip_prefix("set-cookie: keel_session="))
            .and_then(|rest| rest.split(';').next())
            .unwrap_or_else(|| panic!("no session cookie in {head}"))
            .to_string()
    }

    #[test]
    fn a_session_a_token_a_set_a_logout_and_a_lockout_work_across_processes() {
        let Some((_schema, env, url)) = common::pg::server("keel_two", "two_processes") else {
            return;
        };
        let hash = keel_app::auth::hash_password("correct horse battery").unwrap();
        _schema.backend().add_user("ana", "athlete", &hash).unwrap();
        let mut onboard = common::pg::keel(&env, &url, "ana", common::ONBOARD_ARGS);
        onboard.assert().success();
        let out = common::pg::keel(&env, &url, "ana", &["token", "create", "phone"])
            .output()
            .unwrap();
        assert!(out.status.success());
        let token = String::from_utf8(out.stdout).unwrap().trim().to_string();

        let one = server(&env, &url);
        let two = server(&env, &url);

        // Logged in through one, the browser session works on the other.
        let (status, head, _) = exchange(
            &one.addr,
            "POST",
            "/login",
            &format!(
                "Origin: http://{}\r\nContent-Type: application/x-www-form-urlencoded\r\n",
                one.addr
            ),
            "name=ana&password=correct+horse+battery",
        )
        .unwrap();
        assert_eq!(status, 303, "{head}");
        let cookie = session_cookie(&head);
        let with_cookie = format!("Cookie: keel_session={cookie}\r\n");
        let (status, head, _) = exchange(&two.addr, "GET", "/", &with_cookie, "").unwrap();
        assert_eq!(status, 200, "{head}");

        // A set logged with the token through one is on the other's next page.
        let bearer = format!("Authorization: Bearer {token}\r\nContent-Type: application/json\r\n");
        let (status, _, reply) = exchange(
            &one.addr,
            "POST",
            "/api/v1/sets",
            &bearer,
            r#"{"slot": 0, "actual": 10, "rpe": 6}"#,
        )
        .unwrap();
        assert_eq!(status, 201, "{reply}");
        let id = serde_json::from_str::<Value>(&reply).unwrap()["set"]["id"]
            .as_i64()
            .unwrap();
        let (status, _, listed) = exchange(&two.addr, "GET", "/api/v1/sets", &bearer, "").unwrap();
        assert_eq!(status, 200, "{listed}");
        let listed: Value = serde_json::from_str(&listed).unwrap();
        assert!(
            listed["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|set| set["id"] == id),
            "{listed}"
        );
        let (status, _, page) = exchange(&two.addr, "GET", "/history", &with_cookie, "").unwrap();
        assert_eq!(status, 200);
        assert!(page.contains(&format!("id=\"set-{id}\"")), "{page}");

        // Logged out through the other, the session is gone on both.
        let (status, head, _) = exchange(
            &two.addr,
            "POST",
            "/logout",
            &format!(
                "{with_cookie}Origin: http://{}\r\nContent-Type: application/x-www-form-urlencoded\r\n",
                two.addr
            ),
            "",
        )
        .unwrap();
        assert_eq!(status, 303, "{head}");
        for addr in [&one.addr, &two.addr] {
            let (status, head, _) = exchange(addr, "GET", "/", &with_cookie, "").unwrap();
            assert_eq!(status, 303, "{head}");
            assert!(head.contains("location: /login"), "{head}");
        }

        // Failed logins count across both: alternating, the fifth locks the
        // name, and then even the right password is refused on either.
        let login = |addr: &str, password: &str| {
            exchange(
                addr,
                "POST",
                "/login",
                &format!(
                    "Origin: http://{addr}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                ),
                &format!("name=ana&password={password}"),
            )
            .unwrap()
            .0
        };
        for attempt in 1..=5 {
            let addr = if attempt % 2 == 1 {
                &one.addr
            } else {
                &two.addr
            };
            let expected = if attempt < 5 { 401 } else { 429 };
            assert_eq!(
                login(addr, "wrong+password+here"),
                expected,
                "attempt {attempt}"
            );
        }
        assert_eq!(login(&one.addr, "correct+horse+battery"), 429);
        assert_eq!(login(&two.addr, "correct+horse+battery"), 429);
    }
}
