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
