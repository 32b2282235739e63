//! `keel serve`: the real binary serving the browser pages over the CLI's
//! database; a set logged over HTTP shows in `keel history`; addresses
//! beyond this machine are refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use common::Env;
use predicates::prelude::*;

/// The server as a child process, killed when dropped.
struct Served {
    child: Child,
    addr: String,
    /// Kept open: the server prints more lines, and a closed pipe would end it.
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(env: &Env) -> Served {
    serve_with(env, &[], &[])
}

/// The server with its standard error (its log) sent to `stderr`.
fn serve_logging_to(env: &Env, stderr: Stdio) -> Served {
    launch(env, &[], &[], stderr)
}

/// The server with more `serve` flags and environment variables.
fn serve_with(env: &Env, flags: &[&str], vars: &[(&str, &str)]) -> Served {
    launch(env, flags, vars, Stdio::null())
}

fn launch(env: &Env, flags: &[&str], vars: &[(&str, &str)], stderr: Stdio) -> Served {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("keel"))
        .env_remove("KEEL_DB")
        .env_remove("KEEL_TODAY")
        .env_remove("KEEL_ALLOWED_HOSTS")
        .envs(vars.iter().copied())
        .args(["--date", "2026-03-02", "--db"])
        .arg(env.db())
        .args(["serve", "--bind", "127.0.0.1:0"])
        .args(flags)
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("keel serve starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut stdout = BufReader::new(stdout);
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let addr = first
        .trim()
        .strip_prefix("Keel is running at http://")
        .and_then(|rest| rest.strip_suffix('/'))
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
        .to_string();
    Served {
        child,
        addr,
        _stdout: stdout,
    }
}

/// One HTTP/1.1 exchange; returns the status and the whole reply.
fn http(addr: &str, method: &str, path: &str, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nConnection: close\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    let status = reply
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap();
    (status, reply)
}

/// The default value of the set page's field `id` (the target).
fn target(page: &str, id: &str) -> String {
    let from = page
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("the {id} field"));
    let rest = &page[from..];
    let value = rest.find("value=\"").expect("a default") + "value=\"".len();
    rest[value..].split('"').next().unwrap().to_string()
}

#[test]
fn a_set_logged_in_the_browser_shows_in_keel_history() {
    let env = Env::new();
    env.onboard();
    let served = serve(&env);
    let (status, today) = http(&served.addr, "GET", "/", "");
    assert_eq!(status, 200);
    assert!(today.contains("href=\"/session/0/1\""), "{today}");
    let (status, page) = http(&served.addr, "GET", "/session/0/1", "");
    assert_eq!(status, 200);
    // The first exercise (bird dog) is per side: a field for each side.
    let target = target(&page, "right");
    let left = target.parse::<u32>().unwrap() - 1;
    let form = format!("slot=0&set=1&right={target}&left={left}&rpe=8&pain=0&fault=rib-flare");
    let (status, reply) = http(&served.addr, "POST", "/session/log", &form);
    assert_eq!(status, 303, "{reply}");

    // While the server runs, the terminal sees the same database.
    env.keel()
        .arg("history")
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "set 1: right {target} s / left {left} s of {target} s, bodyweight, RPE 8, faults: \
             rib flare"
        )));
}

/// A server error (a stored profile that no longer reads) answers with a
/// request id, and `keel serve` prints a line on standard error with that
/// id and the cause, which the answer does not contain.
#[test]
fn a_server_error_is_printed_with_its_cause_under_the_answers_id() {
    let env = Env::new();
    env.onboard();
    rusqlite::Connection::open(env.db())
        .unwrap()
        .execute("UPDATE profile SET data = '\"not a profile\"'", [])
        .unwrap();
    let mut served = serve_logging_to(&env, Stdio::piped());
    let (status, reply) = http(&served.addr, "GET", "/api/v1/profile", "");
    assert_eq!(status, 500, "{reply}");
    assert!(!reply.contains("unreadable"), "{reply}");
    let id = reply
        .lines()
        .find_map(|line| line.strip_prefix("x-request-id: "))
        .expect("an X-Request-Id header")
        .trim()
        .to_string();
    assert!(
        reply.contains(&format!("\"request_id\":\"{id}\"")),
        "{reply}"
    );

    let mut stderr = served.child.stderr.take().expect("stderr");
    let _ = served.child.kill();
    let _ = served.child.wait();
    let mut log = String::new();
    stderr.read_to_string(&mut log).unwrap();
    let line = log
        .lines()
        .find(|line| line.contains(&id))
        .unwrap_or_else(|| panic!("no log line with {id}: {log}"));
    assert!(line.contains("/api/v1/profile"), "{line}");
    assert!(line.contains("stored data in profile"), "{line}");
    assert!(line.contains("unreadable"), "{line}");
}

