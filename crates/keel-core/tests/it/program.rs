//! Program invariants (proptest over random profiles, tailorings and
//! settings) and snapshots of plans for three contrasting profiles.
//!
//! Definitions the invariants use:
//! - a block is `block_weeks + 1` consecutive weeks; its last week is the deload;
//! - "no variant kept beyond one block": no exercise in the main block of any
//!   training day of block k appears in the main block of block k+1
//!   (stronger than per-slot rotation, and what the generator guarantees);
//! - region volume is recomputed here from the catalog, independently of
//!   `Week::region_share`: sets x working seconds x region weight over the
//!   main block and transfer drill of training days (see `program::volume`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use jiff::civil::{Date, Weekday};
use keel_core::assessment::{
    self, AssessmentInput, EnduranceHolds, Imbalance, Mobility, MovementQuality, MovementTest,
    Side, StartingLevels, Tailoring,
};
use keel_core::catalog::{Catalog, Equipment, MobilityTarget, Region};
use keel_core::measure::{Level, Pain, ReachCm, Score03, Seconds};
use keel_core::profile::{Profile, Sex, TrainingAge, TrainingDays};
use keel_core::program::{
    DayKind, GenerateInput, Load, Prescription, Program, Session, Week, generate,
};
use keel_core::settings::PlanSettings;
use proptest::prelude::*;

fn start() -> Date {
    "2026-03-02".parse().unwrap()
}

fn build(profile: &Profile, tailoring: &Tailoring, settings: &PlanSettings) -> Program {
    generate(GenerateInput {
        profile,
        tailoring,
        settings,
        catalog: Catalog::builtin(),
        start: start(),
    })
}

// ---------- independent recomputation ----------

fn work(p: &Prescription) -> f64 {
    match p {
        Prescription::Hold {
            sets,
            seconds,
            per_side,
            extra_sets_on,
            pyramid,
            ..
        } => {
            let sides = if *per_side { 2.0 } else { 1.0 };
            // Every hold of a pyramid counts; a weaker-side extra set repeats the last set.
            let holds: f64 = if pyramid.is_empty() {
                f64::from(*sets)
            } else {
                pyramid.iter().map(|&n| f64::from(n)).sum()
            };
            let last = pyramid.last().map_or(1.0, |&n| f64::from(n));
            let extra = if extra_sets_on.is_some() { last } else { 0.0 };
            (holds * sides + extra) * f64::from(seconds.get())
        }
        Prescription::Reps {
            sets,
            reps_max,
            per_side,
            tempo,
            ..
        } => {
            let sides = if *per_side { 2.0 } else { 1.0 };
            let rep = f64::from(tempo.map(|t| t.rep_seconds()).unwrap_or(3));
            f64::from(*sets) * sides * f64::from(*reps_max) * rep
        }
        Prescription::Carry {
            sets,
            metres,
            seconds,
            ..
        } => {
            let each = seconds
                .map(|s| f64::from(s.get()))
                .or(metres.map(f64::from))
                .unwrap_or(0.0);
            f64::from(*sets) * each
        }
        Prescription::Drill { .. } => 0.0,
    }
}

fn region_percent(week: &Week) -> BTreeMap<Region, f64> {
    let catalog = Catalog::builtin();
    let mut volume: BTreeMap<Region, f64> = BTreeMap::new();
    for day in week.days.iter().filter(|d| d.kind.is_training()) {
        let session = day.session.as_ref().expect("training days have a session");
        for slot in session.main.iter().chain(session.transfer.iter()) {
            let exercise = catalog.get(&slot.exercise).expect("known exercise");
            for (region, weight) in &exercise.regions {
                *volume.entry(*region).or_default() +=
                    work(&slot.prescription) * f64::from(*weight);
            }
        }
    }
    let total: f64 = volume.values().sum();
    volume
        .into_iter()
        .map(|(r, v)| (r, if total > 0.0 { v / total * 100.0 } else { 0.0 }))
        .collect()
}

fn sessions(week: &Week) -> impl Iterator<Item = &Session> {
    week.days.iter().filter_map(|d| d.session.as_ref())
}

fn main_ids(weeks: &[Week]) -> BTreeSet<String> {
    weeks
        .iter()
        .flat_map(|w| w.days.iter())
        .filter(|d| d.kind.is_training())
        .flat_map(|d| d.session.iter().flat_map(|s| s.main.iter()))
        .map(|s| s.exercise.to_string())
        .collect()
}

/// Exercises that appear in `weeks` only as technique drills.
fn technique_ids(weeks: &[Week]) -> BTreeSet<String> {
    let slots: Vec<&keel_core::program::Slot> = weeks
        .iter()
        .flat_map(|w| w.days.iter())
        .filter(|d| d.kind.is_training())
        .flat_map(|d| d.session.iter().flat_map(|s| s.main.iter()))
        .collect();
    let is_technique = |s: &keel_core::program::Slot| {
        s.note
            .as_deref()
            .is_some_and(|n| n.starts_with("technique drill"))
    };
    let technique: BTreeSet<String> = slots
        .iter()
        .filter(|s| is_technique(s))
        .map(|s| s.exercise.to_string())
        .collect();
    let other: BTreeSet<String> = slots
        .iter()
        .filter(|s| !is_technique(s))
        .map(|s| s.exercise.to_string())
        .collect();
    technique.difference(&other).cloned().collect()
}

/// The chain of an exercise (its easiest member) and its position on it.
fn chain_of(id: &keel_core::catalog::ExerciseId) -> (String, usize) {
    let chain = Catalog::builtin().chain(id);
    let at = chain.iter().position(|e| &e.id == id).unwrap();
    (chain[0].id.to_string(), at)
}

