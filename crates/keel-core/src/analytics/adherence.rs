//! Adherence: planned training sessions against sessions done.
//!
//! Conventions: a planned session is an A or B day of the program on or
//! before `up_to` (light days are optional and not counted); it is done when
//! at least one set was logged on that date. Sessions logged on other days
//! are counted as `extra`, not as done. Percent is done / planned x 100,
//! `None` when nothing was planned yet. Weeks are the program's own weeks.

use std::collections::BTreeSet;

use jiff::civil::Date;
use serde::Serialize;

use crate::program::Program;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AdherenceCount {
    pub planned: usize,
    pub done: usize,
    pub extra: usize,
    pub percent: Option<f64>,
}

impl AdherenceCount {
    fn new(planned: usize, done: usize, extra: usize) -> AdherenceCount {
        let percent = (planned > 0).then(|| done as f64 / planned as f64 * 100.0);
        AdherenceCount {
            planned,
            done,
            extra,
            percent,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WeekAdherence {
    /// The program's 1-based week number.
    pub number: u16,
    pub week_start: Date,
    pub count: AdherenceCount,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Adherence {
    pub total: AdherenceCount,
    /// Weeks that started on or before `up_to`.
    pub weeks: Vec<WeekAdherence>,
}

/// Adherence up to and including `up_to`, from the dates that have logged sets.
pub fn adherence(program: &Program, logged_dates: &BTreeSet<Date>, up_to: Date) -> Adherence {
    let mut weeks = Vec::new();
    let (mut planned, mut done, mut extra) = (0, 0, 0);
    for week in &program.weeks {
        let Some(first) = week.days.first() else {
            continue;
        };
        if first.date > up_to {
            break;
        }
        let (mut p, mut d, mut e) = (0, 0, 0);
        for day in week.days.iter().filter(|d| d.date <= up_to) {
            let logged = logged_dates.contains(&day.date);
            if day.kind.is_training() {
                p += 1;
                d += usize::from(logged);
            } else {
                e += usize::from(logged);
            }
        }
        planned += p;
        done += d;
        extra += e;
        weeks.push(WeekAdherence {
            number: week.number,
            week_start: first.date,
            count: AdherenceCount::new(p, d, e),
        });
    }
    Adherence {
        total: AdherenceCount::new(planned, done, extra),
        weeks,
    }
}
