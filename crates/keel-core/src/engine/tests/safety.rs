//! docs/method.md §6: form faults, the pain traffic light, sharp pain,
//! regression down to the easier variant, red flags, bad input.

use super::*;
use crate::redflag::RedFlag;

#[test]
fn one_faulted_set_repeats_and_shows_the_cues() {
    let d = Case::new("side-bridge", hold(3, 30))
        .clean(1)
        .then_with(|e| with_fault(e, 2, FormFault::RibFlare))
        .decide();
    assert_eq!(d.action, Action::Repeat);
    assert_eq!(d.working, hold(3, 30));
    assert!(
        d.reasons[0].contains("One faulted set (set 3: rib flare)"),
        "{:?}",
        d.reasons
    );
    assert_eq!(
        d.cues,
        vec!["hips level".to_string(), "ribcage down".to_string()]
    );
}

#[test]
fn faults_on_two_sets_regress_the_hold() {
    let d = Case::new("side-bridge", hold(3, 30))
        .then_with(|e| {
            with_fault(
                with_fault(e, 1, FormFault::RibFlare),
                2,
                FormFault::PelvisShift,
            )
        })
        .decide();
    assert_eq!(
        d.action,
        Action::Regress {
            change: Change::Seconds {
                from: Seconds::new(30).unwrap(),
                to: Seconds::new(26).unwrap()
            }
        }
    );
    assert_eq!(seconds(&d.working), 26);
    assert!(
        d.reasons[0].starts_with("Faults on 2 sets"),
        "{:?}",
        d.reasons
    );
    assert!(
        d.reasons[1].contains("Hold 30 s -> 26 s"),
        "{:?}",
        d.reasons
    );
    assert!(!d.cues.is_empty());
}

#[test]
fn faults_on_two_exposures_in_a_row_regress() {
    let fault = |e| with_fault(e, 2, FormFault::BreathingCompromised);
    let d = Case::new("side-bridge", hold(3, 30))
        .then_with(fault)
        .then_with(fault)
        .decide();
    assert!(matches!(d.action, Action::Regress { .. }), "{d:?}");
    assert!(d.reasons[0].contains("two exposures in a row"));
}

#[test]
fn a_loaded_exercise_regresses_its_load_first() {
    let d = Case::new("kettlebell-deadlift", reps(3, 8, 12, kg(16.0)))
        .then_with(|e| {
            with_fault(
                with_fault(e, 1, FormFault::LumbarRounding),
                2,
                FormFault::LumbarRounding,
            )
        })
        .decide();
    assert_eq!(
        d.action,
        Action::Regress {
            change: Change::Load {
                from: kg(16.0),
                to: kg(14.0)
            }
        }
    );
    assert_eq!(d.working, reps(3, 8, 12, kg(14.0)));
}

/// Decisions from what was done (docs/method.md §5.6): 30, 28, 25, 20 s
/// held against 47 s regress from the 26 s held, not to 40 s.
#[test]
fn a_hold_regresses_from_the_seconds_held() {
    let held = [30, 28, 25, 20];
    let d = Case::new("side-bridge", hold(4, 47))
        .then_with(|mut e| {
            for (i, s) in held.iter().enumerate() {
                e = with_actual(e, i, Amount::Seconds(Seconds::new(*s).unwrap()));
                e = with_fault(e, i, FormFault::EarlyTermination);
            }
            e
        })
        .decide();
    assert_eq!(
        d.action,
        Action::Regress {
            change: Change::Seconds {
                from: Seconds::new(47).unwrap(),
                to: Seconds::new(22).unwrap()
            }
        },
        "{:?}",
        d.reasons
    );
    assert!(
        d.reasons
            .iter()
            .any(|r| r.contains("what you held (about 26 s")),
        "{:?}",
        d.reasons
    );
}

/// Sharp pain at a self-chosen 20 kg regresses from 20 kg, not from the
/// 18 kg prescribed, and never above the prescription.
#[test]
fn a_load_regresses_from_the_load_lifted() {
    // With dumbbells in 1 kg steps, 15 % off 20 kg is 17 kg; off 18 kg it would be 15 kg.
    let mut case = Case::new("romanian-deadlift", reps(3, 8, 12, kg(18.0))).then_with(|mut e| {
        for set in &mut e.sets {
            set.load = kg(20.0);
        }
        e.sets[1].sharp_pain = true;
        e.sets[1].pain = Pain::new(4).unwrap();
        e
    });
    case.inventory.dumbbells = Some(crate::catalog::Dumbbells {
        lightest: 1.0,
        heaviest: 40.0,
        step: 1.0,
    });
    let d = case.decide();
    assert_eq!(
        d.action,
        Action::Stop {
            cause: StopCause::SharpPain
        }
    );
    assert_eq!(d.working, reps(3, 8, 12, kg(17.0)), "{:?}", d.reasons);
    assert!(
        d.reasons.iter().any(|r| r.contains("20 kg -> 17 kg")),
        "{:?}",
        d.reasons
    );
}

