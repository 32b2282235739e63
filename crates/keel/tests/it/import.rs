//! `keel import`: the real Strong and Hevy exports, a second import adding
//! nothing, and malformed files refused with exit 2 and the database unchanged.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::path::PathBuf;

use common::Env;
use predicates::prelude::*;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../keel-io/tests/fixtures")
        .join(name)
}

/// A day after every workout of the Hevy fixture (imports refuse workouts
/// dated after tomorrow).
const AFTER_HEVY: &str = "2026-05-01";

fn json(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).unwrap()
}

#[test]
fn imports_strong_without_onboarding_then_adds_nothing_the_second_time() {
    let env = Env::new();
    env.keel()
        .arg("import")
        .arg(fixture("strong_export.csv"))
        .assert()
        .success()
        .stdout(predicate::str::contains("Strong export, 10 rows read."))
        .stdout(predicate::str::contains(
            "Imported 10 sets from 3 workouts, 2024-06-18 to 2024-07-01.",
        ))
        .stdout(predicate::str::contains(
            "  Bicep Curl (Cable)\n  Lat Pulldown (Cable)\n",
        ));
    let again = env
        .keel()
        .args(["import", "--json"])
        .arg(fixture("strong_export.csv"))
        .assert()
        .success();
    let report = json(&again.get_output().stdout);
    assert_eq!(report["rows_read"], 10);
    assert_eq!(report["imported"], 0);
    assert_eq!(report["skipped"][0]["reason"], "already-imported");
    assert_eq!(report["skipped"][0]["count"], 10);
    assert_eq!(report["own_exercises_created"], serde_json::json!([]));
}

#[test]
fn imports_hevy_and_reports_json() {
    let env = Env::new();
    // The fixture's workouts are of April 2026, after these tests' today.
    let out = env
        .keel_on(AFTER_HEVY)
        .args(["import", "--json"])
        .arg(fixture("hevy_export.csv"))
        .assert()
        .success();
    let report = json(&out.get_output().stdout);
    assert_eq!(report["format"], "hevy");
    assert_eq!(report["imported"], 7);
    assert_eq!(report["workouts"], 2);
    assert_eq!(
        report["own_exercises_created"],
        serde_json::json!(["Hammer Curl (Dumbbell)", "Triceps Pushdown"])
    );
}

#[test]
fn dry_run_writes_nothing() {
    let env = Env::new();
    env.keel_on(AFTER_HEVY)
        .arg("import")
        .arg(fixture("hevy_export.csv"))
        .assert()
        .success();
    let before = env.db_bytes();
    env.keel()
        .args(["import", "--dry-run"])
        .arg(fixture("strong_export.csv"))
        .assert()
        .success()
        .stdout(predicate::str::contains("Would import 10 sets"))
        .stdout(predicate::str::contains("Dry run: nothing was written."));
    assert_eq!(env.db_bytes(), before);
    // The real import still imports everything afterwards.
    env.keel()
        .arg("import")
        .arg(fixture("strong_export.csv"))
        .assert()
        .success()
        .stdout(predicate::str::contains("Imported 10 sets"));
}

#[test]
fn rest_timer_rows_are_reported_as_skipped() {
    let env = Env::new();
    let file = env.dir.path().join("strong.csv");
    std::fs::write(
        &file,
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n\
         2024-06-18 11:04:00,Legs,45m,Back Extension,1,0,15,0,0,,,\n\
         2024-06-18 11:04:00,Legs,45m,Back Extension,Rest Timer,0,0,0,90,,,\n",
    )
    .unwrap();
    env.keel()
        .arg("import")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("Imported 1 set from 1 workout"))
        .stdout(predicate::str::contains("1 rest-timer row (line 3)"));
}

/// Imports the Strong fixture, then offers `contents`: exit 2, the message
/// contains `expected`, and the database is byte for byte unchanged.
fn refused(contents: &[u8], expected: &str) {
    let env = Env::new();
    env.keel()
        .arg("import")
        .arg(fixture("strong_export.csv"))
        .assert()
        .success();
    let before = env.db_bytes();
    let file = env.dir.path().join("bad.csv");
    std::fs::write(&file, contents).unwrap();
    env.keel()
        .arg("import")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(expected))
        .stderr(predicate::str::contains("nothing was changed"));
    assert_eq!(
        env.db_bytes(),
        before,
        "a refused import changed the database"
    );
}

#[test]
fn malformed_files_exit_2_and_change_nothing() {
    refused(b"", "bad.csv:1:1: the file is empty");
    refused(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "bad.csv:3:1: this is a binary file",
    );
    refused(
        b"name,when\nx,y\n",
        "bad.csv:1:1: the header is neither a Strong nor a Hevy export",
    );
    refused(
        b"Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n2024-06-18 11:04:00,A,Plank,1,0,0\n18.06.2024,A,Plank,2,0,0\n",
        "bad.csv:3:1: Date: \"18.06.2024\" is not a date",
    );
    refused(
        b"Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n2024-06-18 11:04:00,A,Plank,1,abc,0\n",
        "bad.csv:2:31: Weight: \"abc\" is not a number",
    );
    // A bad row after good ones: none of the good ones are imported either.
    let mut rows = String::from("Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n");
    for i in 1..=50 {
        rows += &format!("2025-01-01 10:00:00,A,Leg Press,{i},100,5\n");
    }
    rows += "2025-01-01 10:00:00,A,Leg Press,51,100,five\n";
    refused(rows.as_bytes(), "bad.csv:52:");
}

