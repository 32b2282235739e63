//! The SQLite backend against its contract: a full story written, reopened
//! and read back; versioned plans; atomic batches; status transitions; and
//! the ways opening a file can fail.
#![allow(clippy::unwrap_used)]

use std::error::Error as _;
use std::path::Path;

use jiff::civil::{Date, date};
use keel_core::InputError;
use keel_core::assessment::{AssessmentInput, EnduranceHolds, Mobility, MovementQuality};
use keel_core::catalog::Equipment;
use keel_core::measure::{Pain, ReachCm, Score03, Seconds};
use keel_core::profile::{Profile, Sex, TrainingAge, TrainingDays};
use keel_core::program::Program;
use keel_core::redflag::RedFlag;
use keel_core::settings::PlanSettings;
use keel_store::{
    ProgramStatus, SafetyEvent, ScreenContext, SqliteStore, Store, StoreError, Write,
};
use tempfile::TempDir;

fn profile() -> Profile {
    Profile {
        name: Some("Ana".into()),
        sex: Some(Sex::Female),
        training_age: TrainingAge::Intermediate,
        training_days: TrainingDays::parse("mon,wed,fri").unwrap(),
        light_days: true,
        equipment: vec![Equipment::Kettlebell, Equipment::Band],
        pain_now: Pain::new(2).unwrap(),
    }
}

fn assessment(on: Date, extensor: i64) -> AssessmentInput {
    AssessmentInput {
        date: on,
        holds: EnduranceHolds {
            extensor: Some(Seconds::new(extensor).unwrap()),
            flexor: Some(Seconds::new(90).unwrap()),
            side_bridge_right: Some(Seconds::new(60).unwrap()),
            side_bridge_left: Some(Seconds::new(55).unwrap()),
            prone_plank: None,
        },
        movement: MovementQuality {
            hip_hinge: Some(Score03::new(2).unwrap()),
            bird_dog: Some(Score03::new(3).unwrap()),
            dead_bug: None,
        },
        mobility: Mobility {
            toe_touch_cm: Some(ReachCm::new(-4).unwrap()),
            thomas_left: Some(true),
            thomas_right: Some(false),
            ..Mobility::default()
        },
        pain_now: Some(Pain::new(1).unwrap()),
    }
}

fn program(start: Date) -> Program {
    Program {
        start,
        settings: PlanSettings::default(),
        weeks: vec![],
    }
}

fn settings() -> PlanSettings {
    let mut s = PlanSettings::default();
    s.set("block-weeks", "4").unwrap();
    s.set("region-cap", "40").unwrap();
    s
}

fn screen(on: Date, context: ScreenContext, flags: Vec<RedFlag>) -> Write {
    Write::Safety(SafetyEvent::Screen {
        date: on,
        context,
        flags,
    })
}

fn resume(on: Date, note: &str) -> Write {
    Write::Safety(SafetyEvent::Resume {
        date: on,
        note: note.into(),
    })
}

fn add_plan(on: Date, link: bool) -> Write {
    Write::AddPlan {
        created_on: on,
        program: program(on),
        link_latest_assessment: link,
    }
}

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
        // Onboarding: one batch, the plan linked to the assessment in the same batch.
        store
            .apply(vec![
                Write::SaveProfile(profile()),
                Write::SaveSettings(settings()),
                screen(date(2026, 3, 2), ScreenContext::Onboarding, vec![]),
                Write::AddAssessment(first.clone()),
                add_plan(date(2026, 3, 2), true),
            ])
            .unwrap();
        store
            .apply(vec![screen(
                date(2026, 3, 20),
                ScreenContext::PainEntry,
                halted_flags.clone(),
            )])
            .unwrap();
        store
            .apply(vec![resume(date(2026, 3, 27), "cleared by my physio")])
            .unwrap();
        store
            .apply(vec![
                screen(date(2026, 4, 13), ScreenContext::Retest, vec![]),
                Write::AddAssessment(retest.clone()),
                add_plan(date(2026, 4, 13), true),
            ])
            .unwrap();
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
fn plans_are_versioned_not_overwritten() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store
        .apply(vec![Write::AddAssessment(assessment(
            date(2026, 3, 2),
            100,
        ))])
        .unwrap();
    store.apply(vec![add_plan(date(2026, 3, 2), true)]).unwrap();
    let v1 = store.current_plan().unwrap().unwrap();

    store
        .apply(vec![add_plan(date(2026, 3, 9), false)])
        .unwrap();
    store
        .apply(vec![add_plan(date(2026, 3, 16), true)])
        .unwrap();

    let plans = store.plans().unwrap();
    let versions: Vec<i64> = plans.iter().map(|p| p.version).collect();
    assert_eq!(versions, vec![1, 2, 3]);
    assert_eq!(plans[0], v1, "the first version is kept unchanged");
    assert_eq!(plans[1].program.start, date(2026, 3, 9));
    assert_eq!(plans[1].assessment_id, None, "not linked when not asked");
    assert_eq!(plans[2].assessment_id, v1.assessment_id);
    let current = store.current_plan().unwrap().unwrap();
    assert_eq!(current.version, 3);
    assert_eq!(current.created_on, date(2026, 3, 16));
}

