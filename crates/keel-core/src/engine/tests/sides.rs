//! docs/method.md §5.8: per-side results, the side that fell short named,
//! and the sides progressing separately while an imbalance is flagged.

use super::*;
use crate::assessment::Side;

fn secs(n: u16) -> Amount {
    Amount::Seconds(Seconds::new(i64::from(n)).unwrap())
}

/// A per-side hold, with the extra set on `weak` when an imbalance is flagged.
fn per_side(sets: u8, seconds: u16, weak: Option<Side>) -> Prescription {
    Prescription::Hold {
        sets,
        seconds: Seconds::new(i64::from(seconds)).unwrap(),
        per_side: true,
        extra_sets_on: weak,
        load: Load::Bodyweight,
        pyramid: Vec::new(),
    }
}

/// Every set done on both sides, `left` and `right` held; the extra set on
/// the weaker side (when the prescription has one) held for `left`.
fn sided(mut e: Exposure, left: u16, right: u16) -> Exposure {
    for set in &mut e.sets {
        let sides = SideResults {
            left: Some(secs(left)),
            right: Some(secs(right)),
        };
        set.actual = sides.weaker().unwrap();
        set.sides = Some(sides);
    }
    if let Prescription::Hold {
        extra_sets_on: Some(side),
        ..
    } = e.prescription
    {
        let mut extra = e.sets[0].clone();
        let got = if side == Side::Left { left } else { right };
        extra.sides = Some(match side {
            Side::Left => SideResults {
                left: Some(secs(got)),
                right: None,
            },
            Side::Right => SideResults {
                left: None,
                right: Some(secs(got)),
            },
        });
        extra.actual = secs(got);
        e.sets.push(extra);
    }
    e
}

#[test]
fn a_side_that_fell_short_is_named_and_holds_the_slot_back() {
    let d = Case::new("side-bridge", per_side(3, 30, None))
        .then_with(|e| sided(e, 20, 30))
        .then_with(|e| sided(e, 20, 30))
        .decide();
    assert_eq!(d.action, Action::Repeat, "{:?}", d.reasons);
    assert!(
        d.reasons[0].contains("set 1: left held 20 s of 30 s"),
        "{:?}",
        d.reasons
    );
    assert!(
        !d.reasons[0].contains("right held"),
        "the right side met its target: {:?}",
        d.reasons
    );
}

#[test]
fn with_the_imbalance_flagged_the_stronger_side_progresses_and_the_weaker_keeps_its_extra_set() {
    let p = per_side(3, 30, Some(Side::Left));
    let d = Case::new("side-bridge", p.clone())
        .then_with(|e| sided(e, 20, 30))
        .then_with(|e| sided(e, 20, 30))
        .decide();
    assert_eq!(
        d.action,
        Action::Progress {
            change: Change::Seconds {
                from: Seconds::new(30).unwrap(),
                to: Seconds::new(35).unwrap()
            }
        },
        "{:?}",
        d.reasons
    );
    assert!(
        matches!(
            d.working,
            Prescription::Hold {
                extra_sets_on: Some(Side::Left),
                ..
            }
        ),
        "the weaker side keeps its extra set: {:?}",
        d.working
    );
    let weak = d
        .reasons
        .iter()
        .find(|r| r.starts_with("Left side fell short"))
        .unwrap_or_else(|| panic!("the weaker side is named: {:?}", d.reasons));
    assert!(weak.contains("set 1: left held 20 s of 30 s"), "{weak}");
    assert!(weak.contains("set 4: left held 20 s of 30 s"), "{weak}");
}

#[test]
fn with_the_imbalance_flagged_a_short_stronger_side_still_holds_back() {
    let p = per_side(3, 30, Some(Side::Left));
    let d = Case::new("side-bridge", p)
        .then_with(|e| sided(e, 30, 30))
        .then_with(|e| sided(e, 30, 25))
        .decide();
    assert_eq!(d.action, Action::Repeat, "{:?}", d.reasons);
    assert!(
        d.reasons[0].contains("set 1: right held 25 s of 30 s"),
        "{:?}",
        d.reasons
    );
}

#[test]
fn with_the_imbalance_flagged_a_fault_on_the_weaker_side_still_counts() {
    let p = per_side(3, 30, Some(Side::Left));
    let d = Case::new("side-bridge", p)
        .then_with(|e| sided(e, 20, 30))
        .then_with(|e| {
            let e = sided(e, 20, 30);
            let last = e.sets.len() - 1;
            with_fault(
                with_fault(e, last, FormFault::PelvisShift),
                0,
                FormFault::RibFlare,
            )
        })
        .decide();
    assert!(
        !matches!(d.action, Action::Progress { .. }),
        "{:?}",
        d.reasons
    );
    assert!(seconds(&d.working) <= 30, "{:?}", d.working);
}

#[test]
fn both_sides_at_target_progress_with_no_side_named() {
    let p = per_side(3, 30, Some(Side::Left));
    let d = Case::new("side-bridge", p)
        .then_with(|e| sided(e, 30, 30))
        .then_with(|e| sided(e, 30, 32))
        .decide();
    assert!(
        matches!(d.action, Action::Progress { .. }),
        "{:?}",
        d.reasons
    );
    assert!(
        !d.reasons.iter().any(|r| r.contains("fell short")),
        "{:?}",
        d.reasons
    );
}

#[test]
fn a_per_side_set_whose_actual_is_not_its_weaker_side_is_refused() {
    let e = sided(clean("side-bridge", &per_side(2, 30, None), day(0)), 20, 30);
    assert!(e.check().is_ok());
    let mut bad = e.clone();
    bad.sets[0].actual = secs(30);
    let err = bad.check().unwrap_err();
    assert_eq!(err.field, "set 1");
    assert!(err.message.contains("weaker side"), "{}", err.message);
    let mut mixed = e;
    mixed.sets[1].sides = Some(SideResults {
        left: Some(Amount::Reps(20)),
        right: Some(secs(30)),
    });
    assert_eq!(mixed.check().unwrap_err().field, "set 2");
}

#[test]
fn per_side_results_read_back_and_old_sets_still_read() {
    let e = sided(
        clean("side-bridge", &per_side(1, 30, Some(Side::Left)), day(0)),
        20,
        30,
    );
    let json = serde_json::to_string(&e).unwrap();
    let back: Exposure = serde_json::from_str(&json).unwrap();
    assert_eq!(back, e);
    assert_eq!(
        back.sets[1].sides,
        Some(SideResults {
            left: Some(secs(20)),
            right: None
        })
    );
    // A set stored before per-side results: no `sides` key at all.
    let old = clean("side-bridge", &per_side(1, 30, None), day(0));
    let json = serde_json::to_string(&old.sets[0]).unwrap();
    assert!(!json.contains("sides"), "{json}");
    let read: SetLog = serde_json::from_str(&json).unwrap();
    assert_eq!(read.sides, None);
}
