//! Every analytic over 10 years of synthetic daily logs (target: under
//! 50 ms in all), and the impulse-response fit and forecast separately.
//! Run: `cargo bench -p keel-core --bench analytics`.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::sync::LazyLock;

use divan::black_box;
use jiff::civil::Date;
use keel_core::analytics::banister::{BanisterInput, fit, forecast};
use keel_core::analytics::{
    AcwrWindows, AnalyticsSettings, LoadSeries, SessionLoad, acwr, adherence, exercise_trends,
    load_days, ratios_over_time, region_balance, retest_history, time_under_tension,
};
use keel_core::assessment::{AssessmentInput, EnduranceHolds, Norms};
use keel_core::catalog::{Catalog, ExerciseId};
use keel_core::engine::{Amount, ExposureKind, SetLog};
use keel_core::measure::{Pain, Rpe, Seconds};
use keel_core::program::{Day, DayKind, Load, Phase, Prescription, Program, Week};
use keel_core::settings::PlanSettings;
use keel_core::training::{LoggedSet, SlotKey};

const DAYS: i64 = 3650;

struct Data {
    start: Date,
    end: Date,
    sessions: Vec<SessionLoad>,
    sets: Vec<LoggedSet>,
    program: Program,
    assessments: Vec<AssessmentInput>,
    tests: Vec<(Date, f64)>,
}

fn day(start: Date, i: i64) -> Date {
    start.checked_add(jiff::Span::new().days(i)).unwrap()
}

/// Mon/Wed/Fri sessions of four slots x three sets, holds slowly lengthening.
static DATA: LazyLock<Data> = LazyLock::new(|| {
    let start = Date::constant(2016, 1, 4); // a Monday
    let slots: [(&str, bool); 4] = [
        ("mcgill-curl-up", false),
        ("side-bridge-knees", true),
        ("bird-dog", true),
        ("kettlebell-deadlift", false),
    ];
    let mut sessions = Vec::new();
    let mut sets = Vec::new();
    let mut weeks = Vec::new();
    for w in 0..DAYS / 7 {
        let mut days = Vec::new();
        for d in 0..7 {
            let i = w * 7 + d;
            let date = day(start, i);
            let training = matches!(d, 0 | 2 | 4);
            days.push(Day {
                date,
                kind: if training { DayKind::A } else { DayKind::Rest },
                session: None,
            });
            // Skip one planned session in ten, for adherence.
            if !training || i % 10 == 3 {
                continue;
            }
            sessions.push(SessionLoad {
                date,
                minutes: 30 + (i % 20) as u16,
                rpe: Rpe::new(4 + i % 5).unwrap(),
            });
            let hold = Seconds::new(10 + (i / 30) % 50).unwrap();
            for (ex, per_side) in slots {
                let (prescription, actual) = if ex == "kettlebell-deadlift" {
                    (
                        Prescription::Reps {
                            sets: 3,
                            reps_min: 8,
                            reps_max: 12,
                            per_side: false,
                            tempo: None,
                            load: Load::Bodyweight,
                            target_rpe: Rpe::new(7).unwrap(),
                        },
                        Amount::Reps(10),
                    )
                } else {
                    (
                        Prescription::Hold {
                            sets: 3,
                            seconds: hold,
                            per_side,
                            extra_sets_on: None,
                            load: Load::Bodyweight,
                            pyramid: Vec::new(),
                        },
                        Amount::Seconds(hold),
                    )
                };
                for _ in 0..3 {
                    sets.push(LoggedSet {
                        date,
                        slot: SlotKey {
                            block: 1,
                            day: DayKind::A,
                            planned: ExerciseId::new(ex),
                        },
                        exercise: ExerciseId::new(ex),
                        prescription: prescription.clone(),
                        kind: ExposureKind::Normal,
                        set: SetLog {
                            target: actual,
                            actual,
                            sides: None,
                            load: Load::Bodyweight,
                            rpe: Some(Rpe::new(7).unwrap()),
                            quality_reps: matches!(actual, Amount::Reps(_)).then_some(9),
                            faults: Vec::new(),
                            pain: Pain::saturating(0),
                            sharp_pain: false,
                            note: None,
                        },
                    });
                }
            }
        }
        weeks.push(Week {
            number: (w + 1) as u16,
            phase: Phase::Foundation,
            week_in_block: 1,
            deload: false,
            days,
            region_share: Vec::new(),
        });
    }
    // A retest every six weeks.
    let assessments: Vec<AssessmentInput> = (0..DAYS / 42)
        .map(|k| {
            let s = |n: i64| Some(Seconds::new(n.min(240)).unwrap());
            AssessmentInput {
                date: day(start, k * 42),
                holds: EnduranceHolds {
                    extensor: s(90 + k),
                    flexor: s(80 + k),
                    side_bridge_right: s(50 + k),
                    side_bridge_left: s(55 + k),
                    prone_plank: s(60 + k),
                },
                movement: Default::default(),
                mobility: Default::default(),
                pain_now: None,
            }
        })
        .collect();
    let tests = assessments
        .iter()
        .filter_map(|a| {
            a.holds
                .side_bridge_right
                .map(|s| (a.date, f64::from(s.get())))
        })
        .collect();
    Data {
        start,
        end: day(start, DAYS - 1),
        sessions,
        sets,
        program: Program {
            start,
            settings: PlanSettings::default(),
            weeks,
        },
        assessments,
        tests,
    }
});

