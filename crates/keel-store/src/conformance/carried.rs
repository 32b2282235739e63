//! The conformance scenario of [`crate::Store::carried_decisions`]: what a
//! new plan version carries over, read from the stored `halt` column and
//! its index rather than by decoding every earlier decision.

use jiff::civil::{Date, date};
use keel_core::engine::Action;
use keel_core::redflag::RedFlag;
use keel_core::training::SlotDecision;

use super::{decision, plan_writes, set};
use crate::{DecisionsTail, Part, RevisionedStore, Write};

const MON: Date = date(2026, 3, 2);
const WED: Date = date(2026, 3, 4);
const FRI: Date = date(2026, 3, 6);

/// A red flag's decision for `planned`: no level.
pub fn halt(on: Date, planned: &str) -> SlotDecision {
    let mut halted = decision(on, planned, 30);
    halted.decision.action = Action::Halt {
        flags: vec![RedFlag::NightPain],
    };
    halted
}

/// Of each planned exercise, the newest decision that is not a halt among
/// the versions before the one asked for, in (version, position) order:
/// a halt as an exercise's newest decision leaves the one before it
/// standing, even in an older version; an exercise with only halts has
/// none; versions from the one asked for on are not read (version 4 is
/// never stored). Halts written by
/// both decision writers (a whole replay, and the guarded set's tail,
/// including one rewritten in place) count as halts, and read back whole.
pub fn carried_decisions_skip_halts_and_later_versions(store: &mut dyn RevisionedStore) {
    for on in [MON, WED, FRI] {
        store.apply(plan_writes(on)).unwrap();
    }
    let first = vec![
        decision(MON, "side-bridge", 35),
        decision(MON, "bird-dog", 25),
        decision(MON, "side-bridge", 40),
        decision(MON, "dead-bug", 20),
    ];
    let second = vec![
        decision(WED, "bird-dog", 30),
        halt(WED, "side-bridge"),
        halt(WED, "curl-up"),
    ];
    store
        .apply(vec![
            Write::ReplaceDecisions {
                plan_version: 1,
                decisions: first.clone(),
            },
            Write::ReplaceDecisions {
                plan_version: 2,
                decisions: second.clone(),
            },
        ])
        .unwrap();
    assert_eq!(store.decisions(2).unwrap(), second, "halts read back");
    // Version 3 (the plan in force) through the guarded set: the newest
    // dead-bug decision is a halt.
    let add_tail = |store: &mut dyn RevisionedStore, kept: usize, tail: Vec<SlotDecision>| {
        let at = store.revision().unwrap();
        let tail = DecisionsTail {
            plan_version: 3,
            kept,
            tail,
        };
        store
            .add_set_if_unchanged(&at, &[Part::Log], &set(FRI, "dead-bug", 30), &tail, None)
            .unwrap()
            .expect("unchanged");
    };
    add_tail(
        store,
        0,
        vec![decision(FRI, "dead-bug", 45), halt(FRI, "dead-bug")],
    );

    let carried = |store: &dyn RevisionedStore, before: i64| {
        store
            .carried_decisions(before)
            .unwrap()
            .into_iter()
            .map(|(version, d)| (version, d.slot.planned.to_string(), d))
            .collect::<Vec<_>>()
    };
    let expect = |rows: &[(i64, &SlotDecision)]| {
        rows.iter()
            .map(|(version, d)| (*version, d.slot.planned.to_string(), (*d).clone()))
            .collect::<Vec<_>>()
    };
    assert!(carried(store, 1).is_empty(), "nothing before version 1");
    assert_eq!(
        carried(store, 2),
        expect(&[(1, &first[1]), (1, &first[2]), (1, &first[3])]),
        "version 1's newest of each exercise, in the order taken"
    );
    assert_eq!(
        carried(store, 3),
        expect(&[(1, &first[2]), (1, &first[3]), (2, &second[0])]),
        "side-bridge's halt in version 2 leaves version 1's level; curl-up has only a halt"
    );
    let dead_bug = decision(FRI, "dead-bug", 45);
    assert_eq!(
        carried(store, 4),
        expect(&[(1, &first[2]), (2, &second[0]), (3, &dead_bug)]),
        "the guarded set's halt is passed over too"
    );

    // The halt rewritten in place by a level: that level is carried. A
    // halt for an exercise of an older version leaves that version's.
    let replaced = decision(FRI, "dead-bug", 50);
    add_tail(store, 1, vec![replaced.clone()]);
    add_tail(store, 2, vec![halt(FRI, "bird-dog")]);
    assert_eq!(
        carried(store, 4),
        expect(&[(1, &first[2]), (2, &second[0]), (3, &replaced)]),
    );
}
