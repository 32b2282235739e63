//! The backend conformance suite: one story of writes and reads that every
//! [`Store`] must pass identically (SQLite in `tests/conformance.rs`,
//! PostgreSQL in keel-store-postgres). Each scenario takes a fresh, empty
//! store and panics, naming what differs, when the backend breaks the
//! contract. Nothing here knows which backend it runs on.
#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod accounts;
mod carried;

pub use carried::{carried_decisions_skip_halts_and_later_versions, halt};

use std::error::Error as _;

use jiff::civil::{Date, date};
use keel_core::InputError;
use keel_core::assessment::{AssessmentInput, EnduranceHolds, Mobility, MovementQuality};
use keel_core::catalog::{Equipment, ExerciseId};
use keel_core::engine::{
    Action, Amount, Change, Decision, EngineSettings, ExposureKind, FormFault, MorningCheck,
    ReadinessCheck, SetLog,
};
use keel_core::history::{ExerciseRef, HalfRpe, ImportSource, ImportedSet, SetKind};
use keel_core::measure::{Pain, ReachCm, Readiness, Rpe, Score03, Seconds};
use keel_core::profile::{Profile, Sex, TrainingAge, TrainingDays};
use keel_core::program::{DayKind, Load, Prescription, Program};
use keel_core::redflag::RedFlag;
use keel_core::settings::PlanSettings;
use keel_core::training::{LoggedSet, SlotDecision, SlotKey};

use crate::{
    AddedSet, CheckIn, DecisionsTail, ImportedSelection, Part, ProgramStatus, RevisionedStore,
    SafetyEvent, ScreenContext, SessionPart, SessionSummary, Store, StoreError, StoredSet,
    TrainingSession, Write,
};

/// Every scenario, named once: `conformance_tests!(FRESH)` writes one
/// `#[test]` per scenario, named after it, so a failure names its scenario.
/// `FRESH` is an expression evaluated anew for each test, giving
/// `Option<T>` where `T` dereferences to a `Store`: a fresh, empty
/// database, or `None` to skip (a test server that is not configured).
#[macro_export]
macro_rules! conformance_tests {
    ($fresh:expr) => {
        $crate::conformance_tests!(@each $fresh;
            empty_store_reads_empty,
            profile_and_settings_round_trip,
            invalid_settings_are_refused,
            onboarding_story_reads_back,
            plans_are_versioned,
            plan_links_to_latest_assessment_by_date,
            plan_link_needs_an_assessment,
            status_follows_the_safety_log,
            sets_group_into_numbered_sessions,
            sessions_filter_by_date_range,
            sessions_link_the_current_plan,
            sessions_of_plan_read_one_version,
            sets_update_and_delete_by_id,
            a_corrected_date_moves_the_set,
            deleting_a_session_deletes_its_sets,
            unknown_ids_are_refused_and_change_nothing,
            summaries_update_only_given_fields,
            further_sessions_are_kept_beside_the_first,
            check_ins_read_by_date_then_recorded,
            mornings_and_readiness_since_a_day,
            decisions_are_replaced_per_plan_version,
            carried_decisions_skip_halts_and_later_versions,
            imports_are_idempotent_by_key,
            import_batches_store_one_import_or_nothing,
            imported_pounds_read_back_exactly,
            imported_sets_delete_by_day_or_import,
            a_failing_batch_writes_nothing,
            every_write_but_decisions_moves_the_revision,
            a_set_is_added_only_while_unchanged,
            a_request_key_is_stored_with_its_write,
            a_keyed_set_is_added_once,
            outcomes_and_questionnaires_round_trip,
            calendar_state_round_trips,
        );
    };
    (@each $fresh:expr; $($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                #[allow(unused_mut)]
                if let Some(mut fresh) = $fresh {
                    $crate::conformance::$name(&mut *fresh);
                }
            }
        )*
    };
}

/// Gives an account a whole story (onboarding, a set, a check-in, an
/// import), so a scenario run for another account of the same database
/// shows whether accounts' data stay apart.
pub fn a_neighbour_trains(store: &mut dyn Store) {
    write_onboarding_story(store);
    store
        .apply(vec![
            Write::AddSet(set(MON, "side-bridge", 25)),
            Write::AddCheckIn(morning(WED, 4)),
            Write::Import {
                sets: vec![imported("2024-06-18", rdl(), 1)],
            },
        ])
        .unwrap();
}

// ---- values ---------------------------------------------------------------

const MON: Date = date(2026, 3, 2);
const TUE: Date = date(2026, 3, 3);
const WED: Date = date(2026, 3, 4);
const FRI: Date = date(2026, 3, 6);

pub fn secs(n: i64) -> Seconds {
    Seconds::new(n).unwrap()
}

pub fn profile() -> Profile {
    Profile {
        name: Some("Ana".into()),
        sex: Some(Sex::Female),
        training_age: TrainingAge::Intermediate,
        training_days: TrainingDays::parse("mon,wed,fri").unwrap(),
        light_days: true,
        equipment: vec![Equipment::Kettlebell, Equipment::Band],
        pain_now: Pain::new(2).unwrap(),
        units: Default::default(),
        inventory: Default::default(),
    }
}

pub fn settings() -> PlanSettings {
    let mut s = PlanSettings::default();
    s.set("block-weeks", "4").unwrap();
    s.set("region-cap", "40").unwrap();
    s
}

fn engine() -> EngineSettings {
    let mut e = EngineSettings::default();
    e.set("hold-step", "7").unwrap();
    e.set("pain-green-max", "1").unwrap();
    e
}

pub fn assessment(on: Date, extensor: i64) -> AssessmentInput {
    AssessmentInput {
        date: on,
        holds: EnduranceHolds {
            extensor: Some(secs(extensor)),
            flexor: Some(secs(90)),
            side_bridge_right: Some(secs(60)),
            side_bridge_left: Some(secs(55)),
            prone_plank: None,
        },
        movement: MovementQuality {
            hip_hinge: Some(Score03::new(2).unwrap()),
            bird_dog: Some(Score03::new(3).unwrap()),
            dead_bug: None,
        },
        mobility: Mobility {
            toe_touch_cm: Some(ReachCm::new(-4).unwrap()),
            thomas_left: Some(true),
            thomas_right: Some(false),
            ..Mobility::default()
        },
        pain_now: Some(Pain::new(1).unwrap()),
    }
}

pub fn program(start: Date) -> Program {
    Program {
        start,
        settings: PlanSettings::default(),
        weeks: vec![],
    }
}

pub fn add_plan(on: Date, link: bool) -> Write {
    Write::AddPlan {
        created_on: on,
        program: program(on),
        link_latest_assessment: link,
    }
}

pub fn plan_writes(on: Date) -> Vec<Write> {
    vec![
        Write::AddAssessment(assessment(on, 120)),
        add_plan(on, true),
    ]
}

pub fn screen(on: Date, context: ScreenContext, flags: Vec<RedFlag>) -> Write {
    Write::Safety(SafetyEvent::Screen {
        date: on,
        context,
        flags,
    })
}

pub fn resume(on: Date, note: &str) -> Write {
    Write::Safety(SafetyEvent::Resume {
        date: on,
        note: note.into(),
    })
}

pub fn slot(day: DayKind, planned: &str) -> SlotKey {
    SlotKey {
        block: 1,
        day,
        planned: ExerciseId::new(planned),
    }
}

pub fn hold(seconds: i64) -> Prescription {
    Prescription::Hold {
        sets: 3,
        seconds: secs(seconds),
        per_side: false,
        extra_sets_on: None,
        load: Load::Bodyweight,
        pyramid: Vec::new(),
    }
}

/// A hold set on `on` for the `planned` slot, held `actual` of 30 seconds.
pub fn set(on: Date, planned: &str, actual: i64) -> LoggedSet {
    LoggedSet {
        date: on,
        slot: slot(DayKind::A, planned),
        exercise: ExerciseId::new(planned),
        prescription: hold(30),
        kind: ExposureKind::Normal,
        set: SetLog {
            target: Amount::Seconds(secs(30)),
            actual: Amount::Seconds(secs(actual)),
            sides: None,
            load: Load::Bodyweight,
            rpe: Some(Rpe::new(6).unwrap()),
            quality_reps: None,
            faults: vec![],
            pain: Pain::new(0).unwrap(),
            sharp_pain: false,
            note: None,
        },
    }
}

/// A loaded rep set with faults, a note and a swapped exercise: every field set.
pub fn rich_set(on: Date) -> LoggedSet {
    LoggedSet {
        date: on,
        slot: slot(DayKind::B, "kettlebell-deadlift"),
        exercise: ExerciseId::new("hip-hinge-dowel"),
        prescription: Prescription::Reps {
            sets: 3,
            reps_min: 8,
            reps_max: 12,
            per_side: false,
            tempo: None,
            load: Load::Kg { kg: 16.5 },
            target_rpe: Rpe::new(7).unwrap(),
        },
        kind: ExposureKind::Reduced,
        set: SetLog {
            target: Amount::Reps(12),
            actual: Amount::Reps(9),
            sides: None,
            load: Load::Kg { kg: 16.5 },
            rpe: Some(Rpe::new(8).unwrap()),
            quality_reps: Some(7),
            faults: vec![FormFault::LumbarRounding, FormFault::EarlyTermination],
            pain: Pain::new(2).unwrap(),
            sharp_pain: false,
            note: Some("grip gave out, «ünïcode» ok".into()),
        },
    }
}

