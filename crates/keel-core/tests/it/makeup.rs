//! Making up a missed session (docs/method.md §4.2) in the core: which
//! day is offered, when the offer ends, and that sets logged on the make-up
//! day count for the missed day's slots.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jiff::civil::Date;
use keel_core::assessment::{self, AssessmentInput, EnduranceHolds, MovementQuality};
use keel_core::catalog::{Catalog, Equipment};
use keel_core::engine::{Amount, EngineSettings, SetLog};
use keel_core::measure::{Pain, Rpe, Score03, Seconds};
use keel_core::profile::{Profile, Sex, TrainingAge, TrainingDays};
use keel_core::program::{DayKind, GenerateInput, Load, Prescription, Program, generate};
use keel_core::settings::PlanSettings;
use keel_core::training::{
    LoggedSet, PlannedSession, Replay, ReplayInput, TrainingLog, makeup_session, missed_day,
    replay, session_for,
};

fn date(text: &str) -> Date {
    text.parse().unwrap()
}

// Mon 2026-03-02 starts the plan; training Monday, Wednesday, Friday.
const MON: &str = "2026-03-02";
const TUE: &str = "2026-03-03";
const WED: &str = "2026-03-04";
const THU: &str = "2026-03-05";
const FRI: &str = "2026-03-06";
const SAT: &str = "2026-03-07";
const SUN: &str = "2026-03-08";
const NEXT_MON: &str = "2026-03-09";

fn profile(light_days: bool) -> Profile {
    Profile {
        name: None,
        sex: Some(Sex::Female),
        training_age: TrainingAge::Novice,
        training_days: TrainingDays::spread(3).unwrap(),
        light_days,
        equipment: vec![Equipment::Dowel, Equipment::Kettlebell],
        pain_now: Pain::new(0).unwrap(),
        units: Default::default(),
        inventory: Default::default(),
    }
}

fn program(light_days: bool) -> Program {
    let s = |v| Some(Seconds::new(v).unwrap());
    let q = |v| Some(Score03::new(v).unwrap());
    let input = AssessmentInput {
        date: date(MON),
        holds: EnduranceHolds {
            extensor: s(120),
            flexor: s(100),
            side_bridge_right: s(60),
            side_bridge_left: s(55),
            prone_plank: s(70),
        },
        movement: MovementQuality {
            hip_hinge: q(2),
            bird_dog: q(2),
            dead_bug: q(2),
        },
        mobility: Default::default(),
        pain_now: None,
    };
    let profile = profile(light_days);
    let report = assessment::assess(&input, profile.sex, profile.training_age);
    generate(GenerateInput {
        profile: &profile,
        tailoring: &report.tailoring,
        settings: &PlanSettings::default(),
        catalog: Catalog::builtin(),
        start: date(MON),
    })
}

fn settings() -> EngineSettings {
    EngineSettings::from_plan(&PlanSettings::default())
}

fn run(program: &Program, sets: &[LoggedSet]) -> Replay {
    replay(&ReplayInput {
        program,
        log: &TrainingLog {
            sets: sets.to_vec(),
            ..TrainingLog::default()
        },
        catalog: Catalog::builtin(),
        equipment: &profile(false).kit(),
        settings: &settings(),
    })
    .unwrap()
}

fn target(p: &Prescription) -> Amount {
    match p {
        Prescription::Hold { seconds, .. } => Amount::Seconds(*seconds),
        Prescription::Reps { reps_min, .. } => Amount::Reps(*reps_min),
        Prescription::Carry { metres, .. } => Amount::Metres(metres.unwrap_or(20)),
        Prescription::Drill { reps, .. } => Amount::Reps(reps.unwrap_or(8)),
    }
}

/// One clean set of every exercise of `session`, logged on `day`.
fn done(session: &PlannedSession, day: &str) -> Vec<LoggedSet> {
    session
        .slots
        .iter()
        .chain(session.transfer.iter())
        .map(|slot| LoggedSet {
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
                faults: Vec::new(),
                pain: Pain::new(0).unwrap(),
                sharp_pain: false,
                note: None,
            },
        })
        .collect()
}

fn planned(program: &Program, sets: &[LoggedSet], day: &str) -> PlannedSession {
    session_for(program, &run(program, sets), date(day), None, &settings())
        .expect("a session that day")
}

