//! The accounts part of the conformance suite: every backend that keeps
//! accounts ([`Accounts`]: PostgreSQL's `PgBackend`, the SQLite file) must
//! pass each scenario identically, on a fresh database with no account.
//! Nothing here knows which backend it runs on.

use jiff::{SignedDuration, Timestamp};

use keel_core::settings::PlanSettings;

use crate::accounts::{Accounts, ChangedSetting, ThrottleRow};
use crate::{StoreError, Write};

/// Every accounts scenario, named once: `accounts_conformance_tests!(FRESH)` writes one
/// `#[test]` per scenario, named after it, so a failure names its scenario.
/// `FRESH` is an expression evaluated anew for each test, giving
/// `Option<T>` where `T` dereferences to an `Accounts`: a fresh, empty
/// database, or `None` to skip (a test server that is not configured).
#[macro_export]
macro_rules! accounts_conformance_tests {
    ($fresh:expr) => {
        $crate::accounts_conformance_tests!(@each $fresh;
            the_first_account_is_the_admin_and_names_are_unique,
            the_last_admin_stays_an_admin,
            sql_metacharacters_in_names_are_stored_verbatim,
            sessions_expire_and_end_on_logout_or_password_reset,
            revoked_api_tokens_stop_working_and_are_kept_listed,
            a_password_reset_revokes_the_accounts_api_tokens,
            expired_api_tokens_stop_working,
            a_coach_sees_only_athletes_who_accepted,
            a_coachs_settings_change_is_kept_with_its_record,
            the_login_throttle_keeps_counts_until_idle_or_stale,
        );
    };
    (@each $fresh:expr; $($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                #[allow(unused_mut)]
                if let Some(mut fresh) = $fresh {
                    $crate::conformance::accounts::$name(&*fresh);
                }
            }
        )*
    };
}

/// A stand-in for an Argon2id PHC string: the store never looks inside.
pub const HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";

/// A distinct token hash (64 hex digits) for each `n`.
pub fn hash_of(n: u8) -> String {
    format!("{n:02x}").repeat(32)
}

/// A fixed instant `second`s after a day later than any test run's clock.
pub fn at(second: i64) -> Timestamp {
    Timestamp::from_second(1_900_000_000 + second).unwrap()
}

/// The field an invalid-input error names; any other error fails the scenario.
pub fn field(err: StoreError) -> String {
    match err {
        StoreError::Invalid(input) => input.field,
        other => panic!("expected invalid input, got {other:?}"),
    }
}

fn roles(accounts: &dyn Accounts) -> Vec<(String, String)> {
    accounts
        .list_users()
        .unwrap()
        .into_iter()
        .map(|a| (a.name, a.role))
        .collect()
}

fn pair(name: &str, role: &str) -> (String, String) {
    (name.to_string(), role.to_string())
}

pub fn the_first_account_is_the_admin_and_names_are_unique(accounts: &dyn Accounts) {
    let first = accounts.add_user("ana", "athlete", HASH).unwrap();
    assert!(first.made_admin);
    assert_eq!(first.role, "admin");
    // (Whether it took over an existing user is the backend's: the SQLite
    // file's first account takes over the file's owner and its data.)
    let second = accounts.add_user("ben", "athlete", HASH).unwrap();
    assert!(!second.made_admin);
    assert_eq!(second.role, "athlete");
    accounts.add_user(" cy ", "coach", HASH).unwrap();
    assert_eq!(
        roles(accounts),
        [
            pair("ana", "admin"),
            pair("ben", "athlete"),
            pair("cy", "coach")
        ]
    );

    assert_eq!(
        field(accounts.add_user("ben", "coach", HASH).unwrap_err()),
        "name"
    );
    assert_eq!(
        field(accounts.add_user(" ben ", "coach", HASH).unwrap_err()),
        "name"
    );
    assert_eq!(
        field(accounts.add_user("dee", "root", HASH).unwrap_err()),
        "role"
    );
    assert_eq!(
        field(accounts.add_user("  ", "athlete", HASH).unwrap_err()),
        "name"
    );
    assert_eq!(
        field(accounts.add_user("dee", "athlete", "").unwrap_err()),
        "password"
    );
    assert_eq!(accounts.list_users().unwrap().len(), 3, "nothing was added");

    let ben = accounts.user_by_name("ben").unwrap().unwrap();
    assert_eq!(ben.id, second.id);
    assert_eq!(ben.role, "athlete");
    assert_eq!(ben.password_hash.as_deref(), Some(HASH));
    assert!(!ben.disabled);
    assert!(accounts.user_by_name("nobody").unwrap().is_none());
    assert!(accounts.user_by_name("a\0b").unwrap().is_none());
    let listed = accounts.list_users().unwrap();
    assert!(listed.iter().all(|a| a.has_password && !a.disabled));
}