pub fn decision(on: Date, planned: &str, to: i64) -> SlotDecision {
    SlotDecision {
        date: on,
        slot: slot(DayKind::A, planned),
        decision: Decision {
            action: Action::Progress {
                change: Change::Seconds {
                    from: secs(30),
                    to: secs(to),
                },
            },
            exercise: ExerciseId::new(planned),
            prescription: hold(to),
            next_kind: ExposureKind::Normal,
            working: hold(to),
            reasons: vec![format!("two sessions at target: {to} s next")],
            cues: vec![],
        },
    }
}

pub fn readiness(on: Date, sleep: i64) -> CheckIn {
    let r = |n| Readiness::new(n).unwrap();
    CheckIn::Readiness {
        date: on,
        check: ReadinessCheck {
            sleep: r(sleep),
            fatigue: r(2),
            stress: r(3),
            soreness: r(2),
        },
    }
}

pub fn morning(on: Date, soreness: i64) -> CheckIn {
    CheckIn::Morning(MorningCheck {
        date: on,
        pain_back_to_usual: true,
        stiffness_back_to_usual: false,
        soreness: Pain::new(soreness).unwrap(),
    })
}

pub fn imported(day: &str, exercise: ExerciseRef, position: u32) -> ImportedSet {
    let name = match &exercise {
        ExerciseRef::Catalog(id) => id.as_str().to_string(),
        ExerciseRef::Own(name) => name.clone(),
    };
    ImportedSet {
        source: ImportSource::Strong,
        started_at: format!("{day}T18:00:00").parse().unwrap(),
        workout: "Legs".into(),
        workout_seconds: Some(3600),
        exercise,
        exercise_name: name,
        position,
        kind: SetKind::Normal,
        weight_kg: Some(60.5),
        reps: Some(8),
        seconds: None,
        metres: Some(0.1 + 0.2),
        rpe: Some(HalfRpe::new(7.5).unwrap()),
        notes: Some("ok".into()),
        workout_notes: None,
    }
}

pub fn own(name: &str) -> ExerciseRef {
    ExerciseRef::Own(name.into())
}

pub fn rdl() -> ExerciseRef {
    ExerciseRef::Catalog(ExerciseId::new("romanian-deadlift"))
}

// ---- helpers --------------------------------------------------------------

pub fn all_sessions(store: &dyn Store) -> Vec<TrainingSession> {
    store.sessions(None, None).unwrap()
}

pub fn logged(session: &TrainingSession) -> Vec<LoggedSet> {
    session.sets.iter().map(|s| s.logged.clone()).collect()
}

pub fn numbers(session: &TrainingSession) -> Vec<u32> {
    session.sets.iter().map(|s| s.number).collect()
}

pub fn set_ids(store: &dyn Store) -> Vec<i64> {
    all_sessions(store)
        .iter()
        .flat_map(|s| s.sets.iter().map(|set| set.id))
        .collect()
}

/// The `InputError` a refused write carries (what makes the CLI exit 2).
fn refused(result: crate::Result<()>) -> InputError {
    let err = result.expect_err("the write should have been refused");
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    err.source()
        .and_then(|s| s.downcast_ref::<InputError>())
        .expect("an InputError in the chain")
        .clone()
}

fn assert_empty(store: &dyn Store) {
    assert_eq!(store.profile().unwrap(), None);
    assert_eq!(store.settings().unwrap(), PlanSettings::default());
    assert_eq!(store.engine_settings().unwrap(), None);
    assert!(store.assessments().unwrap().is_empty());
    assert!(store.safety_events().unwrap().is_empty());
    assert!(store.plans().unwrap().is_empty());
    assert_eq!(store.current_plan().unwrap(), None);
    assert!(all_sessions(store).is_empty());
    assert!(store.check_ins().unwrap().is_empty());
    assert!(store.imported_sets(None, None).unwrap().is_empty());
    assert!(store.imported_keys().unwrap().is_empty());
    assert!(store.user_exercises().unwrap().is_empty());
    assert!(store.outcomes().unwrap().is_empty());
    assert!(store.questionnaires().unwrap().is_empty());
    assert_eq!(store.status().unwrap(), ProgramStatus::Active);
}

// ---- scenarios ------------------------------------------------------------

pub fn empty_store_reads_empty(store: &mut dyn Store) {
    assert_empty(store);
    assert!(store.decisions(1).unwrap().is_empty());
    // An empty batch is a no-op, not an error.
    store.apply(vec![]).unwrap();
    assert_empty(store);
}

pub fn profile_and_settings_round_trip(store: &mut dyn Store) {
    store
        .apply(vec![
            Write::SaveProfile(profile()),
            Write::SaveSettings(settings()),
            Write::SaveEngineSettings(engine()),
        ])
        .unwrap();
    assert_eq!(store.profile().unwrap(), Some(profile()));
    assert_eq!(store.settings().unwrap(), settings());
    assert_eq!(store.engine_settings().unwrap(), Some(engine()));

    // The last save wins.
    let changed = Profile {
        name: None,
        ..profile()
    };
    store
        .apply(vec![
            Write::SaveProfile(changed.clone()),
            Write::SaveSettings(PlanSettings::default()),
            Write::SaveEngineSettings(EngineSettings::default()),
        ])
        .unwrap();
    assert_eq!(store.profile().unwrap(), Some(changed));
    assert_eq!(store.settings().unwrap(), PlanSettings::default());
    assert_eq!(
        store.engine_settings().unwrap(),
        Some(EngineSettings::default())
    );
}

pub fn invalid_settings_are_refused(store: &mut dyn Store) {
    let bad = PlanSettings {
        blocks: 9,
        ..PlanSettings::default()
    };
    let err = refused(store.apply(vec![
        Write::SaveProfile(profile()),
        Write::SaveSettings(bad),
    ]));
    assert_eq!(err.field, "blocks");
    let bad_engine = EngineSettings {
        progress_streak: 99,
        ..EngineSettings::default()
    };
    refused(store.apply(vec![
        Write::SaveProfile(profile()),
        Write::SaveEngineSettings(bad_engine),
    ]));
    assert_empty(store);
}

/// The onboarding story's writes: onboarding in one batch (the plan linked
/// to its assessment), a red-flag halt, a resume, and a retest with a new plan.
pub fn write_onboarding_story(store: &mut dyn Store) {
    store
        .apply(vec![
            Write::SaveProfile(profile()),
            Write::SaveSettings(settings()),
            screen(date(2026, 3, 2), ScreenContext::Onboarding, vec![]),
            Write::AddAssessment(assessment(date(2026, 3, 2), 120)),
            add_plan(date(2026, 3, 2), true),
        ])
        .unwrap();
    store
        .apply(vec![screen(
            date(2026, 3, 20),
            ScreenContext::PainEntry,
            vec![RedFlag::NumbnessOrTingling, RedFlag::NightPain],
        )])
        .unwrap();
    store
        .apply(vec![resume(date(2026, 3, 27), "cleared by my physio")])
        .unwrap();
    store
        .apply(vec![
            screen(date(2026, 4, 13), ScreenContext::Retest, vec![]),
            Write::AddAssessment(assessment(date(2026, 4, 13), 150)),
            add_plan(date(2026, 4, 13), true),
        ])
        .unwrap();
}

/// Onboarding, a halt, a resume and a retest; every read agrees.
pub fn onboarding_story_reads_back(store: &mut dyn Store) {
    let first = assessment(date(2026, 3, 2), 120);
    let retest = assessment(date(2026, 4, 13), 150);
    let flags = vec![RedFlag::NumbnessOrTingling, RedFlag::NightPain];
    write_onboarding_story(store);

    let assessments = store.assessments().unwrap();
    let inputs: Vec<_> = assessments.iter().map(|a| a.input.clone()).collect();
    assert_eq!(inputs, vec![first, retest]);
    assert!(assessments[0].id != assessments[1].id);
    assert_eq!(
        store.safety_events().unwrap(),
        vec![
            SafetyEvent::Screen {
                date: date(2026, 3, 2),
                context: ScreenContext::Onboarding,
                flags: vec![],
            },
            SafetyEvent::Screen {
                date: date(2026, 3, 20),
                context: ScreenContext::PainEntry,
                flags,
            },
            SafetyEvent::Resume {
                date: date(2026, 3, 27),
                note: "cleared by my physio".into(),
            },
            SafetyEvent::Screen {
                date: date(2026, 4, 13),
                context: ScreenContext::Retest,
                flags: vec![],
            },
        ]
    );
    let plans = store.plans().unwrap();
    assert_eq!(plans.len(), 2);
    assert_eq!(plans[0].version, 1);
    assert_eq!(plans[0].created_on, date(2026, 3, 2));
    assert_eq!(plans[0].program, program(date(2026, 3, 2)));
    assert_eq!(plans[0].assessment_id, Some(assessments[0].id));
    assert_eq!(plans[1].version, 2);
    assert_eq!(plans[1].assessment_id, Some(assessments[1].id));
    assert_eq!(store.current_plan().unwrap().as_ref(), plans.last());
    assert_eq!(store.status().unwrap(), ProgramStatus::Active);
    // Reading twice gives the same values (ids, timestamps).
    assert_eq!(store.assessments().unwrap(), assessments);
    assert_eq!(store.plans().unwrap(), plans);
}

