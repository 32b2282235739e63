//! One SQLite file shared by the requests of a server with accounts: its
//! connection is taken in turn (it is not `Sync`), each request acting as
//! its account ([`SharedSqlite::store`]), and the accounts themselves
//! ([`Accounts`]) on the same connection. What PostgreSQL's `PgBackend` is
//! to a server, this is to a household's file.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use keel_core::engine::EngineSettings;
use keel_core::history::ImportedSet;
use keel_core::outcome::{Outcome, Questionnaire};
use keel_core::training::{LoggedSet, SlotDecision};
use rusqlite::OptionalExtension;

use super::{SqliteStore, db_error, revision};
use crate::accounts::{
    Account, Accounts, AddedUser, ApiToken, ChangedSetting, Credentials, LinkedUser, PasswordReset,
    SettingsChange, SignedIn, ThrottleRow, ThrottleUpdate, UserId,
};
use crate::{
    AddedSet, CalendarState, CheckIn, DecisionsTail, ImportBatch, KeptAnswer, KeptKey, Memos, Part,
    PlanSettings, Profile, RequestKey, Result, Revision, Revisioned, SafetyEvent, Store,
    StoredAssessment, StoredPlan, TrainingSession, Write,
};

/// How many values derived from users' data (a journal, a summary: see
/// [`crate::Memo`]) a cache layer over the file keeps in memory for all its
/// users together.
const VALUES_KEPT: usize = 256;

/// A SQLite file with accounts, shared by a server's requests; cheap to clone.
#[derive(Clone)]
pub struct SharedSqlite {
    file: Arc<Mutex<SqliteStore>>,
    /// Room for the values a cache layer over this file's stores keeps
    /// (`keel_app::cache`), shared by every request; never read here.
    memos: Arc<Memos>,
}

impl SharedSqlite {
    pub fn new(store: SqliteStore) -> SharedSqlite {
        SharedSqlite {
            file: Arc::new(Mutex::new(store)),
            memos: Arc::new(Memos::new(VALUES_KEPT)),
        }
    }

    /// Runs `f` on the connection as `user`, holding it meanwhile (every
    /// call sets its own user, so none acts as the one before).
    fn as_user<T>(&self, user: i64, f: impl FnOnce(&mut SqliteStore) -> T) -> T {
        // A panic while holding the lock poisons it; the connection itself
        // is still usable, so take it back.
        let mut store = self.file.lock().unwrap_or_else(PoisonError::into_inner);
        store.user = user;
        f(&mut store)
    }

    /// The store of `user` (an account of the file, as a credential or
    /// [`Accounts::user_by_name`] said).
    pub fn store(&self, user: UserId) -> SharedStore {
        SharedStore {
            shared: self.clone(),
            user: user.get(),
        }
    }

    /// Where a cache layer over this file's stores keeps its values.
    pub fn memos(&self) -> &Arc<Memos> {
        &self.memos
    }

    /// The data revision of each of `users` that has written.
    pub fn revisions(&self, users: &[i64]) -> Result<HashMap<i64, Revision>> {
        self.as_user(super::OWNER, |store| {
            users
                .iter()
                .map(|&user| Ok((user, revision(&store.conn, user)?)))
                .collect()
        })
    }

    /// The user whose calendar feed token has this SHA-256 (hex), if any.
    pub fn calendar_feed_user(&self, token_sha256: &str) -> Result<Option<UserId>> {
        self.as_user(super::OWNER, |store| {
            store
                .conn
                .query_row(
                    "SELECT user_id FROM calendar WHERE feed_token_sha256 = ?1",
                    [token_sha256],
                    |r| r.get(0),
                )
                .optional()
                .map(|found| found.map(UserId::new))
                .map_err(db_error)
        })
    }

    /// One read of the file (the readiness probe).
    pub fn ping(&self) -> Result<()> {
        self.as_user(super::OWNER, |store| store.ping())
    }
}

/// One account's data on a [`SharedSqlite`] file.
#[derive(Clone)]
pub struct SharedStore {
    shared: SharedSqlite,
    user: i64,
}

impl SharedStore {
    fn run<T>(&self, f: impl FnOnce(&mut SqliteStore) -> T) -> T {
        self.shared.as_user(self.user, f)
    }
}

impl SharedStore {
    /// Whose data this store reads and writes.
    pub fn user(&self) -> UserId {
        UserId::new(self.user)
    }
}

impl Revisioned for SharedStore {
    fn revision(&self) -> Result<Revision> {
        self.run(|s| s.revision())
    }

