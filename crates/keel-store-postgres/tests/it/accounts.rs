//! Accounts on PostgreSQL beyond the accounts conformance suite (which
//! runs here too, `conformance.rs`): users made by name, deleting a user's
//! data, the last admin, sessions and tokens in PostgreSQL's own terms, the
//! coach's records. Needs KEEL_TEST_POSTGRES_URL; one schema per test.
#![allow(clippy::unwrap_used)]

use crate::common;

use jiff::civil::date;
use jiff::{SignedDuration, Timestamp};
use keel_core::assessment::{AssessmentInput, EnduranceHolds, Mobility, MovementQuality};
use keel_core::program::Program;
use keel_core::settings::PlanSettings;
use keel_store::{Revisioned, Store, Write};
use keel_store_postgres::{ChangedSetting, PgBackend};

use common::{HASH, field, hash_of};

fn at(second: i64) -> Timestamp {
    Timestamp::from_second(1_800_000_000 + second).unwrap()
}

fn roles(backend: &PgBackend) -> Vec<(String, String)> {
    backend
        .list_users()
        .unwrap()
        .into_iter()
        .map(|a| (a.name, a.role))
        .collect()
}

#[test]
fn a_user_made_by_name_only_becomes_an_account_when_added() {
    let Some(schema) = common::TestSchema::new("a_user_made_by_name_only") else {
        return;
    };
    let backend = schema.backend();
    // `--user ana` (or migrate-data) made ana without a password.
    let id = backend.user("ana").unwrap();
    let listed = backend.list_users().unwrap();
    assert!(!listed[0].has_password);
    assert_eq!(listed[0].role, "athlete");

    let added = backend.add_user("ana", "athlete", HASH).unwrap();
    assert!(added.claimed_existing);
    assert!(added.made_admin, "no admin existed yet");
    assert_eq!(added.id, id, "the same user, with their data");
    assert!(backend.list_users().unwrap()[0].has_password);
}

#[test]
fn the_last_admin_cannot_be_deleted() {
    let Some(schema) = common::TestSchema::new("the_last_admin_cannot_be_deleted") else {
        return;
    };
    let backend = schema.backend();
    backend.add_user("root", "athlete", HASH).unwrap();
    backend.add_user("ben", "athlete", HASH).unwrap();
    assert_eq!(field(backend.delete_user("root").unwrap_err()), "name");
    assert_eq!(field(backend.delete_user("nobody").unwrap_err()), "name");
    assert_eq!(backend.list_users().unwrap().len(), 2);

    backend.add_user("second", "admin", HASH).unwrap();
    backend.delete_user("root").unwrap();
    assert_eq!(field(backend.delete_user("second").unwrap_err()), "name");
    backend.delete_user("ben").unwrap();
    assert_eq!(roles(&backend), [("second".into(), "admin".into())]);
}

#[test]
fn deleting_a_user_removes_their_training_data_too() {
    let Some(schema) = common::TestSchema::new("deleting_a_user_removes_their_data") else {
        return;
    };
    let backend = schema.backend();
    backend.add_user("root", "admin", HASH).unwrap();
    let ben = backend.add_user("ben", "athlete", HASH).unwrap();
    let on = date(2026, 3, 2);
    // A plan tailored from an assessment: the link that restricts deletes.
    backend
        .store(ben.id)
        .apply(vec![
            Write::AddAssessment(AssessmentInput {
                date: on,
                holds: EnduranceHolds::default(),
                movement: MovementQuality::default(),
                mobility: Mobility::default(),
                pain_now: None,
            }),
            Write::AddPlan {
                created_on: on,
                program: Program {
                    start: on,
                    settings: PlanSettings::default(),
                    weeks: vec![],
                },
                link_latest_assessment: true,
            },
        ])
        .unwrap();
    backend.delete_user("ben").unwrap();
    let mut raw = schema.raw();
    for table in ["plans", "assessments", "users"] {
        let count: i64 = raw
            .query_one(&format!("SELECT count(*) FROM {table}"), &[])
            .unwrap()
            .get(0);
        assert_eq!(count, if table == "users" { 1 } else { 0 }, "{table}");
    }
}

