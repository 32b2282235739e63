//! The backend conformance suite on SQLite, every scenario on a fresh
//! in-memory database (tests/sqlite.rs covers reopening a file), and again
//! as a new account of one shared file, so each also checks that users'
//! data stay apart.

use keel_store::conformance;
use keel_store::{Accounts, SharedSqlite, SqliteStore, Store};

#[test]
fn sqlite_passes_the_conformance_suite() {
    conformance::run_all(&mut || -> Box<dyn Store> {
        Box::new(SqliteStore::open_in_memory().expect("an in-memory database opens"))
    });
}

#[test]
fn sqlite_passes_the_conformance_suite_as_accounts_of_one_file() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("household.db");
    let accounts = SqliteStore::open(&path).expect("the file opens");
    let mut n = 0;
    conformance::run_all(&mut || -> Box<dyn Store> {
        n += 1;
        let user = accounts
            .add_user(
                &format!("athlete {n}"),
                "athlete",
                conformance::accounts::HASH,
            )
            .expect("an account is added")
            .id;
        Box::new(SqliteStore::open_as(&path, user).expect("the account's store opens"))
    });
}

#[test]
fn sqlite_passes_the_accounts_conformance_suite() {
    conformance::accounts::run_all(&mut || -> Box<dyn Accounts> {
        Box::new(SqliteStore::open_in_memory().expect("an in-memory database opens"))
    });
}

#[test]
fn a_shared_file_passes_both_suites_for_each_account() {
    let shared = SharedSqlite::new(SqliteStore::open_in_memory().expect("opens"));
    let mut n = 0;
    conformance::run_all(&mut || -> Box<dyn Store> {
        n += 1;
        let user = shared
            .add_user(
                &format!("athlete {n}"),
                "athlete",
                conformance::accounts::HASH,
            )
            .expect("an account is added")
            .id;
        Box::new(shared.store(user))
    });
    conformance::accounts::run_all(&mut || -> Box<dyn Accounts> {
        Box::new(SharedSqlite::new(
            SqliteStore::open_in_memory().expect("opens"),
        ))
    });
}
