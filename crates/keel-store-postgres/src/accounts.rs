//! Accounts on the coach server: users with roles and password hashes,
//! browser sessions, API tokens, coach-athlete links and the record of
//! settings a coach changed. Only hashes are stored, never a password or a
//! token; hashing is the caller's (keel-app's `auth`).
//!
//! Roles cross this boundary as their slugs (`athlete`, `coach`, `admin`),
//! checked here and by the table's CHECK. Every write that touches more than
//! one row runs in one transaction.

use std::sync::LazyLock;

use jiff::{SignedDuration, Timestamp};
use keel_store::accounts::{
    self as rules, ADMIN, Account, AddedUser, ApiToken, Credentials, LinkedUser, PasswordReset,
    SettingsChange, SignedIn, ThrottleRow, ThrottleUpdate, UserId, check_name, check_role,
    check_token_hash,
};
use keel_store::{Accounts, Result, Revision, revision_columns};
use postgres::{GenericClient, Row};

use crate::PgBackend;
use crate::codec::{Origin, db_error, get, uncertain};

/// The advisory lock that serialises changes to who is admin ("KEEA"), so
/// two first accounts added at once cannot both miss the other.
pub(crate) const ACCOUNTS_LOCK: i64 = 0x4B45_4541;

fn optional_timestamp(
    origin: Origin,
    column: &str,
    seconds: Option<i64>,
) -> Result<Option<Timestamp>> {
    seconds.map(|s| origin.timestamp(column, s)).transpose()
}

/// A row of `id, name, created_at, last_used_at, revoked_at, expires_at`
/// from `api_tokens`.
fn api_token(row: &Row) -> Result<ApiToken> {
    let id: i64 = get(row, 0)?;
    let origin = Origin::new("api_tokens", id);
    Ok(ApiToken {
        id,
        name: get(row, 1)?,
        created_at: origin.timestamp("created_at", get(row, 2)?)?,
        last_used_at: optional_timestamp(origin, "last_used_at", get(row, 3)?)?,
        revoked_at: optional_timestamp(origin, "revoked_at", get(row, 4)?)?,
        expires_at: optional_timestamp(origin, "expires_at", get(row, 5)?)?,
    })
}

/// A row of [`signed_in_sql`]'s query.
fn signed_in(row: &Row) -> Result<SignedIn> {
    Ok(SignedIn {
        id: UserId::new(get(row, 0)?),
        name: get(row, 1)?,
        role: get(row, 2)?,
        revision: Revision::from_columns(|i| get(row, 4 + i))?,
    })
}

/// The query of a credential's account: the user's id, name and role, the
/// credential's `last_use`, then the user's revision, `from` a join with
/// `users u`. Built once per query (every request runs one).
fn signed_in_sql(last_use: &str, from: &str) -> String {
    format!(
        "SELECT u.id, u.name, u.role, {last_use}, {} FROM {from}",
        revision_columns()
    )
}

/// The id of the user called `name`, or invalid input naming `field`.
pub(crate) fn id_of(client: &mut impl GenericClient, field: &str, name: &str) -> Result<i64> {
    client
        .query_opt("SELECT id FROM users WHERE name = $1", &[&name])
        .map_err(db_error)?
        .map(|row| get(&row, 0))
        .transpose()?
        .ok_or_else(|| rules::no_such_user(field, name))
}

/// Whether user `id` is the server's only admin. Call it under
/// [`ACCOUNTS_LOCK`], so two admins cannot each see the other remain.
pub(crate) fn is_last_admin(client: &mut impl GenericClient, id: i64) -> Result<bool> {
    let row = client
        .query_one(
            "SELECT count(*) FILTER (WHERE role = $1),
                    bool_or(role = $1 AND id = $2)
             FROM users",
            &[&ADMIN, &id],
        )
        .map_err(db_error)?;
    let admins: i64 = get(&row, 0)?;
    let is_admin: Option<bool> = get(&row, 1)?;
    Ok(is_admin == Some(true) && admins <= 1)
}

/// The role of user `id`, or invalid input naming `field`.
fn role_of(client: &mut impl GenericClient, field: &str, id: UserId) -> Result<String> {
    client
        .query_opt("SELECT role FROM users WHERE id = $1", &[&id.get()])
        .map_err(db_error)?
        .map(|row| get(&row, 0))
        .transpose()?
        .ok_or_else(|| rules::no_such_user_id(field, id))
}

