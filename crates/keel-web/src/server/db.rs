//! Where a server's accounts and data live: a PostgreSQL server, or one
//! SQLite file shared by a household ([`keel_store::SharedSqlite`]). Both
//! keep the same accounts ([`Accounts`], which [`Db`] dereferences to) and
//! hand out each account's store; nothing above this module knows which.

use std::collections::HashMap;
use std::ops::Deref;

use keel_app::cache::Cached;
use keel_core::training::LoggedSet;
use keel_store::accounts::{SignedIn, UserId};
use keel_store::{
    Accounts, AddedSet, DecisionsTail, KeptAnswer, KeptKey, Part, RequestKey, Result, Revision,
    Revisioned, SharedSqlite, SharedStore, Store, Write,
};
use keel_store_postgres::{PgBackend, PgStore};

/// A server's database.
#[derive(Clone)]
pub enum Db {
    Postgres(PgBackend),
    Sqlite(SharedSqlite),
}

impl Deref for Db {
    type Target = dyn Accounts + Send + Sync;

    fn deref(&self) -> &Self::Target {
        match self {
            Db::Postgres(backend) => backend,
            Db::Sqlite(file) => file,
        }
    }
}

impl Db {
    /// The store of `user`, with the server's cache layer around it
    /// ([`keel_app::cache`]).
    pub fn store(&self, user: UserId) -> UserStore {
        let (store, memos) = match self {
            Db::Postgres(backend) => (BackendStore::Postgres(backend.store(user)), backend.memos()),
            Db::Sqlite(file) => (BackendStore::Sqlite(file.store(user)), file.memos()),
        };
        Cached::new(store, std::sync::Arc::clone(memos), user)
    }

    /// As [`Db::store`], for the request a signed-in account's credential
    /// was checked for (PostgreSQL reuses the revision read with it).
    pub fn store_of(&self, user: &SignedIn) -> UserStore {
        let (store, memos) = match self {
            Db::Postgres(backend) => (
                BackendStore::Postgres(backend.store_of(user)),
                backend.memos(),
            ),
            Db::Sqlite(file) => (BackendStore::Sqlite(file.store(user.id)), file.memos()),
        };
        Cached::new(store, std::sync::Arc::clone(memos), user.id)
    }

    /// The data revision of each of `users` that exists.
    pub fn revisions(&self, users: &[i64]) -> Result<HashMap<i64, Revision>> {
        match self {
            Db::Postgres(backend) => backend.revisions(users),
            Db::Sqlite(file) => file.revisions(users),
        }
    }

    /// The user whose calendar feed token has this SHA-256 (hex), if any.
    pub fn calendar_feed_user(&self, token_sha256: &str) -> Result<Option<UserId>> {
        match self {
            Db::Postgres(backend) => backend.calendar_feed_user(token_sha256),
            Db::Sqlite(file) => file.calendar_feed_user(token_sha256),
        }
    }

    /// One round trip to the database (the readiness probe).
    pub fn ping(&self) -> Result<()> {
        match self {
            Db::Postgres(backend) => backend.ping(),
            Db::Sqlite(file) => file.ping(),
        }
    }

    /// The PostgreSQL pool's connections in use and idle; `None` on SQLite.
    pub fn pool_stats(&self) -> Option<keel_store_postgres::PoolStats> {
        match self {
            Db::Postgres(backend) => Some(backend.pool_stats()),
            Db::Sqlite(_) => None,
        }
    }
}

/// One account's store, with the server's cache layer around it.
pub type UserStore = Cached<BackendStore>;

/// One account's store on either database.
#[derive(Clone)]
pub enum BackendStore {
    Postgres(PgStore),
    Sqlite(SharedStore),
}

/// `$body` with `$s` bound to the inner store, whichever it is.
macro_rules! each {
    ($self:expr, $s:ident => $body:expr) => {
        match $self {
            BackendStore::Postgres($s) => $body,
            BackendStore::Sqlite($s) => $body,
        }
    };
}

impl BackendStore {
    /// The store that answers reads, whichever it is.
    fn reads(&self) -> &dyn Store {
        each!(self, s => s)
    }
}

impl Revisioned for BackendStore {
    fn revision(&self) -> Result<Revision> {
        each!(self, s => s.revision())
    }

    fn add_set_if_unchanged(
        &mut self,
        at: &Revision,
        unchanged: &[Part],
        set: &LoggedSet,
        decisions: &DecisionsTail,
        key: Option<&RequestKey>,
    ) -> Result<Option<AddedSet>> {
        each!(self, s => s.add_set_if_unchanged(at, unchanged, set, decisions, key))
    }
}

impl Store for BackendStore {
    fn apply(&mut self, writes: Vec<Write>) -> Result<()> {
        each!(self, s => s.apply(writes))
    }

    fn apply_keyed(&mut self, writes: Vec<Write>, key: &RequestKey) -> Result<()> {
        each!(self, s => s.apply_keyed(writes, key))
    }

    fn kept_key(&self, key: &str) -> Result<Option<KeptKey>> {
        each!(self, s => s.kept_key(key))
    }

    fn keep_answer(&mut self, key: &RequestKey, answer: &KeptAnswer) -> Result<()> {
        each!(self, s => s.keep_answer(key, answer))
    }

    keel_store::forward_reads!(self => self.reads());
}
