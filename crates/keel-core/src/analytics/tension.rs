//! Time under tension per region per calendar week, from the logged sets.
//!
//! Convention (the program's own volume convention, applied to what was
//! done rather than what was planned): a set's working seconds are
//! - a hold: actual seconds x sides;
//! - reps: actual reps x seconds per rep x sides, the rep's seconds taken
//!   from the prescription's tempo, else the catalog's tempo, else
//!   `default_rep_seconds` (3 s);
//! - a carry by distance: metres / `carry_metres_per_second` (1 m/s);
//!
//! where sides is 2 when the prescription was per side (a logged per-side
//! set is one side's amount, done on both). Each set's seconds are shared
//! among regions by the catalog weights of the exercise actually done.
//! Warm-up and cool-down drills are unloaded mobility work and not counted,
//! nor are exercises missing from the catalog. Weeks start on
//! `week_start` and run without gaps from the first set's week to the last.
//!
//! Sets imported from Strong or Hevy count by the same convention where
//! their data allows ([`imported_set_seconds`]): of a catalog exercise, not
//! a warm-up, one side (the apps do not say per side), a rep's seconds the
//! catalog's tempo or `default_rep_seconds`.

use std::collections::BTreeMap;

use jiff::civil::{Date, Weekday};
use serde::Serialize;

use super::series::add_days;
use super::settings::AnalyticsSettings;
use crate::catalog::{Catalog, Region};
use crate::engine::Amount;
use crate::history::{ExerciseRef, ImportedSet, SetKind};
use crate::program::Prescription;
use crate::training::LoggedSet;

/// Seconds under tension per region in one week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionWeek {
    /// The week's first day.
    pub week_start: Date,
    /// Every region, 0 when untouched.
    pub seconds: BTreeMap<Region, f64>,
}

impl RegionWeek {
    pub fn total(&self) -> f64 {
        self.seconds.values().sum()
    }
}

/// The first day of the week (starting on `start`) that holds `date`.
pub fn week_of(date: Date, start: Weekday) -> Date {
    let back = date.weekday().since(start);
    add_days(date, -i64::from(back))
}

fn sides(p: &Prescription) -> f64 {
    match p {
        Prescription::Hold { per_side: true, .. }
        | Prescription::Reps { per_side: true, .. }
        | Prescription::Drill { per_side: true, .. } => 2.0,
        _ => 1.0,
    }
}

/// Working seconds of one logged set (the convention above), before region weights.
pub fn set_seconds(logged: &LoggedSet, catalog: &Catalog, settings: &AnalyticsSettings) -> f64 {
    let p = &logged.prescription;
    if matches!(p, Prescription::Drill { .. }) {
        return 0.0;
    }
    match logged.set.actual {
        Amount::Seconds(s) => f64::from(s.get()) * sides(p),
        Amount::Reps(r) => {
            let tempo = match p {
                Prescription::Reps { tempo: Some(t), .. } => Some(*t),
                _ => catalog.get(&logged.exercise).and_then(|e| e.tempo),
            };
            let rep = tempo.map_or(settings.default_rep_seconds, |t| t.rep_seconds());
            f64::from(r) * f64::from(rep) * sides(p)
        }
        Amount::Metres(m) => f64::from(m) / settings.carry_metres_per_second,
    }
}

/// Working seconds of one imported set: its seconds when timed, else reps
/// x the rep's seconds, else metres / `carry_metres_per_second`; 0 for a
/// warm-up set or an exercise not in the catalog.
pub fn imported_set_seconds(
    set: &ImportedSet,
    catalog: &Catalog,
    settings: &AnalyticsSettings,
) -> f64 {
    let ExerciseRef::Catalog(id) = &set.exercise else {
        return 0.0;
    };
    if set.kind == SetKind::WarmUp {
        return 0.0;
    }
    if let Some(seconds) = set.seconds.filter(|&s| s > 0) {
        return f64::from(seconds);
    }
    if let Some(reps) = set.reps.filter(|&r| r > 0) {
        let tempo = catalog.get(id).and_then(|e| e.tempo);
        let rep = tempo.map_or(settings.default_rep_seconds, |t| t.rep_seconds());
        return f64::from(reps) * f64::from(rep);
    }
    set.metres
        .filter(|&m| m > 0.0)
        .map_or(0.0, |m| m / settings.carry_metres_per_second)
}

/// Weekly time under tension per region, oldest week first.
pub fn time_under_tension(
    sets: &[LoggedSet],
    catalog: &Catalog,
    settings: &AnalyticsSettings,
) -> Vec<RegionWeek> {
    time_under_tension_with_imports(sets, &[], catalog, settings)
}

/// [`time_under_tension`] of the logged sets and the imported ones together.
pub fn time_under_tension_with_imports(
    sets: &[LoggedSet],
    imported: &[ImportedSet],
    catalog: &Catalog,
    settings: &AnalyticsSettings,
) -> Vec<RegionWeek> {
    let logged = sets
        .iter()
        .map(|l| (l.date, &l.exercise, set_seconds(l, catalog, settings)));
    let imported = imported.iter().filter_map(|s| match &s.exercise {
        ExerciseRef::Catalog(id) => {
            Some((s.date(), id, imported_set_seconds(s, catalog, settings)))
        }
        ExerciseRef::Own(_) => None,
    });
    let mut weeks: BTreeMap<Date, BTreeMap<Region, f64>> = BTreeMap::new();
    for (date, exercise, work) in logged.chain(imported) {
        let Some(exercise) = catalog.get(exercise) else {
            continue;
        };
        if work <= 0.0 {
            continue;
        }
        let week = weeks.entry(week_of(date, settings.week_start)).or_default();
        for (region, weight) in &exercise.regions {
            *week.entry(*region).or_default() += work * f64::from(*weight);
        }
    }
    let (Some(&first), Some(&last)) = (weeks.keys().next(), weeks.keys().next_back()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut week = first;
    while week <= last {
        let found = weeks.remove(&week).unwrap_or_default();
        let seconds = Region::ALL
            .iter()
            .map(|r| (*r, found.get(r).copied().unwrap_or(0.0)))
            .collect();
        out.push(RegionWeek {
            week_start: week,
            seconds,
        });
        let next = add_days(week, 7);
        if next == week {
            break;
        }
        week = next;
    }
    out
}
