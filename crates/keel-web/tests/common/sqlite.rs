//! The single-user app over a SQLite file in a temporary folder, with
//! "today" fixed at TODAY.

use std::path::PathBuf;

use keel_store::SqliteStore;
use keel_web::{AppState, router};
use tempfile::TempDir;

use super::{TODAY, onboard};

pub struct SqliteApp {
    _dir: TempDir,
    pub db: PathBuf,
    pub router: axum::Router,
}

impl SqliteApp {
    /// A fresh store whose one user has (or has not yet) onboarded.
    pub fn open(onboarded: bool) -> SqliteApp {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("keel.db");
        let mut store = SqliteStore::open(&db).unwrap();
        if onboarded {
            onboard(&mut store);
        }
        let router = router(AppState::new(store, Some(TODAY)));
        SqliteApp {
            _dir: dir,
            db,
            router,
        }
    }

    /// The same file, opened again to read back what the app wrote.
    pub fn store(&self) -> SqliteStore {
        SqliteStore::open(&self.db).unwrap()
    }
}
