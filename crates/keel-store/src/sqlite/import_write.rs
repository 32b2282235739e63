//! Imported history as SQL: sets keyed by their stable identity (a set
//! already stored is left as it is), and the user's own exercises.

use keel_core::history::{ExerciseRef, ImportedSet};
use rusqlite::{Connection, params};

use super::codec::{date_text, to_json};
use super::db_error;
use crate::{ImportedSelection, Result};

/// Adds each set not stored yet, and each own exercise not listed yet.
pub(super) fn import(conn: &Connection, user: i64, sets: &[ImportedSet], now: i64) -> Result<()> {
    let mut add_set = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO imported_sets
                 (source_key, source, date, started_at, exercise, exercise_name, data, imported_at,
                  user_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .map_err(db_error)?;
    let mut add_own = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO user_exercises (name, created_at, user_id) VALUES (?1, ?2, ?3)",
        )
        .map_err(db_error)?;
    let mut last_own: Option<&str> = None;
    for set in sets {
        let catalog_id = match &set.exercise {
            ExerciseRef::Catalog(id) => Some(id.as_str()),
            ExerciseRef::Own(name) => {
                // Consecutive sets share an exercise; skip the repeat statement.
                if last_own != Some(name.as_str()) {
                    add_own
                        .execute(params![name, now, user])
                        .map_err(db_error)?;
                    last_own = Some(name.as_str());
                }
                None
            }
        };
        let data = to_json("imported set", set)?;
        let key = set.key();
        add_set
            .execute(params![
                key,
                set.source.slug(),
                date_text(set.date()),
                set.started_at.to_string(),
                catalog_id,
                set.exercise_name,
                data,
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
        ImportedSelection::Day(date) => conn.execute(
            "DELETE FROM imported_sets WHERE user_id = ?1 AND date = ?2",
            params![user, date_text(date)],
        ),
        ImportedSelection::Import(id) => conn.execute(
            "DELETE FROM imported_sets WHERE user_id = ?1 AND imported_at = ?2",
            params![user, id],
        ),
    }
    .map(drop)
    .map_err(db_error)
}
