//! The same stories with the cache layer and without it give the same
//! answers, on SQLite and on PostgreSQL: onboarding, sets logged day by
//! day (some short, some over, one with pain), a session summary, a set
//! corrected and one deleted, check-ins, a settings change, a red flag
//! and the resume, a new plan, a deleted day, and writes through a second
//! connection in between (the CLI beside the server, a second server).
//!
//! After every step the story records what a reader sees: the journal,
//! the stored decisions, the session planned and the one to do that day,
//! and the coach's overview. With the layer, each of those must also be
//! what the plain path reads from the same store at that moment.

use jiff::ToSpan;
use jiff::civil::Date;
use keel_core::measure::{Pain, Rpe};
use keel_core::redflag::{RedFlag, Screen};
use keel_core::training::LoggedSet;
use keel_store::{CheckIn, SafetyEvent, ScreenContext, SessionSummary, Store, Write};

use super::*;
use crate::athlete_overview::{CoachSettings, summarize};
use crate::correction::{SetChanges, correct_set, delete_set};
use crate::enrol::{Onboarding, new_plan, onboard};
use crate::profile::starting_profile;

/// What a reader sees after one step, as text (sets' recording times
/// left out: they are the clock's, not the story's).
fn seen(store: &dyn Store, step: &str, day: Date) -> String {
    let journal = Journal::load(store).unwrap();
    if store.cache().is_some() {
        let plain = Journal::read(store).unwrap().unwrap();
        assert_same_journal(&journal, &plain);
        assert_eq!(
            journal.session_planned_on(day).unwrap(),
            plain.session_planned_on(day).unwrap(),
            "{step}: the planned session"
        );
    }
    let mut sessions = journal.sessions.clone();
    for set in sessions.iter_mut().flat_map(|s| s.sets.iter_mut()) {
        set.recorded_at = jiff::Timestamp::UNIX_EPOCH;
    }
    format!(
        "{step}\n status {:?}\n plan {:?}\n sessions {:?}\n check-ins {:?}\n log {:?}\n \
         decisions {:?}\n stored {:?}\n settings {:?}\n planned {:?}\n to do {:?}\n overview {:?}",
        journal.status,
        journal.plan,
        sessions,
        journal.check_ins,
        journal.log,
        journal.replay.decisions,
        store.decisions(journal.plan.version).unwrap(),
        journal.settings,
        journal.session_planned_on(day).unwrap(),
        journal.session_to_do_on(day),
        summarize(store, day, &CoachSettings::default()).unwrap(),
    )
}

/// The sets of `day`'s planned session, one a slot, with `actual` moving
/// from day to day so decisions move; the third day's first set has pain.
fn day_sets(store: &dyn Store, day: Date, n: usize) -> Vec<LoggedSet> {
    let Some(session) = Journal::load(store)
        .unwrap()
        .session_planned_on(day)
        .unwrap()
    else {
        return Vec::new();
    };
    session
        .slots
        .iter()
        .enumerate()
        .map(|(index, slot)| {
            let actual = 8 + u32::try_from((n + index) % 5).unwrap() * 3;
            let mut given = answers(actual);
            if n == 2 && index == 0 {
                given.pain = Pain::new(3).unwrap();
            }
            logged_set(slot, day, given).unwrap()
        })
        .collect()
}

fn morning(date: Date, soreness: i64) -> Write {
    Write::AddCheckIn(CheckIn::Morning(MorningCheck {
        date,
        pain_back_to_usual: soreness < 3,
        stiffness_back_to_usual: true,
        soreness: Pain::new(soreness).unwrap(),
    }))
}