#[test]
fn latest_assessment_is_the_latest_date_not_the_last_entered() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store
        .apply(vec![
            Write::AddAssessment(assessment(date(2026, 4, 13), 150)),
            // Back-filled afterwards: older date, higher row id.
            Write::AddAssessment(assessment(date(2026, 3, 2), 120)),
            add_plan(date(2026, 4, 13), true),
        ])
        .unwrap();
    let assessments = store.assessments().unwrap();
    let dates: Vec<Date> = assessments.iter().map(|a| a.input.date).collect();
    assert_eq!(dates, vec![date(2026, 3, 2), date(2026, 4, 13)]);
    let plan = store.current_plan().unwrap().unwrap();
    assert_eq!(plan.assessment_id, Some(assessments[1].id));
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
fn linking_a_plan_without_any_assessment_fails_and_writes_nothing() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let err = store
        .apply(vec![
            Write::SaveProfile(profile()),
            screen(date(2026, 3, 2), ScreenContext::Onboarding, vec![]),
            add_plan(date(2026, 3, 2), true),
        ])
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    assert_empty(&store);
}

#[test]
fn settings_out_of_range_are_refused_with_the_field_named() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let bad = PlanSettings {
        blocks: 9,
        ..PlanSettings::default()
    };
    let err = store
        .apply(vec![
            Write::SaveProfile(profile()),
            Write::SaveSettings(bad),
        ])
        .unwrap_err();
    // The CLI finds InputError in the chain to exit with "invalid input".
    let input = err
        .source()
        .and_then(|s| s.downcast_ref::<InputError>())
        .unwrap();
    assert_eq!(input.field, "blocks");
    assert_empty(&store);
}

#[test]
fn settings_default_until_saved_and_the_last_save_wins() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    assert_eq!(store.settings().unwrap(), PlanSettings::default());
    store.apply(vec![Write::SaveSettings(settings())]).unwrap();
    assert_eq!(store.settings().unwrap(), settings());
    store
        .apply(vec![Write::SaveSettings(PlanSettings::default())])
        .unwrap();
    assert_eq!(store.settings().unwrap(), PlanSettings::default());
}

#[test]
fn status_halts_on_a_flagged_screen_and_only_a_resume_lifts_it() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    assert_eq!(store.status().unwrap(), ProgramStatus::Active);

    store
        .apply(vec![screen(
            date(2026, 3, 2),
            ScreenContext::Onboarding,
            vec![],
        )])
        .unwrap();
    assert_eq!(store.status().unwrap(), ProgramStatus::Active);

    store
        .apply(vec![screen(
            date(2026, 3, 10),
            ScreenContext::PainEntry,
            vec![RedFlag::LegWeakness],
        )])
        .unwrap();
    let halted = ProgramStatus::Halted {
        since: date(2026, 3, 10),
        flags: vec![RedFlag::LegWeakness],
    };
    assert_eq!(store.status().unwrap(), halted);

    // A clear screen later does not lift a halt; neither does another flag move it.
    store
        .apply(vec![
            screen(date(2026, 3, 12), ScreenContext::PainEntry, vec![]),
            screen(
                date(2026, 3, 13),
                ScreenContext::PainEntry,
                vec![RedFlag::NightPain],
            ),
        ])
        .unwrap();
    assert_eq!(store.status().unwrap(), halted);

    store
        .apply(vec![resume(date(2026, 3, 20), "seen a doctor")])
        .unwrap();
    assert_eq!(store.status().unwrap(), ProgramStatus::Active);
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
