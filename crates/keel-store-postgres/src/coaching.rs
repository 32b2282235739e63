//! What a coach changes for an athlete, written together with its record
//! of who changed it: the settings writes and the records commit in one
//! transaction, so a change can never be saved without its record (nor a
//! record kept for a change that was refused).

use keel_store::accounts::ChangedSetting;
use keel_store::{Result, Write};

use crate::codec::{db_error, get, now_seconds, uncertain};
use crate::{PgBackend, write};
use keel_store::accounts::UserId;

impl PgBackend {
    /// Applies `writes` (settings only: `SaveSettings`, `SaveEngineSettings`)
    /// to `athlete`'s data and records each of `changes` as made by
    /// `changed_by`, in one transaction: if any write or record fails,
    /// nothing is kept. Returns the records' ids, in the order given.
    pub fn change_settings(
        &self,
        athlete: UserId,
        changed_by: UserId,
        writes: Vec<Write>,
        changes: &[ChangedSetting],
    ) -> Result<Vec<i64>> {
        keel_store::accounts::check_settings_change(&writes, changes)?;
        let now = now_seconds();
        self.pool.run(|client| {
            let mut tx = client.transaction().map_err(db_error)?;
            // Any error below drops `tx`, rolling the settings back too.
            write::apply_batch(&mut tx, athlete.get(), writes, now)?;
            let mut ids = Vec::with_capacity(changes.len());
            for change in changes {
                let row = tx
                    .query_one(
                        "INSERT INTO settings_changes (athlete_id, changed_by, key, old, new, at)
                         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                        &[
                            &athlete.get(),
                            &changed_by.get(),
                            &change.key.trim(),
                            &change.old,
                            &change.new,
                            &now,
                        ],
                    )
                    .map_err(db_error)?;
                ids.push(get(&row, 0)?);
            }
            tx.commit().map_err(|e| uncertain(db_error(e)))?;
            Ok(ids)
        })
    }
}
