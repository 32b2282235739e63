//! The backend conformance suite on PostgreSQL: every scenario as a new user
//! of one private schema, so each also checks that users' data stay apart.

mod common;

use keel_store::conformance;
use keel_store::{Accounts, Store};

#[test]
fn postgres_passes_the_conformance_suite() {
    let Some(schema) = common::TestSchema::new("postgres_passes_the_conformance_suite") else {
        return;
    };
    let backend = schema.backend();
    let mut n = 0;
    conformance::run_all(&mut || -> Box<dyn Store> {
        n += 1;
        let user = backend
            .user(&format!("athlete {n}"))
            .expect("a new user is created");
        Box::new(backend.store(user))
    });
}

#[test]
fn postgres_passes_the_accounts_conformance_suite() {
    const TEST: &str = "postgres_passes_the_accounts_conformance_suite";
    if common::TestSchema::new(TEST).is_none() {
        return;
    }
    // Each scenario needs a database without accounts: a schema of its own,
    // kept until the suite ends (dropping one drops its schema).
    let mut schemas = Vec::new();
    conformance::accounts::run_all(&mut || -> Box<dyn Accounts> {
        let schema = common::TestSchema::new(TEST).expect("the server was configured");
        let backend = schema.backend();
        schemas.push(schema);
        Box::new(backend)
    });
}
