//! Reads of imported history, rows decoded by [`super::imported_row`].

use std::collections::HashSet;

use jiff::civil::Date;
use keel_core::history::{ImportedSet, key_text};
use rusqlite::{Connection, params};

use super::codec::{Row, date_text};
use super::imported_row::{SELECT_COLUMNS, Stored, key_hash, source};
use super::read::rows;
use crate::{ImportBatch, Result};

/// Imported sets, oldest first; `from`/`to` inclusive when given.
pub(super) fn imported_sets(
    conn: &Connection,
    user: i64,
    from: Option<Date>,
    to: Option<Date>,
) -> Result<Vec<ImportedSet>> {
    let (from, until) = started_range(from, to);
    let sql = format!(
        "SELECT {SELECT_COLUMNS} FROM imported_sets
             WHERE user_id = ?1 AND (?2 IS NULL OR started_at >= ?2)
                 AND (?3 IS NULL OR started_at < ?3)
             ORDER BY started_at, id"
    );
    rows(conn, &sql, params![user, from, until], Stored::read)?
        .into_iter()
        .map(Stored::decode)
        .collect()
}

/// The days `from` to `to` (inclusive) as a range of `started_at` texts:
/// at or after the first, before the second. A time's text starts with its
/// date's (`2024-06-18T07:30:00`), so it sorts between them.
pub(super) fn started_range(
    from: Option<Date>,
    to: Option<Date>,
) -> (Option<String>, Option<String>) {
    // The day after the last date there is has no upper bound at all.
    let until = to.and_then(|d| d.tomorrow().ok()).map(date_text);
    (from.map(date_text), until)
}

/// The stable keys of every imported set.
pub(super) fn imported_keys(conn: &Connection, user: i64) -> Result<HashSet<String>> {
    let keys = rows(
        conn,
        "SELECT id, source, key FROM imported_sets WHERE user_id = ?1",
        [user],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Vec<u8>>(2)?,
            ))
        },
    )?;
    keys.into_iter()
        .map(|(id, slug, key)| {
            let row = Row::new("imported_sets", id);
            Ok(key_text(source(row, &slug)?, key_hash(row, &key)?))
        })
        .collect()
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
        "SELECT imported_at, min(source), count(*), substr(min(started_at), 1, 10),
                 substr(max(started_at), 1, 10) FROM imported_sets
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
        .map(|(id, slug, sets, first, last)| {
            let row = Row::new("imported_sets", id);
            Ok(ImportBatch {
                id,
                source: source(row, &slug)?,
                sets: row.int("count", sets)?,
                first: row.date("date", &first)?,
                last: row.date("date", &last)?,
            })
        })
        .collect()
}
