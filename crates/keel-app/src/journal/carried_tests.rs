//! The carried levels a new plan version starts from (docs/method.md 5.6),
//! read through `Store::carried_decisions`, are exactly those decoding
//! every earlier version's decisions gives, on a history trained through
//! the services whose last session before each new plan met a red flag:
//! there a halt is some exercises' newest decision, and the level before
//! it must be the one carried.
#![allow(clippy::unwrap_used)]

use jiff::ToSpan;
use jiff::civil::Date;
use keel_core::catalog::Catalog;
use keel_core::engine::Action;
use keel_core::program::Load;
use keel_core::redflag::RedFlag;
use keel_core::training::SlotDecision;
use keel_store::{SafetyEvent, ScreenContext, SqliteStore, Store, Write};

use super::tests::{DAY1, answers, onboarded};
use super::{Journal, commit};
use crate::enrol::new_plan;
use crate::record::{default_actual, logged_set};

/// Every set of every session planned in the `days` days from `from`, on
/// target; returns the last day trained.
fn train(store: &mut SqliteStore, from: Date, days: i32) -> Date {
    let mut last = from;
    for offset in 0..days {
        let day = from.checked_add(offset.days()).unwrap();
        let journal = Journal::load(store).unwrap();
        let Some(session) = journal.session_on(day) else {
            continue;
        };
        let mut writes = Vec::new();
        for slot in &session.slots {
            let mut answered = answers(default_actual(&slot.prescription));
            answered.load = match slot.prescription.load() {
                Load::ChooseForRpe => Load::Kg { kg: 12.0 },
                load => load,
            };
            for _ in 0..slot.prescription.sets() {
                let set = logged_set(slot, day, answered.clone()).unwrap();
                writes.push(Write::AddSet(set));
            }
        }
        commit(store, writes).unwrap();
        last = day;
    }
    last
}

/// A red flag on `day`'s pain entry (that day's decisions become halts),
/// then the resume a clinician cleared.
fn flag_and_resume(store: &mut SqliteStore, day: Date) {
    let flag = Write::Safety(SafetyEvent::Screen {
        date: day,
        context: ScreenContext::PainEntry,
        flags: vec![RedFlag::NightPain],
    });
    commit(store, vec![flag]).unwrap();
    crate::safety::resume(store, day, true, Some("cleared".into())).unwrap();
}

/// Every stored decision of the versions before `version`, decoded.
fn every_earlier_decision(store: &dyn Store, version: i64) -> Vec<(i64, SlotDecision)> {
    (1..version)
        .flat_map(|v| {
            let decisions = store.decisions(v).unwrap();
            decisions.into_iter().map(move |d| (v, d))
        })
        .collect()
}

/// Whether some planned exercise's newest decision is a halt with a level
/// before it: the case a read that did not pass over halts gets wrong.
fn a_halt_hides_a_level(rows: &[(i64, SlotDecision)]) -> bool {
    let halted = |d: &SlotDecision| matches!(d.decision.action, Action::Halt { .. });
    rows.iter().enumerate().any(|(at, (_, d))| {
        let same = |(_, e): &(i64, SlotDecision)| e.slot.planned == d.slot.planned;
        halted(d)
            && !rows[at + 1..].iter().any(same)
            && rows[..at].iter().any(|row| same(row) && !halted(&row.1))
    })
}

#[test]
fn the_carried_read_keeps_what_decoding_every_version_keeps() {
    let mut store = onboarded();
    let mut start = DAY1;
    for _ in 0..2 {
        let last = train(&mut store, start, 14);
        flag_and_resume(&mut store, last);
        start = start.checked_add(14.days()).unwrap();
        new_plan(&mut store, start, start).unwrap();
    }
    let journal = Journal::load(&store).unwrap();
    assert_eq!(journal.plan.version, 3);
    let units = journal.profile.units;
    let catalog = Catalog::builtin();
    for version in 1..=3 {
        let every = every_earlier_decision(&store, version);
        let read = store.carried_decisions(version).unwrap();
        assert!(read.len() <= every.len());
        assert_eq!(
            keel_core::training::carried_chains(&read, catalog, units),
            keel_core::training::carried_chains(&every, catalog, units),
            "before version {version}"
        );
    }
    let every = every_earlier_decision(&store, 3);
    assert!(a_halt_hides_a_level(&every), "the history has the case");
    assert!(!journal.log.carried.is_empty());
    assert_eq!(
        journal.log.carried,
        keel_core::training::carried_chains(&every, catalog, units),
        "the journal's"
    );
}
