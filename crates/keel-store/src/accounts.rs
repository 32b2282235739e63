//! Accounts: users with roles and password hashes, browser sessions, API
//! tokens, coach-athlete links, the record of settings a coach changed and
//! the login throttle's counts. [`Accounts`] is what every backend that
//! keeps accounts provides (PostgreSQL's `PgBackend`, [`crate::SqliteStore`]);
//! the rules they share (names, roles, the first account, the last admin,
//! who may invite) are the functions of this module, so each backend only
//! stores. Only hashes are stored, never a password or a token; hashing is
//! the caller's (keel-app's `auth`).
//!
//! Roles cross this boundary as their slugs (`athlete`, `coach`, `admin`),
//! checked here and by each backend's CHECK. Every write that touches more
//! than one row runs in one transaction.

use jiff::{SignedDuration, Timestamp};
use keel_core::InputError;

use crate::{Result, Revision, StoreError, Write};

/// The roles an account can have, as stored.
pub const ROLES: [&str; 3] = ["athlete", "coach", "admin"];
/// The role of the first account, whatever was asked.
pub const ADMIN: &str = "admin";
/// The role that may invite athletes (besides an admin).
pub const COACH: &str = "coach";

/// How often a session's or token's last use is written, in seconds: every
/// request would otherwise be a write (and a disk flush) just to say so.
pub const USE_NOTED_EVERY: i64 = 60;

/// A user of a shared database (a row of `users`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UserId(i64);

impl UserId {
    /// The user of row `id`; only a backend, which read the row, makes one.
    pub fn new(id: i64) -> UserId {
        UserId(id)
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

/// A user as an admin sees it: never the password hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: UserId,
    pub name: String,
    pub role: String,
    /// False for users made by `--user` or `keel migrate-data`: they cannot log in.
    pub has_password: bool,
    pub disabled: bool,
    pub created_at: Timestamp,
}

/// What a login checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub id: UserId,
    pub role: String,
    /// The Argon2id PHC string; `None` when no password was ever set.
    pub password_hash: Option<String>,
    pub disabled: bool,
}

/// The result of [`Accounts::add_user`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddedUser {
    pub id: UserId,
    /// The role given, which is `admin` when `made_admin`.
    pub role: String,
    /// The database had no admin, so this account became its admin
    /// whatever role was asked.
    pub made_admin: bool,
    /// The name already held data (from `--user` or `keel migrate-data`)
    /// without a password; that user is now this account.
    pub claimed_existing: bool,
}

/// Who a session or API token belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub id: UserId,
    pub name: String,
    pub role: String,
    /// The user's data revision, read with the credential: the backend
    /// hands it to the request's store, so a request costs one read fewer.
    pub revision: Revision,
}

/// An API token as listed: never the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub created_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
    /// When it stops working; `None` for a token that never expires.
    pub expires_at: Option<Timestamp>,
}

impl ApiToken {
    /// Whether the token has expired at `now` (revoked or not).
    pub fn is_expired(&self, now: Timestamp) -> bool {
        self.expires_at.is_some_and(|at| at <= now)
    }
}

/// Another user linked to this one (an athlete of a coach, a coach of an athlete).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedUser {
    pub id: UserId,
    pub name: String,
}

/// A setting a coach changed for an athlete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsChange {
    pub id: i64,
    /// The coach's name; `None` once that account was deleted.
    pub changed_by: Option<String>,
    pub key: String,
    pub old: String,
    pub new: String,
    pub at: Timestamp,
}

/// One setting a coach changed for an athlete, as the record shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedSetting {
    pub key: String,
    pub old: String,
    pub new: String,
}

/// What a password reset ended besides the old password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordReset {
    /// Browser sessions signed out.
    pub sessions_ended: u64,
    /// API tokens revoked (those already revoked are not counted).
    pub tokens_revoked: u64,
}

impl PasswordReset {
    /// "their 2 browser sessions were ended and their 1 API token revoked".
    pub fn summary(&self) -> String {
        let plural = |n: u64, one: &str, many: &str| {
            if n == 1 {
                format!("{n} {one}")
            } else {
                format!("{n} {many}")
            }
        };
        format!(
            "{} ended and {} revoked",
            plural(
                self.sessions_ended,
                "browser session was",
                "browser sessions were"
            ),
            plural(self.tokens_revoked, "API token", "API tokens"),
        )
    }
}

/// One login-throttle key's kept counts; times in microseconds since the
/// Unix epoch. The rule (how many, how long) is keel-app's `LoginThrottle`;
/// a backend only keeps its state.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ThrottleRow {
    pub key: String,
    /// Failures within the window, oldest first.
    pub failures: Vec<i64>,
    pub locked_until: Option<i64>,
}

