//! Analytics on small series with hand-computed values (the arithmetic is
//! in the comments), including first days, rest days, SD 0 and chronic 0.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;

use jiff::civil::Date;
use keel_core::analytics::{
    AcwrWindows, AnalyticsSettings, LoadSeries, SessionLoad, acwr, adherence, exercise_trends,
    load_days, ratios_over_time, region_balance, retest_history, session_load, time_under_tension,
    week_of,
};
use keel_core::assessment::{AssessmentInput, EnduranceHolds, Norms, RatioKind};
use keel_core::catalog::{Catalog, ExerciseId, Region};
use keel_core::engine::{Amount, ExposureKind, FormFault, SetLog};
use keel_core::measure::{Pain, Rpe, Seconds};
use keel_core::program::{Day, DayKind, Load, Phase, Prescription, Program, Week};
use keel_core::settings::PlanSettings;
use keel_core::training::{LoggedSet, SlotKey};

fn d(text: &str) -> Date {
    text.parse().unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6 * b.abs().max(1.0)
}

macro_rules! assert_close {
    ($a:expr, $b:expr) => {{
        let (a, b): (f64, f64) = ($a, $b);
        assert!(close(a, b), "{a} != {b}");
    }};
}

fn series(loads: &[f64]) -> LoadSeries {
    // 2026-03-02 is a Monday.
    LoadSeries::new(d("2026-03-02"), loads.to_vec()).unwrap()
}

// ---- session and daily load ----

#[test]
fn session_load_is_rpe_times_minutes_and_days_sum_with_rest_days_zero() {
    let rpe = |n| Rpe::new(n).unwrap();
    assert_eq!(session_load(rpe(5), 60), 300.0);
    let sessions = [
        SessionLoad {
            date: d("2026-03-02"),
            minutes: 60,
            rpe: rpe(5),
        }, // 300
        SessionLoad {
            date: d("2026-03-02"),
            minutes: 20,
            rpe: rpe(4),
        }, // + 80 = 380
        SessionLoad {
            date: d("2026-03-04"),
            minutes: 30,
            rpe: rpe(7),
        }, // 210
        SessionLoad {
            date: d("2026-04-01"),
            minutes: 30,
            rpe: rpe(7),
        }, // outside: left out
    ];
    let s = LoadSeries::from_sessions(&sessions, d("2026-03-01"), d("2026-03-05")).unwrap();
    assert_eq!(s.loads(), &[0.0, 380.0, 0.0, 210.0, 0.0]);
    assert_eq!(s.date(4), d("2026-03-05"));
    assert_eq!(s.index_of(d("2026-03-04")), Some(3));
    assert_eq!(s.index_of(d("2026-03-06")), None);
    let err = LoadSeries::from_sessions(&sessions, d("2026-03-05"), d("2026-03-01")).unwrap_err();
    assert_eq!(err.field, "to");
    let err = LoadSeries::new(d("2026-03-01"), vec![1.0, -2.0]).unwrap_err();
    assert!(err.to_string().contains("day 2"), "{err}");
}

// ---- weekly load, monotony, strain ----

#[test]
fn weekly_load_monotony_and_strain_by_hand() {
    let s = series(&[300.0, 0.0, 400.0, 0.0, 500.0, 0.0, 0.0, 600.0]);
    let days = load_days(&s, 7);
    // First six days: no full week yet.
    for day in &days[..6] {
        assert_eq!((day.weekly, day.monotony, day.strain), (None, None, None));
    }
    // Day 7 (window 300,0,400,0,500,0,0): sum 1200, mean 171.43,
    // sum of squares 500000, sample var = (500000 - 1200^2/7) / 6 = 49047.62,
    // SD 221.467; monotony 171.43 / 221.467 = 0.774059; strain 1200 x 0.774059 = 928.871.
    assert_eq!(days[6].weekly, Some(1200.0));
    assert_close!(days[6].monotony.unwrap(), 0.774_059_314_567_555);
    assert_close!(days[6].strain.unwrap(), 928.871_177_481_066);
    // Day 8 (window 0,400,0,500,0,0,600): sum 1500, mean 214.29, SD 273.426,
    // monotony 0.783706, strain 1175.559.
    assert_eq!(days[7].weekly, Some(1500.0));
    assert_close!(days[7].monotony.unwrap(), 0.783_705_762_690_933);
    assert_close!(days[7].strain.unwrap(), 1_175.558_644_036_4);
    assert_eq!(days[7].date, d("2026-03-09"));
}

