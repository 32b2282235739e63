//! Imported history as SQL: sets keyed by their stable identity (a set
//! already stored is left as it is), and the user's own exercises.
//!
//! A large import ([`import_batches`]) stores its sets batch by batch in one
//! transaction. Sets are stored in the order of their start (exports list
//! workouts in time order), so each lands at the end of the table and of
//! its one index, and SQLite's default page cache holds what a set touches.
//! (Before migration 0015 the unique index held hashes alone: each set
//! landed on a random page of it, and the import ran with a 10 MiB cache.
//! With 0015 the 10 MiB cache measured the same as the default one:
//! 0.44-0.49 s of CPU time either way, storing the 200,000-row export's
//! rows with the `sqlite3` shell, 3 interleaved runs each.)

use keel_core::history::{ExerciseRef, ImportedSet};
use rusqlite::{Connection, TransactionBehavior, params};

use super::import_read::started_range;
use super::imported_row::Columns;
use super::{SqliteStore, count_revision, db_error};
use crate::{ImportedSelection, Result, Write, counting, parts_changed};

/// [`crate::Store::import_batches`]: one transaction, which a failed batch
/// rolls back. No set given: nothing is written (not even the revision
/// moves).
pub(super) fn import_batches(
    store: &mut SqliteStore,
    batches: &mut dyn Iterator<Item = Result<Vec<ImportedSet>>>,
) -> Result<()> {
    let user = store.user;
    let tx = store
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(db_error)?;
    let now = crate::codec::now_seconds();
    let mut any = false;
    for batch in batches {
        // An error drops `tx`, which rolls every batch back.
        let batch = batch?;
        any |= !batch.is_empty();
        import(&tx, user, &batch, now)?;
    }
    if !any {
        return Ok(());
    }
    let parts = parts_changed(&[Write::Import { sets: Vec::new() }]);
    if let Some(count) = counting(&parts) {
        count_revision(&tx, user, &count)?;
    }
    tx.commit().map_err(db_error)
}

/// Adds each set not stored yet, and each own exercise not listed yet.
pub(super) fn import(conn: &Connection, user: i64, sets: &[ImportedSet], now: i64) -> Result<()> {
    let mut add_set = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO imported_sets
                 (started_at, key, source, exercise, exercise_name, data, imported_at, user_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .map_err(db_error)?;
    let mut add_own = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO user_exercises (name, created_at, user_id) VALUES (?1, ?2, ?3)",
        )
        .map_err(db_error)?;
    let mut last_own: Option<&str> = None;
    for set in sets {
        if let ExerciseRef::Own(name) = &set.exercise {
            // Consecutive sets share an exercise; skip the repeat statement.
            if last_own != Some(name.as_str()) {
                add_own
                    .execute(params![name, now, user])
                    .map_err(db_error)?;
                last_own = Some(name.as_str());
            }
        }
        let row = Columns::of(set)?;
        add_set
            .execute(params![
                row.started_at,
                row.key,
                row.source,
                row.exercise,
                row.exercise_name,
                row.data,
                now,
                user
            ])
            .map_err(db_error)?;
    }
    Ok(())
}

/// Deletes the imported sets `which` selects.
pub(super) fn delete(conn: &Connection, user: i64, which: ImportedSelection) -> Result<()> {
    match which {
        ImportedSelection::Day(date) => {
            let (from, until) = started_range(Some(date), Some(date));
            conn.execute(
                "DELETE FROM imported_sets WHERE user_id = ?1 AND started_at >= ?2
                     AND (?3 IS NULL OR started_at < ?3)",
                params![user, from, until],
            )
        }
        ImportedSelection::Import(id) => conn.execute(
            "DELETE FROM imported_sets WHERE user_id = ?1 AND imported_at = ?2",
            params![user, id],
        ),
    }
    .map(drop)
    .map_err(db_error)
}
