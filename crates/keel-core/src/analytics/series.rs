//! The daily load series every load metric reads.
//!
//! Convention (Foster et al. 2001): a session's load is its session RPE
//! (0-10, asked about 30 minutes after) times its minutes; a day's load is
//! the sum over that day's sessions; a day with no session is a rest day
//! with load 0. A [`LoadSeries`] is one value per calendar day with no gaps,
//! so index `i` is always `start + i` days and rolling windows are plain
//! slices.

use jiff::civil::Date;
use jiff::{Span, ToSpan};
use serde::Serialize;

use crate::error::InputError;
use crate::measure::Rpe;

/// One session's after-session answers, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionLoad {
    pub date: Date,
    pub minutes: u16,
    pub rpe: Rpe,
}

/// Session load in arbitrary units: session RPE x minutes (Foster 2001).
pub fn session_load(rpe: Rpe, minutes: u16) -> f64 {
    f64::from(rpe.get()) * f64::from(minutes)
}

/// One day's load.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DailyLoad {
    pub date: Date,
    pub load: f64,
}

/// Daily loads over consecutive calendar days from `start`, rest days as 0.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoadSeries {
    start: Date,
    loads: Vec<f64>,
}

impl LoadSeries {
    /// A series from `start`, one load per day; loads must be finite and not negative.
    pub fn new(start: Date, loads: Vec<f64>) -> Result<LoadSeries, InputError> {
        if let Some((i, bad)) = loads
            .iter()
            .enumerate()
            .find(|(_, l)| !(l.is_finite() && **l >= 0.0))
        {
            return Err(InputError::new(
                "load",
                format!("day {} has load {bad}; loads must be zero or more", i + 1),
            ));
        }
        let series = LoadSeries { start, loads };
        if !series.loads.is_empty() {
            series.try_date(series.loads.len() - 1)?;
        }
        Ok(series)
    }

    /// The calendar from `from` to `to` (inclusive) with each day's summed
    /// session load; sessions outside the range are left out.
    pub fn from_sessions(
        sessions: &[SessionLoad],
        from: Date,
        to: Date,
    ) -> Result<LoadSeries, InputError> {
        if to < from {
            return Err(InputError::new("to", format!("{to} is before {from}")));
        }
        let days = day_index(from, to)? + 1;
        let mut loads = vec![0.0; days];
        for s in sessions {
            if s.date < from || s.date > to {
                continue;
            }
            let i = day_index(from, s.date)?;
            loads[i] += session_load(s.rpe, s.minutes);
        }
        Ok(LoadSeries { start: from, loads })
    }

    /// The same, from daily loads already summed (dates may repeat: they add up).
    pub fn from_daily(days: &[DailyLoad], from: Date, to: Date) -> Result<LoadSeries, InputError> {
        if to < from {
            return Err(InputError::new("to", format!("{to} is before {from}")));
        }
        let mut loads = vec![0.0; day_index(from, to)? + 1];
        for d in days {
            if d.date < from || d.date > to {
                continue;
            }
            if !(d.load.is_finite() && d.load >= 0.0) {
                return Err(InputError::new(
                    "load",
                    format!("{} has load {}; loads must be zero or more", d.date, d.load),
                ));
            }
            loads[day_index(from, d.date)?] += d.load;
        }
        Ok(LoadSeries { start: from, loads })
    }

    pub fn start(&self) -> Date {
        self.start
    }

    pub fn loads(&self) -> &[f64] {
        &self.loads
    }

    pub fn len(&self) -> usize {
        self.loads.len()
    }

    pub fn is_empty(&self) -> bool {
        self.loads.is_empty()
    }

    /// The date of day `i` (0-based); the constructors checked the last day
    /// exists, so every index in range has a date.
    pub fn date(&self, i: usize) -> Date {
        self.try_date(i).unwrap_or(self.start)
    }

    fn try_date(&self, i: usize) -> Result<Date, InputError> {
        let days = i64::try_from(i).map_err(|_| InputError::new("date", "series too long"))?;
        self.start
            .checked_add(
                Span::new()
                    .try_days(days)
                    .map_err(|_| InputError::new("date", "series too long"))?,
            )
            .map_err(|_| InputError::new("date", "the series runs past the end of the calendar"))
    }

    /// The index of `date`, when the series covers it.
    pub fn index_of(&self, date: Date) -> Option<usize> {
        if date < self.start {
            return None;
        }
        day_index(self.start, date)
            .ok()
            .filter(|&i| i < self.loads.len())
    }

    pub fn days(&self) -> impl Iterator<Item = DailyLoad> + '_ {
        self.loads.iter().enumerate().map(|(i, &load)| DailyLoad {
            date: self.date(i),
            load,
        })
    }
}

/// Whole days from `from` to `to` (`to >= from`).
pub(crate) fn day_index(from: Date, to: Date) -> Result<usize, InputError> {
    let days = from
        .until((jiff::Unit::Day, to))
        .map_err(|e| {
            InputError::new(
                "date",
                format!("cannot count days from {from} to {to}: {e}"),
            )
        })?
        .get_days();
    usize::try_from(days).map_err(|_| InputError::new("date", format!("{to} is before {from}")))
}

/// `date` plus `days` days, saturating at the calendar's ends.
pub(crate) fn add_days(date: Date, days: i64) -> Date {
    date.checked_add(days.days()).unwrap_or(date)
}