#[test]
fn all_rest_days_and_identical_days_have_no_monotony() {
    let rest = load_days(&series(&[0.0; 9]), 7);
    assert_eq!(rest[8].weekly, Some(0.0));
    assert_eq!((rest[8].monotony, rest[8].strain), (None, None));
    // Same load every day: SD 0, monotony undefined (not infinite).
    let flat = load_days(&series(&[250.0; 7]), 7);
    assert_eq!(flat[6].weekly, Some(1750.0));
    assert_eq!(flat[6].monotony, None);
    // After a run of equal days ends the SD is no longer 0.
    let mut loads = vec![0.1; 20];
    loads.push(0.2);
    let varied = load_days(&series(&loads), 7);
    assert!(varied[19].monotony.is_none() && varied[20].monotony.is_some());
    assert!(load_days(&series(&[]), 7).is_empty());
}

// ---- acute:chronic ratio ----

#[test]
fn three_ratio_forms_on_one_short_series_by_hand() {
    // Acute 2 days, chronic 4 days, loads 4, 0, 2, 6.
    let w = AcwrWindows::new(2, 4).unwrap();
    let days = acwr(&series(&[4.0, 0.0, 2.0, 6.0]), w);
    // Days 0-2: fewer than 4 days of history, no ratio of any form.
    for day in &days[..3] {
        assert_eq!((day.coupled, day.uncoupled, day.ewma), (None, None, None));
    }
    assert_eq!(days[0].acute_mean, None);
    assert_eq!(days[1].acute_mean, Some(2.0)); // (4 + 0) / 2
    let last = days[3];
    // Acute mean (2 + 6) / 2 = 4.
    assert_eq!(last.acute_mean, Some(4.0));
    // Coupled: chronic (4 + 0 + 2 + 6) / 4 = 3, ratio 4/3.
    assert_close!(last.coupled.unwrap(), 4.0 / 3.0);
    // Uncoupled: chronic = the 2 days before the acute window, (4 + 0) / 2 = 2, ratio 2.
    assert_close!(last.uncoupled.unwrap(), 2.0);
    // EWMA, lambda_a = 2/3, lambda_c = 2/5, both seeded with day 0's load 4:
    // acute 4 -> 4/3 -> 2/3*2 + 1/3*4/3 = 16/9 -> 2/3*6 + 1/3*16/9 = 124/27 = 4.59259;
    // chronic 4 -> 2.4 -> 0.4*2 + 0.6*2.4 = 2.24 -> 0.4*6 + 0.6*2.24 = 3.744;
    // ratio 4.59259 / 3.744 = 1.226653.
    assert_close!(last.ewma_acute, 124.0 / 27.0);
    assert_close!(last.ewma_chronic, 3.744);
    assert_close!(last.ewma.unwrap(), 124.0 / 27.0 / 3.744);
}

