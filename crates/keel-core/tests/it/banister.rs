//! The impulse-response model on Clarke and Skiba's published data.
#![allow(clippy::unwrap_used)]

use jiff::civil::Date;
use keel_core::analytics::AnalyticsSettings;
use keel_core::analytics::banister::{
    BanisterInput, BanisterParams, Forecast, Observation, fit, forecast, predict, sse,
};

/// Clarke and Skiba's (2013) bike-score data (docs/method.md §7.8), kept
/// in the repository so the test needs nothing outside it.
fn fixture() -> BanisterInput {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/banister_bike_score.csv"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let mut loads = Vec::new();
    let mut observations = Vec::new();
    for (i, line) in text.lines().skip(1).enumerate() {
        let cols: Vec<&str> = line.split(',').collect();
        // Day numbers run 1, 2, 3, ... so the row index is the 0-based day.
        assert_eq!(cols[0].parse::<usize>().unwrap(), i + 1);
        loads.push(cols[1].parse::<f64>().unwrap());
        if let Some(p) = cols.get(2).filter(|p| !p.trim().is_empty()) {
            observations.push(Observation {
                day: i,
                value: p.trim().parse().unwrap(),
            });
        }
    }
    BanisterInput::new(Date::constant(2024, 1, 1), loads, observations).unwrap()
}

const PUBLISHED: BanisterParams = BanisterParams {
    p0: 262.0,
    k1: 0.18,
    tau1: 36.0,
    k2: 0.23,
    tau2: 21.0,
};

#[test]
fn published_parameters_reproduce_the_published_sse() {
    let input = fixture();
    assert_eq!(input.loads().len(), 165);
    assert_eq!(input.observations().len(), 9);
    // Clarke and Skiba report SSE about 21.3 with these rounded parameters;
    // with the day's own load counted this gives 21.26 (an independent
    // Python check gave 21.2601). Without it, about 193: the tolerance of
    // 0.1 separates the conventions by far and allows only rounding.
    let e = sse(&PUBLISHED, &input);
    assert!((e - 21.26).abs() < 0.1, "SSE {e}");
}

#[test]
fn prediction_counts_the_days_own_load() {
    // One load of 10 on day 0: p(0) = p0 + k1*10 - k2*10 (e^0 = 1).
    let p = BanisterParams {
        p0: 100.0,
        k1: 1.0,
        tau1: 10.0,
        k2: 2.0,
        tau2: 5.0,
    };
    let out = predict(&p, &[10.0, 0.0]);
    assert!((out[0] - (100.0 + 10.0 - 20.0)).abs() < 1e-12);
    // Day 1: 100 + 10 e^-0.1 - 20 e^-0.2.
    let day1 = 100.0 + 10.0 * (-0.1f64).exp() - 20.0 * (-0.2f64).exp();
    assert!((out[1] - day1).abs() < 1e-12);
}

#[test]
fn the_fitter_does_at_least_as_well_as_the_published_fit() {
    let input = fixture();
    let f = fit(&input, &AnalyticsSettings::default()).unwrap();
    let published = sse(&PUBLISHED, &input);
    assert!(
        f.sse <= published + 1e-9,
        "fit SSE {} vs published {published}",
        f.sse
    );
    // The reported SSE is the model's SSE at the reported parameters.
    assert!((sse(&f.params, &input) - f.sse).abs() < 1e-6);
    let s = AnalyticsSettings::default();
    for tau in [f.params.tau1, f.params.tau2] {
        assert!((s.tau_min_days..=s.tau_max_days).contains(&tau));
    }
    assert!(f.params.tau2 <= f.params.tau1 - s.tau_gap_days + 1e-9);
    assert!(f.params.k1 >= 0.0 && f.params.k2 >= 0.0);
    // Not the degenerate cancelling pair (k about 1600) the gap rules out.
    assert!(f.params.k1 < 5.0 && f.params.k2 < 5.0, "{:?}", f.params);
    assert!(f.residual_sd > 0.0 && f.loo_rmse > 0.0);
    eprintln!(
        "fit: {:?} sse {} resid sd {} loo {}",
        f.params, f.sse, f.residual_sd, f.loo_rmse
    );
}

#[test]
fn too_few_tests_is_not_enough_data() {
    let input = fixture();
    let few: Vec<Observation> = input.observations()[..5].to_vec();
    let short = BanisterInput::new(input.start(), input.loads().to_vec(), few).unwrap();
    let err = fit(&short, &AnalyticsSettings::default()).unwrap_err();
    assert!(err.reason.contains("not enough data yet"), "{}", err.reason);
}

#[test]
fn observations_outside_the_loads_are_rejected() {
    let err = BanisterInput::new(
        Date::constant(2024, 1, 1),
        vec![1.0; 3],
        vec![Observation { day: 3, value: 1.0 }],
    )
    .unwrap_err();
    assert_eq!(err.field, "performance");
}