impl PgBackend {
    /// Adds an account. The first account of a server (when it has no admin
    /// yet) becomes its admin whatever `role` asked; a name already holding
    /// data without a password (from `--user` or `keel migrate-data`) becomes
    /// this account. A name that already has a password is refused.
    pub fn add_user(&self, name: &str, role: &str, password_hash: &str) -> Result<AddedUser> {
        let name = check_name("name", name)?;
        check_role(role)?;
        rules::check_password_hash(password_hash)?;
        let now = Timestamp::now().as_second();
        self.pool.run(|client| {
            let mut tx = client.transaction().map_err(db_error)?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&ACCOUNTS_LOCK])
                .map_err(db_error)?;
            let has_admin: bool = get(
                &tx.query_one(
                    "SELECT EXISTS (SELECT 1 FROM users WHERE role = $1)",
                    &[&ADMIN],
                )
                .map_err(db_error)?,
                0,
            )?;
            let (role, made_admin) = rules::role_of_new_account(has_admin, role);
            let existing = tx
                .query_opt(
                    "SELECT id, password_hash IS NOT NULL FROM users WHERE name = $1 FOR UPDATE",
                    &[&name],
                )
                .map_err(db_error)?;
            let (id, claimed_existing) = match existing {
                Some(row) if get::<bool>(&row, 1)? => return Err(rules::name_taken(name)),
                Some(row) => {
                    let id: i64 = get(&row, 0)?;
                    tx.execute(
                        "UPDATE users SET password_hash = $2, role = $3, disabled = FALSE
                         WHERE id = $1",
                        &[&id, &password_hash, &role],
                    )
                    .map_err(db_error)?;
                    (id, true)
                }
                None => {
                    let row = tx
                        .query_one(
                            "INSERT INTO users (name, created_at, password_hash, role)
                             VALUES ($1, $2, $3, $4) RETURNING id",
                            &[&name, &now, &password_hash, &role],
                        )
                        .map_err(db_error)?;
                    (get(&row, 0)?, false)
                }
            };
            tx.commit().map_err(|e| uncertain(db_error(e)))?;
            Ok(AddedUser {
                id: UserId::new(id),
                role: role.to_string(),
                made_admin,
                claimed_existing,
            })
        })
    }

    /// Every user, by name.
    pub fn list_users(&self) -> Result<Vec<Account>> {
        self.pool.run(|client| {
            let rows = client
                .query(
                    "SELECT id, name, role, password_hash IS NOT NULL, disabled, created_at
                     FROM users ORDER BY name, id",
                    &[],
                )
                .map_err(db_error)?;
            rows.iter()
                .map(|row| {
                    let id: i64 = get(row, 0)?;
                    Ok(Account {
                        id: UserId::new(id),
                        name: get(row, 1)?,
                        role: get(row, 2)?,
                        has_password: get(row, 3)?,
                        disabled: get(row, 4)?,
                        created_at: Origin::new("users", id)
                            .timestamp("created_at", get(row, 5)?)?,
                    })
                })
                .collect()
        })
    }

    /// What a login by `name` checks; `None` when there is no such user.
    pub fn user_by_name(&self, name: &str) -> Result<Option<Credentials>> {
        let name = name.trim();
        // PostgreSQL text cannot hold NUL, so no user is called that; asking
        // would be a database error (a 500 for a login form's typo).
        if name.contains('\0') {
            return Ok(None);
        }
        self.pool.run(|client| {
            client
                .query_opt(
                    "SELECT id, role, password_hash, disabled FROM users WHERE name = $1",
                    &[&name],
                )
                .map_err(db_error)?
                .map(|row| {
                    Ok(Credentials {
                        id: UserId::new(get(&row, 0)?),
                        role: get(&row, 1)?,
                        password_hash: get(&row, 2)?,
                        disabled: get(&row, 3)?,
                    })
                })
                .transpose()
        })
    }

    /// Sets `name`'s password (an admin's reset), ends that user's browser
    /// sessions and revokes their active API tokens, all in one
    /// transaction: whoever knew the old password, or took a token made
    /// with it, is locked out. Says how many of each were ended.
    pub fn set_password(&self, name: &str, password_hash: &str) -> Result<PasswordReset> {
        let name = check_name("name", name)?;
        rules::check_password_hash(password_hash)?;
        self.pool.run(|client| {
            let mut tx = client.transaction().map_err(db_error)?;
            let id = id_of(&mut tx, "name", name)?;
            tx.execute(
                "UPDATE users SET password_hash = $2 WHERE id = $1",
                &[&id, &password_hash],
            )
            .map_err(db_error)?;
            let sessions_ended = tx
                .execute("DELETE FROM auth_sessions WHERE user_id = $1", &[&id])
                .map_err(db_error)?;
            let tokens_revoked = tx
                .execute(
                    "UPDATE api_tokens SET revoked_at = $2
                     WHERE user_id = $1 AND revoked_at IS NULL",
                    &[&id, &Timestamp::now().as_second()],
                )
                .map_err(db_error)?;
            tx.commit().map_err(|e| uncertain(db_error(e)))?;
            Ok(PasswordReset {
                sessions_ended,
                tokens_revoked,
            })
        })
    }

    /// Deletes `name` with all their data; the server's last admin is refused.
    pub fn delete_user(&self, name: &str) -> Result<()> {
        let name = check_name("name", name)?;
        self.pool.run(|client| {
            let mut tx = client.transaction().map_err(db_error)?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&ACCOUNTS_LOCK])
                .map_err(db_error)?;
            let id = id_of(&mut tx, "name", name)?;
            if is_last_admin(&mut tx, id)? {
                return Err(rules::last_admin_kept_on_delete(name));
            }
            // Plans first: a plan's link to its assessment is ON DELETE
            // RESTRICT, which the cascade from users could otherwise trip
            // over depending on the order it deletes in.
            tx.execute("DELETE FROM plans WHERE user_id = $1", &[&id])
                .map_err(db_error)?;
            tx.execute("DELETE FROM users WHERE id = $1", &[&id])
                .map_err(db_error)?;
            tx.commit().map_err(|e| uncertain(db_error(e)))
        })
    }

    /// Starts a browser session for `user`, valid for `ttl` from `now`;
    /// returns when it expires.
    pub fn create_session(
        &self,
        user: UserId,
        token_hash: &str,
        now: Timestamp,
        ttl: SignedDuration,
    ) -> Result<Timestamp> {
        check_token_hash(token_hash)?;
        let expires = rules::session_expiry(now, ttl)?;
        self.pool.run(|client| {
            role_of(&mut **client, "user", user)?;
            client
                .execute(
                    "INSERT INTO auth_sessions (token_hash, user_id, created_at, expires_at, last_seen_at)
                     VALUES ($1, $2, $3, $4, $3)",
                    &[&token_hash, &user.get(), &now.as_second(), &expires.as_second()],
                )
                .map_err(db_error)?;
            Ok(expires)
        })
    }

    /// Who the session with this token hash belongs to at `now`; `None` when
    /// unknown, expired, or the user is disabled. When it was last seen is
    /// noted at most once every `USE_NOTED_EVERY` seconds (a write that
    /// may safely run twice, so this runs as the pool's retried read).
    pub fn session_user(&self, token_hash: &str, now: Timestamp) -> Result<Option<SignedIn>> {
        static SQL: LazyLock<String> = LazyLock::new(|| {
            signed_in_sql(
                "s.last_seen_at",
                "auth_sessions s JOIN users u ON u.id = s.user_id
                 WHERE s.token_hash = $1 AND s.expires_at > $2 AND NOT u.disabled",
            )
        });
        let now = now.as_second();
        self.pool.read(|client| {
            let Some(row) = client
                .query_opt(&SQL, &[&token_hash, &now])
                .map_err(db_error)?
            else {
                return Ok(None);
            };
            let seen: i64 = get(&row, 3)?;
            if rules::use_noted_due(Some(seen), now) {
                client
                    .execute(
                        "UPDATE auth_sessions SET last_seen_at = $2
                         WHERE token_hash = $1 AND last_seen_at < $2",
                        &[&token_hash, &now],
                    )
                    .map_err(db_error)?;
            }
            signed_in(&row).map(Some)
        })
    }

    /// Ends a session (logout); nothing happens when there is none.
    pub fn delete_session(&self, token_hash: &str) -> Result<()> {
        self.pool.run(|client| {
            client
                .execute(
                    "DELETE FROM auth_sessions WHERE token_hash = $1",
                    &[&token_hash],
                )
                .map(drop)
                .map_err(db_error)
        })
    }

    /// Forgets sessions expired at `now`; returns how many.
    pub fn delete_expired_sessions(&self, now: Timestamp) -> Result<u64> {
        self.pool.run(|client| {
            client
                .execute(
                    "DELETE FROM auth_sessions WHERE expires_at <= $1",
                    &[&now.as_second()],
                )
                .map_err(db_error)
        })
    }

    /// Stores a new API token of `user` under `name` that never expires;
    /// returns its id.
    pub fn create_api_token(&self, user: UserId, name: &str, token_hash: &str) -> Result<i64> {
        self.create_api_token_until(user, name, token_hash, None)
    }

    /// Stores a new API token of `user` under `name`, working until
    /// `expires_at` (`None`: never expires); returns its id. An expiry not
    /// after now is invalid input.
    pub fn create_api_token_until(
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
        self.pool.run(|client| {
            role_of(&mut **client, "user", user)?;
            let row = client
                .query_one(
                    "INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at)
                     VALUES ($1, $2, $3, $4, $5) RETURNING id",
                    &[&user.get(), &name, &token_hash, &now, &expires_at],
                )
                .map_err(db_error)?;
            get(&row, 0)
        })
    }

    /// `user`'s API tokens, oldest first, revoked ones included.
    pub fn list_api_tokens(&self, user: UserId) -> Result<Vec<ApiToken>> {
        self.pool.run(|client| {
            let rows = client
                .query(
                    "SELECT id, name, created_at, last_used_at, revoked_at, expires_at
                     FROM api_tokens WHERE user_id = $1 ORDER BY id",
                    &[&user.get()],
                )
                .map_err(db_error)?;
            rows.iter().map(api_token).collect()
        })
    }

    /// The API token with this hash whatever its state (revoked, expired),
    /// to tell a refused client why; `None` when no token has this hash.
    pub fn api_token_by_hash(&self, token_hash: &str) -> Result<Option<ApiToken>> {
        self.pool.run(|client| {
            client
                .query_opt(
                    "SELECT id, name, created_at, last_used_at, revoked_at, expires_at
                     FROM api_tokens WHERE token_hash = $1",
                    &[&token_hash],
                )
                .map_err(db_error)?
                .map(|row| api_token(&row))
                .transpose()
        })
    }

    /// Revokes `user`'s token `id`; another user's token, an unknown id or
    /// one already revoked is invalid input.
    pub fn revoke_api_token(&self, user: UserId, id: i64) -> Result<()> {
        let now = Timestamp::now().as_second();
        self.pool.run(|client| {
            let mut tx = client.transaction().map_err(db_error)?;
            let row = tx
                .query_opt(
                    "SELECT revoked_at IS NOT NULL FROM api_tokens
                     WHERE id = $1 AND user_id = $2 FOR UPDATE",
                    &[&id, &user.get()],
                )
                .map_err(db_error)?;
            match row {
                None => return Err(rules::no_token(id)),
                Some(row) if get::<bool>(&row, 0)? => return Err(rules::token_already_revoked(id)),
                Some(_) => {}
            }
            tx.execute(
                "UPDATE api_tokens SET revoked_at = $2 WHERE id = $1",
                &[&id, &now],
            )
            .map_err(db_error)?;
            tx.commit().map_err(|e| uncertain(db_error(e)))
        })
    }

    /// Who the API token with this hash belongs to, noting its use at `now`
    /// (at most once every `USE_NOTED_EVERY` seconds); `None` when
    /// unknown, revoked, expired at `now`, or the user is disabled.
    pub fn token_user(&self, token_hash: &str, now: Timestamp) -> Result<Option<SignedIn>> {
        static SQL: LazyLock<String> = LazyLock::new(|| {
            signed_in_sql(
                "t.last_used_at",
                "api_tokens t JOIN users u ON u.id = t.user_id
                 WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND NOT u.disabled
                   AND (t.expires_at IS NULL OR t.expires_at > $2)",
            )
        });
        let now = now.as_second();
        self.pool.read(|client| {
            let Some(row) = client
                .query_opt(&SQL, &[&token_hash, &now])
                .map_err(db_error)?
            else {
                return Ok(None);
            };
            let used: Option<i64> = get(&row, 3)?;
            if rules::use_noted_due(used, now) {
                client
                    .execute(
                        "UPDATE api_tokens SET last_used_at = $2
                         WHERE token_hash = $1 AND (last_used_at IS NULL OR last_used_at < $2)",
                        &[&token_hash, &now],
                    )
                    .map_err(db_error)?;
            }
            signed_in(&row).map(Some)
        })
    }

    /// `coach` invites `athlete`; inviting again while pending changes nothing.
    pub fn invite(&self, coach: UserId, athlete: UserId) -> Result<()> {
        let now = Timestamp::now().as_second();
        self.pool.run(|client| {
            let mut tx = client.transaction().map_err(db_error)?;
            let role = role_of(&mut tx, "coach", coach)?;
            rules::check_invite(coach, athlete, &role)?;
            role_of(&mut tx, "athlete", athlete)?;
            let inserted = tx
                .execute(
                    "INSERT INTO coach_links (coach_id, athlete_id, status, created_at)
                     VALUES ($1, $2, 'invited', $3)
                     ON CONFLICT (coach_id, athlete_id) DO NOTHING",
                    &[&coach.get(), &athlete.get(), &now],
                )
                .map_err(db_error)?;
            if inserted == 0 {
                let status: String = get(
                    &tx.query_one(
                        "SELECT status FROM coach_links WHERE coach_id = $1 AND athlete_id = $2",
                        &[&coach.get(), &athlete.get()],
                    )
                    .map_err(db_error)?,
                    0,
                )?;
                if status == "accepted" {
                    return Err(rules::already_athlete());
                }
            }
            tx.commit().map_err(|e| uncertain(db_error(e)))
        })
    }

    /// `athlete` accepts `coach`'s invitation; without one, invalid input.
    pub fn accept(&self, athlete: UserId, coach: UserId) -> Result<()> {
        let now = Timestamp::now().as_second();
        self.pool.run(|client| {
            let updated = client
                .execute(
                    "UPDATE coach_links SET status = 'accepted', accepted_at = $3
                     WHERE coach_id = $1 AND athlete_id = $2 AND status = 'invited'",
                    &[&coach.get(), &athlete.get(), &now],
                )
                .map_err(db_error)?;
            if updated == 0 {
                return Err(rules::no_invitation());
            }
            Ok(())
        })
    }

    /// The athletes who accepted `coach`'s invitation, by name.
    pub fn athletes_of(&self, coach: UserId) -> Result<Vec<LinkedUser>> {
        self.linked(
            "SELECT u.id, u.name FROM coach_links l JOIN users u ON u.id = l.athlete_id
             WHERE l.coach_id = $1 AND l.status = 'accepted' ORDER BY u.name, u.id",
            coach,
        )
    }

    /// The athletes `coach` invited who have not answered yet, by name.
    pub fn invitations_sent(&self, coach: UserId) -> Result<Vec<LinkedUser>> {
        self.linked(
            "SELECT u.id, u.name FROM coach_links l JOIN users u ON u.id = l.athlete_id
             WHERE l.coach_id = $1 AND l.status = 'invited' ORDER BY u.name, u.id",
            coach,
        )
    }

    /// The coaches whose invitation `athlete` has not answered yet, by name.
    pub fn invitations_of(&self, athlete: UserId) -> Result<Vec<LinkedUser>> {
        self.linked(
            "SELECT u.id, u.name FROM coach_links l JOIN users u ON u.id = l.coach_id
             WHERE l.athlete_id = $1 AND l.status = 'invited' ORDER BY u.name, u.id",
            athlete,
        )
    }

    fn linked(&self, sql: &str, user: UserId) -> Result<Vec<LinkedUser>> {
        self.pool.read(|client| {
            let rows = client.query(sql, &[&user.get()]).map_err(db_error)?;
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

    /// The settings changes recorded for `athlete`, oldest first.
    pub fn settings_changes(&self, athlete: UserId) -> Result<Vec<SettingsChange>> {
        self.pool.run(|client| {
            let rows = client
                .query(
                    "SELECT c.id, u.name, c.key, c.old, c.new, c.at
                     FROM settings_changes c LEFT JOIN users u ON u.id = c.changed_by
                     WHERE c.athlete_id = $1 ORDER BY c.id",
                    &[&athlete.get()],
                )
                .map_err(db_error)?;
            rows.iter()
                .map(|row| {
                    let id: i64 = get(row, 0)?;
                    Ok(SettingsChange {
                        id,
                        changed_by: get(row, 1)?,
                        key: get(row, 2)?,
                        old: get(row, 3)?,
                        new: get(row, 4)?,
                        at: Origin::new("settings_changes", id).timestamp("at", get(row, 5)?)?,
                    })
                })
                .collect()
        })
    }
}

/// The shared contract ([`Accounts`], run by `keel_store::conformance`):
/// each method is the inherent one of the same name.
impl Accounts for PgBackend {
    fn add_user(&self, name: &str, role: &str, password_hash: &str) -> Result<AddedUser> {
        PgBackend::add_user(self, name, role, password_hash)
    }

    fn list_users(&self) -> Result<Vec<Account>> {
        PgBackend::list_users(self)
    }

    fn user_by_name(&self, name: &str) -> Result<Option<Credentials>> {
        PgBackend::user_by_name(self, name)
    }

    fn set_password(&self, name: &str, password_hash: &str) -> Result<PasswordReset> {
        PgBackend::set_password(self, name, password_hash)
    }

    fn delete_user(&self, name: &str) -> Result<()> {
        PgBackend::delete_user(self, name)
    }

    fn set_role(&self, name: &str, role: &str) -> Result<()> {
        PgBackend::set_role(self, name, role)
    }

    fn create_session(
        &self,
        user: UserId,
        token_hash: &str,
        now: Timestamp,
        ttl: SignedDuration,
    ) -> Result<Timestamp> {
        PgBackend::create_session(self, user, token_hash, now, ttl)
    }

    fn session_user(&self, token_hash: &str, now: Timestamp) -> Result<Option<SignedIn>> {
        PgBackend::session_user(self, token_hash, now)
    }

    fn delete_session(&self, token_hash: &str) -> Result<()> {
        PgBackend::delete_session(self, token_hash)
    }

    fn delete_expired_sessions(&self, now: Timestamp) -> Result<u64> {
        PgBackend::delete_expired_sessions(self, now)
    }

    fn create_api_token_until(
        &self,
        user: UserId,
        name: &str,
        token_hash: &str,
        expires_at: Option<Timestamp>,
    ) -> Result<i64> {
        PgBackend::create_api_token_until(self, user, name, token_hash, expires_at)
    }

    fn list_api_tokens(&self, user: UserId) -> Result<Vec<ApiToken>> {
        PgBackend::list_api_tokens(self, user)
    }

    fn api_token_by_hash(&self, token_hash: &str) -> Result<Option<ApiToken>> {
        PgBackend::api_token_by_hash(self, token_hash)
    }

    fn revoke_api_token(&self, user: UserId, id: i64) -> Result<()> {
        PgBackend::revoke_api_token(self, user, id)
    }

    fn token_user(&self, token_hash: &str, now: Timestamp) -> Result<Option<SignedIn>> {
        PgBackend::token_user(self, token_hash, now)
    }

    fn invite(&self, coach: UserId, athlete: UserId) -> Result<()> {
        PgBackend::invite(self, coach, athlete)
    }

    fn accept(&self, athlete: UserId, coach: UserId) -> Result<()> {
        PgBackend::accept(self, athlete, coach)
    }

    fn athletes_of(&self, coach: UserId) -> Result<Vec<LinkedUser>> {
        PgBackend::athletes_of(self, coach)
    }

    fn invitations_sent(&self, coach: UserId) -> Result<Vec<LinkedUser>> {
        PgBackend::invitations_sent(self, coach)
    }

    fn invitations_of(&self, athlete: UserId) -> Result<Vec<LinkedUser>> {
        PgBackend::invitations_of(self, athlete)
    }

    fn coaches_of(&self, athlete: UserId) -> Result<Vec<LinkedUser>> {
        PgBackend::coaches_of(self, athlete)
    }

    fn withdraw_coach(&self, athlete: UserId, coach: UserId) -> Result<()> {
        PgBackend::withdraw_coach(self, athlete, coach)
    }

    fn drop_athlete(&self, coach: UserId, athlete: UserId) -> Result<()> {
        PgBackend::drop_athlete(self, coach, athlete)
    }

    fn change_settings(
        &self,
        athlete: UserId,
        changed_by: UserId,
        writes: Vec<keel_store::Write>,
        changes: &[keel_store::accounts::ChangedSetting],
    ) -> Result<Vec<i64>> {
        PgBackend::change_settings(self, athlete, changed_by, writes, changes)
    }

    fn settings_changes(&self, athlete: UserId) -> Result<Vec<SettingsChange>> {
        PgBackend::settings_changes(self, athlete)
    }

    fn throttle_rows(&self, keys: &[String]) -> Result<Vec<ThrottleRow>> {
        PgBackend::throttle_rows(self, keys)
    }

    fn update_throttle(
        &self,
        keys: &[String],
        now: i64,
        stale_before: i64,
        update: ThrottleUpdate<'_>,
    ) -> Result<()> {
        PgBackend::update_throttle(self, keys, now, stale_before, update)
    }
}
