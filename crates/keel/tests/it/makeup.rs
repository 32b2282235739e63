//! Making up a missed session in the terminal (docs/method.md §4.2): `keel
//! today`, `keel go` and `keel log` offer and log the missed session on the
//! next day without training, once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::Env;
use predicates::prelude::*;

fn stdout(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

fn today_json(env: &Env, day: &str) -> serde_json::Value {
    serde_json::from_str(&stdout(env.keel_on(day).args(["today", "--json"]))).unwrap()
}

/// The slot day kinds of the sets logged on `day`, in order.
fn logged_slot_days(env: &Env, day: &str) -> Vec<String> {
    today_json(env, day)["logged"]["sets"]
        .as_array()
        .map(|sets| {
            sets.iter()
                .map(|s| s["logged"]["slot"]["day"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_missed_monday_is_offered_on_tuesday_and_logged_against_it() {
    let env = Env::new();
    env.onboard();
    // Nothing was logged on Monday 2026-03-02, an A day.
    let text = stdout(env.keel_on("2026-03-03").arg("today"));
    assert!(
        text.contains(
            "Make-up: the session planned for Mon 2026-03-02 (A: anti-flexion holds) was missed"
        ),
        "{text}"
    );
    assert!(
        text.contains("next planned session (Wed 2026-03-04)"),
        "{text}"
    );
    assert!(
        text.contains("McGill curl-up: 3 sets of 5-3-1 holds of 10 s"),
        "{text}"
    );
    assert!(!text.contains("Rest day"), "{text}");
    let json = today_json(&env, "2026-03-03");
    assert_eq!(json["session"]["makes_up"], "2026-03-02");
    assert_eq!(json["session"]["day"], "a");

    // `keel go` guides the same session; its first set counts for Monday's
    // A-day slot, logged on Tuesday.
    env.keel_on("2026-03-03")
        .arg("go")
        // One set's answers: the bird dog is per side (right, left), then four more.
        .write_stdin("\n".repeat(6))
        .assert()
        .success()
        .stdout(predicate::str::contains("planned for Mon 2026-03-02"));
    assert_eq!(logged_slot_days(&env, "2026-03-03"), ["a"]);
    // `keel log` too.
    stdout(
        env.keel_on("2026-03-03")
            .args(["log", "mcgill-curl-up", "--sets", "1", "--rpe", "6"]),
    );
    let days = logged_slot_days(&env, "2026-03-03");
    assert_eq!(days.len(), 2, "{days:?}");
    assert!(days.iter().all(|d| d == "a"), "{days:?}");
    let why = stdout(env.keel_on("2026-03-03").args(["why", "mcgill-curl-up"]));
    assert!(why.contains("2026-03-03"), "{why}");
}

#[test]
fn a_made_up_session_is_not_offered_again() {
    let env = Env::new();
    env.onboard();
    // Friday 2026-03-06 missed: Saturday offers it.
    let json = today_json(&env, "2026-03-07");
    assert_eq!(json["session"]["makes_up"], "2026-03-06");
    let hold = json["session"]["slots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["prescription"]["seconds"].is_number())
        .expect("a hold in Friday's session");
    let id = hold["exercise"].as_str().unwrap();
    stdout(
        env.keel_on("2026-03-07")
            .args(["log", id, "--sets", "1", "--rpe", "6"]),
    );
    // Saturday still shows it (with the set done); Sunday is a rest day.
    let json = today_json(&env, "2026-03-07");
    assert_eq!(json["session"]["makes_up"], "2026-03-06");
    let text = stdout(env.keel_on("2026-03-08").arg("today"));
    assert!(text.contains("Rest day"), "{text}");
    assert!(!text.contains("Make-up"), "{text}");
    let json = today_json(&env, "2026-03-08");
    assert!(json["session"].is_null(), "{json}");
    // Nothing to log against on Sunday.
    env.keel_on("2026-03-08")
        .args(["log", id, "--rpe", "6"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no session on 2026-03-08"));
}
