//! Keel's [`Store`] on PostgreSQL, for the coach server: many users in one
//! database. [`PgBackend`] owns a small connection pool and the schema
//! (embedded migrations, run on connect); [`PgBackend::store`] gives a
//! [`PgStore`] scoped to one user, where every query filters by that user.
//!
//! Every [`Store::apply`] batch runs in one transaction, so a failure (a
//! refused write, a lost connection) leaves nothing behind. A broken
//! connection fails the request using it and is dropped; the next request
//! connects again.

mod accounts;
mod add_set;
mod coaching;
mod codec;
mod keys;
mod log_read;
mod log_write;
mod migrations;
mod pool;
mod read;
mod roles;
mod throttle;
mod write;

use std::cell::Cell;
use std::collections::HashSet;
use std::sync::Arc;

use jiff::civil::Date;
use keel_core::InputError;
use keel_core::engine::EngineSettings;
use keel_core::history::ImportedSet;
use keel_core::profile::Profile;
use keel_core::settings::PlanSettings;
use keel_core::training::{LoggedSet, SlotDecision};
use keel_store::{
    AddedSet, CheckIn, DecisionsTail, KeptAnswer, KeptKey, Memos, Part, RequestKey, Result,
    Revision, Revisioned, SafetyEvent, Store, StoreError, StoredAssessment, StoredPlan,
    TrainingSession, Write,
};

use crate::codec::{db_error, get, now_seconds};
use crate::pool::{Conn, Pool};

pub use keel_store::accounts::{
    Account, AddedUser, ApiToken, ChangedSetting, Credentials, LinkedUser, PasswordReset, ROLES,
    SettingsChange, SignedIn, ThrottleRow, UserId,
};
pub use pool::{PoolOptions, PoolStats};

/// A Keel database on a PostgreSQL server.
#[derive(Clone)]
pub struct PgBackend {
    pool: Arc<Pool>,
    /// Room for the values a cache layer over this backend's stores keeps
    /// (`keel_app::cache`), shared by every request; never read here.
    memos: Arc<Memos>,
}

/// How many values derived from users' data (a journal, a dashboard
/// summary: see [`keel_store::Memo`]) a cache layer over a backend keeps in
/// memory; the least recently used is dropped beyond that.
pub const VALUES_KEPT: usize = 4096;

impl PgBackend {
    /// Connects to `url` (`postgres://user@host:port/dbname`, libpq's
    /// options accepted, e.g. `?options=-csearch_path%3Dmy_schema`) and
    /// brings its schema up to date.
    pub fn connect(url: &str) -> Result<PgBackend> {
        PgBackend::connect_with(url, None, PoolOptions::default())
    }

    /// As [`PgBackend::connect`], with Keel's tables in `schema` (created
    /// when missing; a plain identifier: lowercase letters, digits, `_`).
    /// Tests use one schema each, dropped afterwards.
    pub fn connect_with(
        url: &str,
        schema: Option<&str>,
        options: PoolOptions,
    ) -> Result<PgBackend> {
        let mut config: postgres::Config = url.parse().map_err(|e| StoreError::Open {
            path: "the PostgreSQL URL".into(),
            reason: format!("it is not a valid connection string ({e})"),
        })?;
        if let Some(schema) = schema {
            check_schema_name(schema)?;
            // Every pooled connection finds Keel's tables there.
            config.options(&format!("-csearch_path={schema}"));
        }
        let pool = Pool::new(config, options);
        let opened = |err: StoreError| match err {
            StoreError::Backend(reason) | StoreError::Unavailable(reason) => StoreError::Open {
                path: pool.shown().to_string(),
                reason,
            },
            other => other,
        };
        let mut client = pool.connect().map_err(opened)?;
        if let Some(schema) = schema {
            client
                .batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS {schema}"))
                .map_err(db_error)
                .map_err(opened)?;
        }
        migrations::migrate(&mut client).map_err(opened)?;
        drop(client);
        Ok(PgBackend {
            pool: Arc::new(pool),
            memos: Arc::new(Memos::new(VALUES_KEPT)),
        })
    }