#[test]
fn three_ratio_forms_with_the_default_windows() {
    // 28 days at 100, then 7 days at 200.
    let mut loads = vec![100.0; 28];
    loads.extend([200.0; 7]);
    let days = acwr(&series(&loads), AcwrWindows::default());
    assert_eq!(days[26].coupled, None); // 27 days of history: not enough yet
    // Day 27: the first full chronic window, all flat: every form is 1.
    assert_eq!(days[27].coupled, Some(1.0));
    assert_eq!(days[27].uncoupled, Some(1.0));
    assert_close!(days[27].ewma.unwrap(), 1.0);
    let last = days[34];
    // Coupled: 200 / ((21 x 100 + 7 x 200) / 28 = 125) = 1.6.
    assert_close!(last.coupled.unwrap(), 1.6);
    // Uncoupled: 200 / (days 7-27, all 100) = 2.0.
    assert_close!(last.uncoupled.unwrap(), 2.0);
    // EWMA from 100: acute 200 - 100 x 0.75^7 = 186.6516,
    // chronic 200 - 100 x (27/29)^7 = 139.3598, ratio 1.339350.
    assert_close!(last.ewma_acute, 200.0 - 100.0 * 0.75f64.powi(7));
    assert_close!(last.ewma_chronic, 200.0 - 100.0 * (27.0f64 / 29.0).powi(7));
    assert_close!(last.ewma.unwrap(), 1.339_350_103_013_25);
    // The coupled form is damped by its own acute week: coupled < uncoupled.
    assert!(last.coupled < last.uncoupled);
}

#[test]
fn chronic_zero_gives_no_ratio_and_windows_are_checked() {
    let days = acwr(&series(&[0.0; 35]), AcwrWindows::default());
    assert!(
        days.iter()
            .all(|d| d.coupled.is_none() && d.uncoupled.is_none() && d.ewma.is_none())
    );
    // A first session after 28 empty days: the uncoupled chronic is still 0.
    let mut loads = vec![0.0; 34];
    loads.push(300.0);
    let last = acwr(&series(&loads), AcwrWindows::default())[34];
    assert_eq!(last.uncoupled, None);
    assert_close!(last.coupled.unwrap(), (300.0 / 7.0) / (300.0 / 28.0)); // 4.0
    assert_eq!(AcwrWindows::new(7, 7).unwrap_err().field, "chronic-days");
    assert_eq!(AcwrWindows::new(0, 28).unwrap_err().field, "acute-days");
    assert!(keel_core::analytics::ACWR_CRITICISM.contains("Impellizzeri"));
}

// ---- trends, time under tension, balance ----

fn logged(
    date: &str,
    exercise: &str,
    prescription: Prescription,
    actual: Amount,
    quality: Option<u8>,
    rpe: Option<i64>,
) -> LoggedSet {
    LoggedSet {
        date: d(date),
        slot: SlotKey {
            block: 1,
            day: DayKind::A,
            planned: ExerciseId::new(exercise),
        },
        exercise: ExerciseId::new(exercise),
        prescription,
        kind: ExposureKind::Normal,
        set: SetLog {
            target: actual,
            actual,
            sides: None,
            load: Load::Bodyweight,
            rpe: rpe.map(|r| Rpe::new(r).unwrap()),
            quality_reps: quality,
            faults: Vec::new(),
            pain: Pain::saturating(0),
            sharp_pain: false,
            note: None,
        },
    }
}

fn hold(seconds: i64, per_side: bool) -> (Prescription, Amount) {
    let s = Seconds::new(seconds).unwrap();
    (
        Prescription::Hold {
            sets: 2,
            seconds: s,
            per_side,
            extra_sets_on: None,
            load: Load::Bodyweight,
            pyramid: Vec::new(),
        },
        Amount::Seconds(s),
    )
}

fn reps(n: u8) -> (Prescription, Amount) {
    (
        Prescription::Reps {
            sets: 2,
            reps_min: 8,
            reps_max: 12,
            per_side: false,
            tempo: None,
            load: Load::Bodyweight,
            target_rpe: Rpe::new(7).unwrap(),
        },
        Amount::Reps(n),
    )
}

fn hold_set(date: &str, ex: &str, seconds: i64, per_side: bool, rpe: Option<i64>) -> LoggedSet {
    let (p, a) = hold(seconds, per_side);
    logged(date, ex, p, a, None, rpe)
}

fn rep_set(date: &str, ex: &str, n: u8, quality: Option<u8>) -> LoggedSet {
    let (p, a) = reps(n);
    logged(date, ex, p, a, quality, None)
}