    fn add_set_if_unchanged(
        &mut self,
        at: &Revision,
        unchanged: &[Part],
        set: &LoggedSet,
        decisions: &DecisionsTail,
        key: Option<&RequestKey>,
    ) -> Result<Option<AddedSet>> {
        self.run(|s| s.add_set_if_unchanged(at, unchanged, set, decisions, key))
    }
}

impl Store for SharedStore {
    fn apply(&mut self, writes: Vec<Write>) -> Result<()> {
        self.run(|s| s.apply(writes))
    }

    fn apply_keyed(&mut self, writes: Vec<Write>, key: &RequestKey) -> Result<()> {
        self.run(|s| s.apply_keyed(writes, key))
    }

    fn kept_key(&self, key: &str) -> Result<Option<KeptKey>> {
        self.run(|s| s.kept_key(key))
    }

    fn keep_answer(&mut self, key: &RequestKey, answer: &KeptAnswer) -> Result<()> {
        self.run(|s| s.keep_answer(key, answer))
    }

    fn profile(&self) -> Result<Option<Profile>> {
        self.run(|s| s.profile())
    }

    fn settings(&self) -> Result<PlanSettings> {
        self.run(|s| s.settings())
    }

    fn engine_settings(&self) -> Result<Option<EngineSettings>> {
        self.run(|s| s.engine_settings())
    }

    fn assessments(&self) -> Result<Vec<StoredAssessment>> {
        self.run(|s| s.assessments())
    }

    fn safety_events(&self) -> Result<Vec<SafetyEvent>> {
        self.run(|s| s.safety_events())
    }

    fn current_plan(&self) -> Result<Option<StoredPlan>> {
        self.run(|s| s.current_plan())
    }

    fn plans(&self) -> Result<Vec<StoredPlan>> {
        self.run(|s| s.plans())
    }

    fn sessions(&self, from: Option<Date>, to: Option<Date>) -> Result<Vec<TrainingSession>> {
        self.run(|s| s.sessions(from, to))
    }

    fn sessions_of_plan(&self, version: i64) -> Result<Vec<TrainingSession>> {
        self.run(|s| s.sessions_of_plan(version))
    }

    fn check_ins(&self) -> Result<Vec<CheckIn>> {
        self.run(|s| s.check_ins())
    }

    fn mornings_and_readiness_since(&self, since: Date) -> Result<Vec<CheckIn>> {
        self.run(|s| s.mornings_and_readiness_since(since))
    }

    fn decisions(&self, plan_version: i64) -> Result<Vec<SlotDecision>> {
        self.run(|s| s.decisions(plan_version))
    }

    fn carried_decisions(&self, before_version: i64) -> Result<Vec<(i64, SlotDecision)>> {
        self.run(|s| s.carried_decisions(before_version))
    }

    fn imported_sets(&self, from: Option<Date>, to: Option<Date>) -> Result<Vec<ImportedSet>> {
        self.run(|s| s.imported_sets(from, to))
    }

    fn imported_keys(&self) -> Result<HashSet<String>> {
        self.run(|s| s.imported_keys())
    }

    fn user_exercises(&self) -> Result<Vec<String>> {
        self.run(|s| s.user_exercises())
    }

    fn imports(&self) -> Result<Vec<ImportBatch>> {
        self.run(|s| s.imports())
    }

    fn outcomes(&self) -> Result<Vec<Outcome>> {
        self.run(|s| s.outcomes())
    }

    fn questionnaires(&self) -> Result<Vec<Questionnaire>> {
        self.run(|s| s.questionnaires())
    }

    fn calendar(&self) -> Result<CalendarState> {
        self.run(|s| s.calendar())
    }
}

/// Each method runs on the shared connection (accounts are not one user's).
impl Accounts for SharedSqlite {
    fn add_user(&self, name: &str, role: &str, password_hash: &str) -> Result<AddedUser> {
        self.as_user(super::OWNER, |s| s.add_user(name, role, password_hash))
    }

    fn list_users(&self) -> Result<Vec<Account>> {
        self.as_user(super::OWNER, |s| s.list_users())
    }

    fn user_by_name(&self, name: &str) -> Result<Option<Credentials>> {
        self.as_user(super::OWNER, |s| s.user_by_name(name))
    }

    fn set_password(&self, name: &str, password_hash: &str) -> Result<PasswordReset> {
        self.as_user(super::OWNER, |s| s.set_password(name, password_hash))
    }