#[test]
fn fixture_forecast_reaches_a_near_target_and_not_an_absurd_one() {
    let input = fixture();
    let settings = AnalyticsSettings::default();
    let f = fit(&input, &settings).unwrap();
    let mean_load = input.loads().iter().sum::<f64>() / input.loads().len() as f64;
    let plan = vec![mean_load; 120];
    match forecast(&input, &f, &plan, 10_000.0, &settings) {
        Forecast::NotWithinHorizon { best_predicted, .. } => assert!(best_predicted < 10_000.0),
        other => panic!("{other:?}"),
    }
}

/// Three sessions a week (`load` on Mon/Wed/Fri) for `days` days from a Monday.
fn three_a_week(days: usize, load: f64) -> Vec<f64> {
    (0..days)
        .map(|i| {
            if matches!(i % 7, 0 | 2 | 4) {
                load
            } else {
                0.0
            }
        })
        .collect()
}

#[test]
fn synthetic_athlete_target_is_reached_near_the_true_day() {
    use keel_core::analytics::LoadSeries;
    use keel_core::analytics::banister::forecast_target;
    let truth = BanisterParams {
        p0: 30.0,
        k1: 0.05,
        tau1: 40.0,
        k2: 0.08,
        tau2: 10.0,
    };
    let start = Date::constant(2026, 3, 2);
    // 90 days at a moderate load, then a plan that raises it: a clear climb.
    let history = three_a_week(90, 150.0);
    let plan = three_a_week(120, 250.0);
    let mut all = history.clone();
    all.extend(&plan);
    let curve = predict(&truth, &all);
    // A test hold every 8 days, off the true curve by a deterministic +-1 s.
    let tests: Vec<(Date, f64)> = (4..90)
        .step_by(8)
        .enumerate()
        .map(|(k, day)| {
            let noise = if k % 2 == 0 { 1.0 } else { -1.0 };
            let date = start
                .checked_add(jiff::Span::new().days(day as i64))
                .unwrap();
            (date, curve[day] + noise)
        })
        .collect();
    assert_eq!(tests.len(), 11);
    // The target: where the true curve stands 30 days into the plan.
    let target = curve[90 + 29];
    let true_day = curve[90..].iter().position(|&p| p >= target).unwrap() + 1;
    let true_date = start
        .checked_add(jiff::Span::new().days(89 + true_day as i64))
        .unwrap();
    let series = LoadSeries::new(start, history).unwrap();
    let settings = AnalyticsSettings::default();
    match forecast_target(&series, &tests, &plan, target, &settings).unwrap() {
        Forecast::Reached {
            likely,
            likely_in_days,
            earliest,
            latest,
            band,
            fit,
        } => {
            eprintln!(
                "true day {true_day}, likely {likely_in_days}, {earliest} to {latest:?}, band {band}, {fit:?}"
            );
            let expected = start.checked_add(jiff::Span::new().days(89 + likely_in_days as i64));
            assert_eq!(likely, expected.unwrap());
            // Within ten days of the truth, and the truth inside the band.
            assert!(
                likely_in_days.abs_diff(true_day) <= 10,
                "{likely_in_days} vs {true_day}"
            );
            assert!(earliest <= true_date && latest.is_none_or(|l| l >= true_date));
            // 35 days past the last test the band is wider than the test
            // noise alone (the parameters' uncertainty has grown; here about
            // 11 s), yet still says something.
            assert!(band > settings.forecast_band_sd * fit.error_sd(), "{band}");
            assert!(band < 25.0, "{band}");
            assert!(likely > earliest, "a band of days, not a point");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn forecast_with_few_tests_says_not_enough_data() {
    use keel_core::analytics::LoadSeries;
    use keel_core::analytics::banister::forecast_target;
    let start = Date::constant(2026, 3, 2);
    let series = LoadSeries::new(start, three_a_week(60, 200.0)).unwrap();
    let tests = [
        (start, 40.0),
        (Date::constant(2026, 3, 20), 45.0),
        (Date::constant(2026, 4, 10), 50.0),
    ];
    let settings = AnalyticsSettings::default();
    match forecast_target(&series, &tests, &[200.0; 30], 60.0, &settings).unwrap() {
        Forecast::NotEnoughData { reason } => {
            assert!(
                reason.contains("not enough data yet") && reason.contains("3"),
                "{reason}"
            )
        }
        other => panic!("{other:?}"),
    }
    // A test dated after the history is an input error naming the field.
    let late = [(Date::constant(2026, 9, 1), 40.0)];
    let err = forecast_target(&series, &late, &[], 60.0, &settings).unwrap_err();
    assert_eq!(err.field, "performance");
}
