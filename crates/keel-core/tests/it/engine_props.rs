//! Engine invariants over random exposure logs (proptest): never two
//! variables raised at once, never an increase after a faulted, amber or
//! red-light exposure or into a deload week, every decision has a reason,
//! and prescriptions stay in valid ranges.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::sim;

use jiff::civil::Date;
use keel_core::catalog::{ExerciseId, Kit};
use keel_core::engine::{
    Action, Amount, EngineSettings, Exposure, ExposureKind, FormFault, MorningCheck, SetLog,
    SlotInput, decide, target_of,
};
use keel_core::measure::{Pain, Rpe, Seconds};
use keel_core::program::{Load, Prescription};
use keel_core::redflag::Screen;
use proptest::prelude::*;

fn load() -> impl Strategy<Value = Load> {
    prop_oneof![
        Just(Load::Bodyweight),
        Just(Load::ChooseForRpe),
        (1u16..=160).prop_map(|half_kg| Load::Kg {
            kg: f32::from(half_kg) / 2.0
        }),
    ]
}

/// An exercise from the fixture catalog with a prescription of its kind.
fn slot() -> impl Strategy<Value = (&'static str, Prescription)> {
    let hold = |id: &'static str| {
        (1u8..=4, 5u16..=120, load()).prop_map(move |(sets, s, load)| {
            let prescription = Prescription::Hold {
                sets,
                seconds: Seconds::new(i64::from(s)).unwrap(),
                per_side: true,
                extra_sets_on: None,
                load,
                // Added by the program helper (issue 16, pyramids): a plain hold.
                pyramid: Vec::new(),
            };
            (id, prescription)
        })
    };
    let reps = |id: &'static str| {
        (1u8..=4, 1u8..=10, 0u8..=6, load(), 5i64..=9).prop_map(
            move |(sets, lo, span, load, rpe)| {
                let prescription = Prescription::Reps {
                    sets,
                    reps_min: lo,
                    reps_max: lo + span,
                    per_side: false,
                    tempo: None,
                    load,
                    target_rpe: Rpe::new(rpe).unwrap(),
                };
                (id, prescription)
            },
        )
    };
    let carry =
        (1u8..=4, 5u16..=80, prop::bool::ANY, load()).prop_map(|(sets, m, by_time, load)| {
            let prescription = Prescription::Carry {
                sets,
                metres: (!by_time).then_some(m),
                seconds: by_time.then(|| Seconds::new(i64::from(m)).unwrap()),
                load,
                target_rpe: Rpe::new(7).unwrap(),
            };
            ("farmer-carry", prescription)
        });
    prop_oneof![
        hold("side-bridge"),
        hold("side-bridge-knees"),
        hold("bird-dog"),
        hold("suitcase-hold"),
        reps("kettlebell-deadlift"),
        reps("glute-bridge"),
        carry,
    ]
}

fn fault() -> impl Strategy<Value = Vec<FormFault>> {
    prop_oneof![
        6 => Just(Vec::new()),
        1 => prop::sample::subsequence(FormFault::ALL.to_vec(), 1..=2),
    ]
}

/// A logged set against `target`. Clean sets meet it at a moderate RPE with
/// no fault and green pain, so that 2-for-2 streaks occur; the others are
/// anything: short or long, any RPE, faults, pain, sharp pain.
fn set(target: Amount, clean: bool) -> impl Strategy<Value = SetLog> {
    let (delta, rpe, pain) = if clean {
        (0i64..=5, 3i64..=7, 0i64..=2)
    } else {
        (-20i64..=10, 0i64..=10, 0i64..=10)
    };
    (
        delta,
        prop::option::weighted(if clean { 0.999 } else { 0.9 }, rpe),
        if clean {
            Just(Vec::new()).boxed()
        } else {
            fault().boxed()
        },
        prop_oneof![8 => Just(0i64), 2 => pain],
        prop::bool::weighted(if clean { 0.001 } else { 0.05 }),
        load(),
    )
        .prop_map(move |(delta, rpe, faults, pain, sharp, load)| {
            let actual = (i64::from(target.value()) + delta).max(0);
            let actual = match target {
                Amount::Seconds(_) => Amount::Seconds(Seconds::saturating(actual)),
                Amount::Reps(_) => Amount::Reps(actual.min(255) as u8),
                Amount::Metres(_) => Amount::Metres(actual.min(65_535) as u16),
            };
            SetLog {
                target,
                actual,
                sides: None,
                load,
                rpe: rpe.map(|r| Rpe::new(r).unwrap()),
                quality_reps: None,
                faults,
                pain: Pain::new(pain).unwrap(),
                sharp_pain: sharp,
                note: None,
            }
        })
}

fn exposure(id: &'static str, p: Prescription) -> impl Strategy<Value = Exposure> {
    let target = target_of(&p);
    let n = usize::from(p.sets());
    prop::bool::weighted(0.6)
        .prop_flat_map(move |clean| {
            let sets = if clean { n..=n } else { 0..=n + 1 };
            (
                prop::collection::vec(set(target, clean), sets),
                prop_oneof![8 => Just(ExposureKind::Normal), 1 => Just(ExposureKind::Deload), 1 => Just(ExposureKind::Reduced)],
                prop::option::of(if clean { 0i64..=7 } else { 0i64..=10 }),
            )
        })
        .prop_map(move |(sets, kind, session_rpe)| Exposure {
            date: jiff::civil::date(2026, 3, 2),
            exercise: ExerciseId::new(id),
            prescription: p.clone(),
            kind,
            sets,
            session_rpe: session_rpe.map(|r| Rpe::new(r).unwrap()),
        })
}

