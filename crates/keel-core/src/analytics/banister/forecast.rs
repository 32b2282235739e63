//! When a target performance (e.g. a test hold, seconds) is likely reached,
//! running the fitted model forward over the planned loads.
//!
//! Uncertainty, on each future day `t`:
//! `sd(t) = sqrt(se(t)^2 + s^2)`, where
//! - `se(t)` is the jackknife standard error of the predicted curve: the
//!   model is refitted leaving out each test in turn, and
//!   `se(t)^2 = (m - 1) / m * sum_j (c_j(t) - mean(c(t)))^2` (the parameters'
//!   uncertainty, which grows the further the plan runs);
//! - `s` is the fit's error scale, the larger of the residual SD and the
//!   leave-one-out RMSE (how far one test lands from the curve).
//!
//! The band is `forecast_band_sd` (default 1.28, about 80 % were errors
//! normal) times `sd(t)`. `likely` is the first day the curve reaches the
//! target, `earliest` the first day the curve plus the band does, `latest`
//! the first day the curve minus the band does (`None`: not within the
//! planned days). It assumes the plan is followed; renderers should say so.
//! Deterministic: no random resampling.

use jiff::civil::Date;
use serde::Serialize;

use super::fit::{Fit, fit, refit_without};
use super::model::{BanisterInput, BanisterParams};
use crate::analytics::series::{LoadSeries, add_days};
use crate::analytics::settings::AnalyticsSettings;
use crate::error::InputError;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Forecast {
    /// Too few tests (or no load) for an honest fit.
    NotEnoughData { reason: String },
    /// The target is likely reached on `likely`.
    Reached {
        likely: Date,
        /// Days after the last day of history (1 = the next day).
        likely_in_days: usize,
        earliest: Date,
        /// `None` when the pessimistic curve does not reach it within the plan.
        latest: Option<Date>,
        /// Half-width of the band on the `likely` day, in the performance's unit.
        band: f64,
        fit: Fit,
    },
    /// Not reached within the planned days.
    NotWithinHorizon {
        horizon_end: Date,
        /// The best predicted performance over the plan.
        best_predicted: f64,
        /// When the optimistic curve reaches it, if it does.
        earliest: Option<Date>,
        fit: Fit,
    },
}

/// The curve over the planned days, continuing from the history.
fn future(params: &BanisterParams, history: &[f64], planned: &[f64]) -> Vec<f64> {
    let (d1, d2) = ((-1.0 / params.tau1).exp(), (-1.0 / params.tau2).exp());
    let (mut g1, mut g2) = (0.0, 0.0);
    for w in history {
        g1 = g1 * d1 + w;
        g2 = g2 * d2 + w;
    }
    planned
        .iter()
        .map(|w| {
            let w = if w.is_finite() { w.max(0.0) } else { 0.0 };
            g1 = g1 * d1 + w;
            g2 = g2 * d2 + w;
            params.p0 + params.k1 * g1 - params.k2 * g2
        })
        .collect()
}

/// Runs `fit` forward from the end of `input` over `planned` daily loads
/// (`planned[0]` is the day after the last day of history).
pub fn forecast(
    input: &BanisterInput,
    fit: &Fit,
    planned: &[f64],
    target: f64,
    settings: &AnalyticsSettings,
) -> Forecast {
    let curve = future(&fit.params, input.loads(), planned);
    let replicates: Vec<Vec<f64>> = (0..input.observations().len())
        .filter_map(|j| refit_without(input, j, &fit.params, settings))
        .map(|p| future(&p, input.loads(), planned))
        .collect();
    let m = replicates.len() as f64;
    let s = fit.error_sd();
    let band_at = |t: usize| {
        let se2 = if replicates.len() >= 2 {
            let mean = replicates.iter().map(|c| c[t]).sum::<f64>() / m;
            (m - 1.0) / m
                * replicates
                    .iter()
                    .map(|c| (c[t] - mean).powi(2))
                    .sum::<f64>()
        } else {
            0.0
        };
        settings.forecast_band_sd * (se2 + s * s).sqrt()
    };
    let history = input.loads().len();
    let date_of = |k: usize| {
        add_days(
            input.start(),
            i64::try_from(history + k).unwrap_or(i64::MAX),
        )
    };
    let (mut likely, mut earliest, mut latest) = (None, None, None);
    for (t, &perf) in curve.iter().enumerate() {
        let band = band_at(t);
        if earliest.is_none() && perf + band >= target {
            earliest = Some(t);
        }
        if likely.is_none() && perf >= target {
            likely = Some((t, band));
        }
        if perf - band >= target {
            latest = Some(t);
            break;
        }
    }
    match (likely, earliest) {
        (Some((k, band)), Some(e)) => Forecast::Reached {
            likely: date_of(k),
            likely_in_days: k + 1,
            earliest: date_of(e),
            latest: latest.map(date_of),
            band,
            fit: fit.clone(),
        },
        _ => Forecast::NotWithinHorizon {
            horizon_end: date_of(planned.len().saturating_sub(1)),
            best_predicted: curve.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            earliest: earliest.map(date_of),
            fit: fit.clone(),
        },
    }
}

/// Builds the inputs from plain series, fits, and forecasts: the one call
/// the CLI makes. Bad inputs are errors; too little data is a `Forecast`.
pub fn forecast_target(
    loads: &LoadSeries,
    performances: &[(Date, f64)],
    planned: &[f64],
    target: f64,
    settings: &AnalyticsSettings,
) -> Result<Forecast, InputError> {
    settings.validate()?;
    if !target.is_finite() {
        return Err(InputError::new("target", "must be a number"));
    }
    let input = BanisterInput::from_series(loads, performances)?;
    Ok(match fit(&input, settings) {
        Ok(f) => forecast(&input, &f, planned, target, settings),
        Err(e) => Forecast::NotEnoughData { reason: e.reason },
    })
}