#[test]
fn sessions_expire_and_end_on_logout_or_password_reset() {
    let Some(schema) = common::TestSchema::new("sessions_expire") else {
        return;
    };
    let backend = schema.backend();
    let ana = backend.add_user("ana", "athlete", HASH).unwrap();
    let ttl = SignedDuration::from_hours(1);
    let expires = backend
        .create_session(ana.id, &hash_of(1), at(0), ttl)
        .unwrap();
    assert_eq!(expires, at(3600));

    let signed_in = backend
        .session_user(&hash_of(1), at(3599))
        .unwrap()
        .unwrap();
    assert_eq!(signed_in.id, ana.id);
    assert_eq!(signed_in.name, "ana");
    assert_eq!(signed_in.role, "admin");
    assert!(
        backend
            .session_user(&hash_of(1), at(3600))
            .unwrap()
            .is_none()
    );
    assert!(backend.session_user(&hash_of(9), at(0)).unwrap().is_none());
    assert_eq!(backend.delete_expired_sessions(at(3600)).unwrap(), 1);

    backend
        .create_session(ana.id, &hash_of(2), at(0), ttl)
        .unwrap();
    backend.delete_session(&hash_of(2)).unwrap();
    assert!(backend.session_user(&hash_of(2), at(1)).unwrap().is_none());

    backend
        .create_session(ana.id, &hash_of(3), at(0), ttl)
        .unwrap();
    backend.set_password("ana", "$argon2id$new").unwrap();
    assert!(backend.session_user(&hash_of(3), at(1)).unwrap().is_none());
    assert_eq!(
        backend
            .user_by_name("ana")
            .unwrap()
            .unwrap()
            .password_hash
            .as_deref(),
        Some("$argon2id$new")
    );

    assert_eq!(
        field(
            backend
                .create_session(ana.id, "not-a-hash", at(0), ttl)
                .unwrap_err()
        ),
        "token"
    );
    assert_eq!(
        field(
            backend
                .create_session(ana.id, &hash_of(4), at(0), SignedDuration::ZERO)
                .unwrap_err()
        ),
        "ttl"
    );
    assert_eq!(
        field(backend.set_password("nobody", HASH).unwrap_err()),
        "name"
    );
}

#[test]
fn revoked_api_tokens_stop_working_and_are_kept_listed() {
    let Some(schema) = common::TestSchema::new("revoked_api_tokens") else {
        return;
    };
    let backend = schema.backend();
    let ana = backend.add_user("ana", "athlete", HASH).unwrap();
    let ben = backend.add_user("ben", "athlete", HASH).unwrap();
    let phone = backend
        .create_api_token(ana.id, "phone", &hash_of(1))
        .unwrap();
    let laptop = backend
        .create_api_token(ana.id, "laptop", &hash_of(2))
        .unwrap();

    assert_eq!(
        backend.token_user(&hash_of(1), at(5)).unwrap().unwrap().id,
        ana.id
    );
    let listed = backend.list_api_tokens(ana.id).unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].name, "phone");
    assert_eq!(listed[0].last_used_at, Some(at(5)));
    assert_eq!(listed[1].last_used_at, None);
    assert!(backend.list_api_tokens(ben.id).unwrap().is_empty());
    // A use is written at most once a minute: a read per request, not a write.
    backend.token_user(&hash_of(1), at(64)).unwrap().unwrap();
    assert_eq!(
        backend.list_api_tokens(ana.id).unwrap()[0].last_used_at,
        Some(at(5))
    );
    backend.token_user(&hash_of(1), at(65)).unwrap().unwrap();
    assert_eq!(
        backend.list_api_tokens(ana.id).unwrap()[0].last_used_at,
        Some(at(65))
    );

    // Another user cannot revoke ana's token.
    assert_eq!(
        field(backend.revoke_api_token(ben.id, phone).unwrap_err()),
        "id"
    );
    backend.revoke_api_token(ana.id, phone).unwrap();
    assert_eq!(
        field(backend.revoke_api_token(ana.id, phone).unwrap_err()),
        "id"
    );
    assert!(backend.token_user(&hash_of(1), at(6)).unwrap().is_none());
    assert!(backend.token_user(&hash_of(2), at(6)).unwrap().is_some());
    let listed = backend.list_api_tokens(ana.id).unwrap();
    assert!(listed[0].revoked_at.is_some());
    assert_eq!(listed[1].id, laptop);
    assert!(listed[1].revoked_at.is_none());

    // The same token hash twice is refused by the table.
    assert!(
        backend
            .create_api_token(ben.id, "copy", &hash_of(2))
            .is_err()
    );
    assert_eq!(
        field(
            backend
                .create_api_token(ana.id, " ", &hash_of(3))
                .unwrap_err()
        ),
        "name"
    );
}

