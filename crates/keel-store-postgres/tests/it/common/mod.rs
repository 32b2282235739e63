//! A private schema per test on the server named by KEEL_TEST_POSTGRES_URL,
//! dropped when the test ends (also when it fails).
#![allow(dead_code)]

use std::sync::atomic::{AtomicU32, Ordering};

use keel_store::StoreError;
use keel_store_postgres::{PgBackend, PoolOptions};

pub const URL_VAR: &str = "KEEL_TEST_POSTGRES_URL";

/// A stand-in for an Argon2id PHC string: the store never looks inside.
pub const HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";

/// A distinct token hash (64 hex digits) for each `n`.
pub fn hash_of(n: u8) -> String {
    format!("{n:02x}").repeat(32)
}

/// The field an invalid-input error names; any other error fails the test.
pub fn field(err: StoreError) -> String {
    match err {
        StoreError::Invalid(input) => input.field,
        other => panic!("expected invalid input, got {other:?}"),
    }
}

pub struct TestSchema {
    pub url: String,
    pub name: String,
}

impl TestSchema {
    /// `None` (after saying so in one line) when no test server is configured.
    pub fn new(test: &str) -> Option<TestSchema> {
        let Some(url) = std::env::var(URL_VAR).ok().filter(|u| !u.is_empty()) else {
            // In CI a missing service is a failure, never a silent skip.
            assert!(
                std::env::var_os("CI").is_none(),
                "{URL_VAR} is unset, but CI is set: the PostgreSQL test {test} must run, not skip"
            );
            println!("{URL_VAR} is unset: skipping the PostgreSQL test {test}");
            return None;
        };
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let name = format!(
            "keel_test_{}_{}_{}",
            std::process::id(),
            nanos,
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        Some(TestSchema { url, name })
    }

    pub fn backend(&self) -> PgBackend {
        PgBackend::connect_with(&self.url, Some(&self.name), PoolOptions::default())
            .expect("the test server accepts connections")
    }

    /// A plain client on the server, outside Keel, for arranging what the API cannot.
    pub fn raw(&self) -> postgres::Client {
        let mut client = postgres::Client::connect(&self.url, postgres::NoTls)
            .expect("the test server accepts connections");
        client
            .batch_execute(&format!("SET search_path = {}", self.name))
            .expect("search_path");
        client
    }
}

impl Drop for TestSchema {
    fn drop(&mut self) {
        match postgres::Client::connect(&self.url, postgres::NoTls) {
            Ok(mut client) => {
                if let Err(e) =
                    client.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name))
                {
                    eprintln!("could not drop the test schema {}: {e}", self.name);
                }
            }
            Err(e) => eprintln!("could not drop the test schema {}: {e}", self.name),
        }
    }
}
