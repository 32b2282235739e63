#![allow(clippy::unwrap_used)]

use jiff::civil::date;

use super::*;
use crate::catalog::MobilityTarget;
use crate::measure::{KneeToWallCm, LegRaiseDegrees, Pain, ReachCm, Score03, Seconds};
use crate::profile::{Sex, TrainingAge};

fn s(v: i64) -> Option<Seconds> {
    Some(Seconds::new(v).unwrap())
}

fn q(v: i64) -> Option<Score03> {
    Some(Score03::new(v).unwrap())
}

fn holds(ext: i64, flex: i64, right: i64, left: i64, plank: i64) -> EnduranceHolds {
    EnduranceHolds {
        extensor: s(ext),
        flexor: s(flex),
        side_bridge_right: s(right),
        side_bridge_left: s(left),
        prone_plank: s(plank),
    }
}

fn input(holds: EnduranceHolds) -> AssessmentInput {
    AssessmentInput {
        date: date(2026, 3, 2),
        holds,
        movement: MovementQuality {
            hip_hinge: q(3),
            bird_dog: q(3),
            dead_bug: q(3),
        },
        mobility: Mobility::default(),
        pain_now: Some(Pain::new(0).unwrap()),
    }
}

/// A balanced battery: every ratio healthy.
fn balanced() -> EnduranceHolds {
    holds(160, 130, 95, 95, 120)
}

fn ratio(report: &AssessmentReport, kind: RatioKind) -> &RatioResult {
    report.ratios.iter().find(|r| r.ratio == kind).unwrap()
}

fn hold(report: &AssessmentReport, test: HoldTest) -> &HoldResult {
    report.holds.iter().find(|h| h.test == test).unwrap()
}

fn level(report: &AssessmentReport, p: Pattern) -> u8 {
    report
        .starting_levels
        .iter()
        .find(|d| d.pattern == p)
        .unwrap()
        .level
        .get()
}

fn run(i: &AssessmentInput, sex: Option<Sex>) -> AssessmentReport {
    assess(i, sex, TrainingAge::Advanced)
}

#[test]
fn builtin_norms_parse_and_carry_their_sources() {
    let n = Norms::builtin();
    assert_eq!(n.mcgill.male.extensor, 161);
    assert_eq!(n.mcgill.female.side_bridge_left, 78);
    assert_eq!(n.prone_plank.male, Norm { mean: 124, sd: 72 });
    assert_eq!(n.prone_plank.female, Norm { mean: 83, sd: 63 });
    assert_eq!(
        (n.sorensen.below_seconds, n.sorensen.above_seconds),
        (176, 198)
    );
    assert_eq!(n.measurement_error.band_seconds, 15);
    assert!(n.mcgill.source.contains("McGill"));
    assert!(n.prone_plank.source.contains("Strand"));
    let report = run(&input(balanced()), Some(Sex::Male));
    assert!(report.sources.iter().any(|s| s.contains("Latimer")));
    assert!(
        report
            .sources
            .iter()
            .any(|s| s.contains("Biering-Sorensen"))
    );
}

#[test]
fn norms_file_is_checked() {
    let bad = include_str!("norms.toml").replace("extensor = 161", "extensor = 0");
    assert!(Norms::parse(&bad).is_err());
    let unsorted = include_str!("norms.toml").replace("[30, 55, 80, 105]", "[55, 30, 80, 105]");
    assert!(Norms::parse(&unsorted).is_err());
}