pub fn plans_are_versioned(store: &mut dyn Store) {
    store
        .apply(vec![Write::AddAssessment(assessment(MON, 100))])
        .unwrap();
    store.apply(vec![add_plan(MON, true)]).unwrap();
    let v1 = store.current_plan().unwrap().unwrap();
    store
        .apply(vec![add_plan(date(2026, 3, 9), false)])
        .unwrap();
    store
        .apply(vec![add_plan(date(2026, 3, 16), true)])
        .unwrap();
    let plans = store.plans().unwrap();
    let versions: Vec<i64> = plans.iter().map(|p| p.version).collect();
    assert_eq!(versions, vec![1, 2, 3]);
    assert_eq!(plans[0], v1, "the first version is kept unchanged");
    assert_eq!(plans[1].program.start, date(2026, 3, 9));
    assert_eq!(plans[1].assessment_id, None, "not linked when not asked");
    assert_eq!(plans[2].assessment_id, v1.assessment_id);
    let current = store.current_plan().unwrap().unwrap();
    assert_eq!(
        (current.version, current.created_on),
        (3, date(2026, 3, 16))
    );
}

pub fn plan_links_to_latest_assessment_by_date(store: &mut dyn Store) {
    store
        .apply(vec![
            Write::AddAssessment(assessment(date(2026, 4, 13), 150)),
            // Back-filled afterwards: older date, recorded later.
            Write::AddAssessment(assessment(date(2026, 3, 2), 120)),
            add_plan(date(2026, 4, 13), true),
        ])
        .unwrap();
    let assessments = store.assessments().unwrap();
    let dates: Vec<Date> = assessments.iter().map(|a| a.input.date).collect();
    assert_eq!(dates, vec![date(2026, 3, 2), date(2026, 4, 13)]);
    let plan = store.current_plan().unwrap().unwrap();
    assert_eq!(plan.assessment_id, Some(assessments[1].id));
}

pub fn plan_link_needs_an_assessment(store: &mut dyn Store) {
    let err = refused(store.apply(vec![
        Write::SaveProfile(profile()),
        screen(MON, ScreenContext::Onboarding, vec![]),
        add_plan(MON, true),
    ]));
    assert_eq!(err.field, "plan");
    assert_empty(store);
}

pub fn status_follows_the_safety_log(store: &mut dyn Store) {
    store
        .apply(vec![screen(MON, ScreenContext::Onboarding, vec![])])
        .unwrap();
    assert_eq!(store.status().unwrap(), ProgramStatus::Active);
    store
        .apply(vec![screen(
            date(2026, 3, 10),
            ScreenContext::PainEntry,
            vec![RedFlag::LegWeakness],
        )])
        .unwrap();
    let halted = ProgramStatus::Halted {
        since: date(2026, 3, 10),
        flags: vec![RedFlag::LegWeakness],
    };
    assert_eq!(store.status().unwrap(), halted);
    // A clear screen does not lift a halt; another flag does not move it.
    store
        .apply(vec![
            screen(date(2026, 3, 12), ScreenContext::PainEntry, vec![]),
            screen(
                date(2026, 3, 13),
                ScreenContext::PainEntry,
                vec![RedFlag::NightPain],
            ),
        ])
        .unwrap();
    assert_eq!(store.status().unwrap(), halted);
    store
        .apply(vec![resume(date(2026, 3, 20), "seen a doctor")])
        .unwrap();
    assert_eq!(store.status().unwrap(), ProgramStatus::Active);
    // The log keeps the order recorded, not the order of dates.
    store
        .apply(vec![screen(
            date(2026, 3, 1),
            ScreenContext::Retest,
            vec![RedFlag::NightPain],
        )])
        .unwrap();
    assert_eq!(
        store.status().unwrap(),
        ProgramStatus::Halted {
            since: date(2026, 3, 1),
            flags: vec![RedFlag::NightPain],
        }
    );
    assert_eq!(store.safety_events().unwrap().len(), 6);
}

pub fn sets_group_into_numbered_sessions(store: &mut dyn Store) {
    // Logged out of date order, and across batches.
    store
        .apply(vec![
            Write::AddSet(set(WED, "side-bridge", 30)),
            Write::AddSet(set(MON, "side-bridge", 25)),
        ])
        .unwrap();
    store
        .apply(vec![
            Write::AddSet(set(WED, "side-bridge", 28)),
            Write::AddSet(rich_set(WED)),
            Write::AddSet(set(MON, "bird-dog", 20)),
        ])
        .unwrap();
    let sessions = all_sessions(store);
    let dates: Vec<Date> = sessions.iter().map(|s| s.date).collect();
    assert_eq!(dates, vec![MON, WED]);
    assert_eq!(numbers(&sessions[0]), vec![1, 2]);
    assert_eq!(
        logged(&sessions[0]),
        vec![set(MON, "side-bridge", 25), set(MON, "bird-dog", 20)]
    );
    assert_eq!(numbers(&sessions[1]), vec![1, 2, 3]);
    assert_eq!(
        logged(&sessions[1]),
        vec![
            set(WED, "side-bridge", 30),
            set(WED, "side-bridge", 28),
            rich_set(WED)
        ]
    );
    let s = &sessions[0];
    assert_eq!(
        (s.plan_version, s.minutes, s.session_rpe, &s.note),
        (None, None, None, &None),
        "no plan yet, no summary yet"
    );
    assert_eq!(all_sessions(store), sessions, "reads are stable");
}

pub fn sessions_filter_by_date_range(store: &mut dyn Store) {
    store
        .apply(
            [MON, WED, FRI]
                .map(|d| Write::AddSet(set(d, "side-bridge", 30)))
                .to_vec(),
        )
        .unwrap();
    let dates = |from, to| -> Vec<Date> {
        store
            .sessions(from, to)
            .unwrap()
            .iter()
            .map(|s| s.date)
            .collect()
    };
    assert_eq!(dates(Some(WED), None), vec![WED, FRI]);
    assert_eq!(dates(None, Some(WED)), vec![MON, WED]);
    assert_eq!(dates(Some(WED), Some(WED)), vec![WED]);
    assert_eq!(dates(Some(TUE), Some(date(2026, 3, 5))), vec![WED]);
    assert!(dates(Some(FRI), Some(MON)).is_empty());
    let wed = store.sessions(Some(WED), Some(WED)).unwrap();
    assert_eq!(logged(&wed[0]), vec![set(WED, "side-bridge", 30)]);
}

pub fn sessions_link_the_current_plan(store: &mut dyn Store) {
    store.apply(plan_writes(MON)).unwrap();
    store
        .apply(vec![Write::AddSet(set(MON, "side-bridge", 30))])
        .unwrap();
    // Monday keeps version 1 until a set is added to it; Wednesday gets
    // version 2. A set added to Monday afterwards is logged against the
    // plan in force, so Monday's session moves to version 2 with it (else
    // the plan's journal would never see the set).
    store.apply(plan_writes(WED)).unwrap();
    assert_eq!(
        all_sessions(store)
            .iter()
            .map(|s| s.plan_version)
            .collect::<Vec<_>>(),
        vec![Some(1)],
        "a new plan alone moves no session"
    );
    store
        .apply(vec![
            Write::AddSet(set(WED, "side-bridge", 30)),
            Write::AddSet(set(MON, "bird-dog", 20)),
            Write::SummarizeSession {
                date: FRI,
                summary: SessionSummary {
                    minutes: Some(12),
                    session_rpe: None,
                    note: Some("light day".into()),
                },
            },
        ])
        .unwrap();
    let sessions = all_sessions(store);
    let versions: Vec<Option<i64>> = sessions.iter().map(|s| s.plan_version).collect();
    assert_eq!(versions, vec![Some(2), Some(2), Some(2)]);
    assert_eq!(
        logged(&sessions[0]),
        vec![set(MON, "side-bridge", 30), set(MON, "bird-dog", 20)],
        "the day's earlier set moved with it"
    );
    let fri = &sessions[2];
    assert_eq!(
        (fri.date, fri.minutes, fri.session_rpe, fri.note.as_deref()),
        (FRI, Some(12), None, Some("light day")),
        "a summary creates the day's session"
    );
    assert!(fri.sets.is_empty());
}

