//! Connection settings, which only the store's own connection can show.
#![allow(clippy::unwrap_used)]

use super::*;

fn pragma(store: &SqliteStore, name: &str) -> i64 {
    store
        .conn
        .pragma_query_value(None, name, |r| r.get(0))
        .unwrap()
}

#[test]
fn the_connection_enforces_foreign_keys_and_waits_for_locks() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("keel.db")).unwrap();
    assert_eq!(pragma(&store, "foreign_keys"), 1);
    // 1 = NORMAL
    assert_eq!(pragma(&store, "synchronous"), 1);
    assert_eq!(
        pragma(&store, "busy_timeout"),
        i64::try_from(BUSY_TIMEOUT.as_millis()).unwrap()
    );
    let mode: String = store
        .conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn foreign_keys_are_enforced_on_plans() {
    let store = SqliteStore::open_in_memory().unwrap();
    let err = store
        .conn
        .execute(
            "INSERT INTO plans (version, created_on, assessment_id, program, recorded_at)
             VALUES (1, '2026-03-02', 42, '{}', 0)",
            [],
        )
        .unwrap_err();
    assert_eq!(
        err.sqlite_error_code(),
        Some(ErrorCode::ConstraintViolation)
    );
}
