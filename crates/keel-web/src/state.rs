//! What every handler shares: where the data lives, and the date the server
//! treats as today. Handlers reach a store only through the [`crate::Viewer`]
//! extractor, which knows whose store a request may use.

use std::sync::{Arc, Mutex};

use jiff::civil::Date;
use keel_app::cache::Cached;
use keel_store::{Memos, SqliteStore};

use crate::hosts::AllowedHosts;
use crate::kept_page::KeptPage;

/// Cloned for every layer and handler of every request, so one pointer:
/// a clone is one count, not one per field.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

#[derive(Clone)]
struct Shared {
    backend: Backend,
    /// A fixed "today" (tests, `keel serve --date`); `None` means the local date.
    today: Option<Date>,
    /// The host names this server answers for (loopback unless told more).
    hosts: AllowedHosts,
}

/// The local app's store: the SQLite file, with the cache layer around it
/// ([`keel_app::cache`]), as every server runs.
pub(crate) type LocalStore = Cached<SqliteStore>;

/// How many values the local app's cache layer keeps: its one user's
/// journal and a few values beside it.
const LOCAL_VALUES_KEPT: usize = 4;

/// Where the data lives.
#[derive(Clone)]
pub(crate) enum Backend {
    /// One SQLite file, its first user, no login (`keel serve` on this
    /// machine).
    Local(Local),
    /// Many accounts on a PostgreSQL server or a household's SQLite file;
    /// every page needs a login.
    #[cfg(feature = "postgres")]
    Server(Arc<crate::server::Server>),
}

/// The local app: its one store, and its Today page as last made.
#[derive(Clone)]
pub(crate) struct Local {
    /// The connection is not `Sync`, hence the mutex.
    pub(crate) store: Arc<Mutex<LocalStore>>,
    pub(crate) today_page: KeptPage,
}

impl AppState {
    fn of(backend: Backend, today: Option<Date>) -> AppState {
        AppState(Arc::new(Shared {
            backend,
            today,
            hosts: AllowedHosts::default(),
        }))
    }

    /// The single-user app over one SQLite file.
    pub fn new(store: SqliteStore, today: Option<Date>) -> AppState {
        let user = store.user();
        // Without a watch (no file, no WAL) the page is made every time.
        let today_page = KeptPage::new(store.commit_watch().ok().flatten());
        let cached = Cached::new(store, Arc::new(Memos::new(LOCAL_VALUES_KEPT)), user);
        let local = Local {
            store: Arc::new(Mutex::new(cached)),
            today_page,
        };
        AppState::of(Backend::Local(local), today)
    }

    /// The multi-user app over a PostgreSQL server, with accounts.
    #[cfg(feature = "postgres")]
    pub fn server(
        backend: keel_store_postgres::PgBackend,
        settings: crate::server::ServerSettings,
        today: Option<Date>,
    ) -> AppState {
        AppState::with_accounts(crate::server::Db::Postgres(backend), settings, today)
    }

    /// The multi-user app over one SQLite file with accounts (a household):
    /// every page needs a login, as on a PostgreSQL server.
    #[cfg(feature = "postgres")]
    pub fn household(
        file: keel_store::SharedSqlite,
        settings: crate::server::ServerSettings,
        today: Option<Date>,
    ) -> AppState {
        AppState::with_accounts(crate::server::Db::Sqlite(file), settings, today)
    }

    #[cfg(feature = "postgres")]
    fn with_accounts(
        db: crate::server::Db,
        settings: crate::server::ServerSettings,
        today: Option<Date>,
    ) -> AppState {
        AppState::of(
            Backend::Server(Arc::new(crate::server::Server::new(db, settings))),
            today,
        )
    }

    /// The same app answering for `hosts` rather than the loopback names
    /// only. Called while the app is built, before anything shares it.
    pub fn with_allowed_hosts(self, hosts: AllowedHosts) -> AppState {
        let shared = Arc::unwrap_or_clone(self.0);
        AppState(Arc::new(Shared { hosts, ..shared }))
    }

    /// Whether this app has accounts (the coach server) rather than one
    /// local user.
    pub(crate) fn has_accounts(&self) -> bool {
        match &self.0.backend {
            Backend::Local(_) => false,
            #[cfg(feature = "postgres")]
            Backend::Server(_) => true,
        }
    }

    pub(crate) fn allowed_hosts(&self) -> &AllowedHosts {
        &self.0.hosts
    }

    pub fn today(&self) -> Date {
        self.0.today.unwrap_or_else(|| jiff::Zoned::now().date())
    }

    /// One round trip to the database (the readiness probe); blocking.
    pub(crate) fn ping(&self) -> keel_store::Result<()> {
        match &self.0.backend {
            Backend::Local(local) => local
                .store
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .inner()
                .ping(),
            #[cfg(feature = "postgres")]
            Backend::Server(server) => server.backend().ping(),
        }
    }

    /// The PostgreSQL pool's connections in use and idle (none on SQLite).
    pub(crate) fn pool_stats(&self) -> Option<(usize, usize)> {
        match &self.0.backend {
            Backend::Local(_) => None,
            #[cfg(feature = "postgres")]
            Backend::Server(server) => server
                .backend()
                .pool_stats()
                .map(|stats| (stats.in_use, stats.idle)),
        }
    }

    pub(crate) fn backend(&self) -> &Backend {
        &self.0.backend
    }

    /// The local app, when this is one.
    pub(crate) fn local(&self) -> Option<&Local> {
        match &self.0.backend {
            Backend::Local(local) => Some(local),
            #[cfg(feature = "postgres")]
            Backend::Server(_) => None,
        }
    }

    /// The accounts server, when this app has one.
    #[cfg(feature = "postgres")]
    pub(crate) fn server_backend(&self) -> Option<&Arc<crate::server::Server>> {
        match &self.0.backend {
            Backend::Server(server) => Some(server),
            Backend::Local(_) => None,
        }
    }
}
