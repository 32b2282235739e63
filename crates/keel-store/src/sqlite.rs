//! The SQLite backend: one file, WAL mode, foreign keys on, embedded
//! migrations. All SQL of this backend lives under this module.

mod accounts;
mod backup;
mod codec;
mod commit_watch;
mod import_read;
mod import_write;
mod imported_row;
mod keys;
mod log_read;
mod log_write;
mod migrations;
mod read;
mod shared;
mod write;

pub use commit_watch::{CommitMark, CommitWatch};
pub use shared::{SharedSqlite, SharedStore};

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OptionalExtension, TransactionBehavior};

use jiff::civil::Date;
use keel_core::engine::EngineSettings;
use keel_core::training::{LoggedSet, SlotDecision};

use crate::{
    AddedSet, CheckIn, DecisionsTail, KeptAnswer, KeptKey, Part, PlanSettings, Profile, RequestKey,
    Result, Revision, Revisioned, SafetyEvent, Store, StoreError, StoredAssessment, StoredPlan,
    StoredSet, TrainingSession, Write, counting, parts_changed, revision_columns,
};

/// How long a write waits for another Keel process holding the lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// A Keel database in one SQLite file.
pub struct SqliteStore {
    conn: Connection,
    /// Whose data this store reads and writes: every query of the training
    /// data filters by it (`users.id`; 1 is the file's owner, see
    /// migration 0012).
    user: i64,
}

/// The file's own user: its data before accounts existed, and what the
/// command line reads and writes unless told otherwise.
pub(crate) const OWNER: i64 = 1;

impl SqliteStore {
    /// Opens the database at `path`, creating the file when missing, and
    /// brings its schema up to date.
    ///
    /// Fails with [`StoreError::Open`] when the path cannot hold a Keel
    /// database (missing directory, a directory, another kind of file) and
    /// with [`StoreError::TooNew`] when a newer Keel wrote it.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        let shown = path.display().to_string();
        let refuse = |reason: String| StoreError::Open {
            path: shown.clone(),
            reason,
        };
        if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty())
            && !dir.is_dir()
        {
            return Err(refuse(format!(
                "the directory {} does not exist",
                dir.display()
            )));
        }
        if path.is_dir() {
            return Err(refuse("it is a directory, not a database file".into()));
        }
        let conn = Connection::open(path).map_err(|e| refuse(open_reason(&e)))?;
        SqliteStore::init(conn, &shown)
    }

    /// Opens the database at `path` as [`SqliteStore::open`] does, reading
    /// and writing the data of `user` (an account of this file) rather
    /// than the file owner's.
    pub fn open_as(path: &Path, user: crate::UserId) -> Result<SqliteStore> {
        let mut store = SqliteStore::open(path)?;
        store.switch_user(user)?;
        Ok(store)
    }

    /// From now on, reads and writes the data of `user`, an account of
    /// this file (invalid input when there is none).
    pub fn switch_user(&mut self, user: crate::UserId) -> Result<()> {
        let known: bool = self
            .conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM users WHERE id = ?1)",
                [user.get()],
                |r| r.get(0),
            )
            .map_err(db_error)?;
        if !known {
            return Err(crate::accounts::no_such_user_id("user", user));
        }
        self.user = user.get();
        Ok(())
    }

    /// Whose data this store reads and writes.
    pub fn user(&self) -> crate::UserId {
        crate::UserId::new(self.user)
    }

    /// A private database that lives as long as the value; for tests.
    pub fn open_in_memory() -> Result<SqliteStore> {
        let shown = ":memory:";
        let conn = Connection::open_in_memory().map_err(|e| StoreError::Open {
            path: shown.into(),
            reason: open_reason(&e),
        })?;
        SqliteStore::init(conn, shown)
    }

    fn init(mut conn: Connection, shown: &str) -> Result<SqliteStore> {
        configure(&conn).map_err(|e| StoreError::Open {
            path: shown.into(),
            reason: open_reason(&e),
        })?;
        migrations::migrate(&mut conn).map_err(|e| migrations::into_store_error(e, shown))?;
        Ok(SqliteStore { conn, user: OWNER })
    }

    /// The schema version this build creates and reads.
    pub fn schema_version() -> i64 {
        migrations::latest_version()
    }

    /// One read of the file's schema: fails when the database cannot be
    /// read (the readiness probe).
    pub fn ping(&self) -> Result<()> {
        self.conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
            .map_err(|e| StoreError::Backend(e.to_string()))
    }
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    // First, so the pragmas below wait for a lock instead of failing.
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Reading the mode back is what surfaces "not a database" on a foreign file.
    let _mode: String = conn.pragma_update_and_check(None, "journal_mode", "wal", |r| r.get(0))?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    Ok(())
}

