#![allow(clippy::unwrap_used)]

use jiff::ToSpan;
use jiff::civil::{Date, date};
use keel_core::engine::Amount;
use keel_core::measure::{Pain, Rpe};
use keel_core::program::Load;
use keel_core::redflag::{RedFlag, Screen};
use keel_store::{SqliteStore, Store, Write};

use super::*;
use crate::journal::tests::onboarded;
use crate::record::{SetAnswers, logged_set};

const DAY1: Date = date(2026, 3, 2);

/// Logs one set of the first slot in the plan's first two weeks whose
/// target is in reps (or not, for `reps` false), and returns its id.
fn log_one(store: &mut SqliteStore, reps: bool) -> i64 {
    for offset in 0..14 {
        let day = DAY1.checked_add(offset.days()).unwrap();
        let Some(session) = Journal::load(store).unwrap().session_on(day) else {
            continue;
        };
        let Some(slot) = session
            .slots
            .iter()
            .find(|s| matches!(record::target_of(&s.prescription), Amount::Reps(_)) == reps)
        else {
            continue;
        };
        let answers = SetAnswers {
            actual: 8,
            load: Load::Bodyweight,
            rpe: Some(Rpe::new(7).unwrap()),
            quality_reps: reps.then_some(6),
            faults: vec![],
            pain: Pain::new(0).unwrap(),
            sharp_pain: false,
            note: None,
            sides: Default::default(),
        };
        let set = logged_set(slot, day, answers).unwrap();
        journal::commit(store, vec![Write::AddSet(set)]).unwrap();
        return Journal::load(store).unwrap().sessions[0].sets[0].id;
    }
    panic!("no matching slot in the first two weeks (reps: {reps})");
}

fn stored(store: &dyn Store, id: i64) -> LoggedSet {
    find_set(store, id).unwrap().logged
}

#[test]
fn fewer_reps_than_the_quality_reps_is_refused_not_clamped() {
    let mut store = onboarded();
    let id = log_one(&mut store, true);
    let before = stored(&store, id);
    let changes = SetChanges {
        actual: Some(4),
        ..SetChanges::default()
    };
    let Err(Error::Invalid(err)) = correct_set(&mut store, id, changes, None) else {
        panic!("expected the correction refused");
    };
    assert_eq!(err.field, "quality-reps");
    assert!(
        err.message.contains("(6)") && err.message.contains("(4)"),
        "{err}"
    );
    assert_eq!(stored(&store, id), before, "nothing was written");

    // Both corrected together are fine.
    let changes = SetChanges {
        actual: Some(4),
        quality_reps: Some(Some(3)),
        ..SetChanges::default()
    };
    let Corrected::Stored { new, .. } = correct_set(&mut store, id, changes, None).unwrap() else {
        panic!("expected the correction stored");
    };
    assert_eq!(
        (new.set.actual, new.set.quality_reps),
        (Amount::Reps(4), Some(3))
    );
    assert_eq!(stored(&store, id), new);
}

#[test]
fn quality_reps_on_a_hold_are_refused() {
    let mut store = onboarded();
    let id = log_one(&mut store, false);
    let changes = SetChanges {
        quality_reps: Some(Some(3)),
        ..SetChanges::default()
    };
    let Err(err) = correct_set(&mut store, id, changes, None) else {
        panic!("expected the correction refused");
    };
    assert!(err.to_string().contains("only for rep sets"), "{err}");
}

#[test]
fn the_same_values_write_nothing() {
    let mut store = onboarded();
    let id = log_one(&mut store, false);
    let old = stored(&store, id);
    let changes = SetChanges {
        actual: Some(8),
        rpe: Some(old.set.rpe),
        ..SetChanges::default()
    };
    let outcome = correct_set(&mut store, id, changes, None).unwrap();
    assert!(matches!(outcome, Corrected::Unchanged(s) if s.logged == old));
}

#[test]
fn added_pain_needs_the_screen_and_a_red_flag_halts() {
    let mut store = onboarded();
    let id = log_one(&mut store, false);
    let old = stored(&store, id);
    let more_pain = || SetChanges {
        pain: Some(Pain::new(4).unwrap()),
        ..SetChanges::default()
    };
    let outcome = correct_set(&mut store, id, more_pain(), None).unwrap();
    assert!(matches!(outcome, Corrected::ScreenNeeded));
    assert_eq!(
        stored(&store, id),
        old,
        "an unanswered screen writes nothing"
    );

    let flagged = Screen {
        flags: vec![RedFlag::ALL[0]],
    };
    let Corrected::Stored { halts, .. } =
        correct_set(&mut store, id, more_pain(), Some(flagged)).unwrap()
    else {
        panic!("expected the correction stored");
    };
    assert!(halts);
    assert!(
        crate::safety::halt(&store).unwrap().is_some(),
        "the program halts"
    );
    assert_eq!(stored(&store, id).set.pain.get(), 4);
}

#[test]
fn deleting_removes_the_set_and_an_unknown_id_is_not_found() {
    let mut store = onboarded();
    let id = log_one(&mut store, false);
    let deleted = delete_set(&mut store, id).unwrap();
    assert_eq!(deleted.set.id, id);
    assert!(deleted.after.sessions.iter().all(|s| s.sets.is_empty()));
    assert!(matches!(find_set(&store, id), Err(Error::NotFound(_))));
    assert!(matches!(
        delete_set(&mut store, id),
        Err(Error::NotFound(_))
    ));
}

#[test]
fn correcting_the_actual_of_a_per_side_set_replaces_its_sides() {
    let mut store = onboarded();
    // The first session's first per-side slot, logged side by side.
    let journal = Journal::load(&store).unwrap();
    let session = journal.session_on(DAY1).unwrap();
    let slot = session
        .slots
        .iter()
        .find(|s| crate::steps::per_side(&s.prescription))
        .expect("a per-side slot on the first day")
        .clone();
    drop(journal);
    let answers = SetAnswers {
        actual: 10,
        load: Load::Bodyweight,
        rpe: Some(Rpe::new(6).unwrap()),
        quality_reps: None,
        faults: vec![],
        pain: Pain::new(0).unwrap(),
        sharp_pain: false,
        note: None,
        sides: crate::record::SideAnswers {
            left: Some(7),
            right: Some(10),
        },
    };
    let set = logged_set(&slot, DAY1, answers).unwrap();
    assert!(set.set.sides.is_some());
    journal::commit(&mut store, vec![Write::AddSet(set)]).unwrap();
    let id = Journal::load(&store).unwrap().sessions[0].sets[0].id;
    // An RPE correction keeps the sides.
    let rpe = SetChanges {
        rpe: Some(Some(Rpe::new(7).unwrap())),
        ..SetChanges::default()
    };
    correct_set(&mut store, id, rpe, None).unwrap();
    assert!(stored(&store, id).set.sides.is_some());
    // A corrected number is the set's result now: the sides no longer
    // describe it, and the set still replays (actual = weaker side holds).
    let actual = SetChanges {
        actual: Some(9),
        ..SetChanges::default()
    };
    correct_set(&mut store, id, actual, None).unwrap();
    let after = stored(&store, id).set;
    assert_eq!((after.actual.value(), after.sides), (9, None));
    assert!(Journal::load(&store).is_ok());
}
