//! Embedded, versioned schema migrations tracked in `keel_schema_migrations`
//! (one row per applied migration). Each migration runs in its own
//! transaction together with its row, so a failure leaves the schema at the
//! previous version. Released migrations are never edited; a schema change is
//! a new file appended to [`MIGRATIONS`].

use postgres::Client;

use crate::codec::{db_error, now_seconds};
use keel_store::{Result, StoreError};

/// Every migration, in order; index i brings the schema to version i + 1.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_initial.sql"),
    include_str!("../migrations/0002_accounts.sql"),
    include_str!("../migrations/0003_api_token_expiry.sql"),
    include_str!("../migrations/0004_sessions_by_plan.sql"),
    include_str!("../migrations/0005_revision.sql"),
    include_str!("../migrations/0006_one_set_index_by_session.sql"),
    include_str!("../migrations/0007_sets_after_a_new_plan.sql"),
    include_str!("../migrations/0008_idempotency_keys.sql"),
    include_str!("../migrations/0009_outcomes.sql"),
    include_str!("../migrations/0010_login_throttle.sql"),
    include_str!("../migrations/0011_calendar.sql"),
    include_str!("../migrations/0012_more_sessions.sql"),
    include_str!("../migrations/0013_decision_halts.sql"),
    include_str!("../migrations/0014_answers_by_age.sql"),
];

/// The advisory lock that serialises migrations ("KEEL" in ASCII), so two
/// servers starting at once cannot both apply one.
const MIGRATION_LOCK: i64 = 0x4B45_454C;

/// The schema version this build knows.
pub(crate) fn latest_version() -> i64 {
    // A handful of entries; the cast cannot truncate.
    MIGRATIONS.len() as i64
}

/// Brings the schema in the client's `search_path` up to [`latest_version`].
pub(crate) fn migrate(client: &mut Client) -> Result<()> {
    loop {
        let mut tx = client.transaction().map_err(db_error)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .map_err(db_error)?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS keel_schema_migrations (
                 version    BIGINT PRIMARY KEY CHECK (version >= 1),
                 applied_at BIGINT NOT NULL
             )",
        )
        .map_err(db_error)?;
        let version: i64 = tx
            .query_one(
                "SELECT COALESCE(MAX(version), 0) FROM keel_schema_migrations",
                &[],
            )
            .and_then(|row| row.try_get(0))
            .map_err(db_error)?;
        let known = latest_version();
        if version > known {
            return Err(StoreError::TooNew {
                found: version,
                known,
            });
        }
        let Some(sql) = usize::try_from(version)
            .ok()
            .and_then(|index| MIGRATIONS.get(index))
        else {
            return tx.commit().map_err(db_error);
        };
        tx.batch_execute(sql).map_err(db_error)?;
        tx.execute(
            "INSERT INTO keel_schema_migrations (version, applied_at) VALUES ($1, $2)",
            &[&(version + 1), &now_seconds()],
        )
        .map_err(db_error)?;
        tx.commit().map_err(db_error)?;
    }
}
