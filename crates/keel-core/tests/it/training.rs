//! The training loop end to end in the core: a generated program, a log,
//! the replay through the engine, and the session it gives for a day.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jiff::civil::Date;
use keel_core::assessment::{self, AssessmentInput, EnduranceHolds, MovementQuality};
use keel_core::catalog::{Catalog, Equipment};
use keel_core::engine::{
    Action, Amount, EngineSettings, ExposureKind, FormFault, ReadinessCheck, SetLog,
};
use keel_core::measure::{Pain, Readiness, Rpe, Score03, Seconds};
use keel_core::profile::{Profile, Sex, TrainingAge, TrainingDays};
use keel_core::program::{GenerateInput, Load, Prescription, Program, generate};
use keel_core::redflag::{RedFlag, Screen};
use keel_core::settings::PlanSettings;
use keel_core::training::{
    LoggedSet, PlannedSession, Replay, ReplayInput, SessionSlot, TrainingLog, replay, session_for,
};

fn date(text: &str) -> Date {
    text.parse().unwrap()
}

fn profile() -> Profile {
    Profile {
        name: None,
        sex: Some(Sex::Male),
        training_age: TrainingAge::Intermediate,
        training_days: TrainingDays::spread(3).unwrap(),
        light_days: true,
        equipment: vec![Equipment::Dowel, Equipment::Kettlebell, Equipment::Band],
        pain_now: Pain::new(0).unwrap(),
        units: Default::default(),
        inventory: Default::default(),
    }
}

