//! `keel migrate-data` and `--database`: a history logged into SQLite reads
//! back the same from PostgreSQL and comes back to a file the same, a user
//! who already has data is refused, and one user's backup and restore on the
//! server leaves every other user as they were.
//! Needs KEEL_TEST_POSTGRES_URL; each test uses its own schema, dropped after.
#![cfg(feature = "postgres")]
#![allow(clippy::unwrap_used)]

use crate::common;

use assert_cmd::Command;
use common::Env;
use common::pg::Schema;

fn json_of(cmd: &mut Command) -> serde_json::Value {
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).unwrap()
}

/// When each row was written differs by design (the copy's time).
fn without_recording_times(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.remove("recorded_at");
            map.values_mut().for_each(without_recording_times);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(without_recording_times),
        _ => {}
    }
}

fn on_server(env: &Env, url: &str, user: &str) -> Command {
    let mut cmd = env.keel();
    cmd.env_remove("KEEL_DATABASE_URL")
        .env_remove("KEEL_USER")
        .args(["--database", url, "--user", user]);
    cmd
}

fn migrate(env: &Env, url: &str, user: &str) -> Command {
    let mut cmd = env.keel();
    cmd.env_remove("KEEL_USER").args([
        "migrate-data",
        "--from",
        env.db().to_str().unwrap(),
        "--to",
        url,
        "--user",
        user,
    ]);
    cmd
}

#[test]
fn a_migrated_history_reads_back_the_same_from_the_server() {
    let Some(schema) = Schema::new(
        "keel_cli_test",
        "a_migrated_history_reads_back_the_same_from_the_server",
    ) else {
        return;
    };
    let env = Env::new();
    env.onboard();
    env.keel()
        .args(["log", "mcgill-curl-up", "--rpe", "6"])
        .assert()
        .success();
    env.keel_on("2026-03-04")
        .args([
            "checkin",
            "--sleep",
            "2",
            "--fatigue",
            "3",
            "--stress",
            "2",
            "--soreness",
            "1",
        ])
        .assert()
        .success();
    env.keel_on("2026-03-04")
        .args(["log", "side-bridge", "--sets", "2", "--actual", "9"])
        .assert()
        .success();
    let mut local = json_of(env.keel().args(["history", "--json"]));
    let plan_local = json_of(env.keel().args(["plan", "--json"]));
    assert!(!local["sessions"].as_array().unwrap().is_empty());
    env.keel()
        .args(["profile", "--training-time", "07:30"])
        .assert()
        .success();
    let ics = |cmd: &mut Command| {
        let out = cmd.args(["export", "--format", "ics"]).assert().success();
        String::from_utf8(out.get_output().stdout.clone())
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with("DTSTAMP:"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    // The first export records every event at SEQUENCE 0; the time and
    // those records are what the server must carry on from.
    let calendar_local = ics(&mut env.keel());
    assert!(calendar_local.contains("SEQUENCE:0"));
    assert!(calendar_local.contains("T073000"));
    env.keel().args(["calendar", "feed"]).assert().success();

    let url = schema.url();
    migrate(&env, &url, "ana").assert().success();

    let mut remote = json_of(on_server(&env, &url, "ana").args(["history", "--json"]));
    without_recording_times(&mut local);
    without_recording_times(&mut remote);
    assert_eq!(remote, local);
    let plan_remote = json_of(on_server(&env, &url, "ana").args(["plan", "--json"]));
    assert_eq!(plan_remote, plan_local);
    // The calendar's time and SEQUENCEs came along; the feed did not.
    assert_eq!(ics(&mut on_server(&env, &url, "ana")), calendar_local);
    let feed = on_server(&env, &url, "ana")
        .args(["calendar", "feed"])
        .assert()
        .success();
    let feed = String::from_utf8(feed.get_output().stdout.clone()).unwrap();
    assert!(feed.contains("/calendar/"), "a new feed is made: {feed}");

    // Another user on the same server sees none of it.
    let other = json_of(on_server(&env, &url, "ben").args(["history", "--json"]));
    assert!(other["sessions"].as_array().unwrap().is_empty());

    // A second copy onto the same user is refused, changing nothing.
    migrate(&env, &url, "ana")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("already has data"));
    let mut again = json_of(on_server(&env, &url, "ana").args(["history", "--json"]));
    without_recording_times(&mut again);
    assert_eq!(again, local);
}

/// Everything Keel stores for a user, logged through the CLI into `env`'s
/// SQLite file: profile and outcomes at onboarding, changed settings, sets
/// with a session note, a check-in, a red flag and the resume after it, a
/// loaded questionnaire answered, imported history with an own exercise,
/// the calendar's time and exported events.
fn rich_history(env: &Env) {
    env.keel()
        .args(common::ONBOARD_ARGS)
        .args(["--pain-rating", "6", "--activity", "sitting in the car=3"])
        .assert()
        .success();
    env.keel()
        .args(["settings", "set", "block-weeks", "4"])
        .assert()
        .success();
    env.keel()
        .args(["log", "mcgill-curl-up", "--rpe", "6"])
        .assert()
        .success();
    env.keel_on("2026-03-04")
        .args([
            "checkin",
            "--sleep",
            "2",
            "--fatigue",
            "3",
            "--stress",
            "2",
            "--soreness",
            "1",
        ])
        .assert()
        .success();
    env.keel_on("2026-03-04")
        .args(["log", "side-bridge", "--sets", "2", "--actual", "9"])
        .assert()
        .success();
    env.keel_on("2026-03-06")
        .args([
            "log",
            "mcgill-curl-up",
            "--actual",
            "10",
            "--pain",
            "4",
            "--red-flag",
            "night-pain",
        ])
        .assert()
        .success();
    env.keel_on("2026-03-07")
        .args(["resume", "--confirm", "--note", "cleared by my GP"])
        .assert()
        .success();
    env.keel()
        .args(["outcomes", "load", DEMO])
        .assert()
        .success();
    env.keel()
        .args([
            "outcomes",
            "record",
            "--questionnaire",
            "demo-back",
            "--answers",
            "3,2,-",
        ])
        .assert()
        .success();
    let csv = env.dir.path().join("strong.csv");
    std::fs::write(
        &csv,
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n\
         2024-06-18 11:04:00,Legs,45m,Back Extension,1,0,15,0,0,,,\n\
         2024-06-18 11:04:00,Legs,45m,Zercher Walk,1,60,0,40,0,heavy,,8\n",
    )
    .unwrap();
    env.keel().arg("import").arg(&csv).assert().success();
    env.keel()
        .args(["profile", "--training-time", "07:30"])
        .assert()
        .success();
    env.keel()
        .args(["export", "--format", "ics"])
        .assert()
        .success();
}

const DEMO: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/demo-questionnaire.toml"
);

