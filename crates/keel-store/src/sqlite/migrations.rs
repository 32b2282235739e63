//! Embedded, versioned schema migrations tracked by `PRAGMA user_version`.
//!
//! `user_version` N means the first N migrations are applied. Each migration
//! runs in its own transaction together with its version bump, so a failure
//! leaves the database at the previous version. Released migrations are never
//! edited; a schema change is a new entry appended to [`MIGRATIONS`].

use std::collections::BTreeSet;

use rusqlite::{Connection, TransactionBehavior};

use super::open_reason;
use crate::StoreError;

/// Every migration, in order; index i brings the schema to version i + 1.
pub(super) const MIGRATIONS: &[&str] = &[
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
    include_str!("../../migrations/sqlite/0014_decision_halts.sql"),
    include_str!("../../migrations/sqlite/0015_smaller_imported_sets.sql"),
    include_str!("../../migrations/sqlite/0016_answers_by_age.sql"),
];

/// `PRAGMA application_id` marking a file as Keel's ("KEEL" in ASCII).
pub(super) const APPLICATION_ID: i64 = 0x4B45_454C;

/// Why an open failed before the schema could be trusted.
#[derive(Debug)]
pub(super) enum MigrateError {
    /// Not a Keel database (another program's SQLite file).
    Foreign(String),
    /// Written by a newer Keel.
    TooNew {
        found: i64,
        known: i64,
    },
    Sql(rusqlite::Error),
}

impl From<rusqlite::Error> for MigrateError {
    fn from(err: rusqlite::Error) -> Self {
        MigrateError::Sql(err)
    }
}

/// The schema version this build knows.
pub(super) fn latest_version() -> i64 {
    // The list is a handful of entries; the cast cannot truncate.
    MIGRATIONS.len() as i64
}

/// Brings the database up to [`latest_version`].
pub(super) fn migrate(conn: &mut Connection) -> std::result::Result<(), MigrateError> {
    check_ownership(conn)?;
    loop {
        // IMMEDIATE takes the write lock first, so two Keels opening the same
        // new file at once cannot both apply a migration.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version = user_version(&tx)?;
        let known = latest_version();
        if version > known {
            return Err(MigrateError::TooNew {
                found: version,
                known,
            });
        }
        let Some(sql) = usize::try_from(version)
            .ok()
            .and_then(|index| MIGRATIONS.get(index))
        else {
            // Up to date (a negative version is caught by `check_ownership`).
            return Ok(());
        };
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.commit()?;
    }
}

/// Refuses a SQLite file some other program created, rather than adding
/// Keel's tables to it.
fn check_ownership(conn: &Connection) -> std::result::Result<(), MigrateError> {
    let app_id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    if app_id == APPLICATION_ID {
        return Ok(());
    }
    if app_id != 0 {
        return Err(MigrateError::Foreign(format!(
            "it is a SQLite database of another application (application_id {app_id})"
        )));
    }
    let version = user_version(conn)?;
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    if version < 0 || (version == 0 && objects > 0) {
        return Err(MigrateError::Foreign(
            "it is a SQLite database that Keel did not create".into(),
        ));
    }
    Ok(())
}

/// A schema object: (type, name, its SQL).
pub(super) type SchemaObject = (String, String, Option<String>);

/// Keel's tables, indexes and triggers in `conn` (SQLite's own aside).
pub(super) fn schema_objects(conn: &Connection) -> rusqlite::Result<BTreeSet<SchemaObject>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, sql FROM sqlite_schema \
         WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    )?;
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect()
}

/// The schema objects a database at `version` has, made by this build's
/// first `version` migrations in a private database.
pub(super) fn expected_objects(version: i64) -> rusqlite::Result<BTreeSet<SchemaObject>> {
    let conn = Connection::open_in_memory()?;
    let count = usize::try_from(version).unwrap_or(0);
    for sql in MIGRATIONS.iter().take(count) {
        conn.execute_batch(sql)?;
    }
    schema_objects(&conn)
}

fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

/// Maps a migration failure to the store's error for the file at `path`.
pub(super) fn into_store_error(err: MigrateError, path: &str) -> StoreError {
    match err {
        MigrateError::TooNew { found, known } => StoreError::TooNew { found, known },
        MigrateError::Foreign(reason) => StoreError::Open {
            path: path.to_string(),
            reason,
        },
        MigrateError::Sql(err) => StoreError::Open {
            path: path.to_string(),
            reason: open_reason(&err),
        },
    }
}