#[test]
fn oversized_file_is_refused_without_reading_it() {
    let env = Env::new();
    let file = env.dir.path().join("huge.csv");
    // Sparse: 50 MB on paper, nothing on disk.
    std::fs::File::create(&file)
        .unwrap()
        .set_len(50 * 1000 * 1000)
        .unwrap();
    env.keel()
        .arg("import")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "the file is 47.7 MiB; imports take at most 32 MiB",
        ));
    assert!(!env.db().exists(), "the database was not even opened");
}

#[test]
fn missing_file_and_wrong_format_flag() {
    let env = Env::new();
    env.keel()
        .args(["import", "no-such.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("FILE: cannot read no-such.csv"));
    env.keel()
        .args(["import", "--format", "hevy"])
        .arg(fixture("strong_export.csv"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "the Hevy header lacks the columns",
        ));
}

/// Strong's comma export in pounds (the README's `--units imperial`): every
/// weight stores and reads back exactly, so the history stays readable and
/// a second import adds nothing.
#[test]
fn an_import_in_pounds_reads_back_and_imports_once() {
    let env = Env::new();
    let mut rows = String::from(
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n",
    );
    for i in 1..=60 {
        rows += &format!(
            "2024-06-18 11:04:00,A,1h,Deadlift (Barbell),{i},{},5,0,0,,,\n",
            f64::from(i) * 2.5 + 90.0
        );
    }
    let file = env.dir.path().join("pounds.csv");
    std::fs::write(&file, rows).unwrap();
    env.keel()
        .args(["import", "--units", "imperial"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("Imported 60 sets"));
    env.keel().args(["history", "--json"]).assert().success();
    env.keel().arg("history").assert().success();
    let again = env
        .keel()
        .args(["import", "--json", "--units", "imperial"])
        .arg(&file)
        .assert()
        .success();
    assert_eq!(json(&again.get_output().stdout)["imported"], 0);
}

#[test]
fn a_workout_dated_far_in_the_future_is_refused_with_its_line() {
    // Today is 2026-03-02 in these tests; the day after is still accepted
    // (the other app may be a time zone ahead).
    refused(
        b"Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n2026-03-03 11:04:00,A,Plank,1,0,0\n2091-06-18 11:04:00,A,Plank,2,0,0\n",
        "bad.csv:3:1: this workout is dated 2091-06-18",
    );
    let env = Env::new();
    let file = env.dir.path().join("tomorrow.csv");
    std::fs::write(
        &file,
        b"Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n2026-03-03 11:04:00,A,Plank,1,0,0\n",
    )
    .unwrap();
    env.keel().arg("import").arg(&file).assert().success();
}

#[test]
fn files_with_units_in_the_header_or_a_period_import() {
    // Issue 19: both were refused with "nothing was changed".
    let env = Env::new();
    for (file, sets) in [
        ("strong_header_units.csv", "Imported 3 sets"),
        ("strong_unit_period.csv", "Imported 4 sets"),
    ] {
        env.keel()
            .arg("import")
            .arg(fixture(file))
            .assert()
            .success()
            .stdout(predicate::str::contains(sets));
    }
}

fn history_json(env: &Env) -> serde_json::Value {
    let out = env.keel().args(["history", "--json"]).assert().success();
    json(&out.get_output().stdout)
}

#[test]
fn imported_sets_are_exported_and_deleted_by_day_or_by_import() {
    let env = Env::new();
    env.keel()
        .arg("import")
        .arg(fixture("strong_export.csv"))
        .assert()
        .success();
    let export = env
        .keel()
        .args(["export", "--format", "json"])
        .assert()
        .success();
    let doc = json(&export.get_output().stdout);
    assert_eq!(doc["imported_sets"].as_array().unwrap().len(), 10);
    assert_eq!(
        doc["own_exercises"],
        serde_json::json!(["Bicep Curl (Cable)", "Lat Pulldown (Cable)"])
    );

    // `--session` finds a day that holds imported sets only.
    env.keel()
        .args(["delete", "--session", "2024-06-18", "--yes"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Deleted 3 imported sets of 2024-06-18.",
        ));
    let history = history_json(&env);
    assert_eq!(history["imported"].as_array().unwrap().len(), 7);
    env.keel()
        .args(["delete", "--session", "2024-06-18", "--yes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "nothing is logged or imported on 2024-06-18",
        ));

    let id = history["imports"][0]["id"].as_i64().unwrap();
    env.keel()
        .args(["delete", "--import", &(id + 1).to_string(), "--yes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no import has id"));
    env.keel()
        .args(["delete", "--import", &id.to_string(), "--yes"])
        .assert()
        .success()
        .stdout(predicate::str::contains("with its 7 sets"));
    let history = history_json(&env);
    assert_eq!(history["imported"], serde_json::json!([]));
    assert_eq!(history["imports"], serde_json::json!([]));
}

#[test]
fn a_day_with_logged_and_imported_sets_is_deleted_whole() {
    let env = Env::new();
    env.onboard();
    let day = "2026-03-02";
    env.keel_on(day)
        .args(["log", "side-bridge", "--rpe", "6", "--day", day])
        .assert()
        .success();
    let file = env.db().with_file_name("same-day.csv");
    std::fs::write(
        &file,
        "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Seconds\n\
         2026-03-02 07:00:00,Morning,Plank,1,0,0,60\n\
         2026-03-02 07:00:00,Morning,Plank,2,0,0,50\n",
    )
    .unwrap();
    env.keel().arg("import").arg(&file).assert().success();
    env.keel_on(day)
        .args(["delete", "--session", day, "--yes"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            // The side bridge's 3 sets and the extra set on the weaker left side.
            "Deleted the session of 2026-03-02 with its 4 sets and 2 imported sets of 2026-03-02.",
        ));
    let history = history_json(&env);
    assert_eq!(history["sessions"], serde_json::json!([]));
    assert_eq!(history["imported"], serde_json::json!([]));
}
