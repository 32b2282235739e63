//! A partial retest adds up (docs/method.md §2.5): the tests it skipped are
//! carried forward, said so, and the next plan is built from them.
#![allow(clippy::unwrap_used)]

use jiff::civil::{Date, date};
use keel_core::assessment::{AssessmentInput, EnduranceHolds, HoldTest, Mobility, MovementQuality};
use keel_core::measure::Seconds;
use keel_core::redflag::Screen;
use keel_store::{SqliteStore, Store};

use super::*;
use crate::profile::starting_profile;

const DAY1: Date = date(2026, 3, 2);
const DAY2: Date = date(2026, 4, 13);

fn s(v: i64) -> Option<Seconds> {
    Some(Seconds::new(v).unwrap())
}

fn tests(day: Date, holds: EnduranceHolds) -> AssessmentInput {
    AssessmentInput {
        date: day,
        holds,
        movement: MovementQuality::default(),
        mobility: Mobility::default(),
        pain_now: None,
    }
}

fn baseline() -> EnduranceHolds {
    EnduranceHolds {
        extensor: s(90),
        flexor: s(95),
        side_bridge_right: s(48),
        side_bridge_left: s(40),
        prone_plank: s(60),
    }
}

fn partial() -> EnduranceHolds {
    EnduranceHolds {
        extensor: s(100),
        flexor: s(105),
        ..EnduranceHolds::default()
    }
}

fn onboarded() -> SqliteStore {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let answers = Onboarding {
        profile: starting_profile(),
        screen: Screen::clear(),
        tests: tests(DAY1, baseline()),
        start_over: false,
        outcomes: Vec::new(),
    };
    onboard(&mut store, DAY1, answers).unwrap();
    store
}

#[test]
fn a_partial_retest_carries_the_untested_holds_forward_and_says_so() {
    let mut store = onboarded();
    let retested = retest(&mut store, tests(DAY2, partial())).unwrap();

    // Stored as entered.
    assert_eq!(retested.assessment.input.holds, partial());
    // Carried forward, with the date they were measured.
    let carried: Vec<_> = retested
        .carried
        .iter()
        .map(|c| (c.test, c.value.as_str(), c.measured_on))
        .collect();
    assert_eq!(
        carried,
        [
            ("side-bridge-right", "48 s", DAY1),
            ("side-bridge-left", "40 s", DAY1),
            ("prone-plank", "60 s", DAY1),
        ]
    );
    // The report scores them, not "skipped".
    let left = retested
        .report
        .holds
        .iter()
        .find(|h| h.test == HoldTest::SideBridgeLeft)
        .unwrap();
    assert_eq!(left.seconds, s(40));
    let comparison = retested.comparison.unwrap();
    let line = comparison
        .holds
        .iter()
        .find(|h| h.test == HoldTest::SideBridgeLeft)
        .unwrap();
    assert!(line.summary.contains("carried forward"), "{}", line.summary);
    // The report shown again later says the same.
    let (on, again) = latest_report(&store).unwrap().unwrap();
    assert_eq!(on, DAY2);
    assert_eq!(again, retested.report);
}

#[test]
fn the_next_plan_is_built_from_the_carried_forward_values() {
    let mut partly = onboarded();
    retest(&mut partly, tests(DAY2, partial())).unwrap();
    let from_partial = new_plan(&mut partly, DAY2, DAY2).unwrap();

    // The same as after a full retest with the earlier values retyped...
    let mut fully = onboarded();
    let full = EnduranceHolds {
        extensor: s(100),
        flexor: s(105),
        ..baseline()
    };
    let retested = retest(&mut fully, tests(DAY2, full)).unwrap();
    assert!(retested.carried.is_empty());
    let from_full = new_plan(&mut fully, DAY2, DAY2).unwrap();
    assert_eq!(from_partial.program, from_full.program);

    // ...and not what the retest alone (side bridges skipped) would give.
    let profile = partly.profile().unwrap().unwrap();
    let alone =
        keel_core::assessment::assess(&tests(DAY2, partial()), profile.sex, profile.training_age);
    let skipped = generate_with(&partly, &profile, &alone, DAY2, &Reached::default()).unwrap();
    assert_ne!(from_partial.program, skipped);
}
