#![allow(clippy::unwrap_used)]

use jiff::ToSpan;
use jiff::civil::{Date, date};
use keel_core::assessment::{AssessmentInput, EnduranceHolds, Mobility, MovementQuality};
use keel_core::measure::{Pain, Rpe, Seconds};
use keel_core::program::Load;
use keel_store::SqliteStore;

use keel_core::engine::MorningCheck;
use keel_core::redflag::Screen;

use super::*;
use crate::enrol::{Onboarded, Onboarding, new_plan, onboard};
use crate::profile::starting_profile;
use crate::record::{SetAnswers, logged_set};

pub(crate) const DAY1: Date = date(2026, 3, 2);

pub(crate) fn onboarded() -> SqliteStore {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let answers = Onboarding {
        profile: starting_profile(),
        screen: Screen::clear(),
        tests: AssessmentInput {
            date: DAY1,
            holds: EnduranceHolds {
                extensor: Some(Seconds::new(90).unwrap()),
                flexor: Some(Seconds::new(60).unwrap()),
                ..EnduranceHolds::default()
            },
            movement: MovementQuality::default(),
            mobility: Mobility::default(),
            pain_now: None,
        },
        start_over: false,
        outcomes: Vec::new(),
    };
    let outcome = onboard(&mut store, DAY1, answers).unwrap();
    assert!(matches!(outcome, Onboarded::Planned { .. }));
    store
}

pub(crate) fn answers(actual: u32) -> SetAnswers {
    SetAnswers {
        actual,
        load: Load::Bodyweight,
        rpe: Some(Rpe::new(7).unwrap()),
        quality_reps: None,
        faults: vec![],
        pain: Pain::new(0).unwrap(),
        sharp_pain: false,
        note: None,
        sides: Default::default(),
    }
}

/// What `commit` returned and stored must be what a fresh load replays.
pub(crate) fn assert_commit_matches_a_fresh_load(store: &dyn Store, committed: &Journal) {
    // Read and replayed again, not the kept journal.
    let fresh = Journal::read(store).unwrap().unwrap();
    assert_same_journal(committed, &fresh);
    assert_eq!(
        store.decisions(fresh.plan.version).unwrap(),
        fresh.replay.decisions,
        "the stored decisions are the fresh replay's"
    );
}

pub(crate) fn assert_same_journal(committed: &Journal, fresh: &Journal) {
    assert_eq!(committed.plan, fresh.plan);
    assert_eq!(committed.sessions, fresh.sessions);
    assert_eq!(committed.log, fresh.log);
    assert_eq!(committed.check_ins, fresh.check_ins);
    assert_eq!(committed.replay.decisions, fresh.replay.decisions);
    assert_eq!(committed.profile, fresh.profile);
    assert_eq!(committed.status, fresh.status);
    assert_eq!(committed.settings, fresh.settings);
}

/// Logs every set of each planned session in `days` days from `from`, with
/// a next-morning check-in, committing and checking after each write.
pub(crate) fn train(store: &mut dyn Store, from: Date, days: i32) -> usize {
    let mut logged = 0;
    for offset in 0..days {
        let day = from.checked_add(offset.days()).unwrap();
        let Some(session) = Journal::load(store).unwrap().session_on(day) else {
            continue;
        };
        for (index, slot) in session.slots.iter().enumerate() {
            // Some sets short of the target, some over, so decisions move.
            let actual = 8 + u32::try_from((offset + index as i32) % 5).unwrap() * 3;
            let set = logged_set(slot, day, answers(actual)).unwrap();
            // As set logging does: the session as planned, then the write.
            let planned = Journal::load(store)
                .unwrap()
                .session_planned_on(day)
                .unwrap();
            let committed = commit(store, vec![Write::AddSet(set)]).unwrap();
            assert_commit_matches_a_fresh_load(store, &committed);
            // With the cache layer, kept from the journal before the
            // write; either way right.
            if store.cache().is_some() {
                assert!(committed.planned_session().is_some());
            }
            assert_eq!(committed.session_planned_on(day).unwrap(), planned);
            let fresh = Journal::read(store).unwrap().unwrap();
            assert_eq!(fresh.session_planned_on(day).unwrap(), planned);
            logged += 1;
        }
        let morning = CheckIn::Morning(MorningCheck {
            date: day.checked_add(1.day()).unwrap(),
            pain_back_to_usual: true,
            stiffness_back_to_usual: offset % 2 == 0,
            soreness: Pain::new(i64::from(offset % 4)).unwrap(),
        });
        let committed = commit(store, vec![Write::AddCheckIn(morning)]).unwrap();
        assert_commit_matches_a_fresh_load(store, &committed);
    }
    logged
}

#[test]
fn commit_stores_the_decisions_a_fresh_load_replays() {
    let mut store = onboarded();
    assert!(train(&mut store, DAY1, 14) > 0, "sets were logged");
    let first = Journal::load(&store).unwrap();
    assert!(!first.replay.decisions.is_empty());

    // A correction and a deletion replay too.
    let last = first.sessions.last().unwrap();
    let (edited, deleted) = (&last.sets[0], last.sets.last().unwrap());
    let mut corrected = edited.logged.clone();
    corrected.set.rpe = Some(Rpe::new(9).unwrap());
    let committed = commit(
        &mut store,
        vec![Write::UpdateSet {
            id: edited.id,
            logged: corrected,
        }],
    )
    .unwrap();
    assert_commit_matches_a_fresh_load(&store, &committed);
    let committed = commit(&mut store, vec![Write::DeleteSet { id: deleted.id }]).unwrap();
    assert_commit_matches_a_fresh_load(&store, &committed);
}

