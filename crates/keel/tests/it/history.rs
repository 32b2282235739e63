//! `keel history`, `keel edit` and `keel delete`: corrections re-run the
//! decisions that depended on them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::Env;
use predicates::prelude::*;

fn stdout(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

/// Two clean exposures of the McGill curl-up (both A days of week 1): 2-for-2.
fn two_clean_exposures(env: &Env) {
    env.onboard();
    stdout(
        env.keel_on("2026-03-02")
            .args(["log", "mcgill-curl-up", "--rpe", "6"]),
    );
    let text = stdout(
        env.keel_on("2026-03-06")
            .args(["log", "mcgill-curl-up", "--rpe", "6"]),
    );
    assert!(
        text.contains("progress: holds per set 5-3-1 -> 6-4-2"),
        "{text}"
    );
}

/// The ids of the sets logged on `date`.
fn set_ids(env: &Env, date: &str) -> Vec<i64> {
    let text = stdout(env.keel_on("2026-03-06").args(["history", "--json"]));
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["date"] == date)
        .flat_map(|s| s["sets"].as_array().unwrap().iter())
        .map(|s| s["id"].as_i64().unwrap())
        .collect()
}

#[test]
fn history_filters_by_dates_and_lists_check_ins() {
    let env = Env::new();
    two_clean_exposures(&env);
    stdout(env.keel_on("2026-03-06").args([
        "checkin",
        "--sleep",
        "3",
        "--fatigue",
        "3",
        "--stress",
        "2",
        "--soreness",
        "2",
    ]));
    let all = stdout(env.keel_on("2026-03-06").arg("history"));
    assert!(all.contains("2026-03-02 (plan version 1)"), "{all}");
    assert!(all.contains("2026-03-06 (plan version 1)"), "{all}");
    assert!(
        all.contains("2026-03-06 check-in: readiness sleep 3"),
        "{all}"
    );
    let late = stdout(
        env.keel_on("2026-03-06")
            .args(["history", "--from", "2026-03-03"]),
    );
    assert!(!late.contains("2026-03-02"), "{late}");
    assert!(late.contains("2026-03-06 (plan version 1)"), "{late}");
    let early = stdout(
        env.keel_on("2026-03-06")
            .args(["history", "--to", "2026-03-05"]),
    );
    assert!(early.contains("2026-03-02"), "{early}");
    assert!(!early.contains("2026-03-06"), "{early}");
    let json = stdout(env.keel_on("2026-03-06").args(["history", "--json"]));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["sessions"].as_array().unwrap().len(), 2);
    assert_eq!(value["check_ins"][0]["kind"], "readiness");
    env.keel()
        .args(["history", "--from", "2026-03-09", "--to", "2026-03-01"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--from"));
}

#[test]
fn history_on_an_empty_log_says_so() {
    let env = Env::new();
    env.onboard();
    let text = stdout(env.keel().arg("history"));
    assert!(text.contains("Nothing logged yet"), "{text}");
}

#[test]
fn editing_a_set_to_add_faults_re_runs_the_decision() {
    let env = Env::new();
    two_clean_exposures(&env);
    let ids = set_ids(&env, "2026-03-06");
    assert_eq!(ids.len(), 3);
    let text = stdout(env.keel_on("2026-03-06").args([
        "edit",
        &ids[1].to_string(),
        "--fault",
        "rib-flare",
    ]));
    assert!(
        text.contains("now: 10 s of 10 s, bodyweight, RPE 6, faults: rib flare"),
        "{text}"
    );
    assert!(text.contains("2026-03-06: repeat"), "{text}");
    assert!(
        text.contains("was: progress: holds per set 5-3-1 -> 6-4-2"),
        "{text}"
    );
    // The faults regress on a second faulted set.
    let text = stdout(env.keel_on("2026-03-06").args([
        "edit",
        &ids[2].to_string(),
        "--fault",
        "pelvis-shift",
    ]));
    assert!(text.contains("regress"), "{text}");
    let why = stdout(env.keel_on("2026-03-06").args(["why", "mcgill-curl-up"]));
    assert!(!why.contains("progress: hold"), "{why}");
    assert!(why.contains("cues:"), "{why}");
    // Clearing both faults brings the progression back.
    stdout(
        env.keel_on("2026-03-06")
            .args(["edit", &ids[1].to_string(), "--no-faults"]),
    );
    let text = stdout(
        env.keel_on("2026-03-06")
            .args(["edit", &ids[2].to_string(), "--no-faults"]),
    );
    assert!(
        text.contains("progress: holds per set 5-3-1 -> 6-4-2"),
        "{text}"
    );
}

#[test]
fn deleting_a_session_removes_its_decision() {
    let env = Env::new();
    two_clean_exposures(&env);
    let text =
        stdout(
            env.keel_on("2026-03-06")
                .args(["delete", "--session", "2026-03-06", "--yes"]),
        );
    assert!(
        text.contains("Deleted the session of 2026-03-06 with its 3 sets"),
        "{text}"
    );
    assert!(
        text.contains("2026-03-06: no decision any more (was: progress"),
        "{text}"
    );
    let why = stdout(env.keel_on("2026-03-06").args(["why", "mcgill-curl-up"]));
    assert!(!why.contains("2026-03-06"), "{why}");
    assert!(why.contains("2026-03-02"), "{why}");
    // One set: the 2026-03-02 exposure now misses a set.
    let ids = set_ids(&env, "2026-03-02");
    let text = stdout(
        env.keel_on("2026-03-06")
            .args(["delete", &ids[2].to_string(), "--yes"]),
    );
    assert!(text.contains("Deleted set #"), "{text}");
    assert_eq!(set_ids(&env, "2026-03-02").len(), 2);
}

#[test]
fn bad_corrections_exit_2_and_change_nothing() {
    let env = Env::new();
    two_clean_exposures(&env);
    let id = set_ids(&env, "2026-03-06")[0].to_string();
    let before = env.db_bytes();
    let cases: &[(&[&str], &str)] = &[
        (&["edit", "9999", "--rpe", "5"], "no logged set has id 9999"),
        (&["edit", &id, "--rpe", "11"], "--rpe"),
        (&["edit", &id, "--pain", "-1"], "--pain"),
        (&["edit", &id], "nothing to change"),
        (&["edit", &id, "--rpe", "6"], "nothing to change"),
        (&["edit", &id, "--pain", "3"], "--no-red-flags"),
        (&["edit", &id, "--fault", "wobble"], "--fault"),
        (&["delete", "9999", "--yes"], "no logged set has id 9999"),
        (&["delete", &id], "--yes"),
        (
            &["delete", "--session", "2026-03-04", "--yes"],
            "nothing is logged or imported on 2026-03-04",
        ),
        (&["delete", "--session", "2026-13-01", "--yes"], "--session"),
    ];
    for (args, message) in cases {
        env.keel_on("2026-03-06")
            .args(*args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(*message));
    }
    assert_eq!(env.db_bytes(), before);
}

/// `keel edit --rpe none` removes a logged RPE (as the web's "not given"
/// and the API's `"rpe": null`); a word other than `none` is refused with
/// the flag named, and nothing is written.
#[test]
fn edit_rpe_none_removes_the_rpe_and_another_word_is_refused() {
    let env = Env::new();
    env.onboard();
    stdout(
        env.keel_on("2026-03-02")
            .args(["log", "bird-dog", "--sets", "1", "--rpe", "7"]),
    );
    let id = set_ids(&env, "2026-03-02")[0].to_string();
    let before = env.db_bytes();
    env.keel_on("2026-03-02")
        .args(["edit", &id, "--rpe", "hard"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--rpe: must be a whole number 0-10, or `none`",
        ));
    assert_eq!(env.db_bytes(), before, "nothing was written");
    stdout(
        env.keel_on("2026-03-02")
            .args(["edit", &id, "--rpe", "none"]),
    );
    let out = env
        .keel()
        .args(["history", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let set = &value["sessions"][0]["sets"][0]["logged"]["set"];
    assert_eq!(set["rpe"], serde_json::Value::Null, "{set}");
}

/// A correction is checked as the web and the API check it (one
/// implementation in keel-app): fewer reps than the quality reps is refused,
/// never clamped; a load reads the same in every spelling.
#[test]
fn corrections_refuse_quality_above_the_reps_and_read_every_load_spelling() {
    let env = Env::new();
    env.onboard();
    stdout(env.keel_on("2026-04-01").args([
        "log",
        "romanian-deadlift",
        "--actual",
        "8",
        "--quality-reps",
        "6",
        "--load",
        "16kg",
        "--rpe",
        "7",
    ]));
    let id = set_ids(&env, "2026-04-01")[0].to_string();
    let before = env.db_bytes();
    env.keel_on("2026-04-01")
        .args(["edit", &id, "--actual", "4"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--quality-reps: quality reps (6) cannot exceed the reps done (4)",
        ));
    assert_eq!(env.db_bytes(), before, "nothing was written");
    stdout(
        env.keel_on("2026-04-01")
            .args(["edit", &id, "--actual", "4", "--quality-reps", "3"]),
    );

    let load_of = |env: &Env| {
        let out = env
            .keel()
            .args(["history", "--json"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        value["sessions"][0]["sets"][0]["logged"]["set"].clone()
    };
    let set = load_of(&env);
    assert_eq!(set["load"]["kg"], 16.0, "16kg is 16 kg: {set}");
    assert_eq!(
        (
            set["actual"]["value"].as_u64(),
            set["quality_reps"].as_u64()
        ),
        (Some(4), Some(3)),
        "{set}"
    );
    stdout(
        env.keel_on("2026-04-01")
            .args(["edit", &id, "--load", "35 lb"]),
    );
    let kg = load_of(&env)["load"]["kg"].as_f64().unwrap();
    assert!((kg - 15.875_733).abs() < 1e-3, "35 lb in kg: {kg}");
    stdout(env.keel_on("2026-04-01").args(["edit", &id, "--load", "0"]));
    assert_eq!(load_of(&env)["load"]["kind"], "bodyweight");
}
