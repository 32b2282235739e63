//! The backend conformance suite on PostgreSQL: every scenario as a new user
//! of one private schema, so each also checks that users' data stay apart.

mod common;

use keel_store::Store;
use keel_store::conformance;

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
