//! Simulated athletes on a generated 16-week program, driven through the
//! functions the app uses: `training::replay` of the log so far, then
//! `training::session_with` for the day, sets logged against what it
//! shows, and morning check-ins. Every day is checked against the training
//! state's rules (docs/method.md §5.6); a broken rule names the day, the
//! exercise and the reasons.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::collections::BTreeMap;

use jiff::civil::Date;
use keel_core::assessment::{self, AssessmentInput, EnduranceHolds, MovementQuality};
use keel_core::catalog::{Catalog, Equipment, Kit};
use keel_core::engine::{
    Action, Amount, Change, EngineSettings, FormFault, MorningCheck, ReadinessCheck, SetLog,
};
use keel_core::measure::{Pain, Readiness, Rpe, Score03, Seconds};
use keel_core::profile::{Profile, Sex, TrainingAge, TrainingDays};
use keel_core::program::{DayKind, GenerateInput, Load, Prescription, Program, generate};
use keel_core::redflag::{RedFlag, Screen};
use keel_core::settings::PlanSettings;
use keel_core::training::{
    ChainKey, LoggedSet, Replay, ReplayInput, SessionSlot, TrainingLog, replay, session_with,
    slot_chain,
};

pub fn date(text: &str) -> Date {
    text.parse().unwrap()
}

pub fn profile() -> Profile {
    Profile {
        name: None,
        sex: Some(Sex::Female),
        training_age: TrainingAge::Intermediate,
        training_days: TrainingDays::spread(4).unwrap(),
        light_days: true,
        equipment: vec![Equipment::Dowel, Equipment::Kettlebell, Equipment::Band],
        pain_now: Pain::new(0).unwrap(),
        units: Default::default(),
        inventory: Default::default(),
    }
}

pub fn program() -> Program {
    let s = |v| Some(Seconds::new(v).unwrap());
    let q = |v| Some(Score03::new(v).unwrap());
    let input = AssessmentInput {
        date: date("2026-03-02"),
        holds: EnduranceHolds {
            extensor: s(90),
            flexor: s(80),
            side_bridge_right: s(50),
            side_bridge_left: s(40),
            prone_plank: s(60),
        },
        movement: MovementQuality {
            hip_hinge: q(2),
            bird_dog: q(2),
            dead_bug: q(3),
        },
        mobility: Default::default(),
        pain_now: None,
    };
    let profile = profile();
    let report = assessment::assess(&input, profile.sex, profile.training_age);
    generate(GenerateInput {
        profile: &profile,
        tailoring: &report.tailoring,
        settings: &PlanSettings::default(),
        catalog: Catalog::builtin(),
        start: date("2026-03-02"),
    })
}

pub fn settings() -> EngineSettings {
    EngineSettings::from_plan(&PlanSettings::default())
}

/// What happens to the athlete on given days (index of the training day,
/// from 0) and given weeks.
#[derive(Debug, Clone, Default)]
pub struct Events {
    /// Faults on two sets of the day's first exercise.
    pub faults: Vec<usize>,
    /// Pain during the day's first exercise: (training day, pain 0-10).
    pub pain: Vec<(usize, i64)>,
    /// Sharp pain on the day's first exercise.
    pub sharp: Vec<usize>,
    /// Pain or stiffness not back to usual the morning after this training day.
    pub bad_mornings: Vec<usize>,
    /// Weeks (1-based) in which next-morning soreness rises: 2, 3, 4, ...
    pub sore_weeks: Vec<u16>,
    /// Poor readiness before this training day.
    pub poor_readiness: Vec<usize>,
    /// A red flag with pain on this training day; the athlete resumes a week later.
    pub red_flag: Option<usize>,
    /// Holds given out early on this training day: each set a little shorter.
    pub gave_out: Vec<usize>,
    /// Training days skipped entirely: nothing logged.
    pub missed: Vec<usize>,
}

/// One exercise of one day as shown and as done.
#[derive(Debug, Clone)]
pub struct Done {
    pub date: Date,
    pub training_day: usize,
    pub slot: SessionSlot,
    /// The chain's state before the day, if trained: (exercise, working).
    pub before: Option<(String, Prescription)>,
    pub day_kind_before: Option<DayKind>,
}

#[derive(Debug)]
pub struct Run {
    /// What the athlete owns.
    pub kit: Kit,
    pub program: Program,
    pub log: TrainingLog,
    pub done: Vec<Done>,
    pub final_replay: Replay,
    /// Every training day's replay before its sets, by date.
    pub halted: Vec<Date>,
}

/// The hold an athlete manages on a variant: capacity at the chain's
/// easiest variant, 70 % per step harder.
fn hold_capacity(base: f64, steps: usize, set: usize) -> f64 {
    base * 0.7f64.powi(i32::try_from(steps).unwrap()) * (1.0 - 0.04 * set as f64)
}

fn rpe(v: f64) -> Rpe {
    Rpe::saturating(v.round() as i64)
}

