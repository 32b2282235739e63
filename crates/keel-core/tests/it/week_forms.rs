//! Week forms and the training state (docs/method.md §4.4, 5.6): the weeks
//! of a block move between forms on chains of their own, so a form that
//! comes back two weeks later continues from its chain's level, and the
//! form in between starts from the plan on its own chain.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jiff::civil::Date;
use keel_core::assessment::{self, AssessmentInput, EnduranceHolds, MovementQuality};
use keel_core::catalog::{Catalog, Equipment, ExerciseId};
use keel_core::engine::{Amount, EngineSettings, SetLog};
use keel_core::measure::{Pain, Rpe, Score03, Seconds};
use keel_core::profile::{Profile, Sex, TrainingAge, TrainingDays};
use keel_core::program::{DayKind, GenerateInput, Load, Prescription, Program, Week, generate};
use keel_core::settings::PlanSettings;
use keel_core::training::{
    LoggedSet, PlannedSession, Replay, ReplayInput, SessionSlot, TrainingLog, chain_key, replay,
    session_for,
};

fn profile() -> Profile {
    Profile {
        name: None,
        sex: Some(Sex::Male),
        training_age: TrainingAge::Intermediate,
        training_days: TrainingDays::spread(3).unwrap(),
        light_days: false,
        equipment: vec![Equipment::Kettlebell, Equipment::Bench, Equipment::Dowel],
        pain_now: Pain::new(0).unwrap(),
        units: Default::default(),
        inventory: Default::default(),
    }
}

fn program() -> Program {
    let s = |v| Some(Seconds::new(v).unwrap());
    let q = |v| Some(Score03::new(v).unwrap());
    let input = AssessmentInput {
        date: "2026-03-02".parse().unwrap(),
        holds: EnduranceHolds {
            extensor: s(150),
            flexor: s(120),
            side_bridge_right: s(85),
            side_bridge_left: s(88),
            prone_plank: s(110),
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
        start: input.date,
    })
}

fn settings() -> EngineSettings {
    EngineSettings::from_plan(&PlanSettings::default())
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

fn session(program: &Program, replay: &Replay, day: Date) -> PlannedSession {
    session_for(program, replay, day, None, &settings()).expect("a session that day")
}

fn a_days(week: &Week) -> Vec<Date> {
    week.days
        .iter()
        .filter(|d| d.kind == DayKind::A)
        .map(|d| d.date)
        .collect()
}

/// Plain holds on the A days of a week, by exercise.
fn a_day_holds(week: &Week) -> Vec<ExerciseId> {
    week.days
        .iter()
        .filter(|d| d.kind == DayKind::A)
        .flat_map(|d| d.session.iter().flat_map(|s| &s.main))
        .filter(|s| matches!(s.prescription, Prescription::Hold { .. }))
        .filter(|s| s.prescription.pyramid().is_none())
        .map(|s| s.exercise.clone())
        .collect()
}

fn seconds(p: &Prescription) -> u16 {
    match p {
        Prescription::Hold { seconds, .. } => seconds.get(),
        _ => 0,
    }
}

/// Every prescribed set of `slot`, done as asked at RPE 6.
fn clean_sets(slot: &SessionSlot, day: Date) -> Vec<LoggedSet> {
    let target = Amount::Seconds(Seconds::new(i64::from(seconds(&slot.prescription))).unwrap());
    (0..slot.prescription.sets())
        .map(|_| LoggedSet {
            date: day,
            slot: slot.key.clone(),
            exercise: slot.exercise.clone(),
            prescription: slot.prescription.clone(),
            kind: slot.kind,
            set: SetLog {
                target,
                actual: target,
                sides: None,
                load: match slot.prescription.load() {
                    Load::ChooseForRpe => Load::Kg { kg: 12.0 },
                    other => other,
                },
                rpe: Some(Rpe::new(6).unwrap()),
                quality_reps: None,
                faults: Vec::new(),
                pain: Pain::new(0).unwrap(),
                sharp_pain: false,
                note: None,
            },
        })
        .collect()
}

#[test]
fn a_form_that_comes_back_continues_from_its_chain_level() {
    let program = program();
    let catalog = Catalog::builtin();
    // The first block whose second training week replaces a hold of the
    // first that the third brings back (blocks are 3 + 1 weeks).
    let (wk1, wk2, wk3, back) = program
        .weeks
        .chunks(4)
        .skip(1)
        .find_map(|block| {
            let (in1, in2, in3) = (
                a_day_holds(&block[0]),
                a_day_holds(&block[1]),
                a_day_holds(&block[2]),
            );
            let back = in1
                .iter()
                .find(|id| in3.contains(id) && !in2.contains(id))?
                .clone();
            Some((&block[0], &block[1], &block[2], back))
        })
        .expect("a hold form that the second week replaces and the third brings back");
    let (in1, in2) = (a_day_holds(wk1), a_day_holds(wk2));
    let chain = chain_key(catalog, &back).unwrap();
    // The second week's form of that role is on another chain.
    for id in in2.iter().filter(|id| !in1.contains(id)) {
        assert_ne!(chain_key(catalog, id).unwrap(), chain, "{id}");
    }

    // Train the form cleanly on both A days of the first week: two clean
    // exposures, a progression.
    let mut log = TrainingLog::default();
    for day in a_days(wk1) {
        let today = session(&program, &run(&program, &log), day);
        let slot = today.slots.iter().find(|s| s.exercise == back).unwrap();
        log.sets.extend(clean_sets(slot, day));
    }
    let replay = run(&program, &log);
    assert_eq!(replay.chains[&chain].exercise, back);

    // The second week trains the other form from its own plan: nothing
    // moved its chain.
    let day2 = a_days(wk2)[0];
    let planned2 = program.day(day2).unwrap().1.session.as_ref().unwrap();
    let today2 = session(&program, &replay, day2);
    for slot in today2.slots.iter().filter(|s| !in1.contains(&s.exercise)) {
        let plan = planned2
            .main
            .iter()
            .find(|p| p.exercise == slot.exercise)
            .unwrap();
        assert_eq!(slot.prescription, plan.prescription, "{}", slot.exercise);
    }

    // The third week brings the form back at the level it earned in the
    // first, and says why.
    let day3 = a_days(wk3)[0];
    let planned3 = program.day(day3).unwrap().1.session.as_ref().unwrap();
    let plan = planned3.main.iter().find(|p| p.exercise == back).unwrap();
    let today3 = session(&program, &replay, day3);
    let slot = today3.slots.iter().find(|s| s.exercise == back).unwrap();
    assert!(
        seconds(&slot.prescription) > seconds(&plan.prescription),
        "{back}: planned {} s, now {} s",
        seconds(&plan.prescription),
        seconds(&slot.prescription)
    );
    assert!(!slot.why.is_empty());
}