#[test]
fn a_forged_post_writes_nothing() {
    let env = Env::new();
    env.onboard();
    let served = serve(&env);
    let mut stream = TcpStream::connect(&served.addr).unwrap();
    let body = "slot=0&set=1&actual=10&rpe=7&pain=0";
    write!(
        stream,
        "POST /session/log HTTP/1.1\r\nHost: {}\r\nOrigin: http://evil.example\r\nConnection: close\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        served.addr,
        body.len()
    )
    .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    assert!(reply.starts_with("HTTP/1.1 403"), "{reply}");
    env.keel()
        .arg("history")
        .assert()
        .success()
        .stdout(predicate::str::contains("Nothing logged"));
}

/// A GET with this `Host`; returns the status and the whole reply.
fn get_as_host(addr: &str, host: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    let status = reply
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap();
    (status, reply)
}

#[test]
fn only_its_own_host_names_are_answered() {
    let env = Env::new();
    env.onboard();
    // KEEL_ALLOWED_HOSTS is the flag's environment form.
    let served = serve_with(
        &env,
        &["--allowed-host", "keel.test"],
        &[("KEEL_ALLOWED_HOSTS", "phone.test,other.test")],
    );
    let port = served.addr.rsplit(':').next().unwrap().to_string();
    for host in [
        served.addr.clone(),
        format!("localhost:{port}"),
        format!("keel.test:{port}"),
    ] {
        assert_eq!(get_as_host(&served.addr, &host, "/").0, 200, "{host}");
    }
    let (status, reply) = get_as_host(&served.addr, &format!("evil.example:{port}"), "/");
    assert_eq!(status, 421, "{reply}");
    assert!(reply.contains("--allowed-host"), "{reply}");
    drop(served);
    let from_env = serve_with(
        &env,
        &[],
        &[("KEEL_ALLOWED_HOSTS", "phone.test,other.test")],
    );
    assert_eq!(get_as_host(&from_env.addr, "phone.test", "/").0, 200);
    assert_eq!(get_as_host(&from_env.addr, "other.test", "/").0, 200);
    assert_eq!(get_as_host(&from_env.addr, "keel.test", "/").0, 421);
}

#[test]
fn bad_limits_and_host_names_are_refused_before_serving() {
    let env = Env::new();
    for (flags, named) in [
        (
            &["--allowed-host", "http://keel.test/"][..],
            "--allowed-host",
        ),
        (&["--allowed-host", "keel.test:80"][..], "--allowed-host"),
        (
            &["--max-connections-per-address", "0"][..],
            "--max-connections-per-address",
        ),
        (&["--max-connections", "many"][..], "--max-connections"),
        (&["--header-timeout", "0"][..], "--header-timeout"),
        (&["--idle-timeout", "99999"][..], "--idle-timeout"),
    ] {
        env.keel()
            .args(["serve", "--bind", "127.0.0.1:0"])
            .args(flags)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(named));
    }
}

