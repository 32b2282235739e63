//! The impulse-response (fitness-fatigue) model (Banister 1975):
//!
//! `p(t) = p0 + k1 * sum_{s=0..=t} w(s) e^{-(t-s)/tau1} - k2 * sum_{s=0..=t} w(s) e^{-(t-s)/tau2}`
//!
//! Days are 0-based indices into the load series (the fixture's "Day 1" is
//! index 0). The sums include `s = t`: the day's own load is counted, the
//! convention under which Clarke and Skiba (2013) published their fit
//! (p0 262, k1 0.18, tau1 36, k2 0.23, tau2 21 on `banister_bike_score.csv`,
//! SSE about 21.3). Each sum is kept as a running filter,
//! `g(t) = g(t-1) e^{-1/tau} + w(t)`, so a prediction is O(n).

use jiff::civil::Date;
use serde::Serialize;

use super::super::series::{LoadSeries, day_index};
use crate::error::InputError;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BanisterParams {
    /// Baseline performance.
    pub p0: f64,
    /// Fitness gain per unit load.
    pub k1: f64,
    /// Fitness decay time constant, days.
    pub tau1: f64,
    /// Fatigue gain per unit load.
    pub k2: f64,
    /// Fatigue decay time constant, days.
    pub tau2: f64,
}

/// A performance measured on a day of the load series.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Observation {
    /// 0-based day index into the loads.
    pub day: usize,
    pub value: f64,
}

/// Daily loads from `start` and the performances observed on some of those days.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BanisterInput {
    start: Date,
    loads: Vec<f64>,
    observations: Vec<Observation>,
}

impl BanisterInput {
    /// Checks loads and performances are finite, loads not negative, and
    /// every observation falls on a day of the loads.
    pub fn new(
        start: Date,
        loads: Vec<f64>,
        mut observations: Vec<Observation>,
    ) -> Result<BanisterInput, InputError> {
        let series = LoadSeries::new(start, loads)?;
        for o in &observations {
            if o.day >= series.len() {
                return Err(InputError::new(
                    "performance",
                    format!(
                        "day {} is past the last logged day ({})",
                        o.day + 1,
                        series.len()
                    ),
                ));
            }
            if !o.value.is_finite() {
                return Err(InputError::new(
                    "performance",
                    format!("day {} is not a number", o.day + 1),
                ));
            }
        }
        observations.sort_by_key(|o| o.day);
        Ok(BanisterInput {
            start,
            loads: series.loads().to_vec(),
            observations,
        })
    }

    /// Inputs from a daily load series and dated performances (e.g. test holds, seconds).
    pub fn from_series(
        series: &LoadSeries,
        performances: &[(Date, f64)],
    ) -> Result<BanisterInput, InputError> {
        let observations = performances
            .iter()
            .map(|&(date, value)| {
                let day = series.index_of(date).ok_or_else(|| {
                    InputError::new(
                        "performance",
                        format!(
                            "{date} is outside the load history ({} onwards, {} days)",
                            series.start(),
                            series.len()
                        ),
                    )
                })?;
                Ok(Observation { day, value })
            })
            .collect::<Result<Vec<_>, InputError>>()?;
        BanisterInput::new(series.start(), series.loads().to_vec(), observations)
    }

    pub fn start(&self) -> Date {
        self.start
    }

    pub fn loads(&self) -> &[f64] {
        &self.loads
    }

    pub fn observations(&self) -> &[Observation] {
        &self.observations
    }

    /// Day index of `date` relative to the start, if on or after it.
    pub fn day_of(&self, date: Date) -> Option<usize> {
        (date >= self.start)
            .then(|| day_index(self.start, date).ok())
            .flatten()
    }
}

/// The running impulse filter `g(t) = g(t-1) e^{-1/tau} + w(t)` for every day.
pub(crate) fn filter(loads: &[f64], tau: f64) -> Vec<f64> {
    let decay = (-1.0 / tau).exp();
    let mut g = 0.0;
    loads
        .iter()
        .map(|w| {
            g = g * decay + w;
            g
        })
        .collect()
}

/// Predicted performance on every day of `loads`.
pub fn predict(params: &BanisterParams, loads: &[f64]) -> Vec<f64> {
    let fitness = filter(loads, params.tau1);
    let fatigue = filter(loads, params.tau2);
    fitness
        .iter()
        .zip(&fatigue)
        .map(|(g1, g2)| params.p0 + params.k1 * g1 - params.k2 * g2)
        .collect()
}

/// Sum of squared errors of the prediction at the observed days.
pub fn sse(params: &BanisterParams, input: &BanisterInput) -> f64 {
    let p = predict(params, &input.loads);
    input
        .observations
        .iter()
        .map(|o| (p[o.day] - o.value).powi(2))
        .sum()
}
