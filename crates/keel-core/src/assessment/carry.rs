//! Retests that add up (docs/method.md §2.5): a retest may take only some
//! tests; every test it skipped keeps the latest value measured before, marked
//! as carried forward with the date it was measured. What the athlete
//! entered is stored as entered; the carried-forward assessment is derived
//! from the history whenever a report or a plan needs the current values.

use std::fmt::Display;

use jiff::civil::Date;
use serde::Serialize;

use super::holds::HoldTest;
use super::{AssessmentInput, RetestComparison};

/// One test a retest did not take, with the value it keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CarriedForward {
    /// The test's flag name, e.g. "side-bridge-left".
    pub test: &'static str,
    pub label: &'static str,
    /// The value with its unit, e.g. "40 s".
    pub value: String,
    /// The date of the assessment that measured it.
    pub measured_on: Date,
}

/// The latest assessment with every skipped test filled in from the ones
/// before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Current {
    /// Dated the latest assessment; its pain is that day's only (pain now
    /// is never carried forward).
    pub input: AssessmentInput,
    /// The tests filled in, in the battery's order.
    pub carried: Vec<CarriedForward>,
}

/// The current assessment from `history` (oldest first): the last one, with
/// each test it skipped taken from the latest earlier assessment that took
/// it. `None` for an empty history.
pub fn carry_forward<'a>(
    history: impl DoubleEndedIterator<Item = &'a AssessmentInput>,
) -> Option<Current> {
    let mut newest_first = history.rev();
    let mut input = newest_first.next()?.clone();
    let mut carried = Vec::new();
    for earlier in newest_first {
        fill(&mut input, earlier, &mut carried);
    }
    carried.sort_by_key(|c| ORDER.iter().position(|t| *t == c.test));
    Some(Current { input, carried })
}

/// Says, in `comparison`'s hold lines, which holds the retest skipped and
/// kept from before (instead of "not tested both times").
pub fn note_carried(comparison: &mut RetestComparison, carried: &[CarriedForward]) {
    for hold in &mut comparison.holds {
        let name = hold_name(hold.test);
        if hold.after.is_none()
            && let Some(c) = carried.iter().find(|c| c.test == name)
        {
            hold.summary = format!(
                "not retested: {} carried forward (measured {})",
                c.value, c.measured_on
            );
        }
    }
}

/// A hold test's flag name.
fn hold_name(test: HoldTest) -> &'static str {
    match test {
        HoldTest::Extensor => "extensor",
        HoldTest::Flexor => "flexor",
        HoldTest::SideBridgeRight => "side-bridge-right",
        HoldTest::SideBridgeLeft => "side-bridge-left",
        HoldTest::PronePlank => "prone-plank",
    }
}

/// Every test's flag name, in the battery's order (how carried tests are
/// listed).
const ORDER: [&str; 16] = [
    "extensor",
    "flexor",
    "side-bridge-right",
    "side-bridge-left",
    "prone-plank",
    "hip-hinge",
    "bird-dog",
    "dead-bug",
    "toe-touch",
    "aslr",
    "thomas-left",
    "thomas-right",
    "thoracic-rotation-left",
    "thoracic-rotation-right",
    "knee-to-wall-left",
    "knee-to-wall-right",
];

