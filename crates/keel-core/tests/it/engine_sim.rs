//! Simulated athletes driving the real engine day by day for 16 weeks (see
//! `sim/`), with assertions on the engine's decisions per scenario.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::sim;

use keel_core::engine::{
    Action, Change, DeloadCause, ExposureKind, FormFault, SessionAdjustment, StopCause,
};
use keel_core::program::Load;
use keel_core::redflag::RedFlag;
use sim::*;

const SEEDS: [u64; 3] = [7, 11, 2026];

/// Rules every run keeps, whatever the athlete.
fn check_invariants(run: &Run) {
    for r in &run.records {
        let d = &r.decision;
        assert!(!d.reasons.is_empty(), "a decision without reasons: {r:?}");
        if r.next_week_deload {
            assert!(
                !matches!(d.action, Action::Progress { .. }),
                "progress into a deload week: {r:?}"
            );
        }
        let faulted = r.exposure.faulted_sets() > 0;
        let red = r.exposure.max_pain().get() > 5 || r.exposure.sharp_pain();
        if faulted || red {
            assert!(
                !matches!(d.action, Action::Progress { .. }),
                "progress after a fault or red light: {r:?}"
            );
        }
        if let Action::Progress {
            change: Change::Seconds { from, to },
        } = &d.action
        {
            let step = (from.get() as f32 * 0.1).round().max(5.0) as u16;
            assert!(
                to.get() - from.get() <= step.min(10),
                "hold step too large: {r:?}"
            );
        }
        if let Action::Progress {
            change: Change::Load { from, to },
        } = &d.action
        {
            let kg = |l: &Load| match l {
                Load::Kg { kg } => *kg,
                _ => 0.0,
            };
            // The next kettlebell owned, never one that does not exist
            // (docs/method.md §5.9).
            let kit = sim::kit();
            let bells = [keel_core::catalog::Equipment::Kettlebell];
            assert!(kit.can_make(&bells, kg(to)), "no such kettlebell: {r:?}");
            assert_eq!(
                kit.next_up(&bells, kg(from), 0.0),
                Some(kg(to)),
                "load step is not to the next kettlebell: {r:?}"
            );
        }
    }
    // No load ever rises on a deload week: every exposure there is the deload
    // version, with at most the working load.
    for r in run.records.iter().filter(|r| is_deload_week(r.week)) {
        assert_eq!(r.exposure.kind, ExposureKind::Deload, "{r:?}");
        assert!(
            load_kg(&r.exposure.prescription) <= load_kg(&r.before.1),
            "{r:?}"
        );
        assert!(
            load_kg(&r.decision.working) <= load_kg(&r.before.1),
            "{r:?}"
        );
    }
    // No hold rises more than 10 s within any 7 days.
    for slot in [SIDE_BRIDGE, BIRD_DOG] {
        let normal: Vec<&Record> = run
            .slot(slot)
            .filter(|r| r.exposure.kind == ExposureKind::Normal)
            .collect();
        for (i, a) in normal.iter().enumerate() {
            for b in &normal[i + 1..] {
                let days = b.date.duration_since(a.date).as_secs() / 86_400;
                if days < 7 && a.exposure.exercise == b.exposure.exercise {
                    let rise = hold_seconds(&b.exposure.prescription).unwrap() as i32
                        - hold_seconds(&a.exposure.prescription).unwrap() as i32;
                    assert!(
                        rise <= 10,
                        "hold rose {rise} s within {days} days: {a:?} -> {b:?}"
                    );
                }
            }
        }
    }
}

fn progress_count(run: &Run, slot: usize) -> usize {
    run.slot(slot)
        .filter(|r| matches!(r.decision.action, Action::Progress { .. }))
        .count()
}

#[test]
fn a_healthy_responder_reaches_longer_holds_steadily_within_the_step_caps() {
    for seed in SEEDS {
        let run = simulate(seed, Traits::default());
        check_invariants(&run);
        assert_eq!(run.halted_on, None);
        assert!(run.stopped_now.is_empty());
        assert!(
            !run.records
                .iter()
                .any(|r| matches!(r.decision.action, Action::Stop { .. } | Action::Halt { .. }))
        );
        for slot in [SIDE_BRIDGE, BIRD_DOG] {
            // Steady: the hold progresses in each of the first two blocks.
            for block in 0..2u16 {
                let progressed = run
                    .slot(slot)
                    .filter(|r| (r.week - 1) / 4 == block)
                    .any(|r| matches!(r.decision.action, Action::Progress { .. }));
                assert!(
                    progressed,
                    "seed {seed}, slot {slot}: no progress in block {}",
                    block + 1
                );
            }
            assert!(progress_count(&run, slot) >= 6, "seed {seed}, slot {slot}");
            let first =
                hold_seconds(&run.slot(slot).next().unwrap().exposure.prescription).unwrap();
            let longest = run
                .slot(slot)
                .filter_map(|r| hold_seconds(&r.exposure.prescription))
                .max()
                .unwrap();
            assert!(
                longest >= first + 30,
                "seed {seed}, slot {slot}: {first} s -> {longest} s"
            );
        }
        let loads: Vec<f32> = run
            .slot(DEADLIFT)
            .map(|r| load_kg(&r.decision.working))
            .collect();
        assert!(
            loads.last().unwrap() - loads[0] >= 5.0,
            "seed {seed}: deadlift loads {loads:?}"
        );
    }
}

