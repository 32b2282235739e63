//! Making up a missed session through the journal, as every front end
//! reads it (docs/method.md §4.2): offered on the days without training
//! after the miss, logged against the missed day's slots, then gone.
#![allow(clippy::unwrap_used)]

use jiff::civil::{Date, date};
use keel_core::measure::{Pain, Rpe};
use keel_core::program::Load;
use keel_core::training::SlotKey;

use super::tests::onboarded;
use super::*;
use crate::record::{SetAnswers, logged_set};

// The starting profile trains Monday, Wednesday and Friday, no light days;
// the plan starts on MON.
const MON: Date = date(2026, 3, 2);
const TUE: Date = date(2026, 3, 3);
const WED: Date = date(2026, 3, 4);
const THU: Date = date(2026, 3, 5);
const FRI: Date = date(2026, 3, 6);
const SAT: Date = date(2026, 3, 7);
const SUN: Date = date(2026, 3, 8);

fn clean(actual: u32) -> SetAnswers {
    SetAnswers {
        actual,
        load: Load::Bodyweight,
        rpe: Some(Rpe::new(6).unwrap()),
        quality_reps: None,
        faults: vec![],
        pain: Pain::new(0).unwrap(),
        sharp_pain: false,
        note: None,
        sides: Default::default(),
    }
}

fn keys(session: &PlannedSession) -> Vec<SlotKey> {
    session
        .slots
        .iter()
        .chain(session.transfer.iter())
        .map(|s| s.key.clone())
        .collect()
}

/// Logs the first set of `session`'s first exercise on `day`.
fn log_first_set(store: &mut dyn Store, session: &PlannedSession, day: Date) -> Arc<Journal> {
    let slot = &session.slots[0];
    let actual = crate::record::default_actual(&slot.prescription);
    let set = logged_set(slot, day, clean(actual)).unwrap();
    commit(store, vec![Write::AddSet(set)]).unwrap()
}

#[test]
fn a_missed_monday_is_offered_on_tuesday_with_mondays_slots() {
    let store = onboarded();
    let journal = Journal::load(&store).unwrap();
    assert!(journal.session_on(TUE).is_none(), "Tuesday is a rest day");
    let monday = journal.session_on(MON).unwrap();

    let makeup = journal.session_planned_on(TUE).unwrap().unwrap();
    assert_eq!(makeup.makes_up, Some(MON));
    assert_eq!(makeup.date, TUE);
    assert_eq!(makeup.day, monday.day);
    assert_eq!(keys(&makeup), keys(&monday));
    assert_eq!(journal.session_to_do_on(TUE), Some(makeup));

    // Wednesday is a training day: its own session, nothing made up.
    let wednesday = journal.session_planned_on(WED).unwrap().unwrap();
    assert_eq!(wednesday.makes_up, None);
    assert_eq!(wednesday, journal.session_on(WED).unwrap());
}

#[test]
fn a_session_done_on_its_day_is_not_offered_again() {
    let mut store = onboarded();
    let monday = Journal::load(&store).unwrap().session_on(MON).unwrap();
    let journal = log_first_set(&mut store, &monday, MON);
    assert_eq!(journal.session_planned_on(TUE).unwrap(), None);
    assert_eq!(journal.session_to_do_on(TUE), None);
}

#[test]
fn sets_logged_on_the_makeup_day_count_for_the_missed_session_once() {
    let mut store = onboarded();
    let journal = Journal::load(&store).unwrap();
    // Only the latest missed day is offered: Monday's miss lapsed when
    // Wednesday (also missed) passed.
    let thursday = journal.session_planned_on(THU).unwrap().unwrap();
    assert_eq!(thursday.makes_up, Some(WED));

    let makeup = journal.session_planned_on(SAT).unwrap().unwrap();
    assert_eq!(makeup.makes_up, Some(FRI));
    let journal = log_first_set(&mut store, &makeup, SAT);

    // The set is on Saturday, against Friday's slot, and decided there.
    let logged = journal.session_logged(SAT).unwrap();
    assert_eq!(logged.sets.len(), 1);
    assert_eq!(logged.sets[0].logged.slot, makeup.slots[0].key);
    assert!(
        journal
            .replay
            .decisions
            .iter()
            .any(|d| d.date == SAT && d.slot == makeup.slots[0].key),
        "the set was decided as an exposure of Friday's slot"
    );
    // Saturday keeps offering the same session while it is being done...
    assert_eq!(journal.session_planned_on(SAT).unwrap(), Some(makeup));
    // ...and the next day it is made up: a rest day again.
    assert_eq!(journal.session_planned_on(SUN).unwrap(), None);
    assert_eq!(journal.session_to_do_on(SUN), None);
}
