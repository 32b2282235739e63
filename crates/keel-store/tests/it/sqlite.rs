//! The SQLite backend beyond the conformance story every backend passes
//! (tests/conformance.rs): a full story reopened from the file, a batch
//! stopped inside SQL, corrupt rows, and the ways opening a file can fail.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use jiff::civil::date;
use keel_core::redflag::RedFlag;
use keel_core::settings::PlanSettings;
use keel_store::conformance::{
    add_plan, assessment, profile, program, screen, settings, write_onboarding_story,
};
use keel_store::{
    ProgramStatus, SafetyEvent, ScreenContext, SqliteStore, Store, StoreError, Write,
};
use tempfile::TempDir;

fn temp_db() -> (TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keel.db");
    (dir, path)
}

/// A second, raw connection to the same file, for arranging damage the API cannot make.
fn raw(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

fn assert_empty(store: &SqliteStore) {
    assert_eq!(store.profile().unwrap(), None);
    assert_eq!(store.settings().unwrap(), PlanSettings::default());
    assert!(store.assessments().unwrap().is_empty());
    assert!(store.safety_events().unwrap().is_empty());
    assert!(store.plans().unwrap().is_empty());
    assert_eq!(store.current_plan().unwrap(), None);
}

#[test]
fn story_reads_back_identical_after_reopening() {
    let (_dir, path) = temp_db();
    let first = assessment(date(2026, 3, 2), 120);
    let retest = assessment(date(2026, 4, 13), 150);
    let halted_flags = vec![RedFlag::NumbnessOrTingling, RedFlag::NightPain];

    let written = {
        let mut store = SqliteStore::open(&path).unwrap();
        write_onboarding_story(&mut store);
        (
            store.assessments().unwrap(),
            store.safety_events().unwrap(),
            store.plans().unwrap(),
        )
    };

    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.profile().unwrap(), Some(profile()));
    assert_eq!(store.settings().unwrap(), settings());

    let assessments = store.assessments().unwrap();
    assert_eq!(assessments, written.0);
    let inputs: Vec<_> = assessments.iter().map(|a| a.input.clone()).collect();
    assert_eq!(inputs, vec![first, retest]);

    assert_eq!(store.safety_events().unwrap(), written.1);
    assert_eq!(
        store.safety_events().unwrap(),
        vec![
            SafetyEvent::Screen {
                date: date(2026, 3, 2),
                context: ScreenContext::Onboarding,
                flags: vec![],
            },
            SafetyEvent::Screen {
                date: date(2026, 3, 20),
                context: ScreenContext::PainEntry,
                flags: halted_flags,
            },
            SafetyEvent::Resume {
                date: date(2026, 3, 27),
                note: "cleared by my physio".into(),
            },
            SafetyEvent::Screen {
                date: date(2026, 4, 13),
                context: ScreenContext::Retest,
                flags: vec![],
            },
        ]
    );

    let plans = store.plans().unwrap();
    assert_eq!(plans, written.2);
    assert_eq!(plans.len(), 2);
    assert_eq!(plans[0].version, 1);
    assert_eq!(plans[0].created_on, date(2026, 3, 2));
    assert_eq!(plans[0].program, program(date(2026, 3, 2)));
    assert_eq!(plans[0].assessment_id, Some(assessments[0].id));
    assert_eq!(plans[1].version, 2);
    assert_eq!(plans[1].assessment_id, Some(assessments[1].id));
    assert_eq!(store.current_plan().unwrap().as_ref(), plans.last());
    assert_eq!(store.status().unwrap(), ProgramStatus::Active);
}

#[test]
fn a_batch_whose_last_write_fails_in_sql_leaves_nothing() {
    let (_dir, path) = temp_db();
    let mut store = SqliteStore::open(&path).unwrap();
    // Make the database itself reject plan rows, so the failure happens at
    // the final INSERT, after every earlier write of the batch has run.
    raw(&path)
        .execute_batch(
            "CREATE TRIGGER refuse_plans BEFORE INSERT ON plans
             BEGIN SELECT RAISE(ABORT, 'plans refused by test'); END;",
        )
        .unwrap();

    let err = store
        .apply(vec![
            Write::SaveProfile(profile()),
            Write::SaveSettings(settings()),
            screen(date(2026, 3, 2), ScreenContext::Onboarding, vec![]),
            Write::AddAssessment(assessment(date(2026, 3, 2), 120)),
            add_plan(date(2026, 3, 2), true),
        ])
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Backend(m) if m.contains("plans refused by test")),
        "{err:?}"
    );
    assert_empty(&store);
    drop(store);
    assert_empty(&SqliteStore::open(&path).unwrap());
}

#[test]
fn a_database_from_a_newer_keel_is_refused_untouched() {
    let (_dir, path) = temp_db();
    drop(SqliteStore::open(&path).unwrap());
    raw(&path).pragma_update(None, "user_version", 999).unwrap();

    let err = SqliteStore::open(&path).err().unwrap();
    assert!(
        matches!(err, StoreError::TooNew { found: 999, known } if known == SqliteStore::schema_version()),
        "{err:?}"
    );
    let version: i64 = raw(&path)
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 999);
}

