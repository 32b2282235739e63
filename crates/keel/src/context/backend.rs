//! The store a command works on: the SQLite file, or (with the `postgres`
//! feature) one user's data on a PostgreSQL server. Commands see only the
//! [`Store`] trait, without a cache layer (`keel_app::cache` is the
//! server's): each command reads what it needs once. Backup and restore,
//! which copy the SQLite file itself, ask for [`AnyStore::sqlite`] and are
//! refused on a server.

use std::collections::HashSet;
use std::path::Path;

use jiff::civil::Date;
use keel_core::engine::EngineSettings;
use keel_core::history::ImportedSet;
use keel_core::profile::Profile;
use keel_core::settings::PlanSettings;
use keel_core::training::SlotDecision;
use keel_store::{
    CheckIn, Result, SafetyEvent, SqliteStore, Store, StoredAssessment, StoredPlan,
    TrainingSession, Write,
};

pub enum AnyStore {
    Sqlite(SqliteStore),
    #[cfg(feature = "postgres")]
    Postgres(keel_store_postgres::PgStore),
}

impl AnyStore {
    /// The SQLite store, or a refusal (invalid input) saying `what` cannot
    /// run on a server.
    #[cfg_attr(not(feature = "postgres"), allow(unused_variables))]
    pub fn sqlite(&mut self, what: &str) -> Result<&mut SqliteStore> {
        match self {
            AnyStore::Sqlite(store) => Ok(store),
            #[cfg(feature = "postgres")]
            AnyStore::Postgres(_) => Err(sqlite_only(what)),
        }
    }

    /// The SQLite store by value (for `keel serve`), refused on a server.
    #[cfg_attr(not(feature = "postgres"), allow(unused_variables))]
    pub fn into_sqlite(self, what: &str) -> Result<SqliteStore> {
        match self {
            AnyStore::Sqlite(store) => Ok(store),
            #[cfg(feature = "postgres")]
            AnyStore::Postgres(_) => Err(sqlite_only(what)),
        }
    }

    /// `keel backup` on the SQLite file (refused on a server).
    pub fn backup_to(&mut self, file: &Path) -> Result<()> {
        self.sqlite("backup")?.backup_to(file)
    }

    fn inner(&self) -> &dyn Store {
        match self {
            AnyStore::Sqlite(store) => store,
            #[cfg(feature = "postgres")]
            AnyStore::Postgres(store) => store,
        }
    }

    fn inner_mut(&mut self) -> &mut dyn Store {
        match self {
            AnyStore::Sqlite(store) => store,
            #[cfg(feature = "postgres")]
            AnyStore::Postgres(store) => store,
        }
    }
}

#[cfg(feature = "postgres")]
fn sqlite_only(what: &str) -> keel_store::StoreError {
    keel_store::StoreError::Invalid(keel_core::InputError::new(
        what,
        "works on a SQLite database file only (--db); on a server, `keel backup` and \
         `keel restore` take one person's data with --user NAME",
    ))
}

impl Store for AnyStore {
    fn apply(&mut self, writes: Vec<Write>) -> Result<()> {
        self.inner_mut().apply(writes)
    }
    fn import_batches(
        &mut self,
        batches: &mut dyn Iterator<Item = Result<Vec<keel_core::history::ImportedSet>>>,
    ) -> Result<()> {
        self.inner_mut().import_batches(batches)
    }
    fn apply_keyed(&mut self, writes: Vec<Write>, key: &keel_store::RequestKey) -> Result<()> {
        self.inner_mut().apply_keyed(writes, key)
    }
    fn kept_key(&self, key: &str) -> Result<Option<keel_store::KeptKey>> {
        self.inner().kept_key(key)
    }
    fn keep_answer(
        &mut self,
        key: &keel_store::RequestKey,
        answer: &keel_store::KeptAnswer,
    ) -> Result<()> {
        self.inner_mut().keep_answer(key, answer)
    }
    fn profile(&self) -> Result<Option<Profile>> {
        self.inner().profile()
    }
    fn settings(&self) -> Result<PlanSettings> {
        self.inner().settings()
    }
    fn engine_settings(&self) -> Result<Option<EngineSettings>> {
        self.inner().engine_settings()
    }
    fn assessments(&self) -> Result<Vec<StoredAssessment>> {
        self.inner().assessments()
    }
    fn safety_events(&self) -> Result<Vec<SafetyEvent>> {
        self.inner().safety_events()
    }
    fn current_plan(&self) -> Result<Option<StoredPlan>> {
        self.inner().current_plan()
    }
    fn plans(&self) -> Result<Vec<StoredPlan>> {
        self.inner().plans()
    }
    fn sessions(&self, from: Option<Date>, to: Option<Date>) -> Result<Vec<TrainingSession>> {
        self.inner().sessions(from, to)
    }
    fn sessions_of_plan(&self, version: i64) -> Result<Vec<TrainingSession>> {
        self.inner().sessions_of_plan(version)
    }
    fn check_ins(&self) -> Result<Vec<CheckIn>> {
        self.inner().check_ins()
    }
    fn decisions(&self, plan_version: i64) -> Result<Vec<SlotDecision>> {
        self.inner().decisions(plan_version)
    }
    fn imported_sets(&self, from: Option<Date>, to: Option<Date>) -> Result<Vec<ImportedSet>> {
        self.inner().imported_sets(from, to)
    }
    fn imported_keys(&self) -> Result<HashSet<String>> {
        self.inner().imported_keys()
    }
    fn user_exercises(&self) -> Result<Vec<String>> {
        self.inner().user_exercises()
    }
    fn imports(&self) -> Result<Vec<keel_store::ImportBatch>> {
        self.inner().imports()
    }

    fn outcomes(&self) -> Result<Vec<keel_core::outcome::Outcome>> {
        self.inner().outcomes()
    }
    fn questionnaires(&self) -> Result<Vec<keel_core::outcome::Questionnaire>> {
        self.inner().questionnaires()
    }

    fn calendar(&self) -> Result<keel_store::CalendarState> {
        self.inner().calendar()
    }
}