#[test]
fn a_plateauing_athlete_gets_a_variant_change_or_a_deload() {
    for seed in SEEDS {
        let traits = Traits {
            plateau_after_week: Some(3),
            ..Traits::default()
        };
        let run = simulate(seed, traits);
        check_invariants(&run);
        let responses: Vec<&Record> = run
            .records
            .iter()
            .filter(|r| {
                matches!(
                    r.decision.action,
                    Action::RotateVariant { .. }
                        | Action::Deload {
                            cause: DeloadCause::Stagnation
                        }
                )
            })
            .collect();
        assert!(!responses.is_empty(), "seed {seed}: no stagnation response");
        for r in &responses {
            assert!(
                r.decision.reasons[0].contains("No progress over 3 exposures"),
                "{r:?}"
            );
            assert!(r.week > 3, "stagnation before the plateau: {r:?}");
        }
        // A hold slot that plateaued is rotated to another variant.
        assert!(run.records.iter().any(|r| r.slot != DEADLIFT
            && matches!(&r.decision.action, Action::RotateVariant { from, to } if from != to)));
    }
}

#[test]
fn an_athlete_whose_ribs_flare_on_late_sets_is_regressed_then_progresses_again() {
    for seed in SEEDS {
        let traits = Traits {
            rib_flare_above: Some(0.5),
            ..Traits::default()
        };
        let run = simulate(seed, traits);
        check_invariants(&run);
        let regressed = run
            .records
            .iter()
            .position(|r| {
                matches!(
                    r.decision.action,
                    Action::Regress { .. } | Action::SwapEasier { .. }
                ) && r
                    .exposure
                    .sets
                    .iter()
                    .any(|s| s.faults.contains(&FormFault::RibFlare))
            })
            .unwrap_or_else(|| panic!("seed {seed}: never regressed"));
        let r = &run.records[regressed];
        assert!(r.decision.reasons[0].contains("rib flare"), "{r:?}");
        assert!(
            !r.decision.cues.is_empty(),
            "a regression shows the technique cues"
        );
        let before = hold_seconds(&r.before.1).unwrap();
        let after = hold_seconds(&r.decision.working).unwrap();
        assert!(after < before, "{before} s -> {after} s");
        assert!(
            run.records[regressed + 1..]
                .iter()
                .any(|later| later.slot == r.slot
                    && matches!(later.decision.action, Action::Progress { .. })),
            "seed {seed}: never progressed again after the regression"
        );
    }
}

#[test]
fn sharp_pain_stops_the_exercise_that_day() {
    let when = (5, 1);
    let traits = Traits {
        sharp_pain: Some((when, SIDE_BRIDGE, 1)),
        ..Traits::default()
    };
    let run = simulate(7, traits);
    check_invariants(&run);
    let date = session_date(when.0, when.1);
    assert_eq!(run.stopped_now, vec![(date, SIDE_BRIDGE, 1)]);
    let r = run.slot(SIDE_BRIDGE).find(|r| r.date == date).unwrap();
    assert_eq!(r.exposure.sets.len(), 2, "no set after the sharp pain");
    assert_eq!(
        r.decision.action,
        Action::Stop {
            cause: StopCause::SharpPain
        }
    );
    assert!(r.decision.reasons.iter().any(|t| t.contains("technique")));
    assert!(!r.decision.cues.is_empty());
    let before = hold_seconds(&r.before.1).unwrap();
    let after = hold_seconds(&r.decision.working).unwrap();
    assert!(
        after < before || r.decision.exercise != r.before.0,
        "regressed next time"
    );
    // The rest of the session went on.
    assert!(
        run.records
            .iter()
            .any(|o| o.date == date && o.slot == DEADLIFT)
    );
    assert_eq!(run.halted_on, None);
}

#[test]
fn a_red_flag_halts_the_program() {
    let when = (6, 1);
    let traits = Traits {
        red_flag: Some((when, BIRD_DOG, RedFlag::PainBelowKnee)),
        ..Traits::default()
    };
    let run = simulate(7, traits);
    let date = session_date(when.0, when.1);
    assert_eq!(run.halted_on, Some(date));
    let last = run.records.last().unwrap();
    assert_eq!(last.date, date);
    assert_eq!(
        last.decision.action,
        Action::Halt {
            flags: vec![RedFlag::PainBelowKnee]
        }
    );
    assert!(last.decision.reasons[0].contains("clinician"));
    assert!(
        run.records.iter().all(|r| r.date <= date),
        "nothing after the halt"
    );
}

