//! Accounts on the local file ([`Accounts`]; migration 0011): the same
//! model as PostgreSQL's, whose rules are `crate::accounts`'s; this only
//! stores. Writes that read before they write take the file's write lock
//! first (IMMEDIATE), as PostgreSQL's take the accounts lock, so two first
//! accounts added at once cannot both become admin.

use jiff::{SignedDuration, Timestamp};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, TransactionBehavior, params};

use super::{SqliteStore, db_error, revision};
use crate::accounts::{
    self as rules, ADMIN, Account, Accounts, AddedUser, ApiToken, ChangedSetting, Credentials,
    LinkedUser, PasswordReset, SettingsChange, SignedIn, ThrottleRow, ThrottleUpdate, UserId,
    check_name, check_role, check_token_hash,
};
use crate::codec::Origin;
use crate::{Result, StoreError, Write};

/// A transaction holding the write lock from its first statement.
fn immediate(conn: &Connection) -> Result<Transaction<'_>> {
    Transaction::new_unchecked(conn, TransactionBehavior::Immediate).map_err(db_error)
}

fn timestamp(table: &'static str, id: i64, column: &str, seconds: i64) -> Result<Timestamp> {
    Origin::new(table, id).timestamp(column, seconds)
}

fn optional_timestamp(id: i64, column: &str, seconds: Option<i64>) -> Result<Option<Timestamp>> {
    seconds
        .map(|s| timestamp("api_tokens", id, column, s))
        .transpose()
}

/// The id of the user called `name`, or invalid input naming `field`.
fn id_of(conn: &Connection, field: &str, name: &str) -> Result<i64> {
    conn.query_row("SELECT id FROM users WHERE name = ?1", [name], |r| r.get(0))
        .optional()
        .map_err(db_error)?
        .ok_or_else(|| rules::no_such_user(field, name))
}

/// The role of user `id`, or invalid input naming `field`.
fn role_of(conn: &Connection, field: &str, id: UserId) -> Result<String> {
    conn.query_row("SELECT role FROM users WHERE id = ?1", [id.get()], |r| {
        r.get(0)
    })
    .optional()
    .map_err(db_error)?
    .ok_or_else(|| rules::no_such_user_id(field, id))
}

/// Whether user `id` is the only admin; call it inside an IMMEDIATE
/// transaction, so no other writer changes roles meanwhile.
fn is_last_admin(conn: &Connection, id: i64) -> Result<bool> {
    conn.query_row(
        "SELECT coalesce(sum(role = ?1), 0), coalesce(max(role = ?1 AND id = ?2), 0) FROM users",
        params![ADMIN, id],
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)? == 1)),
    )
    .map(|(admins, is_admin)| is_admin && admins <= 1)
    .map_err(db_error)
}

/// The file's owner ([`super::OWNER`]) while no user of the file has a
/// password: the first account added takes it over, with its data.
fn owner_to_claim(conn: &Connection) -> Result<Option<i64>> {
    conn.query_row(
        "SELECT id FROM users WHERE id = ?1
           AND NOT EXISTS (SELECT 1 FROM users WHERE password_hash IS NOT NULL)",
        [super::OWNER],
        |r| r.get(0),
    )
    .optional()
    .map_err(db_error)
}

/// A row of `id, name, created_at, last_used_at, revoked_at, expires_at`.
fn api_token(row: &Row) -> rusqlite::Result<(i64, String, i64, [Option<i64>; 3])> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        [row.get(3)?, row.get(4)?, row.get(5)?],
    ))
}

fn into_api_token(
    (id, name, created_at, [used, revoked, expires]): (i64, String, i64, [Option<i64>; 3]),
) -> Result<ApiToken> {
    Ok(ApiToken {
        id,
        name,
        created_at: timestamp("api_tokens", id, "created_at", created_at)?,
        last_used_at: optional_timestamp(id, "last_used_at", used)?,
        revoked_at: optional_timestamp(id, "revoked_at", revoked)?,
        expires_at: optional_timestamp(id, "expires_at", expires)?,
    })
}

