//! Imported history as SQL: sets keyed by their stable identity (a set
//! already stored is left as it is), and the user's own exercises.
//!
//! A large import ([`import_batches`]) stores its sets batch by batch in one
//! transaction, with a page cache large enough for most of the unique key
//! index: the keys are hashes, so every set lands on a random page of that
//! index, and with SQLite's default 2 MiB cache those pages were written
//! out to the WAL in the middle of the transaction and read back for the
//! next set (the 200,000-row benchmark export: about 229,000 writes and
//! 177,000 reads, against 101,000 and 49,000 with [`IMPORT_CACHE_KIB`]).

use keel_core::history::{ExerciseRef, ImportedSet};
use rusqlite::{Connection, TransactionBehavior, params};

use super::import_read::started_range;
use super::imported_row::Columns;
use super::{SqliteStore, count_revision, db_error};
use crate::{ImportedSelection, Result, Write, counting, parts_changed};

/// The page cache of an import's transaction, in KiB. Measured on the
/// 200,000-row Strong export (190,000 sets, a 10 MiB key index): 2 MiB
/// (SQLite's default) 405,000 page reads and writes, 10 MiB 149,000, 16 MiB
/// 127,000, the floor being the WAL and its checkpoint. Memory bounds it:
/// the cache is most of what an import holds besides the file (issue 20:
/// at most 3x the file's size; 10 MiB gives 2.8x, 16 MiB 3.3x). Larger
/// imports still work, spilling more.
const IMPORT_CACHE_KIB: i64 = 10 * 1024;

/// [`crate::Store::import_batches`]: one transaction, which a failed batch
/// rolls back, with the import's page cache for its duration. No set
/// given: nothing is written (not even the revision moves).
pub(super) fn import_batches(
    store: &mut SqliteStore,
    batches: &mut dyn Iterator<Item = Result<Vec<ImportedSet>>>,
) -> Result<()> {
    let user = store.user;
    let conn = &mut store.conn;
    let cache_before: i64 = conn
        .pragma_query_value(None, "cache_size", |r| r.get(0))
        .map_err(db_error)?;
    // Negative: a size in KiB rather than in pages.
    conn.pragma_update(None, "cache_size", -IMPORT_CACHE_KIB)
        .map_err(db_error)?;
    let stored = (|| {
        let tx = conn
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
    })();
    // The connection lives on (a server's): its cache shrinks back.
    let restored = conn
        .pragma_update(None, "cache_size", cache_before)
        .map_err(db_error);
    stored.and(restored)
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