/// The story, told through `store`, with `elsewhere` (a second
/// connection to the same data, without the layer) writing in between.
fn story(store: &mut dyn Store, elsewhere: &mut dyn Store) -> Vec<String> {
    let answers_given = Onboarding {
        profile: starting_profile(),
        screen: Screen::clear(),
        tests: AssessmentInput {
            date: DAY1,
            holds: EnduranceHolds::default(),
            movement: MovementQuality::default(),
            mobility: Mobility::default(),
            pain_now: None,
        },
        start_over: false,
        outcomes: Vec::new(),
    };
    onboard(store, DAY1, answers_given).unwrap();
    let mut log = vec![seen(store, "onboarded", DAY1)];
    for (trained, offset) in (0..10_i32).enumerate() {
        let day = DAY1.checked_add(offset.days()).unwrap();
        for (index, set) in day_sets(store, day, trained).into_iter().enumerate() {
            if offset == 4 && index == 1 {
                // The CLI logs a set of the same day meanwhile.
                commit(elsewhere, vec![Write::AddSet(set.clone())]).unwrap();
                log.push(seen(store, "a set logged elsewhere", day));
            }
            commit(store, vec![Write::AddSet(set)]).unwrap();
            log.push(seen(store, &format!("set {index} on {day}"), day));
        }
        if offset == 2 {
            let summary = Write::SummarizeSession {
                date: day,
                summary: SessionSummary {
                    minutes: Some(25),
                    session_rpe: Some(Rpe::new(6).unwrap()),
                    note: Some("solid".into()),
                },
            };
            commit(store, vec![summary]).unwrap();
            log.push(seen(store, "summary", day));
        }
        commit(store, vec![morning(day.checked_add(1.day()).unwrap(), 2)]).unwrap();
        log.push(seen(store, "morning", day));
        if offset == 6 {
            // A check-in through the other connection, then one here.
            commit(elsewhere, vec![morning(day, 4)]).unwrap();
            log.push(seen(store, "a morning elsewhere", day));
        }
    }
    let day = DAY1.checked_add(10.days()).unwrap();

    let journal = Journal::load(store).unwrap();
    let first = journal.sessions[0].sets[0].id;
    let last = journal.sessions.last().unwrap().sets.last().unwrap().id;
    let changes = SetChanges {
        actual: Some(30),
        ..SetChanges::default()
    };
    correct_set(store, first, changes, None).unwrap();
    log.push(seen(store, "corrected", day));
    delete_set(store, last).unwrap();
    log.push(seen(store, "deleted", day));

    let settings = keel_core::settings::PlanSettings {
        blocks: 2,
        ..keel_core::settings::PlanSettings::default()
    };
    commit(store, vec![Write::SaveSettings(settings)]).unwrap();
    log.push(seen(store, "settings", day));

    let flag = Write::Safety(SafetyEvent::Screen {
        date: day,
        context: ScreenContext::PainEntry,
        flags: vec![RedFlag::LegWeakness],
    });
    commit(store, vec![flag]).unwrap();
    log.push(seen(store, "red flag", day));
    crate::safety::resume(store, day, true, Some("cleared".into())).unwrap();
    log.push(seen(store, "resumed", day));

    let gone = Journal::load(store).unwrap().sessions[1].date;
    commit(store, vec![Write::DeleteSession { date: gone }]).unwrap();
    log.push(seen(store, "a day deleted", day));

    new_plan(store, day, day).unwrap();
    log.push(seen(store, "new plan", day));
    for offset in 0..4_i32 {
        let day = day.checked_add(offset.days()).unwrap();
        let n = usize::try_from(offset).unwrap();
        for (index, set) in day_sets(store, day, n).into_iter().enumerate() {
            commit(store, vec![Write::AddSet(set)]).unwrap();
            log.push(seen(store, &format!("new plan: set {index} on {day}"), day));
        }
    }
    log
}

fn assert_same_story(plain: &[String], cached: &[String]) {
    assert_eq!(plain.len(), cached.len(), "as many steps");
    for (plain, cached) in plain.iter().zip(cached) {
        assert_eq!(plain, cached);
    }
}

/// A fresh SQLite file with two connections to it.
fn sqlite_file() -> (tempfile::TempDir, SqliteStore, SqliteStore) {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("keel.db");
    let store = SqliteStore::open(&path).unwrap();
    let elsewhere = SqliteStore::open(&path).unwrap();
    (dir, store, elsewhere)
}

#[test]
fn the_same_story_on_sqlite_with_and_without_the_cache_layer() {
    let (_plain_dir, mut plain, mut plain_elsewhere) = sqlite_file();
    let without = story(&mut plain, &mut plain_elsewhere);
    let (_cached_dir, store, mut elsewhere) = sqlite_file();
    let mut store = cached(store);
    let with = story(&mut store, &mut elsewhere);
    assert_same_story(&without, &with);
}

/// PostgreSQL: each run on a private schema, dropped after it. Needs
/// KEEL_TEST_POSTGRES_URL; under CI its absence fails the test.
mod postgres {
    use keel_store_postgres::{PgBackend, PoolOptions};

    use super::*;

    const URL_VAR: &str = "KEEL_TEST_POSTGRES_URL";

    struct Schema {
        url: String,
        name: String,
    }

    impl Drop for Schema {
        fn drop(&mut self) {
            if let Err(e) = PgBackend::drop_schema(&self.url, &self.name) {
                eprintln!("could not drop the test schema {}: {e}", self.name);
            }
        }
    }

    fn url() -> Option<String> {
        let url = std::env::var(URL_VAR).ok().filter(|u| !u.is_empty());
        // Under CI a missing server is a failure, never a silent skip.
        assert!(
            url.is_some() || std::env::var_os("CI").is_none(),
            "{URL_VAR} is unset, but CI is set: the PostgreSQL equivalence test must run"
        );
        if url.is_none() {
            println!("{URL_VAR} is unset: skipping the PostgreSQL equivalence test");
        }
        url
    }

    /// A backend on a fresh schema and one user's id.
    fn fresh_backend(url: &str, run: &str) -> (Schema, PgBackend, UserId) {
        let name = format!("keel_test_cache_{run}_{}", std::process::id());
        let schema = Schema {
            url: url.to_string(),
            name: name.clone(),
        };
        let backend = PgBackend::connect_with(url, Some(&name), PoolOptions::default()).unwrap();
        let user = backend.user("athlete").unwrap();
        (schema, backend, user)
    }

    #[test]
    fn the_same_story_on_postgres_with_and_without_the_cache_layer() {
        let Some(url) = url() else {
            return;
        };
        let (_plain_schema, backend, user) = fresh_backend(&url, "plain");
        let without = story(&mut backend.store(user), &mut backend.store(user));
        let (_cached_schema, backend, user) = fresh_backend(&url, "cached");
        let memos = Arc::clone(backend.memos());
        let mut store = Cached::new(backend.store(user), memos, user);
        let with = story(&mut store, &mut backend.store(user));
        assert_same_story(&without, &with);
    }
}
