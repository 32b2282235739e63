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

/// A database an earlier Keel wrote from an import in pounds, row by row as
/// it wrote them: the set's JSON (each weight as its shortest decimal) and
/// the key of the exact weight. That build read such a weight back one unit
/// in the last place off, so the key no longer matched and the history was
/// unreadable. Opened now, every row reads back exactly, nothing is lost,
/// and importing the file again adds nothing.
#[test]
fn a_database_written_from_an_import_in_pounds_reads_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keel.db");
    drop(SqliteStore::open(&path).unwrap());
    let sets: Vec<_> = (1..=200u32)
        .map(|n| {
            let mut s = set("2024-06-18", own("Leg Press"), n);
            s.weight_kg = Some(f64::from(n) * 2.5 * keel_core::history::KG_PER_LB);
            s
        })
        .collect();
    let conn = rusqlite::Connection::open(&path).unwrap();
    for s in &sets {
        conn.execute(
            "INSERT INTO imported_sets
                 (source_key, source, date, started_at, exercise, exercise_name, data, imported_at,
                  user_id)
             VALUES (?1, 'strong', ?2, ?3, NULL, ?4, ?5, 0, 1)",
            rusqlite::params![
                s.key(),
                s.date().to_string(),
                s.started_at.to_string(),
                s.exercise_name,
                serde_json::to_string(s).unwrap()
            ],
        )
        .unwrap();
    }
    conn.execute(
        "INSERT INTO user_exercises (name, created_at, user_id) VALUES ('Leg Press', 0, 1)",
        [],
    )
    .unwrap();
    drop(conn);

    let mut store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.imported_sets(None, None).unwrap(), sets);
    store
        .apply(vec![Write::Import { sets: sets.clone() }])
        .unwrap();
    assert_eq!(store.imported_sets(None, None).unwrap(), sets);
}
