//! Reads of imported history. Columns copied from a row's JSON must agree
//! with it, as in the training log's reads.

use std::collections::HashSet;

use jiff::civil::Date;
use keel_core::history::{ExerciseRef, ImportedSet};
use rusqlite::{Connection, params};

use super::codec::{Row, date_text};
use super::read::rows;
use crate::{ImportBatch, Result};

/// Imported sets, oldest first; `from`/`to` inclusive when given.
pub(super) fn imported_sets(
    conn: &Connection,
    user: i64,
    from: Option<Date>,
    to: Option<Date>,
) -> Result<Vec<ImportedSet>> {
    let raw = rows(
        conn,
        "SELECT id, source_key, exercise, data FROM imported_sets
             WHERE user_id = ?1 AND (?2 IS NULL OR date >= ?2) AND (?3 IS NULL OR date <= ?3)
             ORDER BY date, started_at, id",
        params![user, from.map(date_text), to.map(date_text)],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
            ))
        },
    )?;
    raw.into_iter()
        .map(|(id, key, exercise, data)| {
            let row = Row::new("imported_sets", id);
            let set: ImportedSet = row.json("data", &data)?;
            let from_json = match &set.exercise {
                ExerciseRef::Catalog(id) => Some(id.as_str().to_string()),
                ExerciseRef::Own(_) => None,
            };
            row.agrees("exercise", &exercise, &from_json)?;
            row.agrees("source_key", &key, &set.key())?;
            Ok(set)
        })
        .collect()
}

/// The stable keys of every imported set.
pub(super) fn imported_keys(conn: &Connection, user: i64) -> Result<HashSet<String>> {
    let keys = rows(
        conn,
        "SELECT source_key FROM imported_sets WHERE user_id = ?1",
        [user],
        |r| r.get::<_, String>(0),
    )?;
    Ok(keys.into_iter().collect())
}

/// The user's own exercises (from imports), by name.
pub(super) fn user_exercises(conn: &Connection, user: i64) -> Result<Vec<String>> {
    rows(
        conn,
        "SELECT name FROM user_exercises WHERE user_id = ?1 ORDER BY name COLLATE NOCASE",
        [user],
        |r| r.get(0),
    )
}

/// The imports stored, oldest first: sets grouped by when they were imported.
pub(super) fn imports(conn: &Connection, user: i64) -> Result<Vec<ImportBatch>> {
    let raw = rows(
        conn,
        "SELECT imported_at, min(source), count(*), min(date), max(date) FROM imported_sets
             WHERE user_id = ?1 GROUP BY imported_at ORDER BY imported_at",
        [user],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        },
    )?;
    raw.into_iter()
        .map(|(id, source, sets, first, last)| {
            let row = Row::new("imported_sets", id);
            Ok(ImportBatch {
                id,
                source: keel_core::history::ImportSource::from_slug(&source)
                    .ok_or_else(|| row.corrupt("source", format!("{source:?} is no source")))?,
                sets: row.int("count", sets)?,
                first: row.date("date", &first)?,
                last: row.date("date", &last)?,
            })
        })
        .collect()
}
