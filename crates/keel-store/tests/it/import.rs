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
    for tamper in [
        // The key covers the name and the values in `data`.
        "UPDATE imported_sets SET exercise_name = 'Deadlift'",
        "UPDATE imported_sets SET data = json_set(data, '$.r', 9)",
        "UPDATE imported_sets SET started_at = '2024-06-18T18:00:01'",
        "UPDATE imported_sets SET key = zeroblob(16)",
        "UPDATE imported_sets SET key = x'00'",
        "UPDATE imported_sets SET data = '{\"w\": 3, \"p\": 1}'",
        "UPDATE imported_sets SET data = 'not json'",
        "UPDATE imported_sets SET started_at = 'yesterday'",
        "UPDATE imported_sets SET data = json_set(data, '$.own', 'Curl')",
    ] {
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
            .execute(tamper, [])
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
            "{tamper}: {err}"
        );
    }
}

/// Only what no column holds is in `data`, without nulls and defaults.
#[test]
fn a_set_is_stored_without_what_the_columns_hold() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keel.db");
    let mut store = SqliteStore::open(&path).unwrap();
    let sets = vec![
        set("2024-06-18", rdl(), 1),
        set("2024-06-18", own("Curl"), 1),
    ];
    store
        .apply(vec![Write::Import { sets: sets.clone() }])
        .unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let rows: Vec<(String, Option<String>, String, Vec<u8>)> = conn
        .prepare("SELECT started_at, exercise, data, key FROM imported_sets ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows[0].0, "2024-06-18T18:00:00");
    assert_eq!(rows[0].1.as_deref(), Some("romanian-deadlift"));
    assert_eq!(rows[1].1, None);
    for (row, s) in rows.iter().zip(&sets) {
        assert_eq!(row.3, s.key_hash().to_be_bytes());
        let data: serde_json::Value = serde_json::from_str(&row.2).unwrap();
        let data = data.as_object().unwrap();
        for gone in [
            "source",
            "started_at",
            "exercise",
            "exercise_name",
            "kind",
            "own",
        ] {
            assert!(!data.contains_key(gone), "{gone} in {data:?}");
        }
        assert!(data.values().all(|v| !v.is_null()), "{data:?}");
    }
}

/// A database at schema version 13 (before migration 0015), with its
/// migrations as they were: the sets are then stored as earlier Keels
/// wrote them.
fn database_at_version_13(path: &std::path::Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).unwrap();
    for sql in [
        include_str!("../../migrations/sqlite/0001_initial.sql"),
        include_str!("../../migrations/sqlite/0002_training_log.sql"),
        include_str!("../../migrations/sqlite/0003_engine_settings.sql"),
        include_str!("../../migrations/sqlite/0004_imports.sql"),
        include_str!("../../migrations/sqlite/0005_sessions_by_plan.sql"),
        include_str!("../../migrations/sqlite/0006_revision.sql"),
        include_str!("../../migrations/sqlite/0007_sets_after_a_new_plan.sql"),
        include_str!("../../migrations/sqlite/0008_idempotency_keys.sql"),
        include_str!("../../migrations/sqlite/0009_outcomes.sql"),
        include_str!("../../migrations/sqlite/0010_calendar.sql"),
        include_str!("../../migrations/sqlite/0011_accounts.sql"),
        include_str!("../../migrations/sqlite/0012_data_per_user.sql"),
        include_str!("../../migrations/sqlite/0013_more_sessions.sql"),
    ] {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", 13).unwrap();
    conn.pragma_update(None, "application_id", 0x4B45_454C_i64)
        .unwrap();
    conn
}

/// Stores `sets` as a Keel before migration 0015 did: the whole set as
/// JSON (nulls included), the key as text, the date as its own column.
fn store_the_old_way(conn: &rusqlite::Connection, sets: &[keel_core::history::ImportedSet]) {
    for (n, s) in sets.iter().enumerate() {
        let catalog = match &s.exercise {
            keel_core::history::ExerciseRef::Catalog(id) => Some(id.as_str()),
            keel_core::history::ExerciseRef::Own(_) => None,
        };
        conn.execute(
            "INSERT INTO imported_sets
                 (source_key, source, date, started_at, exercise, exercise_name, data, imported_at,
                  user_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1)",
            rusqlite::params![
                s.key(),
                s.source.slug(),
                s.date().to_string(),
                s.started_at.to_string(),
                catalog,
                s.exercise_name,
                serde_json::to_string(s).unwrap(),
                // Two imports: the first half, then the rest.
                if n < sets.len() / 2 { 100 } else { 200 },
            ],
        )
        .unwrap();
    }
}

