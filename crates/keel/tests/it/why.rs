//! `keel why EXERCISE`: every decision with its reasons, oldest first.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::Env;
use predicates::prelude::*;

fn stdout(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn nothing_logged_yet_is_said_plainly() {
    let env = Env::new();
    env.onboard();
    let text = stdout(env.keel().args(["why", "mcgill-curl-up"]));
    assert!(
        text.contains("No decisions about McGill curl-up yet"),
        "{text}"
    );
}

#[test]
fn why_lists_each_decision_with_its_reasons_oldest_first() {
    let env = Env::new();
    env.onboard();
    stdout(
        env.keel_on("2026-03-02")
            .args(["log", "mcgill-curl-up", "--rpe", "6"]),
    );
    stdout(
        env.keel_on("2026-03-06")
            .args(["log", "mcgill-curl-up", "--rpe", "6"]),
    );
    let text = stdout(env.keel_on("2026-03-06").args(["why", "McGill curl-up"]));
    let first = text
        .find("2026-03-02 (A day, block 1) McGill curl-up: repeat")
        .expect("first decision");
    let second = text
        .find("2026-03-06 (A day, block 1) McGill curl-up: progress: holds per set 5-3-1 -> 6-4-2")
        .expect("second decision");
    assert!(first < second, "{text}");
    assert!(
        text.contains("all 3 sets done at RPE 6, no faults, second exposure in a row"),
        "{text}"
    );
    assert!(
        text.contains("next: McGill curl-up: 3 sets of 6-4-2 holds of 10 s"),
        "{text}"
    );
    let json = stdout(
        env.keel_on("2026-03-06")
            .args(["why", "mcgill-curl-up", "--json"]),
    );
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let decisions = value["decisions"].as_array().unwrap();
    assert_eq!(decisions.len(), 2);
    assert_eq!(decisions[1]["decision"]["action"]["kind"], "progress");
    assert!(
        !decisions[1]["decision"]["reasons"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // Other slots have no decisions.
    let other = stdout(env.keel_on("2026-03-06").args(["why", "side-bridge"]));
    assert!(other.contains("No decisions"), "{other}");
}

#[test]
fn an_unknown_exercise_exits_2() {
    let env = Env::new();
    env.onboard();
    env.keel()
        .args(["why", "mcgill-curl-op"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("mcgill-curl-up"));
}
