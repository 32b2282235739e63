#![allow(clippy::unwrap_used)]

use jiff::civil::{Date, date};
use keel_core::assessment::{AssessmentInput, EnduranceHolds, Mobility, MovementQuality};
use keel_core::measure::{Pain, Seconds};
use keel_core::redflag::{RedFlag, Screen};
use keel_store::{ProgramStatus, SafetyEvent, SqliteStore, Store, Write};

use super::*;
use crate::profile::starting_profile;

const DAY1: Date = date(2026, 3, 2);
const DAY2: Date = date(2026, 4, 6);

fn tests_on(day: Date, extensor: i64) -> AssessmentInput {
    AssessmentInput {
        date: day,
        holds: EnduranceHolds {
            extensor: Some(Seconds::new(extensor).unwrap()),
            flexor: Some(Seconds::new(60).unwrap()),
            ..EnduranceHolds::default()
        },
        movement: MovementQuality::default(),
        mobility: Mobility::default(),
        pain_now: None,
    }
}

fn answers(screen: Screen) -> Onboarding {
    let mut profile = starting_profile();
    profile.pain_now = Pain::new(2).unwrap();
    Onboarding {
        profile,
        screen,
        tests: tests_on(DAY1, 90),
        start_over: false,
        outcomes: Vec::new(),
    }
}

fn red_flag() -> Screen {
    Screen {
        flags: vec![RedFlag::NightPain],
    }
}

fn onboarded() -> SqliteStore {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let outcome = onboard(&mut store, DAY1, answers(Screen::clear())).unwrap();
    assert!(matches!(outcome, Onboarded::Planned { .. }));
    store
}

fn halted() -> SqliteStore {
    let mut store = onboarded();
    store
        .apply(vec![Write::Safety(SafetyEvent::Screen {
            date: DAY2,
            context: ScreenContext::PainEntry,
            flags: vec![RedFlag::LegWeakness],
        })])
        .unwrap();
    store
}

#[test]
fn a_clear_screen_stores_everything_and_the_first_plan() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let Onboarded::Planned { report, plan } =
        onboard(&mut store, DAY1, answers(Screen::clear())).unwrap()
    else {
        panic!("a clear screen must plan");
    };
    assert_eq!(plan.version, 1);
    assert_eq!(plan.created_on, DAY1);
    assert_eq!(plan.program.start, DAY1);
    assert!(!report.starting_levels.is_empty());
    let stored = store.assessments().unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(plan.assessment_id, Some(stored[0].id));
    // The profile's pain answer fills the assessment's.
    assert_eq!(stored[0].input.pain_now, Some(Pain::new(2).unwrap()));
    assert!(store.profile().unwrap().is_some());
    assert_eq!(store.safety_events().unwrap().len(), 1);
    assert_eq!(store.status().unwrap(), ProgramStatus::Active);
}

#[test]
fn a_red_flag_halts_and_writes_no_assessment_and_no_plan() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let outcome = onboard(&mut store, DAY1, answers(red_flag())).unwrap();
    let Onboarded::Halted { screen } = outcome else {
        panic!("a red flag must halt");
    };
    assert_eq!(screen, red_flag());
    assert!(store.profile().unwrap().is_some());
    assert_eq!(
        store.safety_events().unwrap(),
        vec![SafetyEvent::Screen {
            date: DAY1,
            context: ScreenContext::Onboarding,
            flags: vec![RedFlag::NightPain],
        }]
    );
    assert!(store.assessments().unwrap().is_empty());
    assert!(store.plans().unwrap().is_empty());
    assert!(matches!(
        store.status().unwrap(),
        ProgramStatus::Halted { since, .. } if since == DAY1
    ));
}

#[test]
fn onboarding_twice_needs_start_over_and_never_while_halted() {
    let mut store = onboarded();
    assert!(matches!(
        onboard(&mut store, DAY2, answers(Screen::clear())),
        Err(Refused::AlreadyOnboarded)
    ));
    let mut again = answers(Screen::clear());
    again.start_over = true;
    let Onboarded::Planned { plan, .. } = onboard(&mut store, DAY2, again.clone()).unwrap() else {
        panic!("starting over with a clear screen plans");
    };
    assert_eq!(plan.version, 2);

    let mut store = halted();
    let before = store.plans().unwrap().len();
    assert!(matches!(
        onboard(&mut store, DAY2, again),
        Err(Refused::Halted { since }) if since == DAY2
    ));
    assert_eq!(store.plans().unwrap().len(), before);
    assert_eq!(store.assessments().unwrap().len(), 1);
}

