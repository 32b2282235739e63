//! `keel assess`: validation, storage, the report and the retest comparison.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::Env;
use predicates::prelude::*;

/// An env whose database exists (created by a harmless read).
fn env_with_db() -> Env {
    let env = Env::new();
    env.keel().args(["assess", "--history"]).assert().success();
    env
}

#[test]
fn bad_values_exit_2_name_the_flag_and_change_nothing() {
    let env = env_with_db();
    env.onboard();
    let cases: &[(&[&str], &str)] = &[
        (&["--extensor", "-5"], "--extensor"),
        (&["--extensor=-5"], "--extensor"),
        (&["--flexor", "100000"], "--flexor"),
        (&["--side-bridge-left", "ten"], "--side-bridge-left"),
        (&["--hip-hinge", "4"], "--hip-hinge"),
        (&["--thoracic-right", "-1"], "--thoracic-right"),
        (&["--thomas-left", "maybe"], "--thomas-left"),
        (&["--knee-to-wall-right", "31"], "--knee-to-wall-right"),
        (&["--pain-now", "11"], "--pain-now"),
        // A good value does not save a bad one beside it.
        (
            &["--extensor", "120", "--prone-plank", "-3"],
            "--prone-plank",
        ),
    ];
    for (args, flag) in cases {
        let before = env.db_bytes();
        env.keel()
            .arg("assess")
            .args(*args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(*flag))
            .stderr(predicate::str::contains("nothing was changed"));
        assert_eq!(before, env.db_bytes(), "{args:?} changed the database");
    }
    let out = env
        .keel()
        .args(["assess", "--history", "--json"])
        .output()
        .unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        rows.as_array().unwrap().len(),
        1,
        "only the onboarding assessment"
    );
}

#[test]
fn the_message_gives_the_range() {
    let env = env_with_db();
    env.keel()
        .args(["assess", "--extensor", "-5"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--extensor: seconds must be between 0 and 3600, got -5",
        ));
}

#[test]
fn needs_a_profile_first() {
    let env = env_with_db();
    let before = env.db_bytes();
    env.keel()
        .args(["assess", "--extensor", "100"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("keel onboard"));
    assert_eq!(before, env.db_bytes());
}

#[test]
fn nothing_recorded_is_refused() {
    let env = env_with_db();
    env.onboard();
    let before = env.db_bytes();
    env.keel()
        .args(["assess", "--no-prompt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no test was recorded"));
    assert_eq!(before, env.db_bytes());
}

#[test]
fn retest_is_stored_and_compared_with_the_measurement_band() {
    let env = Env::new();
    env.onboard(); // extensor 120, flexor 100, sides 60/55, plank 70
    env.keel_on("2026-04-13")
        .args([
            "assess",
            "--extensor",
            "134",
            "--flexor",
            "115",
            "--side-bridge-right",
            "76",
            "--side-bridge-left",
            "55",
            "--prone-plank",
            "100",
            "--hip-hinge",
            "3",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Retest compared with 2026-03-02"))
        .stdout(predicate::str::contains(
            "+14 s, within measurement error (under 15 s)",
        ))
        .stdout(predicate::str::contains("+15 s\n"))
        .stdout(predicate::str::contains("+16 s\n"))
        .stdout(predicate::str::contains("+30 s\n"))
        .stdout(predicate::str::contains("161 s men"))
        .stdout(predicate::str::contains("Biering-Sorensen"))
        .stdout(predicate::str::contains("keel plan --new"));

    let out = env
        .keel_on("2026-05-25")
        .args(["assess", "--json", "--extensor", "140", "--flexor", "100"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let c = &json["comparison"];
    assert_eq!(c["previous_date"], "2026-04-13");
    assert_eq!(c["holds"][0]["test"], "extensor");
    assert_eq!(c["holds"][0]["change_seconds"], 6);
    assert_eq!(c["holds"][0]["within_measurement_error"], true);
    assert_eq!(c["holds"][1]["change_seconds"], -15);
    assert_eq!(c["holds"][1]["within_measurement_error"], false);
    assert!(json["report"]["tailoring"]["levels"]["anti_flexion"].is_number());
    assert_eq!(json["report"]["ratios"].as_array().unwrap().len(), 3);

    let out = env
        .keel()
        .args(["assess", "--history", "--json"])
        .output()
        .unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[2]["date"], "2026-05-25");
    env.keel()
        .args(["assess", "--history"])
        .assert()
        .success()
        .stdout(predicate::str::contains("2026-04-13"))
        .stdout(predicate::str::contains("F/E"));
}

#[test]
fn first_report_flags_ratios_and_sets_levels() {
    let env = Env::new();
    env.onboard();
    // Flexors outlast extensors, right side much weaker.
    env.keel()
        .args([
            "assess",
            "--extensor",
            "80",
            "--flexor",
            "100",
            "--side-bridge-right",
            "40",
            "--side-bridge-left",
            "60",
            "--thomas-right",
            "fail",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("FLAGGED"))
        .stdout(predicate::str::contains("more extensor work"))
        .stdout(predicate::str::contains("weaker right side"))
        .stdout(predicate::str::contains("hip flexors"))
        .stdout(predicate::str::contains("Starting levels"));
}

#[test]
fn questions_are_read_from_piped_stdin() {
    let env = Env::new();
    env.onboard();
    env.keel()
        .arg("assess")
        .write_stdin("150\n\n80\n70\n")
        .assert()
        .success()
        .stderr(predicate::str::contains("Trunk extensor hold"))
        .stdout(predicate::str::contains("150 s"));
    env.keel()
        .arg("assess")
        .write_stdin("4000\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("extensor"));
}
