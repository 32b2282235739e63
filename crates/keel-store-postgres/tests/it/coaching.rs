//! A coach's settings change and its record commit together: a record that
//! cannot be written leaves the athlete's settings as they were, and a
//! change that goes through writes both. Needs KEEL_TEST_POSTGRES_URL; one
//! schema per test.
#![allow(clippy::unwrap_used)]

use crate::common;

use keel_core::engine::EngineSettings;
use keel_core::settings::PlanSettings;
use keel_store::{Store, StoreError, Write};
use keel_store_postgres::{ChangedSetting, PgBackend, UserId};

use common::{HASH, field};

struct Linked {
    backend: PgBackend,
    coach: UserId,
    athlete: UserId,
}

/// An admin (the first account), a coach and an athlete who accepted them.
fn linked(backend: PgBackend) -> Linked {
    backend.add_user("root", "admin", HASH).unwrap();
    let coach = backend.add_user("cy", "coach", HASH).unwrap().id;
    let athlete = backend.add_user("ana", "athlete", HASH).unwrap().id;
    backend.invite(coach, athlete).unwrap();
    backend.accept(athlete, coach).unwrap();
    Linked {
        backend,
        coach,
        athlete,
    }
}

/// The athlete's plan settings with `block-weeks` at 5, and its record.
fn five_block_weeks(backend: &PgBackend, athlete: UserId) -> (Vec<Write>, ChangedSetting) {
    let mut plan = backend.store(athlete).settings().unwrap();
    let old = plan.block_weeks;
    plan.set("block-weeks", "5").unwrap();
    let change = ChangedSetting {
        key: "block-weeks".into(),
        old: old.to_string(),
        new: "5".into(),
    };
    (vec![Write::SaveSettings(plan)], change)
}

/// The athlete's settings are still the defaults and nothing is recorded.
fn assert_untouched(backend: &PgBackend, athlete: UserId) {
    assert!(backend.settings_changes(athlete).unwrap().is_empty());
    assert_eq!(
        backend.store(athlete).settings().unwrap(),
        PlanSettings::default()
    );
}

#[test]
fn a_record_that_cannot_be_written_leaves_the_settings_unchanged() {
    let Some(schema) = common::TestSchema::new("coaching_rollback") else {
        return;
    };
    let Linked {
        backend, athlete, ..
    } = linked(schema.backend());
    // An account that no longer exists: its id cannot be recorded.
    let gone = backend.add_user("gone", "coach", HASH).unwrap().id;
    backend.delete_user("gone").unwrap();
    let before = backend.store(athlete).settings().unwrap();
    assert_ne!(before.block_weeks, 5, "the test needs a real change");

    let (writes, change) = five_block_weeks(&backend, athlete);
    let err = backend
        .change_settings(athlete, gone, writes, &[change])
        .unwrap_err();
    assert!(matches!(err, StoreError::Backend(_)), "{err:?}");

    assert_eq!(backend.store(athlete).settings().unwrap(), before);
    assert!(backend.settings_changes(athlete).unwrap().is_empty());
}

#[test]
fn a_change_writes_the_settings_and_its_record() {
    let Some(schema) = common::TestSchema::new("coaching_both") else {
        return;
    };
    let Linked {
        backend,
        coach,
        athlete,
    } = linked(schema.backend());
    let (mut writes, block) = five_block_weeks(&backend, athlete);
    let mut engine = EngineSettings::default();
    let old_step = engine.hold_step_seconds;
    engine.set("hold-step", "7").unwrap();
    writes.push(Write::SaveEngineSettings(engine.clone()));
    let step = ChangedSetting {
        key: "hold-step".into(),
        old: old_step.to_string(),
        new: "7".into(),
    };

    let ids = backend
        .change_settings(athlete, coach, writes, &[block, step])
        .unwrap();
    assert_eq!(ids.len(), 2);

    let store = backend.store(athlete);
    assert_eq!(store.settings().unwrap().block_weeks, 5);
    assert_eq!(store.engine_settings().unwrap(), Some(engine));
    let records = backend.settings_changes(athlete).unwrap();
    let shown: Vec<_> = records
        .iter()
        .map(|c| {
            (
                c.id,
                c.changed_by.as_deref(),
                c.key.as_str(),
                c.new.as_str(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            (ids[0], Some("cy"), "block-weeks", "5"),
            (ids[1], Some("cy"), "hold-step", "7"),
        ]
    );
    // The coach's own settings are untouched.
    assert_eq!(
        backend.store(coach).settings().unwrap(),
        PlanSettings::default()
    );
}

#[test]
fn an_invalid_settings_write_keeps_no_record() {
    let Some(schema) = common::TestSchema::new("coaching_invalid") else {
        return;
    };
    let Linked {
        backend,
        coach,
        athlete,
    } = linked(schema.backend());
    // Out of range: the store refuses it.
    let plan = PlanSettings {
        block_weeks: 9,
        ..PlanSettings::default()
    };
    let change = ChangedSetting {
        key: "block-weeks".into(),
        old: "4".into(),
        new: "9".into(),
    };
    let err = backend
        .change_settings(athlete, coach, vec![Write::SaveSettings(plan)], &[change])
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    assert_untouched(&backend, athlete);
}

#[test]
fn only_settings_are_written_and_never_without_a_record() {
    let Some(schema) = common::TestSchema::new("coaching_only") else {
        return;
    };
    let Linked {
        backend,
        coach,
        athlete,
    } = linked(schema.backend());
    let (writes, change) = five_block_weeks(&backend, athlete);
    assert_eq!(
        field(
            backend
                .change_settings(athlete, coach, writes.clone(), &[])
                .unwrap_err()
        ),
        "changes"
    );
    let resume = Write::DeleteSession {
        date: jiff::civil::date(2026, 3, 2),
    };
    assert_eq!(
        field(
            backend
                .change_settings(athlete, coach, vec![resume], &[change])
                .unwrap_err()
        ),
        "writes"
    );
    assert_untouched(&backend, athlete);
}
