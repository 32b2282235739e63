//! A private PostgreSQL schema per test, dropped when the test ends.

use std::sync::atomic::{AtomicU32, Ordering};

use keel_store_postgres::{PgBackend, PoolOptions};
use keel_web::accounts::ServerSettings;
use keel_web::{AppState, router};

use super::TODAY;

/// A private schema, dropped when the test ends (also when it fails).
pub struct Schema {
    pub url: String,
    pub name: String,
}

impl Schema {
    /// A fresh schema name starting with `prefix`, or `None` (after one line
    /// saying so) when KEEL_TEST_POSTGRES_URL is unset.
    pub fn new(prefix: &str, test: &str) -> Option<Schema> {
        let Some(url) = std::env::var("KEEL_TEST_POSTGRES_URL")
            .ok()
            .filter(|u| !u.is_empty())
        else {
            // In CI a missing service is a failure, never a silent skip.
            assert!(
                std::env::var_os("CI").is_none(),
                "KEEL_TEST_POSTGRES_URL is unset, but CI is set: the PostgreSQL test {test} must run, not skip"
            );
            println!("KEEL_TEST_POSTGRES_URL is unset: skipping the PostgreSQL test {test}");
            return None;
        };
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let name = format!(
            "{prefix}_{}_{nanos}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        Some(Schema { url, name })
    }

    pub fn backend(&self) -> PgBackend {
        PgBackend::connect_with(&self.url, Some(&self.name), PoolOptions::default()).unwrap()
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        if let Err(e) = PgBackend::drop_schema(&self.url, &self.name) {
            eprintln!("could not drop the test schema {}: {e}", self.name);
        }
    }
}

/// The router over a private schema. Requests run on the app's own runtime,
/// so the tests stay synchronous: the PostgreSQL client they use to arrange
/// and check is a blocking one, which must not run on an async thread.
pub struct PgApp {
    pub runtime: tokio::runtime::Runtime,
    pub backend: PgBackend,
    pub router: axum::Router,
    /// The server's clock: a test moves it instead of sleeping.
    pub clock: keel_web::clock::Clock,
    /// Kept while the app runs: dropping it drops the schema.
    pub schema: Schema,
}

impl PgApp {
    /// The server backend over a fresh schema named after `prefix`, with
    /// "today" fixed at TODAY; `None` when KEEL_TEST_POSTGRES_URL is unset.
    pub fn start(prefix: &str, test: &str, settings: ServerSettings) -> Option<PgApp> {
        let schema = Schema::new(prefix, test)?;
        let backend = schema.backend();
        let clock = settings.clock.clone();
        let router = router(AppState::server(backend.clone(), settings, Some(TODAY)));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        Some(PgApp {
            runtime,
            backend,
            router,
            clock,
            schema,
        })
    }
}
