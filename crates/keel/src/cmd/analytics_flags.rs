//! The analysis windows users may change per run of `keel progress` and
//! `keel report`: the acute:chronic ratio's N (docs/method.md §7.3: 7
//! and 28 days by default, changeable) and the first day of the week.

use keel_core::analytics::AnalyticsSettings;
use keel_core::profile::parse_weekday;

use crate::error::invalid;

#[derive(Debug, Default, Clone, clap::Args)]
pub struct AnalyticsFlags {
    /// Acute window of the acute:chronic ratio, days [default: 7]
    #[arg(long, value_name = "DAYS", allow_negative_numbers = true)]
    pub acute_days: Option<i64>,
    /// Chronic window of the acute:chronic ratio, days [default: 28]
    #[arg(long, value_name = "DAYS", allow_negative_numbers = true)]
    pub chronic_days: Option<i64>,
    /// First day of the calendar week for weekly tables, e.g. sun [default: mon]
    #[arg(long, value_name = "DAY")]
    pub week_start: Option<String>,
}

impl AnalyticsFlags {
    /// The defaults with the given flags applied; windows are checked.
    pub fn settings(&self) -> anyhow::Result<AnalyticsSettings> {
        let mut settings = AnalyticsSettings::default();
        let days = |value: i64, flag: &str| {
            usize::try_from(value)
                .ok()
                .filter(|d| (1..=365).contains(d))
                .ok_or_else(|| invalid(format!("{flag}: choose 1 to 365 days, got {value}")))
        };
        if let Some(acute) = self.acute_days {
            settings.acute_days = days(acute, "--acute-days")?;
        }
        if let Some(chronic) = self.chronic_days {
            settings.chronic_days = days(chronic, "--chronic-days")?;
        }
        if settings.acute_days >= settings.chronic_days {
            return Err(invalid(format!(
                "--acute-days: the acute window ({}) must be shorter than the chronic window ({})",
                settings.acute_days, settings.chronic_days
            )));
        }
        if let Some(day) = &self.week_start {
            settings.week_start = parse_weekday(day).map_err(|e| e.in_field("--week-start"))?;
        }
        Ok(settings)
    }
}