#[test]
fn a_coach_sees_only_athletes_who_accepted() {
    let Some(schema) = common::TestSchema::new("a_coach_sees_only_accepted") else {
        return;
    };
    let backend = schema.backend();
    backend.add_user("root", "admin", HASH).unwrap();
    let coach = backend.add_user("cy", "coach", HASH).unwrap().id;
    let ana = backend.add_user("ana", "athlete", HASH).unwrap().id;
    let ben = backend.add_user("ben", "athlete", HASH).unwrap().id;

    backend.invite(coach, ana).unwrap();
    backend.invite(coach, ben).unwrap();
    backend.invite(coach, ben).unwrap(); // again while pending: no change
    assert!(backend.athletes_of(coach).unwrap().is_empty());
    assert_eq!(backend.invitations_of(ana).unwrap()[0].name, "cy");

    backend.accept(ana, coach).unwrap();
    let athletes = backend.athletes_of(coach).unwrap();
    assert_eq!(athletes.len(), 1);
    assert_eq!((athletes[0].id, athletes[0].name.as_str()), (ana, "ana"));
    assert!(backend.invitations_of(ana).unwrap().is_empty());

    // Accepting twice, or without an invitation, is refused.
    assert_eq!(field(backend.accept(ana, coach).unwrap_err()), "coach");
    assert_eq!(field(backend.accept(coach, ana).unwrap_err()), "coach");
    // An athlete cannot invite; nobody invites themself; accepted stays accepted.
    assert_eq!(field(backend.invite(ana, ben).unwrap_err()), "coach");
    assert_eq!(field(backend.invite(coach, coach).unwrap_err()), "athlete");
    assert_eq!(field(backend.invite(coach, ana).unwrap_err()), "athlete");

    let ids = backend
        .change_settings(
            ana,
            coach,
            vec![Write::SaveSettings(PlanSettings::default())],
            &[ChangedSetting {
                key: "hold-step".into(),
                old: "5".into(),
                new: "7".into(),
            }],
        )
        .unwrap();
    let changes = backend.settings_changes(ana).unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(vec![changes[0].id], ids);
    assert_eq!(changes[0].changed_by.as_deref(), Some("cy"));
    assert_eq!(
        (changes[0].old.as_str(), changes[0].new.as_str()),
        ("5", "7")
    );

    // The record outlives the coach's account; the links do not.
    backend.delete_user("cy").unwrap();
    assert_eq!(backend.settings_changes(ana).unwrap()[0].changed_by, None);
    assert!(backend.invitations_of(ben).unwrap().is_empty());
}

#[test]
fn a_credential_check_reads_the_revision_for_its_request_until_it_writes() {
    let Some(schema) = common::TestSchema::new("credential_revision") else {
        return;
    };
    let backend = schema.backend();
    let ana = backend.add_user("ana", "athlete", HASH).unwrap();
    backend
        .create_api_token(ana.id, "phone", &hash_of(1))
        .unwrap();
    let save = || vec![Write::SaveSettings(PlanSettings::default())];

    let signed = backend.token_user(&hash_of(1), at(0)).unwrap().unwrap();
    assert_eq!(signed.revision, backend.store(ana.id).revision().unwrap());
    // Another request writes after this one's credential was checked.
    backend.store(ana.id).apply(save()).unwrap();
    let now = backend.store(ana.id).revision().unwrap();
    assert_ne!(now, signed.revision);

    // The request's first read is the revision read with its credential;
    // the next one asks the database.
    let store = backend.store_of(&signed);
    assert_eq!(store.revision().unwrap(), signed.revision);
    assert_eq!(store.revision().unwrap(), now);
    // A clone, or a store that wrote first, never returns it.
    assert_eq!(backend.store_of(&signed).clone().revision().unwrap(), now);
    let mut writer = backend.store_of(&signed);
    writer.apply(save()).unwrap();
    let after = backend.store(ana.id).revision().unwrap();
    assert_ne!(after, now);
    assert_eq!(writer.revision().unwrap(), after);

    // A browser session reads it the same way.
    backend
        .create_session(ana.id, &hash_of(2), at(0), SignedDuration::from_hours(1))
        .unwrap();
    let signed = backend.session_user(&hash_of(2), at(1)).unwrap().unwrap();
    assert_eq!(signed.revision, after);
}

#[test]
fn a_password_reset_revokes_the_accounts_api_tokens_and_says_how_many() {
    let Some(schema) = common::TestSchema::new("reset_revokes_tokens") else {
        return;
    };
    let backend = schema.backend();
    let ana = backend.add_user("ana", "athlete", HASH).unwrap();
    let ben = backend.add_user("ben", "athlete", HASH).unwrap();
    backend
        .create_api_token(ana.id, "phone", &hash_of(1))
        .unwrap();
    let old = backend
        .create_api_token(ana.id, "old", &hash_of(2))
        .unwrap();
    backend.revoke_api_token(ana.id, old).unwrap();
    backend
        .create_api_token(ben.id, "phone", &hash_of(3))
        .unwrap();
    backend
        .create_session(ana.id, &hash_of(4), at(0), SignedDuration::from_hours(1))
        .unwrap();

    let reset = backend.set_password("ana", "$argon2id$new").unwrap();
    assert_eq!(reset.sessions_ended, 1);
    // The one still active; the one revoked before is not counted again.
    assert_eq!(reset.tokens_revoked, 1);
    assert!(reset.summary().contains("1 API token revoked"), "{reset:?}");
    assert!(backend.token_user(&hash_of(1), at(5)).unwrap().is_none());
    assert!(
        backend
            .list_api_tokens(ana.id)
            .unwrap()
            .iter()
            .all(|t| t.revoked_at.is_some())
    );
    // Another account's token is untouched.
    assert_eq!(
        backend.token_user(&hash_of(3), at(5)).unwrap().unwrap().id,
        ben.id
    );
    // A second reset finds nothing left to end.
    let again = backend.set_password("ana", "$argon2id$newer").unwrap();
    assert_eq!((again.sessions_ended, again.tokens_revoked), (0, 0));
}