pub fn sessions_of_plan_read_one_version(store: &mut dyn Store) {
    // A session before any plan, one on version 1, three on version 2 (one
    // of them first on version 1, moved by a set added after version 2
    // came).
    let sat = date(2026, 2, 28);
    store
        .apply(vec![Write::AddSet(set(sat, "side-bridge", 20))])
        .unwrap();
    store.apply(plan_writes(MON)).unwrap();
    store
        .apply(vec![
            Write::AddSet(set(MON, "side-bridge", 30)),
            Write::AddSet(set(TUE, "bird-dog", 15)),
        ])
        .unwrap();
    store.apply(plan_writes(WED)).unwrap();
    store
        .apply(vec![
            Write::AddSet(set(FRI, "side-bridge", 31)),
            Write::AddSet(set(WED, "side-bridge", 30)),
            Write::AddSet(set(MON, "bird-dog", 20)),
            Write::AddSet(rich_set(WED)),
        ])
        .unwrap();
    let all = all_sessions(store);
    let of = |version: i64| -> Vec<TrainingSession> {
        all.iter()
            .filter(|s| s.plan_version == Some(version))
            .cloned()
            .collect()
    };
    let v1 = store.sessions_of_plan(1).unwrap();
    assert_eq!(v1, of(1), "version 1: its sessions with all their sets");
    assert_eq!(v1.iter().map(|s| s.date).collect::<Vec<_>>(), vec![TUE]);
    let v2 = store.sessions_of_plan(2).unwrap();
    assert_eq!(v2, of(2), "version 2, oldest first");
    assert_eq!(
        v2.iter().map(|s| s.date).collect::<Vec<_>>(),
        vec![MON, WED, FRI]
    );
    assert_eq!(numbers(&v2[0]), vec![1, 2]);
    assert_eq!(
        logged(&v2[1]),
        vec![set(WED, "side-bridge", 30), rich_set(WED)]
    );
    assert!(
        store.sessions_of_plan(3).unwrap().is_empty(),
        "no such version"
    );
    assert_eq!(
        all.len(),
        5,
        "the plan-less session is kept, just not read here"
    );
}

pub fn sets_update_and_delete_by_id(store: &mut dyn Store) {
    store
        .apply(vec![
            Write::AddSet(set(MON, "side-bridge", 25)),
            Write::AddSet(set(MON, "side-bridge", 26)),
            Write::AddSet(set(MON, "side-bridge", 27)),
        ])
        .unwrap();
    let before = all_sessions(store).remove(0);
    let (first, second, third) = (&before.sets[0], &before.sets[1], &before.sets[2]);
    store
        .apply(vec![Write::UpdateSet {
            id: second.id,
            logged: rich_set(MON),
        }])
        .unwrap();
    let after = all_sessions(store).remove(0);
    assert_eq!(
        after.sets[1],
        StoredSet {
            logged: rich_set(MON),
            ..second.clone()
        },
        "same id, number and recording time; new content"
    );
    assert_eq!(after.sets[0], *first);
    assert_eq!(after.sets[2], *third);

    store
        .apply(vec![Write::DeleteSet { id: first.id }])
        .unwrap();
    let after = all_sessions(store).remove(0);
    let ids: Vec<i64> = after.sets.iter().map(|s| s.id).collect();
    assert_eq!(ids, vec![second.id, third.id]);
    // Numbers are positions at insert; a new set goes after the highest.
    store
        .apply(vec![Write::AddSet(set(MON, "bird-dog", 20))])
        .unwrap();
    assert_eq!(numbers(&all_sessions(store)[0]), vec![2, 3, 4]);

    // Deleting the last sets keeps the session and its summary.
    store
        .apply(vec![Write::SummarizeSession {
            date: MON,
            summary: SessionSummary {
                minutes: Some(20),
                ..SessionSummary::default()
            },
        }])
        .unwrap();
    let writes = set_ids(store)
        .into_iter()
        .map(|id| Write::DeleteSet { id })
        .collect();
    store.apply(writes).unwrap();
    let sessions = all_sessions(store);
    assert_eq!(sessions.len(), 1);
    assert!(sessions[0].sets.is_empty());
    assert_eq!(sessions[0].minutes, Some(20));
}

pub fn a_corrected_date_moves_the_set(store: &mut dyn Store) {
    store
        .apply(vec![
            Write::AddSet(set(MON, "side-bridge", 25)),
            Write::AddSet(set(MON, "side-bridge", 26)),
            Write::AddSet(set(WED, "side-bridge", 30)),
        ])
        .unwrap();
    let moved = all_sessions(store)[0].sets[0].id;
    store
        .apply(vec![Write::UpdateSet {
            id: moved,
            logged: set(WED, "side-bridge", 25),
        }])
        .unwrap();
    let sessions = all_sessions(store);
    assert_eq!(logged(&sessions[0]), vec![set(MON, "side-bridge", 26)]);
    assert_eq!(
        logged(&sessions[1]),
        vec![set(WED, "side-bridge", 30), set(WED, "side-bridge", 25)]
    );
    assert_eq!(sessions[1].sets[1].id, moved);
    assert_eq!(numbers(&sessions[1]), vec![1, 2]);
    // To a day with no session yet: one is created.
    store
        .apply(vec![Write::UpdateSet {
            id: moved,
            logged: set(FRI, "side-bridge", 25),
        }])
        .unwrap();
    let sessions = all_sessions(store);
    assert_eq!(sessions.len(), 3);
    assert_eq!(sessions[2].date, FRI);
    assert_eq!(numbers(&sessions[2]), vec![1]);
}

pub fn deleting_a_session_deletes_its_sets(store: &mut dyn Store) {
    store
        .apply(vec![
            Write::AddSet(set(MON, "side-bridge", 25)),
            Write::AddSet(set(MON, "bird-dog", 20)),
            Write::AddSet(set(WED, "side-bridge", 30)),
        ])
        .unwrap();
    let monday_ids: Vec<i64> = all_sessions(store)[0].sets.iter().map(|s| s.id).collect();
    store
        .apply(vec![Write::DeleteSession { date: MON }])
        .unwrap();
    let sessions = all_sessions(store);
    assert_eq!(sessions.len(), 1);
    assert_eq!(logged(&sessions[0]), vec![set(WED, "side-bridge", 30)]);
    // Monday's sets are gone, not orphaned: their ids are unknown now.
    for id in monday_ids {
        let err = refused(store.apply(vec![Write::DeleteSet { id }]));
        assert_eq!(err.field, "set");
    }
    // A new set on the deleted day starts a fresh session at number 1.
    store
        .apply(vec![Write::AddSet(set(MON, "bird-dog", 22))])
        .unwrap();
    assert_eq!(numbers(&all_sessions(store)[0]), vec![1]);
}

pub fn unknown_ids_are_refused_and_change_nothing(store: &mut dyn Store) {
    store.apply(plan_writes(MON)).unwrap();
    store
        .apply(vec![
            Write::AddSet(set(MON, "side-bridge", 25)),
            Write::AddSet(set(MON, "side-bridge", 26)),
        ])
        .unwrap();
    let before = all_sessions(store);
    let unknown = set_ids(store).iter().max().unwrap() + 100;

    let err = refused(store.apply(vec![
        Write::AddSet(set(WED, "side-bridge", 30)),
        Write::UpdateSet {
            id: unknown,
            logged: set(MON, "side-bridge", 30),
        },
    ]));
    assert_eq!(err.field, "set");
    assert!(
        err.message
            .contains(&format!("no logged set with id {unknown}")),
        "{err}"
    );
    let err = refused(store.apply(vec![
        Write::DeleteSet {
            id: before[0].sets[0].id,
        },
        Write::DeleteSet { id: unknown },
    ]));
    assert!(err.message.contains("no logged set with id"), "{err}");
    let err = refused(store.apply(vec![
        Write::DeleteSession { date: MON },
        Write::DeleteSession { date: FRI },
    ]));
    assert_eq!(err.field, "session");
    assert!(
        err.message.contains("no session logged on 2026-03-06"),
        "{err}"
    );
    let err = refused(store.apply(vec![
        Write::ReplaceDecisions {
            plan_version: 1,
            decisions: vec![decision(MON, "side-bridge", 35)],
        },
        Write::ReplaceDecisions {
            plan_version: 7,
            decisions: vec![decision(MON, "side-bridge", 35)],
        },
    ]));
    assert_eq!(err.field, "plan_version");
    let err = refused(store.apply(vec![
        Write::AddSet(set(WED, "side-bridge", 25)),
        Write::SummarizeSession {
            date: WED,
            summary: SessionSummary {
                minutes: Some(1441),
                ..SessionSummary::default()
            },
        },
    ]));
    assert_eq!(err.field, "minutes");

    assert_eq!(all_sessions(store), before);
    assert!(store.decisions(1).unwrap().is_empty());
}

