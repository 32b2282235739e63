//! The simulated-athlete harness: drives the real engine day by day for 16
//! weeks on a 3-day week (Mon, Wed, Fri; every 4th week a deload week),
//! with three slots: a side bridge hold, a bird dog hold and kettlebell
//! deadlifts for reps.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

pub mod athlete;
pub mod raised;
pub mod rng;

use jiff::civil::Date;
use keel_core::catalog::{Catalog, Equipment, ExerciseId, Inventory, Kit};
use keel_core::engine::{
    Action, Adjustment, Decision, EngineSettings, Exposure, ExposureKind, MorningCheck,
    SessionAdjustment, SlotInput, cut_volume, decide, readiness_adjustment, stop_exercise_now,
};
use keel_core::measure::{Pain, Rpe, Seconds};
use keel_core::program::{Load, Prescription};
use keel_core::redflag::Screen;
use keel_core::units::Units;

pub use athlete::{Athlete, Traits, When};

pub const WEEKS: u16 = 16;
pub const SIDE_BRIDGE: usize = 0;
pub const BIRD_DOG: usize = 1;
pub const DEADLIFT: usize = 2;

/// The simulated athlete's equipment: kettlebells of the common kg sizes,
/// a bench and a dowel.
pub fn kit() -> Kit {
    let equipment = [Equipment::Kettlebell, Equipment::Bench, Equipment::Dowel];
    Kit::new(&equipment, &Inventory::default(), Units::Kg)
}

pub fn catalog() -> Catalog {
    Catalog::parse(include_str!("../../fixtures/engine_catalog.toml")).expect("fixture catalog")
}

pub fn start() -> Date {
    jiff::civil::date(2026, 3, 2)
}

pub fn session_date(week: u16, session: u8) -> Date {
    let days = 7 * i64::from(week - 1) + 2 * i64::from(session);
    start().checked_add(jiff::Span::new().days(days)).unwrap()
}

pub fn is_deload_week(week: u16) -> bool {
    week.rem_euclid(4) == 0
}

struct Slot {
    exercise: ExerciseId,
    working: Prescription,
    next: Prescription,
    next_kind: ExposureKind,
    history: Vec<Exposure>,
}

fn hold(sets: u8, seconds: u16) -> Prescription {
    Prescription::Hold {
        sets,
        seconds: Seconds::new(i64::from(seconds)).unwrap(),
        per_side: true,
        extra_sets_on: None,
        load: Load::Bodyweight,
        // Added by the program helper (issue 16, pyramids): a plain hold.
        pyramid: Vec::new(),
    }
}

fn slots(kit: &Kit) -> Vec<Slot> {
    // The owned kettlebell nearest 12 kg.
    let start_kg = kit
        .nearest(&[Equipment::Kettlebell], 12.0)
        .expect("the simulated athlete owns a kettlebell");
    let deadlift = Prescription::Reps {
        sets: 3,
        reps_min: 8,
        reps_max: 12,
        per_side: false,
        tempo: None,
        load: Load::Kg { kg: start_kg },
        target_rpe: Rpe::new(7).unwrap(),
    };
    [
        ("side-bridge", hold(3, 20)),
        ("bird-dog", hold(3, 15)),
        ("kettlebell-deadlift", deadlift),
    ]
    .into_iter()
    .map(|(id, p)| Slot {
        exercise: ExerciseId::new(id),
        working: p.clone(),
        next: p,
        next_kind: ExposureKind::Normal,
        history: Vec::new(),
    })
    .collect()
}

/// One exposure and the decision that followed it.
#[derive(Debug, Clone)]
pub struct Record {
    pub week: u16,
    pub session: u8,
    pub date: Date,
    pub slot: usize,
    pub exposure: Exposure,
    /// The working exercise and prescription the decision started from.
    pub before: (ExerciseId, Prescription),
    pub next_week_deload: bool,
    pub decision: Decision,
}

#[derive(Debug, Default)]
pub struct Run {
    pub records: Vec<Record>,
    pub readiness: Vec<(Date, Adjustment)>,
    pub light_days: Vec<Date>,
    /// (date, slot, set index) where `stop_exercise_now` ended an exercise.
    pub stopped_now: Vec<(Date, usize, usize)>,
    pub halted_on: Option<Date>,
}

