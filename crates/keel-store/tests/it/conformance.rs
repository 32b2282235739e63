//! The backend conformance suite on SQLite, each scenario a test of its own
//! (tests/sqlite.rs covers reopening a file): on a fresh in-memory
//! database, and again as the second account of one file and of one shared
//! store whose first account already trains, so each scenario also checks
//! that accounts' data stay apart.

use keel_store::{Accounts, RevisionedStore, SharedSqlite, SqliteStore, conformance};

/// A store whose file holds another account with a whole training story.
struct SecondAccount {
    store: Box<dyn RevisionedStore>,
    _dir: Option<tempfile::TempDir>,
}

impl std::ops::Deref for SecondAccount {
    type Target = dyn RevisionedStore;
    fn deref(&self) -> &(dyn RevisionedStore + 'static) {
        self.store.as_ref()
    }
}

impl std::ops::DerefMut for SecondAccount {
    fn deref_mut(&mut self) -> &mut (dyn RevisionedStore + 'static) {
        self.store.as_mut()
    }
}

fn in_memory() -> Option<Box<dyn RevisionedStore>> {
    Some(Box::new(
        SqliteStore::open_in_memory().expect("an in-memory database opens"),
    ))
}

fn add(accounts: &dyn Accounts, name: &str) -> keel_store::UserId {
    accounts
        .add_user(name, "athlete", conformance::accounts::HASH)
        .expect("an account is added")
        .id
}

fn second_account_of_a_file() -> Option<SecondAccount> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("household.db");
    let accounts = SqliteStore::open(&path).expect("the file opens");
    let first = add(&accounts, "first");
    let mut neighbour = SqliteStore::open_as(&path, first).expect("the account's store opens");
    conformance::a_neighbour_trains(&mut neighbour);
    let second = add(&accounts, "second");
    Some(SecondAccount {
        store: Box::new(SqliteStore::open_as(&path, second).expect("the account's store opens")),
        _dir: Some(dir),
    })
}

fn second_account_of_a_shared_store() -> Option<SecondAccount> {
    let shared = SharedSqlite::new(SqliteStore::open_in_memory().expect("opens"));
    let first = add(&shared, "first");
    conformance::a_neighbour_trains(&mut shared.store(first));
    let second = add(&shared, "second");
    Some(SecondAccount {
        store: Box::new(shared.store(second)),
        _dir: None,
    })
}

mod in_memory {
    keel_store::conformance_tests!(super::in_memory());
}

mod as_an_account_of_a_file {
    keel_store::conformance_tests!(super::second_account_of_a_file());
}

mod as_an_account_of_a_shared_store {
    keel_store::conformance_tests!(super::second_account_of_a_shared_store());
}

mod accounts_in_memory {
    keel_store::accounts_conformance_tests!(Some(Box::new(
        keel_store::SqliteStore::open_in_memory().expect("an in-memory database opens")
    )));
}

mod accounts_of_a_shared_store {
    keel_store::accounts_conformance_tests!(Some(Box::new(keel_store::SharedSqlite::new(
        keel_store::SqliteStore::open_in_memory().expect("opens"),
    ))));
}

/// Kept answers are let go by age, per account (each backend ages keys in
/// its own SQL, hence not in the macro's list).
#[test]
fn an_old_answer_is_let_go_and_its_key_kept() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("household.db");
    let accounts = SqliteStore::open(&path).expect("the file opens");
    let (first, second) = (add(&accounts, "first"), add(&accounts, "second"));
    let mut neighbour = SqliteStore::open_as(&path, first).expect("the account's store opens");
    let mut store = SqliteStore::open_as(&path, second).expect("the account's store opens");
    let raw = rusqlite::Connection::open(&path).expect("the file opens");
    conformance::an_old_answer_is_let_go_and_its_key_kept(
        &mut neighbour,
        &mut store,
        &mut |key, days| {
            raw.execute(
                "UPDATE idempotency_keys SET created_at = created_at - ?1 * 86400 WHERE key = ?2",
                rusqlite::params![days, key],
            )
            .expect("the key is aged");
        },
    );
}