/// `keel export --format json` of a SQLite file.
fn export_of(env: &Env, db: &std::path::Path) -> serde_json::Value {
    json_of(keel_at(env, db).args(["export", "--format", "json"]))
}

/// `keel` on another SQLite file than `env`'s.
fn keel_at(env: &Env, db: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("keel").unwrap();
    cmd.env_remove("KEEL_DB")
        .env_remove("KEEL_TODAY")
        .env_remove("KEEL_DATABASE_URL")
        .current_dir(env.dir.path())
        .arg("--db")
        .arg(db)
        .args(["--date", "2026-03-02"]);
    cmd
}

/// `keel export --format json` of a user on the server.
fn export_on(env: &Env, url: &str, user: &str) -> serde_json::Value {
    json_of(on_server(env, url, user).args(["export", "--format", "json"]))
}

/// A copy gives every row a new id and the copy's recording time, and the
/// imported sets arrive as one import: those (and only those) are
/// normalised away before comparing two exports.
fn normalised(mut value: serde_json::Value) -> serde_json::Value {
    fn walk(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                for key in ["id", "recorded_at", "assessment_id", "session_id"] {
                    map.remove(key);
                }
                map.values_mut().for_each(walk);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut value);
    value
}

fn from_server(env: &Env, url: &str, user: &str, to: &std::path::Path) -> Command {
    let mut cmd = env.keel();
    cmd.env_remove("KEEL_USER")
        .args(["migrate-data", "--from", url, "--to"])
        .arg(to)
        .args(["--user", user]);
    cmd
}