pub fn summaries_update_only_given_fields(store: &mut dyn Store) {
    store.apply(plan_writes(MON)).unwrap();
    store
        .apply(vec![
            Write::AddSet(set(MON, "side-bridge", 25)),
            Write::AddSet(set(MON, "side-bridge", 26)),
        ])
        .unwrap();
    let sets_before = all_sessions(store)[0].sets.clone();
    store
        .apply(vec![Write::SummarizeSession {
            date: MON,
            summary: SessionSummary {
                minutes: Some(35),
                session_rpe: Some(Rpe::new(6).unwrap()),
                note: None,
            },
        }])
        .unwrap();
    store
        .apply(vec![Write::SummarizeSession {
            date: MON,
            summary: SessionSummary {
                minutes: None,
                session_rpe: Some(Rpe::new(7).unwrap()),
                note: Some("felt strong".into()),
            },
        }])
        .unwrap();
    let session = all_sessions(store).remove(0);
    assert_eq!(session.minutes, Some(35), "kept when not given");
    assert_eq!(session.session_rpe, Some(Rpe::new(7).unwrap()));
    assert_eq!(session.note.as_deref(), Some("felt strong"));
    assert_eq!(session.sets, sets_before);
    assert_eq!(session.plan_version, Some(1));
}

pub fn further_sessions_are_kept_beside_the_first(store: &mut dyn Store) {
    store.apply(plan_writes(MON)).unwrap();
    let rpe = |r| Rpe::new(r).unwrap();
    store
        .apply(vec![Write::SummarizeSession {
            date: MON,
            summary: SessionSummary {
                minutes: Some(30),
                session_rpe: Some(rpe(5)),
                note: None,
            },
        }])
        .unwrap();
    assert!(all_sessions(store)[0].more.is_empty(), "none before");
    for (minutes, r) in [(20, 8), (10, 3)] {
        store
            .apply(vec![Write::AddSessionPart {
                date: MON,
                part: SessionPart {
                    minutes,
                    session_rpe: rpe(r),
                },
            }])
            .unwrap();
    }
    let session = all_sessions(store).remove(0);
    assert_eq!(
        (session.minutes, session.session_rpe),
        (Some(30), Some(rpe(5)))
    );
    assert_eq!(
        session.more,
        vec![
            SessionPart {
                minutes: 20,
                session_rpe: rpe(8)
            },
            SessionPart {
                minutes: 10,
                session_rpe: rpe(3)
            },
        ]
    );
    assert_eq!(session.load(), Some(150 + 160 + 30));
    assert_eq!(session.total_minutes(), Some(60));
    // A further session on a day without one creates the day.
    store
        .apply(vec![Write::AddSessionPart {
            date: WED,
            part: SessionPart {
                minutes: 15,
                session_rpe: rpe(4),
            },
        }])
        .unwrap();
    let wed = all_sessions(store).remove(1);
    assert_eq!((wed.date, wed.load()), (WED, Some(60)));
    // Too long: refused, nothing written.
    let before = all_sessions(store);
    let err = store
        .apply(vec![Write::AddSessionPart {
            date: MON,
            part: SessionPart {
                minutes: 24 * 60 + 1,
                session_rpe: rpe(4),
            },
        }])
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    assert_eq!(all_sessions(store), before);
}

pub fn check_ins_read_by_date_then_recorded(store: &mut dyn Store) {
    store
        .apply(vec![
            Write::AddCheckIn(morning(WED, 4)),
            Write::AddCheckIn(readiness(MON, 2)),
        ])
        .unwrap();
    store
        .apply(vec![
            Write::AddCheckIn(readiness(WED, 5)),
            // A second readiness on Monday: kept, after the first.
            Write::AddCheckIn(readiness(MON, 6)),
        ])
        .unwrap();
    assert_eq!(
        store.check_ins().unwrap(),
        vec![
            readiness(MON, 2),
            readiness(MON, 6),
            morning(WED, 4),
            readiness(WED, 5),
        ]
    );
}

/// `mornings_and_readiness_since` keeps every morning check-in and the
/// readiness check-ins from the day it is given on, in the order of
/// `check_ins`.
pub fn mornings_and_readiness_since_a_day(store: &mut dyn Store) {
    store
        .apply(vec![
            Write::AddCheckIn(readiness(WED, 5)),
            Write::AddCheckIn(morning(MON, 3)),
            Write::AddCheckIn(readiness(MON, 2)),
            Write::AddCheckIn(readiness(TUE, 4)),
            Write::AddCheckIn(morning(WED, 4)),
            Write::AddCheckIn(readiness(TUE, 1)),
        ])
        .unwrap();
    let all = store.check_ins().unwrap();
    assert_eq!(
        store.mornings_and_readiness_since(TUE).unwrap(),
        vec![
            morning(MON, 3),
            readiness(TUE, 4),
            readiness(TUE, 1),
            readiness(WED, 5),
            morning(WED, 4),
        ]
    );
    assert_eq!(store.mornings_and_readiness_since(MON).unwrap(), all);
    let after_all = WED.tomorrow().unwrap();
    assert_eq!(
        store.mornings_and_readiness_since(after_all).unwrap(),
        vec![morning(MON, 3), morning(WED, 4)]
    );
}

pub fn decisions_are_replaced_per_plan_version(store: &mut dyn Store) {
    store.apply(plan_writes(MON)).unwrap();
    store.apply(plan_writes(WED)).unwrap();
    assert!(store.decisions(1).unwrap().is_empty());
    let first = vec![
        decision(MON, "side-bridge", 35),
        decision(MON, "bird-dog", 25),
        decision(WED, "side-bridge", 40),
    ];
    let other = vec![decision(WED, "dead-bug", 45)];
    store
        .apply(vec![
            Write::ReplaceDecisions {
                plan_version: 1,
                decisions: first.clone(),
            },
            Write::ReplaceDecisions {
                plan_version: 2,
                decisions: other.clone(),
            },
        ])
        .unwrap();
    assert_eq!(store.decisions(1).unwrap(), first);
    assert_eq!(store.decisions(2).unwrap(), other);
    let replayed = vec![
        decision(WED, "side-bridge", 40),
        decision(MON, "bird-dog", 30),
    ];
    store
        .apply(vec![Write::ReplaceDecisions {
            plan_version: 1,
            decisions: replayed.clone(),
        }])
        .unwrap();
    assert_eq!(
        store.decisions(1).unwrap(),
        replayed,
        "the new list, in order"
    );
    assert_eq!(store.decisions(2).unwrap(), other);
    // A replay that keeps the start and changes or adds at the end (what
    // one more set does), then one that is shorter.
    let longer = vec![
        decision(WED, "side-bridge", 40),
        decision(MON, "bird-dog", 35),
        decision(FRI, "dead-bug", 20),
    ];
    let replace = |store: &mut dyn Store, decisions: &Vec<SlotDecision>| {
        store
            .apply(vec![Write::ReplaceDecisions {
                plan_version: 1,
                decisions: decisions.clone(),
            }])
            .unwrap();
        assert_eq!(&store.decisions(1).unwrap(), decisions);
    };
    replace(store, &longer);
    replace(store, &longer);
    replace(store, &longer[..1].to_vec());
    assert_eq!(store.decisions(2).unwrap(), other);
    store
        .apply(vec![Write::ReplaceDecisions {
            plan_version: 1,
            decisions: vec![],
        }])
        .unwrap();
    assert!(store.decisions(1).unwrap().is_empty());
    assert!(store.decisions(3).unwrap().is_empty());
}

pub fn imports_are_idempotent_by_key(store: &mut dyn Store) {
    let sets = vec![
        imported("2024-06-18", rdl(), 1),
        imported("2024-06-18", rdl(), 2),
        imported("2024-06-18", own("Leg Press"), 1),
        imported("2024-06-19", own("leg press"), 1),
        imported("2024-06-20", own("Curl"), 1),
        imported("2024-06-20", own("ab wheel"), 1),
    ];
    store
        .apply(vec![Write::Import { sets: sets.clone() }])
        .unwrap();
    store
        .apply(vec![Write::Import { sets: sets.clone() }])
        .unwrap();
    assert_eq!(store.imported_sets(None, None).unwrap(), sets);
    let keys = store.imported_keys().unwrap();
    assert_eq!(keys.len(), sets.len());
    assert!(sets.iter().all(|s| keys.contains(&s.key())));
    // Names compare without case: "leg press" is the same exercise.
    assert_eq!(
        store.user_exercises().unwrap(),
        ["ab wheel", "Curl", "Leg Press"]
    );
    let range = store
        .imported_sets(Some(date(2024, 6, 19)), Some(date(2024, 6, 19)))
        .unwrap();
    assert_eq!(range, sets[3..4]);
    // Imported history is not the training log.
    assert!(all_sessions(store).is_empty());
}