/// Each imported set's columns as stored, `data` parsed.
fn stored_rows(path: &std::path::Path) -> Vec<Vec<serde_json::Value>> {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.prepare(
        "SELECT json_array(started_at, hex(key), source, exercise, exercise_name), data
         FROM imported_sets ORDER BY id",
    )
    .unwrap()
    .query_map([], |r| {
        let columns: String = r.get(0)?;
        let data: String = r.get(1)?;
        Ok(vec![
            serde_json::from_str(&columns).unwrap(),
            serde_json::from_str(&data).unwrap(),
        ])
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// Every kind of value an imported set holds, as migration 0015 must carry
/// it over: catalog and own exercises (one named apart from its row), each
/// set kind, values present and absent, notes with quotes and accents,
/// both sources.
#[test]
fn migration_0015_carries_every_stored_set_over_unchanged() {
    use keel_core::history::{HalfRpe, ImportSource, SetKind};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keel.db");
    let conn = database_at_version_13(&path);
    let mut sets = vec![
        set("2024-06-18", rdl(), 1),
        set("2024-06-18", rdl(), 2),
        set("2024-06-18", own("Leg Press"), 1),
        set("2024-06-19", own("Curl"), 1),
        set("2024-06-20", rdl(), 1),
        set("2024-06-21", own("Row"), 1),
    ];
    sets[1].kind = SetKind::WarmUp;
    sets[1].weight_kg = None;
    sets[1].rpe = Some(HalfRpe::new(7.5).unwrap());
    sets[1].notes = Some("said \"easy\", then: déjà vu".into());
    sets[2].kind = SetKind::Drop;
    sets[2].seconds = Some(45);
    sets[2].metres = Some(12.7);
    sets[2].workout_notes = Some("new shoes".into());
    sets[3].exercise_name = "curl (barbell)".into();
    sets[3].reps = None;
    sets[3].workout_seconds = None;
    sets[4].source = ImportSource::Hevy;
    sets[4].kind = SetKind::Failure;
    sets[5].weight_kg = Some(102.5 * keel_core::history::KG_PER_LB);
    store_the_old_way(&conn, &sets);
    conn.execute(
        "INSERT INTO user_exercises (name, created_at, user_id)
         VALUES ('Leg Press', 0, 1), ('Curl', 0, 1), ('Row', 0, 1)",
        [],
    )
    .unwrap();
    drop(conn);

    let mut store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.imported_sets(None, None).unwrap(), sets);
    let keys: std::collections::HashSet<_> = sets.iter().map(|s| s.key()).collect();
    assert_eq!(store.imported_keys().unwrap(), keys);
    let imports = store.imports().unwrap();
    assert_eq!(imports.len(), 2);
    assert_eq!((imports[0].id, imports[0].sets), (100, 3));
    assert_eq!(imports[0].first, date(2024, 6, 18));
    assert_eq!(imports[1].last, date(2024, 6, 21));
    assert_eq!(
        store
            .imported_sets(Some(date(2024, 6, 19)), Some(date(2024, 6, 20)))
            .unwrap(),
        sets[3..5]
    );
    // Stored now as a new import stores them, byte for byte but for the
    // order of the JSON's members.
    let fresh_path = dir.path().join("fresh.db");
    let mut fresh = SqliteStore::open(&fresh_path).unwrap();
    fresh
        .apply(vec![Write::Import { sets: sets.clone() }])
        .unwrap();
    drop(fresh);
    assert_eq!(stored_rows(&fresh_path), stored_rows(&path));
    // Importing them again adds nothing.
    store
        .apply(vec![Write::Import { sets: sets.clone() }])
        .unwrap();
    assert_eq!(store.imported_sets(None, None).unwrap(), sets);
    assert_eq!(store.imports().unwrap().len(), 2);
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
    let conn = database_at_version_13(&path);
    let sets: Vec<_> = (1..=200u32)
        .map(|n| {
            let mut s = set("2024-06-18", own("Leg Press"), n);
            s.weight_kg = Some(f64::from(n) * 2.5 * keel_core::history::KG_PER_LB);
            s
        })
        .collect();
    store_the_old_way(&conn, &sets);
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