/// Rotation follows the chains: no block brings a variant easier on its
/// chain than one an earlier block used (the plan holds no regressions), and
/// no session holds two variants of one chain or two single-leg variants
/// of one leg pattern.
fn check_chains(program: &Program, per_block: usize) {
    let catalog = Catalog::builtin();
    let mut reached: BTreeMap<String, usize> = BTreeMap::new();
    for (b, block) in program.weeks.chunks(per_block).enumerate() {
        let mut here: BTreeMap<String, usize> = BTreeMap::new();
        for week in block {
            for day in week.days.iter().filter(|d| d.kind.is_training()) {
                let session = day.session.as_ref().unwrap();
                let slots: Vec<_> = session.main.iter().chain(session.transfer.iter()).collect();
                for slot in &slots {
                    let (chain, at) = chain_of(&slot.exercise);
                    if let Some(before) = reached.get(&chain) {
                        assert!(
                            at >= *before,
                            "block {}: {} is easier than the variant reached on its chain",
                            b + 1,
                            slot.exercise
                        );
                    }
                    let best = here.entry(chain).or_insert(at);
                    *best = (*best).max(at);
                }
                for (i, x) in slots.iter().enumerate() {
                    for y in &slots[i + 1..] {
                        let (ex, ey) = (
                            catalog.get(&x.exercise).unwrap(),
                            catalog.get(&y.exercise).unwrap(),
                        );
                        let leg = |p: keel_core::catalog::Pattern| {
                            matches!(
                                p,
                                keel_core::catalog::Pattern::Hinge
                                    | keel_core::catalog::Pattern::BridgeThrust
                            )
                        };
                        assert!(
                            chain_of(&x.exercise).0 != chain_of(&y.exercise).0,
                            "week {}: {} and {} are on one chain",
                            week.number,
                            x.exercise,
                            y.exercise
                        );
                        assert!(
                            !(ex.per_side()
                                && ey.per_side()
                                && ex.pattern == ey.pattern
                                && leg(ex.pattern)),
                            "week {}: {} and {} are two single-leg {} variants",
                            week.number,
                            x.exercise,
                            y.exercise,
                            ex.pattern
                        );
                    }
                }
            }
        }
        for (chain, at) in here {
            let best = reached.entry(chain).or_insert(at);
            *best = (*best).max(at);
        }
        // The weeks' forms never move a chain within a block: every chain
        // holds one variant (one working level) from week 1 to the deload.
        let mut variants: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let training = block
            .iter()
            .flat_map(|w| training_sessions(w, DayKind::A).chain(training_sessions(w, DayKind::B)));
        for session in training {
            for slot in session.main.iter().chain(session.transfer.iter()) {
                variants
                    .entry(chain_of(&slot.exercise).0)
                    .or_default()
                    .insert(slot.exercise.to_string());
            }
        }
        for (chain, held) in variants {
            assert!(
                held.len() == 1,
                "block {}: the {chain} chain holds {held:?}",
                b + 1
            );
        }
    }
}

/// Main exercises of a week's training days.
fn week_main(week: &Week) -> BTreeSet<String> {
    main_ids(std::slice::from_ref(week))
}

/// How the weeks of each block differ (docs/method.md §4.4, 4.7). The
/// foundation's consecutive training weeks must not be identical (its
/// pyramids grow): each pair that is comes back as a problem. For each
/// later block, whether all its consecutive training weeks hold different
/// exercises (the floor, elevated and dynamic forms in turn).
fn week_variation(name: &str, program: &Program) -> (Vec<String>, Vec<bool>) {
    let per_block = usize::from(program.settings.block_weeks) + 1;
    let mut problems = Vec::new();
    let mut later = Vec::new();
    for (b, block) in program.weeks.chunks(per_block).enumerate() {
        let training: Vec<&Week> = block.iter().filter(|w| !w.deload).collect();
        let mut varies = true;
        for pair in training.windows(2) {
            let first = |w: &Week, kind| training_sessions(w, kind).next().cloned();
            let same = [DayKind::A, DayKind::B]
                .into_iter()
                .all(|k| first(pair[0], k) == first(pair[1], k));
            if b == 0 && same {
                problems.push(format!(
                    "{name}: weeks {} and {} are identical",
                    pair[0].number, pair[1].number
                ));
            }
            varies &= week_main(pair[0]) != week_main(pair[1]);
        }
        if b > 0 {
            later.push(varies);
        }
    }
    (problems, later)
}

/// Every failed movement test's drill (or a harder variant on its chain)
/// is on the training days of every week; technique notes appear only for
/// failed tests.
fn check_technique(tailoring: &Tailoring, program: &Program) {
    let anchor = |t: MovementTest| match t {
        MovementTest::HipHinge => "dowel-hip-hinge",
        MovementTest::BirdDog => "bird-dog",
        MovementTest::DeadBug => "dead-bug",
    };
    for week in &program.weeks {
        let chains: BTreeSet<String> = week
            .days
            .iter()
            .filter(|d| d.kind.is_training())
            .flat_map(|d| d.session.iter().flat_map(|s| s.main.iter()))
            .map(|s| chain_of(&s.exercise).0)
            .collect();
        for test in &tailoring.weak_movements {
            let (chain, _) = chain_of(&keel_core::catalog::ExerciseId::new(anchor(*test)));
            assert!(
                chains.contains(&chain),
                "week {}: no {} drill for the failed {} test",
                week.number,
                anchor(*test),
                test.label()
            );
        }
        for day in &week.days {
            for slot in day.session.iter().flat_map(|s| s.main.iter()) {
                let note = slot.note.as_deref().unwrap_or("");
                if let Some(at) = note.find("technique drill: your ") {
                    let named = MovementTest::ALL
                        .into_iter()
                        .find(|t| note[at..].contains(&format!("your {} movement", t.label())))
                        .unwrap();
                    assert!(tailoring.weak_movements.contains(&named), "{note}");
                }
            }
        }
    }
}