#[test]
fn flexion_extension_flag_on_and_off() {
    let off = run(&input(balanced()), Some(Sex::Male));
    let r = ratio(&off, RatioKind::FlexionExtension);
    assert!(!r.flagged);
    assert!((r.value.unwrap() - 130.0 / 160.0).abs() < 1e-9);
    assert!(!off.tailoring.imbalances.contains(&Imbalance::ExtensorsWeak));

    // 100/100 = 1.0 exactly is not above 1.0.
    let edge = run(&input(holds(100, 100, 50, 50, 60)), Some(Sex::Male));
    assert!(!ratio(&edge, RatioKind::FlexionExtension).flagged);

    let on = run(&input(holds(100, 120, 50, 50, 60)), Some(Sex::Male));
    let r = ratio(&on, RatioKind::FlexionExtension);
    assert!(r.flagged);
    assert!(r.meaning.contains("extensor"));
    assert!(on.tailoring.imbalances.contains(&Imbalance::ExtensorsWeak));
}

#[test]
fn right_left_flag_on_and_off_names_the_weaker_side() {
    let off = run(&input(holds(160, 130, 95, 100, 120)), Some(Sex::Male));
    assert!(!ratio(&off, RatioKind::RightLeftSideBridge).flagged); // 0.95
    assert!(
        off.tailoring
            .imbalances
            .iter()
            .all(|i| !matches!(i, Imbalance::WeakSide(_)))
    );

    let right_weak = run(&input(holds(160, 130, 90, 100, 120)), Some(Sex::Male));
    assert!(ratio(&right_weak, RatioKind::RightLeftSideBridge).flagged); // 0.90
    assert!(
        right_weak
            .tailoring
            .imbalances
            .contains(&Imbalance::WeakSide(Side::Right))
    );

    let left_weak = run(&input(holds(160, 130, 100, 90, 120)), Some(Sex::Male));
    let r = ratio(&left_weak, RatioKind::RightLeftSideBridge);
    assert!(r.flagged); // 1.11
    assert!(r.meaning.contains("left side"));
    assert!(
        left_weak
            .tailoring
            .imbalances
            .contains(&Imbalance::WeakSide(Side::Left))
    );
}

#[test]
fn side_bridge_extension_flag_on_and_off() {
    let off = run(&input(balanced()), Some(Sex::Male)); // 95/160 = 0.59
    assert!(!ratio(&off, RatioKind::SideBridgeExtension).flagged);

    let on = run(&input(holds(100, 80, 90, 90, 120)), Some(Sex::Male)); // 0.90
    assert!(ratio(&on, RatioKind::SideBridgeExtension).flagged);
    assert!(!ratio(&on, RatioKind::FlexionExtension).flagged);
    assert!(on.tailoring.imbalances.contains(&Imbalance::ExtensorsWeak));
}

#[test]
fn skipped_tests_leave_ratios_unflagged_and_zero_divisor_flags() {
    let mut h = balanced();
    h.flexor = None;
    let r = run(&input(h), None);
    let fe = ratio(&r, RatioKind::FlexionExtension);
    assert_eq!((fe.value, fe.flagged), (None, false));

    let zero_ext = run(&input(holds(0, 30, 20, 20, 20)), None);
    let fe = ratio(&zero_ext, RatioKind::FlexionExtension);
    assert_eq!((fe.value, fe.flagged), (None, true));
}

#[test]
fn lateral_weak_only_when_clearly_below_the_norm_ratio() {
    // Men's norm ratio ~0.60; half of it ~0.30.
    let low = run(&input(holds(200, 150, 50, 50, 120)), Some(Sex::Male)); // 0.25
    assert!(low.tailoring.imbalances.contains(&Imbalance::LateralWeak));
    // A typical woman's 0.40 is not flagged as lateral weakness.
    let typical_woman = run(&input(holds(185, 130, 75, 75, 80)), Some(Sex::Female));
    assert!(
        !typical_woman
            .tailoring
            .imbalances
            .contains(&Imbalance::LateralWeak)
    );
}