/// Fills each test `input` lacks from `earlier`, noting what was filled.
fn fill(input: &mut AssessmentInput, earlier: &AssessmentInput, carried: &mut Vec<CarriedForward>) {
    let on = earlier.date;
    let mut note = Note { carried, on };
    let (h, e) = (&mut input.holds, &earlier.holds);
    note.take(
        "extensor",
        "extensor hold (Sorensen)",
        &mut h.extensor,
        e.extensor,
        " s",
    );
    note.take(
        "flexor",
        "flexor hold (60 deg)",
        &mut h.flexor,
        e.flexor,
        " s",
    );
    note.take(
        "side-bridge-right",
        "side bridge right",
        &mut h.side_bridge_right,
        e.side_bridge_right,
        " s",
    );
    note.take(
        "side-bridge-left",
        "side bridge left",
        &mut h.side_bridge_left,
        e.side_bridge_left,
        " s",
    );
    note.take(
        "prone-plank",
        "prone plank",
        &mut h.prone_plank,
        e.prone_plank,
        " s",
    );
    let (m, e) = (&mut input.movement, &earlier.movement);
    note.take(
        "hip-hinge",
        "hip hinge",
        &mut m.hip_hinge,
        e.hip_hinge,
        "/3",
    );
    note.take("bird-dog", "bird dog", &mut m.bird_dog, e.bird_dog, "/3");
    note.take("dead-bug", "dead bug", &mut m.dead_bug, e.dead_bug, "/3");
    let (m, e) = (&mut input.mobility, &earlier.mobility);
    note.take(
        "toe-touch",
        "toe touch",
        &mut m.toe_touch_cm,
        e.toe_touch_cm,
        " cm",
    );
    note.take(
        "aslr",
        "active straight-leg raise",
        &mut m.aslr_degrees,
        e.aslr_degrees,
        " deg",
    );
    note.take_pass(
        "thomas-left",
        "Thomas test left",
        &mut m.thomas_left,
        e.thomas_left,
    );
    note.take_pass(
        "thomas-right",
        "Thomas test right",
        &mut m.thomas_right,
        e.thomas_right,
    );
    note.take(
        "thoracic-rotation-left",
        "thoracic rotation left",
        &mut m.thoracic_rotation_left,
        e.thoracic_rotation_left,
        "/3",
    );
    note.take(
        "thoracic-rotation-right",
        "thoracic rotation right",
        &mut m.thoracic_rotation_right,
        e.thoracic_rotation_right,
        "/3",
    );
    note.take(
        "knee-to-wall-left",
        "knee-to-wall left",
        &mut m.knee_to_wall_left_cm,
        e.knee_to_wall_left_cm,
        " cm",
    );
    note.take(
        "knee-to-wall-right",
        "knee-to-wall right",
        &mut m.knee_to_wall_right_cm,
        e.knee_to_wall_right_cm,
        " cm",
    );
}

/// Where filled tests are noted, and the date they were measured on.
struct Note<'a> {
    carried: &'a mut Vec<CarriedForward>,
    on: Date,
}