/// A reason a user can act on for a failure while opening.
fn open_reason(err: &rusqlite::Error) -> String {
    match err.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => {
            "the file is not a database (is the path right?)".to_string()
        }
        Some(ErrorCode::CannotOpen) => format!("the file cannot be opened or created ({err})"),
        Some(ErrorCode::ReadOnly | ErrorCode::PermissionDenied) => {
            format!("no permission to write it ({err})")
        }
        Some(ErrorCode::DatabaseCorrupt) => format!("the database file is damaged ({err})"),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => format!(
            "another program kept it locked for more than {} s ({err})",
            BUSY_TIMEOUT.as_secs()
        ),
        _ => err.to_string(),
    }
}

/// The revision of `user`'s data (see [`Revisioned::revision`]); all zero
/// before their first write.
fn revision(conn: &Connection, user: i64) -> Result<Revision> {
    // Every request reads it: the SQL is built and prepared once.
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "SELECT {} FROM data_revision WHERE user_id = ?1",
            revision_columns()
        )
    });
    let read = conn
        .prepare_cached(&SQL)
        .and_then(|mut select| {
            select
                .query_row([user], |row| Revision::from_columns(|i| row.get(i)))
                .optional()
        })
        .map_err(db_error)?;
    Ok(read.unwrap_or_else(|| Revision::new([0; crate::PARTS])))
}

/// Moves the revision of `user`'s parts by `count` (the `SET` list of
/// [`counting`]), making their row on their first write.
fn count_revision(conn: &Connection, user: i64, count: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO data_revision (user_id) VALUES (?1) ON CONFLICT (user_id) DO NOTHING",
        [user],
    )
    .map_err(db_error)?;
    conn.execute(
        &format!("UPDATE data_revision SET {count} WHERE user_id = ?1"),
        [user],
    )
    .map(drop)
    .map_err(db_error)
}

fn db_error(err: rusqlite::Error) -> StoreError {
    StoreError::Backend(err.to_string())
}

impl SqliteStore {
    /// [`Store::apply`], storing `key` in the same transaction when given.
    fn apply_with(&mut self, writes: Vec<Write>, key: Option<&RequestKey>) -> Result<()> {
        // IMMEDIATE: take the write lock up front, so reads made inside the
        // batch (latest assessment, next version) cannot go stale.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db_error)?;
        let now = codec::now_seconds();
        let user = self.user;
        if let Some(count) = counting(&parts_changed(&writes)) {
            count_revision(&tx, user, &count)?;
        }
        if let Some(key) = key {
            keys::claim(&tx, user, key, now)?;
        }
        for one in writes {
            // An error drops `tx`, which rolls the whole batch back.
            write::apply_one(&tx, user, one, now)?;
        }
        tx.commit().map_err(db_error)
    }

    /// [`Revisioned::add_set_if_unchanged`].
    fn add_set_with(
        &mut self,
        at: &Revision,
        unchanged: &[Part],
        set: &LoggedSet,
        decisions: &DecisionsTail,
        key: Option<&RequestKey>,
    ) -> Result<Option<AddedSet>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db_error)?;
        let user = self.user;
        let version = decisions.plan_version;
        let fits = revision(&tx, user)?.same(at, unchanged)
            && log_read::newest_plan_version(&tx, user)? == Some(version)
            && log_read::session_plan_version(&tx, user, set.date)?
                .is_none_or(|v| v == Some(version));
        if !fits {
            return Ok(None);
        }
        if let Some(key) = key
            && keys::is_stored(&tx, user, &key.key)?
        {
            return Ok(None);
        }
        let now = codec::now_seconds();
        if let Some(key) = key {
            keys::claim(&tx, user, key, now)?;
        }
        let count = counting(&[Part::Log, Part::Decisions]).unwrap_or_default();
        count_revision(&tx, user, &count)?;
        let placed = log_write::add_set(&tx, user, set, now)?;
        let encoded = decisions
            .tail
            .iter()
            .map(|d| codec::to_json("decision", d))
            .collect::<Result<Vec<String>>>()?;
        log_write::rewrite_decisions(
            &tx,
            user,
            version,
            decisions.kept,
            &decisions.tail,
            encoded.into_iter(),
        )?;
        let revision = revision(&tx, user)?;
        tx.commit().map_err(db_error)?;
        Ok(Some(AddedSet {
            revision,
            session_id: placed.session,
            new_session: placed.new_session,
            set: StoredSet {
                id: placed.id,
                number: placed.number,
                recorded_at: crate::codec::written_at(now)?,
                logged: set.clone(),
            },
        }))
    }
}