#[test]
fn norms_by_sex_and_both_when_unknown() {
    let i = input(balanced());
    let men = run(&i, Some(Sex::Male));
    let ext = hold(&men, HoldTest::Extensor);
    assert_eq!(ext.norms.len(), 1);
    assert_eq!(ext.norms[0].norm_seconds, 161);
    assert_eq!(ext.norms[0].percent_of_norm, Some(99)); // 160/161

    let women = run(&i, Some(Sex::Female));
    let ext = hold(&women, HoldTest::Extensor);
    assert_eq!(ext.norms[0].norm_seconds, 185);
    assert_eq!(ext.norms[0].percent_of_norm, Some(86)); // 160/185
    let plank = hold(&women, HoldTest::PronePlank);
    assert_eq!(plank.norms[0].norm_sd_seconds, Some(63));
    assert_eq!(plank.norms[0].percent_of_norm, Some(145)); // 120/83

    let unknown = run(&i, None);
    let sb = hold(&unknown, HoldTest::SideBridgeRight);
    let both: Vec<(Sex, u16)> = sb.norms.iter().map(|n| (n.sex, n.norm_seconds)).collect();
    assert_eq!(both, vec![(Sex::Male, 95), (Sex::Female, 75)]);
    // Tailoring uses the lower percent when sex is unknown.
    assert_eq!(sb.tailoring_percent(), Some(100));
}

#[test]
fn percent_of_norm_rounds_and_skips() {
    assert_eq!(percent_of(Seconds::new(80).unwrap(), 161), 50);
    assert_eq!(percent_of(Seconds::new(0).unwrap(), 161), 0);
    let mut h = balanced();
    h.prone_plank = None;
    let r = run(&input(h), Some(Sex::Male));
    assert_eq!(
        hold(&r, HoldTest::PronePlank).norms[0].percent_of_norm,
        None
    );
}

#[test]
fn sorensen_line_for_men_below_between_above() {
    let n = Norms::builtin();
    let info = |secs, sex| holds::sorensen(s(secs), sex, n);
    let below = info(175, Some(Sex::Male));
    assert_eq!(below.band, Some(SorensenBand::Below));
    assert!(below.text.contains("under 176 s"), "{}", below.text);
    assert!(below.text.contains("not a diagnosis"));
    assert_eq!(info(176, Some(Sex::Male)).band, Some(SorensenBand::Between));
    assert_eq!(info(198, Some(Sex::Male)).band, Some(SorensenBand::Between));
    let above = info(199, Some(Sex::Male));
    assert_eq!(above.band, Some(SorensenBand::Above));
    assert!(above.text.contains("over 198 s"));

    let women = info(100, Some(Sex::Female));
    assert_eq!(women.band, None);
    assert!(women.text.contains("no predictive value"));

    let unknown = info(100, None);
    assert_eq!(unknown.band, Some(SorensenBand::Below));
    assert!(unknown.text.contains("In men") && unknown.text.contains("no predictive value"));

    assert_eq!(holds::sorensen(None, Some(Sex::Male), n).band, None);
}

#[test]
fn measurement_band_boundary_is_15_s() {
    assert!(within_measurement_error(14, 15));
    assert!(within_measurement_error(-14, 15));
    assert!(within_measurement_error(0, 15));
    assert!(!within_measurement_error(15, 15));
    assert!(!within_measurement_error(-15, 15));
    assert!(!within_measurement_error(16, 15));
}

#[test]
fn retest_comparison_reports_changes_and_ratios() {
    let before = input(holds(100, 120, 60, 70, 60));
    let mut after = input(holds(114, 105, 76, 70, 45));
    after.holds.flexor = s(105);
    after.holds.prone_plank = None;
    after.date = date(2026, 4, 13);
    let c = compare(&before, &after);
    assert_eq!(c.band_seconds, 15);
    let change = |t| c.holds.iter().find(|h| h.test == t).unwrap();
    let ext = change(HoldTest::Extensor);
    assert_eq!(ext.change_seconds, Some(14));
    assert!(ext.within_measurement_error);
    assert!(ext.summary.contains("within measurement error"));
    let flex = change(HoldTest::Flexor);
    assert_eq!(flex.change_seconds, Some(-15));
    assert!(!flex.within_measurement_error);
    assert_eq!(flex.summary, "-15 s");
    let right = change(HoldTest::SideBridgeRight);
    assert_eq!(right.change_seconds, Some(16));
    assert!(!right.within_measurement_error);
    let plank = change(HoldTest::PronePlank);
    assert_eq!(plank.change_seconds, None);
    assert!(!plank.within_measurement_error);

    let fe = c
        .ratios
        .iter()
        .find(|r| r.ratio == RatioKind::FlexionExtension)
        .unwrap();
    assert!(fe.before_flagged && !fe.after_flagged);
    assert!((fe.before.unwrap() - 1.2).abs() < 1e-9);
}