#[test]
fn a_history_goes_to_the_server_and_back_with_the_same_export() {
    let Some(schema) = Schema::new(
        "keel_cli_test",
        "a_history_goes_to_the_server_and_back_with_the_same_export",
    ) else {
        return;
    };
    let env = Env::new();
    rich_history(&env);
    let url = schema.url();
    let local = export_of(&env, &env.db());
    for part in [
        "profile",
        "settings",
        "assessments",
        "safety_events",
        "plans",
        "sessions",
        "check_ins",
        "decisions",
        "imported_sets",
        "own_exercises",
        "outcomes",
        "questionnaires",
    ] {
        assert!(
            !local[part].is_null() && local[part] != serde_json::json!([]),
            "the history has {part}: {local}"
        );
    }
    migrate(&env, &url, "ana").assert().success();
    assert_eq!(
        normalised(export_on(&env, &url, "ana")),
        normalised(local.clone())
    );

    let back = env.dir.path().join("back.db");
    from_server(&env, &url, "ana", &back)
        .assert()
        .success()
        .stdout(predicates::str::contains("Copied user \"ana\""));
    assert_eq!(
        normalised(export_of(&env, &back)),
        normalised(local.clone())
    );
    // The calendar's time and SEQUENCEs came back too.
    let ics = |db: &std::path::Path| {
        let out = keel_at(&env, db)
            .args(["export", "--format", "ics"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out)
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with("DTSTAMP:"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let calendar = ics(&env.db());
    assert!(calendar.contains("T073000"), "{calendar}");
    assert_eq!(ics(&back), calendar);

    // A file that holds data is replaced only with --force, saved first.
    let before = std::fs::read(&back).unwrap();
    from_server(&env, &url, "ana", &back)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("already holds data"));
    assert_eq!(std::fs::read(&back).unwrap(), before);
    from_server(&env, &url, "ana", &back)
        .arg("--force")
        .assert()
        .success()
        .stdout(predicates::str::contains("Saved the previous database as"));
    assert_eq!(normalised(export_of(&env, &back)), normalised(local));

    // A user the server does not have is refused, and not created.
    let none = env.dir.path().join("none.db");
    from_server(&env, &url, "nobody", &none)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("there is no user \"nobody\""));
    assert!(!none.exists());
    let users = on_server(&env, &url, "ana")
        .args(["user", "list"])
        .assert()
        .get_output()
        .stdout
        .clone();
    assert!(!String::from_utf8_lossy(&users).contains("nobody"));
}

fn backup_on(env: &Env, url: &str, user: &str, file: &std::path::Path) -> Command {
    let mut cmd = on_server(env, url, user);
    cmd.arg("backup").arg(file);
    cmd
}

fn restore_on(env: &Env, url: &str, user: &str, file: &std::path::Path) -> Command {
    let mut cmd = on_server(env, url, user);
    cmd.arg("restore").arg(file);
    cmd
}

#[test]
fn a_users_backup_and_restore_leave_every_other_user_as_they_were() {
    let Some(schema) = Schema::new(
        "keel_cli_test",
        "a_users_backup_and_restore_leave_every_other_user_as_they_were",
    ) else {
        return;
    };
    let env = Env::new();
    rich_history(&env);
    let url = schema.url();
    migrate(&env, &url, "ana").assert().success();
    migrate(&env, &url, "ben").assert().success();
    on_server(&env, &url, "ben")
        .args(["log", "side-bridge", "--actual", "12"])
        .assert()
        .success();
    let ben = export_on(&env, &url, "ben");
    let ana = export_on(&env, &url, "ana");

    let file = env.dir.path().join("ana.keel");
    backup_on(&env, &url, "ana", &file).assert().success();
    // A backup never overwrites.
    backup_on(&env, &url, "ana", &file)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("already exists"));
    // The backup is a Keel database of ana's history alone.
    assert_eq!(normalised(export_of(&env, &file)), normalised(ana.clone()));

    // Ana trains on; the restore puts her history back as it was.
    on_server(&env, &url, "ana")
        .args(["settings", "set", "block-weeks", "5"])
        .assert()
        .success();
    on_server(&env, &url, "ana")
        .args([
            "checkin",
            "--sleep",
            "4",
            "--fatigue",
            "2",
            "--stress",
            "1",
            "--soreness",
            "1",
        ])
        .assert()
        .success();
    let changed = export_on(&env, &url, "ana");
    assert_ne!(normalised(changed.clone()), normalised(ana.clone()));
    restore_on(&env, &url, "ana", &file)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("pass --force"));
    assert_eq!(export_on(&env, &url, "ana"), changed);
    restore_on(&env, &url, "ana", &file)
        .arg("--force")
        .assert()
        .success()
        .stdout(predicates::str::contains("previous data as"));
    assert_eq!(normalised(export_on(&env, &url, "ana")), normalised(ana));
    // Her data before the restore was saved beside the file.
    let aside = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("ana.before-restore-"))
        .expect("the previous data is saved");
    assert_eq!(normalised(export_of(&env, &aside)), normalised(changed));
    // Ben is exactly as he was, ids and all.
    assert_eq!(export_on(&env, &url, "ben"), ben);

    // The same file restores onto a new user, too.
    restore_on(&env, &url, "cara", &file).assert().success();
    assert_eq!(
        normalised(export_on(&env, &url, "cara")),
        normalised(export_on(&env, &url, "ana"))
    );
    assert_eq!(export_on(&env, &url, "ben"), ben);
}

