//! The impulse-response model on Clarke and Skiba's published data.
#![allow(clippy::unwrap_used)]

use jiff::civil::Date;
use keel_core::analytics::AnalyticsSettings;
use keel_core::analytics::banister::{
    BanisterInput, BanisterParams, Forecast, Observation, fit, forecast, predict, sse,
};

/// A copy of `/work/shared/fixtures/banister_bike_score.csv`, committed so
/// the test does not depend on a folder outside the repository.
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
