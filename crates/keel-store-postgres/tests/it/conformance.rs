//! The backend conformance suite on PostgreSQL, each scenario a test of its
//! own on a private schema, as the second account of a database whose first
//! account already trains, so each also checks that users' data stay apart.

use crate::common;

use std::ops::{Deref, DerefMut};

use keel_store::{Accounts, RevisionedStore, conformance};

/// What a scenario runs on, with the schema it lives in (dropped after it).
struct OnSchema<T: ?Sized> {
    value: Box<T>,
    _schema: common::TestSchema,
}

impl<T: ?Sized> Deref for OnSchema<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: ?Sized> DerefMut for OnSchema<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

fn second_account() -> Option<OnSchema<dyn RevisionedStore>> {
    let schema = common::TestSchema::new("conformance")?;
    let backend = schema.backend();
    let first = backend.user("first").expect("a new user is created");
    conformance::a_neighbour_trains(&mut backend.store(first));
    let second = backend.user("second").expect("a new user is created");
    Some(OnSchema {
        value: Box::new(backend.store(second)),
        _schema: schema,
    })
}

/// A database without accounts: a schema of its own.
fn no_accounts() -> Option<OnSchema<dyn Accounts>> {
    let schema = common::TestSchema::new("accounts conformance")?;
    Some(OnSchema {
        value: Box::new(schema.backend()),
        _schema: schema,
    })
}

mod store {
    keel_store::conformance_tests!(super::second_account());
}

mod accounts {
    keel_store::accounts_conformance_tests!(super::no_accounts());
}

/// Kept answers are let go by age, per account (each backend ages keys in
/// its own SQL, hence not in the macro's list).
#[test]
fn an_old_answer_is_let_go_and_its_key_kept() {
    let Some(schema) = common::TestSchema::new("old answers") else {
        return;
    };
    let backend = schema.backend();
    let mut neighbour = backend.store(backend.user("first").expect("a new user is created"));
    let mut store = backend.store(backend.user("second").expect("a new user is created"));
    let mut raw = schema.raw();
    conformance::an_old_answer_is_let_go_and_its_key_kept(
        &mut neighbour,
        &mut store,
        &mut |key, days| {
            raw.execute(
                "UPDATE idempotency_keys SET created_at = created_at - $1::BIGINT * 86400 WHERE key = $2",
                &[&days, &key],
            )
            .expect("the key is aged");
        },
    );
}
