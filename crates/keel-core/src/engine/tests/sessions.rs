//! Readiness before a session, the next-morning response, settings, and
//! the stored form of a decision.

use super::*;
use crate::measure::Readiness;
use crate::settings::PlanSettings;

fn readiness(sleep: i64, fatigue: i64, stress: i64, soreness: i64) -> ReadinessCheck {
    ReadinessCheck {
        sleep: Readiness::new(sleep).unwrap(),
        fatigue: Readiness::new(fatigue).unwrap(),
        stress: Readiness::new(stress).unwrap(),
        soreness: Readiness::new(soreness).unwrap(),
    }
}

#[test]
fn readiness_is_hooper_style_where_higher_is_worse() {
    let s = EngineSettings::default();
    let good = readiness_adjustment(&readiness(1, 2, 2, 1), &s);
    assert_eq!(good.adjustment, SessionAdjustment::Proceed);
    assert!(!good.reasons.is_empty());

    let tired = readiness_adjustment(&readiness(5, 4, 4, 4), &s);
    assert_eq!(
        tired.adjustment,
        SessionAdjustment::CutVolume { percent: 30 }
    );

    let one_bad_item = readiness_adjustment(&readiness(6, 2, 2, 2), &s);
    assert_eq!(
        one_bad_item.adjustment,
        SessionAdjustment::CutVolume { percent: 30 }
    );
    assert!(
        one_bad_item.reasons[0].contains("poor sleep"),
        "{:?}",
        one_bad_item.reasons
    );

    let wrecked = readiness_adjustment(&readiness(6, 6, 5, 4), &s);
    assert_eq!(wrecked.adjustment, SessionAdjustment::LightSession);
    assert!(wrecked.reasons[0].contains("light activation session"));
}

#[test]
fn cut_volume_removes_sets_first_and_keeps_the_load() {
    let s = EngineSettings::default();
    let p = cut_volume(&reps(3, 8, 12, kg(16.0)), 30, &s);
    assert_eq!(p.sets(), 2);
    assert_eq!(p.load(), kg(16.0));
}

fn morning(n: i64, usual: bool, soreness: i64) -> MorningCheck {
    MorningCheck {
        date: day(n),
        pain_back_to_usual: usual,
        stiffness_back_to_usual: true,
        soreness: Pain::new(soreness).unwrap(),
    }
}

#[test]
fn a_morning_not_back_to_usual_reduces_the_next_session() {
    let s = EngineSettings::default();
    let r = morning_response(&[morning(1, false, 1)], Some(day(0)), &s);
    assert_eq!(r.adjustment, MorningAdjustment::Reduce { percent: 30 });
    assert!(r.reasons[0].contains("pain not back to usual"));
    // A check-in from before the session is not its response.
    let r = morning_response(&[morning(0, false, 1)], Some(day(0)), &s);
    assert_eq!(r.adjustment, MorningAdjustment::Proceed);

    let mut case = Case::new("side-bridge", hold(3, 30)).clean(2);
    case.morning = vec![morning(3, false, 1)];
    let d = case.decide();
    assert_eq!(d.action, Action::Repeat, "no progression");
    assert_eq!(d.working, hold(3, 30));
    assert_eq!(d.next_kind, ExposureKind::Reduced);
    assert_eq!(d.prescription.sets(), 2);
}

#[test]
fn soreness_beyond_72_hours_or_rising_week_to_week_deloads() {
    let s = EngineSettings::default();
    let lasting = [
        morning(1, true, 4),
        morning(2, true, 4),
        morning(3, true, 3),
    ];
    let r = morning_response(&lasting, None, &s);
    assert_eq!(r.adjustment, MorningAdjustment::Deload);
    assert!(r.reasons[0].contains("3 mornings in a row"));

    let two_days = [
        morning(1, true, 4),
        morning(2, true, 4),
        morning(3, true, 0),
    ];
    assert_eq!(
        morning_response(&two_days, None, &s).adjustment,
        MorningAdjustment::Proceed
    );

    let gap = [
        morning(1, true, 4),
        morning(3, true, 4),
        morning(4, true, 4),
    ];
    assert_eq!(
        morning_response(&gap, None, &s).adjustment,
        MorningAdjustment::Proceed
    );

    let rising = [
        morning(1, true, 2),
        morning(3, true, 2),
        morning(8, true, 4),
        morning(10, true, 3),
    ];
    let r = morning_response(&rising, None, &s);
    assert_eq!(r.adjustment, MorningAdjustment::Deload);
    assert!(
        r.reasons[0].contains("rising week to week"),
        "{:?}",
        r.reasons
    );

    let mut case = Case::new("kettlebell-deadlift", reps(3, 8, 12, kg(16.0))).clean(2);
    case.morning = lasting.to_vec();
    let d = case.decide();
    assert_eq!(
        d.action,
        Action::Deload {
            cause: DeloadCause::Soreness
        }
    );
    // A reactive deload keeps 55 % of the load too: 8.8 kg, the nearest kettlebell is 8 kg.
    assert_eq!(d.prescription.load(), kg(8.0));
    assert_eq!(d.working.load(), kg(16.0));
}

#[test]
fn settings_have_documented_defaults_and_checked_changes() {
    let mut s = EngineSettings::default();
    s.validate().unwrap();
    let listed = s.describe();
    assert!(
        listed
            .iter()
            .all(|i| i.value == i.default && i.min <= i.value && i.value <= i.max)
    );
    assert!(
        listed
            .iter()
            .any(|i| i.key == "weekly-hold-cap" && i.value == 10)
    );

    s.set("regress-percent", "20").unwrap();
    assert_eq!(s.regress_percent, 20);
    let err = s.set("regress-percent", "30").unwrap_err();
    assert_eq!(err.field, "regress-percent");
    let err = s
        .set("pain-green-max", "4")
        .and_then(|_| s.set("pain-amber-max", "3"))
        .unwrap_err();
    assert_eq!(err.field, "pain-green-max");
    assert_eq!(
        s.pain_amber_max, 5,
        "a rejected change leaves the settings as they were"
    );
    assert!(s.set("nope", "1").is_err());

    let plan = PlanSettings {
        hold_ceiling_seconds: 90,
        min_hold_seconds: 15,
        ..PlanSettings::default()
    };
    let from_plan = EngineSettings::from_plan(&plan);
    assert_eq!(
        (from_plan.hold_ceiling_seconds, from_plan.min_hold_seconds),
        (90, 15)
    );
}

#[test]
fn decisions_and_logs_round_trip_through_json() {
    let case = Case::new("side-bridge", hold(3, 30)).clean(2);
    let d = case.decide();
    let json = serde_json::to_string(&d).unwrap();
    let back: Decision = serde_json::from_str(&json).unwrap();
    assert_eq!(back, d);
    let json = serde_json::to_string(&case.history).unwrap();
    let back: Vec<Exposure> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, case.history);
    let s: EngineSettings = serde_json::from_str("{}").unwrap();
    assert_eq!(s, EngineSettings::default());
    assert!(serde_json::from_str::<EngineSettings>("{\"hold_step\": 5}").is_err());
}