#[test]
fn a_retest_is_stored_and_compared_with_the_previous() {
    let mut store = onboarded();
    let retested = retest(&mut store, tests_on(DAY2, 120)).unwrap();
    let comparison = retested.comparison.unwrap();
    assert_eq!(comparison.previous_date, DAY1);
    assert_eq!(comparison.current_date, DAY2);
    let all = store.assessments().unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(retested.assessment, all[1]);
    assert_eq!(
        retested.assessment.input.holds.extensor,
        Some(Seconds::new(120).unwrap())
    );
    assert!(!retested.report.holds.is_empty());
    // The plan is not rebuilt by a retest.
    assert_eq!(store.plans().unwrap().len(), 1);
}

#[test]
fn a_retest_needs_a_profile_a_test_and_no_halt() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    assert!(matches!(
        retest(&mut store, tests_on(DAY2, 120)),
        Err(Refused::NoProfile)
    ));

    let mut store = onboarded();
    let mut pain_only = tests_on(DAY2, 120);
    pain_only.holds = EnduranceHolds::default();
    pain_only.pain_now = Some(Pain::new(1).unwrap());
    assert!(matches!(
        retest(&mut store, pain_only),
        Err(Refused::NothingMeasured)
    ));
    assert_eq!(store.assessments().unwrap().len(), 1);

    let mut store = halted();
    assert!(matches!(
        retest(&mut store, tests_on(DAY2, 120)),
        Err(Refused::Halted { .. })
    ));
    assert_eq!(store.assessments().unwrap().len(), 1);
}

#[test]
fn a_new_plan_version_is_tailored_from_the_latest_assessment() {
    let mut store = onboarded();
    retest(&mut store, tests_on(DAY2, 120)).unwrap();
    let start = date(2026, 4, 8);
    let plan = new_plan(&mut store, DAY2, start).unwrap();
    assert_eq!(plan.version, 2);
    assert_eq!(plan.created_on, DAY2);
    assert_eq!(plan.program.start, start);
    let latest = store.assessments().unwrap().pop().unwrap();
    assert_eq!(plan.assessment_id, Some(latest.id));
    assert_eq!(store.current_plan().unwrap().unwrap(), plan);
    assert_eq!(store.plans().unwrap().len(), 2);
}

#[test]
fn a_new_plan_needs_a_profile_an_assessment_and_no_halt() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    assert!(matches!(
        new_plan(&mut store, DAY2, DAY2),
        Err(Refused::NoProfile)
    ));

    // Halted at onboarding: a profile, but no assessment; the halt is said first.
    let mut store = SqliteStore::open_in_memory().unwrap();
    onboard(&mut store, DAY1, answers(red_flag())).unwrap();
    assert!(matches!(
        new_plan(&mut store, DAY2, DAY2),
        Err(Refused::Halted { since }) if since == DAY1
    ));
    store
        .apply(vec![Write::Safety(SafetyEvent::Resume {
            date: DAY2,
            note: "cleared".into(),
        })])
        .unwrap();
    assert!(matches!(
        new_plan(&mut store, DAY2, DAY2),
        Err(Refused::NoAssessment)
    ));
    assert!(store.plans().unwrap().is_empty());

    let mut store = halted();
    assert!(matches!(
        new_plan(&mut store, DAY2, DAY2),
        Err(Refused::Halted { .. })
    ));
    assert_eq!(store.plans().unwrap().len(), 1);
}

/// Logs every set of every session from `from` for `days` days as
/// prescribed, at an easy RPE: the athlete earns progressions.
fn train_as_prescribed(store: &mut SqliteStore, from: Date, days: i32) {
    use jiff::ToSpan;
    use keel_core::measure::Rpe;
    for offset in 0..days {
        let day = from.checked_add(offset.days()).unwrap();
        let journal = crate::journal::Journal::load(store).unwrap();
        let Some(session) = journal.session_on(day) else {
            continue;
        };
        let mut writes = Vec::new();
        for slot in &session.slots {
            for _ in 0..slot.prescription.sets() {
                let answers = crate::record::SetAnswers {
                    actual: crate::record::default_actual(&slot.prescription),
                    sides: Default::default(),
                    load: slot.prescription.load(),
                    rpe: Some(Rpe::new(5).unwrap()),
                    quality_reps: None,
                    faults: vec![],
                    pain: Pain::new(0).unwrap(),
                    sharp_pain: false,
                    note: None,
                };
                let load = match answers.load {
                    keel_core::program::Load::ChooseForRpe => {
                        keel_core::program::Load::Kg { kg: 12.0 }
                    }
                    other => other,
                };
                let answers = crate::record::SetAnswers { load, ..answers };
                writes.push(Write::AddSet(
                    crate::record::logged_set(slot, day, answers).unwrap(),
                ));
            }
        }
        crate::journal::commit(store, writes).unwrap();
    }
}