impl ThrottleRow {
    /// Nothing to keep: the row is deleted.
    pub fn is_idle(&self) -> bool {
        self.failures.is_empty() && self.locked_until.is_none()
    }
}

/// What [`Accounts::update_throttle`] makes of the kept rows.
pub type ThrottleUpdate<'a> = &'a mut dyn FnMut(Vec<ThrottleRow>) -> Vec<ThrottleRow>;

/// What every backend that keeps accounts provides. Writes that break a
/// rule are [`StoreError::Invalid`] naming the field, and change nothing.
pub trait Accounts {
    /// Adds an account. The first account (while there is no admin) becomes
    /// the admin whatever `role` asked ([`role_of_new_account`]); a name
    /// already holding data without a password (from `--user` or `keel
    /// migrate-data`) becomes this account. A name that already has a
    /// password is refused.
    fn add_user(&self, name: &str, role: &str, password_hash: &str) -> Result<AddedUser>;

    /// Every user, by name.
    fn list_users(&self) -> Result<Vec<Account>>;

    /// What a login by `name` checks; `None` when there is no such user.
    fn user_by_name(&self, name: &str) -> Result<Option<Credentials>>;

    /// Sets `name`'s password (an admin's reset), ends that user's browser
    /// sessions and revokes their active API tokens, all in one
    /// transaction. Says how many of each were ended.
    fn set_password(&self, name: &str, password_hash: &str) -> Result<PasswordReset>;

    /// Deletes `name` with all their data; the last admin is refused.
    fn delete_user(&self, name: &str) -> Result<()>;

    /// Gives `name` the role `role`; demoting the last admin is refused.
    fn set_role(&self, name: &str, role: &str) -> Result<()>;

    /// Starts a browser session for `user`, valid for `ttl` from `now`;
    /// returns when it expires.
    fn create_session(
        &self,
        user: UserId,
        token_hash: &str,
        now: Timestamp,
        ttl: SignedDuration,
    ) -> Result<Timestamp>;

    /// Who the session with this token hash belongs to at `now`; `None` when
    /// unknown, expired, or the user is disabled. Its last use is noted at
    /// most once every [`USE_NOTED_EVERY`] seconds.
    fn session_user(&self, token_hash: &str, now: Timestamp) -> Result<Option<SignedIn>>;

    /// Ends a session (logout); nothing happens when there is none.
    fn delete_session(&self, token_hash: &str) -> Result<()>;

    /// Forgets sessions expired at `now`; returns how many.
    fn delete_expired_sessions(&self, now: Timestamp) -> Result<u64>;

    /// Stores a new API token of `user` under `name`, working until
    /// `expires_at` (`None`: never expires); returns its id. An expiry not
    /// after now is invalid input.
    fn create_api_token_until(
        &self,
        user: UserId,
        name: &str,
        token_hash: &str,
        expires_at: Option<Timestamp>,
    ) -> Result<i64>;

    /// `user`'s API tokens, oldest first, revoked ones included.
    fn list_api_tokens(&self, user: UserId) -> Result<Vec<ApiToken>>;

    /// The API token with this hash whatever its state (revoked, expired).
    fn api_token_by_hash(&self, token_hash: &str) -> Result<Option<ApiToken>>;

    /// Revokes `user`'s token `id`; another user's token, an unknown id or
    /// one already revoked is invalid input.
    fn revoke_api_token(&self, user: UserId, id: i64) -> Result<()>;

    /// Who the API token with this hash belongs to, noting its use at `now`;
    /// `None` when unknown, revoked, expired at `now`, or the user is disabled.
    fn token_user(&self, token_hash: &str, now: Timestamp) -> Result<Option<SignedIn>>;

    /// `coach` invites `athlete`; inviting again while pending changes nothing.
    fn invite(&self, coach: UserId, athlete: UserId) -> Result<()>;

    /// `athlete` accepts `coach`'s invitation; without one, invalid input.
    fn accept(&self, athlete: UserId, coach: UserId) -> Result<()>;

    /// The athletes who accepted `coach`'s invitation, by name.
    fn athletes_of(&self, coach: UserId) -> Result<Vec<LinkedUser>>;

    /// The athletes `coach` invited who have not answered yet, by name.
    fn invitations_sent(&self, coach: UserId) -> Result<Vec<LinkedUser>>;

    /// The coaches whose invitation `athlete` has not answered yet, by name.
    fn invitations_of(&self, athlete: UserId) -> Result<Vec<LinkedUser>>;

    /// The coaches `athlete` accepted, by name.
    fn coaches_of(&self, athlete: UserId) -> Result<Vec<LinkedUser>>;

    /// `athlete` withdraws `coach`'s access (or declines a pending
    /// invitation). Without a link, invalid input and nothing changes.
    fn withdraw_coach(&self, athlete: UserId, coach: UserId) -> Result<()>;

