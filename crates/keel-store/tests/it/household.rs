//! Several people on one SQLite file (migration 0012): the file's data
//! from before accounts becomes its first account's, each account reads
//! and writes only its own training data, and deleting an account deletes
//! its data and nobody else's.
#![allow(clippy::unwrap_used)]

use jiff::civil::date;
use keel_store::accounts::ChangedSetting;
use keel_store::conformance::accounts::HASH;
use keel_store::conformance::{plan_writes, profile, set};
use keel_store::{Accounts, Revisioned, SqliteStore, Store, StoreError, UserId, Write};

fn set_ids(store: &SqliteStore) -> Vec<i64> {
    store
        .sessions(None, None)
        .unwrap()
        .iter()
        .flat_map(|s| s.sets.iter().map(|set| set.id))
        .collect()
}

#[test]
fn the_files_data_becomes_its_first_account_and_each_account_keeps_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keel.db");
    let mon = date(2026, 3, 2);

    // A year of use before accounts: the command line's data.
    let mut local = SqliteStore::open(&path).unwrap();
    local.apply(vec![Write::SaveProfile(profile())]).unwrap();
    local.apply(plan_writes(mon)).unwrap();
    local
        .apply(vec![Write::AddSet(set(mon, "side-bridge", 30))])
        .unwrap();
    let owner = local.user();

    let ana = local.add_user("ana", "athlete", HASH).unwrap();
    assert!(ana.claimed_existing && ana.made_admin);
    assert_eq!(ana.id, owner, "ana is the file's owner, with its data");
    let ben = local.add_user("ben", "athlete", HASH).unwrap();
    assert!(!ben.claimed_existing);

    let mut ana_store = SqliteStore::open_as(&path, ana.id).unwrap();
    assert_eq!(ana_store.profile().unwrap(), Some(profile()));
    let mut ben_store = SqliteStore::open_as(&path, ben.id).unwrap();
    assert_eq!(ben_store.profile().unwrap(), None);
    assert!(ben_store.plans().unwrap().is_empty());
    assert!(ben_store.sessions(None, None).unwrap().is_empty());

    // Ben's own plan and log: the same day, the same version numbers.
    ben_store.apply(plan_writes(mon)).unwrap();
    ben_store
        .apply(vec![Write::AddSet(set(mon, "side-bridge", 45))])
        .unwrap();
    assert_eq!(ben_store.current_plan().unwrap().unwrap().version, 1);
    let ana_sessions = ana_store.sessions(None, None).unwrap();
    assert_eq!(ana_sessions.len(), 1);
    assert_eq!(ana_sessions[0].sets.len(), 1, "ben's set is not ana's");

    // Ana's set ids mean nothing in ben's store: refused, nothing changes.
    let anas_set = set_ids(&ana_store)[0];
    let refused = ben_store.apply(vec![Write::DeleteSet { id: anas_set }]);
    assert!(
        matches!(refused, Err(StoreError::Invalid(_))),
        "{refused:?}"
    );
    let refused = ben_store.apply(vec![Write::UpdateSet {
        id: anas_set,
        logged: set(mon, "side-bridge", 99),
    }]);
    assert!(
        matches!(refused, Err(StoreError::Invalid(_))),
        "{refused:?}"
    );
    assert_eq!(set_ids(&ana_store), [anas_set]);
    let ana_rev = ana_store.revision().unwrap();

    // Deleting ben deletes ben's data only; ana's revision did not move.
    local.delete_user("ben").unwrap();
    assert_eq!(ana_store.revision().unwrap(), ana_rev);
    assert_eq!(ana_store.sessions(None, None).unwrap()[0].sets.len(), 1);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let left: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM plans WHERE user_id = ?1)
                  + (SELECT count(*) FROM sets WHERE user_id = ?1)
                  + (SELECT count(*) FROM sessions WHERE user_id = ?1)",
            [ben.id.get()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);
    assert!(matches!(
        SqliteStore::open_as(&path, ben.id),
        Err(StoreError::Invalid(_))
    ));
    ana_store
        .apply(vec![Write::SaveProfile(profile())])
        .unwrap();
}