/// A slot, its history (mostly at the current prescription, newest last, 1-4 days apart).
fn case() -> impl Strategy<
    Value = (
        &'static str,
        Prescription,
        Vec<Exposure>,
        bool,
        Vec<MorningCheck>,
    ),
> {
    slot()
        .prop_flat_map(|(id, p)| {
            let history = prop::collection::vec(exposure(id, p.clone()), 1..=5);
            let gaps = prop::collection::vec(1i64..=4, 5);
            let mornings = prop::collection::vec((0i64..=10, prop::bool::weighted(0.8)), 0..=6);
            (Just(id), Just(p), history, gaps, prop::bool::ANY, mornings)
        })
        .prop_map(|(id, p, mut history, gaps, deload, mornings)| {
            let mut date: Date = jiff::civil::date(2026, 3, 2);
            for (e, gap) in history.iter_mut().zip(gaps) {
                e.date = date;
                date = date.checked_add(jiff::Span::new().days(gap)).unwrap();
            }
            let last = history.last().map(|e| e.date).unwrap();
            let mornings = mornings
                .into_iter()
                .enumerate()
                .map(|(i, (soreness, usual))| MorningCheck {
                    date: last
                        .checked_sub(jiff::Span::new().days(i as i64 - 1))
                        .unwrap(),
                    pain_back_to_usual: usual,
                    stiffness_back_to_usual: true,
                    soreness: Pain::new(soreness).unwrap(),
                })
                .rev()
                .collect();
            (id, p, history, deload, mornings)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn engine_invariants_hold_over_random_logs((id, p, history, next_week_deload, mornings) in case()) {
        let catalog = sim::catalog();
        let settings = EngineSettings::default();
        let exercise = catalog.get(&ExerciseId::new(id)).unwrap();
        let decision = decide(&SlotInput {
            exercise,
            prescription: &p,
            history: &history,
            next_week_deload,
            reactive_deload_until: None,
            morning: &mornings,
            screen: &Screen::clear(),
            catalog: &catalog,
            equipment: &Kit::everything(keel_core::units::Units::Kg),
            settings: &settings,
        })
        .expect("valid logs are accepted");

        prop_assert!(!decision.reasons.is_empty(), "no reason: {:?}", decision);
        prop_assert!(decision.reasons.iter().all(|r| !r.trim().is_empty()));

        let current = (&exercise.id, &p);
        for next in [&decision.working, &decision.prescription] {
            let raised = sim::raised::raised(&catalog, current, (&decision.exercise, next));
            prop_assert!(raised.len() <= 1, "raised {:?}: {:?}", raised, decision);

            let newest = history.last().unwrap();
            let not_green = newest.faulted_sets() > 0
                || newest.sharp_pain()
                || newest.max_pain().get() > settings.pain_green_max;
            if not_green || next_week_deload {
                prop_assert!(raised.is_empty(), "raised {:?} after a faulted/amber/red exposure or into a deload: {:?}", raised, decision);
                let progressed = matches!(decision.action, Action::Progress { .. });
                prop_assert!(!progressed, "progress: {:?}", decision);
            }

            prop_assert!(next.sets() >= 1);
            match next {
                Prescription::Hold { seconds, .. } => {
                    let floor = settings.min_hold_seconds.min(match &p {
                        Prescription::Hold { seconds, .. } => seconds.get(),
                        _ => 0,
                    });
                    prop_assert!(seconds.get() >= floor, "hold below the floor: {:?}", decision);
                }
                Prescription::Reps { reps_min, reps_max, .. } => {
                    prop_assert!(*reps_max >= 1 && reps_min <= reps_max, "{:?}", decision);
                }
                Prescription::Carry { metres, seconds, .. } => {
                    prop_assert!(metres.is_none_or(|m| m >= 1) && seconds.is_none_or(|s| s.get() >= 1));
                }
                Prescription::Drill { .. } => {}
            }
            if let Load::Kg { kg } = next.load() {
                prop_assert!(kg.is_finite() && kg >= 0.0, "{:?}", decision);
            }
        }
        if next_week_deload {
            // A deload keeps at most the working load: a share of a known
            // load, bodyweight stays bodyweight, a load to choose stays one.
            match (decision.working.load(), decision.prescription.load()) {
                (Load::Kg { kg: from }, Load::Kg { kg: to }) => {
                    prop_assert!(to > 0.0 && to <= from, "{:?}", decision);
                }
                (from, to) => prop_assert_eq!(from, to, "{:?}", decision),
            }
            if let Prescription::Reps { reps_min, reps_max, .. } = decision.prescription {
                prop_assert!(reps_min == reps_max || reps_max >= reps_min + 2, "{:?}", decision);
            }
            prop_assert_eq!(decision.next_kind, ExposureKind::Deload);
        }
        // The stored form round-trips.
        let json = serde_json::to_string(&decision).unwrap();
        let back: keel_core::engine::Decision = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, decision);
    }
}