pub fn the_last_admin_stays_an_admin(accounts: &dyn Accounts) {
    accounts.add_user("root", "athlete", HASH).unwrap();
    accounts.add_user("ben", "athlete", HASH).unwrap();
    assert_eq!(field(accounts.delete_user("root").unwrap_err()), "name");
    assert_eq!(
        field(accounts.set_role("root", "coach").unwrap_err()),
        "role"
    );
    assert_eq!(field(accounts.delete_user("nobody").unwrap_err()), "name");
    assert_eq!(
        field(accounts.set_role("nobody", "coach").unwrap_err()),
        "name"
    );
    assert_eq!(field(accounts.set_role("ben", "king").unwrap_err()), "role");
    assert_eq!(
        roles(accounts),
        [pair("ben", "athlete"), pair("root", "admin")]
    );

    accounts.set_role("ben", "admin").unwrap();
    accounts.set_role("root", "coach").unwrap();
    assert_eq!(field(accounts.delete_user("ben").unwrap_err()), "name");
    accounts.add_user("second", "admin", HASH).unwrap();
    accounts.delete_user("ben").unwrap();
    accounts.delete_user("root").unwrap();
    assert_eq!(roles(accounts), [pair("second", "admin")]);
    // Giving an account the role it has changes nothing, and is allowed.
    accounts.set_role("second", "admin").unwrap();
}

pub fn sql_metacharacters_in_names_are_stored_verbatim(accounts: &dyn Accounts) {
    let name = "x'); DROP TABLE users; --";
    accounts.add_user("admin", "admin", HASH).unwrap();
    accounts.add_user(name, "coach", HASH).unwrap();
    accounts.add_user("Robert\"; --", "athlete", HASH).unwrap();
    let names: Vec<String> = accounts
        .list_users()
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert!(names.contains(&name.to_string()), "{names:?}");
    assert!(names.contains(&"Robert\"; --".to_string()), "{names:?}");
    assert_eq!(accounts.user_by_name(name).unwrap().unwrap().role, "coach");
    accounts.set_password(name, "$argon2id$other").unwrap();
    accounts.delete_user(name).unwrap();
    assert_eq!(accounts.list_users().unwrap().len(), 2);
}

pub fn sessions_expire_and_end_on_logout_or_password_reset(accounts: &dyn Accounts) {
    let ana = accounts.add_user("ana", "athlete", HASH).unwrap();
    let ttl = SignedDuration::from_hours(1);
    let expires = accounts
        .create_session(ana.id, &hash_of(1), at(0), ttl)
        .unwrap();
    assert_eq!(expires, at(3600));

    let signed_in = accounts
        .session_user(&hash_of(1), at(3599))
        .unwrap()
        .unwrap();
    assert_eq!(signed_in.id, ana.id);
    assert_eq!(signed_in.name, "ana");
    assert_eq!(signed_in.role, "admin");
    assert!(
        accounts
            .session_user(&hash_of(1), at(3600))
            .unwrap()
            .is_none()
    );
    assert!(accounts.session_user(&hash_of(9), at(0)).unwrap().is_none());
    assert_eq!(accounts.delete_expired_sessions(at(3600)).unwrap(), 1);
    assert_eq!(accounts.delete_expired_sessions(at(3600)).unwrap(), 0);

    accounts
        .create_session(ana.id, &hash_of(2), at(0), ttl)
        .unwrap();
    accounts.delete_session(&hash_of(2)).unwrap();
    accounts.delete_session(&hash_of(2)).unwrap();
    assert!(accounts.session_user(&hash_of(2), at(1)).unwrap().is_none());

    accounts
        .create_session(ana.id, &hash_of(3), at(0), ttl)
        .unwrap();
    accounts.set_password("ana", "$argon2id$new").unwrap();
    assert!(accounts.session_user(&hash_of(3), at(1)).unwrap().is_none());
    let stored = accounts.user_by_name("ana").unwrap().unwrap();
    assert_eq!(stored.password_hash.as_deref(), Some("$argon2id$new"));

    let bad = accounts.create_session(ana.id, "not-a-hash", at(0), ttl);
    assert_eq!(field(bad.unwrap_err()), "token");
    let zero = accounts.create_session(ana.id, &hash_of(4), at(0), SignedDuration::ZERO);
    assert_eq!(field(zero.unwrap_err()), "ttl");
    assert_eq!(
        field(accounts.set_password("nobody", HASH).unwrap_err()),
        "name"
    );
    assert_eq!(
        field(accounts.set_password("ana", "").unwrap_err()),
        "password"
    );
}

