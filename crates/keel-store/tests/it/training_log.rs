//! The training log in the SQLite backend, beyond the conformance story
//! every backend passes (tests/conformance.rs): atomic batches stopped by a
//! trigger, reopening the file, corrupt rows, the upgrade from schema v1, and
//! SQLite-specific limits.
#![allow(clippy::unwrap_used)]

use std::error::Error as _;
use std::path::{Path, PathBuf};

use jiff::civil::{Date, date};
use keel_core::InputError;
use keel_core::measure::{Pain, Rpe};
use keel_core::profile::{Profile, TrainingAge, TrainingDays};
use keel_core::program::{DayKind, Program};
use keel_core::settings::PlanSettings;
use keel_core::training::LoggedSet;
use keel_store::conformance::{
    all_sessions, assessment, decision, logged, morning, plan_writes, readiness, rich_set, set,
    set_ids, slot,
};
use keel_store::{Revisioned, SessionSummary, SqliteStore, Store, StoreError, Write};
use tempfile::TempDir;

fn temp_db() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keel.db");
    (dir, path)
}

fn raw(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

/// The `InputError` a refused write carries (what makes the CLI exit 2).
fn refused(err: StoreError) -> InputError {
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    err.source()
        .and_then(|s| s.downcast_ref::<InputError>())
        .unwrap()
        .clone()
}

const MON: Date = date(2026, 3, 2);
const WED: Date = date(2026, 3, 4);
const FRI: Date = date(2026, 3, 6);

#[test]
fn a_batch_failing_at_its_last_write_leaves_no_set() {
    let (_dir, path) = temp_db();
    let mut store = SqliteStore::open(&path).unwrap();
    let err = store
        .apply(vec![
            Write::AddSet(set(MON, "side-bridge", 30)),
            Write::SummarizeSession {
                date: MON,
                summary: SessionSummary {
                    minutes: Some(25),
                    ..SessionSummary::default()
                },
            },
            Write::AddCheckIn(morning(MON, 2)),
            Write::UpdateSet {
                id: 12345,
                logged: set(MON, "side-bridge", 31),
            },
        ])
        .unwrap_err();
    refused(err);
    assert!(all_sessions(&store).is_empty());
    assert!(store.check_ins().unwrap().is_empty());
    drop(store);
    let store = SqliteStore::open(&path).unwrap();
    assert!(all_sessions(&store).is_empty());
}

#[test]
fn deleting_the_last_set_keeps_the_session_and_its_summary() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store
        .apply(vec![
            Write::AddSet(set(MON, "side-bridge", 25)),
            Write::SummarizeSession {
                date: MON,
                summary: SessionSummary {
                    minutes: Some(20),
                    ..SessionSummary::default()
                },
            },
        ])
        .unwrap();
    let id = set_ids(&store)[0];
    store.apply(vec![Write::DeleteSet { id }]).unwrap();
    let sessions = all_sessions(&store);
    assert_eq!(sessions.len(), 1);
    assert!(sessions[0].sets.is_empty());
    assert_eq!(sessions[0].minutes, Some(20));
}

#[test]
fn summarize_creates_the_session_when_the_day_has_none() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store.apply(plan_writes(MON)).unwrap();
    store
        .apply(vec![Write::SummarizeSession {
            date: FRI,
            summary: SessionSummary {
                minutes: Some(12),
                session_rpe: None,
                note: Some("light day".into()),
            },
        }])
        .unwrap();
    let sessions = all_sessions(&store);
    assert_eq!(sessions.len(), 1);
    let s = &sessions[0];
    assert_eq!(
        (s.date, s.plan_version, s.minutes, s.session_rpe),
        (FRI, Some(1), Some(12), None)
    );
    assert!(s.sets.is_empty());
}

#[test]
fn minutes_longer_than_a_day_are_refused() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let err = refused(
        store
            .apply(vec![
                Write::AddSet(set(MON, "side-bridge", 25)),
                Write::SummarizeSession {
                    date: MON,
                    summary: SessionSummary {
                        minutes: Some(1441),
                        ..SessionSummary::default()
                    },
                },
            ])
            .unwrap_err(),
    );
    assert_eq!(err.field, "minutes");
    assert!(all_sessions(&store).is_empty());
}

#[test]
fn decisions_for_a_plan_version_that_does_not_exist_are_refused() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store.apply(plan_writes(MON)).unwrap();
    let err = refused(
        store
            .apply(vec![
                Write::ReplaceDecisions {
                    plan_version: 1,
                    decisions: vec![decision(MON, "side-bridge", 35)],
                },
                Write::ReplaceDecisions {
                    plan_version: 7,
                    decisions: vec![decision(MON, "side-bridge", 35)],
                },
            ])
            .unwrap_err(),
    );
    assert_eq!(err.field, "plan_version");
    assert!(store.decisions(1).unwrap().is_empty());
}

