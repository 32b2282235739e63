//! The analytics' design-choice numbers, each with its documented default.
//! Windows follow the published definitions (docs/method.md §7); the rest
//! are Keel's choices and say so.

use jiff::civil::Weekday;

use crate::error::InputError;

/// Numbers that shape the analytics.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalyticsSettings {
    /// Days in the rolling window of weekly load, monotony and strain (default 7, Foster 1998).
    pub week_days: usize,
    /// Acute window of the acute:chronic ratio, days (default 7, Williams et al. 2017).
    pub acute_days: usize,
    /// Chronic window of the acute:chronic ratio, days (default 28, Williams et al. 2017).
    pub chronic_days: usize,
    /// First day of the calendar weeks used for time under tension, balance and
    /// adherence-by-week tables (default Monday; docs/method.md §7.5).
    pub week_start: Weekday,
    /// A rep's duration when neither the prescription nor the catalog gives a tempo, seconds
    /// (default 3, the program's own volume convention).
    pub default_rep_seconds: u32,
    /// Walking pace that turns carry metres into seconds (default 1.0 m/s, the program's convention).
    pub carry_metres_per_second: f64,
    /// Fewest performance tests before the forecast is attempted (default 8: the
    /// impulse-response model has 5 parameters, and 3 more leave residual degrees of freedom).
    pub min_forecast_observations: usize,
    /// Half-width of the forecast band in residual standard deviations (default 1.28: an
    /// 80 % band were the errors normal).
    pub forecast_band_sd: f64,
    /// Bounds on the impulse-response time constants, days (default 1-80).
    pub tau_min_days: f64,
    pub tau_max_days: f64,
    /// Least gap between the fitness and fatigue time constants, days (default 5).
    /// Without it the least-squares optimum drifts to tau1 = tau2 with huge,
    /// cancelling k1 and k2 (on the Clarke-Skiba fixture: k about 1600), a
    /// curve that fits noise and says nothing about fitness or fatigue.
    pub tau_gap_days: f64,
}

impl Default for AnalyticsSettings {
    fn default() -> Self {
        AnalyticsSettings {
            week_days: 7,
            acute_days: 7,
            chronic_days: 28,
            week_start: Weekday::Monday,
            default_rep_seconds: 3,
            carry_metres_per_second: 1.0,
            min_forecast_observations: 8,
            forecast_band_sd: 1.28,
            tau_min_days: 1.0,
            tau_max_days: 80.0,
            tau_gap_days: 5.0,
        }
    }
}

impl AnalyticsSettings {
    /// Checks every number is usable, naming the first bad one.
    pub fn validate(&self) -> Result<(), InputError> {
        if self.week_days < 2 {
            return Err(InputError::new(
                "week-days",
                "must be at least 2 (a standard deviation needs two days)",
            ));
        }
        if self.acute_days < 1 {
            return Err(InputError::new("acute-days", "must be at least 1"));
        }
        if self.chronic_days <= self.acute_days {
            return Err(InputError::new(
                "chronic-days",
                format!(
                    "must be longer than the acute window ({} days), got {}",
                    self.acute_days, self.chronic_days
                ),
            ));
        }
        if self.default_rep_seconds == 0 {
            return Err(InputError::new("default-rep-seconds", "must be at least 1"));
        }
        if !(self.carry_metres_per_second.is_finite() && self.carry_metres_per_second > 0.0) {
            return Err(InputError::new(
                "carry-pace",
                "must be a positive number of metres per second",
            ));
        }
        if self.min_forecast_observations < 6 {
            return Err(InputError::new(
                "min-forecast-observations",
                "must be at least 6 (5 model parameters and one degree of freedom)",
            ));
        }
        if !(self.forecast_band_sd.is_finite() && self.forecast_band_sd >= 0.0) {
            return Err(InputError::new(
                "forecast-band",
                "must be zero or more standard deviations",
            ));
        }
        if !(self.tau_min_days.is_finite()
            && self.tau_min_days >= 0.5
            && self.tau_max_days.is_finite()
            && self.tau_max_days > self.tau_min_days)
        {
            return Err(InputError::new(
                "tau-bounds",
                "need 0.5 <= minimum < maximum days",
            ));
        }
        Ok(())
    }
}