    /// `coach` stops coaching `athlete` (or cancels a pending invitation).
    /// Without a link, invalid input and nothing changes.
    fn drop_athlete(&self, coach: UserId, athlete: UserId) -> Result<()>;

    /// Applies `writes` (settings only: `SaveSettings`, `SaveEngineSettings`)
    /// to `athlete`'s data and records each of `changes` as made by
    /// `changed_by`, in one transaction: if any write or record fails,
    /// nothing is kept ([`check_settings_change`] first). Returns the
    /// records' ids, in the order given.
    fn change_settings(
        &self,
        athlete: UserId,
        changed_by: UserId,
        writes: Vec<Write>,
        changes: &[ChangedSetting],
    ) -> Result<Vec<i64>>;

    /// The settings changes recorded for `athlete`, oldest first.
    fn settings_changes(&self, athlete: UserId) -> Result<Vec<SettingsChange>>;

    /// The login throttle's kept counts of those of `keys` that have any.
    fn throttle_rows(&self, keys: &[String]) -> Result<Vec<ThrottleRow>>;

    /// Replaces the counts of `keys` with what `update` makes of them (one
    /// row per key, idle ones included), in one transaction holding the
    /// keys, so two processes counting a failure at once both count. Rows
    /// left idle are deleted, and so are rows untouched since
    /// `stale_before` (microseconds).
    fn update_throttle(
        &self,
        keys: &[String],
        now: i64,
        stale_before: i64,
        update: ThrottleUpdate<'_>,
    ) -> Result<()>;
}

/// A coach's change saves settings only, and never without its record.
pub fn check_settings_change(writes: &[Write], changes: &[ChangedSetting]) -> Result<()> {
    if let Some(other) = writes
        .iter()
        .find(|w| !matches!(w, Write::SaveSettings(_) | Write::SaveEngineSettings(_)))
    {
        return Err(invalid(
            "writes",
            format!("a coach's change may only save settings, not {other:?}"),
        ));
    }
    if changes.is_empty() {
        return Err(invalid(
            "changes",
            "a settings change needs its record of what changed",
        ));
    }
    if let Some(blank) = changes.iter().find(|c| c.key.trim().is_empty()) {
        return Err(invalid(
            "key",
            format!("a changed setting needs its key (got {:?})", blank.key),
        ));
    }
    Ok(())
}

/// Whether any of `accounts` can log in (a password, not disabled): what
/// serving beyond this machine needs, since every page then asks for a login.
pub fn any_can_log_in(accounts: &[Account]) -> bool {
    accounts
        .iter()
        .any(|account| account.has_password && !account.disabled)
}

/// Invalid input naming `field`.
pub fn invalid(field: &str, message: impl Into<String>) -> StoreError {
    StoreError::Invalid(InputError::new(field, message))
}

/// Refuses a role that is not one of [`ROLES`].
pub fn check_role(role: &str) -> Result<()> {
    if ROLES.contains(&role) {
        Ok(())
    } else {
        Err(invalid(
            "role",
            format!("{role:?} is not a role; use athlete, coach or admin"),
        ))
    }
}

/// A name as stored: trimmed (as `--user` is), not empty, no control characters.
pub fn check_name<'a>(field: &str, name: &'a str) -> Result<&'a str> {
    let name = name.trim();
    if name.is_empty() {
        return Err(invalid(field, "cannot be empty"));
    }
    if name.chars().any(char::is_control) {
        return Err(invalid(field, "cannot contain control characters"));
    }
    Ok(name)
}

/// A stored password hash is never empty.
pub fn check_password_hash(hash: &str) -> Result<()> {
    if hash.is_empty() {
        Err(invalid("password", "no password hash given"))
    } else {
        Ok(())
    }
}

/// A session or token is kept as the SHA-256 of its secret, in hex.
pub fn check_token_hash(hash: &str) -> Result<()> {
    if hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err(invalid("token", "is not a SHA-256 hash in hex"))
    }
}

/// When a session started at `now` and lasting `ttl` ends.
pub fn session_expiry(now: Timestamp, ttl: SignedDuration) -> Result<Timestamp> {
    if !ttl.is_positive() {
        return Err(invalid("ttl", "a session must last longer than zero"));
    }
    now.checked_add(ttl)
        .map_err(|e| invalid("ttl", format!("is too long: {e}")))
}

/// A token's expiry (Unix seconds) must be later than `now`.
pub fn check_token_expiry(expires_at: Option<i64>, now: i64) -> Result<()> {
    if expires_at.is_some_and(|at| at <= now) {
        Err(invalid("expires_at", "must be later than now"))
    } else {
        Ok(())
    }
}

/// Whether a credential last used at `last` (Unix seconds) should have its
/// use noted at `now`.
pub fn use_noted_due(last: Option<i64>, now: i64) -> bool {
    last.is_none_or(|last| now - last >= USE_NOTED_EVERY)
}