impl Run {
    pub fn slot(&self, slot: usize) -> impl Iterator<Item = &Record> {
        self.records.iter().filter(move |r| r.slot == slot)
    }
}

pub fn simulate(seed: u64, traits: Traits) -> Run {
    simulate_with(seed, traits, &kit())
}

/// [`simulate`] with the athlete owning `kit`.
pub fn simulate_with(seed: u64, traits: Traits, kit: &Kit) -> Run {
    let catalog = catalog();
    let settings = EngineSettings::default();
    let mut athlete = Athlete::new(seed, traits);
    let mut slots = slots(kit);
    let mut mornings: Vec<MorningCheck> = Vec::new();
    let mut run = Run::default();
    let sessions: Vec<When> = (1..=WEEKS)
        .flat_map(|w| (0..3).map(move |s| (w, s)))
        .collect();

    for (i, &(week, session)) in sessions.iter().enumerate() {
        let date = session_date(week, session);
        let next_deload = sessions.get(i + 1).is_some_and(|(w, _)| is_deload_week(*w));
        let adjustment = readiness_adjustment(&athlete.readiness((week, session)), &settings);
        run.readiness.push((date, adjustment.clone()));
        if adjustment.adjustment == SessionAdjustment::LightSession {
            run.light_days.push(date);
            continue;
        }
        for (index, slot) in slots.iter_mut().enumerate() {
            let exercise = catalog.get(&slot.exercise).expect("slot exercise").clone();
            let (mut prescription, mut kind) = (slot.next.clone(), slot.next_kind);
            match adjustment.adjustment {
                SessionAdjustment::CutVolume { percent } if kind == ExposureKind::Normal => {
                    prescription = cut_volume(&prescription, percent, &settings);
                    kind = ExposureKind::Reduced;
                }
                _ => {}
            }
            // Both hold slots start at level 2 exercises.
            let level_delta = i32::from(exercise.level.get()) - 2;
            let mut sets = Vec::new();
            for set in 0..usize::from(prescription.sets()) {
                let log = if index == DEADLIFT {
                    athlete.rep_set(&prescription, set, (week, session), index)
                } else {
                    athlete.hold_set(index, level_delta, &prescription, set, (week, session))
                };
                let stop = stop_exercise_now(&log, &settings);
                sets.push(log);
                if stop {
                    run.stopped_now.push((date, index, set));
                    break;
                }
            }
            athlete.adapt(index, &sets, week);
            let session_rpe = sets.iter().filter_map(|s| s.rpe).max();
            slot.history.push(Exposure {
                date,
                exercise: slot.exercise.clone(),
                prescription,
                kind,
                sets,
                session_rpe,
            });
            let screen = Screen {
                flags: athlete
                    .red_flag((week, session), index)
                    .into_iter()
                    .collect(),
            };
            let decision = decide(&SlotInput {
                exercise: &exercise,
                prescription: &slot.working,
                history: &slot.history,
                next_week_deload: next_deload,
                reactive_deload_until: None,
                morning: &mornings,
                screen: &screen,
                catalog: &catalog,
                equipment: kit,
                settings: &settings,
            })
            .expect("the engine accepts the simulated log");
            run.records.push(Record {
                week,
                session,
                date,
                slot: index,
                exposure: slot.history.last().cloned().unwrap(),
                before: (slot.exercise.clone(), slot.working.clone()),
                next_week_deload: next_deload,
                decision: decision.clone(),
            });
            slot.exercise = decision.exercise.clone();
            slot.working = decision.working.clone();
            slot.next = decision.prescription.clone();
            slot.next_kind = decision.next_kind;
            if matches!(decision.action, Action::Halt { .. }) {
                run.halted_on = Some(date);
                return run;
            }
        }
        mornings.push(MorningCheck {
            date: date.tomorrow().unwrap(),
            pain_back_to_usual: true,
            stiffness_back_to_usual: true,
            soreness: Pain::new(1).unwrap(),
        });
    }
    run
}

/// Hold seconds of a prescription, if it is a hold.
pub fn hold_seconds(p: &Prescription) -> Option<u16> {
    match p {
        Prescription::Hold { seconds, .. } => Some(seconds.get()),
        _ => None,
    }
}

pub fn load_kg(p: &Prescription) -> f32 {
    match p.load() {
        Load::Kg { kg } => kg,
        _ => 0.0,
    }
}
