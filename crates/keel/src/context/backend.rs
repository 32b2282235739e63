//! The store a command works on: the SQLite file, or (with the `postgres`
//! feature) one user's data on a PostgreSQL server. Commands see only the
//! [`Store`] trait, without a cache layer (`keel_app::cache` is the
//! server's): each command reads what it needs once. Backup and restore,
//! which copy the SQLite file itself, ask for [`AnyStore::sqlite`] and are
//! refused on a server.

use std::path::Path;

use keel_store::{Result, SqliteStore, Store, Write};

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

    keel_store::forward_reads!(self => self.inner());
}