const TOKEN_COLUMNS: &str = "id, name, created_at, last_used_at, revoked_at, expires_at";

impl SqliteStore {
    /// The account a credential names, with the file's data revision.
    fn signed_in(&self, id: i64, name: String, role: String) -> Result<SignedIn> {
        Ok(SignedIn {
            id: UserId::new(id),
            name,
            role,
            revision: revision(&self.conn, id)?,
        })
    }

    fn linked(&self, sql: &str, user: UserId) -> Result<Vec<LinkedUser>> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(db_error)?;
        let rows = stmt
            .query_map([user.get()], |r| {
                Ok(LinkedUser {
                    id: UserId::new(r.get(0)?),
                    name: r.get(1)?,
                })
            })
            .map_err(db_error)?;
        rows.collect::<rusqlite::Result<_>>().map_err(db_error)
    }

    /// Deletes the link between `coach` and `athlete`; whether there was one.
    fn unlink(&self, coach: UserId, athlete: UserId) -> Result<bool> {
        self.conn
            .execute(
                "DELETE FROM coach_links WHERE coach_id = ?1 AND athlete_id = ?2",
                [coach.get(), athlete.get()],
            )
            .map(|deleted| deleted > 0)
            .map_err(db_error)
    }
}

impl Accounts for SqliteStore {
    fn add_user(&self, name: &str, role: &str, password_hash: &str) -> Result<AddedUser> {
        let name = check_name("name", name)?;
        check_role(role)?;
        rules::check_password_hash(password_hash)?;
        let now = Timestamp::now().as_second();
        let tx = immediate(&self.conn)?;
        let has_admin: bool = tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM users WHERE role = ?1)",
                [ADMIN],
                |r| r.get(0),
            )
            .map_err(db_error)?;
        let (role, made_admin) = rules::role_of_new_account(has_admin, role);
        let existing: Option<(i64, bool)> = tx
            .query_row(
                "SELECT id, password_hash IS NOT NULL FROM users WHERE name = ?1",
                [name],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(db_error)?;
        // The file's owner (its data from before accounts) becomes the
        // first account that can log in, whatever its name.
        let existing = match existing {
            Some(found) => Some(found),
            None => owner_to_claim(&tx)?.map(|id| (id, false)),
        };
        let (id, claimed_existing) = match existing {
            Some((_, true)) => return Err(rules::name_taken(name)),
            Some((id, false)) => {
                tx.execute(
                    "UPDATE users SET name = ?4, password_hash = ?2, role = ?3, disabled = 0
                     WHERE id = ?1",
                    params![id, password_hash, role, name],
                )
                .map_err(db_error)?;
                (id, true)
            }
            None => {
                tx.execute(
                    "INSERT INTO users (name, created_at, password_hash, role)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![name, now, password_hash, role],
                )
                .map_err(db_error)?;
                (tx.last_insert_rowid(), false)
            }
        };
        tx.commit().map_err(db_error)?;
        Ok(AddedUser {
            id: UserId::new(id),
            role: role.to_string(),
            made_admin,
            claimed_existing,
        })
    }

    fn list_users(&self) -> Result<Vec<Account>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, name, role, password_hash IS NOT NULL, disabled, created_at
                 FROM users ORDER BY name, id",
            )
            .map_err(db_error)?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, bool>(3)?,
                    r.get::<_, bool>(4)?,
                    r.get::<_, i64>(5)?,
                ))
            })
            .map_err(db_error)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(db_error)?;
        rows.into_iter()
            .map(|(id, name, role, has_password, disabled, created_at)| {
                Ok(Account {
                    id: UserId::new(id),
                    name,
                    role,
                    has_password,
                    disabled,
                    created_at: timestamp("users", id, "created_at", created_at)?,
                })
            })
            .collect()
    }

    fn user_by_name(&self, name: &str) -> Result<Option<Credentials>> {
        self.conn
            .query_row(
                "SELECT id, role, password_hash, disabled FROM users WHERE name = ?1",
                [name.trim()],
                |r| {
                    Ok(Credentials {
                        id: UserId::new(r.get(0)?),
                        role: r.get(1)?,
                        password_hash: r.get(2)?,
                        disabled: r.get(3)?,
                    })
                },
            )
            .optional()
            .map_err(db_error)
    }

    fn set_password(&self, name: &str, password_hash: &str) -> Result<PasswordReset> {
        let name = check_name("name", name)?;
        rules::check_password_hash(password_hash)?;
        let tx = immediate(&self.conn)?;
        let id = id_of(&tx, "name", name)?;
        tx.execute(
            "UPDATE users SET password_hash = ?2 WHERE id = ?1",
            params![id, password_hash],
        )
        .map_err(db_error)?;
        let sessions_ended = tx
            .execute("DELETE FROM auth_sessions WHERE user_id = ?1", [id])
            .map_err(db_error)?;
        let tokens_revoked = tx
            .execute(
                "UPDATE api_tokens SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL",
                [id, Timestamp::now().as_second()],
            )
            .map_err(db_error)?;
        tx.commit().map_err(db_error)?;
        Ok(PasswordReset {
            sessions_ended: sessions_ended as u64,
            tokens_revoked: tokens_revoked as u64,
        })
    }

    fn delete_user(&self, name: &str) -> Result<()> {
        let name = check_name("name", name)?;
        let tx = immediate(&self.conn)?;
        let id = id_of(&tx, "name", name)?;
        if is_last_admin(&tx, id)? {
            return Err(rules::last_admin_kept_on_delete(name));
        }
        // Plans first: a plan's link to its assessment is ON DELETE
        // RESTRICT, which the cascade from users could otherwise trip over
        // depending on the order it deletes in. The rest of the user's data
        // goes with the user (ON DELETE CASCADE).
        tx.execute("DELETE FROM plans WHERE user_id = ?1", [id])
            .map_err(db_error)?;
        tx.execute("DELETE FROM users WHERE id = ?1", [id])
            .map_err(db_error)?;
        tx.commit().map_err(db_error)
    }

    fn set_role(&self, name: &str, role: &str) -> Result<()> {
        let name = check_name("name", name)?;
        check_role(role)?;
        let tx = immediate(&self.conn)?;
        let id = id_of(&tx, "name", name)?;
        if role != ADMIN && is_last_admin(&tx, id)? {
            return Err(rules::last_admin_kept_on_role(name));
        }
        tx.execute(
            "UPDATE users SET role = ?2 WHERE id = ?1",
            params![id, role],
        )
        .map_err(db_error)?;
        tx.commit().map_err(db_error)
    }

    fn create_session(
        &self,
        user: UserId,
        token_hash: &str,
        now: Timestamp,
        ttl: SignedDuration,
    ) -> Result<Timestamp> {
        check_token_hash(token_hash)?;
        let expires = rules::session_expiry(now, ttl)?;
        role_of(&self.conn, "user", user)?;
        self.conn
            .execute(
                "INSERT INTO auth_sessions (token_hash, user_id, created_at, expires_at, last_seen_at)
                 VALUES (?1, ?2, ?3, ?4, ?3)",
                params![token_hash, user.get(), now.as_second(), expires.as_second()],
            )
            .map_err(db_error)?;
        Ok(expires)
    }

    fn session_user(&self, token_hash: &str, now: Timestamp) -> Result<Option<SignedIn>> {
        let now = now.as_second();
        let found: Option<(i64, String, String, i64)> = self
            .conn
            .prepare_cached(
                "SELECT u.id, u.name, u.role, s.last_seen_at
                 FROM auth_sessions s JOIN users u ON u.id = s.user_id
                 WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND NOT u.disabled",
            )
            .and_then(|mut stmt| {
                stmt.query_row(params![token_hash, now], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })
                .optional()
            })
            .map_err(db_error)?;
        let Some((id, name, role, seen)) = found else {
            return Ok(None);
        };
        if rules::use_noted_due(Some(seen), now) {
            self.conn
                .execute(
                    "UPDATE auth_sessions SET last_seen_at = ?2
                     WHERE token_hash = ?1 AND last_seen_at < ?2",
                    params![token_hash, now],
                )
                .map_err(db_error)?;
        }
        self.signed_in(id, name, role).map(Some)
    }

    fn delete_session(&self, token_hash: &str) -> Result<()> {
        self.conn
            .execute(
                "DELETE FROM auth_sessions WHERE token_hash = ?1",
                [token_hash],
            )
            .map(drop)
            .map_err(db_error)
    }

    fn delete_expired_sessions(&self, now: Timestamp) -> Result<u64> {
        self.conn
            .execute(
                "DELETE FROM auth_sessions WHERE expires_at <= ?1",
                [now.as_second()],
            )
            .map(|n| n as u64)
            .map_err(db_error)
    }

    fn create_api_token_until(
        &self,
        user: UserId,
        name: &str,
        token_hash: &str,
        expires_at: Option<Timestamp>,
    ) -> Result<i64> {
        let name = check_name("name", name)?;
        check_token_hash(token_hash)?;
        let now = Timestamp::now().as_second();
        let expires_at = expires_at.map(|at| at.as_second());
        rules::check_token_expiry(expires_at, now)?;
        role_of(&self.conn, "user", user)?;
        self.conn
            .execute(
                "INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![user.get(), name, token_hash, now, expires_at],
            )
            .map_err(db_error)?;
        Ok(self.conn.last_insert_rowid())
    }

    fn list_api_tokens(&self, user: UserId) -> Result<Vec<ApiToken>> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE user_id = ?1 ORDER BY id"
            ))
            .map_err(db_error)?;
        let rows = stmt
            .query_map([user.get()], api_token)
            .map_err(db_error)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(db_error)?;
        rows.into_iter().map(into_api_token).collect()
    }

    fn api_token_by_hash(&self, token_hash: &str) -> Result<Option<ApiToken>> {
        self.conn
            .query_row(
                &format!("SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = ?1"),
                [token_hash],
                api_token,
            )
            .optional()
            .map_err(db_error)?
            .map(into_api_token)
            .transpose()
    }

    fn revoke_api_token(&self, user: UserId, id: i64) -> Result<()> {
        let now = Timestamp::now().as_second();
        let tx = immediate(&self.conn)?;
        let revoked: Option<bool> = tx
            .query_row(
                "SELECT revoked_at IS NOT NULL FROM api_tokens WHERE id = ?1 AND user_id = ?2",
                [id, user.get()],
                |r| r.get(0),
            )
            .optional()
            .map_err(db_error)?;
        match revoked {
            None => return Err(rules::no_token(id)),
            Some(true) => return Err(rules::token_already_revoked(id)),
            Some(false) => {}
        }
        tx.execute(
            "UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1",
            [id, now],
        )
        .map_err(db_error)?;
        tx.commit().map_err(db_error)
    }

    fn token_user(&self, token_hash: &str, now: Timestamp) -> Result<Option<SignedIn>> {
        let now = now.as_second();
        let found: Option<(i64, String, String, Option<i64>)> = self
            .conn
            .prepare_cached(
                "SELECT u.id, u.name, u.role, t.last_used_at
                 FROM api_tokens t JOIN users u ON u.id = t.user_id
                 WHERE t.token_hash = ?1 AND t.revoked_at IS NULL AND NOT u.disabled
                   AND (t.expires_at IS NULL OR t.expires_at > ?2)",
            )
            .and_then(|mut stmt| {
                stmt.query_row(params![token_hash, now], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })
                .optional()
            })
            .map_err(db_error)?;
        let Some((id, name, role, used)) = found else {
            return Ok(None);
        };
        if rules::use_noted_due(used, now) {
            self.conn
                .execute(
                    "UPDATE api_tokens SET last_used_at = ?2
                     WHERE token_hash = ?1 AND (last_used_at IS NULL OR last_used_at < ?2)",
                    params![token_hash, now],
                )
                .map_err(db_error)?;
        }
        self.signed_in(id, name, role).map(Some)
    }

    fn invite(&self, coach: UserId, athlete: UserId) -> Result<()> {
        let now = Timestamp::now().as_second();
        let tx = immediate(&self.conn)?;
        let role = role_of(&tx, "coach", coach)?;
        rules::check_invite(coach, athlete, &role)?;
        role_of(&tx, "athlete", athlete)?;
        let inserted = tx
            .execute(
                "INSERT INTO coach_links (coach_id, athlete_id, status, created_at)
                 VALUES (?1, ?2, 'invited', ?3)
                 ON CONFLICT (coach_id, athlete_id) DO NOTHING",
                [coach.get(), athlete.get(), now],
            )
            .map_err(db_error)?;
        if inserted == 0 {
            let status: String = tx
                .query_row(
                    "SELECT status FROM coach_links WHERE coach_id = ?1 AND athlete_id = ?2",
                    [coach.get(), athlete.get()],
                    |r| r.get(0),
                )
                .map_err(db_error)?;
            if status == "accepted" {
                return Err(rules::already_athlete());
            }
        }
        tx.commit().map_err(db_error)
    }

    fn accept(&self, athlete: UserId, coach: UserId) -> Result<()> {
        let now = Timestamp::now().as_second();
        let updated = self
            .conn
            .execute(
                "UPDATE coach_links SET status = 'accepted', accepted_at = ?3
                 WHERE coach_id = ?1 AND athlete_id = ?2 AND status = 'invited'",
                [coach.get(), athlete.get(), now],
            )
            .map_err(db_error)?;
        if updated == 0 {
            return Err(rules::no_invitation());
        }
        Ok(())
    }

    fn athletes_of(&self, coach: UserId) -> Result<Vec<LinkedUser>> {
        self.linked(
            "SELECT u.id, u.name FROM coach_links l JOIN users u ON u.id = l.athlete_id
             WHERE l.coach_id = ?1 AND l.status = 'accepted' ORDER BY u.name, u.id",
            coach,
        )
    }

    fn invitations_sent(&self, coach: UserId) -> Result<Vec<LinkedUser>> {
        self.linked(
            "SELECT u.id, u.name FROM coach_links l JOIN users u ON u.id = l.athlete_id
             WHERE l.coach_id = ?1 AND l.status = 'invited' ORDER BY u.name, u.id",
            coach,
        )
    }

    fn invitations_of(&self, athlete: UserId) -> Result<Vec<LinkedUser>> {
        self.linked(
            "SELECT u.id, u.name FROM coach_links l JOIN users u ON u.id = l.coach_id
             WHERE l.athlete_id = ?1 AND l.status = 'invited' ORDER BY u.name, u.id",
            athlete,
        )
    }

    fn coaches_of(&self, athlete: UserId) -> Result<Vec<LinkedUser>> {
        self.linked(
            "SELECT u.id, u.name FROM coach_links l JOIN users u ON u.id = l.coach_id
             WHERE l.athlete_id = ?1 AND l.status = 'accepted' ORDER BY u.name, u.id",
            athlete,
        )
    }

    fn withdraw_coach(&self, athlete: UserId, coach: UserId) -> Result<()> {
        if self.unlink(coach, athlete)? {
            Ok(())
        } else {
            Err(rules::not_your_coach())
        }
    }

    fn drop_athlete(&self, coach: UserId, athlete: UserId) -> Result<()> {
        if self.unlink(coach, athlete)? {
            Ok(())
        } else {
            Err(rules::not_your_athlete())
        }
    }

    fn change_settings(
        &self,
        athlete: UserId,
        changed_by: UserId,
        writes: Vec<Write>,
        changes: &[ChangedSetting],
    ) -> Result<Vec<i64>> {
        rules::check_settings_change(&writes, changes)?;
        let now = super::codec::now_seconds();
        let tx = immediate(&self.conn)?;
        role_of(&tx, "athlete", athlete)?;
        let user = athlete.get();
        // Any error below drops `tx`, rolling the settings back too.
        if let Some(count) = crate::counting(&crate::parts_changed(&writes)) {
            super::count_revision(&tx, user, &count)?;
        }
        for write in writes {
            super::write::apply_one(&tx, user, write, now)?;
        }
        let mut ids = Vec::with_capacity(changes.len());
        for change in changes {
            tx.execute(
                "INSERT INTO settings_changes (athlete_id, changed_by, key, old, new, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    user,
                    changed_by.get(),
                    change.key.trim(),
                    change.old,
                    change.new,
                    now
                ],
            )
            .map_err(db_error)?;
            ids.push(tx.last_insert_rowid());
        }
        tx.commit().map_err(db_error)?;
        Ok(ids)
    }

    fn settings_changes(&self, athlete: UserId) -> Result<Vec<SettingsChange>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT c.id, u.name, c.key, c.old, c.new, c.at
                 FROM settings_changes c LEFT JOIN users u ON u.id = c.changed_by
                 WHERE c.athlete_id = ?1 ORDER BY c.id",
            )
            .map_err(db_error)?;
        let rows = stmt
            .query_map([athlete.get()], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, i64>(5)?,
                ))
            })
            .map_err(db_error)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(db_error)?;
        rows.into_iter()
            .map(|(id, changed_by, key, old, new, at)| {
                Ok(SettingsChange {
                    id,
                    changed_by,
                    key,
                    old,
                    new,
                    at: timestamp("settings_changes", id, "at", at)?,
                })
            })
            .collect()
    }

    fn throttle_rows(&self, keys: &[String]) -> Result<Vec<ThrottleRow>> {
        keys.iter()
            .filter_map(|key| read_throttle(&self.conn, key).transpose())
            .collect()
    }

    fn update_throttle(
        &self,
        keys: &[String],
        now: i64,
        stale_before: i64,
        update: ThrottleUpdate<'_>,
    ) -> Result<()> {
        let mut keys = keys.to_vec();
        keys.sort();
        keys.dedup();
        // The write lock from the start: a failure counted by another
        // process meanwhile is read here, never overwritten.
        let tx = immediate(&self.conn)?;
        let mut current = Vec::with_capacity(keys.len());
        for key in &keys {
            current.push(read_throttle(&tx, key)?.unwrap_or_else(|| ThrottleRow {
                key: key.clone(),
                ..ThrottleRow::default()
            }));
        }
        for row in update(current) {
            if row.is_idle() {
                tx.execute("DELETE FROM login_throttle WHERE key = ?1", [&row.key])
            } else {
                let failures = super::codec::to_json("login failures", &row.failures)?;
                tx.execute(
                    "INSERT INTO login_throttle (key, failures, locked_until, updated_at)
                     VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (key) DO UPDATE SET failures = excluded.failures,
                         locked_until = excluded.locked_until, updated_at = excluded.updated_at",
                    params![row.key, failures, row.locked_until, now],
                )
            }
            .map_err(db_error)?;
        }
        tx.execute(
            "DELETE FROM login_throttle WHERE updated_at < ?1",
            [stale_before],
        )
        .map_err(db_error)?;
        tx.commit().map_err(db_error)
    }
}

/// One key's kept counts, if any.
fn read_throttle(conn: &Connection, key: &str) -> Result<Option<ThrottleRow>> {
    let found: Option<(String, Option<i64>)> = conn
        .query_row(
            "SELECT failures, locked_until FROM login_throttle WHERE key = ?1",
            [key],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(db_error)?;
    found
        .map(|(failures, locked_until)| {
            let failures = serde_json::from_str(&failures).map_err(|e| StoreError::Corrupt {
                table: "login_throttle",
                id: 0,
                reason: format!("failures of {key:?}: {e}"),
            })?;
            Ok(ThrottleRow {
                key: key.to_string(),
                failures,
                locked_until,
            })
        })
        .transpose()
}