    /// Drops `schema` with everything in it (for tests that made one).
    pub fn drop_schema(url: &str, schema: &str) -> Result<()> {
        check_schema_name(schema)?;
        let config: postgres::Config = url.parse().map_err(|e| StoreError::Open {
            path: "the PostgreSQL URL".into(),
            reason: format!("it is not a valid connection string ({e})"),
        })?;
        let pool = Pool::new(config, PoolOptions::default());
        pool.connect()?
            .batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
            .map_err(db_error)
    }

    /// The schema version this build creates and reads.
    pub fn schema_version() -> i64 {
        migrations::latest_version()
    }

    /// One round trip that reads Keel's schema: fails when the server is
    /// unreachable or the schema is gone (the readiness probe).
    pub fn ping(&self) -> Result<()> {
        self.pool.run(|client| {
            client
                .query_one("SELECT MAX(version) FROM keel_schema_migrations", &[])
                .map_err(db_error)
                .map(|_| ())
        })
    }

    /// Where a cache layer over this backend's stores keeps its values.
    pub fn memos(&self) -> &Arc<Memos> {
        &self.memos
    }

    /// The data revision of each of `users` that exists, in one round trip:
    /// what a value kept for a user in memory is checked against.
    pub fn revisions(&self, users: &[i64]) -> Result<std::collections::HashMap<i64, Revision>> {
        let sql = format!(
            "SELECT id, {} FROM users WHERE id = ANY($1)",
            keel_store::revision_columns()
        );
        self.pool.read(|client| {
            let rows = client.query(&sql, &[&users]).map_err(db_error)?;
            rows.iter()
                .map(|row| Ok((get(row, 0)?, Revision::from_columns(|i| get(row, 1 + i))?)))
                .collect()
        })
    }

    /// The connection pool's connections in use and kept idle now.
    pub fn pool_stats(&self) -> PoolStats {
        self.pool.stats()
    }

    /// The user called `name`, created when new.
    pub fn user(&self, name: &str) -> Result<UserId> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid(InputError::new(
                "user",
                "a user name cannot be empty",
            )));
        }
        self.pool.run(|client| {
            client
                .execute(
                    "INSERT INTO users (name, created_at) VALUES ($1, $2)
                     ON CONFLICT (name) DO NOTHING",
                    &[&name, &now_seconds()],
                )
                .map_err(db_error)?;
            let row = client
                .query_one("SELECT id FROM users WHERE name = $1", &[&name])
                .map_err(db_error)?;
            get(&row, 0).map(UserId::new)
        })
    }

    /// The user whose calendar feed token has this SHA-256 (hex), if any.
    pub fn calendar_feed_user(&self, token_sha256: &str) -> Result<Option<UserId>> {
        self.pool.run(|client| {
            client
                .query_opt(
                    "SELECT user_id FROM calendar WHERE feed_token_sha256 = $1",
                    &[&token_sha256],
                )
                .map_err(db_error)?
                .map(|row| get(&row, 0).map(UserId::new))
                .transpose()
        })
    }

    /// The store of one user.
    pub fn store(&self, user: UserId) -> PgStore {
        PgStore {
            pool: Arc::clone(&self.pool),
            user: user.get(),
            seen: Cell::new(None),
        }
    }

    /// The store of a signed-in account, for the request its credential was
    /// checked for: its first revision read, unless it writes first, is the
    /// one read with the credential, which spares a round trip (every
    /// request that reads a journal starts with one). A value kept at that
    /// revision is what a read at the credential check would have given,
    /// and a guarded write made from it is refused if the data moved since.
    pub fn store_of(&self, user: &SignedIn) -> PgStore {
        let store = self.store(user.id);
        store.seen.set(Some(user.revision));
        store
    }
}

/// Schema names go into SQL text (`search_path` cannot be a parameter), so
/// only plain identifiers are accepted.
fn check_schema_name(schema: &str) -> Result<()> {
    let plain = !schema.is_empty()
        && schema.len() <= 63
        && schema.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && schema
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain {
        Ok(())
    } else {
        Err(StoreError::Invalid(InputError::new(
            "schema",
            format!(
                "{schema:?} is not a plain schema name (lowercase letters, digits and _, \
                 at most 63 characters)"
            ),
        )))
    }
}

/// One user's data in a shared PostgreSQL database.
pub struct PgStore {
    pool: Arc<Pool>,
    user: i64,
    /// A revision read with the account's credential, given by the first
    /// [`Revisioned::revision`] and forgotten at the first write.
    seen: Cell<Option<Revision>>,
}

