//! kg or lb: a pound athlete onboards with `--units lb`, logs a bare 35 as
//! 35 lb, reads pounds in `keel log`, `history`, `today` and the CSV export;
//! switching to kg shows the same load as 15.88 kg, and nothing stored
//! changes. A unit Keel does not know exits 2 and writes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{Env, ONBOARD_ARGS};
use predicates::prelude::*;

fn stdout(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

fn stored_kg(env: &Env) -> f64 {
    let text = stdout(env.keel().args(["history", "--json"]));
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["sessions"][0]["sets"][0]["logged"]["set"]["load"]["kg"]
        .as_f64()
        .unwrap()
}

#[test]
fn a_pound_athlete_logs_and_reads_pounds_and_switching_units_changes_nothing_stored() {
    let env = Env::new();
    env.keel()
        .args(ONBOARD_ARGS)
        .args(["--units", "lb"])
        .assert()
        .success();
    let profile = stdout(env.keel().arg("profile"));
    assert!(profile.contains("Units:         lb"), "{profile}");

    // Block 2's B day chooses a load: a bare 35 is 35 lb.
    let text = stdout(env.keel_on("2026-04-01").args([
        "log",
        "romanian-deadlift",
        "--load",
        "35",
        "--rpe",
        "6",
    ]));
    assert!(text.contains("35 lb"), "{text}");
    assert!(text.contains("Load set to 35 lb"), "{text}");
    assert!(!text.contains(" kg"), "{text}");
    let kg = stored_kg(&env);
    assert!((kg - 15.875_733).abs() < 1e-4, "stored in kilograms: {kg}");

    let history = stdout(env.keel().arg("history"));
    assert!(history.contains("Romanian deadlift, set 1: "), "{history}");
    assert!(history.contains("35 lb"), "{history}");
    let why = stdout(env.keel().args(["why", "romanian-deadlift"]));
    assert!(why.contains("Load set to 35 lb"), "{why}");

    // The next session of the exercise (weeks vary their forms, so the
    // first later day that has it) prescribes the learned 35 lb.
    let today = (2..=30)
        .map(|day| stdout(env.keel_on(&format!("2026-04-{day:02}")).arg("today")))
        .find(|text| text.contains(". Romanian deadlift: "))
        .expect("the Romanian deadlift comes back in April");
    assert!(today.contains("35 lb, target RPE 7"), "{today}");

    let csv = stdout(env.keel().args(["export", "--format", "csv"]));
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!(col("load"), "35");
    assert_eq!(col("load_unit"), "lb");

    // Switching to kg shows the same load in kilograms; nothing stored moved.
    let switched = env
        .keel()
        .args(["profile", "--units", "kg"])
        .assert()
        .success();
    let err = String::from_utf8(switched.get_output().stderr.clone()).unwrap();
    assert!(err.contains("Units set to kg"), "{err}");
    let history = stdout(env.keel().arg("history"));
    assert!(history.contains("15.88 kg"), "{history}");
    assert!(!history.contains(" lb"), "{history}");
    assert_eq!(stored_kg(&env), kg);
    let csv = stdout(env.keel().args(["export", "--format", "csv"]));
    assert!(csv.contains(",15.88,kg,"), "{csv}");
    // The stored decisions were stored again: their reasons read in kg too
    // (and, with the kilogram sizes a kg athlete owns by default, the load
    // snaps to the 16 kg kettlebell, saying so).
    let decisions = stdout(
        env.keel()
            .args(["export", "--format", "csv", "--what", "decisions"]),
    );
    assert!(decisions.contains("15.88 kg is not a load"), "{decisions}");
    assert!(!decisions.contains(" lb"), "{decisions}");

    // And back: the pounds typed come back exactly.
    env.keel()
        .args(["profile", "--units", "lb"])
        .assert()
        .success();
    let history = stdout(env.keel().arg("history"));
    assert!(history.contains("35 lb"), "{history}");
    assert_eq!(stored_kg(&env), kg);

    // An explicit unit wins over the profile's.
    let text = stdout(
        env.keel_on("2026-04-01")
            .args(["edit", "1", "--load", "16kg"]),
    );
    assert!(
        text.contains("now: ") && text.contains("35.27 lb"),
        "{text}"
    );
}

#[test]
fn a_unit_keel_does_not_know_is_refused_naming_the_flag_and_writes_nothing() {
    let env = Env::new();
    env.keel()
        .args(ONBOARD_ARGS)
        .args(["--units", "stone"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--units"));
    env.onboard();
    let before = env.db_bytes();
    env.keel()
        .args(["profile", "--units", "stone"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--units"));
    // A load that is not a number says which unit a bare number is in.
    env.keel_on("2026-04-01")
        .args(["log", "romanian-deadlift", "--load", "heavy", "--rpe", "6"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--load").and(predicate::str::contains("kilograms")));
    assert_eq!(env.db_bytes(), before);
}

/// Strong's comma export names no unit: a pound athlete's import reads it
/// in pounds unless `--units` says otherwise, and history shows the pounds.
#[test]
fn an_import_without_units_is_read_in_the_athletes_unit() {
    let env = Env::new();
    env.keel()
        .args(ONBOARD_ARGS)
        .args(["--units", "lb"])
        .assert()
        .success();
    let file = env.dir.path().join("strong.csv");
    std::fs::write(
        &file,
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n\
         2024-06-18 11:04:00,A,1h,Deadlift (Barbell),1,135,5,0,0,,,\n",
    )
    .unwrap();
    env.keel()
        .arg("import")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("Imported 1 set"));
    let text = stdout(env.keel().args(["history", "--json"]));
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let kg = value["imported"][0]["weight_kg"].as_f64().unwrap();
    assert!((kg - 61.234_970).abs() < 1e-4, "135 lb in kg: {kg}");
    let history = stdout(env.keel().arg("history"));
    assert!(history.contains("135 lb, 5 reps"), "{history}");

    // A kilogram athlete's import of the same file reads kilograms, and an
    // explicit --units wins over the profile.
    let env = Env::new();
    env.onboard();
    env.keel().arg("import").arg(&file).assert().success();
    let text = stdout(env.keel().args(["history", "--json"]));
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["imported"][0]["weight_kg"], 135.0);
    let env = Env::new();
    env.onboard();
    env.keel()
        .args(["import", "--units", "imperial"])
        .arg(&file)
        .assert()
        .success();
    let history = stdout(env.keel().arg("history"));
    assert!(history.contains("61.23 kg, 5 reps"), "{history}");
}