impl Note<'_> {
    /// Takes `earlier` into `slot` when the slot is empty, noting it.
    fn take<T: Copy + Display>(
        &mut self,
        test: &'static str,
        label: &'static str,
        slot: &mut Option<T>,
        earlier: Option<T>,
        unit: &str,
    ) {
        if slot.is_none()
            && let Some(value) = earlier
        {
            *slot = Some(value);
            self.carried.push(CarriedForward {
                test,
                label,
                value: format!("{value}{unit}"),
                measured_on: self.on,
            });
        }
    }

    /// As [`Note::take`] for a pass/fail test.
    fn take_pass(
        &mut self,
        test: &'static str,
        label: &'static str,
        slot: &mut Option<bool>,
        earlier: Option<bool>,
    ) {
        if slot.is_none()
            && let Some(pass) = earlier
        {
            *slot = Some(pass);
            self.carried.push(CarriedForward {
                test,
                label,
                value: if pass { "pass" } else { "fail" }.to_string(),
                measured_on: self.on,
            });
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::assessment::{EnduranceHolds, Mobility, MovementQuality};
    use crate::measure::{Score03, Seconds};

    fn s(v: i64) -> Option<Seconds> {
        Some(Seconds::new(v).unwrap())
    }

    fn taken(on: Date, holds: EnduranceHolds, movement: MovementQuality) -> AssessmentInput {
        AssessmentInput {
            date: on,
            holds,
            movement,
            mobility: Mobility::default(),
            pain_now: None,
        }
    }

    fn baseline() -> AssessmentInput {
        taken(
            date(2026, 1, 5),
            EnduranceHolds {
                extensor: s(90),
                flexor: s(95),
                side_bridge_right: s(48),
                side_bridge_left: s(40),
                prone_plank: s(60),
            },
            MovementQuality {
                hip_hinge: Some(Score03::new(2).unwrap()),
                ..MovementQuality::default()
            },
        )
    }

    #[test]
    fn a_partial_retest_keeps_the_untested_values_with_their_date() {
        let retest = taken(
            date(2026, 2, 16),
            EnduranceHolds {
                extensor: s(100),
                flexor: s(105),
                ..EnduranceHolds::default()
            },
            MovementQuality::default(),
        );
        let history = [baseline(), retest.clone()];
        let current = carry_forward(history.iter()).unwrap();
        assert_eq!(current.input.date, date(2026, 2, 16));
        assert_eq!(current.input.holds.extensor, s(100), "the retest's value");
        assert_eq!(current.input.holds.flexor, s(105));
        assert_eq!(current.input.holds.side_bridge_right, s(48));
        assert_eq!(current.input.holds.side_bridge_left, s(40));
        assert_eq!(current.input.holds.prone_plank, s(60));
        assert_eq!(
            current.input.movement.hip_hinge,
            Some(Score03::new(2).unwrap())
        );
        let tests: Vec<_> = current.carried.iter().map(|c| c.test).collect();
        assert_eq!(
            tests,
            [
                "side-bridge-right",
                "side-bridge-left",
                "prone-plank",
                "hip-hinge"
            ]
        );
        let left = &current.carried[1];
        assert_eq!(left.value, "40 s");
        assert_eq!(left.measured_on, date(2026, 1, 5));
        assert_eq!(current.carried[3].value, "2/3");
    }

    #[test]
    fn the_latest_measurement_wins_and_never_tested_stays_skipped() {
        let second = taken(
            date(2026, 2, 16),
            EnduranceHolds {
                side_bridge_left: s(52),
                ..EnduranceHolds::default()
            },
            MovementQuality::default(),
        );
        let third = taken(
            date(2026, 3, 30),
            EnduranceHolds {
                extensor: s(120),
                ..EnduranceHolds::default()
            },
            MovementQuality::default(),
        );
        let history = [baseline(), second, third];
        let current = carry_forward(history.iter()).unwrap();
        assert_eq!(current.input.holds.extensor, s(120));
        assert_eq!(current.input.holds.side_bridge_left, s(52));
        let left = current
            .carried
            .iter()
            .find(|c| c.test == "side-bridge-left")
            .unwrap();
        assert_eq!(left.measured_on, date(2026, 2, 16));
        let right = current
            .carried
            .iter()
            .find(|c| c.test == "side-bridge-right")
            .unwrap();
        assert_eq!(right.measured_on, date(2026, 1, 5));
        // Never tested: still skipped, not zero, not carried.
        assert_eq!(current.input.movement.bird_dog, None);
        assert!(current.carried.iter().all(|c| c.test != "bird-dog"));
        assert_eq!(current.input.mobility, Mobility::default());
    }

    #[test]
    fn a_complete_assessment_carries_nothing_and_pain_is_never_carried() {
        let mut first = baseline();
        first.pain_now = Some(crate::measure::Pain::new(3).unwrap());
        let mut full = baseline();
        full.date = date(2026, 2, 16);
        full.movement = MovementQuality::default();
        let history = [first, full.clone()];
        let current = carry_forward(history.iter()).unwrap();
        assert_eq!(current.input.pain_now, None);
        assert_eq!(current.carried.len(), 1, "{:?}", current.carried);
        assert_eq!(current.carried[0].test, "hip-hinge");
        assert!(carry_forward(std::iter::empty::<&AssessmentInput>()).is_none());
        let alone = carry_forward([full.clone()].iter()).unwrap();
        assert_eq!(alone.input, full);
        assert!(alone.carried.is_empty());
    }

    #[test]
    fn the_comparison_says_which_holds_were_carried_forward() {
        let retest = taken(
            date(2026, 2, 16),
            EnduranceHolds {
                extensor: s(100),
                flexor: s(105),
                ..EnduranceHolds::default()
            },
            MovementQuality::default(),
        );
        let history = [baseline(), retest.clone()];
        let current = carry_forward(history.iter()).unwrap();
        let mut comparison = crate::assessment::compare(&baseline(), &retest);
        note_carried(&mut comparison, &current.carried);
        let line = |test| {
            comparison
                .holds
                .iter()
                .find(|h| h.test == test)
                .unwrap()
                .summary
                .clone()
        };
        assert_eq!(
            line(HoldTest::SideBridgeLeft),
            "not retested: 40 s carried forward (measured 2026-01-05)"
        );
        assert_eq!(
            line(HoldTest::Extensor),
            "+10 s, within measurement error (under 15 s)"
        );
    }
}