impl Clone for PgStore {
    /// A clone reads its own revision: the one seen belongs to this store's
    /// request, and this store may write before the clone reads.
    fn clone(&self) -> PgStore {
        PgStore {
            pool: Arc::clone(&self.pool),
            user: self.user,
            seen: Cell::new(None),
        }
    }
}

impl PgStore {
    pub fn user(&self) -> UserId {
        UserId::new(self.user)
    }

    fn read<T>(&self, f: impl Fn(&mut Conn, i64) -> Result<T>) -> Result<T> {
        self.pool.read(|conn| f(conn, self.user))
    }
}

impl PgStore {
    /// Replaces everything stored for this user (profile, settings,
    /// assessments, safety log, plans and their decisions, sessions and
    /// sets, check-ins, imported history and own exercises, outcomes,
    /// questionnaires, the calendar's time and events) with `writes`, in one
    /// transaction: on any error nothing changed. The account itself stays:
    /// its password, sign-ins, API tokens, coach links and calendar feed.
    /// Every part of the revision moves, so no server keeps a value derived
    /// from the old data. Other users are not touched. With `unchanged_since`,
    /// refused (as invalid input, nothing written) when the user's data
    /// changed after that revision was read: what the caller checked, or
    /// saved aside, is then not what would be replaced.
    pub fn replace_history(
        &mut self,
        writes: Vec<Write>,
        unchanged_since: Option<&Revision>,
    ) -> Result<()> {
        self.seen.set(None);
        let user = self.user;
        self.pool.run(|client| {
            let mut tx = client.transaction().map_err(db_error)?;
            let now = now_seconds();
            let lock = format!(
                "SELECT {} FROM users WHERE id = $1 FOR UPDATE",
                keel_store::revision_columns()
            );
            let Some(row) = tx.query_opt(&lock, &[&user]).map_err(db_error)? else {
                return Err(StoreError::Invalid(InputError::new(
                    "user",
                    format!("no user with id {user}"),
                )));
            };
            let now_at = Revision::from_columns(|i| get(&row, i))?;
            if unchanged_since.is_some_and(|seen| *seen != now_at) {
                return Err(StoreError::Invalid(InputError::new(
                    "user",
                    "the user's data changed while it was being replaced (another \
                     request wrote to it); nothing was replaced: try again",
                )));
            }
            let count = format!(
                "UPDATE users SET {} WHERE id = $1",
                keel_store::counting(&Part::ALL).unwrap_or_default()
            );
            tx.execute(&count, &[&user]).map_err(db_error)?;
            // Children before parents: a plan's link to its assessment is
            // ON DELETE RESTRICT.
            for table in [
                "decisions",
                "sets",
                "sessions",
                "plans",
                "assessments",
                "safety_events",
                "check_ins",
                "imported_sets",
                "user_exercises",
                "outcomes",
                "questionnaires",
                "profile",
                "settings",
                "engine_settings",
            ] {
                tx.execute(&format!("DELETE FROM {table} WHERE user_id = $1"), &[&user])
                    .map_err(db_error)?;
            }
            tx.execute(
                "UPDATE calendar SET training_time = NULL, events = '{}', updated_at = $2
                 WHERE user_id = $1",
                &[&user, &now],
            )
            .map_err(db_error)?;
            write::apply_batch(&mut tx, user, writes, now)?;
            tx.commit().map_err(|e| codec::uncertain(db_error(e)))
        })
    }
}

impl PgStore {
    /// [`Store::apply`], storing `key` in the same transaction when given.
    fn apply_with(&mut self, writes: Vec<Write>, key: Option<&RequestKey>) -> Result<()> {
        self.seen.set(None);
        let user = self.user;
        self.pool.run(|client| {
            let mut tx = client.transaction().map_err(db_error)?;
            let now = now_seconds();
            // An error drops `tx`, which rolls the whole batch back.
            write::apply_batch(&mut tx, user, writes, now)?;
            if let Some(key) = key {
                keys::claim(&mut tx, user, key, now)?;
            }
            // A connection lost during COMMIT leaves the outcome unknown.
            tx.commit().map_err(|e| codec::uncertain(db_error(e)))
        })
    }
}