#[test]
fn the_whole_log_reads_back_identical_after_reopening() {
    let (_dir, path) = temp_db();
    let written = {
        let mut store = SqliteStore::open(&path).unwrap();
        store.apply(plan_writes(MON)).unwrap();
        store
            .apply(vec![
                Write::AddCheckIn(readiness(MON, 2)),
                Write::AddSet(set(MON, "side-bridge", 30)),
                Write::AddSet(rich_set(MON)),
                Write::SummarizeSession {
                    date: MON,
                    summary: SessionSummary {
                        minutes: Some(40),
                        session_rpe: Some(Rpe::new(7).unwrap()),
                        note: Some("ok".into()),
                    },
                },
                Write::AddCheckIn(morning(date(2026, 3, 3), 3)),
                Write::AddSet(set(WED, "side-bridge", 30)),
                Write::ReplaceDecisions {
                    plan_version: 1,
                    decisions: vec![
                        decision(MON, "side-bridge", 35),
                        decision(WED, "side-bridge", 40),
                    ],
                },
            ])
            .unwrap();
        (
            all_sessions(&store),
            store.check_ins().unwrap(),
            store.decisions(1).unwrap(),
        )
    };
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(all_sessions(&store), written.0);
    assert_eq!(store.check_ins().unwrap(), written.1);
    assert_eq!(store.decisions(1).unwrap(), written.2);
    assert_eq!(written.0.len(), 2);
    assert_eq!(
        logged(&written.0[0]),
        vec![set(MON, "side-bridge", 30), rich_set(MON)]
    );
    assert_eq!(written.0[0].minutes, Some(40));
    assert_eq!(written.1.len(), 2);
    assert_eq!(written.2.len(), 2);
}

/// Stored JSON that no longer parses, or that disagrees with its query
/// columns, names the table and row instead of panicking.
#[test]
fn unreadable_log_rows_are_corrupt_with_table_and_id() {
    let (_dir, path) = temp_db();
    let mut store = SqliteStore::open(&path).unwrap();
    store.apply(plan_writes(MON)).unwrap();
    store
        .apply(vec![
            Write::AddSet(set(MON, "side-bridge", 30)),
            Write::AddCheckIn(readiness(MON, 2)),
            Write::ReplaceDecisions {
                plan_version: 1,
                decisions: vec![decision(MON, "side-bridge", 35)],
            },
        ])
        .unwrap();
    let set_id = set_ids(&store)[0];
    let corrupt = |err: StoreError| match err {
        StoreError::Corrupt { table, id, reason } => (table, id, reason),
        other => panic!("expected Corrupt, got {other:?}"),
    };

    let conn = raw(&path);
    conn.execute_batch(
        r#"UPDATE sets SET data = '{"date": "2026-03-02"}';
           UPDATE check_ins SET data = '{"kind": "morning"}';
           UPDATE decisions SET data = '[]';"#,
    )
    .unwrap();
    let (table, id, _) = corrupt(store.sessions(None, None).unwrap_err());
    assert_eq!((table, id), ("sets", set_id));
    let (table, _, reason) = corrupt(store.check_ins().unwrap_err());
    assert_eq!(table, "check_ins");
    assert!(reason.contains("data"), "{reason}");
    let (table, _, _) = corrupt(store.decisions(1).unwrap_err());
    assert_eq!(table, "decisions");

    // Valid JSON whose slot disagrees with the slot columns.
    let other_slot = serde_json::to_string(&LoggedSet {
        slot: slot(DayKind::B, "side-bridge"),
        ..set(MON, "side-bridge", 30)
    })
    .unwrap();
    conn.execute("UPDATE sets SET data = ?1", [other_slot])
        .unwrap();
    let (table, id, reason) = corrupt(store.sessions(None, None).unwrap_err());
    assert_eq!((table, id), ("sets", set_id));
    assert!(reason.contains("slot"), "{reason}");

    // A session RPE outside 0-10 cannot be written through the schema's
    // CHECK, so out-of-range reads are not reachable; a bad date is.
    conn.execute_batch(
        "DELETE FROM sets;
         UPDATE sessions SET date = '2026-13-45';",
    )
    .unwrap();
    let (table, _, reason) = corrupt(store.sessions(None, None).unwrap_err());
    assert_eq!(table, "sessions");
    assert!(reason.contains("date"), "{reason}");
}

