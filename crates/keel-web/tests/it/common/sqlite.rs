//! The single-user app over a SQLite file in a temporary folder, with
//! "today" fixed at TODAY.

use std::path::PathBuf;

use keel_store::SqliteStore;
use keel_web::{AppState, router};
use tempfile::TempDir;

use tower::ServiceExt;

use super::json::{Reply, json_request, read_api};
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

    /// One JSON API request as the app answers it (no token: the local app
    /// has one implicit user).
    pub async fn send_json(
        &self,
        method: axum::http::Method,
        uri: &str,
        body: Option<serde_json::Value>,
    ) -> Reply {
        let response = self
            .router
            .clone()
            .oneshot(json_request(method.clone(), uri, None, body))
            .await
            .unwrap();
        read_api(response, &method, uri).await
    }

    /// The same file, opened again to read back what the app wrote.
    pub fn store(&self) -> SqliteStore {
        SqliteStore::open(&self.db).unwrap()
    }
}