#[test]
fn regression_at_the_floor_swaps_to_the_easier_variant() {
    let d = Case::new("side-bridge", hold(3, 10))
        .then_with(|e| {
            with_fault(
                with_fault(e, 0, FormFault::PelvisShift),
                1,
                FormFault::PelvisShift,
            )
        })
        .decide();
    assert_eq!(
        d.action,
        Action::SwapEasier {
            from: ExerciseId::new("side-bridge"),
            to: ExerciseId::new("side-bridge-knees")
        }
    );
    assert_eq!(d.exercise.as_str(), "side-bridge-knees");
    assert_eq!(seconds(&d.working), 10);
    // Cues of the exercise being swapped to.
    assert_eq!(
        d.cues,
        vec!["hips level".to_string(), "stay tall".to_string()]
    );

    // A light load below the smallest step: the easier variant.
    let d = Case::new("kettlebell-deadlift", reps(3, 8, 12, kg(2.5)))
        .then_with(|e| {
            with_fault(
                with_fault(e, 0, FormFault::LumbarRounding),
                1,
                FormFault::LumbarRounding,
            )
        })
        .decide();
    assert_eq!(d.exercise.as_str(), "hip-hinge-dowel");
    assert_eq!(d.working.load(), Load::Bodyweight);
}

#[test]
fn regression_with_no_easier_variant_drops_a_set() {
    let d = Case::new("side-bridge-knees", hold(3, 10))
        .then_with(|e| {
            with_fault(
                with_fault(e, 0, FormFault::PelvisShift),
                1,
                FormFault::PelvisShift,
            )
        })
        .decide();
    assert_eq!(
        d.action,
        Action::Regress {
            change: Change::Sets { from: 3, to: 2 }
        }
    );
    assert_eq!(d.working.sets(), 2);
}

#[test]
fn amber_pain_blocks_progression() {
    let d = Case::new("side-bridge", hold(3, 30))
        .clean(1)
        .then_with(|e| with_pain(e, 1, 4))
        .decide();
    assert_eq!(d.action, Action::Repeat);
    assert_eq!(d.working, hold(3, 30));
    assert!(d.reasons[0].contains("amber"), "{:?}", d.reasons);
}

#[test]
fn red_pain_stops_the_exercise_and_regresses_it() {
    let d = Case::new("side-bridge", hold(3, 30))
        .clean(1)
        .then_with(|e| with_pain(e, 1, 6))
        .decide();
    assert_eq!(
        d.action,
        Action::Stop {
            cause: StopCause::RedPain {
                pain: Pain::new(6).unwrap()
            }
        }
    );
    assert_eq!(seconds(&d.working), 26);
    assert!(
        d.reasons[0].contains("Pain 6/10 on set 2 is in the red"),
        "{:?}",
        d.reasons
    );
}

#[test]
fn sharp_pain_stops_the_exercise_now_regresses_and_revisits_technique() {
    let mut e = clean("side-bridge", &hold(3, 30), day(0));
    e.sets.truncate(2);
    e.sets[1].sharp_pain = true;
    e.sets[1].pain = Pain::new(2).unwrap();
    let s = EngineSettings::default();
    assert!(stop_exercise_now(&e.sets[1], &s));
    assert!(!stop_exercise_now(&e.sets[0], &s));
    let d = Case::new("side-bridge", hold(3, 30)).then(e).decide();
    assert_eq!(
        d.action,
        Action::Stop {
            cause: StopCause::SharpPain
        }
    );
    assert_eq!(seconds(&d.working), 26);
    assert!(
        d.reasons[0].starts_with("Sharp pain on set 2"),
        "{:?}",
        d.reasons
    );
    assert!(d.reasons.iter().any(|r| r.contains("technique")));
    assert!(!d.cues.is_empty());
}

#[test]
fn the_traffic_light_follows_the_settings() {
    let s = EngineSettings::default();
    let light = |p| PainLight::of(Pain::new(p).unwrap(), &s);
    assert_eq!(light(0), PainLight::Green);
    assert_eq!(light(2), PainLight::Green);
    assert_eq!(light(3), PainLight::Amber);
    assert_eq!(light(5), PainLight::Amber);
    assert_eq!(light(6), PainLight::Red);
    let mut set = clean("side-bridge", &hold(1, 30), day(0)).sets.remove(0);
    set.pain = Pain::new(5).unwrap();
    assert!(!stop_exercise_now(&set, &s));
    set.pain = Pain::new(6).unwrap();
    assert!(stop_exercise_now(&set, &s));
}

