//! `keel migrate-data` and `--database`: a history logged into SQLite reads
//! back the same from PostgreSQL, and a user who already has data is refused.
//! Needs KEEL_TEST_POSTGRES_URL; each test uses its own schema, dropped after.
#![cfg(feature = "postgres")]
#![allow(clippy::unwrap_used)]

mod common;

use assert_cmd::Command;
use common::Env;
use common::pg::Schema;

fn json_of(cmd: &mut Command) -> serde_json::Value {
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).unwrap()
}

/// When each row was written differs by design (the copy's time).
fn without_recording_times(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.remove("recorded_at");
            map.values_mut().for_each(without_recording_times);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(without_recording_times),
        _ => {}
    }
}

fn on_server(env: &Env, url: &str, user: &str) -> Command {
    let mut cmd = env.keel();
    cmd.env_remove("KEEL_DATABASE_URL")
        .env_remove("KEEL_USER")
        .args(["--database", url, "--user", user]);
    cmd
}

fn migrate(env: &Env, url: &str, user: &str) -> Command {
    let mut cmd = env.keel();
    cmd.env_remove("KEEL_USER").args([
        "migrate-data",
        "--from",
        env.db().to_str().unwrap(),
        "--to",
        url,
        "--user",
        user,
    ]);
    cmd
}

#[test]
fn a_migrated_history_reads_back_the_same_from_the_server() {
    let Some(schema) = Schema::new(
        "keel_cli_test",
        "a_migrated_history_reads_back_the_same_from_the_server",
    ) else {
        return;
    };
    let env = Env::new();
    env.onboard();
    env.keel()
        .args(["log", "prone-plank", "--rpe", "6"])
        .assert()
        .success();
    env.keel_on("2026-03-04")
        .args([
            "checkin",
            "--sleep",
            "2",
            "--fatigue",
            "3",
            "--stress",
            "2",
            "--soreness",
            "1",
        ])
        .assert()
        .success();
    env.keel_on("2026-03-04")
        .args(["log", "side-bridge", "--sets", "2", "--actual", "9"])
        .assert()
        .success();
    let mut local = json_of(env.keel().args(["history", "--json"]));
    let plan_local = json_of(env.keel().args(["plan", "--json"]));
    assert!(!local["sessions"].as_array().unwrap().is_empty());
    env.keel()
        .args(["profile", "--training-time", "07:30"])
        .assert()
        .success();
    let ics = |cmd: &mut Command| {
        let out = cmd.args(["export", "--format", "ics"]).assert().success();
        String::from_utf8(out.get_output().stdout.clone())
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with("DTSTAMP:"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    // The first export records every event at SEQUENCE 0; the time and
    // those records are what the server must carry on from.
    let calendar_local = ics(&mut env.keel());
    assert!(calendar_local.contains("SEQUENCE:0"));
    assert!(calendar_local.contains("T073000"));
    env.keel().args(["calendar", "feed"]).assert().success();

    let url = schema.url();
    migrate(&env, &url, "ana").assert().success();

    let mut remote = json_of(on_server(&env, &url, "ana").args(["history", "--json"]));
    without_recording_times(&mut local);
    without_recording_times(&mut remote);
    assert_eq!(remote, local);
    let plan_remote = json_of(on_server(&env, &url, "ana").args(["plan", "--json"]));
    assert_eq!(plan_remote, plan_local);
    // The calendar's time and SEQUENCEs came along; the feed did not.
    assert_eq!(ics(&mut on_server(&env, &url, "ana")), calendar_local);
    let feed = on_server(&env, &url, "ana")
        .args(["calendar", "feed"])
        .assert()
        .success();
    let feed = String::from_utf8(feed.get_output().stdout.clone()).unwrap();
    assert!(feed.contains("/calendar/"), "a new feed is made: {feed}");

    // Another user on the same server sees none of it.
    let other = json_of(on_server(&env, &url, "ben").args(["history", "--json"]));
    assert!(other["sessions"].as_array().unwrap().is_empty());

    // A second copy onto the same user is refused, changing nothing.
    migrate(&env, &url, "ana")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("already has data"));
    let mut again = json_of(on_server(&env, &url, "ana").args(["history", "--json"]));
    without_recording_times(&mut again);
    assert_eq!(again, local);
}

#[test]
fn backup_is_refused_on_the_server() {
    let Some(schema) = Schema::new("keel_cli_test", "backup_is_refused_on_the_server") else {
        return;
    };
    let env = Env::new();
    let file = env.dir.path().join("backup.db");
    on_server(&env, &schema.url(), "ana")
        .args(["backup", file.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("SQLite database file only"));
    assert!(!file.exists());
}
