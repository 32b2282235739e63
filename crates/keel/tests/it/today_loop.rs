//! `keel today` driven by the training loop: progressed prescriptions with
//! "why this changed", and what is already logged today.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::Env;

fn stdout(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn two_clean_exposures_progress_the_hold_on_the_next_a_day() {
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
    // Week 2 runs B-A-B: Wednesday 2026-03-11 is the next A day.
    let text = stdout(env.keel_on("2026-03-11").arg("today"));
    // McGill's pyramid grows by holds, the hold stays 10 s (docs/method.md §4.1).
    assert!(
        text.contains("McGill curl-up: 3 sets of 6-4-2 holds of 10 s"),
        "{text}"
    );
    assert!(
        text.contains(
            "last decision: Holds per set 5-3-1 -> 6-4-2 (of 10 s each): all 3 sets done at RPE 6"
        ),
        "{text}"
    );
    // Unlogged slots are as planned, without a reason line.
    assert!(
        text.contains("Side bridge: 3 sets of 6-4-2 holds of 10 s"),
        "{text}"
    );
    let json = stdout(env.keel_on("2026-03-11").args(["today", "--json"]));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let plank = value["session"]["slots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["exercise"] == "mcgill-curl-up")
        .unwrap();
    assert_eq!(plank["prescription"]["seconds"], 10);
    assert_eq!(
        plank["prescription"]["pyramid"],
        serde_json::json!([6, 4, 2])
    );
    assert!(!plank["why"].as_array().unwrap().is_empty());
    // The rest day before previews the progressed session.
    let rest = stdout(env.keel_on("2026-03-10").arg("today"));
    assert!(rest.contains("Next session: Wed 2026-03-11"), "{rest}");
    assert!(
        rest.contains("McGill curl-up: 3 sets of 6-4-2 holds of 10 s"),
        "{rest}"
    );
}

#[test]
fn today_shows_sets_done_against_the_days_own_prescription() {
    let env = Env::new();
    env.onboard();
    stdout(
        env.keel()
            .args(["log", "mcgill-curl-up", "--rpe", "6", "--sets", "2"]),
    );
    let text = stdout(env.keel().arg("today"));
    assert!(
        text.contains("McGill curl-up: 3 sets of 5-3-1 holds of 10 s"),
        "{text}"
    );
    assert!(text.contains("done today: 2 of 3 sets"), "{text}");
    // The rest of the sets are logged against the same prescription.
    let text = stdout(
        env.keel()
            .args(["log", "mcgill-curl-up", "--rpe", "6", "--sets", "1"]),
    );
    assert!(text.contains("set 3: 10 s of 10 s"), "{text}");
    let text = stdout(env.keel().arg("today"));
    assert!(text.contains("done today: 3 of 3 sets"), "{text}");
    let json = stdout(env.keel().args(["today", "--json"]));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["logged"]["sets"].as_array().unwrap().len(), 3);
}

/// `keel today --json` whole, as printed, on a training day with a changed
/// prescription and sets logged, on a rest day (with the next session) and
/// before the plan starts: scripts read it, so any change to it shows here.
/// The time each set was recorded is the clock's, so it is masked.
#[test]
fn today_json_is_pinned() {
    let env = Env::new();
    env.onboard();
    for day in ["2026-03-02", "2026-03-06", "2026-03-11"] {
        stdout(
            env.keel_on(day)
                .args(["log", "mcgill-curl-up", "--rpe", "6"]),
        );
    }
    for (name, day) in [
        ("training_day", "2026-03-11"),
        ("rest_day", "2026-03-10"),
        ("before_the_plan", "2026-03-01"),
    ] {
        let json = stdout(env.keel_on(day).args(["today", "--json"]));
        insta::assert_snapshot!(name, mask_recorded_at(&json));
    }
}

/// `text` with the value of every `"recorded_at"` line replaced.
fn mask_recorded_at(text: &str) -> String {
    text.lines()
        .map(|line| match line.split_once("\"recorded_at\": ") {
            Some((indent, value)) => {
                let comma = if value.ends_with(',') { "," } else { "" };
                format!("{indent}\"recorded_at\": \"[masked]\"{comma}\n")
            }
            None => format!("{line}\n"),
        })
        .collect()
}
