//! The login throttle's counts in the database, so that every `keel serve`
//! process on it counts the same failures. The rule (how many, how long)
//! is keel-app's `LoginThrottle`; this only keeps its state.

use keel_store::Result;
use keel_store::accounts::ThrottleRow;

use crate::PgBackend;
use crate::codec::db_error;

impl PgBackend {
    /// The kept counts of those of `keys` that have any.
    pub fn throttle_rows(&self, keys: &[String]) -> Result<Vec<ThrottleRow>> {
        self.pool.read(|conn| {
            let rows = conn
                .query(
                    "SELECT key, failures, locked_until FROM login_throttle WHERE key = ANY($1)",
                    &[&keys],
                )
                .map_err(db_error)?;
            Ok(rows
                .iter()
                .map(|row| ThrottleRow {
                    key: row.get(0),
                    failures: row.get(1),
                    locked_until: row.get(2),
                })
                .collect())
        })
    }

    /// Replaces the counts of `keys` with what `update` makes of them (one
    /// row per key, idle ones included), in one transaction that holds the
    /// keys' rows locked, so two processes counting a failure at once both
    /// count. Rows left idle are deleted, and so are rows untouched since
    /// `stale_before` (microseconds).
    pub fn update_throttle(
        &self,
        keys: &[String],
        now: i64,
        stale_before: i64,
        update: impl FnOnce(Vec<ThrottleRow>) -> Vec<ThrottleRow>,
    ) -> Result<()> {
        let mut keys = keys.to_vec();
        // One lock order for everyone: no deadlock between two logins.
        keys.sort();
        keys.dedup();
        self.pool.run(|conn| {
            let mut tx = conn.transaction().map_err(db_error)?;
            tx.execute(
                "INSERT INTO login_throttle (key, updated_at)
                 SELECT k, $2 FROM unnest($1::text[]) AS k ORDER BY k
                 ON CONFLICT (key) DO NOTHING",
                &[&keys, &now],
            )
            .map_err(db_error)?;
            let rows = tx
                .query(
                    "SELECT key, failures, locked_until FROM login_throttle
                     WHERE key = ANY($1) ORDER BY key FOR UPDATE",
                    &[&keys],
                )
                .map_err(db_error)?;
            let current = rows
                .iter()
                .map(|row| ThrottleRow {
                    key: row.get(0),
                    failures: row.get(1),
                    locked_until: row.get(2),
                })
                .collect();
            for row in update(current) {
                if row.is_idle() {
                    tx.execute("DELETE FROM login_throttle WHERE key = $1", &[&row.key])
                } else {
                    tx.execute(
                        "UPDATE login_throttle SET failures = $2, locked_until = $3, updated_at = $4
                         WHERE key = $1",
                        &[&row.key, &row.failures, &row.locked_until, &now],
                    )
                }
                .map_err(db_error)?;
            }
            tx.execute(
                "DELETE FROM login_throttle WHERE updated_at < $1",
                &[&stale_before],
            )
            .map_err(db_error)?;
            tx.commit().map_err(db_error)
        })
    }
}