/// A new plan version starts each movement from the level earned on it,
/// not from the baseline, and its first session says so (docs/method.md 5.6).
#[test]
fn a_new_plan_version_starts_from_the_levels_earned() {
    use keel_core::catalog::Catalog;
    use keel_core::training::slot_chain;
    let mut store = onboarded();
    train_as_prescribed(&mut store, DAY1, 21);
    let old = crate::journal::Journal::load(&store).unwrap();
    let progressed: Vec<_> = old
        .replay
        .decisions
        .iter()
        .filter(|d| {
            matches!(
                d.decision.action,
                keel_core::engine::Action::Progress { .. }
            )
        })
        .collect();
    assert!(!progressed.is_empty(), "three weeks earned something");

    let start = date(2026, 3, 23);
    let plan = new_plan(&mut store, start, start).unwrap();
    assert_eq!(plan.version, 2);
    let journal = crate::journal::Journal::load(&store).unwrap();
    assert!(
        journal.sessions.is_empty(),
        "nothing logged on version 2 yet"
    );
    let catalog = Catalog::builtin();
    let mut carried = 0;
    for offset in 0..7 {
        use jiff::ToSpan;
        let day = start.checked_add(offset.days()).unwrap();
        let Some(session) = journal.session_on(day) else {
            continue;
        };
        for slot in &session.slots {
            let chain = slot_chain(catalog, &slot.key);
            let Some(earned) = old.replay.chains.get(&chain) else {
                continue;
            };
            if earned.exercise != slot.exercise
                || slot.kind != keel_core::engine::ExposureKind::Normal
            {
                continue;
            }
            // The level earned on version 1, with this slot's dose of sets.
            let level = |p: &keel_core::program::Prescription| {
                use keel_core::program::Prescription as P;
                let amount = match p {
                    P::Hold { seconds, .. } => (u32::from(seconds.get()), 0),
                    P::Reps {
                        reps_min, reps_max, ..
                    } => (u32::from(*reps_min), u32::from(*reps_max)),
                    P::Carry {
                        metres, seconds, ..
                    } => (
                        u32::from(metres.unwrap_or(0)),
                        u32::from(seconds.map_or(0, |s| s.get())),
                    ),
                    P::Drill { .. } => (0, 0),
                };
                (amount, p.load())
            };
            assert_eq!(
                level(&slot.prescription),
                level(&earned.working),
                "{day} {}: not the level earned; why {:?}",
                slot.exercise,
                slot.why
            );
            assert!(
                slot.why
                    .iter()
                    .any(|w| w.contains("Carried over from plan version 1")),
                "{day} {}: {:?}",
                slot.exercise,
                slot.why
            );
            carried += 1;
        }
    }
    assert!(carried >= 2, "the new plan's first week carries the levels");

    // Logging on version 2 moves on from the carried level.
    train_as_prescribed(&mut store, start, 7);
    let after = crate::journal::Journal::load(&store).unwrap();
    assert!(!after.replay.decisions.is_empty());
    assert!(after.log.carried.len() >= carried.min(1));
}

/// The side-bridge chain's variant in the first week of `program`'s A days.
fn first_side_bridge(program: &program::Program) -> String {
    let chain = Catalog::builtin().chain(&keel_core::catalog::ExerciseId::new("side-bridge"));
    program.weeks[0]
        .days
        .iter()
        .filter_map(|d| d.session.as_ref())
        .flat_map(|s| &s.main)
        .map(|slot| slot.exercise.clone())
        .find(|id| chain.iter().any(|e| &e.id == id))
        .expect("a side bridge in the first week")
        .to_string()
}

/// A store whose plan trained the side bridge (one clean set), then took a
/// retest in pain, which starts every pattern at level 1 (the side bridge
/// from the knees); the retest's tests.
fn trained_the_side_bridge_then_hurt() -> (SqliteStore, AssessmentInput) {
    use crate::journal::{Journal, commit};
    use crate::record::{SetAnswers, logged_set};
    use keel_core::measure::Rpe;
    use keel_core::program::Load;

    // Holds near the norms, no pain: the side bridge itself.
    let holds = || EnduranceHolds {
        extensor: Some(Seconds::new(120).unwrap()),
        flexor: Some(Seconds::new(100).unwrap()),
        side_bridge_right: Some(Seconds::new(70).unwrap()),
        side_bridge_left: Some(Seconds::new(70).unwrap()),
        prone_plank: Some(Seconds::new(90).unwrap()),
    };
    let mut store = SqliteStore::open_in_memory().unwrap();
    let mut onboarding = answers(Screen::clear());
    onboarding.profile.pain_now = Pain::new(0).unwrap();
    onboarding.tests.holds = holds();
    onboard(&mut store, DAY1, onboarding).unwrap();
    let first = store.current_plan().unwrap().unwrap();
    assert_eq!(first_side_bridge(&first.program), "side-bridge");
    // Log one set of the side bridge on the first A day.
    let (day, slot) = (0..7)
        .map(|n| DAY1.checked_add(jiff::Span::new().days(n)).unwrap())
        .find_map(|d| {
            let session = Journal::load(&store).unwrap().session_on(d)?;
            let slot = session
                .slots
                .into_iter()
                .find(|s| s.exercise.as_str() == "side-bridge")?;
            Some((d, slot))
        })
        .expect("a side bridge slot in the first week");
    let answers = SetAnswers {
        actual: 10,
        sides: Default::default(),
        load: Load::Bodyweight,
        rpe: Some(Rpe::new(6).unwrap()),
        quality_reps: None,
        faults: vec![],
        pain: Pain::new(0).unwrap(),
        sharp_pain: false,
        note: None,
    };
    let set = logged_set(&slot, day, answers).unwrap();
    commit(&mut store, vec![Write::AddSet(set)]).unwrap();

    let mut painful = tests_on(DAY2, 120);
    painful.holds = holds();
    painful.pain_now = Some(Pain::new(5).unwrap());
    // From the assessment alone the painful tests bring the easier variant.
    let profile = store.profile().unwrap().unwrap();
    let report = assessment::assess(&painful, profile.sex, profile.training_age);
    let plain = generate_with(&store, &profile, &report, DAY2, &Reached::default()).unwrap();
    assert_eq!(first_side_bridge(&plain), "side-bridge-knees");
    (store, painful)
}