/// The role a new account gets, and whether it was made admin against what
/// was asked: while there is no admin, the new account is the admin, so a
/// fresh database always has someone who can manage it.
pub fn role_of_new_account(has_admin: bool, asked: &str) -> (&str, bool) {
    if has_admin {
        (asked, false)
    } else {
        (ADMIN, asked != ADMIN)
    }
}

/// The refusal of a second account under a name that has a password.
pub fn name_taken(name: &str) -> StoreError {
    invalid(
        "name",
        format!("there is already an account called {name:?}"),
    )
}

/// The refusal of a name no user has.
pub fn no_such_user(field: &str, name: &str) -> StoreError {
    invalid(field, format!("there is no user called {name:?}"))
}

/// The refusal of a user id no row has.
pub fn no_such_user_id(field: &str, id: UserId) -> StoreError {
    invalid(field, format!("there is no user with id {}", id.get()))
}

/// The refusal to delete the last admin (nobody could manage accounts).
pub fn last_admin_kept_on_delete(name: &str) -> StoreError {
    invalid(
        "name",
        format!(
            "{name:?} is the server's last admin; add another admin \
             (keel user add NAME --role admin) before deleting this one"
        ),
    )
}

/// The refusal to give the last admin another role.
pub fn last_admin_kept_on_role(name: &str) -> StoreError {
    invalid(
        "role",
        format!(
            "{name:?} is the server's last admin; make another account \
             admin before changing this one's role"
        ),
    )
}

/// Whether `coach` (whose role is `coach_role`) may invite `athlete`.
pub fn check_invite(coach: UserId, athlete: UserId, coach_role: &str) -> Result<()> {
    if coach == athlete {
        return Err(invalid("athlete", "a coach cannot invite themself"));
    }
    if coach_role != COACH && coach_role != ADMIN {
        return Err(invalid(
            "coach",
            format!("only a coach can invite athletes (this account is {coach_role})"),
        ));
    }
    Ok(())
}

/// The refusal to invite an athlete already linked.
pub fn already_athlete() -> StoreError {
    invalid("athlete", "is already your athlete")
}

/// The refusal to accept an invitation never sent (or already answered).
pub fn no_invitation() -> StoreError {
    invalid("coach", "there is no pending invitation from this coach")
}

/// The refusal to withdraw a coach the athlete has no link with.
pub fn not_your_coach() -> StoreError {
    invalid("coach", "is not your coach")
}

/// The refusal to drop an athlete the coach has no link with.
pub fn not_your_athlete() -> StoreError {
    invalid("athlete", "is not your athlete")
}

/// The refusal to revoke a token `user` does not have.
pub fn no_token(id: i64) -> StoreError {
    invalid("id", format!("you have no API token {id}"))
}

/// The refusal to revoke a token twice.
pub fn token_already_revoked(id: i64) -> StoreError {
    invalid("id", format!("API token {id} is already revoked"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_account_is_the_admin_whatever_was_asked() {
        assert_eq!(role_of_new_account(false, "athlete"), (ADMIN, true));
        assert_eq!(role_of_new_account(false, ADMIN), (ADMIN, false));
        assert_eq!(role_of_new_account(true, "coach"), ("coach", false));
    }

    #[test]
    fn only_a_coach_or_admin_invites_and_never_themself() {
        let (a, b) = (UserId::new(1), UserId::new(2));
        assert!(check_invite(a, b, COACH).is_ok());
        assert!(check_invite(a, b, ADMIN).is_ok());
        assert!(check_invite(a, b, "athlete").is_err());
        assert!(check_invite(a, a, COACH).is_err());
    }

    #[test]
    fn names_are_trimmed_and_refused_when_empty_or_with_control_characters() {
        assert_eq!(check_name("name", "  ann ").ok(), Some("ann"));
        assert!(check_name("name", "  ").is_err());
        assert!(check_name("name", "a\u{7}b").is_err());
    }

    #[test]
    fn only_an_enabled_account_with_a_password_can_log_in() {
        let account = |has_password, disabled| Account {
            id: UserId::new(1),
            name: "ana".into(),
            role: ADMIN.into(),
            has_password,
            disabled,
            created_at: Timestamp::UNIX_EPOCH,
        };
        assert!(!any_can_log_in(&[]));
        assert!(!any_can_log_in(&[
            account(false, false),
            account(true, true)
        ]));
        assert!(any_can_log_in(&[
            account(false, false),
            account(true, false)
        ]));
    }

    #[test]
    fn a_use_is_noted_at_most_once_a_minute() {
        assert!(use_noted_due(None, 10));
        assert!(!use_noted_due(Some(10), 10 + USE_NOTED_EVERY - 1));
        assert!(use_noted_due(Some(10), 10 + USE_NOTED_EVERY));
    }
}
