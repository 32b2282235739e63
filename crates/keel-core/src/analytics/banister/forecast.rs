//! When a target performance (e.g. a test hold, seconds) is likely reached,
//! running the fitted model forward over the planned loads.
//!
//! Uncertainty: the band is `forecast_band_sd` (default 1.28, about 80 %
//! for normal errors) times the fit's error scale, the larger of the
//! residual SD (SSE over its degrees of freedom) and the leave-one-out
//! RMSE. The earliest date is when the curve plus the band first reaches
//! the target, the latest when the curve minus the band does (`None`: not
//! within the planned days). It covers test-to-test noise and some of the
//! parameters' uncertainty, not a change of plan; renderers should say so.

use jiff::civil::Date;
use serde::Serialize;

use super::fit::{Fit, fit};
use super::model::BanisterInput;
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
        /// Half-width of the band, in the performance's unit.
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

/// Runs `fit` forward from the end of `input` over `planned` daily loads
/// (`planned[0]` is the day after the last day of history).
pub fn forecast(
    input: &BanisterInput,
    fit: &Fit,
    planned: &[f64],
    target: f64,
    settings: &AnalyticsSettings,
) -> Forecast {
    let p = &fit.params;
    let (d1, d2) = ((-1.0 / p.tau1).exp(), (-1.0 / p.tau2).exp());
    let (mut g1, mut g2) = (0.0, 0.0);
    for w in input.loads() {
        g1 = g1 * d1 + w;
        g2 = g2 * d2 + w;
    }
    let band = settings.forecast_band_sd * fit.error_sd();
    let last = input.start();
    let history = input.loads().len();
    let date_of = |k: usize| add_days(last, i64::try_from(history + k).unwrap_or(i64::MAX));
    let (mut likely, mut earliest, mut latest) = (None, None, None);
    let mut best = f64::NEG_INFINITY;
    for (k, w) in planned.iter().enumerate() {
        let w = if w.is_finite() { w.max(0.0) } else { 0.0 };
        g1 = g1 * d1 + w;
        g2 = g2 * d2 + w;
        let perf = p.p0 + p.k1 * g1 - p.k2 * g2;
        best = best.max(perf);
        if earliest.is_none() && perf + band >= target {
            earliest = Some(k);
        }
        if likely.is_none() && perf >= target {
            likely = Some(k);
        }
        if latest.is_none() && perf - band >= target {
            latest = Some(k);
            break;
        }
    }
    match (likely, earliest) {
        (Some(k), Some(e)) => Forecast::Reached {
            likely: date_of(k),
            likely_in_days: k + 1,
            earliest: date_of(e),
            latest: latest.map(date_of),
            band,
            fit: fit.clone(),
        },
        _ => Forecast::NotWithinHorizon {
            horizon_end: date_of(planned.len().saturating_sub(1)),
            best_predicted: best,
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