/// A new plan version never brings an easier variant than the one the
/// training state works on: after training the side bridge, a retest in
/// pain still plans the side bridge (docs/method.md §4.4).
#[test]
fn a_new_plan_version_never_goes_below_the_variant_trained() {
    let (mut store, painful) = trained_the_side_bridge_then_hurt();
    retest(&mut store, painful).unwrap();
    let plan = new_plan(&mut store, DAY2, DAY2).unwrap();
    assert_eq!(plan.version, 2);
    assert_eq!(first_side_bridge(&plan.program), "side-bridge");
}

/// Onboarding again is a plan version too: the same rule.
#[test]
fn onboarding_again_never_goes_below_the_variant_trained() {
    let (mut store, painful) = trained_the_side_bridge_then_hurt();
    let mut again = answers(Screen::clear());
    again.start_over = true;
    again.tests = painful;
    onboard(&mut store, DAY2, again).unwrap();
    let plan = store.current_plan().unwrap().unwrap();
    assert_eq!(plan.version, 2);
    assert_eq!(first_side_bridge(&plan.program), "side-bridge");
}

/// A retest moves the training state through the plan built on it
/// (docs/method.md 5.6): a much better retest plans the full side bridge
/// where the athlete earned the side bridge from the knees, and the first
/// session starts it from the level earned, one step up, saying why; a
/// worse retest never brings an easier variant back.
#[test]
fn a_retest_moves_the_level_up_through_its_plan_never_down() {
    use keel_core::catalog::Catalog;
    use keel_core::training::slot_chain;
    let start = date(2026, 3, 16);
    let side_bridge_chain = keel_core::training::chain_key(
        Catalog::builtin(),
        &keel_core::catalog::ExerciseId::new("side-bridge"),
    );
    let side_bridge_on_start = |store: &SqliteStore| {
        let journal = crate::journal::Journal::load(store).unwrap();
        let session = journal
            .session_on(start)
            .expect("a session on the start day");
        session
            .slots
            .iter()
            .find(|s| Some(slot_chain(Catalog::builtin(), &s.key)) == side_bridge_chain)
            .map(|s| (s.exercise.to_string(), s.why.clone()))
    };
    let mut better = tests_on(start, 240);
    better.holds.flexor = Some(Seconds::new(240).unwrap());
    better.holds.side_bridge_right = Some(Seconds::new(150).unwrap());
    better.holds.side_bridge_left = Some(Seconds::new(150).unwrap());
    better.holds.prone_plank = Some(Seconds::new(220).unwrap());

    let mut store = onboarded();
    train_as_prescribed(&mut store, DAY1, 14);
    let earned = first_side_bridge(&store.plans().unwrap()[0].program);
    retest(&mut store, better).unwrap();
    new_plan(&mut store, start, start).unwrap();
    let (exercise, why) = side_bridge_on_start(&store).expect("the side bridge chain");
    assert_eq!(earned, "side-bridge-knees", "the premise");
    assert_eq!(exercise, "side-bridge", "why {why:?}");
    assert!(!why.is_empty(), "the step up says why");

    let mut store = onboarded();
    train_as_prescribed(&mut store, DAY1, 14);
    retest(&mut store, tests_on(start, 30)).unwrap();
    new_plan(&mut store, start, start).unwrap();
    let (exercise, _) = side_bridge_on_start(&store).expect("the side bridge chain");
    assert_eq!(
        exercise, "side-bridge-knees",
        "a worse retest brings nothing easier"
    );
}
