//! API tokens that expire: `token_user` refuses a token from its expiry on
//! (and not a second before), `api_token_by_hash` tells a refused client
//! why, an expiry in the past is invalid input, and a token made without
//! one never expires. Needs KEEL_TEST_POSTGRES_URL; one schema per test.
#![allow(clippy::unwrap_used)]

use crate::common;

use jiff::{SignedDuration, Timestamp};
use keel_store::StoreError;

use common::{HASH, hash_of};

#[test]
fn a_token_works_until_its_expiry_and_says_why_it_stopped() {
    let Some(schema) = common::TestSchema::new("token_expiry") else {
        return;
    };
    let backend = schema.backend();
    let ana = backend.add_user("ana", "athlete", HASH).unwrap().id;
    let now = Timestamp::now();
    let expiry = Timestamp::from_second(now.as_second() + 3600).unwrap();
    let expiring = backend
        .create_api_token_until(ana, "phone", &hash_of(1), Some(expiry))
        .unwrap();
    let forever = backend
        .create_api_token(ana, "server", &hash_of(2))
        .unwrap();

    let just_before = expiry - SignedDuration::from_secs(1);
    assert_eq!(
        backend
            .token_user(&hash_of(1), just_before)
            .unwrap()
            .unwrap()
            .id,
        ana
    );
    assert!(backend.token_user(&hash_of(1), expiry).unwrap().is_none());
    let years_later = expiry + SignedDuration::from_hours(24 * 365 * 10);
    assert!(
        backend
            .token_user(&hash_of(1), years_later)
            .unwrap()
            .is_none()
    );
    assert!(
        backend
            .token_user(&hash_of(2), years_later)
            .unwrap()
            .is_some()
    );

    let listed = backend.list_api_tokens(ana).unwrap();
    assert_eq!(listed[0].id, expiring);
    assert_eq!(listed[0].expires_at, Some(expiry));
    assert!(!listed[0].is_expired(just_before));
    assert!(listed[0].is_expired(expiry));
    assert_eq!(listed[1].id, forever);
    assert_eq!(listed[1].expires_at, None);
    assert!(!listed[1].is_expired(years_later));
    // The refused lookup marked nothing as used.
    assert_eq!(listed[0].last_used_at, Some(just_before));

    // Why a token does not work: its row, whatever its state; unknown: none.
    let found = backend.api_token_by_hash(&hash_of(1)).unwrap().unwrap();
    assert_eq!((found.id, found.expires_at), (expiring, Some(expiry)));
    assert!(backend.api_token_by_hash(&hash_of(9)).unwrap().is_none());
    assert!(
        backend
            .api_token_by_hash("'; DROP TABLE api_tokens; --")
            .unwrap()
            .is_none()
    );
}

#[test]
fn an_expiry_not_after_now_is_refused_and_makes_nothing() {
    let Some(schema) = common::TestSchema::new("token_expiry_past") else {
        return;
    };
    let backend = schema.backend();
    let ana = backend.add_user("ana", "athlete", HASH).unwrap().id;
    let now = Timestamp::now();
    for past in [
        now - SignedDuration::from_secs(5),
        now - SignedDuration::from_hours(24),
    ] {
        let err = backend
            .create_api_token_until(ana, "old", &hash_of(3), Some(past))
            .unwrap_err();
        match err {
            StoreError::Invalid(input) => assert_eq!(input.field, "expires_at"),
            other => panic!("expected invalid input, got {other:?}"),
        }
    }
    assert!(backend.list_api_tokens(ana).unwrap().is_empty());
}

#[test]
fn no_user_is_called_by_a_name_holding_nul() {
    let Some(schema) = common::TestSchema::new("token_expiry_nul") else {
        return;
    };
    let backend = schema.backend();
    backend.add_user("ana", "athlete", HASH).unwrap();
    // PostgreSQL text cannot hold NUL: the lookup answers "no such user"
    // rather than failing.
    assert!(backend.user_by_name("ana\0").unwrap().is_none());
    assert!(backend.user_by_name("\0").unwrap().is_none());
    assert!(backend.user_by_name(" ana ").unwrap().is_some());
}