#[test]
fn a_red_flag_with_pain_halts_the_program() {
    let mut case = Case::new("side-bridge", hold(3, 30))
        .clean(1)
        .then_with(|e| with_pain(e, 0, 3));
    case.screen = Screen {
        flags: vec![RedFlag::NumbnessOrTingling],
    };
    assert!(case.history.last().unwrap().needs_red_flag_screen());
    let d = case.decide();
    assert_eq!(
        d.action,
        Action::Halt {
            flags: vec![RedFlag::NumbnessOrTingling]
        }
    );
    assert_eq!(d.working, hold(3, 30));
    assert!(d.reasons[0].contains("halted"));
    assert!(d.reasons[0].contains(RedFlag::NumbnessOrTingling.question()));
}

#[test]
fn input_the_engine_cannot_read_is_rejected_with_the_field_named() {
    let err = Case::new("side-bridge", hold(3, 30))
        .try_decide()
        .unwrap_err();
    assert_eq!(err.field, "history");

    let err = Case::new("side-bridge", hold(3, 30))
        .then(clean("bird-dog", &hold(3, 30), day(0)))
        .try_decide()
        .unwrap_err();
    assert_eq!(err.field, "exercise");

    let err = Case::new("side-bridge", hold(3, 30))
        .then_with(|e| with_actual(e, 1, Amount::Reps(3)))
        .try_decide()
        .unwrap_err();
    assert_eq!(err.field, "set 2");

    let mut case = Case::new("side-bridge", hold(3, 30)).clean(1);
    case.settings.pain_green_max = 9;
    assert!(case.try_decide().is_err());
}

/// The known defect: "about 15 %" rounded to 2.5 kg steps gave -25 %. On
/// kettlebells, 16 kg regresses to 14 kg (12.5 %), inside the 10-20 % band.
#[test]
fn a_load_regression_lands_in_the_ten_to_twenty_percent_band() {
    let faulted = |e| {
        with_fault(
            with_fault(e, 1, FormFault::LumbarRounding),
            2,
            FormFault::LumbarRounding,
        )
    };
    for (from, to) in [(16.0, 14.0), (24.0, 20.0), (12.0, 10.0), (20.0, 16.0)] {
        let d = Case::new("kettlebell-deadlift", reps(3, 8, 12, kg(from)))
            .then_with(faulted)
            .decide();
        assert_eq!(d.working.load(), kg(to), "{from} kg: {:?}", d.reasons);
        let drop = (from - to) / from * 100.0;
        assert!((10.0..=20.0).contains(&drop), "{from} -> {to}");
    }
}

/// 8 kg to the next kettlebell, 6 kg, is 25 %: outside the band, so the load
/// stays and the variant changes instead, and the reasons say why.
#[test]
fn with_no_load_in_the_band_the_regression_changes_the_variant() {
    let d = Case::new("kettlebell-deadlift", reps(3, 8, 12, kg(8.0)))
        .then_with(|e| {
            with_fault(
                with_fault(e, 1, FormFault::LumbarRounding),
                2,
                FormFault::LumbarRounding,
            )
        })
        .decide();
    assert!(
        matches!(d.action, Action::SwapEasier { .. } | Action::Regress { .. }),
        "{:?}",
        d.action
    );
    assert_ne!(d.working.load(), kg(6.0), "{:?}", d.reasons);
    assert!(
        d.reasons
            .iter()
            .any(|r| r.contains("No load you own is 10-20 % under 8 kg") && r.contains("25 % less")),
        "{:?}",
        d.reasons
    );
}

/// Pounds: a 35 lb kettlebell regresses to 30 lb (14 %), a load that exists.
#[test]
fn a_pound_kettlebell_regresses_to_a_pound_size() {
    let lb = |v: f64| kg(crate::units::Units::Lb.to_kg(v) as f32);
    let mut case = Case::new("kettlebell-deadlift", reps(3, 8, 12, lb(35.0))).then_with(|e| {
        with_fault(
            with_fault(e, 1, FormFault::LumbarRounding),
            2,
            FormFault::LumbarRounding,
        )
    });
    case.units = crate::units::Units::Lb;
    let d = case.decide();
    assert_eq!(d.working.load(), lb(30.0), "{:?}", d.reasons);
}