fn main() {
    divan::main();
}

/// Every analytic except the impulse-response fit, from the raw logs.
#[divan::bench]
fn all_analytics() {
    let d = &*DATA;
    let settings = AnalyticsSettings::default();
    let series = LoadSeries::from_sessions(&d.sessions, d.start, d.end).unwrap();
    black_box(load_days(&series, settings.week_days));
    black_box(acwr(&series, AcwrWindows::default()));
    black_box(exercise_trends(&d.sets));
    let tut = time_under_tension(&d.sets, Catalog::builtin(), &settings);
    black_box(region_balance(
        &tut,
        PlanSettings::default().region_cap_percent,
    ));
    let logged: BTreeSet<Date> = d.sets.iter().map(|s| s.date).collect();
    black_box(adherence(&d.program, &logged, d.end));
    black_box(ratios_over_time(&d.assessments, Norms::builtin()));
    black_box(retest_history(&d.assessments, Norms::builtin()));
}

#[divan::bench]
fn load_series_and_rolling_metrics() {
    let d = &*DATA;
    let series = LoadSeries::from_sessions(&d.sessions, d.start, d.end).unwrap();
    black_box(load_days(&series, 7));
    black_box(acwr(&series, AcwrWindows::default()));
}

#[divan::bench]
fn trends_and_time_under_tension() {
    let d = &*DATA;
    black_box(exercise_trends(&d.sets));
    black_box(time_under_tension(
        &d.sets,
        Catalog::builtin(),
        &AnalyticsSettings::default(),
    ));
}

fn banister_input() -> BanisterInput {
    let d = &*DATA;
    let series = LoadSeries::from_sessions(&d.sessions, d.start, d.end).unwrap();
    BanisterInput::from_series(&series, &d.tests).unwrap()
}

/// The bounded least-squares fit on 10 years (86 tests).
#[divan::bench(sample_count = 10)]
fn banister_fit_10_years(bencher: divan::Bencher) {
    let input = banister_input();
    let settings = AnalyticsSettings::default();
    bencher.bench(|| black_box(fit(&input, &settings).unwrap()));
}

/// A 120-day forecast on 10 years, with its jackknife refits (one per test).
#[divan::bench(sample_count = 5)]
fn banister_forecast_10_years(bencher: divan::Bencher) {
    let input = banister_input();
    let settings = AnalyticsSettings::default();
    let f = fit(&input, &settings).unwrap();
    let plan = vec![150.0; 120];
    bencher.bench(|| black_box(forecast(&input, &f, &plan, 200.0, &settings)));
}