fn check_invariants(
    profile: &Profile,
    tailoring: &Tailoring,
    settings: &PlanSettings,
    program: &Program,
) {
    let catalog = Catalog::builtin();
    let per_block = usize::from(settings.block_weeks) + 1;
    assert_eq!(
        program.weeks.len(),
        per_block * usize::from(settings.blocks)
    );

    // Every block ends with a deload week, and only there.
    for (i, week) in program.weeks.iter().enumerate() {
        assert_eq!(
            week.deload,
            (i + 1) % per_block == 0,
            "week {}",
            week.number
        );
        assert_eq!(week.days.len(), 7);
    }

    // A and B alternate over consecutive training days, across weeks.
    let kinds: Vec<DayKind> = program
        .weeks
        .iter()
        .flat_map(|w| w.days.iter().map(|d| d.kind))
        .filter(|k| k.is_training())
        .collect();
    for (i, kind) in kinds.iter().enumerate() {
        let expected = if i % 2 == 0 { DayKind::A } else { DayKind::B };
        assert_eq!(*kind, expected, "training day {i}");
    }
    // Non-training days follow the light-day choice.
    for day in program.weeks.iter().flat_map(|w| &w.days) {
        let training = profile.training_days.contains(day.date.weekday());
        assert_eq!(day.kind.is_training(), training);
        if !training {
            let light = if profile.light_days {
                DayKind::Light
            } else {
                DayKind::Rest
            };
            assert_eq!(day.kind, light);
        }
        assert_eq!(day.session.is_some(), day.kind != DayKind::Rest);
    }

    // No region above its cap in any week.
    for week in &program.weeks {
        for (region, share) in region_percent(week) {
            assert!(
                share <= f64::from(settings.region_cap_percent) + 1e-9,
                "week {}: {region:?} at {share:.1} % above the {} % cap",
                week.number,
                settings.region_cap_percent
            );
        }
    }

    // No variant kept beyond one block, except a technique drill for a
    // failed movement test (kept until a retest clears it).
    let blocks: Vec<&[Week]> = program.weeks.chunks(per_block).collect();
    for pair in blocks.windows(2) {
        let (this, next) = (main_ids(pair[0]), main_ids(pair[1]));
        let technique = technique_ids(pair[1]);
        let kept: Vec<_> = this
            .intersection(&next)
            .filter(|id| !technique.contains(*id))
            .collect();
        assert!(kept.is_empty(), "kept into the next block: {kept:?}");
    }
    check_chains(program, per_block);
    check_technique(tailoring, program);

    for week in &program.weeks {
        for session in sessions(week) {
            for slot in session.main.iter().chain(session.transfer.iter()) {
                // Loaded drills keep a share of their load on deload weeks, and say so.
                if week.deload && slot.prescription.load().is_external() {
                    let note = slot.note.as_deref().unwrap_or("");
                    let share = format!(
                        "about {} % of your working load",
                        settings.deload_load_share_percent
                    );
                    assert!(
                        note.contains(&share),
                        "week {}: {} {note:?}",
                        week.number,
                        slot.exercise
                    );
                }
                // Rep ranges are a proper range (three numbers or more) or a single target.
                if let Prescription::Reps {
                    reps_min, reps_max, ..
                } = slot.prescription
                {
                    assert!(
                        reps_min == reps_max || reps_max >= reps_min + 2,
                        "week {}: {} {reps_min}-{reps_max}",
                        week.number,
                        slot.exercise
                    );
                }
                // Holds stay between the floor and the ceiling.
                if let Prescription::Hold { seconds, sets, .. } = slot.prescription {
                    // Rest fits the hold: at least rest-per-hold-second percent of it, at least 30 s.
                    let wanted = (u32::from(seconds.get()) * u32::from(settings.rest_hold_percent))
                        .div_ceil(100)
                        .max(30);
                    assert!(
                        u32::from(slot.rest_seconds) >= wanted,
                        "week {}: {} {} s hold, {} s rest",
                        week.number,
                        slot.exercise,
                        seconds.get(),
                        slot.rest_seconds
                    );
                    // McGill's pyramids hold 10 s or less whatever the hold
                    // floor; every other hold is at or above the floor.
                    match slot.prescription.pyramid() {
                        Some(pyramid) => {
                            assert!(seconds.get() <= 10, "{}", slot.exercise);
                            assert_eq!(pyramid.len(), usize::from(sets), "{}", slot.exercise);
                            assert!(
                                pyramid.windows(2).all(|w| w[0] >= w[1]),
                                "{}: {pyramid:?} does not descend",
                                slot.exercise
                            );
                        }
                        None => assert!(
                            seconds.get() >= settings.min_hold_seconds,
                            "{}",
                            slot.exercise
                        ),
                    }
                    assert!(
                        seconds.get() <= settings.hold_ceiling_seconds,
                        "{}",
                        slot.exercise
                    );
                    assert!(sets >= 1);
                }
                assert!(slot.prescription.sets() >= 1);
            }
            // Every exercise, drills included, is doable with the user's equipment.
            let ids = session
                .warmup
                .iter()
                .chain(session.cooldown.iter())
                .map(|d| &d.exercise)
                .chain(
                    session
                        .main
                        .iter()
                        .chain(session.transfer.iter())
                        .flat_map(|s| std::iter::once(&s.exercise).chain(s.between_sets.iter())),
                );
            for id in ids {
                let exercise = catalog.get(id).expect("known exercise");
                assert!(
                    exercise.available_with(&profile.equipment),
                    "{id} needs equipment"
                );
            }
        }
    }
}

// ---------- proptest ----------

fn arb_profile() -> impl Strategy<Value = Profile> {
    (
        proptest::sample::subsequence(
            vec![
                Weekday::Monday,
                Weekday::Tuesday,
                Weekday::Wednesday,
                Weekday::Thursday,
                Weekday::Friday,
                Weekday::Saturday,
                Weekday::Sunday,
            ],
            2..=6,
        ),
        proptest::sample::subsequence(Equipment::ALL.to_vec(), 0..=Equipment::ALL.len()),
        prop_oneof![
            Just(TrainingAge::Novice),
            Just(TrainingAge::Intermediate),
            Just(TrainingAge::Advanced)
        ],
        any::<bool>(),
    )
        .prop_map(|(days, equipment, training_age, light_days)| Profile {
            name: None,
            sex: None,
            training_age,
            training_days: TrainingDays::new(days).unwrap(),
            light_days,
            equipment,
            pain_now: Pain::new(0).unwrap(),
            units: Default::default(),
            inventory: Default::default(),
        })
}

fn arb_hold() -> impl Strategy<Value = Option<Seconds>> {
    proptest::option::of((5i64..=240).prop_map(|s| Seconds::new(s).unwrap()))
}

fn arb_tailoring() -> impl Strategy<Value = Tailoring> {
    let level = (1i64..=5).prop_map(|l| Level::new(l).unwrap());
    (
        (level.clone(), level.clone(), level),
        (arb_hold(), arb_hold(), arb_hold(), arb_hold(), arb_hold()),
        proptest::sample::subsequence(
            vec![
                MobilityTarget::Hamstrings,
                MobilityTarget::HipFlexors,
                MobilityTarget::Hips,
                MobilityTarget::ThoracicSpine,
                MobilityTarget::Ankles,
                MobilityTarget::SpineFlexionExtension,
            ],
            0..=4,
        ),
        proptest::sample::subsequence(
            vec![
                Imbalance::WeakSide(Side::Left),
                Imbalance::ExtensorsWeak,
                Imbalance::LateralWeak,
            ],
            0..=3,
        ),
        (
            any::<bool>(),
            proptest::sample::subsequence(MovementTest::ALL.to_vec(), 0..=3),
        ),
    )
        .prop_map(
            |(levels, holds, mut priorities, mut imbalances, (flip, weak_movements))| {
                if flip {
                    priorities.reverse();
                    for i in &mut imbalances {
                        if *i == Imbalance::WeakSide(Side::Left) {
                            *i = Imbalance::WeakSide(Side::Right);
                        }
                    }
                }
                Tailoring {
                    levels: StartingLevels {
                        anti_flexion: levels.0,
                        lateral: levels.1,
                        hinge: levels.2,
                    },
                    holds: EnduranceHolds {
                        extensor: holds.0,
                        flexor: holds.1,
                        side_bridge_right: holds.2,
                        side_bridge_left: holds.3,
                        prone_plank: holds.4,
                    },
                    mobility_priorities: priorities,
                    imbalances,
                    weak_movements,
                }
            },
        )
}