/// Sets given in batches are one import, stored whole: a failing batch
/// (a bad row later in the file) rolls back the batches before it, and no
/// set at all writes nothing, not even the revision.
pub fn import_batches_store_one_import_or_nothing(store: &mut dyn RevisionedStore) {
    let sets = vec![
        imported("2024-06-18", rdl(), 1),
        imported("2024-06-18", own("Leg Press"), 1),
        imported("2024-06-19", rdl(), 1),
    ];
    let before = store.revision().unwrap();
    store.import_batches(&mut std::iter::empty()).unwrap();
    assert_eq!(store.revision().unwrap(), before);
    let bad_row = || InputError::new("FILE", "line 9: no date");
    let failing = vec![
        Ok(sets[..2].to_vec()),
        Err(crate::StoreError::Invalid(bad_row())),
    ];
    assert_eq!(
        refused(store.import_batches(&mut failing.into_iter())),
        bad_row()
    );
    assert!(store.imported_sets(None, None).unwrap().is_empty());
    assert!(store.user_exercises().unwrap().is_empty());
    assert_eq!(store.revision().unwrap(), before);

    let batches = vec![
        Ok(sets[..2].to_vec()),
        Ok(Vec::new()),
        Ok(sets[2..].to_vec()),
    ];
    store.import_batches(&mut batches.into_iter()).unwrap();
    assert_eq!(store.imported_sets(None, None).unwrap(), sets);
    assert_eq!(store.user_exercises().unwrap(), ["Leg Press"]);
    let imports = store.imports().unwrap();
    assert_eq!(imports.len(), 1);
    assert_eq!(imports[0].sets, 3);
    assert_ne!(store.revision().unwrap(), before);
}

/// Imports are listed with their sets and days; imported sets are deleted
/// by day or by import, in the caller's batch (all or nothing), and the
/// user's own exercises stay.
pub fn imported_sets_delete_by_day_or_import(store: &mut dyn Store) {
    let sets = vec![
        imported("2024-06-18", rdl(), 1),
        imported("2024-06-18", own("Leg Press"), 1),
        imported("2024-06-19", rdl(), 1),
        imported("2024-06-20", own("Curl"), 1),
    ];
    store
        .apply(vec![Write::Import { sets: sets.clone() }])
        .unwrap();
    let imports = store.imports().unwrap();
    assert_eq!(imports.len(), 1, "{imports:?}");
    let batch = &imports[0];
    assert_eq!(batch.source, ImportSource::Strong);
    assert_eq!(batch.sets, 4);
    assert_eq!(
        (batch.first, batch.last),
        (date(2024, 6, 18), date(2024, 6, 20))
    );
    // A refused batch deletes nothing.
    refused(store.apply(vec![
        Write::DeleteImported(ImportedSelection::Day(date(2024, 6, 18))),
        Write::UpdateSet {
            id: 12345,
            logged: set(MON, "side-bridge", 31),
        },
    ]));
    assert_eq!(store.imported_sets(None, None).unwrap(), sets);
    store
        .apply(vec![Write::DeleteImported(ImportedSelection::Day(date(
            2024, 6, 18,
        )))])
        .unwrap();
    assert_eq!(store.imported_sets(None, None).unwrap(), sets[2..]);
    assert_eq!(store.imports().unwrap()[0].sets, 2);
    assert!(!store.imported_keys().unwrap().contains(&sets[0].key()));
    // An unknown import id deletes nothing.
    store
        .apply(vec![Write::DeleteImported(ImportedSelection::Import(
            batch.id + 1,
        ))])
        .unwrap();
    assert_eq!(store.imported_sets(None, None).unwrap().len(), 2);
    store
        .apply(vec![Write::DeleteImported(ImportedSelection::Import(
            batch.id,
        ))])
        .unwrap();
    assert!(store.imported_sets(None, None).unwrap().is_empty());
    assert!(store.imports().unwrap().is_empty());
    assert_eq!(store.user_exercises().unwrap(), ["Curl", "Leg Press"]);
    // Deleted sets import again.
    store
        .apply(vec![Write::Import { sets: sets.clone() }])
        .unwrap();
    assert_eq!(store.imported_sets(None, None).unwrap(), sets);
}

/// A batch whose last write is refused leaves nothing of its earlier writes,
/// whatever tables they touched.
/// Weights in pounds and distances in miles, converted as an imperial
/// import does: each reads back bit for bit, so its key still agrees.
pub fn imported_pounds_read_back_exactly(store: &mut dyn Store) {
    let sets: Vec<ImportedSet> = (1..=400u32)
        .map(|n| {
            let mut set = imported("2024-06-18", own("Leg Press"), n);
            let pounds = f64::from(n) * 2.5;
            set.weight_kg = Some(pounds * keel_core::history::KG_PER_LB);
            set.metres = Some(f64::from(n) / 10.0 * keel_core::history::METRES_PER_MILE);
            set
        })
        .collect();
    store
        .apply(vec![Write::Import { sets: sets.clone() }])
        .unwrap();
    let back = store.imported_sets(None, None).unwrap();
    assert_eq!(back, sets, "every weight and distance reads back exactly");
    let keys = store.imported_keys().unwrap();
    assert!(back.iter().all(|s| keys.contains(&s.key())));
    // Importing the same file again adds nothing.
    store.apply(vec![Write::Import { sets }]).unwrap();
    assert_eq!(store.imported_sets(None, None).unwrap().len(), 400);
}

pub fn a_failing_batch_writes_nothing(store: &mut dyn Store) {
    let err = refused(store.apply(vec![
        Write::SaveProfile(profile()),
        Write::SaveSettings(settings()),
        Write::SaveEngineSettings(engine()),
        screen(MON, ScreenContext::Onboarding, vec![]),
        Write::AddAssessment(assessment(MON, 120)),
        add_plan(MON, true),
        Write::AddSet(set(MON, "side-bridge", 30)),
        Write::SummarizeSession {
            date: MON,
            summary: SessionSummary {
                minutes: Some(25),
                ..SessionSummary::default()
            },
        },
        Write::AddCheckIn(morning(TUE, 2)),
        Write::ReplaceDecisions {
            plan_version: 1,
            decisions: vec![decision(MON, "side-bridge", 35)],
        },
        Write::Import {
            sets: vec![imported("2024-06-18", own("Leg Press"), 1)],
        },
        Write::UpdateSet {
            id: 12345,
            logged: set(MON, "side-bridge", 31),
        },
    ]));
    assert_eq!(err.field, "set");
    assert_empty(store);
    assert!(store.decisions(1).unwrap().is_empty());
}

/// Every kind of write moves its part of the revision and no other, to a
/// count never seen before; a batch moves each part it touches; a refused
/// batch moves nothing. The kept journal is only as fresh as this rule.
pub fn every_write_but_decisions_moves_the_revision(store: &mut dyn RevisionedStore) {
    let mut seen = vec![store.revision().unwrap()];
    let mut moves = |store: &mut dyn RevisionedStore, parts: &[Part], writes: Vec<Write>| {
        let what = format!("{writes:?}");
        let before = store.revision().unwrap();
        store.apply(writes).unwrap();
        let now = store.revision().unwrap();
        for part in Part::ALL {
            assert_eq!(
                before.of(part) != now.of(part),
                parts.contains(&part),
                "{part:?} after {what}"
            );
        }
        assert!(!seen.contains(&now), "{now:?} was seen before {what}");
        seen.push(now);
    };
    moves(store, &[Part::Setup], vec![Write::SaveProfile(profile())]);
    moves(store, &[Part::Setup], vec![Write::SaveSettings(settings())]);
    moves(
        store,
        &[Part::Setup],
        vec![Write::SetTrainingTime(Some("07:30".into()))],
    );
    moves(
        store,
        &[Part::Setup],
        // Token hashes are unique across users: each scenario its own.
        vec![Write::SetCalendarFeed(Some("ef".repeat(32)))],
    );
    moves(
        store,
        &[Part::Setup],
        vec![Write::SaveEngineSettings(engine())],
    );
    moves(
        store,
        &[Part::Records],
        vec![Write::AddAssessment(assessment(MON, 120))],
    );
    moves(store, &[Part::Plans], vec![add_plan(MON, true)]);
    moves(
        store,
        &[Part::Safety],
        vec![screen(MON, ScreenContext::PainEntry, vec![])],
    );
    moves(
        store,
        &[Part::Log],
        vec![Write::AddSet(set(MON, "side-bridge", 30))],
    );
    let id = set_ids(store)[0];
    moves(
        store,
        &[Part::Log],
        vec![Write::UpdateSet {
            id,
            logged: set(MON, "side-bridge", 31),
        }],
    );
    moves(
        store,
        &[Part::Log],
        vec![Write::SummarizeSession {
            date: MON,
            summary: SessionSummary {
                minutes: Some(25),
                ..SessionSummary::default()
            },
        }],
    );
    moves(
        store,
        &[Part::CheckIns],
        vec![Write::AddCheckIn(morning(TUE, 2))],
    );
    moves(store, &[Part::Log], vec![Write::DeleteSet { id }]);
    moves(
        store,
        &[Part::Log],
        vec![Write::AddSet(set(WED, "side-bridge", 30))],
    );
    moves(
        store,
        &[Part::Log],
        vec![Write::DeleteSession { date: WED }],
    );
    moves(
        store,
        &[Part::Records],
        vec![Write::Import {
            sets: vec![imported("2024-06-18", own("Leg Press"), 1)],
        }],
    );
    moves(
        store,
        &[Part::Records],
        vec![Write::DeleteImported(ImportedSelection::Day(date(
            2024, 6, 18,
        )))],
    );
    moves(
        store,
        &[Part::Records],
        vec![Write::AddOutcome(
            keel_core::outcome::nprs(FRI, Some(4)).unwrap(),
        )],
    );
    moves(
        store,
        &[Part::Log, Part::Safety],
        vec![
            Write::AddSet(set(FRI, "side-bridge", 30)),
            screen(FRI, ScreenContext::PainEntry, vec![]),
            Write::AddSet(set(FRI, "side-bridge", 25)),
        ],
    );
    moves(
        store,
        &[Part::Decisions],
        vec![Write::ReplaceDecisions {
            plan_version: 1,
            decisions: vec![decision(MON, "side-bridge", 35)],
        }],
    );
    let kept = store.revision().unwrap();
    refused(store.apply(vec![
        Write::AddSet(set(FRI, "side-bridge", 30)),
        Write::DeleteSet { id: 12345 },
    ]));
    assert_eq!(
        store.revision().unwrap(),
        kept,
        "a refused batch changed it"
    );
}