fn program() -> Program {
    let s = |v| Some(Seconds::new(v).unwrap());
    let q = |v| Some(Score03::new(v).unwrap());
    let input = AssessmentInput {
        date: date("2026-03-02"),
        holds: EnduranceHolds {
            extensor: s(150),
            flexor: s(120),
            side_bridge_right: s(80),
            side_bridge_left: s(80),
            prone_plank: s(100),
        },
        movement: MovementQuality {
            hip_hinge: q(3),
            bird_dog: q(3),
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

fn run(program: &Program, log: &TrainingLog) -> Replay {
    replay(&ReplayInput {
        program,
        log,
        catalog: Catalog::builtin(),
        equipment: &profile().kit(),
        settings: &settings(),
    })
    .unwrap()
}

fn settings() -> EngineSettings {
    EngineSettings::from_plan(&PlanSettings::default())
}

fn today(program: &Program, replay: &Replay, day: &str) -> PlannedSession {
    session_for(program, replay, date(day), None, &settings()).expect("a session that day")
}

fn target(p: &Prescription) -> Amount {
    match p {
        Prescription::Hold { seconds, .. } => Amount::Seconds(*seconds),
        Prescription::Reps { reps_max, .. } => Amount::Reps(*reps_max),
        Prescription::Carry { metres, .. } => Amount::Metres(metres.unwrap_or(20)),
        Prescription::Drill { reps, .. } => Amount::Reps(reps.unwrap_or(8)),
    }
}

/// Every prescribed set of `slot`, done as asked at RPE 6, with `faults` on the last `faulted` sets.
fn sets_for(slot: &SessionSlot, day: &str, faulted: usize, faults: &[FormFault]) -> Vec<LoggedSet> {
    let n = usize::from(slot.prescription.sets());
    (0..n)
        .map(|i| LoggedSet {
            date: date(day),
            slot: slot.key.clone(),
            exercise: slot.exercise.clone(),
            prescription: slot.prescription.clone(),
            kind: slot.kind,
            set: SetLog {
                target: target(&slot.prescription),
                actual: target(&slot.prescription),
                sides: None,
                load: match slot.prescription.load() {
                    Load::ChooseForRpe => Load::Kg { kg: 12.0 },
                    other => other,
                },
                rpe: Some(Rpe::new(6).unwrap()),
                quality_reps: None,
                faults: if i + faulted >= n {
                    faults.to_vec()
                } else {
                    Vec::new()
                },
                pain: Pain::new(0).unwrap(),
                sharp_pain: false,
                note: None,
            },
        })
        .collect()
}

/// The first hold slot of a session.
fn hold_slot(session: &PlannedSession) -> SessionSlot {
    session
        .slots
        .iter()
        .find(|s| matches!(s.prescription, Prescription::Hold { .. }))
        .cloned()
        .expect("an A day has a hold")
}

fn seconds(p: &Prescription) -> u16 {
    match p {
        Prescription::Hold { seconds, .. } => seconds.get(),
        other => panic!("not a hold: {other:?}"),
    }
}

/// The A days of week 1 and the next A day of block 1 (week 2 is B-A-B).
const A1: &str = "2026-03-02";
const A2: &str = "2026-03-06";
const A3: &str = "2026-03-11";

#[test]
fn without_a_log_the_session_is_the_plan() {
    let program = program();
    let replay = run(&program, &TrainingLog::default());
    let session = today(&program, &replay, A1);
    let (_, day) = program.day(date(A1)).unwrap();
    let planned = &day.session.as_ref().unwrap().main;
    assert_eq!(session.slots.len(), planned.len());
    for (slot, plan) in session.slots.iter().zip(planned) {
        assert_eq!(slot.exercise, plan.exercise);
        assert_eq!(slot.prescription, plan.prescription);
        assert_eq!(slot.kind, ExposureKind::Normal);
        assert!(slot.why.is_empty());
    }
    assert!(replay.decisions.is_empty());
}

#[test]
fn two_clean_exposures_progress_the_hold_and_say_why() {
    let program = program();
    let mut log = TrainingLog::default();
    let first = hold_slot(&today(&program, &run(&program, &log), A1));
    log.sets.extend(sets_for(&first, A1, 0, &[]));
    let after_one = run(&program, &log);
    let second = hold_slot(&today(&program, &after_one, A2));
    assert_eq!(second.key, first.key);
    assert_eq!(seconds(&second.prescription), seconds(&first.prescription));
    log.sets.extend(sets_for(&second, A2, 0, &[]));

    let after_two = run(&program, &log);
    let third = hold_slot(&today(&program, &after_two, A3));
    assert_eq!(third.key, first.key);
    let before = seconds(&first.prescription);
    let now = seconds(&third.prescription);
    if let Some(pyramid) = first.prescription.pyramid() {
        // McGill's pyramid of short holds grows by holds, not seconds.
        let grown = third.prescription.pyramid().expect("still a pyramid");
        assert_eq!(now, before, "the hold stays short");
        assert!(
            grown.iter().zip(pyramid).all(|(g, p)| *g == p + 1),
            "{pyramid:?} -> {grown:?}"
        );
    } else {
        assert!(now > before, "{before} s -> {now} s");
        assert!(now - before <= 10, "never more than +10 s a week");
    }
    assert!(!third.why.is_empty());
    let last = after_two.decisions.last().unwrap();
    assert!(matches!(last.decision.action, Action::Progress { .. }));
}

#[test]
fn faults_on_two_sets_regress_and_show_cues() {
    let program = program();
    let mut log = TrainingLog::default();
    let first = hold_slot(&today(&program, &run(&program, &log), A1));
    log.sets
        .extend(sets_for(&first, A1, 2, &[FormFault::RibFlare]));
    let replay = run(&program, &log);
    let next = hold_slot(&today(&program, &replay, A2));
    let decision = &replay.decisions.last().unwrap().decision;
    assert!(
        matches!(
            decision.action,
            Action::Regress { .. } | Action::SwapEasier { .. }
        ),
        "{:?}",
        decision.action
    );
    assert!(!next.revisit_cues.is_empty());
    assert!(
        next.why.iter().any(|r| r.contains("rib flare")),
        "{:?}",
        next.why
    );
}

#[test]
fn the_deload_week_deloads_from_the_working_prescription() {
    let program = program();
    let deload_day = program
        .weeks
        .iter()
        .find(|w| w.deload)
        .unwrap()
        .days
        .iter()
        .find(|d| d.kind.is_training())
        .unwrap()
        .date;
    let mut log = TrainingLog::default();
    let first = hold_slot(&today(&program, &run(&program, &log), A1));
    log.sets.extend(sets_for(&first, A1, 0, &[]));
    let replay = run(&program, &log);
    let session = session_for(&program, &replay, deload_day, None, &settings()).unwrap();
    assert!(session.deload);
    for slot in session.slots.iter().chain(session.transfer.iter()) {
        assert_eq!(slot.kind, ExposureKind::Deload);
        // A loaded drill keeps a share of its working load (docs/method.md
        // §4.6) and says so; it is never emptied.
        if slot.prescription.load().is_external() {
            let note = slot.note.as_deref().unwrap_or_default();
            assert!(note.contains("of your working load"), "{slot:?}");
        }
    }
}

#[test]
fn poor_readiness_swaps_for_the_light_session() {
    let program = program();
    let replay = run(&program, &TrainingLog::default());
    let r = |v| Readiness::new(v).unwrap();
    let awful = ReadinessCheck {
        sleep: r(7),
        fatigue: r(7),
        stress: r(7),
        soreness: r(7),
    };
    let session = session_for(&program, &replay, date(A1), Some(&awful), &settings()).unwrap();
    assert!(session.light_instead);
    assert!(!session.adjustments.is_empty());
    let fine = ReadinessCheck {
        sleep: r(2),
        fatigue: r(2),
        stress: r(2),
        soreness: r(2),
    };
    let session = session_for(&program, &replay, date(A1), Some(&fine), &settings()).unwrap();
    assert!(!session.light_instead);
}

#[test]
fn a_red_flag_on_a_pain_entry_halts() {
    let program = program();
    let mut log = TrainingLog::default();
    let first = hold_slot(&today(&program, &run(&program, &log), A1));
    let mut sets = sets_for(&first, A1, 0, &[]);
    sets[0].set.pain = Pain::new(4).unwrap();
    log.sets.extend(sets);
    log.screens.push((
        date(A1),
        Screen {
            flags: vec![RedFlag::PainBelowKnee],
        },
    ));
    let replay = run(&program, &log);
    assert!(matches!(
        replay.decisions.last().unwrap().decision.action,
        Action::Halt { .. }
    ));
}

#[test]
fn correcting_the_log_replays_to_a_different_decision() {
    let program = program();
    let mut log = TrainingLog::default();
    let first = hold_slot(&today(&program, &run(&program, &log), A1));
    log.sets.extend(sets_for(&first, A1, 0, &[]));
    let clean = run(&program, &log);
    log.sets[0].set.faults = vec![FormFault::PelvisShift];
    log.sets[1].set.faults = vec![FormFault::PelvisShift];
    let corrected = run(&program, &log);
    assert_ne!(
        clean.decisions.last().unwrap().decision.action,
        corrected.decisions.last().unwrap().decision.action
    );
}

/// Replaying only the added set's slot gives what a whole replay gives,
/// set after set through five weeks of training with faults, misses and
/// next-morning check-ins; and so does a set dated before others (which
/// replays everything) and one of an exercise the catalog does not know.
#[test]
fn replaying_after_one_more_set_equals_a_whole_replay() {
    use keel_core::catalog::ExerciseId;
    use keel_core::engine::MorningCheck;
    use keel_core::training::replay_after_adding;

    let program = program();
    let profile = profile();
    let settings = settings();
    let mut log = TrainingLog::default();
    let mut previous = run(&program, &log);
    let add = |log: &mut TrainingLog, previous: &mut Replay, set: LoggedSet| {
        log.sets.push(set.clone());
        let input = ReplayInput {
            program: &program,
            log,
            catalog: Catalog::builtin(),
            equipment: &profile.kit(),
            settings: &settings,
        };
        let after = replay_after_adding(previous.clone(), &input, &set).unwrap();
        assert_eq!(after.replay, replay(&input).unwrap(), "after {set:?}");
        // The unchanged prefix is exactly the decisions that stayed as they were.
        let same = previous
            .decisions
            .iter()
            .zip(&after.replay.decisions)
            .take_while(|(old, new)| old == new)
            .count();
        assert_eq!(after.unchanged, same, "after {set:?}");
        *previous = after.replay;
    };
    let days: Vec<Date> = program
        .weeks
        .iter()
        .take(5)
        .flat_map(|w| w.days.iter().map(|d| d.date))
        .collect();
    let mut n = 0usize;
    for day in &days {
        let Some(session) = session_for(&program, &previous, *day, None, &settings) else {
            continue;
        };
        for slot in &session.slots {
            let text = day.to_string();
            for mut set in sets_for(slot, &text, 1, &[FormFault::RibFlare]) {
                n += 1;
                if n.is_multiple_of(3) {
                    set.set.actual = match set.set.target {
                        Amount::Seconds(s) => {
                            Amount::Seconds(Seconds::new(i64::from(s.get()) / 2).unwrap())
                        }
                        other => other,
                    };
                }
                set.set.rpe = Some(Rpe::new(i64::try_from(5 + n % 5).unwrap()).unwrap());
                add(&mut log, &mut previous, set);
            }
        }
        log.mornings.push(MorningCheck {
            date: day.tomorrow().unwrap(),
            pain_back_to_usual: !n.is_multiple_of(4),
            stiffness_back_to_usual: true,
            soreness: Pain::new(i64::try_from(n % 5).unwrap()).unwrap(),
        });
        previous = run(&program, &log);
    }
    assert!(n > 30, "sets were logged: {n}");

    let last = log.sets.last().unwrap().clone();
    let mut own = last.clone();
    own.exercise = ExerciseId::new("my-own-back-thing");
    add(&mut log, &mut previous, own);
    let mut backdated = log.sets[0].clone();
    backdated.set.faults = vec![FormFault::PelvisShift];
    add(&mut log, &mut previous, backdated);
}