#[test]
fn a_coachs_settings_change_lands_in_the_athletes_data_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keel.db");
    let file = SqliteStore::open(&path).unwrap();
    file.add_user("cy", "coach", HASH).unwrap();
    let coach = file.user_by_name("cy").unwrap().unwrap().id;
    let ana = file.add_user("ana", "athlete", HASH).unwrap().id;
    let engine = keel_core::engine::EngineSettings::default();
    let before = SqliteStore::open_as(&path, ana)
        .unwrap()
        .revision()
        .unwrap();
    file.change_settings(
        ana,
        coach,
        vec![Write::SaveEngineSettings(engine.clone())],
        &[ChangedSetting {
            key: "hold-step".into(),
            old: "5".into(),
            new: "5".into(),
        }],
    )
    .unwrap();
    let ana_store = SqliteStore::open_as(&path, ana).unwrap();
    assert_eq!(ana_store.engine_settings().unwrap(), Some(engine));
    assert_ne!(
        ana_store.revision().unwrap(),
        before,
        "a server reads it again"
    );
    // The coach's own data (the file's owner) is untouched.
    assert_eq!(file.engine_settings().unwrap(), None);
    assert_eq!(file.settings_changes(ana).unwrap().len(), 1);
}

#[test]
fn a_store_for_a_user_the_file_does_not_have_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keel.db");
    drop(SqliteStore::open(&path).unwrap());
    let err = SqliteStore::open_as(&path, UserId::new(42)).err();
    assert!(
        matches!(err, Some(StoreError::Invalid(ref e)) if e.field == "user"),
        "{err:?}"
    );
}

#[test]
fn a_shared_file_serves_accounts_from_many_threads_each_with_its_own_data() {
    fn shareable<T: Send + Sync + Clone + 'static>(_: &T) {}
    let shared = keel_store::SharedSqlite::new(SqliteStore::open_in_memory().unwrap());
    shareable(&shared);
    let users: Vec<UserId> = ["ana", "ben", "cy", "dee"]
        .iter()
        .map(|name| shared.add_user(name, "athlete", HASH).unwrap().id)
        .collect();
    let mon = date(2026, 3, 2);
    let threads: Vec<_> = users
        .iter()
        .zip([30_i64, 40, 50, 60])
        .map(|(&user, seconds)| {
            let mut store = shared.store(user);
            std::thread::spawn(move || {
                store.apply(plan_writes(mon)).unwrap();
                for _ in 0..5 {
                    store
                        .apply(vec![Write::AddSet(set(mon, "side-bridge", seconds))])
                        .unwrap();
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    for (&user, seconds) in users.iter().zip([30_i64, 40, 50, 60]) {
        let sessions = shared.store(user).sessions(None, None).unwrap();
        assert_eq!(sessions.len(), 1);
        let sets = &sessions[0].sets;
        assert_eq!(sets.len(), 5, "user {user:?}");
        assert!(
            sets.iter()
                .all(|s| s.logged == set(mon, "side-bridge", seconds))
        );
        assert_eq!(
            sets.iter().map(|s| s.number).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5]
        );
    }
    let revisions = shared
        .revisions(&users.iter().map(|u| u.get()).collect::<Vec<_>>())
        .unwrap();
    assert_eq!(revisions.len(), 4);

    // A calendar feed's token finds its account, and only that one.
    let token = "ab".repeat(32);
    shared
        .store(users[1])
        .apply(vec![Write::SetCalendarFeed(Some(token.clone()))])
        .unwrap();
    assert_eq!(shared.calendar_feed_user(&token).unwrap(), Some(users[1]));
    assert_eq!(shared.calendar_feed_user(&"cd".repeat(32)).unwrap(), None);
    assert_eq!(
        shared.store(users[0]).calendar().unwrap().feed_token_sha256,
        None
    );
}