/// [`crate::Revisioned::add_set_if_unchanged`] logs a set and rewrites the decisions'
/// tail exactly as the general writes would, and only while the data is as
/// the caller saw it: a moved part, an older plan version or a day logged
/// under another plan writes nothing.
pub fn a_set_is_added_only_while_unchanged(store: &mut dyn RevisionedStore) {
    const WATCHED: [Part; 6] = [
        Part::Setup,
        Part::Plans,
        Part::Log,
        Part::CheckIns,
        Part::Safety,
        Part::Decisions,
    ];
    store.apply(plan_writes(MON)).unwrap();
    let first = vec![
        decision(MON, "side-bridge", 35),
        decision(MON, "bird-dog", 25),
        decision(WED, "side-bridge", 40),
    ];
    store
        .apply(vec![Write::ReplaceDecisions {
            plan_version: 1,
            decisions: first.clone(),
        }])
        .unwrap();
    let tail = |plan_version: i64, kept: usize, tail: Vec<SlotDecision>| DecisionsTail {
        plan_version,
        kept,
        tail,
    };
    let add = |store: &mut dyn RevisionedStore, on: Date, decisions: &DecisionsTail| {
        let at = store.revision().unwrap();
        let added = store
            .add_set_if_unchanged(&at, &WATCHED, &set(on, "side-bridge", 31), decisions, None)
            .unwrap();
        if let Some(added) = &added {
            let now = store.revision().unwrap();
            assert_eq!(added.revision, now, "the revision it returned");
            for part in Part::ALL {
                let moved = [Part::Log, Part::Decisions].contains(&part);
                assert_eq!(at.of(part) != now.of(part), moved, "{part:?}");
            }
        }
        added
    };
    let stored_set = |store: &dyn Store, added: &AddedSet| {
        let sessions = all_sessions(store);
        let session = sessions
            .iter()
            .find(|s| s.id == added.session_id)
            .expect("the session it named");
        assert_eq!(session.sets.last(), Some(&added.set), "as read back");
        session.clone()
    };

    // The day's first set: a new session, numbered from 1.
    let changed = vec![decision(MON, "bird-dog", 30), decision(FRI, "dead-bug", 20)];
    let added = add(store, MON, &tail(1, 1, changed.clone())).expect("unchanged");
    assert!(added.new_session);
    assert_eq!(added.set.number, 1);
    let session = stored_set(store, &added);
    assert_eq!((session.date, session.plan_version), (MON, Some(1)));
    let mut expected = first[..1].to_vec();
    expected.extend(changed);
    assert_eq!(store.decisions(1).unwrap(), expected);

    // The second goes to the same session; an empty tail after all of them
    // keeps the decisions, one after fewer shortens them.
    let again = add(store, MON, &tail(1, 3, vec![])).expect("unchanged");
    assert_eq!((again.new_session, again.set.number), (false, 2));
    assert_eq!(again.session_id, added.session_id);
    assert_eq!(stored_set(store, &again).sets.len(), 2);
    assert_eq!(store.decisions(1).unwrap(), expected);
    add(store, MON, &tail(1, 1, vec![])).expect("unchanged");
    assert_eq!(store.decisions(1).unwrap(), expected[..1].to_vec());

    // A revision from before any watched part moved writes nothing; one
    // moved only in a part not watched still writes.
    let stale = store.revision().unwrap();
    store
        .apply(vec![Write::AddCheckIn(readiness(MON, 4))])
        .unwrap();
    let before = (
        store.revision().unwrap(),
        set_ids(store),
        store.decisions(1).unwrap(),
    );
    let refused = store
        .add_set_if_unchanged(
            &stale,
            &WATCHED,
            &set(MON, "side-bridge", 30),
            &tail(1, 0, vec![]),
            None,
        )
        .unwrap();
    assert_eq!(refused, None, "a check-in came in between");
    assert_eq!(
        (
            store.revision().unwrap(),
            set_ids(store),
            store.decisions(1).unwrap()
        ),
        before,
        "a refused set wrote"
    );
    let stale = store.revision().unwrap();
    store
        .apply(vec![Write::AddAssessment(assessment(TUE, 110))])
        .unwrap();
    let unwatched = store
        .add_set_if_unchanged(
            &stale,
            &WATCHED,
            &set(MON, "side-bridge", 30),
            &tail(1, 1, vec![]),
            None,
        )
        .unwrap();
    assert!(unwatched.is_some(), "only the records moved");

    // Once plan 2 is the newest, plan 1's decisions are refused, and so is
    // a set for a day logged under plan 1; a new day goes to plan 2.
    store.apply(vec![add_plan(TUE, false)]).unwrap();
    assert_eq!(
        add(store, WED, &tail(1, 0, vec![])),
        None,
        "plan 1 is not the newest"
    );
    assert_eq!(
        add(store, MON, &tail(2, 0, vec![])),
        None,
        "Monday is plan 1's"
    );
    let later = add(store, WED, &tail(2, 0, vec![decision(WED, "dead-bug", 45)]))
        .expect("a new day under plan 2");
    assert!(later.new_session);
    let plan_two = store.sessions_of_plan(2).unwrap();
    assert_eq!(plan_two.len(), 1);
    assert_eq!(plan_two[0].id, later.session_id);
    assert_eq!(
        store.decisions(2).unwrap(),
        vec![decision(WED, "dead-bug", 45)]
    );
    assert_eq!(store.decisions(1).unwrap(), expected[..1].to_vec());
}

/// A request key is stored in the same transaction as its write: a refused
/// batch stores neither, a second write with a stored key writes nothing,
/// and the first answer is kept once (a later answer does not replace it,
/// nor does one for another request's fingerprint).
pub fn a_request_key_is_stored_with_its_write(store: &mut dyn Store) {
    use crate::{KeptAnswer, RequestKey};
    let key = |fingerprint: &str| RequestKey {
        key: "retry-me".into(),
        fingerprint: fingerprint.into(),
    };
    assert_eq!(store.kept_key("retry-me").unwrap(), None);
    // A refused batch stores no key.
    let err = refused(store.apply_keyed(
        vec![resume(MON, "first"), Write::DeleteSet { id: 12345 }],
        &key("a"),
    ));
    assert_eq!(err.field, "set");
    assert_eq!(store.kept_key("retry-me").unwrap(), None);
    assert!(store.safety_events().unwrap().is_empty());
    // Stored with its write, without an answer yet.
    store
        .apply_keyed(vec![resume(MON, "first")], &key("a"))
        .unwrap();
    let kept = store.kept_key("retry-me").unwrap().unwrap();
    assert_eq!(kept.fingerprint, "a");
    assert_eq!(kept.answer, None);
    // The same key again writes nothing, whatever the request.
    for fingerprint in ["a", "b"] {
        let err = refused(store.apply_keyed(vec![resume(TUE, "again")], &key(fingerprint)));
        assert_eq!(err.field, "Idempotency-Key");
        assert_eq!(store.safety_events().unwrap().len(), 1);
    }
    let answer = |status: u16, body: &str| KeptAnswer {
        status,
        content_type: Some("application/json".into()),
        location: None,
        body: body.as_bytes().to_vec(),
    };
    // Another request's answer is not kept on this key.
    store.keep_answer(&key("b"), &answer(201, "other")).unwrap();
    assert_eq!(store.kept_key("retry-me").unwrap().unwrap().answer, None);
    store.keep_answer(&key("a"), &answer(201, "first")).unwrap();
    store.keep_answer(&key("a"), &answer(200, "later")).unwrap();
    let kept = store.kept_key("retry-me").unwrap().unwrap();
    assert_eq!(kept.answer, Some(answer(201, "first")));
    // A request that wrote nothing keeps its answer as a new key.
    let quiet = RequestKey {
        key: "quiet".into(),
        fingerprint: "q".into(),
    };
    let redirect = KeptAnswer {
        status: 303,
        content_type: None,
        location: Some("/session".into()),
        body: Vec::new(),
    };
    store.keep_answer(&quiet, &redirect).unwrap();
    assert_eq!(
        store.kept_key("quiet").unwrap().unwrap().answer,
        Some(redirect)
    );
}