impl Revisioned for SqliteStore {
    fn revision(&self) -> Result<Revision> {
        revision(&self.conn, self.user)
    }

    fn add_set_if_unchanged(
        &mut self,
        at: &Revision,
        unchanged: &[Part],
        set: &LoggedSet,
        decisions: &DecisionsTail,
        key: Option<&RequestKey>,
    ) -> Result<Option<AddedSet>> {
        self.add_set_with(at, unchanged, set, decisions, key)
    }
}

impl Store for SqliteStore {
    fn apply(&mut self, writes: Vec<Write>) -> Result<()> {
        self.apply_with(writes, None)
    }

    fn apply_keyed(&mut self, writes: Vec<Write>, key: &RequestKey) -> Result<()> {
        self.apply_with(writes, Some(key))
    }

    fn import_batches(
        &mut self,
        batches: &mut dyn Iterator<Item = Result<Vec<keel_core::history::ImportedSet>>>,
    ) -> Result<()> {
        import_write::import_batches(self, batches)
    }

    fn kept_key(&self, key: &str) -> Result<Option<KeptKey>> {
        keys::kept(&self.conn, self.user, key)
    }

    fn keep_answer(&mut self, key: &RequestKey, answer: &KeptAnswer) -> Result<()> {
        keys::keep_answer(&self.conn, self.user, key, answer, codec::now_seconds())
    }

    fn profile(&self) -> Result<Option<Profile>> {
        read::profile(&self.conn, self.user)
    }

    fn settings(&self) -> Result<PlanSettings> {
        read::settings(&self.conn, self.user)
    }

    fn engine_settings(&self) -> Result<Option<EngineSettings>> {
        read::engine_settings(&self.conn, self.user)
    }

    fn assessments(&self) -> Result<Vec<StoredAssessment>> {
        read::assessments(&self.conn, self.user)
    }

    fn safety_events(&self) -> Result<Vec<SafetyEvent>> {
        read::safety_events(&self.conn, self.user)
    }

    fn current_plan(&self) -> Result<Option<StoredPlan>> {
        Ok(read::plans(&self.conn, self.user, read::PlanOrder::NewestOnly)?.pop())
    }

    fn sessions(&self, from: Option<Date>, to: Option<Date>) -> Result<Vec<TrainingSession>> {
        log_read::sessions(&self.conn, self.user, from, to)
    }

    fn sessions_of_plan(&self, version: i64) -> Result<Vec<TrainingSession>> {
        log_read::sessions_of_plan(&self.conn, self.user, version)
    }

    fn check_ins(&self) -> Result<Vec<CheckIn>> {
        log_read::check_ins(&self.conn, self.user, None)
    }

    fn mornings_and_readiness_since(&self, since: Date) -> Result<Vec<CheckIn>> {
        log_read::check_ins(&self.conn, self.user, Some(since))
    }

    fn decisions(&self, plan_version: i64) -> Result<Vec<SlotDecision>> {
        log_read::decisions(&self.conn, self.user, plan_version)
    }

    fn carried_decisions(&self, before_version: i64) -> Result<Vec<(i64, SlotDecision)>> {
        log_read::carried_decisions(&self.conn, self.user, before_version)
    }

    fn plans(&self) -> Result<Vec<StoredPlan>> {
        read::plans(&self.conn, self.user, read::PlanOrder::All)
    }

    fn imported_sets(
        &self,
        from: Option<Date>,
        to: Option<Date>,
    ) -> Result<Vec<keel_core::history::ImportedSet>> {
        import_read::imported_sets(&self.conn, self.user, from, to)
    }

    fn imported_keys(&self) -> Result<std::collections::HashSet<String>> {
        import_read::imported_keys(&self.conn, self.user)
    }

    fn user_exercises(&self) -> Result<Vec<String>> {
        import_read::user_exercises(&self.conn, self.user)
    }

    fn imports(&self) -> Result<Vec<crate::ImportBatch>> {
        import_read::imports(&self.conn, self.user)
    }

    fn outcomes(&self) -> Result<Vec<keel_core::outcome::Outcome>> {
        read::outcomes(&self.conn, self.user)
    }

    fn questionnaires(&self) -> Result<Vec<keel_core::outcome::Questionnaire>> {
        read::questionnaires(&self.conn, self.user)
    }

    fn calendar(&self) -> Result<crate::CalendarState> {
        read::calendar(&self.conn, self.user)
    }
}

#[cfg(test)]
mod tests;