impl Revisioned for PgStore {
    fn revision(&self) -> Result<Revision> {
        match self.seen.take() {
            Some(seen) => Ok(seen),
            None => self.read(read::revision),
        }
    }

    fn add_set_if_unchanged(
        &mut self,
        at: &Revision,
        unchanged: &[Part],
        set: &LoggedSet,
        decisions: &DecisionsTail,
        key: Option<&RequestKey>,
    ) -> Result<Option<AddedSet>> {
        self.seen.set(None);
        let now = now_seconds();
        let user = self.user;
        self.pool.guarded(|conn| {
            let new = add_set::NewSet { set, key };
            add_set::add_set_if_unchanged(conn, user, at, unchanged, new, decisions, now)
        })
    }
}

impl Store for PgStore {
    fn apply(&mut self, writes: Vec<Write>) -> Result<()> {
        self.apply_with(writes, None)
    }

    fn apply_keyed(&mut self, writes: Vec<Write>, key: &RequestKey) -> Result<()> {
        self.apply_with(writes, Some(key))
    }

    fn kept_key(&self, key: &str) -> Result<Option<KeptKey>> {
        self.read(|conn, user| keys::kept(conn, user, key))
    }

    fn keep_answer(&mut self, key: &RequestKey, answer: &KeptAnswer) -> Result<()> {
        let user = self.user;
        self.pool
            .run(|conn| keys::keep_answer(conn, user, key, answer, now_seconds()))
    }

    fn profile(&self) -> Result<Option<Profile>> {
        self.read(read::profile)
    }

    fn settings(&self) -> Result<PlanSettings> {
        self.read(read::settings)
    }

    fn engine_settings(&self) -> Result<Option<EngineSettings>> {
        self.read(read::engine_settings)
    }

    fn assessments(&self) -> Result<Vec<StoredAssessment>> {
        self.read(read::assessments)
    }

    fn safety_events(&self) -> Result<Vec<SafetyEvent>> {
        self.read(read::safety_events)
    }

    fn current_plan(&self) -> Result<Option<StoredPlan>> {
        Ok(self
            .read(|c, u| read::plans(c, u, read::PlanOrder::NewestOnly))?
            .pop())
    }

    fn plans(&self) -> Result<Vec<StoredPlan>> {
        self.read(|c, u| read::plans(c, u, read::PlanOrder::All))
    }

    fn sessions(&self, from: Option<Date>, to: Option<Date>) -> Result<Vec<TrainingSession>> {
        self.read(|c, u| log_read::sessions(c, u, from, to))
    }

    fn sessions_of_plan(&self, version: i64) -> Result<Vec<TrainingSession>> {
        self.read(|c, u| log_read::sessions_of_plan(c, u, version))
    }

    fn check_ins(&self) -> Result<Vec<CheckIn>> {
        self.read(|c, u| log_read::check_ins(c, u, None))
    }

    fn mornings_and_readiness_since(&self, since: Date) -> Result<Vec<CheckIn>> {
        self.read(|c, u| log_read::check_ins(c, u, Some(since)))
    }

    fn decisions(&self, plan_version: i64) -> Result<Vec<SlotDecision>> {
        self.read(|c, u| log_read::decisions(c, u, plan_version))
    }

    fn carried_decisions(&self, before_version: i64) -> Result<Vec<(i64, SlotDecision)>> {
        self.read(|c, u| log_read::carried_decisions(c, u, before_version))
    }

    fn imported_sets(&self, from: Option<Date>, to: Option<Date>) -> Result<Vec<ImportedSet>> {
        self.read(|c, u| log_read::imported_sets(c, u, from, to))
    }

    fn imported_keys(&self) -> Result<HashSet<String>> {
        self.read(log_read::imported_keys)
    }

    fn user_exercises(&self) -> Result<Vec<String>> {
        self.read(log_read::user_exercises)
    }

    fn imports(&self) -> Result<Vec<keel_store::ImportBatch>> {
        self.read(log_read::imports)
    }

    fn outcomes(&self) -> Result<Vec<keel_core::outcome::Outcome>> {
        self.read(read::outcomes)
    }

    fn questionnaires(&self) -> Result<Vec<keel_core::outcome::Questionnaire>> {
        self.read(read::questionnaires)
    }

    fn calendar(&self) -> Result<keel_store::CalendarState> {
        self.read(read::calendar)
    }
}