pub fn revoked_api_tokens_stop_working_and_are_kept_listed(accounts: &dyn Accounts) {
    let ana = accounts.add_user("ana", "athlete", HASH).unwrap();
    let ben = accounts.add_user("ben", "athlete", HASH).unwrap();
    let phone = accounts
        .create_api_token_until(ana.id, "phone", &hash_of(1), None)
        .unwrap();
    let laptop = accounts
        .create_api_token_until(ana.id, "laptop", &hash_of(2), None)
        .unwrap();

    assert_eq!(
        accounts.token_user(&hash_of(1), at(5)).unwrap().unwrap().id,
        ana.id
    );
    let listed = accounts.list_api_tokens(ana.id).unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].name, "phone");
    assert_eq!(listed[0].last_used_at, Some(at(5)));
    assert_eq!(listed[1].last_used_at, None);
    assert!(accounts.list_api_tokens(ben.id).unwrap().is_empty());
    // A use is written at most once a minute: a read per request, not a write.
    accounts.token_user(&hash_of(1), at(64)).unwrap().unwrap();
    assert_eq!(
        accounts.list_api_tokens(ana.id).unwrap()[0].last_used_at,
        Some(at(5))
    );
    accounts.token_user(&hash_of(1), at(65)).unwrap().unwrap();
    assert_eq!(
        accounts.list_api_tokens(ana.id).unwrap()[0].last_used_at,
        Some(at(65))
    );

    // Another user cannot revoke ana's token.
    assert_eq!(
        field(accounts.revoke_api_token(ben.id, phone).unwrap_err()),
        "id"
    );
    accounts.revoke_api_token(ana.id, phone).unwrap();
    assert_eq!(
        field(accounts.revoke_api_token(ana.id, phone).unwrap_err()),
        "id"
    );
    assert!(accounts.token_user(&hash_of(1), at(66)).unwrap().is_none());
    assert!(accounts.token_user(&hash_of(2), at(66)).unwrap().is_some());
    let listed = accounts.list_api_tokens(ana.id).unwrap();
    assert!(listed[0].revoked_at.is_some());
    assert_eq!(listed[1].id, laptop);
    assert!(listed[1].revoked_at.is_none());
    let found = accounts.api_token_by_hash(&hash_of(1)).unwrap().unwrap();
    assert_eq!((found.id, found.revoked_at.is_some()), (phone, true));
    assert!(accounts.api_token_by_hash(&hash_of(7)).unwrap().is_none());

    // The same token hash twice is refused.
    let copy = accounts.create_api_token_until(ben.id, "copy", &hash_of(2), None);
    assert!(copy.is_err());
    let unnamed = accounts.create_api_token_until(ana.id, " ", &hash_of(3), None);
    assert_eq!(field(unnamed.unwrap_err()), "name");
    assert_eq!(accounts.list_api_tokens(ben.id).unwrap().len(), 0);
}

pub fn a_password_reset_revokes_the_accounts_api_tokens(accounts: &dyn Accounts) {
    let ana = accounts.add_user("ana", "athlete", HASH).unwrap();
    let ben = accounts.add_user("ben", "athlete", HASH).unwrap();
    accounts
        .create_api_token_until(ana.id, "phone", &hash_of(1), None)
        .unwrap();
    let old = accounts
        .create_api_token_until(ana.id, "old", &hash_of(2), None)
        .unwrap();
    accounts.revoke_api_token(ana.id, old).unwrap();
    accounts
        .create_api_token_until(ben.id, "phone", &hash_of(3), None)
        .unwrap();
    let hour = SignedDuration::from_hours(1);
    accounts
        .create_session(ana.id, &hash_of(4), at(0), hour)
        .unwrap();

    let reset = accounts.set_password("ana", "$argon2id$new").unwrap();
    assert_eq!(reset.sessions_ended, 1);
    // The one still active; the one revoked before is not counted again.
    assert_eq!(reset.tokens_revoked, 1);
    assert!(reset.summary().contains("1 API token revoked"), "{reset:?}");
    assert!(accounts.token_user(&hash_of(1), at(5)).unwrap().is_none());
    let tokens = accounts.list_api_tokens(ana.id).unwrap();
    assert!(tokens.iter().all(|t| t.revoked_at.is_some()));
    // Another account's token is untouched.
    assert_eq!(
        accounts.token_user(&hash_of(3), at(5)).unwrap().unwrap().id,
        ben.id
    );
    // A second reset finds nothing left to end.
    let again = accounts.set_password("ana", "$argon2id$newer").unwrap();
    assert_eq!((again.sessions_ended, again.tokens_revoked), (0, 0));
}