#[test]
fn serving_the_sqlite_file_beyond_this_machine_is_refused() {
    let env = Env::new();
    env.keel()
        .args(["serve", "--bind", "0.0.0.0:7878"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "would serve beyond this machine, and the SQLite file has no login",
        ));
    #[cfg(feature = "postgres")]
    env.keel()
        .args(["serve", "--bind", "0.0.0.0:7878"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("keel user add NAME"));
    assert!(!env.db().exists(), "refused before the database was opened");
    env.keel()
        .args(["serve", "--bind", "not-an-address"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--bind"));
}

/// Reads the first line of a server started beyond this machine and
/// returns it with the loopback address it answers on.
#[cfg(feature = "postgres")]
fn started_beyond(mut child: Child) -> (Served, String) {
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let port = first
        .trim()
        .strip_prefix("Keel is running at http://0.0.0.0:")
        .and_then(|rest| rest.strip_suffix('/'))
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
        .to_string();
    let served = Served {
        child,
        addr: String::new(),
        _stdout: stdout,
    };
    (served, format!("127.0.0.1:{port}"))
}

/// A household's SQLite file: beyond this machine once an account can
/// log in, and then every page asks for it.
#[cfg(feature = "postgres")]
#[test]
fn the_sqlite_file_is_served_beyond_this_machine_once_an_account_can_log_in() {
    let env = Env::new();
    env.onboard();
    let beyond = |env: &Env| {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("keel"));
        cmd.env_remove("KEEL_DB")
            .env_remove("KEEL_TODAY")
            .env_remove("KEEL_USER")
            .env_remove("KEEL_ALLOWED_HOSTS")
            .arg("--db")
            .arg(env.db())
            .args(["serve", "--bind", "0.0.0.0:0"]);
        cmd
    };
    let refused = beyond(&env).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("keel user add NAME"), "{stderr}");

    env.keel()
        .args(["user", "add", "ana", "--password-stdin"])
        .write_stdin("correct horse battery\n")
        .assert()
        .success();
    let child = beyond(&env)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("keel serve starts");
    let (served, addr) = started_beyond(child);

    // Every page needs a login; the right password gets a session, whose
    // pages are ana's: the file's data from before she had an account.
    let (status, reply) = http(&addr, "GET", "/", "");
    assert_eq!(status, 303, "{reply}");
    assert!(reply.contains("location: /login?next=/"), "{reply}");
    let (status, reply) = http(
        &addr,
        "POST",
        "/login",
        "name=ana&password=wrong+password+x",
    );
    assert_ne!(status, 303, "{reply}");
    let (status, reply) = http(
        &addr,
        "POST",
        "/login",
        "name=ana&password=correct+horse+battery",
    );
    assert_eq!(status, 303, "{reply}");
    let cookie = reply
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_string();
    let mut stream = TcpStream::connect(&addr).unwrap();
    write!(
        stream,
        "GET /plan HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut page = String::new();
    stream.read_to_string(&mut page).unwrap();
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(
        page.contains("Week 1"),
        "ana's plan, made before her account"
    );
    drop(served);
}

/// The coach server: `keel serve --database URL`.
#[cfg(feature = "postgres")]
mod coach_server {
    use super::*;
    use common::pg::Schema;

    fn keel_serve(url: &str, bind: &str) -> Command {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("keel"));
        cmd.env_remove("KEEL_DB")
            .env_remove("KEEL_TODAY")
            .env_remove("KEEL_DATABASE_URL")
            .env_remove("KEEL_USER")
            .args(["--database", url, "serve", "--bind", bind]);
        cmd
    }

    #[test]
    fn serving_beyond_this_machine_needs_an_account_that_can_log_in() {
        let Some(schema) = Schema::new("keel_cli_serve", "serve_bind") else {
            return;
        };
        let refused = keel_serve(&schema.url(), "0.0.0.0:0")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(refused.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(stderr.contains("no account that can log in"), "{stderr}");
        assert!(stderr.contains("keel user add"), "{stderr}");
        // A user made by --user (no password) cannot log in, so does not count.
        schema.backend().user("data-only").unwrap();
        let still = keel_serve(&schema.url(), "0.0.0.0:0")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert_eq!(still.code(), Some(2));

        let hash = keel_app::auth::hash_password("correct horse battery").unwrap();
        schema.backend().add_user("coach", "coach", &hash).unwrap();
        let mut child = keel_serve(&schema.url(), "0.0.0.0:0")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("keel serve starts");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        let served = Served {
            child,
            addr: String::new(),
            _stdout: stdout,
        };
        let port = first
            .trim()
            .strip_prefix("Keel is running at http://0.0.0.0:")
            .and_then(|rest| rest.strip_suffix('/'))
            .unwrap_or_else(|| panic!("unexpected first line {first:?}"));
        let addr = format!("127.0.0.1:{port}");

        // Every page needs a login; the right password gets a session.
        let (status, reply) = http(&addr, "GET", "/", "");
        assert_eq!(status, 303, "{reply}");
        assert!(reply.contains("location: /login?next=/"), "{reply}");
        let (status, reply) = http(
            &addr,
            "POST",
            "/login",
            "name=coach&password=correct+horse+battery",
        );
        assert_eq!(status, 303, "{reply}");
        assert!(reply.contains("set-cookie: keel_session="), "{reply}");
        drop(served);
    }
}
