//! Imported history in the SQLite backend: idempotent by key, own exercises
//! listed once, date ranges, atomic with the rest of a batch, corrupt rows.
#![allow(clippy::unwrap_used)]

use jiff::civil::date;
use keel_store::conformance::{imported as set, own, rdl};
use keel_store::{SqliteStore, Store, StoreError, Write};

#[test]
fn import_is_idempotent_and_lists_own_exercises_once() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let sets = vec![
        set("2024-06-18", rdl(), 1),
        set("2024-06-18", rdl(), 2),
        set("2024-06-18", own("Leg Press"), 1),
        set("2024-06-19", own("leg press"), 1),
        set("2024-06-20", own("Curl"), 1),
    ];
    store
        .apply(vec![Write::Import { sets: sets.clone() }])
        .unwrap();
    store
        .apply(vec![Write::Import { sets: sets.clone() }])
        .unwrap();
    let stored = store.imported_sets(None, None).unwrap();
    assert_eq!(stored, sets);
    assert_eq!(store.imported_keys().unwrap().len(), 5);
    assert!(store.imported_keys().unwrap().contains(&sets[0].key()));
    // Names compare without case: "leg press" is the same exercise.
    assert_eq!(store.user_exercises().unwrap(), ["Curl", "Leg Press"]);
    let range = store
        .imported_sets(Some(date(2024, 6, 19)), Some(date(2024, 6, 19)))
        .unwrap();
    assert_eq!(range, sets[3..4]);
}

#[test]
fn a_failing_batch_imports_nothing() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let err = store
        .apply(vec![
            Write::Import {
                sets: vec![set("2024-06-18", own("Leg Press"), 1)],
            },
            Write::DeleteSet { id: 999 },
        ])
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    assert!(store.imported_sets(None, None).unwrap().is_empty());
    assert!(store.user_exercises().unwrap().is_empty());
}

#[test]
fn a_tampered_row_reads_as_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keel.db");
    let mut store = SqliteStore::open(&path).unwrap();
    store
        .apply(vec![Write::Import {
            sets: vec![set("2024-06-18", rdl(), 1)],
        }])
        .unwrap();
    drop(store);
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute("UPDATE imported_sets SET exercise = 'side-bridge'", [])
        .unwrap();
    let err = SqliteStore::open(&path)
        .unwrap()
        .imported_sets(None, None)
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Corrupt {
                table: "imported_sets",
                ..
            }
        ),
        "{err}"
    );
}
