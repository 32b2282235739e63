//! Changing who may see what: an account's role, and withdrawing a coach's
//! access to an athlete.
//!
//! Role changes take the same advisory lock as adding and deleting
//! accounts, so two admins demoting each other at once cannot leave the
//! server without one.

use keel_store::Result;

use keel_store::accounts::{self as rules, ADMIN, LinkedUser, UserId, check_name, check_role};

use crate::PgBackend;
use crate::accounts::{ACCOUNTS_LOCK, id_of, is_last_admin};
use crate::codec::{db_error, get, uncertain};

impl PgBackend {
    /// Gives `name` the role `role`. Demoting the server's last admin is
    /// refused, and nothing changes; giving an account the role it has is
    /// no change either.
    pub fn set_role(&self, name: &str, role: &str) -> Result<()> {
        let name = check_name("name", name)?;
        check_role(role)?;
        self.pool.run(|client| {
            let mut tx = client.transaction().map_err(db_error)?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&ACCOUNTS_LOCK])
                .map_err(db_error)?;
            let id = id_of(&mut tx, "name", name)?;
            if role != ADMIN && is_last_admin(&mut tx, id)? {
                return Err(rules::last_admin_kept_on_role(name));
            }
            tx.execute("UPDATE users SET role = $2 WHERE id = $1", &[&id, &role])
                .map_err(db_error)?;
            tx.commit().map_err(|e| uncertain(db_error(e)))
        })
    }

    /// The coaches `athlete` accepted, by name.
    pub fn coaches_of(&self, athlete: UserId) -> Result<Vec<LinkedUser>> {
        self.pool.run(|client| {
            let rows = client
                .query(
                    "SELECT u.id, u.name FROM coach_links l JOIN users u ON u.id = l.coach_id
                     WHERE l.athlete_id = $1 AND l.status = 'accepted'
                     ORDER BY u.name, u.id",
                    &[&athlete.get()],
                )
                .map_err(db_error)?;
            rows.iter()
                .map(|row| {
                    Ok(LinkedUser {
                        id: UserId::new(get(row, 0)?),
                        name: get(row, 1)?,
                    })
                })
                .collect()
        })
    }

    /// `athlete` withdraws `coach`'s access (or declines a pending
    /// invitation): the coach no longer sees or changes anything of theirs.
    /// Without a link, invalid input and nothing changes.
    pub fn withdraw_coach(&self, athlete: UserId, coach: UserId) -> Result<()> {
        if self.unlink(coach, athlete)? {
            Ok(())
        } else {
            Err(rules::not_your_coach())
        }
    }

    /// `coach` stops coaching `athlete` (or cancels a pending invitation).
    /// Without a link, invalid input and nothing changes.
    pub fn drop_athlete(&self, coach: UserId, athlete: UserId) -> Result<()> {
        if self.unlink(coach, athlete)? {
            Ok(())
        } else {
            Err(rules::not_your_athlete())
        }
    }

    /// Deletes the link between `coach` and `athlete`; whether there was one.
    fn unlink(&self, coach: UserId, athlete: UserId) -> Result<bool> {
        self.pool.run(|client| {
            client
                .execute(
                    "DELETE FROM coach_links WHERE coach_id = $1 AND athlete_id = $2",
                    &[&coach.get(), &athlete.get()],
                )
                .map(|deleted| deleted > 0)
                .map_err(db_error)
        })
    }
}