/// Every setting across its full documented range except the region cap,
/// drawn from 30-60 %: the catalog's exercises weigh up to 0.6-0.8 on one
/// region (glutes, in most posterior-chain work), and a bodyweight week of a
/// few slots cannot always be spread thinner. Under 30 % the balancing pass
/// is best effort (checked: 3000 cases pass at 30-60, a 20 % cap fails).
fn arb_settings() -> impl Strategy<Value = PlanSettings> {
    (
        3u8..=5,
        1u8..=4,
        30u8..=60,
        30u8..=60,
        40u8..=60,
        5u16..=30,
        30u16..=180,
        (30u8..=90, 100u16..=200),
    )
        .prop_map(
            |(block_weeks, blocks, cut, cap, start_hold, min_hold, ceiling, (share, rest))| {
                PlanSettings {
                    block_weeks,
                    blocks,
                    deload_cut_percent: cut,
                    deload_load_share_percent: share,
                    rest_hold_percent: rest,
                    region_cap_percent: cap,
                    start_hold_percent: start_hold,
                    min_hold_seconds: min_hold,
                    hold_ceiling_seconds: ceiling,
                    ..PlanSettings::default()
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn programs_keep_their_invariants(
        profile in arb_profile(),
        tailoring in arb_tailoring(),
        settings in arb_settings(),
    ) {
        let program = build(&profile, &tailoring, &settings);
        check_invariants(&profile, &tailoring, &settings, &program);
        // Deterministic: the same input gives the same program.
        prop_assert_eq!(program, build(&profile, &tailoring, &settings));
    }
}

#[test]
fn region_share_matches_the_recomputed_volume() {
    let (profile, tailoring) = trained_lifter();
    let program = build(&profile, &tailoring, &PlanSettings::default());
    for week in &program.weeks {
        let recomputed = region_percent(week);
        for (region, share) in &week.region_share {
            let expected = recomputed.get(region).copied().unwrap_or(0.0);
            assert!((f64::from(*share) - expected).abs() < 0.11, "{region:?}");
        }
    }
}

// ---------- three contrasting profiles ----------

fn score(n: i64) -> Option<Score03> {
    Some(Score03::new(n).unwrap())
}

fn secs(n: i64) -> Option<Seconds> {
    Some(Seconds::new(n).unwrap())
}

fn profile(
    age: TrainingAge,
    days: &str,
    equipment: &[Equipment],
    light: bool,
    sex: Option<Sex>,
) -> Profile {
    Profile {
        name: None,
        sex,
        training_age: age,
        training_days: TrainingDays::parse(days).unwrap(),
        light_days: light,
        equipment: equipment.to_vec(),
        pain_now: Pain::new(2).unwrap(),
        units: Default::default(),
        inventory: Default::default(),
    }
}

fn tailor(
    profile: &Profile,
    holds: EnduranceHolds,
    movement: i64,
    mobility: Mobility,
) -> Tailoring {
    let input = AssessmentInput {
        date: start(),
        holds,
        movement: MovementQuality {
            hip_hinge: score(movement),
            bird_dog: score(movement),
            dead_bug: score(movement),
        },
        mobility,
        pain_now: Some(profile.pain_now),
    };
    assessment::assess(&input, profile.sex, profile.training_age).tailoring
}

/// Deconditioned beginner whose flexor hold outlasts the extensor hold.
fn beginner() -> (Profile, Tailoring) {
    let p = profile(
        TrainingAge::Novice,
        "mon,wed,fri",
        &[Equipment::Dowel, Equipment::Band],
        true,
        Some(Sex::Female),
    );
    let holds = EnduranceHolds {
        extensor: secs(45),
        flexor: secs(60),
        side_bridge_right: secs(22),
        side_bridge_left: secs(23),
        prone_plank: secs(30),
    };
    let mobility = Mobility {
        toe_touch_cm: Some(ReachCm::new(-15).unwrap()),
        thomas_left: Some(false),
        thomas_right: Some(false),
        ..Mobility::default()
    };
    let t = tailor(&p, holds, 1, mobility);
    (p, t)
}

/// Trained lifter with a full gym whose left side bridge lags.
fn trained_lifter() -> (Profile, Tailoring) {
    let p = profile(
        TrainingAge::Advanced,
        "mon,tue,thu,fri",
        &Equipment::ALL,
        false,
        Some(Sex::Male),
    );
    let holds = EnduranceHolds {
        extensor: secs(170),
        flexor: secs(140),
        side_bridge_right: secs(100),
        side_bridge_left: secs(78),
        prone_plank: secs(150),
    };
    let mobility = Mobility {
        thoracic_rotation_left: score(1),
        thoracic_rotation_right: score(2),
        ..Mobility::default()
    };
    let t = tailor(&p, holds, 3, mobility);
    (p, t)
}

/// Intermediate trainee with nothing but a mat, two days a week.
fn bodyweight_only() -> (Profile, Tailoring) {
    let p = profile(TrainingAge::Intermediate, "tue,sat", &[], true, None);
    let holds = EnduranceHolds {
        extensor: secs(110),
        flexor: secs(90),
        side_bridge_right: secs(60),
        side_bridge_left: secs(62),
        prone_plank: None,
    };
    let t = tailor(&p, holds, 2, Mobility::default());
    (p, t)
}

/// A compact, reviewable text rendering of chosen weeks.
fn render(program: &Program, weeks: &[usize]) -> String {
    let catalog = Catalog::builtin();
    let name = |id: &keel_core::catalog::ExerciseId| {
        catalog
            .get(id)
            .map(|e| e.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let mut out = String::new();
    let calendar: Vec<String> = program
        .weeks
        .iter()
        .map(|w| {
            let days: String = w
                .days
                .iter()
                .map(|d| match d.kind {
                    DayKind::A => 'A',
                    DayKind::B => 'B',
                    DayKind::Light => 'l',
                    DayKind::Rest => '.',
                })
                .collect();
            format!(
                "{:>2} {days}{}",
                w.number,
                if w.deload { " deload" } else { "" }
            )
        })
        .collect();
    writeln!(
        out,
        "calendar from {}:\n{}",
        program.start,
        calendar.join("\n")
    )
    .unwrap();
    for &n in weeks {
        let Some(week) = program.weeks.get(n - 1) else {
            continue;
        };
        writeln!(
            out,
            "\n== week {} ({}, week {} of block{}) ==",
            week.number,
            week.phase.label(),
            week.week_in_block,
            if week.deload { ", DELOAD" } else { "" }
        )
        .unwrap();
        let shares: Vec<String> = week
            .region_share
            .iter()
            .filter(|(_, s)| *s > 0.0)
            .map(|(r, s)| format!("{} {s}", r.label()))
            .collect();
        writeln!(out, "regions %: {}", shares.join(", ")).unwrap();
        let mut seen = BTreeSet::new();
        for day in &week.days {
            let Some(session) = &day.session else {
                continue;
            };
            // One of each kind is enough: same-kind days share a session.
            if !seen.insert(format!("{:?}", day.kind)) {
                continue;
            }
            writeln!(
                out,
                "-- {} {} ({} min)",
                day.date,
                day.kind.label(),
                session.estimated_minutes
            )
            .unwrap();
            let drills = |list: &[keel_core::program::Drill]| {
                list.iter()
                    .map(|d| format!("{} {}", name(&d.exercise), short(&d.prescription)))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            writeln!(out, "   warm-up: {}", drills(&session.warmup)).unwrap();
            for slot in &session.main {
                let between = slot
                    .between_sets
                    .as_ref()
                    .map(|b| format!(" | between: {}", name(b)))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "   {} {} rest {}s{between}",
                    name(&slot.exercise),
                    short(&slot.prescription),
                    slot.rest_seconds
                )
                .unwrap();
                if let Some(note) = &slot.note {
                    writeln!(out, "     note: {note}").unwrap();
                }
            }
            if let Some(t) = &session.transfer {
                writeln!(
                    out,
                    "   transfer: {} {}",
                    name(&t.exercise),
                    short(&t.prescription)
                )
                .unwrap();
            }
            writeln!(out, "   cool-down: {}", drills(&session.cooldown)).unwrap();
        }
    }
    out
}

fn load(l: Load) -> String {
    match l {
        Load::Bodyweight => "bw".into(),
        Load::ChooseForRpe => "load@rpe".into(),
        Load::Kg { kg } => format!("{kg}kg"),
    }
}

fn short(p: &Prescription) -> String {
    match p {
        Prescription::Hold {
            sets,
            seconds,
            per_side,
            extra_sets_on,
            load: l,
            pyramid,
        } if !pyramid.is_empty() => format!(
            "{}x{seconds}s{}{} {}",
            pyramid
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join("-"),
            if *per_side { "/side" } else { "" },
            extra_sets_on
                .map(|s| format!(" +1 {}", s.label()))
                .unwrap_or_default(),
            load(*l)
        ),
        Prescription::Hold {
            sets,
            seconds,
            per_side,
            extra_sets_on,
            load: l,
            ..
        } => format!(
            "{sets}x{seconds}s{}{} {}",
            if *per_side { "/side" } else { "" },
            extra_sets_on
                .map(|s| format!(" +1 {}", s.label()))
                .unwrap_or_default(),
            load(*l)
        ),
        Prescription::Reps {
            sets,
            reps_min,
            reps_max,
            per_side,
            tempo,
            load: l,
            target_rpe,
        } => format!(
            "{sets}x{reps_min}-{reps_max}{} @{} {} RPE {target_rpe}",
            if *per_side { "/side" } else { "" },
            tempo.map(|t| t.to_string()).unwrap_or_else(|| "-".into()),
            load(*l)
        ),
        Prescription::Carry {
            sets,
            metres,
            seconds,
            load: l,
            target_rpe,
        } => format!(
            "{sets}x{}{} {} RPE {target_rpe}",
            metres.map(|m| format!("{m}m")).unwrap_or_default(),
            seconds.map(|s| format!("{s}s")).unwrap_or_default(),
            load(*l)
        ),
        Prescription::Drill {
            sets,
            reps,
            seconds,
            per_side,
        } => format!(
            "{sets}x{}{}{}",
            reps.map(|r| r.to_string()).unwrap_or_default(),
            seconds.map(|s| format!("{s}s")).unwrap_or_default(),
            if *per_side { "/side" } else { "" }
        ),
    }
}

#[test]
fn snapshot_deconditioned_beginner_with_weak_extensors() {
    let (profile, tailoring) = beginner();
    assert!(
        tailoring.imbalances.contains(&Imbalance::ExtensorsWeak),
        "the premise: flexion/extension above 1.0 ({:?})",
        tailoring.imbalances
    );
    let settings = PlanSettings::default();
    let program = build(&profile, &tailoring, &settings);
    check_invariants(&profile, &tailoring, &settings, &program);
    insta::assert_snapshot!(render(&program, &[1, 4, 5]));
}

#[test]
fn snapshot_trained_lifter_with_weak_left_side_bridge() {
    let (profile, tailoring) = trained_lifter();
    assert!(
        tailoring
            .imbalances
            .contains(&Imbalance::WeakSide(Side::Left)),
        "the premise: a weaker left side bridge ({:?})",
        tailoring.imbalances
    );
    let settings = PlanSettings::default();
    let program = build(&profile, &tailoring, &settings);
    check_invariants(&profile, &tailoring, &settings, &program);
    insta::assert_snapshot!(render(&program, &[1, 9, 12, 13]));
}

#[test]
fn snapshot_bodyweight_only() {
    let (profile, tailoring) = bodyweight_only();
    let settings = PlanSettings::default();
    let program = build(&profile, &tailoring, &settings);
    check_invariants(&profile, &tailoring, &settings, &program);
    insta::assert_snapshot!(render(&program, &[1, 5, 13, 16]));
}

// ---------- regressions: inputs that once broke an invariant ----------

/// A tailoring as the property test shrinks it: no mobility priorities, no imbalances.
fn drawn(levels: [i64; 3], holds: EnduranceHolds) -> Tailoring {
    let level = |l: i64| Level::new(l).unwrap();
    Tailoring {
        levels: StartingLevels {
            anti_flexion: level(levels[0]),
            lateral: level(levels[1]),
            hinge: level(levels[2]),
        },
        holds,
        mobility_priorities: Vec::new(),
        imbalances: Vec::new(),
        weak_movements: Vec::new(),
    }
}

/// Shrunk from a CI failure: Glutes at 30.1 % of a 30 % cap in the deload
/// week 8. Glutes and obliques sat at the cap together, no single change
/// lowered the excess, and the pass stopped before its deload fallback.
#[test]
fn deload_with_two_regions_at_the_cap_stays_under_it() {
    let profile = profile(TrainingAge::Novice, "fri,sat", &[], false, None);
    let holds = EnduranceHolds {
        extensor: None,
        flexor: None,
        side_bridge_right: secs(140),
        side_bridge_left: None,
        prone_plank: None,
    };
    let tailoring = drawn([2, 1, 2], holds);
    let settings = PlanSettings {
        block_weeks: 3,
        blocks: 2,
        deload_cut_percent: 35,
        region_cap_percent: 30,
        start_hold_percent: 46,
        min_hold_seconds: 16,
        hold_ceiling_seconds: 54,
        retest_weeks: 6,
        ..PlanSettings::default()
    };
    let program = build(&profile, &tailoring, &settings);
    check_invariants(&profile, &tailoring, &settings, &program);
}

/// Found by a random run: Glutes at 32.1 % of a 32 % cap in training
/// week 5 (bodyweight only), where a stalled pass had no fallback at all.
#[test]
fn training_week_with_two_regions_at_the_cap_stays_under_it() {
    let profile = profile(TrainingAge::Advanced, "tue,sat", &[], false, None);
    let holds = EnduranceHolds {
        extensor: None,
        flexor: secs(115),
        side_bridge_right: secs(167),
        side_bridge_left: secs(210),
        prone_plank: secs(29),
    };
    let tailoring = drawn([2, 1, 2], holds);
    let settings = PlanSettings {
        block_weeks: 3,
        blocks: 4,
        deload_cut_percent: 53,
        region_cap_percent: 32,
        start_hold_percent: 43,
        min_hold_seconds: 9,
        hold_ceiling_seconds: 179,
        retest_weeks: 6,
        ..PlanSettings::default()
    };
    let program = build(&profile, &tailoring, &settings);
    check_invariants(&profile, &tailoring, &settings, &program);
}

// ---------- issue 16: a program a physiotherapist would sign ----------
//
// Six athlete profiles, each checked against the rules of docs/method.md
// §4.7 (and the invariants above, which include the chain rules and the
// technique drills), and snapshotted.

/// Weak with pain: pain 5 starts everything at level 1; every movement test 1/3.
fn weak_with_pain() -> (Profile, Tailoring) {
    let mut p = profile(
        TrainingAge::Novice,
        "mon,wed,fri",
        &[Equipment::Dowel],
        false,
        Some(Sex::Female),
    );
    p.pain_now = Pain::new(5).unwrap();
    let holds = EnduranceHolds {
        extensor: secs(40),
        flexor: secs(35),
        side_bridge_right: secs(20),
        side_bridge_left: secs(21),
        prone_plank: secs(25),
    };
    (p.clone(), tailor(&p, holds, 1, Mobility::default()))
}

/// Average: intermediate, holds near the norms, a kettlebell and a bench.
fn average() -> (Profile, Tailoring) {
    let p = profile(
        TrainingAge::Intermediate,
        "mon,wed,fri",
        &[Equipment::Kettlebell, Equipment::Bench, Equipment::Dowel],
        false,
        Some(Sex::Male),
    );
    let holds = EnduranceHolds {
        extensor: secs(150),
        flexor: secs(120),
        side_bridge_right: secs(85),
        side_bridge_left: secs(88),
        prone_plank: secs(110),
    };
    (p.clone(), tailor(&p, holds, 2, Mobility::default()))
}

/// Strong: advanced, a full gym, holds above the norms, clean movement.
fn strong() -> (Profile, Tailoring) {
    let p = profile(
        TrainingAge::Advanced,
        "mon,tue,thu,fri",
        &Equipment::ALL,
        false,
        Some(Sex::Male),
    );
    let holds = EnduranceHolds {
        extensor: secs(230),
        flexor: secs(170),
        side_bridge_right: secs(120),
        side_bridge_left: secs(121),
        prone_plank: secs(200),
    };
    (p.clone(), tailor(&p, holds, 3, Mobility::default()))
}

/// Imbalanced left/right: the left side bridge lags by a third.
fn imbalanced() -> (Profile, Tailoring) {
    let p = profile(
        TrainingAge::Intermediate,
        "tue,thu,sat",
        &[Equipment::Bench, Equipment::Band],
        false,
        Some(Sex::Female),
    );
    let holds = EnduranceHolds {
        extensor: secs(160),
        flexor: secs(120),
        side_bridge_right: secs(75),
        side_bridge_left: secs(50),
        prone_plank: secs(90),
    };
    (p.clone(), tailor(&p, holds, 2, Mobility::default()))
}

/// Flexion/extension above 1: the flexor hold outlasts the extensor hold
/// (1.5), with a back-extension station, so the extensor path is open.
fn flexion_dominant(flexor: i64) -> (Profile, Tailoring) {
    let p = profile(
        TrainingAge::Intermediate,
        "mon,wed,fri",
        &[
            Equipment::BackExtension,
            Equipment::Bench,
            Equipment::Dumbbell,
        ],
        false,
        Some(Sex::Male),
    );
    let holds = EnduranceHolds {
        extensor: secs(80),
        flexor: secs(flexor),
        side_bridge_right: secs(60),
        side_bridge_left: secs(61),
        prone_plank: secs(90),
    };
    (p.clone(), tailor(&p, holds, 2, Mobility::default()))
}

/// Minimal equipment: nothing but a mat, two days a week, a weak hip hinge.
fn minimal_equipment() -> (Profile, Tailoring) {
    let p = profile(TrainingAge::Novice, "tue,sat", &[], false, None);
    let holds = EnduranceHolds {
        extensor: secs(90),
        flexor: secs(70),
        side_bridge_right: secs(45),
        side_bridge_left: secs(47),
        prone_plank: secs(60),
    };
    let mut t = tailor(&p, holds, 2, Mobility::default());
    // Only the hinge failed: its drill must be there without a dowel.
    t.weak_movements = vec![MovementTest::HipHinge];
    (p, t)
}

fn training_sessions(week: &Week, kind: DayKind) -> impl Iterator<Item = &Session> {
    week.days
        .iter()
        .filter(move |d| d.kind == kind)
        .filter_map(|d| d.session.as_ref())
}

fn chain_root(id: &str) -> String {
    chain_of(&keel_core::catalog::ExerciseId::new(id)).0
}

/// The slot on `chain` (by its easiest exercise) in a session.
fn on_chain<'s>(session: &'s Session, chain: &str) -> Option<&'s keel_core::program::Slot> {
    session
        .main
        .iter()
        .chain(session.transfer.iter())
        .find(|s| chain_of(&s.exercise).0 == chain_root(chain))
}

/// Holds a pyramid's sets hold in all, for one slot.
fn pyramid_holds(slot: &keel_core::program::Slot) -> u32 {
    slot.prescription
        .pyramid()
        .unwrap_or_else(|| panic!("{} is not a pyramid", slot.exercise))
        .iter()
        .map(|&n| u32::from(n))
        .sum()
}

/// Block 1: McGill's big 3 on every A day as descending pyramids of holds
/// of at most 10 s that grow by holds week by week, never by seconds;
/// hinge patterning on B days and the bend-and-pick-up transfer drill;
/// holds are no longer pyramids after the foundation.
fn check_foundation(name: &str, tailoring: &Tailoring, program: &Program) {
    let per_block = usize::from(program.settings.block_weeks) + 1;
    let training: Vec<&Week> = program.weeks[..per_block - 1].iter().collect();
    let mut last_holds: Option<u32> = None;
    for week in &training {
        let mut a_days = 0;
        for a in training_sessions(week, DayKind::A) {
            a_days += 1;
            let mut holds = 0;
            for chain in ["bird-dog", "side-bridge", "mcgill-curl-up"] {
                let slot = on_chain(a, chain)
                    .unwrap_or_else(|| panic!("{name} week {}: no {chain}", week.number));
                holds += pyramid_holds(slot);
                let Prescription::Hold { seconds, .. } = slot.prescription else {
                    panic!("{name}: {} is not a hold", slot.exercise);
                };
                assert!(seconds.get() <= 10, "{name}: {} s", seconds.get());
            }
            // Same-kind days of a week share a session; weeks add holds.
            if a_days == 1 {
                if let Some(before) = last_holds {
                    assert!(
                        holds > before,
                        "{name} week {}: no holds added",
                        week.number
                    );
                }
                last_holds = Some(holds);
            }
        }
        assert!(a_days > 0, "{name} week {}: no A day", week.number);
        for b in training_sessions(week, DayKind::B) {
            let hinge = on_chain(b, "hip-hinge-wall-tap")
                .unwrap_or_else(|| panic!("{name} week {}: no hinge patterning", week.number));
            assert!(
                ["hip-hinge-wall-tap", "dowel-hip-hinge"].contains(&hinge.exercise.as_str()),
                "{name}: {}",
                hinge.exercise
            );
            let transfer = b.transfer.as_ref().map(|t| t.exercise.as_str());
            assert_eq!(transfer, Some("bend-and-pick-up"), "{name}");
        }
    }
    // Level 1 gets the easier bird dog and side bridge.
    let a = training_sessions(training[0], DayKind::A).next().unwrap();
    let easier = |chain: &str, level: u8, easy: &str, usual: &str| {
        let id = on_chain(a, chain).unwrap().exercise.to_string();
        let wanted = if level == 1 { easy } else { usual };
        assert_eq!(id, wanted, "{name}: level {level}");
    };
    easier(
        "bird-dog",
        tailoring.levels.anti_flexion.get(),
        "bird-dog-leg-reach",
        "bird-dog",
    );
    easier(
        "side-bridge",
        tailoring.levels.lateral.get(),
        "side-bridge-knees",
        "side-bridge",
    );
    // Hold length grows only in the later phases: no pyramid after block 1.
    for week in &program.weeks[per_block..] {
        for session in sessions(week) {
            for slot in session.main.iter().filter(|s| {
                !s.note
                    .as_deref()
                    .is_some_and(|n| n.starts_with("technique drill"))
            }) {
                assert!(
                    slot.prescription.pyramid().is_none(),
                    "{name}: {}",
                    slot.exercise
                );
            }
        }
    }
}

/// Holds start with headroom under the ceiling; elevated extensor holds say
/// their way forward; the Biering-Sorensen hold comes after the 45 degree
/// hold unless the assessment already reaches its level.
fn check_extensor_path(name: &str, tailoring: &Tailoring, program: &Program) {
    let ceiling = program.settings.hold_ceiling_seconds;
    let mut seen_45 = false;
    for week in &program.weeks {
        for session in sessions(week) {
            for slot in &session.main {
                if let Prescription::Hold { seconds, .. } = slot.prescription {
                    assert!(
                        u32::from(seconds.get()) * 100 <= u32::from(ceiling) * 75
                            || seconds.get() <= program.settings.min_hold_seconds,
                        "{name} week {}: {} {} s has no headroom under {ceiling} s",
                        week.number,
                        slot.exercise,
                        seconds.get()
                    );
                }
                match slot.exercise.as_str() {
                    "back-extension-hold" => seen_45 = true,
                    "biering-sorensen-hold" => assert!(
                        seen_45 || tailoring.levels.anti_flexion.get() >= 4,
                        "{name} week {}: Sorensen before the 45 degree hold",
                        week.number
                    ),
                    _ => {}
                }
                let elevated_extensor = [
                    "back-extension-hold",
                    "biering-sorensen-hold",
                    "loaded-back-extension-hold",
                ];
                if elevated_extensor.contains(&slot.exercise.as_str())
                    && !week.deload
                    && slot.prescription.pyramid().is_none()
                {
                    let note = slot.note.as_deref().unwrap_or("");
                    assert!(
                        note.contains("way forward") && note.contains("add a set"),
                        "{name}: {} {note:?}",
                        slot.exercise
                    );
                }
            }
        }
    }
}

fn extensor_share(week: &Week) -> f64 {
    region_percent(week)
        .get(&Region::LumbarExtensors)
        .copied()
        .unwrap_or(0.0)
}

fn generated(profile: &Profile, tailoring: &Tailoring) -> Program {
    let settings = PlanSettings::default();
    let program = build(profile, tailoring, &settings);
    check_invariants(profile, tailoring, &settings, &program);
    check_foundation("", tailoring, &program);
    check_extensor_path("", tailoring, &program);
    program
}

#[test]
fn issue_16_profiles_follow_the_method() {
    let profiles = [
        ("weak with pain", weak_with_pain()),
        ("average", average()),
        ("strong", strong()),
        ("imbalanced", imbalanced()),
        ("flexion dominant", flexion_dominant(120)),
        ("minimal equipment", minimal_equipment()),
        ("beginner", beginner()),
        ("trained lifter", trained_lifter()),
        ("bodyweight only", bodyweight_only()),
        ("pounds", pounds()),
    ];
    let mut problems = Vec::new();
    for (name, (profile, tailoring)) in profiles {
        let settings = PlanSettings::default();
        let program = build(&profile, &tailoring, &settings);
        check_invariants(&profile, &tailoring, &settings, &program);
        check_foundation(name, &tailoring, &program);
        check_extensor_path(name, &tailoring, &program);
        // Weeks vary: the foundation by its pyramids for everyone; after
        // it by the form, every block where the athlete owns enough for
        // fresh forms, and at least one block with a mat and little else
        // (the rotation leaves thin kits nothing fresh some blocks).
        let (foundation, later) = week_variation(name, &program);
        problems.extend(foundation);
        let equipped = ["average", "strong", "flexion dominant", "trained lifter"];
        let enough = if equipped.contains(&name) {
            later.iter().all(|v| *v)
        } else {
            later.iter().any(|v| *v)
        };
        if !enough {
            problems.push(format!("{name}: later blocks vary {later:?}"));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn weak_with_pain_trains_every_failed_movement_test() {
    let (profile, tailoring) = weak_with_pain();
    assert_eq!(tailoring.weak_movements, MovementTest::ALL.to_vec());
    assert_eq!(
        tailoring.levels.anti_flexion.get(),
        1,
        "pain 5 starts at level 1"
    );
    // check_invariants (via generated) checks every week holds each drill.
    let program = generated(&profile, &tailoring);
    let a = training_sessions(&program.weeks[0], DayKind::A)
        .next()
        .unwrap();
    // Technique before the rest of the main block.
    let at = |id: &str| {
        a.main
            .iter()
            .position(|s| s.exercise.as_str() == id)
            .unwrap()
    };
    assert!(at("dead-bug") < at("side-bridge-knees"), "{:?}", a.main);
    assert!(at("dead-bug") < at("mcgill-curl-up"));
    insta::assert_snapshot!(render(&program, &[1, 2, 5]));
}

#[test]
fn minimal_equipment_hinges_at_the_wall_without_a_dowel() {
    let (profile, tailoring) = minimal_equipment();
    let program = generated(&profile, &tailoring);
    for week in &program.weeks {
        for b in training_sessions(week, DayKind::B) {
            let hinge = on_chain(b, "hip-hinge-wall-tap").expect("hinge drill every week");
            assert!(hinge.note.as_deref().unwrap_or("").contains("hip hinge"));
        }
    }
    insta::assert_snapshot!(render(&program, &[1, 5, 9]));
}

#[test]
fn extensor_share_follows_the_flexion_extension_ratio() {
    let (profile, dominant) = flexion_dominant(120);
    let (_, balanced) = flexion_dominant(60);
    assert!(dominant.imbalances.contains(&Imbalance::ExtensorsWeak));
    let settings = PlanSettings::default();
    let high = build(&profile, &dominant, &settings);
    let low = build(&profile, &balanced, &settings);
    let per_block = usize::from(settings.block_weeks) + 1;
    // 18 % x 1.5 = 27 %, under the 35 % cap less 5 points.
    let floor = 27.0;
    let mut sums = (0.0, 0.0);
    for (h, l) in high.weeks.iter().zip(&low.weeks).skip(per_block) {
        if h.deload {
            continue;
        }
        assert!(
            extensor_share(h) >= floor - 0.05,
            "week {}: extensors {:.1} % under {floor} %",
            h.number,
            extensor_share(h)
        );
        sums.0 += extensor_share(h);
        sums.1 += extensor_share(l);
    }
    assert!(sums.0 > sums.1, "{sums:?}");
    check_invariants(&profile, &dominant, &settings, &high);
    insta::assert_snapshot!(render(&high, &[1, 5, 9]));
}

/// The average athlete training in pounds, with the pound sizes a pound
/// athlete owns by default.
fn pounds() -> (Profile, Tailoring) {
    let (mut p, t) = average();
    p.units = keel_core::units::Units::Lb;
    (p, t)
}

/// A plan does not depend on the unit it is read in: loads are chosen for
/// an RPE at their first session and stored in kilograms, so the pound
/// athlete's plan is the kilogram athlete's.
#[test]
fn a_plan_in_pounds_is_the_plan_in_kilograms() {
    let (kg_profile, tailoring) = average();
    let (lb_profile, _) = pounds();
    let in_kg = generated(&kg_profile, &tailoring);
    let in_lb = generated(&lb_profile, &tailoring);
    assert_eq!(in_kg, in_lb);
    insta::assert_snapshot!("pounds", render(&in_lb, &[1, 5, 9, 13]));
}

#[test]
fn strong_average_and_imbalanced_snapshots() {
    for (name, (profile, tailoring)) in [
        ("strong", strong()),
        ("average", average()),
        ("imbalanced", imbalanced()),
    ] {
        let program = generated(&profile, &tailoring);
        insta::assert_snapshot!(name, render(&program, &[1, 5, 9, 13]));
    }
}

#[test]
fn a_new_block_never_brings_an_easier_variant_than_reached() {
    use keel_core::catalog::ExerciseId;
    use keel_core::program::{Reached, generate_with};
    let (profile, tailoring) = strong();
    let settings = PlanSettings::default();
    let catalog = Catalog::builtin();
    // The training state says the athlete reached the feet-elevated side
    // bridge and the Romanian deadlift.
    let mut reached = Reached::from_assessment();
    reached.reach(catalog, &ExerciseId::new("side-bridge-feet-elevated"));
    reached.reach(catalog, &ExerciseId::new("romanian-deadlift"));
    let input = GenerateInput {
        profile: &profile,
        tailoring: &tailoring,
        settings: &settings,
        catalog,
        start: start(),
    };
    let program = generate_with(input, &reached);
    check_invariants(&profile, &tailoring, &settings, &program);
    for week in &program.weeks {
        for session in sessions(week) {
            for slot in session.main.iter().chain(session.transfer.iter()) {
                let (chain, at) = chain_of(&slot.exercise);
                if chain == chain_root("side-bridge") {
                    assert!(at >= 2, "week {}: {}", week.number, slot.exercise);
                }
                if chain == chain_root("romanian-deadlift") {
                    assert!(at >= 3, "week {}: {}", week.number, slot.exercise);
                }
            }
        }
    }
    // Without the reached variants the foundation brings the side bridge.
    let plain = generate(input);
    let a = training_sessions(&plain.weeks[0], DayKind::A)
        .next()
        .unwrap();
    assert_eq!(
        on_chain(a, "side-bridge").unwrap().exercise.as_str(),
        "side-bridge"
    );
}

/// The weeks of a block after the foundation move between the floor,
/// elevated and dynamic forms (docs/method.md §4.4): the average athlete's
/// second block, week by week.
#[test]
fn weeks_of_a_block_move_between_forms() {
    let (profile, tailoring) = average();
    let program = generated(&profile, &tailoring);
    let (problems, later) = week_variation("average", &program);
    assert!(problems.is_empty(), "{problems:?}");
    assert!(later.iter().all(|v| *v), "{later:?}");
    insta::assert_snapshot!(render(&program, &[5, 6, 7, 8]));
}

/// A hold done with an implement in hand (the suitcase hold) is never
/// prescribed empty-handed to an athlete who owns one: it means nothing
/// without its load, in every phase.
#[test]
fn a_suitcase_hold_always_has_its_load() {
    let mut seen = 0;
    for (profile, tailoring) in [average(), strong(), imbalanced(), pounds()] {
        let program = generated(&profile, &tailoring);
        for week in program.weeks.iter().filter(|w| !w.deload) {
            for session in week.days.iter().filter_map(|d| d.session.as_ref()) {
                for slot in session
                    .main
                    .iter()
                    .filter(|s| s.exercise.as_str() == "suitcase-hold")
                {
                    seen += 1;
                    assert_ne!(
                        slot.prescription.load(),
                        Load::Bodyweight,
                        "week {}: {:?}",
                        week.number,
                        slot.prescription
                    );
                }
            }
        }
    }
    assert!(seen > 0, "the premise: a suitcase hold in some plan");
}

/// Found by `programs_keep_their_invariants`: two days a week, a
/// back-extension bench only, and the second block's rotation leaves no
/// fresh core work to add, so its first week sat at 31.5 % glutes against a
/// 30 % cap until the sessions could share their own core work.
#[test]
fn a_week_with_no_fresh_core_work_still_meets_the_region_cap() {
    let profile = profile(
        TrainingAge::Novice,
        "sat,sun",
        &[Equipment::BackExtension],
        false,
        None,
    );
    let level = |n| Level::new(n).unwrap();
    let tailoring = Tailoring {
        levels: StartingLevels {
            anti_flexion: level(1),
            lateral: level(2),
            hinge: level(1),
        },
        holds: EnduranceHolds {
            extensor: secs(172),
            flexor: None,
            side_bridge_right: None,
            side_bridge_left: None,
            prone_plank: None,
        },
        mobility_priorities: vec![],
        imbalances: vec![Imbalance::ExtensorsWeak],
        weak_movements: vec![],
    };
    let settings = PlanSettings {
        block_weeks: 3,
        blocks: 2,
        deload_cut_percent: 30,
        deload_load_share_percent: 30,
        rest_hold_percent: 100,
        region_cap_percent: 30,
        start_hold_percent: 53,
        min_hold_seconds: 13,
        hold_ceiling_seconds: 70,
        ..PlanSettings::default()
    };
    let program = build(&profile, &tailoring, &settings);
    check_invariants(&profile, &tailoring, &settings, &program);
}