pub fn input<'a>(
    program: &'a Program,
    log: &'a TrainingLog,
    s: &'a EngineSettings,
    kit: &'a Kit,
) -> ReplayInput<'a> {
    ReplayInput {
        program,
        log,
        catalog: Catalog::builtin(),
        equipment: kit,
        settings: s,
    }
}

/// Runs the program day by day.
pub fn simulate(events: &Events, weeks: usize) -> Run {
    simulate_as(events, weeks, &profile())
}

/// [`simulate`] for an athlete with `profile` (its equipment and unit).
pub fn simulate_as(events: &Events, weeks: usize, profile: &Profile) -> Run {
    let program = program();
    let profile = profile.clone();
    let kit = profile.kit();
    let settings = settings();
    let catalog = Catalog::builtin();
    let mut log = TrainingLog::default();
    let mut done = Vec::new();
    let mut halted = Vec::new();
    let mut capacity: BTreeMap<ChainKey, f64> = BTreeMap::new();
    let mut strength = 20.0f64;
    let mut training_day = 0usize;
    let mut halted_until: Option<Date> = None;
    let days: Vec<_> = program
        .weeks
        .iter()
        .take(weeks)
        .flat_map(|w| w.days.iter().map(move |d| (w.number, d.date, d.kind)))
        .collect();
    let mut previous: Option<Replay> = None;
    for (week, day, kind) in days {
        if !matches!(kind, DayKind::A | DayKind::B) {
            continue;
        }
        let this = training_day;
        training_day += 1;
        if halted_until.is_some_and(|until| day < until) {
            halted.push(day);
            continue;
        }
        let replay_now = replay(&input(&program, &log, &settings, &kit)).unwrap();
        if let Some(previous) = &previous {
            check_decisions_stay(previous, &replay_now, day);
        }
        if events.missed.contains(&this) {
            previous = Some(replay_now);
            continue;
        }
        let readiness = events
            .poor_readiness
            .contains(&this)
            .then(|| ReadinessCheck {
                sleep: Readiness::saturating(5),
                fatigue: Readiness::saturating(5),
                stress: Readiness::saturating(4),
                soreness: Readiness::saturating(4),
            });
        let Some(session) = session_with(
            &program,
            &replay_now,
            day,
            readiness.as_ref(),
            &settings,
            catalog,
            &profile.kit(),
        ) else {
            previous = Some(replay_now);
            continue;
        };
        for (index, slot) in session.slots.iter().enumerate() {
            let chain = slot_chain(catalog, &slot.key);
            let state = replay_now.state_of(&slot.key, catalog);
            done.push(Done {
                date: day,
                training_day: this,
                slot: slot.clone(),
                before: state.map(|s| (s.exercise.to_string(), s.working.clone())),
                day_kind_before: state.map(|s| s.last.slot.day),
            });
            let base = *capacity.entry(chain.clone()).or_insert(55.0);
            let steps = catalog
                .chain(&slot.exercise)
                .iter()
                .position(|e| e.id == slot.exercise)
                .unwrap_or(0);
            let first = index == 0;
            let mut good = true;
            let n = usize::from(slot.prescription.sets());
            for set in 0..n {
                let mut log_set = perform(&slot.prescription, base, steps, set, strength);
                if first && events.faults.contains(&this) && set + 2 >= n {
                    log_set.faults.push(FormFault::PelvisShift);
                }
                if first
                    && events.gave_out.contains(&this)
                    && let (Amount::Seconds(t), Prescription::Hold { .. }) =
                        (log_set.target, &slot.prescription)
                {
                    // 70 %, 60 %, 50 % ... of the target: a hold given out.
                    let held = (i64::from(t.get()) * (7 - i64::try_from(set).unwrap()) / 10).max(1);
                    log_set.actual = Amount::Seconds(Seconds::saturating(held));
                    log_set.faults.push(FormFault::EarlyTermination);
                }
                if first && let Some((_, pain)) = events.pain.iter().find(|(d, _)| *d == this) {
                    log_set.pain = Pain::saturating(*pain);
                }
                let sharp = first && events.sharp.contains(&this) && set == 0;
                if sharp {
                    log_set.sharp_pain = true;
                    log_set.pain = Pain::saturating(6);
                }
                good &= log_set.faults.is_empty();
                log.sets.push(LoggedSet {
                    date: day,
                    slot: slot.key.clone(),
                    exercise: slot.exercise.clone(),
                    prescription: slot.prescription.clone(),
                    kind: slot.kind,
                    set: log_set,
                });
                if sharp || (first && events.pain.iter().any(|(d, p)| *d == this && *p > 5)) {
                    break;
                }
            }
            if good {
                *capacity.get_mut(&chain).unwrap() += 0.6;
                strength += 0.1;
            }
        }
        if events.red_flag == Some(this) {
            log.screens.push((
                day,
                Screen {
                    flags: vec![RedFlag::LegWeakness],
                },
            ));
            halted_until = day.checked_add(jiff::Span::new().days(7)).ok();
        }
        let sore = if events.sore_weeks.contains(&week) {
            i64::from(week % 4) + 3
        } else {
            1
        };
        log.mornings.push(MorningCheck {
            date: day.tomorrow().unwrap(),
            pain_back_to_usual: !events.bad_mornings.contains(&this),
            stiffness_back_to_usual: true,
            soreness: Pain::saturating(sore),
        });
        previous = Some(replay(&input(&program, &log, &settings, &kit)).unwrap());
    }
    let final_replay = replay(&input(&program, &log, &settings, &kit)).unwrap();
    Run {
        kit,
        program,
        log,
        done,
        final_replay,
        halted,
    }
}