fn with_quality(mut i: AssessmentInput, hinge: i64, bird: i64, bug: i64) -> AssessmentInput {
    i.movement = MovementQuality {
        hip_hinge: q(hinge),
        bird_dog: q(bird),
        dead_bug: q(bug),
    };
    i
}

#[test]
fn starting_levels_follow_percent_of_norm() {
    // Men: ext 170/161 = 106 %, plank 130/124 = 105 % -> 5; sides ~100 % -> 4.
    let strong = run(&input(holds(170, 130, 95, 99, 130)), Some(Sex::Male));
    assert_eq!(level(&strong, Pattern::AntiFlexion), 5);
    assert_eq!(level(&strong, Pattern::Lateral), 4);
    assert_eq!(level(&strong, Pattern::Hinge), 5);
    assert_eq!(strong.tailoring.levels.anti_flexion.get(), 5);

    // Ext 40/161 = 25 %, plank 40/124 = 32 %: mean 28 % -> 1.
    let weak = run(&input(holds(40, 30, 20, 60, 40)), Some(Sex::Male));
    assert_eq!(level(&weak, Pattern::AntiFlexion), 1);
    // Lateral follows the weaker side: 20/95 = 21 % -> 1.
    assert_eq!(level(&weak, Pattern::Lateral), 1);
}

#[test]
fn starting_levels_are_capped_by_quality_training_age_and_pain() {
    let strong = input(holds(170, 130, 95, 99, 130));
    // Bird dog 1/3 caps anti-flexion at 2; hip hinge 2/3 caps hinge at 4.
    let r = run(&with_quality(strong.clone(), 2, 1, 3), Some(Sex::Male));
    assert_eq!(level(&r, Pattern::AntiFlexion), 2);
    assert_eq!(level(&r, Pattern::Hinge), 4);
    assert!(r.starting_levels[0].reason.contains("bird dog quality 1/3"));

    let novice = assess(&strong, Some(Sex::Male), TrainingAge::Novice);
    for d in &novice.starting_levels {
        assert!(d.level.get() <= 2, "{d:?}");
    }
    assert!(novice.starting_levels[0].reason.contains("novice"));
    let inter = assess(&strong, Some(Sex::Male), TrainingAge::Intermediate);
    assert_eq!(level(&inter, Pattern::AntiFlexion), 4);

    let mut sore = strong.clone();
    sore.pain_now = Some(Pain::new(4).unwrap());
    let r = run(&sore, Some(Sex::Male));
    assert_eq!(
        r.tailoring.levels,
        StartingLevels {
            anti_flexion: crate::measure::Level::ONE,
            lateral: crate::measure::Level::ONE,
            hinge: crate::measure::Level::ONE,
        }
    );
    assert!(r.starting_levels[0].reason.contains("pain now 4/10"));
    sore.pain_now = Some(Pain::new(3).unwrap());
    assert_eq!(level(&run(&sore, Some(Sex::Male)), Pattern::AntiFlexion), 5);
}

