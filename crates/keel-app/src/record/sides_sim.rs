//! A simulated athlete with a weaker left side (side bridges 60 s right,
//! 48 s left), driven through the services the front ends use for sixteen
//! weeks: every step of every slot logged with `logged_step`, the left side
//! holding 80 % of each target. On every day and slot, "set N of M" never
//! passes M, the extra set is counted, and the decisions name the left side
//! while the right side still progresses (docs/method.md §5.8).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jiff::ToSpan;
use jiff::civil::{Date, date};
use keel_core::assessment::{AssessmentInput, EnduranceHolds, Mobility, MovementQuality, Side};
use keel_core::engine::Action;
use keel_core::measure::{Pain, Rpe, Seconds};
use keel_core::redflag::Screen;
use keel_store::SqliteStore;

use super::*;
use crate::enrol::{Onboarded, Onboarding, onboard};
use crate::journal::{self, Journal};
use crate::profile::starting_profile;

const DAY1: Date = date(2026, 3, 2);
const WEEKS: i64 = 16;

fn s(n: i64) -> Option<Seconds> {
    Some(Seconds::new(n).unwrap())
}

fn onboarded_with_weak_left() -> SqliteStore {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let answers = Onboarding {
        profile: starting_profile(),
        screen: Screen::clear(),
        tests: AssessmentInput {
            date: DAY1,
            holds: EnduranceHolds {
                extensor: s(120),
                flexor: s(100),
                side_bridge_right: s(60),
                side_bridge_left: s(48),
                prone_plank: s(70),
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

/// The answers of a clean set at `step`: the right side (and a bilateral
/// set) at the target, the left side at 80 % of it.
fn answers(p: &Prescription, step: Step) -> SetAnswers {
    let target = default_actual(p);
    let weak = target * 4 / 5;
    let sides = match step.sides {
        Sides::One => SideAnswers::default(),
        Sides::Both => SideAnswers {
            left: Some(weak),
            right: Some(target),
        },
        Sides::Only(Side::Left) => SideAnswers {
            left: Some(weak),
            right: None,
        },
        Sides::Only(Side::Right) => SideAnswers {
            left: None,
            right: Some(target),
        },
    };
    SetAnswers {
        actual: target,
        load: match p.load() {
            Load::ChooseForRpe => Load::Kg { kg: 12.0 },
            load => load,
        },
        rpe: Some(Rpe::new(6).unwrap()),
        quality_reps: None,
        faults: Vec::new(),
        pain: Pain::saturating(0),
        sharp_pain: false,
        note: None,
        sides,
    }
}

/// "set N of M" never passes M, and a slot's logged sets never pass its steps.
fn assert_counts(day: Date, slots: &[steps::SlotToday]) {
    for t in slots {
        let m = t.steps.len();
        assert!(
            t.logged.len() <= m,
            "{day} {}: {} of {m} sets",
            t.slot.exercise,
            t.logged.len()
        );
        for step in &t.steps {
            assert!(
                step.number <= step.of && usize::from(step.of) == m,
                "{day} {}: {}",
                t.slot.exercise,
                step.label()
            );
        }
    }
}

#[test]
fn a_weaker_left_side_over_sixteen_weeks_counts_every_set_and_progresses_the_right() {
    let mut store = onboarded_with_weak_left();
    let mut extra_slots = 0;
    for offset in 0..WEEKS * 7 {
        let day = DAY1.checked_add(offset.days()).unwrap();
        let journal = Journal::load(&store).unwrap();
        let Some(session) = journal.session_planned_on(day).unwrap() else {
            continue;
        };
        drop(journal);
        let count = session.slots.len() + usize::from(session.transfer.is_some());
        for index in 0..count {
            loop {
                let journal = Journal::load(&store).unwrap();
                let slots = steps::today(&session, journal.session_logged(day), &journal.settings);
                assert_counts(day, &slots);
                let t = &slots[index];
                let Some(step) = t.next_step() else {
                    // Done: every step logged, the extra set included, and no room for more.
                    assert_eq!(t.logged.len(), t.steps.len(), "{day} {}", t.slot.exercise);
                    assert!(t.check_room_for(1).is_err(), "{day} {}", t.slot.exercise);
                    if matches!(t.steps.last().map(|s| s.sides), Some(Sides::Only(_))) {
                        extra_slots += 1;
                    }
                    break;
                };
                let set = logged_step(&t.slot, day, step, answers(&t.slot.prescription, step))
                    .unwrap_or_else(|e| panic!("{day} {} {}: {e}", t.slot.exercise, step.label()));
                if let (Sides::Only(side), Some(sides)) = (step.sides, set.set.sides) {
                    assert!(sides.get(side).is_some(), "{day}: {sides:?}");
                    assert_eq!(sides.done().len(), 1, "{day}: {sides:?}");
                }
                drop(journal);
                journal::commit(&mut store, writes(vec![set], None)).unwrap();
            }
        }
    }
    assert!(extra_slots > 0, "the plan gave the left side its extra set");
    let journal = Journal::load(&store).unwrap();
    let weak: Vec<_> = journal
        .replay
        .decisions
        .iter()
        .filter(|d| {
            d.decision
                .reasons
                .iter()
                .any(|r| r.starts_with("Left side fell short"))
        })
        .collect();
    assert!(!weak.is_empty(), "the decisions name the left side");
    assert!(
        weak.iter()
            .any(|d| matches!(d.decision.action, Action::Progress { .. })),
        "the right side progresses while the left keeps its extra set: {:?}",
        weak.iter()
            .map(|d| (d.date, &d.slot.planned, &d.decision.action))
            .collect::<Vec<_>>()
    );
}