#[test]
fn trends_per_exercise_with_weekly_slopes() {
    let mut sets = vec![
        hold_set("2026-03-02", "mcgill-curl-up", 20, false, Some(6)),
        hold_set("2026-03-02", "mcgill-curl-up", 30, false, Some(8)),
        hold_set("2026-03-09", "mcgill-curl-up", 35, false, None),
        hold_set("2026-03-09", "mcgill-curl-up", 35, false, None),
        rep_set("2026-03-02", "kettlebell-deadlift", 10, Some(8)),
        rep_set("2026-03-02", "kettlebell-deadlift", 10, Some(10)),
        rep_set("2026-03-16", "kettlebell-deadlift", 10, Some(10)),
        rep_set("2026-03-16", "kettlebell-deadlift", 10, Some(10)),
    ];
    sets[1].set.faults.push(FormFault::RibFlare);
    let trends = exercise_trends(&sets);
    // Ordered by exercise id.
    assert_eq!(trends[0].exercise.as_str(), "kettlebell-deadlift");
    let curl = &trends[1];
    // Week 0: best 30, mean (20 + 30) / 2 = 25, RPE (6 + 8) / 2 = 7; week 1: best 35.
    assert_eq!(curl.points[0].best_hold_seconds, Some(30.0));
    assert_eq!(curl.points[0].mean_hold_seconds, Some(25.0));
    assert_eq!(curl.points[0].mean_rpe, Some(7.0));
    assert_eq!(curl.points[0].faulted_sets, 1);
    assert_eq!(curl.points[1].mean_rpe, None);
    assert_eq!(curl.points[0].quality_reps, None);
    // Slope (35 - 30) / 1 week = 5 s per week.
    assert_close!(curl.hold_slope_per_week.unwrap(), 5.0);
    assert_eq!(curl.quality_reps_slope_per_week, None);
    let dl = &trends[0];
    // Quality reps 8 + 10 = 18 at week 0, 20 at week 2: slope 1 per week.
    assert_eq!(dl.points[0].quality_reps, Some(18));
    assert_eq!(dl.points[0].reps, Some(20));
    assert_close!(dl.quality_reps_slope_per_week.unwrap(), 1.0);
    assert_eq!(dl.hold_slope_per_week, None);
}

#[test]
fn time_under_tension_and_balance_by_hand() {
    let catalog = Catalog::builtin();
    let settings = AnalyticsSettings::default();
    let sets = vec![
        // mcgill-curl-up: abdominal wall 0.8, obliques/QL 0.2; 30 s -> 24 s and 6 s.
        hold_set("2026-03-03", "mcgill-curl-up", 30, false, None),
        // side-bridge-knees per side: 20 s x 2 sides = 40 s; obliques 0.6 -> 24,
        // abdominal wall 0.2 -> 8, glutes 0.2 -> 8.
        hold_set("2026-03-05", "side-bridge-knees", 20, true, None),
        // kettlebell-deadlift, catalog tempo 3-1-1-0 = 5 s/rep: 10 reps = 50 s;
        // hamstrings, glutes, lumbar extensors 0.3 each -> 15 s, grip 0.1 -> 5 s.
        // Next week (2026-03-09 is a Monday).
        rep_set("2026-03-10", "kettlebell-deadlift", 10, None),
        // Not in the catalog: skipped.
        hold_set("2026-03-10", "no-such-exercise", 30, false, None),
    ];
    assert_eq!(
        week_of(d("2026-03-08"), jiff::civil::Weekday::Monday),
        d("2026-03-02")
    );
    assert_eq!(
        week_of(d("2026-03-08"), jiff::civil::Weekday::Sunday),
        d("2026-03-08")
    );
    let weeks = time_under_tension(&sets, catalog, &settings);
    assert_eq!(weeks.len(), 2);
    let w1 = &weeks[0].seconds;
    assert_eq!(weeks[0].week_start, d("2026-03-02"));
    assert_close!(w1[&Region::AbdominalWall], 24.0 + 8.0);
    assert_close!(w1[&Region::ObliquesQl], 6.0 + 24.0);
    assert_close!(w1[&Region::Glutes], 8.0);
    assert_eq!(w1[&Region::Grip], 0.0);
    assert_close!(weeks[0].total(), 70.0);
    let w2 = &weeks[1].seconds;
    assert_close!(w2[&Region::Hamstrings], 15.0);
    assert_close!(w2[&Region::Grip], 5.0);
    assert_close!(weeks[1].total(), 50.0);

    // Week 1 shares: abdominal 32/70 = 45.7 %, obliques 30/70 = 42.9 %, glutes 11.4 %.
    let balance = region_balance(&weeks, 35);
    let over: Vec<Region> = balance[0].over_cap().collect();
    assert_eq!(over, vec![Region::ObliquesQl, Region::AbdominalWall]);
    let abs = balance[0]
        .shares
        .iter()
        .find(|s| s.region == Region::AbdominalWall)
        .unwrap();
    assert_close!(abs.percent.unwrap(), 32.0 / 70.0 * 100.0);
    // Week 2: 30 % each for three regions, 10 % grip: nothing over 35 %.
    assert_eq!(balance[1].over_cap().count(), 0);
    // Exactly at the cap is not over it.
    assert_eq!(region_balance(&weeks[1..], 30)[0].over_cap().count(), 0);
    assert!(time_under_tension(&[], catalog, &settings).is_empty());
}