/// One set as the athlete does it: holds up to capacity, reps at the
/// target RPE, carries and drills as asked.
fn perform(p: &Prescription, base: f64, steps: usize, set: usize, strength: f64) -> SetLog {
    let clean = |target: Amount, actual: Amount, load: Load, rpe_value: f64| SetLog {
        target,
        actual,
        sides: None,
        load,
        rpe: Some(rpe(rpe_value)),
        quality_reps: None,
        faults: Vec::new(),
        pain: Pain::new(0).unwrap(),
        sharp_pain: false,
        note: None,
    };
    let chosen = |load: Load| match load {
        Load::ChooseForRpe => Load::Kg { kg: 8.0 },
        other => other,
    };
    match p {
        Prescription::Hold { seconds, load, .. } => {
            let can = hold_capacity(base, steps, set);
            let target = f64::from(seconds.get());
            let held = target.min(can.floor()).max(1.0);
            let mut out = clean(
                Amount::Seconds(*seconds),
                Amount::Seconds(Seconds::saturating(held as i64)),
                chosen(*load),
                (10.0 * target / can).clamp(3.0, 10.0),
            );
            if held < target {
                out.faults.push(FormFault::EarlyTermination);
            }
            out
        }
        Prescription::Reps {
            reps_max,
            reps_min,
            load,
            ..
        } => {
            let load = chosen(*load);
            let kg = match load {
                Load::Kg { kg } => f64::from(kg).max(2.0),
                _ => 4.0,
            };
            let most = (30.0 * (strength / kg - 1.0)).max(f64::from(*reps_min));
            let reps = (most - 3.0).clamp(f64::from(*reps_min), f64::from(*reps_max));
            clean(
                Amount::Reps(*reps_max),
                Amount::Reps(reps as u8),
                load,
                (10.0 - (most - reps)).clamp(4.0, 7.0),
            )
        }
        Prescription::Carry {
            metres,
            seconds,
            load,
            ..
        } => {
            let target = match (metres, seconds) {
                (Some(m), _) => Amount::Metres(*m),
                (None, Some(s)) => Amount::Seconds(*s),
                _ => Amount::Metres(20),
            };
            clean(target, target, chosen(*load), 6.0)
        }
        Prescription::Drill { reps, seconds, .. } => {
            let target = match (reps, seconds) {
                (Some(r), _) => Amount::Reps(*r),
                (None, Some(s)) => Amount::Seconds(*s),
                _ => Amount::Reps(8),
            };
            clean(target, target, Load::Bodyweight, 3.0)
        }
    }
}

/// Decisions stay made: every decision of the replay before `day` is in
/// the replay after it, unchanged and in the same place.
pub fn check_decisions_stay(before: &Replay, after: &Replay, day: Date) {
    assert!(
        after.decisions.len() >= before.decisions.len(),
        "{day}: decisions disappeared"
    );
    for (old, new) in before.decisions.iter().zip(&after.decisions) {
        assert_eq!(
            old, new,
            "{day}: the decision of {} about {} changed after information dated later",
            old.date, old.slot.planned
        );
    }
}

/// The level of a prescription, sets aside: (seconds or metres, kg, top reps).
pub fn level(p: &Prescription) -> (u32, f32, u8) {
    let kg = match p.load() {
        Load::Kg { kg } => kg,
        _ => 0.0,
    };
    match p {
        Prescription::Hold { seconds, .. } => (u32::from(seconds.get()), kg, 0),
        Prescription::Reps { reps_max, .. } => (0, kg, *reps_max),
        Prescription::Carry {
            metres, seconds, ..
        } => (
            metres
                .map(u32::from)
                .or(seconds.map(|s| u32::from(s.get())))
                .unwrap_or(0),
            kg,
            0,
        ),
        Prescription::Drill { .. } => (0, 0.0, 0),
    }
}

/// Whether `a` asks no more than `b` on every variable (sets included).
pub fn no_more_than(a: &Prescription, b: &Prescription) -> bool {
    let (la, lb) = (level(a), level(b));
    let load_ok = match (a.load(), b.load()) {
        (Load::ChooseForRpe, _) | (_, Load::ChooseForRpe) => true,
        _ => la.1 <= lb.1 + 1e-3,
    };
    la.0 <= lb.0 && load_ok && la.2 <= lb.2 && a.sets() <= b.sets()
}

/// Whether a decision's action may lower the working level.
pub fn lowers(action: &Action) -> bool {
    matches!(
        action,
        Action::Regress { .. }
            | Action::Stop { .. }
            | Action::SwapEasier { .. }
            | Action::RotateVariant { .. }
            | Action::Progress {
                change: Change::Variant { .. }
            }
    )
}