pub fn expired_api_tokens_stop_working(accounts: &dyn Accounts) {
    let ana = accounts.add_user("ana", "athlete", HASH).unwrap();
    // Whole seconds: that is what is stored.
    let in_twenty_years = Timestamp::now().as_second() + 20 * 365 * 24 * 3600;
    let until = Timestamp::from_second(in_twenty_years).unwrap();
    accounts
        .create_api_token_until(ana.id, "phone", &hash_of(1), Some(until))
        .unwrap();
    let before = until.checked_sub(SignedDuration::from_secs(1)).unwrap();
    assert!(accounts.token_user(&hash_of(1), before).unwrap().is_some());
    assert!(accounts.token_user(&hash_of(1), until).unwrap().is_none());
    let listed = &accounts.list_api_tokens(ana.id).unwrap()[0];
    assert_eq!(listed.expires_at, Some(until));
    assert!(listed.is_expired(until) && !listed.is_expired(before));

    let past = Timestamp::now()
        .checked_sub(SignedDuration::from_secs(60))
        .unwrap();
    let refused = accounts.create_api_token_until(ana.id, "old", &hash_of(2), Some(past));
    assert_eq!(field(refused.unwrap_err()), "expires_at");
    assert_eq!(accounts.list_api_tokens(ana.id).unwrap().len(), 1);
}

pub fn a_coach_sees_only_athletes_who_accepted(accounts: &dyn Accounts) {
    accounts.add_user("root", "admin", HASH).unwrap();
    let coach = accounts.add_user("cy", "coach", HASH).unwrap().id;
    let ana = accounts.add_user("ana", "athlete", HASH).unwrap().id;
    let ben = accounts.add_user("ben", "athlete", HASH).unwrap().id;

    accounts.invite(coach, ana).unwrap();
    accounts.invite(coach, ben).unwrap();
    accounts.invite(coach, ben).unwrap(); // again while pending: no change
    assert!(accounts.athletes_of(coach).unwrap().is_empty());
    let sent: Vec<String> = accounts
        .invitations_sent(coach)
        .unwrap()
        .into_iter()
        .map(|l| l.name)
        .collect();
    assert_eq!(sent, ["ana", "ben"]);
    assert_eq!(accounts.invitations_of(ana).unwrap()[0].name, "cy");

    accounts.accept(ana, coach).unwrap();
    let athletes = accounts.athletes_of(coach).unwrap();
    assert_eq!(athletes.len(), 1);
    assert_eq!((athletes[0].id, athletes[0].name.as_str()), (ana, "ana"));
    assert!(accounts.invitations_of(ana).unwrap().is_empty());
    assert_eq!(accounts.coaches_of(ana).unwrap()[0].id, coach);
    assert!(accounts.coaches_of(ben).unwrap().is_empty());

    // Accepting twice, or without an invitation, is refused.
    assert_eq!(field(accounts.accept(ana, coach).unwrap_err()), "coach");
    assert_eq!(field(accounts.accept(coach, ana).unwrap_err()), "coach");
    // An athlete cannot invite; nobody invites themself; accepted stays accepted.
    assert_eq!(field(accounts.invite(ana, ben).unwrap_err()), "coach");
    assert_eq!(field(accounts.invite(coach, coach).unwrap_err()), "athlete");
    assert_eq!(field(accounts.invite(coach, ana).unwrap_err()), "athlete");

    // Either side ends a link; without one, refused.
    accounts.withdraw_coach(ana, coach).unwrap();
    assert!(accounts.athletes_of(coach).unwrap().is_empty());
    assert_eq!(
        field(accounts.withdraw_coach(ana, coach).unwrap_err()),
        "coach"
    );
    accounts.drop_athlete(coach, ben).unwrap();
    assert!(accounts.invitations_of(ben).unwrap().is_empty());
    assert_eq!(
        field(accounts.drop_athlete(coach, ben).unwrap_err()),
        "athlete"
    );

    // Deleting the coach's account ends their links.
    accounts.invite(coach, ben).unwrap();
    accounts.delete_user("cy").unwrap();
    assert!(accounts.invitations_of(ben).unwrap().is_empty());
    assert!(accounts.settings_changes(ana).unwrap().is_empty());
}