#[test]
fn empty_weeks_between_sets_are_filled_with_zero() {
    let sets = vec![
        hold_set("2026-03-02", "mcgill-curl-up", 30, false, None),
        hold_set("2026-03-17", "mcgill-curl-up", 30, false, None),
    ];
    let weeks = time_under_tension(&sets, Catalog::builtin(), &AnalyticsSettings::default());
    assert_eq!(weeks.len(), 3);
    assert_eq!(weeks[1].total(), 0.0);
    assert_eq!(region_balance(&weeks, 35)[1].shares[0].percent, None);
}

// ---- adherence ----

fn program() -> Program {
    // Two weeks from Monday 2026-03-02, training Mon/Wed/Fri, light Tuesday.
    let weeks = (0..2)
        .map(|w| Week {
            number: w + 1,
            phase: Phase::Foundation,
            week_in_block: (w + 1) as u8,
            deload: false,
            days: (0..7)
                .map(|i| {
                    let date = d("2026-03-02")
                        .checked_add(jiff::Span::new().days(i64::from(w) * 7 + i))
                        .unwrap();
                    let kind = match i {
                        0 | 4 => DayKind::A,
                        2 => DayKind::B,
                        1 => DayKind::Light,
                        _ => DayKind::Rest,
                    };
                    Day {
                        date,
                        kind,
                        session: None,
                    }
                })
                .collect(),
            region_share: Vec::new(),
        })
        .collect();
    Program {
        start: d("2026-03-02"),
        settings: PlanSettings::default(),
        weeks,
    }
}

#[test]
fn adherence_planned_against_done() {
    let p = program();
    let done: BTreeSet<Date> = ["2026-03-02", "2026-03-04", "2026-03-07", "2026-03-09"]
        .iter()
        .map(|s| d(s))
        .collect();
    // Up to Wednesday of week 2: planned Mon, Wed, Fri + Mon, Wed = 5;
    // done Mon, Wed (week 1) + Mon (week 2) = 3 -> 60 %; Saturday is extra.
    let a = adherence(&p, &done, d("2026-03-11"));
    assert_eq!((a.total.planned, a.total.done, a.total.extra), (5, 3, 1));
    assert_close!(a.total.percent.unwrap(), 60.0);
    assert_eq!(a.weeks.len(), 2);
    assert_eq!((a.weeks[0].count.planned, a.weeks[0].count.done), (3, 2));
    assert_eq!((a.weeks[1].count.planned, a.weeks[1].count.done), (2, 1));
    assert_close!(a.weeks[1].count.percent.unwrap(), 50.0);
    // Before the program starts nothing is planned: no percent.
    let before = adherence(&p, &done, d("2026-03-01"));
    assert_eq!(before.total.percent, None);
    assert!(before.weeks.is_empty());
}