#[test]
fn the_schedule_is_as_the_tests_assume() {
    let program = program(false);
    let kind = |day: &str| program.day(date(day)).unwrap().1.kind;
    assert!(kind(MON).is_training());
    assert_eq!(kind(TUE), DayKind::Rest);
    assert!(kind(WED).is_training());
    assert_eq!(kind(THU), DayKind::Rest);
    assert!(kind(FRI).is_training());
    assert_eq!(kind(SAT), DayKind::Rest);
    assert_eq!(kind(SUN), DayKind::Rest);
}

#[test]
fn a_missed_day_is_offered_on_the_rest_days_until_the_next_planned_one() {
    let program = program(false);
    assert_eq!(missed_day(&program, &[], date(TUE)), Some(date(MON)));
    assert_eq!(missed_day(&program, &[], date(SAT)), Some(date(FRI)));
    assert_eq!(missed_day(&program, &[], date(SUN)), Some(date(FRI)));
    // Training days show their own session, never a make-up.
    assert_eq!(missed_day(&program, &[], date(WED)), None);
    assert_eq!(missed_day(&program, &[], date(NEXT_MON)), None);
    // Before the plan's first training day there is nothing to miss, and
    // outside the plan nothing is offered.
    assert_eq!(missed_day(&program, &[], date("2026-03-01")), None);
}

#[test]
fn an_older_miss_lapses_once_a_later_planned_day_passed() {
    let program = program(false);
    // Monday and Wednesday both missed: Thursday offers Wednesday only.
    assert_eq!(missed_day(&program, &[], date(THU)), Some(date(WED)));
}

#[test]
fn a_session_done_on_its_day_or_made_up_is_not_offered() {
    let program = program(false);
    let monday = done(&planned(&program, &[], MON), MON);
    assert_eq!(missed_day(&program, &monday, date(TUE)), None);

    let makeup = makeup_session(
        &program,
        &run(&program, &[]),
        &[],
        date(SAT),
        None,
        &settings(),
        Catalog::builtin(),
        &keel_core::catalog::Kit::everything(keel_core::units::Units::Kg),
    )
    .unwrap();
    let on_saturday = done(&makeup, SAT);
    // Saturday's own sets do not take the offer away on Saturday...
    assert_eq!(
        missed_day(&program, &on_saturday, date(SAT)),
        Some(date(FRI))
    );
    // ...but on Sunday the session was made up.
    assert_eq!(missed_day(&program, &on_saturday, date(SUN)), None);
}

#[test]
fn the_makeup_is_the_missed_days_session_dated_today() {
    let program = program(false);
    let replay = run(&program, &[]);
    let makeup = makeup_session(
        &program,
        &replay,
        &[],
        date(TUE),
        None,
        &settings(),
        Catalog::builtin(),
        &keel_core::catalog::Kit::everything(keel_core::units::Units::Kg),
    )
    .expect("a make-up");
    let monday = planned(&program, &[], MON);
    assert_eq!(makeup.date, date(TUE));
    assert_eq!(makeup.makes_up, Some(date(MON)));
    assert_eq!(
        PlannedSession {
            date: monday.date,
            makes_up: None,
            ..makeup.clone()
        },
        monday,
        "everything else is Monday's session"
    );
    assert_eq!(monday.makes_up, None);
}

#[test]
fn sets_logged_on_the_makeup_day_move_the_missed_days_slots() {
    let program = program(false);
    let makeup = makeup_session(
        &program,
        &run(&program, &[]),
        &[],
        date(TUE),
        None,
        &settings(),
        Catalog::builtin(),
        &keel_core::catalog::Kit::everything(keel_core::units::Units::Kg),
    )
    .unwrap();
    let sets = done(&makeup, TUE);
    let replay = run(&program, &sets);
    for slot in makeup.slots.iter().chain(makeup.transfer.iter()) {
        assert!(
            replay
                .decisions
                .iter()
                .any(|d| d.date == date(TUE) && d.slot == slot.key),
            "{} logged on {TUE} was decided as an exposure of Monday's slot",
            slot.exercise.as_str()
        );
    }
}

#[test]
fn on_a_light_day_the_makeup_takes_the_light_sessions_place() {
    let program = program(true);
    let (_, tuesday) = program.day(date(TUE)).unwrap();
    assert_eq!(tuesday.kind, DayKind::Light);
    assert_eq!(missed_day(&program, &[], date(TUE)), Some(date(MON)));

    // Sets of a light session (Saturday's) do not make up Friday.
    let light = planned(&program, &[], SAT);
    assert!(light.slots.iter().all(|s| s.key.day == DayKind::Light));
    let light_sets = done(&light, SAT);
    assert!(!light_sets.is_empty());
    assert_eq!(
        missed_day(&program, &light_sets, date(SUN)),
        Some(date(FRI))
    );
}