#[test]
fn a_text_file_is_not_opened_as_a_database() {
    let (_dir, path) = temp_db();
    let text = "these are my notes, not a database\n".repeat(40);
    std::fs::write(&path, &text).unwrap();

    let err = SqliteStore::open(&path).err().unwrap();
    match &err {
        StoreError::Open {
            path: shown,
            reason,
        } => {
            assert_eq!(shown, &path.display().to_string());
            assert!(reason.contains("not a database"), "{reason}");
        }
        other => panic!("expected Open, got {other:?}"),
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn another_programs_sqlite_file_is_not_taken_over() {
    let (_dir, path) = temp_db();
    raw(&path)
        .execute_batch("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT);")
        .unwrap();
    let err = SqliteStore::open(&path).err().unwrap();
    assert!(
        matches!(&err, StoreError::Open { reason, .. } if reason.contains("did not create")),
        "{err:?}"
    );
    let tables: i64 = raw(&path)
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 1);
}

#[test]
fn a_missing_directory_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nowhere").join("keel.db");
    let err = SqliteStore::open(&path).err().unwrap();
    assert!(
        matches!(&err, StoreError::Open { reason, .. } if reason.contains("does not exist")),
        "{err:?}"
    );
}

#[test]
fn a_new_file_is_created_in_wal_mode_at_the_latest_version() {
    let (_dir, path) = temp_db();
    drop(SqliteStore::open(&path).unwrap());
    assert!(path.is_file());
    let conn = raw(&path);
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, SqliteStore::schema_version());
    drop(conn);
    // Reopening an up-to-date file applies nothing and keeps data.
    let mut store = SqliteStore::open(&path).unwrap();
    store.apply(vec![Write::SaveProfile(profile())]).unwrap();
    drop(store);
    assert_eq!(
        SqliteStore::open(&path).unwrap().profile().unwrap(),
        Some(profile())
    );
}

/// Stored JSON that no longer parses names the table and row instead of panicking.
#[test]
fn unreadable_rows_are_reported_as_corrupt_with_table_and_id() {
    let (_dir, path) = temp_db();
    let mut store = SqliteStore::open(&path).unwrap();
    store
        .apply(vec![
            Write::SaveProfile(profile()),
            Write::SaveSettings(settings()),
            Write::AddAssessment(assessment(date(2026, 3, 2), 120)),
            screen(date(2026, 3, 2), ScreenContext::Onboarding, vec![]),
            add_plan(date(2026, 3, 2), true),
        ])
        .unwrap();
    let plan_id = store.current_plan().unwrap().unwrap().id;
    let assessment_id = store.assessments().unwrap()[0].id;

    let conn = raw(&path);
    conn.execute_batch(
        r#"UPDATE profile SET data = '{"name": 5}';
           UPDATE settings SET data = '{"blocks": 9}';
           UPDATE assessments SET input = '{}';
           UPDATE safety_events SET flags = '["not-a-flag"]';
           UPDATE plans SET program = '[]';"#,
    )
    .unwrap();

    let corrupt = |err: StoreError| match err {
        StoreError::Corrupt { table, id, reason } => (table, id, reason),
        other => panic!("expected Corrupt, got {other:?}"),
    };
    let (table, id, _) = corrupt(store.profile().unwrap_err());
    assert_eq!((table, id), ("profile", 1));
    // Parses, but out of range: still refused.
    let (table, id, reason) = corrupt(store.settings().unwrap_err());
    assert_eq!((table, id), ("settings", 1));
    assert!(reason.contains("blocks"), "{reason}");
    let (table, id, _) = corrupt(store.assessments().unwrap_err());
    assert_eq!((table, id), ("assessments", assessment_id));
    let (table, _, reason) = corrupt(store.safety_events().unwrap_err());
    assert_eq!(table, "safety_events");
    assert!(reason.contains("flags"), "{reason}");
    let (table, id, _) = corrupt(store.current_plan().unwrap_err());
    assert_eq!((table, id), ("plans", plan_id));
    let (table, id, _) = corrupt(store.plans().unwrap_err());
    assert_eq!((table, id), ("plans", plan_id));
}

/// Migration 14 on a database from before it: each stored decision gets
/// its `halt` from its JSON, and the carried read then passes over halts.
#[test]
fn decisions_stored_before_migration_14_get_their_halt() {
    use keel_store::conformance::{decision, halt, plan_writes};
    let (_dir, path) = temp_db();
    let on = date(2026, 3, 2);
    let stored = vec![
        decision(on, "side-bridge", 35),
        halt(on, "side-bridge"),
        decision(on, "bird-dog", 25),
    ];
    let mut store = SqliteStore::open(&path).unwrap();
    store.apply(plan_writes(on)).unwrap();
    store
        .apply(vec![Write::ReplaceDecisions {
            plan_version: 1,
            decisions: stored.clone(),
        }])
        .unwrap();
    drop(store);
    // The decisions table as before migration 14 (no column, no index),
    // then that migration's own SQL: later migrations have already run on
    // this file, so the version number cannot simply be set back.
    let conn = raw(&path);
    conn.execute_batch(
        "DROP INDEX decisions_carried;
         ALTER TABLE decisions DROP COLUMN halt;",
    )
    .unwrap();
    conn.execute_batch(include_str!(
        "../../migrations/sqlite/0014_decision_halts.sql"
    ))
    .unwrap();
    drop(conn);

    let store = SqliteStore::open(&path).unwrap();
    let halts: Vec<(i64, i64)> = raw(&path)
        .prepare("SELECT position, halt FROM decisions ORDER BY position")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(halts, vec![(0, 0), (1, 1), (2, 0)]);
    assert_eq!(store.decisions(1).unwrap(), stored, "reads back whole");
    assert_eq!(
        store.carried_decisions(2).unwrap(),
        vec![(1, stored[0].clone()), (1, stored[2].clone())]
    );
}