// ---- retests ----

fn assessment(date: &str, ext: i64, flex: i64, right: i64, left: i64) -> AssessmentInput {
    let s = |n| Some(Seconds::new(n).unwrap());
    AssessmentInput {
        date: d(date),
        holds: EnduranceHolds {
            extensor: s(ext),
            flexor: s(flex),
            side_bridge_right: s(right),
            side_bridge_left: s(left),
            prone_plank: None,
        },
        movement: Default::default(),
        mobility: Default::default(),
        pain_now: None,
    }
}

#[test]
fn retest_history_and_ratios_over_time() {
    let norms = Norms::builtin();
    // Given out of order: sorted by date.
    let list = vec![
        assessment("2026-04-13", 110, 90, 70, 72),
        assessment("2026-03-02", 100, 120, 60, 80),
    ];
    let ratios = ratios_over_time(&list, norms);
    assert_eq!(ratios[0].date, d("2026-03-02"));
    let fe = |i: usize| {
        ratios[i]
            .ratios
            .iter()
            .find(|r| r.ratio == RatioKind::FlexionExtension)
            .unwrap()
            .clone()
    };
    // 120 / 100 = 1.2 (flagged, over 1.0), then 90 / 110 = 0.818.
    assert_close!(fe(0).value.unwrap(), 1.2);
    assert!(fe(0).flagged);
    assert_close!(fe(1).value.unwrap(), 90.0 / 110.0);
    assert!(!fe(1).flagged);
    let history = retest_history(&list, norms);
    assert_eq!(history.len(), 1);
    let ext = &history[0].holds[0];
    // Extensor +10 s: within the 15 s band.
    assert_eq!(ext.change_seconds, Some(10));
    assert!(ext.within_measurement_error);
    assert!(retest_history(&list[..1], norms).is_empty());
}

fn imported_set(
    date: &str,
    exercise: keel_core::history::ExerciseRef,
    kind: keel_core::history::SetKind,
    reps: Option<u32>,
    seconds: Option<u32>,
    metres: Option<f64>,
) -> keel_core::history::ImportedSet {
    keel_core::history::ImportedSet {
        source: keel_core::history::ImportSource::Strong,
        started_at: format!("{date}T18:00:00").parse().unwrap(),
        workout: "Core".into(),
        workout_seconds: None,
        exercise_name: "as written".into(),
        exercise,
        position: 1,
        kind,
        weight_kg: None,
        reps,
        seconds,
        metres,
        rpe: None,
        notes: None,
        workout_notes: None,
    }
}

#[test]
fn imported_sets_count_in_time_under_tension_where_their_data_allows() {
    use keel_core::analytics::{imported_set_seconds, time_under_tension_with_imports};
    use keel_core::history::{ExerciseRef, SetKind};
    let catalog = Catalog::builtin();
    let settings = AnalyticsSettings::default();
    let id = |s: &str| ExerciseRef::Catalog(ExerciseId::new(s));
    let logged = vec![hold_set("2026-03-03", "mcgill-curl-up", 30, false, None)];
    let imported = vec![
        // A timed set: 30 s, shared as the logged curl-up's (24 s and 6 s).
        imported_set(
            "2026-03-04",
            id("mcgill-curl-up"),
            SetKind::Normal,
            None,
            Some(30),
            None,
        ),
        // 10 reps at the catalog's 5 s a rep: 50 s (hamstrings 15 s, grip 5 s).
        imported_set(
            "2026-02-24",
            id("kettlebell-deadlift"),
            SetKind::Normal,
            Some(10),
            None,
            None,
        ),
        // Not counted: a warm-up, one of the user's own exercises, no data.
        imported_set(
            "2026-03-04",
            id("mcgill-curl-up"),
            SetKind::WarmUp,
            None,
            Some(60),
            None,
        ),
        imported_set(
            "2026-03-04",
            ExerciseRef::Own("Leg Press".into()),
            SetKind::Normal,
            Some(10),
            None,
            None,
        ),
        imported_set(
            "2026-03-04",
            id("mcgill-curl-up"),
            SetKind::Normal,
            None,
            None,
            None,
        ),
    ];
    assert_close!(imported_set_seconds(&imported[1], catalog, &settings), 50.0);
    assert_eq!(imported_set_seconds(&imported[2], catalog, &settings), 0.0);
    let weeks = time_under_tension_with_imports(&logged, &imported, catalog, &settings);
    // The imported deadlift opens the series a week earlier.
    assert_eq!(weeks.len(), 2);
    assert_eq!(weeks[0].week_start, d("2026-02-23"));
    assert_close!(weeks[0].seconds[&Region::Hamstrings], 15.0);
    assert_close!(weeks[0].seconds[&Region::Grip], 5.0);
    assert_close!(weeks[1].seconds[&Region::AbdominalWall], 24.0 + 24.0);
    assert_close!(weeks[1].total(), 60.0);
    // Without imports, only the logged set counts.
    assert_eq!(
        time_under_tension_with_imports(&logged, &[], catalog, &settings),
        time_under_tension(&logged, catalog, &settings)
    );
}