#[test]
fn skipped_tests_start_conservatively() {
    let empty = AssessmentInput {
        date: date(2026, 3, 2),
        holds: EnduranceHolds::default(),
        movement: MovementQuality::default(),
        mobility: Mobility::default(),
        pain_now: None,
    };
    let r = run(&empty, None);
    assert_eq!(level(&r, Pattern::AntiFlexion), 1);
    assert_eq!(level(&r, Pattern::Lateral), 1);
    assert_eq!(level(&r, Pattern::Hinge), 1);
    assert!(r.starting_levels[0].reason.contains("skipped"));
    assert!(r.tailoring.imbalances.is_empty());

    // Strong holds but quality skipped: capped at 2.
    let mut i = input(holds(170, 130, 95, 99, 130));
    i.movement = MovementQuality::default();
    let r = run(&i, Some(Sex::Male));
    assert_eq!(level(&r, Pattern::AntiFlexion), 2);
    assert_eq!(level(&r, Pattern::Hinge), 2);
    assert_eq!(level(&r, Pattern::Lateral), 4);
}

#[test]
fn unknown_sex_never_starts_higher_than_either_sex() {
    let i = input(holds(170, 130, 80, 80, 100));
    let none = run(&i, None).tailoring.levels;
    for sex in [Sex::Male, Sex::Female] {
        let known = run(&i, Some(sex)).tailoring.levels;
        assert!(none.anti_flexion <= known.anti_flexion);
        assert!(none.lateral <= known.lateral);
        assert!(none.hinge <= known.hinge);
    }
    let r = run(&i, None);
    assert!(
        r.starting_levels[0]
            .reason
            .contains("lower of men's and women's")
    );
}

#[test]
fn mobility_priorities_weakest_first() {
    let mut i = input(balanced());
    i.mobility = Mobility {
        toe_touch_cm: Some(ReachCm::new(-5).unwrap()), // 5/20 = 0.25
        aslr_degrees: Some(LegRaiseDegrees::new(80).unwrap()),
        thomas_left: Some(true),
        thomas_right: Some(false),    // 0.5
        thoracic_rotation_left: q(0), // 1.0
        thoracic_rotation_right: q(3),
        knee_to_wall_left_cm: Some(KneeToWallCm::new(12).unwrap()),
        knee_to_wall_right_cm: Some(KneeToWallCm::new(12).unwrap()),
    };
    let r = run(&i, None);
    assert_eq!(
        r.tailoring.mobility_priorities,
        vec![
            MobilityTarget::ThoracicSpine,
            MobilityTarget::HipFlexors,
            MobilityTarget::Hamstrings
        ]
    );
    assert!(r.mobility_priorities[1].reason.contains("right"));
    assert!(r.mobility.iter().any(|l| l.test == "Thomas test" && l.weak));

    // Ankles and hips from knee-to-wall and a poor hip hinge.
    let mut i = with_quality(input(balanced()), 1, 3, 3);
    i.mobility.knee_to_wall_left_cm = Some(KneeToWallCm::new(8).unwrap()); // 0.2
    let r = run(&i, None);
    assert_eq!(
        r.tailoring.mobility_priorities,
        vec![MobilityTarget::Hips, MobilityTarget::Ankles] // 0.5, 0.2
    );
}

#[test]
fn mobility_priorities_default_when_nothing_is_weak() {
    let r = run(&input(balanced()), Some(Sex::Female));
    let defaults = &Norms::builtin().mobility.default_priorities;
    assert!(!defaults.is_empty());
    assert_eq!(&r.tailoring.mobility_priorities, defaults);
    assert!(r.mobility_priorities.iter().all(|p| p.deficit == 0.0));
}

#[test]
fn report_serializes_with_tailoring() {
    let r = run(&input(balanced()), None);
    let json = serde_json::to_value(&r).unwrap();
    assert!(json["tailoring"]["levels"]["anti_flexion"].is_number());
    assert_eq!(json["ratios"].as_array().unwrap().len(), 3);
    assert_eq!(json["holds"].as_array().unwrap().len(), 5);
}
