//! The backend conformance suite on SQLite, every scenario on a fresh
//! in-memory database (tests/sqlite.rs covers reopening a file).

use keel_store::conformance;
use keel_store::{Accounts, SqliteStore, Store};

#[test]
fn sqlite_passes_the_conformance_suite() {
    conformance::run_all(&mut || -> Box<dyn Store> {
        Box::new(SqliteStore::open_in_memory().expect("an in-memory database opens"))
    });
}

#[test]
fn sqlite_passes_the_accounts_conformance_suite() {
    conformance::accounts::run_all(&mut || -> Box<dyn Accounts> {
        Box::new(SqliteStore::open_in_memory().expect("an in-memory database opens"))
    });
}
