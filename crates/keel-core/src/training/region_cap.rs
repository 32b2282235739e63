//! The region cap on what was done (docs/method.md §4.5 and §5.7): each
//! program week's weighted volume per region, from the sets logged that
//! week, against the cap (`region-cap`). A region that ran over in one week
//! trims the next week's sessions: the exercises that mostly work it do one
//! set fewer, as a modifier (the working level stays), with the reason on
//! the slot.
//!
//! The weighted volume is the one the analytics' region balance uses (each
//! set's seconds of work, reps at their tempo, times the catalog's region
//! weights), judged on the share as shown, one decimal, like the plan's
//! shares; here by program week, so the week that adapts is the program's
//! next one.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use serde::Serialize;

use super::LoggedSet;
use crate::analytics::{AnalyticsSettings, RegionWeek, region_balance, set_seconds};
use crate::catalog::{Catalog, Exercise, Region};
use crate::program::Program;

/// Least region weight for an exercise to count as mostly working a region,
/// and so to be trimmed when that region ran over (design choice, docs/method.md §5.7).
pub const TRIM_MIN_WEIGHT: f32 = 0.4;

/// Least share of a week's planned exercises (the main and transfer slots
/// of its sessions) that must have sets logged for the week's balance to be
/// judged, percent (design choice, docs/method.md §5.7): a week with one
/// exercise logged says nothing about the balance of what was done.
pub const MIN_LOGGED_PERCENT: usize = 50;

/// A program week in which a region's share of the weighted volume done ran
/// over the cap; the next week's sessions adapt.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionOverrun {
    /// The program week whose logged sets ran over (1-based).
    pub week: u16,
    /// Its first day.
    pub week_start: Date,
    pub region: Region,
    /// The region's share of that week's weighted volume, percent, one decimal.
    pub percent: f64,
    pub cap_percent: u8,
}

impl RegionOverrun {
    /// The program week whose sessions adapt to it: the next one.
    pub fn adapts_week(&self) -> u16 {
        self.week.saturating_add(1)
    }

    /// The region in words ("lumbar extensors").
    pub fn region_words(&self) -> String {
        self.region.label().to_string()
    }

    /// What happened and what the next week does about it, in words.
    pub fn text(&self) -> String {
        format!(
            "Week {} (from {}): {} took {:.1} % of the weighted volume done, over the {} % \
             region cap; week {} does one set fewer of the exercises that mostly work them.",
            self.week,
            self.week_start,
            self.region_words(),
            self.percent,
            self.cap_percent,
            self.adapts_week()
        )
    }

    /// Whether `exercise` mostly works the region, so it is trimmed.
    pub fn trims(&self, exercise: &Exercise) -> bool {
        exercise
            .regions
            .get(&self.region)
            .is_some_and(|w| *w >= TRIM_MIN_WEIGHT)
    }
}

/// Every program week whose logged sets took a region over the program's
/// cap (`program.settings.region_cap_percent`), in week order; a week is
/// judged once sets of at least [`MIN_LOGGED_PERCENT`] of its planned
/// exercises are logged. Sets dated outside the program and exercises not
/// in the catalog are left out.
pub fn region_overruns(
    program: &Program,
    sets: &[LoggedSet],
    catalog: &Catalog,
) -> Vec<RegionOverrun> {
    overruns_in(program, &program_weeks(program), sets, catalog, |_| true)
}

/// [`region_overruns`] of `sets`, which are the sets `previous` was found
/// in with `added` among them: only the week `added` is in can have
/// changed (each week is judged on its own sets), so only that week is
/// judged again.
pub(super) fn overruns_after_adding(
    previous: Vec<RegionOverrun>,
    program: &Program,
    sets: &[LoggedSet],
    catalog: &Catalog,
    added: &LoggedSet,
) -> Vec<RegionOverrun> {
    let weeks = program_weeks(program);
    let Some(&(week, _)) = weeks.get(&added.date) else {
        return previous;
    };
    // The week's days, first to last: no set dated outside is in it.
    let mut days = weeks
        .iter()
        .filter(|(_, (w, _))| *w == week)
        .map(|(day, _)| *day);
    let first = days.next().unwrap_or(added.date);
    let last = days.next_back().unwrap_or(first);
    let of_week = sets.iter().filter(|s| first <= s.date && s.date <= last);
    let mut overruns = previous;
    overruns.retain(|o| o.week != week);
    let at = overruns.partition_point(|o| o.week < week);
    let again = overruns_in(program, &weeks, of_week, catalog, |w| w == week);
    overruns.splice(at..at, again);
    overruns
}

/// Each day of the program with its week's number and first day.
fn program_weeks(program: &Program) -> BTreeMap<Date, (u16, Date)> {
    program
        .weeks
        .iter()
        .flat_map(|w| {
            let start = w.days.first().map(|d| d.date);
            w.days
                .iter()
                .filter_map(move |d| start.map(|s| (d.date, (w.number, s))))
        })
        .collect()
}

/// [`region_overruns`] of the program weeks `judged` keeps.
fn overruns_in<'a>(
    program: &Program,
    weeks: &BTreeMap<Date, (u16, Date)>,
    sets: impl IntoIterator<Item = &'a LoggedSet>,
    catalog: &Catalog,
    judged: impl Fn(u16) -> bool,
) -> Vec<RegionOverrun> {
    let analytics = AnalyticsSettings::default();
    // Each week's planned exercises, and those with sets logged.
    let planned: BTreeMap<u16, usize> = program
        .weeks
        .iter()
        .map(|w| {
            let slots = w
                .days
                .iter()
                .filter_map(|d| d.session.as_ref())
                .map(|s| s.main.len() + usize::from(s.transfer.is_some()))
                .sum();
            (w.number, slots)
        })
        .collect();
    let mut logged: BTreeMap<u16, BTreeSet<(Date, &'a super::SlotKey)>> = BTreeMap::new();
    let mut done: BTreeMap<u16, RegionWeek> = BTreeMap::new();
    for set in sets {
        let Some(&(week, start)) = weeks.get(&set.date).filter(|(week, _)| judged(*week)) else {
            continue;
        };
        logged
            .entry(week)
            .or_default()
            .insert((set.date, &set.slot));
        let Some(exercise) = catalog.get(&set.exercise) else {
            continue;
        };
        let work = set_seconds(set, catalog, &analytics);
        if work <= 0.0 {
            continue;
        }
        let entry = done.entry(week).or_insert_with(|| RegionWeek {
            week_start: start,
            seconds: BTreeMap::new(),
        });
        for (region, weight) in &exercise.regions {
            *entry.seconds.entry(*region).or_default() += work * f64::from(*weight);
        }
    }
    // Only weeks logged enough to judge.
    done.retain(|week, _| {
        let of = planned.get(week).copied().unwrap_or(0);
        let got = logged.get(week).map_or(0, BTreeSet::len);
        of > 0 && got * 100 >= of * MIN_LOGGED_PERCENT
    });
    let cap = program.settings.region_cap_percent;
    let numbers: Vec<u16> = done.keys().copied().collect();
    let region_weeks: Vec<RegionWeek> = done.into_values().collect();
    region_balance(&region_weeks, cap)
        .into_iter()
        .zip(numbers)
        .flat_map(|(balance, week)| {
            balance
                .shares
                .iter()
                .filter(|s| s.over_cap)
                .map(|s| RegionOverrun {
                    week,
                    week_start: balance.week_start,
                    region: s.region,
                    percent: (s.percent.unwrap_or(0.0) * 10.0).round() / 10.0,
                    cap_percent: cap,
                })
                .collect::<Vec<_>>()
        })
        .collect()
}
