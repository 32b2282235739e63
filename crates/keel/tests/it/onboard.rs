//! Onboarding, the red-flag halt and resume, settings and profile, and bad
//! input that must exit 2 and change nothing.
#![allow(clippy::unwrap_used)]

use crate::common;

use common::{Env, ONBOARD_ARGS};
use predicates::prelude::*;

#[test]
fn onboarding_by_flags_stores_profile_assessment_and_plan() {
    let env = Env::new();
    env.keel()
        .args(ONBOARD_ARGS)
        .assert()
        .success()
        .stdout(predicate::str::contains("Ratios"))
        .stdout(predicate::str::contains("Starting levels"))
        .stdout(predicate::str::contains("Plan version 1"));
    env.keel()
        .args(["profile", "--json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"male\""));
    env.keel()
        .args(["assess", "--history"])
        .assert()
        .success()
        .stdout(predicate::str::contains("2026-03-02"));
    // Today is a training day of the new plan.
    env.keel()
        .assert()
        .success()
        .stdout(predicate::str::contains("Week 1"));
}

#[test]
fn first_run_without_a_profile_starts_onboarding_from_answers() {
    let env = Env::new();
    // Profile questions, eight red-flag questions, then every test skipped
    // except the extensor hold. Blank lines take the defaults.
    let mut answers = String::from("Sam\nfemale\n1\nmon,wed,fri\nn\nlb\ndowel,band\n2\n");
    answers.push_str(&"n\n".repeat(8));
    answers.push_str("90\n");
    env.keel()
        .write_stdin(answers)
        .assert()
        .success()
        .stderr(predicate::str::contains("not a diagnosis"))
        .stdout(predicate::str::contains("Plan version 1"));
    env.keel()
        .args(["profile"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Sam"))
        .stdout(predicate::str::contains("dowel, band"))
        .stdout(predicate::str::contains("Units:         lb"));
}

#[test]
fn a_red_flag_halts_until_an_explicit_resume() {
    let env = Env::new();
    env.keel()
        .args([
            "onboard",
            "--days-per-week",
            "3",
            "--red-flag",
            "leg-weakness",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("clinician"));
    // Halted: no session, no new plan, no assessment.
    env.keel()
        .assert()
        .stdout(predicate::str::contains("clinician"))
        .stdout(predicate::str::contains("Week").not());
    env.keel()
        .args(["assess", "--extensor", "60"])
        .assert()
        .code(2);
    // Resuming needs the explicit confirmation.
    env.keel()
        .arg("resume")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--confirm"));
    env.keel()
        .args(["resume", "--confirm", "--note", "cleared by my physio"])
        .assert()
        .success()
        .stdout(predicate::str::contains("resume"));
    env.keel()
        .args(["assess", "--extensor", "60", "--side-bridge-left", "30"])
        .assert()
        .success();
    env.keel().args(["plan", "--new"]).assert().success();
    env.keel()
        .assert()
        .success()
        .stdout(predicate::str::contains("Week 1"));
}

#[test]
fn scripted_onboarding_must_answer_the_red_flag_screen() {
    let env = Env::new();
    env.keel()
        .args(["onboard", "--days-per-week", "3", "--extensor", "100"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--no-red-flags"));
    env.keel()
        .args(["profile"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("onboard"));
}

#[test]
fn onboarding_twice_needs_again() {
    let env = Env::new();
    env.onboard();
    let before = env.db_bytes();
    env.keel().args(ONBOARD_ARGS).assert().code(2);
    assert_eq!(before, env.db_bytes());
}

/// Each bad value exits 2, names what was wrong, and leaves the database as it was.
#[test]
fn bad_input_exits_2_names_the_field_and_changes_nothing() {
    let env = Env::new();
    env.onboard();
    let before = env.db_bytes();
    let cases: &[(&[&str], &str)] = &[
        (&["assess", "--extensor", "-5"], "--extensor"),
        (&["assess", "--extensor=100000"], "--extensor"),
        (&["assess", "--hip-hinge", "4"], "--hip-hinge"),
        (&["assess", "--pain-now", "11"], "--pain-now"),
        (&["exercise", "no-such-exercise"], "no-such-exercise"),
        (&["settings", "set", "region-cap", "95"], "region-cap"),
        (
            &["settings", "set", "no-such-setting", "3"],
            "no-such-setting",
        ),
        (&["profile", "--days", "mon,funday"], "--days"),
        (&["profile", "--equipment", "rowing-machine"], "--equipment"),
        (&["profile", "--pain", "-1"], "--pain"),
        (&["profile", "--kettlebells", "8,twelve"], "--kettlebells"),
        (&["profile", "--kettlebells", "8,500"], "--kettlebells"),
        (&["profile", "--dumbbells", "30-2/2"], "--dumbbells"),
        (&["profile", "--barbell", "heavy"], "--barbell"),
        (&["profile", "--plates", "0"], "--plates"),
    ];
    for (args, field) in cases {
        env.keel()
            .args(*args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(*field));
        assert_eq!(before, env.db_bytes(), "{args:?} changed the database");
    }
    env.keel_on("2026-13-01")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--date"));
    assert_eq!(before, env.db_bytes());
}

#[test]
fn a_database_in_a_missing_directory_is_refused() {
    let env = Env::new();
    let missing = env.dir.path().join("no-such-dir").join("keel.db");
    assert_cmd::Command::cargo_bin("keel")
        .unwrap()
        .env_remove("KEEL_DB")
        .arg("--db")
        .arg(&missing)
        .arg("today")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist"));
    assert!(!missing.parent().unwrap().exists());
}

#[test]
fn keel_db_and_keel_today_come_from_the_environment() {
    let env = Env::new();
    env.onboard();
    assert_cmd::Command::cargo_bin("keel")
        .unwrap()
        .env("KEEL_DB", env.db())
        .env("KEEL_TODAY", "2026-03-04")
        .arg("today")
        .assert()
        .success()
        .stdout(predicate::str::contains("2026-03-04"));
}

#[test]
fn settings_change_and_reset() {
    let env = Env::new();
    env.onboard();
    env.keel()
        .args(["settings", "set", "block-weeks", "4"])
        .assert()
        .success()
        .stdout(predicate::str::contains("*block-weeks"));
    env.keel().args(["plan", "--new"]).assert().success();
    env.keel()
        .args(["plan", "--json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"block_weeks\": 4"));
    // Engine settings are stored too, and survive the next command.
    env.keel()
        .args(["settings", "set", "hold-step", "7"])
        .assert()
        .success();
    env.keel()
        .args(["settings"])
        .assert()
        .success()
        .stdout(predicate::str::contains("*hold-step"));
    env.keel()
        .args(["settings", "reset"])
        .assert()
        .success()
        .stdout(predicate::str::contains("*").not());
}

/// The equipment's sizes by flag: stored, shown in the profile, and read
/// back from the JSON; a size flag puts its piece at hand.
#[test]
fn equipment_sizes_by_flag_are_stored_and_shown() {
    let env = Env::new();
    env.onboard();
    env.keel()
        .args([
            "profile",
            "--kettlebells",
            "8,12,16",
            "--dumbbells",
            "2-20/2",
            "--barbell",
            "15",
            "--plates",
            "2.5",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("kettlebell (8, 12, 16 kg)"))
        .stdout(predicate::str::contains("dumbbell (2-20/2 kg)"))
        .stdout(predicate::str::contains(
            "barbell (15 kg bar, 2.5 kg plates)",
        ));
    let out = env.keel().args(["profile", "--json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["inventory"]["kettlebells"],
        serde_json::json!([8.0, 12.0, 16.0])
    );
    assert_eq!(json["inventory"]["barbell"], serde_json::json!(15.0));
    let equipment = json["equipment"].as_array().unwrap();
    for piece in ["kettlebell", "dumbbell", "barbell"] {
        assert!(equipment.contains(&serde_json::json!(piece)), "{json}");
    }
    env.keel()
        .args(["profile", "--kettlebells", "none"])
        .assert()
        .success()
        .stdout(predicate::str::contains("kettlebell").not());
}