/// A key's answer is let go [`crate::KEPT_ANSWER_DAYS`] after its write,
/// when the user's next answer is kept, and the key stays: a late retry
/// still writes nothing. Another user's old answer waits for that user's
/// own next answer. Not in [`conformance_tests!`]: `backdate(key, days)`
/// moves a stored key's write `days` into the past, in each backend's own
/// SQL.
pub fn an_old_answer_is_let_go_and_its_key_kept(
    neighbour: &mut dyn Store,
    store: &mut dyn Store,
    backdate: &mut dyn FnMut(&str, i64),
) {
    use crate::{KEPT_ANSWER_DAYS, KeptAnswer, RequestKey};
    let key = |name: &str| RequestKey {
        key: name.into(),
        fingerprint: format!("of {name}"),
    };
    let answer = |body: &str| KeptAnswer {
        status: 201,
        content_type: Some("application/json".into()),
        location: None,
        body: body.as_bytes().to_vec(),
    };
    let kept = |store: &dyn Store, name: &str| store.kept_key(name).unwrap().map(|k| k.answer);
    neighbour
        .keep_answer(&key("neighbour's"), &answer("neighbour's"))
        .unwrap();
    backdate("neighbour's", KEPT_ANSWER_DAYS + 1);
    store
        .apply_keyed(vec![resume(MON, "old")], &key("old"))
        .unwrap();
    store.keep_answer(&key("old"), &answer("old")).unwrap();
    store
        .keep_answer(&key("recent"), &answer("recent"))
        .unwrap();
    backdate("old", KEPT_ANSWER_DAYS + 1);
    backdate("recent", KEPT_ANSWER_DAYS - 1);
    // Nothing is let go before the next answer is kept.
    assert_eq!(kept(store, "old"), Some(Some(answer("old"))));
    store.keep_answer(&key("new"), &answer("new")).unwrap();
    let old = store.kept_key("old").unwrap().expect("the old key stays");
    assert_eq!((old.fingerprint.as_str(), old.answer), ("of old", None));
    assert_eq!(kept(store, "recent"), Some(Some(answer("recent"))));
    assert_eq!(kept(store, "new"), Some(Some(answer("new"))));
    assert_eq!(
        kept(neighbour, "neighbour's"),
        Some(Some(answer("neighbour's")))
    );
    // The old request sent again still writes nothing.
    let err = refused(store.apply_keyed(vec![resume(TUE, "again")], &key("old")));
    assert_eq!(err.field, "Idempotency-Key");
    assert_eq!(store.safety_events().unwrap().len(), 1);
}

/// Set logging's guarded write with a request key stores the key with the
/// set, or (the key stored already) writes nothing.
pub fn a_keyed_set_is_added_once(store: &mut dyn RevisionedStore) {
    use crate::RequestKey;
    const WATCHED: [Part; 2] = [Part::Plans, Part::Log];
    store.apply(plan_writes(MON)).unwrap();
    let key = RequestKey {
        key: "set-once".into(),
        fingerprint: "f".into(),
    };
    let decisions = DecisionsTail {
        plan_version: 1,
        kept: 0,
        tail: vec![decision(MON, "side-bridge", 35)],
    };
    let at = store.revision().unwrap();
    let added = store
        .add_set_if_unchanged(
            &at,
            &WATCHED,
            &set(MON, "side-bridge", 31),
            &decisions,
            Some(&key),
        )
        .unwrap();
    let added = added.expect("the set, with its key");
    assert_eq!(added.set.number, 1);
    assert_eq!(set_ids(store), vec![added.set.id]);
    let kept = store
        .kept_key("set-once")
        .unwrap()
        .expect("the key, with the set");
    assert_eq!((kept.fingerprint.as_str(), kept.answer), ("f", None));
    // The same key again, at the current revision: nothing is written.
    let at = store.revision().unwrap();
    let again = store
        .add_set_if_unchanged(
            &at,
            &WATCHED,
            &set(MON, "side-bridge", 32),
            &decisions,
            Some(&key),
        )
        .unwrap();
    assert_eq!(again, None);
    assert_eq!(set_ids(store), vec![added.set.id]);
    assert_eq!(store.revision().unwrap(), at);
    // Another key is another set.
    let other = RequestKey {
        key: "set-twice".into(),
        fingerprint: "f".into(),
    };
    let next = store
        .add_set_if_unchanged(
            &at,
            &WATCHED,
            &set(MON, "side-bridge", 33),
            &decisions,
            Some(&other),
        )
        .unwrap()
        .expect("a new key's set");
    assert_eq!(next.set.number, 2);
}

/// A made-up questionnaire (not a real instrument) of the licensed ones' shape.
pub const DEMO_QUESTIONNAIRE: &str = "format = 1\nid = \"demo\"\nname = \"Demo\"\n\n\
[scoring]\nformula = \"sum\"\nbetter = \"lower\"\n\n\
[[items]]\ntext = \"One\"\noptions = [{ text = \"No\", points = 0 }, { text = \"Yes\", points = 1 }]\n\n\
[[items]]\ntext = \"Two\"\noptions = [{ text = \"No\", points = 0 }, { text = \"Yes\", points = 1 }]\n";

pub fn outcomes_and_questionnaires_round_trip(store: &mut dyn Store) {
    use keel_core::outcome::{Questionnaire, nprs, psfs};
    let q = Questionnaire::parse(DEMO_QUESTIONNAIRE).unwrap();
    let later = nprs(WED, Some(3)).unwrap();
    let earlier = psfs(MON, &[("sitting".into(), 4), ("lifting".into(), 5)]).unwrap();
    let taken = q.score(TUE, &[Some(2), None]);
    // One item may not be skipped here: max_missing is 0.
    assert!(taken.is_err());
    let taken = q.score(TUE, &[Some(2), Some(1)]).unwrap();
    store
        .apply(vec![
            Write::SaveQuestionnaire(q.clone()),
            Write::AddOutcome(later.clone()),
            Write::AddOutcome(earlier.clone()),
            Write::AddOutcome(taken.clone()),
        ])
        .unwrap();
    // By date, whatever the order recorded.
    assert_eq!(
        store.outcomes().unwrap(),
        vec![earlier.clone(), taken.clone(), later.clone()]
    );
    assert_eq!(store.questionnaires().unwrap(), vec![q.clone()]);
    // Loading the same id again replaces the definition.
    let mut renamed = q.clone();
    renamed.name = "Demo, second edition".into();
    store
        .apply(vec![Write::SaveQuestionnaire(renamed.clone())])
        .unwrap();
    assert_eq!(store.questionnaires().unwrap(), vec![renamed]);
    // A taking that does not validate is refused, and its batch with it.
    let mut tampered = nprs(FRI, Some(2)).unwrap();
    tampered.score = 9.0;
    refused(store.apply(vec![
        Write::AddOutcome(nprs(FRI, Some(1)).unwrap()),
        Write::AddOutcome(tampered),
    ]));
    assert_eq!(store.outcomes().unwrap().len(), 3);
}

/// The calendar's state reads back as written, each part written on its
/// own leaving the others as they were (a revoked token stays revoked
/// whatever events are saved after).
pub fn calendar_state_round_trips(store: &mut dyn Store) {
    assert_eq!(store.calendar().unwrap(), crate::CalendarState::default());
    let mut events = crate::CalendarEvents::new();
    events.insert(
        "keel-2026-03-02-a@keel".into(),
        crate::EventStamp {
            hash: "cd".repeat(32),
            sequence: 3,
        },
    );
    store
        .apply(vec![Write::SaveCalendarEvents(events.clone())])
        .unwrap();
    let mut expected = crate::CalendarState {
        training_time: None,
        feed_token_sha256: None,
        events: events.clone(),
    };
    assert_eq!(store.calendar().unwrap(), expected);
    store
        .apply(vec![
            Write::SetTrainingTime(Some("07:30".into())),
            Write::SetCalendarFeed(Some("ab".repeat(32))),
        ])
        .unwrap();
    expected.training_time = Some("07:30".into());
    expected.feed_token_sha256 = Some("ab".repeat(32));
    assert_eq!(store.calendar().unwrap(), expected);
    store.apply(vec![Write::SetCalendarFeed(None)]).unwrap();
    events.clear();
    store
        .apply(vec![Write::SaveCalendarEvents(events.clone())])
        .unwrap();
    expected.feed_token_sha256 = None;
    expected.events = events;
    assert_eq!(store.calendar().unwrap(), expected);
}