/// A database written at schema v1 (before the training log existed) opens,
/// gains the log tables, and keeps its data.
#[test]
fn a_v1_database_upgrades_and_keeps_its_data() {
    let (_dir, path) = temp_db();
    let profile = Profile {
        name: Some("Ana".into()),
        sex: None,
        training_age: TrainingAge::Novice,
        training_days: TrainingDays::parse("mon,wed,fri").unwrap(),
        light_days: false,
        equipment: vec![],
        pain_now: Pain::new(1).unwrap(),
        units: Default::default(),
        inventory: Default::default(),
    };
    let program = Program {
        start: MON,
        settings: PlanSettings::default(),
        weeks: vec![],
    };
    {
        // Exactly what a v1 Keel leaves: the 0001 schema, version 1, Keel's id.
        let conn = raw(&path);
        conn.execute_batch(include_str!("../../migrations/sqlite/0001_initial.sql"))
            .unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.pragma_update(None, "application_id", 0x4B45_454C_i64)
            .unwrap();
        conn.execute(
            "INSERT INTO profile (id, data, updated_at) VALUES (1, ?1, 0)",
            [serde_json::to_string(&profile).unwrap()],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO assessments (date, recorded_at, input) VALUES ('2026-03-02', 0, ?1)",
            [serde_json::to_string(&assessment(MON, 120)).unwrap()],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO plans (version, created_on, assessment_id, program, recorded_at)
             VALUES (1, '2026-03-02', 1, ?1, 0)",
            [serde_json::to_string(&program).unwrap()],
        )
        .unwrap();
    }

    let mut store = SqliteStore::open(&path).unwrap();
    let version: i64 = raw(&path)
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, SqliteStore::schema_version());
    assert!(version >= 2);
    assert_eq!(store.profile().unwrap(), Some(profile));
    assert_eq!(store.assessments().unwrap()[0].input, assessment(MON, 120));
    let plan = store.current_plan().unwrap().unwrap();
    assert_eq!((plan.version, plan.assessment_id), (1, Some(1)));
    assert_eq!(plan.program, program);

    // The log works on the upgraded file and links to the v1 plan.
    store
        .apply(vec![Write::AddSet(set(MON, "side-bridge", 30))])
        .unwrap();
    let sessions = all_sessions(&store);
    assert_eq!(sessions[0].plan_version, Some(1));
    assert_eq!(logged(&sessions[0]), vec![set(MON, "side-bridge", 30)]);
}

/// A database an earlier Keel left after sets were logged past a new plan:
/// they sit in their day's session of the older version. Opened now, such a
/// session belongs to the newest version made before its latest set; a day
/// whose sets all came before the new plan, and one logged in the same
/// second as it, stay where they were.
#[test]
fn sessions_that_took_sets_after_a_new_plan_move_to_it_on_open() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("keel.db");
    {
        let mut store = SqliteStore::open(&path).unwrap();
        store.apply(plan_writes(MON)).unwrap();
        store
            .apply(vec![
                Write::AddSet(set(MON, "side-bridge", 30)),
                Write::AddSet(set(WED, "side-bridge", 30)),
                Write::AddSet(set(FRI, "side-bridge", 30)),
            ])
            .unwrap();
        store.apply(plan_writes(WED)).unwrap();
    }
    let before = SqliteStore::open(&path).unwrap().revision().unwrap();
    {
        // As the earlier build left it: every session on version 1, Monday
        // all before version 2, Wednesday with a set after it, Friday's set
        // in the same second as it. Then the repair migration (0007) runs on
        // it, as it does when a schema-6 database is opened.
        let conn = raw(&path);
        conn.execute_batch(
            "UPDATE sessions SET plan_version = 1;
             UPDATE plans SET recorded_at = 100 WHERE version = 1;
             UPDATE plans SET recorded_at = 200 WHERE version = 2;
             UPDATE sets SET recorded_at = 150;
             UPDATE sets SET recorded_at = 300 WHERE session_id =
                 (SELECT id FROM sessions WHERE date = '2026-03-04');
             UPDATE sets SET recorded_at = 200 WHERE session_id =
                 (SELECT id FROM sessions WHERE date = '2026-03-06');",
        )
        .unwrap();
        // 0007 was written for the one-user schema; since 0012 the revision
        // row is the file owner's (user 1), which is whose data this is.
        let repair = include_str!("../../migrations/sqlite/0007_sets_after_a_new_plan.sql")
            .replace("WHERE id = 1", "WHERE user_id = 1");
        conn.execute_batch(&repair).unwrap();
    }
    let store = SqliteStore::open(&path).unwrap();
    let versions: Vec<(Date, Option<i64>)> = store
        .sessions(None, None)
        .unwrap()
        .iter()
        .map(|s| (s.date, s.plan_version))
        .collect();
    assert_eq!(
        versions,
        vec![(MON, Some(1)), (WED, Some(2)), (FRI, Some(1))]
    );
    assert_eq!(store.sessions_of_plan(2).unwrap()[0].sets.len(), 1);
    assert_ne!(store.revision().unwrap(), before, "a server reads it again");
}