#[test]
fn the_journal_reads_only_the_current_plan_versions_sessions() {
    let mut store = onboarded();
    train(&mut store, DAY1, 14);
    let old = Journal::load(&store).unwrap();
    let day2 = date(2026, 3, 16);
    let plan = new_plan(&mut store, day2, day2).unwrap();
    assert_eq!(plan.version, 2);
    let fresh = Journal::load(&store).unwrap();
    assert!(fresh.sessions.is_empty(), "nothing logged on version 2 yet");
    assert!(fresh.replay.decisions.is_empty());

    assert!(train(&mut store, day2, 7) > 0);
    let now = Journal::load(&store).unwrap();
    assert!(now.sessions.iter().all(|s| s.plan_version == Some(2)));
    let all = store.sessions(None, None).unwrap();
    let of_v2: Vec<_> = all
        .into_iter()
        .filter(|s| s.plan_version == Some(2))
        .collect();
    assert_eq!(now.sessions, of_v2);
    assert_eq!(
        store.decisions(1).unwrap(),
        old.replay.decisions,
        "version 1's decisions stay as they were"
    );
}

/// A database file onboarded through one connection (the CLI's), for tests
/// that open a second one (the server's).
pub(crate) fn onboarded_file(path: &std::path::Path) -> SqliteStore {
    let mut cli = SqliteStore::open(path).unwrap();
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
    onboard(&mut cli, DAY1, answers_given).unwrap();
    cli
}

#[test]
fn the_session_as_planned_is_kept_per_date() {
    let mut store = onboarded();
    train(&mut store, DAY1, 7);
    let journal = Journal::load(&store).unwrap();
    let day = journal.sessions.last().map(|s| s.date).unwrap();
    let first = journal.session_planned_on(day).unwrap();
    assert_eq!(journal.session_planned_on(day).unwrap(), first);
    assert_eq!(journal.replay_before(day).unwrap(), first);
    let other = DAY1;
    assert_eq!(
        journal.session_planned_on(other).unwrap(),
        journal.replay_before(other).unwrap()
    );
}

/// `Before::agree` says two logs are the same exactly when `log_before`
/// would build the same log from them.
#[test]
fn logs_agree_before_a_day_exactly_when_what_is_kept_is_equal() {
    let mut store = onboarded();
    train(&mut store, DAY1, 7);
    let journal = Journal::load(&store).unwrap();
    let day = journal.sessions.last().unwrap().date;
    let keep = Before(day);
    let with = |change: &dyn Fn(&mut TrainingLog)| {
        let mut log = journal.log.clone();
        change(&mut log);
        log
    };
    let that_day = with(&|log| {
        let set = log.sets.iter_mut().find(|s| s.date == day).unwrap();
        set.set.rpe = Some(Rpe::new(10).unwrap());
    });
    let a_day_before = with(&|log| {
        let set = log.sets.iter_mut().find(|s| s.date < day).unwrap();
        set.set.rpe = Some(Rpe::new(10).unwrap());
    });
    let shorter = with(&|log| {
        log.sets.remove(0);
    });
    for (other, agrees) in [
        (&journal.log, true),
        (&that_day, true),
        (&a_day_before, false),
        (&shorter, false),
    ] {
        assert_eq!(keep.agree(&journal.log, other), agrees);
        let rebuilt = Journal {
            log: other.clone(),
            ..Journal::read(&store).unwrap().unwrap()
        };
        assert_eq!(journal.log_before(day) == rebuilt.log_before(day), agrees);
    }
}

/// A set logged after a new plan made the same day joins the day's session
/// under the plan in force, with the day's earlier set: it is in the
/// journal, the decisions and today's count.
#[test]
fn a_set_logged_after_a_same_day_new_plan_joins_the_plan_in_force() {
    let mut store = onboarded();
    let day = (0..7)
        .map(|n| DAY1.checked_add(n.days()).unwrap())
        .find(|d| Journal::load(&store).unwrap().session_on(*d).is_some())
        .expect("a training day in the first week");
    let planned = Journal::load(&store)
        .unwrap()
        .session_planned_on(day)
        .unwrap()
        .unwrap();
    let first = logged_set(&planned.slots[0], day, answers(10)).unwrap();
    commit(&mut store, vec![Write::AddSet(first.clone())]).unwrap();

    let plan = new_plan(&mut store, day, day).unwrap();
    assert_eq!(plan.version, 2);
    let planned = Journal::load(&store)
        .unwrap()
        .session_planned_on(day)
        .unwrap()
        .unwrap();
    let slot = planned
        .slots
        .iter()
        .find(|s| s.key == first.slot)
        .expect("the same slot in the new plan");
    let second = logged_set(slot, day, answers(12)).unwrap();
    let committed = commit(&mut store, vec![Write::AddSet(second.clone())]).unwrap();
    assert_commit_matches_a_fresh_load(&store, &committed);
    let logged = committed
        .session_logged(day)
        .expect("the day's session is among the new plan's");
    assert_eq!(logged.plan_version, Some(2));
    let sets: Vec<&LoggedSet> = logged.sets.iter().map(|s| &s.logged).collect();
    assert_eq!(sets, [&first, &second]);
    assert!(committed.log.sets.contains(&second));
    assert!(
        committed
            .replay
            .decisions
            .iter()
            .any(|d| d.date == day && d.slot == first.slot),
        "the sets were decided on"
    );
    let today = crate::steps::today(&planned, Some(logged), &committed.settings);
    let counted = today.iter().find(|t| t.slot.key == first.slot).unwrap();
    assert_eq!(counted.logged.len(), 2, "both count against the cap");
}