#[test]
fn a_refused_restore_changes_nothing() {
    let Some(schema) = Schema::new("keel_cli_test", "a_refused_restore_changes_nothing") else {
        return;
    };
    let env = Env::new();
    rich_history(&env);
    let url = schema.url();
    migrate(&env, &url, "ana").assert().success();
    let file = env.dir.path().join("ana.keel");
    backup_on(&env, &url, "ana", &file).assert().success();
    let ana = export_on(&env, &url, "ana");

    // A user the server does not have is not made by a backup; one with
    // nothing stored has nothing to back up.
    let empty = env.dir.path().join("dana.keel");
    backup_on(&env, &url, "dana", &empty)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("there is no user \"dana\""));
    on_server(&env, &url, "dana")
        .arg("settings")
        .assert()
        .success();
    backup_on(&env, &url, "dana", &empty)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("nothing is stored"));
    assert!(!empty.exists());

    // A damaged file: refused before the server is touched.
    let mut bytes = std::fs::read(&file).unwrap();
    let cut = bytes.len() / 2;
    bytes.truncate(cut);
    let damaged = env.dir.path().join("damaged.keel");
    std::fs::write(&damaged, &bytes).unwrap();
    let garbage = env.dir.path().join("garbage.keel");
    std::fs::write(&garbage, b"not a database at all").unwrap();
    for bad in [&damaged, &garbage] {
        restore_on(&env, &url, "ana", bad)
            .arg("--force")
            .assert()
            .code(2)
            .stderr(predicates::str::contains(bad.display().to_string()));
        assert_eq!(export_on(&env, &url, "ana"), ana);
    }

    // A restore that would lift a red-flag halt is refused: resuming is
    // the user's recorded decision, never a side effect.
    on_server(&env, &url, "ana")
        .args([
            "log",
            "side-bridge",
            "--actual",
            "10",
            "--pain",
            "5",
            "--red-flag",
            "night-pain",
        ])
        .assert()
        .success();
    let halted = export_on(&env, &url, "ana");
    restore_on(&env, &url, "ana", &file)
        .arg("--force")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("would lift the halt"));
    assert_eq!(export_on(&env, &url, "ana"), halted);
    assert!(
        !std::fs::read_dir(env.dir.path()).unwrap().any(|e| e
            .unwrap()
            .path()
            .to_string_lossy()
            .contains("before-restore")),
        "a refused restore saves nothing either"
    );
}

#[test]
fn migrate_data_needs_one_server_and_one_file() {
    let env = Env::new();
    env.keel()
        .args(["migrate-data", "--from", "a.db", "--to", "b.db"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("must be a PostgreSQL server"));
    env.keel()
        .args([
            "migrate-data",
            "--from",
            "postgres://x@127.0.0.1/a",
            "--to",
            "postgresql://x@127.0.0.1/b",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("copy through a file"));
}

#[test]
fn from_a_household_file_the_named_account_is_copied_and_no_other() {
    let Some(schema) = Schema::new(
        "keel_cli_test",
        "from_a_household_file_the_named_account_is_copied_and_no_other",
    ) else {
        return;
    };
    let env = Env::new();
    let url = schema.url();
    let as_user = |name: &str| {
        let mut cmd = env.keel();
        cmd.env_remove("KEEL_USER").args(["--user", name]);
        cmd
    };
    for name in ["ana", "ben"] {
        env.keel()
            .env_remove("KEEL_USER")
            .args(["user", "add", name, "--password-stdin"])
            .write_stdin("correct horse battery\n")
            .assert()
            .success();
        as_user(name).args(common::ONBOARD_ARGS).assert().success();
    }
    as_user("ben")
        .args(["log", "mcgill-curl-up", "--rpe", "6"])
        .assert()
        .success();
    let ben = json_of(as_user("ben").args(["export", "--format", "json"]));
    assert_ne!(
        normalised(ben.clone()),
        normalised(json_of(as_user("ana").args(["export", "--format", "json"]))),
        "the two accounts must differ for this test to tell them apart"
    );

    migrate(&env, &url, "ben").assert().success();
    assert_eq!(
        normalised(export_on(&env, &url, "ben")),
        normalised(ben),
        "ben's training, not the file's first account's"
    );

    // A name the file has no account for copies nobody's training.
    migrate(&env, &url, "sam")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("several accounts (ana, ben)"));
    let sam = export_on(&env, &url, "sam");
    assert!(
        sam["profile"].is_null(),
        "nothing is copied under a name the file does not have: {sam}"
    );
}
