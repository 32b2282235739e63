//! Roles and coach links changed after the fact: set_role keeps one admin
//! even when two admins demote each other at the same moment, and a link
//! ended from either side is gone for both. Needs KEEL_TEST_POSTGRES_URL;
//! one schema per test.
#![allow(clippy::unwrap_used)]

use crate::common;

use keel_store_postgres::PgBackend;

use common::{HASH, field};

fn admins(backend: &PgBackend) -> Vec<String> {
    backend
        .list_users()
        .unwrap()
        .into_iter()
        .filter(|a| a.role == "admin")
        .map(|a| a.name)
        .collect()
}

#[test]
fn roles_change_but_the_last_admin_stays() {
    let Some(schema) = common::TestSchema::new("roles_change") else {
        return;
    };
    let backend = schema.backend();
    backend.add_user("root", "admin", HASH).unwrap();
    backend.add_user("ben", "athlete", HASH).unwrap();

    backend.set_role("ben", "coach").unwrap();
    assert_eq!(backend.user_by_name("ben").unwrap().unwrap().role, "coach");
    // The same role again is no change, and no error.
    backend.set_role("ben", "coach").unwrap();
    assert_eq!(field(backend.set_role("ben", "boss").unwrap_err()), "role");
    assert_eq!(
        field(backend.set_role("nobody", "coach").unwrap_err()),
        "name"
    );
    assert_eq!(field(backend.set_role(" ", "coach").unwrap_err()), "name");

    assert_eq!(
        field(backend.set_role("root", "coach").unwrap_err()),
        "role"
    );
    assert_eq!(admins(&backend), ["root"]);
    backend.set_role("root", "admin").unwrap();
    backend.set_role("ben", "admin").unwrap();
    backend.set_role("root", "athlete").unwrap();
    assert_eq!(admins(&backend), ["ben"]);
}

#[test]
fn two_admins_demoting_each_other_at_once_leave_one() {
    let Some(schema) = common::TestSchema::new("roles_race") else {
        return;
    };
    let backend = schema.backend();
    backend.add_user("ada", "admin", HASH).unwrap();
    backend.add_user("bo", "admin", HASH).unwrap();
    for _ in 0..20 {
        let barrier = std::sync::Barrier::new(2);
        let results: Vec<bool> = std::thread::scope(|s| {
            let demote = |name: &'static str| {
                let backend = backend.clone();
                let barrier = &barrier;
                s.spawn(move || {
                    barrier.wait();
                    backend.set_role(name, "athlete").is_ok()
                })
            };
            let (a, b) = (demote("ada"), demote("bo"));
            vec![a.join().unwrap(), b.join().unwrap()]
        });
        assert_eq!(results.iter().filter(|ok| **ok).count(), 1, "{results:?}");
        assert_eq!(admins(&backend).len(), 1);
        for name in ["ada", "bo"] {
            backend.set_role(name, "admin").unwrap();
        }
    }
}

#[test]
fn a_link_ended_from_either_side_is_gone() {
    let Some(schema) = common::TestSchema::new("roles_links") else {
        return;
    };
    let backend = schema.backend();
    backend.add_user("root", "admin", HASH).unwrap();
    let cora = backend.add_user("cora", "coach", HASH).unwrap().id;
    let ana = backend.add_user("ana", "athlete", HASH).unwrap().id;
    let ben = backend.add_user("ben", "athlete", HASH).unwrap().id;

    // Nothing to end: invalid input naming the other side.
    assert_eq!(
        field(backend.withdraw_coach(ana, cora).unwrap_err()),
        "coach"
    );
    assert_eq!(
        field(backend.drop_athlete(cora, ana).unwrap_err()),
        "athlete"
    );

    backend.invite(cora, ana).unwrap();
    backend.accept(ana, cora).unwrap();
    backend.invite(cora, ben).unwrap();
    backend.accept(ben, cora).unwrap();
    assert_eq!(backend.coaches_of(ana).unwrap()[0].name, "cora");

    backend.withdraw_coach(ana, cora).unwrap();
    assert!(backend.coaches_of(ana).unwrap().is_empty());
    let left: Vec<_> = backend
        .athletes_of(cora)
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(left, ["ben"]);

    backend.drop_athlete(cora, ben).unwrap();
    assert!(backend.athletes_of(cora).unwrap().is_empty());
    assert!(backend.coaches_of(ben).unwrap().is_empty());

    // A pending invitation ends the same way, and can be sent again.
    backend.invite(cora, ana).unwrap();
    assert_eq!(backend.coaches_of(ana).unwrap().len(), 0);
    backend.withdraw_coach(ana, cora).unwrap();
    assert!(backend.invitations_of(ana).unwrap().is_empty());
    backend.invite(cora, ana).unwrap();
    backend.accept(ana, cora).unwrap();
    assert_eq!(backend.athletes_of(cora).unwrap().len(), 1);
}