    fn delete_user(&self, name: &str) -> Result<()> {
        self.as_user(super::OWNER, |s| s.delete_user(name))
    }

    fn set_role(&self, name: &str, role: &str) -> Result<()> {
        self.as_user(super::OWNER, |s| s.set_role(name, role))
    }

    fn create_session(
        &self,
        user: UserId,
        token_hash: &str,
        now: Timestamp,
        ttl: SignedDuration,
    ) -> Result<Timestamp> {
        self.as_user(super::OWNER, |s| {
            s.create_session(user, token_hash, now, ttl)
        })
    }

    fn session_user(&self, token_hash: &str, now: Timestamp) -> Result<Option<SignedIn>> {
        self.as_user(super::OWNER, |s| s.session_user(token_hash, now))
    }

    fn delete_session(&self, token_hash: &str) -> Result<()> {
        self.as_user(super::OWNER, |s| s.delete_session(token_hash))
    }

    fn delete_expired_sessions(&self, now: Timestamp) -> Result<u64> {
        self.as_user(super::OWNER, |s| s.delete_expired_sessions(now))
    }

    fn create_api_token_until(
        &self,
        user: UserId,
        name: &str,
        token_hash: &str,
        expires_at: Option<Timestamp>,
    ) -> Result<i64> {
        self.as_user(super::OWNER, |s| {
            s.create_api_token_until(user, name, token_hash, expires_at)
        })
    }

    fn list_api_tokens(&self, user: UserId) -> Result<Vec<ApiToken>> {
        self.as_user(super::OWNER, |s| s.list_api_tokens(user))
    }

    fn api_token_by_hash(&self, token_hash: &str) -> Result<Option<ApiToken>> {
        self.as_user(super::OWNER, |s| s.api_token_by_hash(token_hash))
    }

    fn revoke_api_token(&self, user: UserId, id: i64) -> Result<()> {
        self.as_user(super::OWNER, |s| s.revoke_api_token(user, id))
    }

    fn token_user(&self, token_hash: &str, now: Timestamp) -> Result<Option<SignedIn>> {
        self.as_user(super::OWNER, |s| s.token_user(token_hash, now))
    }

    fn invite(&self, coach: UserId, athlete: UserId) -> Result<()> {
        self.as_user(super::OWNER, |s| s.invite(coach, athlete))
    }

    fn accept(&self, athlete: UserId, coach: UserId) -> Result<()> {
        self.as_user(super::OWNER, |s| s.accept(athlete, coach))
    }

    fn athletes_of(&self, coach: UserId) -> Result<Vec<LinkedUser>> {
        self.as_user(super::OWNER, |s| s.athletes_of(coach))
    }

    fn invitations_sent(&self, coach: UserId) -> Result<Vec<LinkedUser>> {
        self.as_user(super::OWNER, |s| s.invitations_sent(coach))
    }

    fn invitations_of(&self, athlete: UserId) -> Result<Vec<LinkedUser>> {
        self.as_user(super::OWNER, |s| s.invitations_of(athlete))
    }

    fn coaches_of(&self, athlete: UserId) -> Result<Vec<LinkedUser>> {
        self.as_user(super::OWNER, |s| s.coaches_of(athlete))
    }

    fn withdraw_coach(&self, athlete: UserId, coach: UserId) -> Result<()> {
        self.as_user(super::OWNER, |s| s.withdraw_coach(athlete, coach))
    }

    fn drop_athlete(&self, coach: UserId, athlete: UserId) -> Result<()> {
        self.as_user(super::OWNER, |s| s.drop_athlete(coach, athlete))
    }

    fn change_settings(
        &self,
        athlete: UserId,
        changed_by: UserId,
        writes: Vec<Write>,
        changes: &[ChangedSetting],
    ) -> Result<Vec<i64>> {
        self.as_user(super::OWNER, |s| {
            s.change_settings(athlete, changed_by, writes, changes)
        })
    }

    fn settings_changes(&self, athlete: UserId) -> Result<Vec<SettingsChange>> {
        self.as_user(super::OWNER, |s| s.settings_changes(athlete))
    }

    fn throttle_rows(&self, keys: &[String]) -> Result<Vec<ThrottleRow>> {
        self.as_user(super::OWNER, |s| s.throttle_rows(keys))
    }

    fn update_throttle(
        &self,
        keys: &[String],
        now: i64,
        stale_before: i64,
        update: ThrottleUpdate<'_>,
    ) -> Result<()> {
        self.as_user(super::OWNER, |s| {
            s.update_throttle(keys, now, stale_before, update)
        })
    }
}
