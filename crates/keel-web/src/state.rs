//! What every handler shares: the store behind a mutex (SQLite connections
//! are not `Sync`), and the date the server treats as today.

use std::sync::{Arc, Mutex};

use jiff::civil::Date;
use keel_store::SqliteStore;

use crate::error::WebError;

#[derive(Clone)]
pub struct AppState {
    store: Arc<Mutex<SqliteStore>>,
    /// A fixed "today" (tests, `keel serve --date`); `None` means the local date.
    today: Option<Date>,
}

impl AppState {
    pub fn new(store: SqliteStore, today: Option<Date>) -> AppState {
        AppState {
            store: Arc::new(Mutex::new(store)),
            today,
        }
    }

    pub fn today(&self) -> Date {
        self.today.unwrap_or_else(|| jiff::Zoned::now().date())
    }

    /// Runs `f` with the store on a blocking thread.
    pub async fn with_store<T, F>(&self, f: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&mut SqliteStore) -> Result<T, WebError> + Send + 'static,
    {
        let store = Arc::clone(&self.store);
        tokio::task::spawn_blocking(move || {
            // A panic while holding the lock poisons it; the connection
            // itself is still usable, so take it back.
            let mut guard = store
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            f(&mut guard)
        })
        .await
        .map_err(|e| WebError::Internal(format!("background task failed: {e}")))?
    }
}