#[test]
fn poor_readiness_yields_the_light_session_or_less_volume() {
    let light = (3, 1);
    let cut = (6, 2);
    let traits = Traits {
        readiness: vec![(light, [6, 6, 5, 5]), (cut, [5, 4, 4, 4])],
        ..Traits::default()
    };
    let run = simulate(7, traits);
    check_invariants(&run);
    let light_date = session_date(light.0, light.1);
    assert_eq!(run.light_days, vec![light_date]);
    assert!(
        run.records.iter().all(|r| r.date != light_date),
        "no main block on a light day"
    );
    let adjustment = |date| {
        run.readiness
            .iter()
            .find(|(d, _)| *d == date)
            .unwrap()
            .1
            .adjustment
    };
    assert_eq!(adjustment(light_date), SessionAdjustment::LightSession);

    let cut_date = session_date(cut.0, cut.1);
    assert_eq!(
        adjustment(cut_date),
        SessionAdjustment::CutVolume { percent: 30 }
    );
    for r in run.records.iter().filter(|r| r.date == cut_date) {
        assert_eq!(r.exposure.kind, ExposureKind::Reduced);
        assert!(r.exposure.prescription.sets() < r.before.1.sets(), "{r:?}");
        assert!(
            !matches!(r.decision.action, Action::Progress { .. }),
            "a reduced session earns no progress"
        );
    }
}

#[test]
fn no_load_rises_on_a_deload_week() {
    // Checked for every scenario by `check_invariants`; here explicitly for the
    // deadlift, whose load rises in the training weeks.
    let run = simulate(11, Traits::default());
    check_invariants(&run);
    let deload_weeks: Vec<&Record> = run
        .slot(DEADLIFT)
        .filter(|r| is_deload_week(r.week))
        .collect();
    assert_eq!(deload_weeks.len(), 12);
    for r in deload_weeks {
        // The deadlift keeps about 55 % of its working load (nearest 2.5 kg step).
        let (deload, working) = (load_kg(&r.exposure.prescription), load_kg(&r.before.1));
        if working > 0.0 {
            assert!(deload > 0.0, "{r:?}");
            assert!(
                (deload - working * 0.55).abs() <= 1.25 + 1e-3 || deload == 2.5,
                "{r:?}"
            );
        }
        assert!(!matches!(r.decision.action, Action::Progress { .. }));
    }
    assert!(progress_count(&run, DEADLIFT) >= 2);
}

/// Every load the engine prescribes over 16 weeks is one the athlete can
/// make: with the common kg kettlebells, with only two kettlebells, and
/// with the common pound sizes (docs/method.md §5.9).
#[test]
fn every_load_prescribed_is_one_the_athlete_owns() {
    use keel_core::catalog::{Equipment, Inventory, Kit};
    use keel_core::units::Units;
    let owned = [Equipment::Kettlebell, Equipment::Bench, Equipment::Dowel];
    let minimal = Inventory {
        kettlebells: Some(vec![8.0, 16.0]),
        ..Inventory::default()
    };
    let kits = [
        ("kg", Kit::new(&owned, &Inventory::default(), Units::Kg)),
        ("two kettlebells", Kit::new(&owned, &minimal, Units::Kg)),
        ("pounds", Kit::new(&owned, &Inventory::default(), Units::Lb)),
    ];
    let bells = [Equipment::Kettlebell];
    for (name, kit) in &kits {
        let mut loads_seen = 0;
        for seed in SEEDS {
            let run = simulate_with(seed, Traits::default(), kit);
            for r in &run.records {
                for p in [
                    &r.exposure.prescription,
                    &r.decision.prescription,
                    &r.decision.working,
                ] {
                    if let Load::Kg { kg } = p.load() {
                        loads_seen += 1;
                        assert!(
                            kit.can_make(&bells, kg),
                            "{name}: {kg} kg is not a kettlebell owned: {r:?}"
                        );
                    }
                }
            }
        }
        assert!(loads_seen > 0, "{name}: no load was prescribed");
    }
    // The pound athlete's loads read as pound sizes.
    let run = simulate_with(7, Traits::default(), &kits[2].1);
    let shown: Vec<String> = run
        .records
        .iter()
        .filter_map(|r| match r.decision.working.load() {
            Load::Kg { kg } => Some(Units::Lb.show(kg)),
            _ => None,
        })
        .collect();
    assert!(shown.iter().all(|s| !s.contains('.')), "{shown:?}");
}