pub fn a_coachs_settings_change_is_kept_with_its_record(accounts: &dyn Accounts) {
    accounts.add_user("root", "admin", HASH).unwrap();
    let coach = accounts.add_user("cy", "coach", HASH).unwrap().id;
    let ana = accounts.add_user("ana", "athlete", HASH).unwrap().id;
    let record = |key: &str| ChangedSetting {
        key: key.into(),
        old: "5".into(),
        new: "7".into(),
    };
    let save = || vec![Write::SaveSettings(PlanSettings::default())];

    let ids = accounts
        .change_settings(ana, coach, save(), &[record(" hold-step ")])
        .unwrap();
    let changes = accounts.settings_changes(ana).unwrap();
    assert_eq!(changes.iter().map(|c| c.id).collect::<Vec<_>>(), ids);
    assert_eq!(changes[0].changed_by.as_deref(), Some("cy"));
    assert_eq!(changes[0].key, "hold-step");
    assert_eq!(
        (changes[0].old.as_str(), changes[0].new.as_str()),
        ("5", "7")
    );
    assert!(accounts.settings_changes(coach).unwrap().is_empty());

    // Refused, recording nothing: another kind of write, no record, a
    // record without a key.
    let other = vec![Write::DeleteSet { id: 1 }];
    let refused = accounts.change_settings(ana, coach, other, &[record("x")]);
    assert_eq!(field(refused.unwrap_err()), "writes");
    assert_eq!(
        field(
            accounts
                .change_settings(ana, coach, save(), &[])
                .unwrap_err()
        ),
        "changes"
    );
    let blank = accounts.change_settings(ana, coach, save(), &[record(" ")]);
    assert_eq!(field(blank.unwrap_err()), "key");
    assert_eq!(accounts.settings_changes(ana).unwrap().len(), 1);

    // The record outlives the coach's account.
    accounts.delete_user("cy").unwrap();
    assert_eq!(accounts.settings_changes(ana).unwrap()[0].changed_by, None);
}

pub fn the_login_throttle_keeps_counts_until_idle_or_stale(accounts: &dyn Accounts) {
    let keys = ["user:ana".to_string(), "addr:10.0.0.1".to_string()];
    assert!(accounts.throttle_rows(&keys).unwrap().is_empty());
    let mut seen = Vec::new();
    accounts
        .update_throttle(&keys, 100, 0, &mut |rows: Vec<ThrottleRow>| {
            seen = rows.clone();
            rows.into_iter()
                .map(|mut row| {
                    row.failures.push(100);
                    row
                })
                .collect()
        })
        .unwrap();
    // Every key is handed over, sorted, even those never counted.
    let keys_seen: Vec<&str> = seen.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys_seen, ["addr:10.0.0.1", "user:ana"]);
    assert!(seen.iter().all(ThrottleRow::is_idle));

    accounts
        .update_throttle(&keys[..1], 200, 0, &mut |rows: Vec<ThrottleRow>| {
            rows.into_iter()
                .map(|mut row| {
                    row.failures.push(200);
                    row.locked_until = Some(900);
                    row
                })
                .collect()
        })
        .unwrap();
    let mut rows = accounts.throttle_rows(&keys).unwrap();
    rows.sort_by(|a, b| a.key.cmp(&b.key));
    assert_eq!(
        rows,
        [
            ThrottleRow {
                key: "addr:10.0.0.1".into(),
                failures: vec![100],
                locked_until: None,
            },
            ThrottleRow {
                key: "user:ana".into(),
                failures: vec![100, 200],
                locked_until: Some(900),
            },
        ]
    );

    // A row left idle is deleted; a row untouched since `stale_before` too.
    accounts
        .update_throttle(&keys[..1], 300, 150, &mut |rows: Vec<ThrottleRow>| {
            rows.into_iter()
                .map(|row| ThrottleRow {
                    key: row.key,
                    ..ThrottleRow::default()
                })
                .collect()
        })
        .unwrap();
    assert!(accounts.throttle_rows(&keys).unwrap().is_empty());
}
