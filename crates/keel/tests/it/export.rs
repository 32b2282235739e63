//! `keel export`, `keel backup` and `keel restore` end to end: exports of a
//! logged session, refusals that change nothing, and a backup that restores
//! into an empty database with identical exports.
#![allow(clippy::unwrap_used)]

use crate::common;

use common::Env;
use predicates::prelude::*;

const NOTE: &str = "left side, \"wobbly\"\nthen fine";

/// Onboards and logs the first day's McGill curl-up and a session summary.
fn logged_env() -> Env {
    let env = Env::new();
    env.onboard();
    env.keel()
        .args(["log", "mcgill-curl-up", "--actual", "10,10,8", "--rpe", "7"])
        .args(["--note", NOTE, "--no-red-flags"])
        .assert()
        .success();
    env.keel()
        .args(["log", "--session-rpe", "6", "--minutes", "25"])
        .assert()
        .success();
    env
}

fn export(env: &Env, args: &[&str]) -> String {
    let out = env.keel().arg("export").args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn csv_has_one_row_per_set_with_quoted_notes() {
    let env = logged_env();
    let csv = export(&env, &["--format", "csv"]);
    let header = csv.lines().next().unwrap();
    assert!(header.starts_with("date,session_id,plan_version,set_id,set_number,"));
    assert!(header.ends_with("session_minutes,session_rpe,session_note"));
    // Each row's quoted note spans two lines: header + 3 sets x 2 lines.
    assert_eq!(csv.split("\r\n").filter(|l| !l.is_empty()).count(), 4);
    assert_eq!(
        csv.matches("\"left side, \"\"wobbly\"\"\nthen fine\"")
            .count(),
        3
    );
    assert!(
        csv.contains(
            ",mcgill-curl-up,McGill curl-up,1,a,mcgill-curl-up,normal,seconds,10,8,0,kg,7,"
        )
    );
}

#[test]
fn csv_decisions_list_the_engine_decision_and_its_reason() {
    let env = logged_env();
    let csv = export(&env, &["--format", "csv", "--what", "decisions"]);
    let rows: Vec<_> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert!(rows[0].starts_with("plan_version,date,block,day_kind,planned_exercise,action,"));
    assert!(rows[1].starts_with(
        "1,2026-03-02,1,a,mcgill-curl-up,repeat,mcgill-curl-up,McGill curl-up,normal,"
    ));
    assert!(rows[1].contains("not every target was met"));
}

#[test]
fn json_holds_the_whole_database() {
    let env = logged_env();
    let json: serde_json::Value =
        serde_json::from_str(&export(&env, &["--format", "json"])).unwrap();
    assert_eq!(json["format"], "keel-export");
    assert_eq!(json["profile"]["sex"], "male");
    assert_eq!(json["assessments"].as_array().unwrap().len(), 1);
    assert_eq!(json["plans"][0]["version"], 1);
    let session = &json["sessions"][0];
    assert_eq!(session["minutes"], 25);
    assert_eq!(session["sets"].as_array().unwrap().len(), 3);
    assert_eq!(session["sets"][0]["logged"]["set"]["note"], NOTE);
    assert_eq!(json["decisions"][0]["plan_version"], 1);
    assert_eq!(
        json["decisions"][0]["decisions"][0]["decision"]["action"]["kind"],
        "repeat"
    );
}

#[test]
fn ics_has_an_event_per_session_day_of_the_plan() {
    let env = logged_env();
    let json: serde_json::Value =
        serde_json::from_str(&export(&env, &["--format", "json"])).unwrap();
    let session_days = json["plans"][0]["program"]["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|w| w["days"].as_array().unwrap())
        .filter(|d| !d["session"].is_null())
        .count();
    assert!(session_days > 0);

    let ics = export(&env, &["--format", "ics"]);
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(ics.matches("BEGIN:VEVENT\r\n").count(), session_days);
    assert!(ics.contains("UID:keel-2026-03-02-a@keel\r\n"));
    assert!(ics.contains("DTSTART:20260302T180000\r\n"));
    assert!(ics.contains("SUMMARY:Keel: A anti-flexion holds (week 1\\, Foundation)\r\n"));
    let unfolded = ics.replace("\r\n ", "");
    assert!(
        unfolded.contains("McGill curl-up: 3 sets of 5-3-1 holds of 10 s"),
        "{unfolded}"
    );
}

#[test]
fn out_writes_a_file_and_never_overwrites_without_force() {
    let env = logged_env();
    let out = env.dir.path().join("log.csv");
    env.keel()
        .args(["export", "--format", "csv", "--out"])
        .arg(&out)
        .assert()
        .success();
    let first = std::fs::read_to_string(&out).unwrap();
    assert!(first.starts_with("date,session_id,"));

    std::fs::write(&out, "keep me").unwrap();
    env.keel()
        .args(["export", "--format", "json", "--out"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");

    env.keel()
        .args(["export", "--format", "json", "--force", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("keel-export")
    );
}

#[test]
fn fhir_bundle_names_the_patient_by_pseudonym_only() {
    let env = logged_env();
    let bundle: serde_json::Value =
        serde_json::from_str(&export(&env, &["--format", "fhir", "--patient", "K-7"])).unwrap();
    assert_eq!(bundle["resourceType"], "Bundle");
    let resources: Vec<&serde_json::Value> = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .collect();
    assert_eq!(resources[0]["identifier"][0]["value"], "K-7");
    let kinds = |kind: &str| {
        resources
            .iter()
            .filter(|r| r["resourceType"] == kind)
            .count()
    };
    assert_eq!(kinds("CarePlan"), 1);
    // The session's pain, and the assessment's tests.
    assert!(kinds("Observation") > 2, "{bundle}");
    // The plan's activities are worded as the terminal words them.
    let care_plan = resources
        .iter()
        .find(|r| r["resourceType"] == "CarePlan")
        .unwrap();
    assert!(
        care_plan["activity"][0]["detail"]["description"]
            .as_str()
            .unwrap()
            .contains("holds of 10 s"),
        "{care_plan}"
    );
    let default: serde_json::Value =
        serde_json::from_str(&export(&env, &["--format", "fhir"])).unwrap();
    assert_eq!(
        default["entry"][0]["resource"]["identifier"][0]["value"],
        "keel-athlete"
    );
}

#[test]
fn bad_export_arguments_exit_2() {
    let env = logged_env();
    env.keel()
        .args(["export", "--format", "xml"])
        .assert()
        .code(2);
    env.keel()
        .args(["export", "--format", "json", "--what", "decisions"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--what"));
    env.keel()
        .args(["export", "--format", "csv", "--patient", "K-7"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--patient"));
    env.keel()
        .args(["export", "--format", "fhir", "--patient", " K-7"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pseudonym"));
    let fresh = Env::new();
    fresh
        .keel()
        .args(["export", "--format", "ics"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no plan"));
}

#[test]
fn backup_restores_into_an_empty_database_with_identical_exports() {
    let env = logged_env();
    let backup = env.dir.path().join("backup.keel");
    env.keel().arg("backup").arg(&backup).assert().success();

    let other = Env::new();
    other.keel().arg("restore").arg(&backup).assert().success();
    for format in [
        &["--format", "csv"][..],
        &["--format", "csv", "--what", "decisions"],
        &["--format", "json"],
    ] {
        assert_eq!(export(&env, format), export(&other, format), "{format:?}");
    }
    // The restored database works as a live one.
    other.keel().arg("today").assert().success();
}

#[test]
fn backup_refuses_an_existing_file() {
    let env = logged_env();
    let backup = env.dir.path().join("backup.keel");
    std::fs::write(&backup, "something else").unwrap();
    env.keel().arg("backup").arg(&backup).assert().code(2);
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), "something else");
}

#[test]
fn restore_onto_data_needs_force_and_keeps_the_old_database() {
    let source = logged_env();
    let backup = source.dir.path().join("backup.keel");
    source.keel().arg("backup").arg(&backup).assert().success();

    // A database with other data: onboarded, nothing logged.
    let target = Env::new();
    target.onboard();
    let before_json = export(&target, &["--format", "json"]);
    let before = target.db_bytes();
    target
        .keel()
        .arg("restore")
        .arg(&backup)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(
        target.db_bytes(),
        before,
        "a refused restore changes nothing"
    );

    let out = target
        .keel()
        .args(["restore", "--force"])
        .arg(&backup)
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(
        export(&target, &["--format", "json"]),
        export(&source, &["--format", "json"])
    );
    // The old database was saved beside the target, and it is intact.
    let saved: Vec<_> = std::fs::read_dir(target.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("keel.before-restore-")
        })
        .collect();
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert!(stdout.contains(&saved[0].display().to_string()), "{stdout}");
    let old = assert_cmd::Command::cargo_bin("keel")
        .unwrap()
        .env_remove("KEEL_DB")
        .env_remove("KEEL_TODAY")
        .arg("--db")
        .arg(&saved[0])
        .args(["--date", "2026-03-02", "export", "--format", "json"])
        .assert()
        .success();
    assert_eq!(
        String::from_utf8(old.get_output().stdout.clone()).unwrap(),
        before_json
    );
}

#[test]
fn restore_refuses_a_file_that_is_not_a_keel_database() {
    let env = Env::new();
    let junk = env.dir.path().join("notes.txt");
    std::fs::write(&junk, "these are not the droids you are looking for").unwrap();
    env.keel()
        .arg("restore")
        .arg(&junk)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a database"));
    assert!(!env.db().exists(), "nothing was created");
    env.keel()
        .arg("restore")
        .arg(env.dir.path().join("missing.keel"))
        .assert()
        .code(2);
}

/// A damaged backup is refused before anything is replaced, even with
/// --force: the database stays byte for byte as it was, nothing is saved
/// aside, and every command still works.
#[test]
fn restore_refuses_a_damaged_backup_before_replacing_anything() {
    let source = logged_env();
    let backup = source.dir.path().join("backup.keel");
    source.keel().arg("backup").arg(&backup).assert().success();
    // The header and schema (page 1) intact, every other page garbage.
    let mut bytes = std::fs::read(&backup).unwrap();
    for (i, b) in bytes.iter_mut().enumerate().skip(4096) {
        *b = (i % 251) as u8;
    }
    std::fs::write(&backup, &bytes).unwrap();

    let target = Env::new();
    target.onboard();
    let before = target.db_bytes();
    let files = std::fs::read_dir(target.dir.path()).unwrap().count();
    target
        .keel()
        .args(["restore", "--force"])
        .arg(&backup)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("damaged"))
        .stderr(predicate::str::contains("nothing was changed"));
    assert_eq!(target.db_bytes(), before, "the database is as it was");
    assert_eq!(
        std::fs::read_dir(target.dir.path()).unwrap().count(),
        files,
        "nothing saved aside, no copy left"
    );
    target.keel().arg("today").assert().success();
}
