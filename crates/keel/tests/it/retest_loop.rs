//! Retests that add up in the terminal (docs/method.md §2.5): a partial
//! retest carries the untested values forward and says so, and `keel
//! today` says when a retest is due.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::Env;

fn stdout(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn a_partial_retest_carries_the_untested_holds_forward() {
    let env = Env::new();
    env.onboard(); // 2026-03-02: extensor 120, flexor 100, sides 60/55, plank 70
    let text =
        stdout(
            env.keel_on("2026-04-13")
                .args(["assess", "--extensor", "100", "--flexor", "105"]),
        );
    assert!(
        text.contains("Carried forward (not tested today; the latest measurement counts):"),
        "{text}"
    );
    assert!(
        text.contains("side bridge left: 55 s (measured 2026-03-02)"),
        "{text}"
    );
    assert!(
        text.contains("not retested: 60 s carried forward (measured 2026-03-02)"),
        "{text}"
    );

    // A second partial retest keeps the newest value of each test.
    let out =
        stdout(
            env.keel_on("2026-05-25")
                .args(["assess", "--json", "--side-bridge-left", "62"]),
        );
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let carried = json["carried_forward"].as_array().unwrap();
    let of = |test: &str| {
        carried
            .iter()
            .find(|c| c["test"] == test)
            .unwrap_or_else(|| panic!("{test} carried in {out}"))
            .clone()
    };
    assert_eq!(of("extensor")["value"], "100 s");
    assert_eq!(of("extensor")["measured_on"], "2026-04-13");
    assert_eq!(of("side-bridge-right")["measured_on"], "2026-03-02");
    assert!(carried.iter().all(|c| c["test"] != "side-bridge-left"));
    // The report scores the carried holds instead of calling them skipped.
    let right = json["report"]["holds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["test"] == "side-bridge-right")
        .unwrap()
        .clone();
    assert_eq!(right["seconds"], 60);
    // What was entered is stored as entered.
    let history = stdout(env.keel().args(["assess", "--history", "--json"]));
    let rows: serde_json::Value = serde_json::from_str(&history).unwrap();
    assert!(rows[2]["holds"]["extensor"].is_null(), "{rows}");
}

#[test]
fn today_says_a_retest_is_due_after_retest_weeks() {
    let env = Env::new();
    env.onboard(); // assessed 2026-03-02; retest-weeks defaults to 6
    let early = stdout(env.keel_on("2026-04-12").arg("today"));
    assert!(!early.contains("retest is due"), "{early}");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(env.keel_on("2026-04-12").args(["today", "--json"]))).unwrap();
    assert!(json["retest_due"].is_null(), "{json}");

    let due = stdout(env.keel_on("2026-04-13").arg("today"));
    assert!(
        due.contains(
            "A retest is due: your last assessment was on 2026-03-02, and retests come every 6 \
             weeks (setting retest-weeks). Retest with `keel assess`"
        ),
        "{due}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout(env.keel_on("2026-04-13").args(["today", "--json"]))).unwrap();
    assert_eq!(json["retest_due"]["due_since"], "2026-04-13");
    assert_eq!(json["retest_due"]["every_weeks"], 6);

    // The setting is read, and a retest ends the notice.
    stdout(env.keel().args(["settings", "set", "retest-weeks", "8"]));
    let later = stdout(env.keel_on("2026-04-13").arg("today"));
    assert!(!later.contains("retest is due"), "{later}");
    stdout(
        env.keel_on("2026-04-27")
            .args(["assess", "--extensor", "125"]),
    );
    let after = stdout(env.keel_on("2026-04-27").arg("today"));
    assert!(!after.contains("retest is due"), "{after}");
}