#[test]
fn imported_holds_join_the_hold_trends() {
    use keel_core::analytics::exercise_trends_with_imports;
    use keel_core::history::{ExerciseRef, HalfRpe, SetKind};
    let id = |s: &str| ExerciseRef::Catalog(ExerciseId::new(s));
    let logged = vec![hold_set("2026-03-09", "prone-plank", 50, false, Some(7))];
    let mut rated = imported_set(
        "2026-03-02",
        id("prone-plank"),
        SetKind::Normal,
        None,
        Some(40),
        None,
    );
    rated.rpe = Some(HalfRpe::new(7.5).unwrap());
    let imported = vec![
        imported_set(
            "2026-02-23",
            id("prone-plank"),
            SetKind::Normal,
            None,
            Some(30),
            None,
        ),
        rated,
        imported_set(
            "2026-03-02",
            id("prone-plank"),
            SetKind::Normal,
            None,
            Some(20),
            None,
        ),
        // Not counted: a warm-up and one of the user's own exercises.
        imported_set(
            "2026-03-02",
            id("prone-plank"),
            SetKind::WarmUp,
            None,
            Some(90),
            None,
        ),
        imported_set(
            "2026-03-02",
            ExerciseRef::Own("Plank Jacks".into()),
            SetKind::Normal,
            None,
            Some(90),
            None,
        ),
        // Reps count as reps, with no quality count.
        imported_set(
            "2026-03-02",
            id("kettlebell-deadlift"),
            SetKind::Normal,
            Some(u32::MAX),
            None,
            None,
        ),
        imported_set(
            "2026-03-02",
            id("kettlebell-deadlift"),
            SetKind::Normal,
            Some(5),
            None,
            None,
        ),
    ];
    let trends = exercise_trends_with_imports(&logged, &imported);
    assert_eq!(trends.len(), 2);
    let dl = &trends[0];
    assert_eq!(dl.exercise.as_str(), "kettlebell-deadlift");
    // Saturates rather than overflowing on a file's absurd count.
    assert_eq!(dl.points[0].reps, Some(u32::MAX));
    assert_eq!(dl.points[0].quality_reps, None);
    let plank = &trends[1];
    let best: Vec<Option<f64>> = plank.points.iter().map(|p| p.best_hold_seconds).collect();
    assert_eq!(best, [Some(30.0), Some(40.0), Some(50.0)]);
    assert_eq!(plank.points[1].sets, 2);
    assert_eq!(plank.points[1].mean_hold_seconds, Some(30.0));
    assert_eq!(plank.points[1].mean_rpe, Some(7.5));
    assert_eq!(plank.points[1].sets_on_target, 0);
    // 30 -> 40 -> 50 s a week apart: 10 s a week.
    assert_close!(plank.hold_slope_per_week.unwrap(), 10.0);
    assert_eq!(
        exercise_trends_with_imports(&logged, &[]),
        exercise_trends(&logged)
    );
}
