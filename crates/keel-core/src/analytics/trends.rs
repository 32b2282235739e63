//! Per-exercise trends: hold time, quality reps and effort per exposure.
//!
//! Conventions: an exposure is one exercise on one date (every logged set
//! of it that day). Per exposure: best and mean hold over the sets logged in
//! seconds, quality reps summed over the rep sets that recorded them (a rep
//! set without a quality count counts as none recorded, not as zero), mean
//! set RPE over the sets that recorded one. The slope is the ordinary
//! least-squares slope per week (x = days since the first exposure / 7) of
//! the best hold and of the quality reps, `None` with fewer than two
//! exposures carrying that value.
//!
//! Sets imported from Strong or Hevy join the trends of catalog exercises
//! ([`exercise_trends_with_imports`]), warm-ups aside: a timed set as a
//! hold, reps as reps with no quality count, its RPE as written. They have
//! no target and no form check, so they add to neither `sets_on_target`
//! nor `faulted_sets`.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use super::series::day_index;
use super::stats::slope;
use crate::catalog::ExerciseId;
use crate::engine::Amount;
use crate::history::{ExerciseRef, ImportedSet, SetKind};
use crate::training::LoggedSet;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendPoint {
    pub date: Date,
    pub sets: usize,
    pub best_hold_seconds: Option<f64>,
    pub mean_hold_seconds: Option<f64>,
    pub quality_reps: Option<u32>,
    pub reps: Option<u32>,
    pub mean_rpe: Option<f64>,
    pub faulted_sets: usize,
    /// Sets that reached their target.
    pub sets_on_target: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExerciseTrend {
    pub exercise: ExerciseId,
    /// Oldest first.
    pub points: Vec<TrendPoint>,
    /// Seconds per week.
    pub hold_slope_per_week: Option<f64>,
    /// Quality reps per week.
    pub quality_reps_slope_per_week: Option<f64>,
}

#[derive(Default)]
struct Acc {
    sets: usize,
    holds: Vec<f64>,
    quality: Option<u32>,
    reps: Option<u32>,
    rpes: Vec<f64>,
    faulted: usize,
    on_target: usize,
}

fn mean(xs: &[f64]) -> Option<f64> {
    (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
}

/// One trend per exercise done, ordered by exercise id.
pub fn exercise_trends(sets: &[LoggedSet]) -> Vec<ExerciseTrend> {
    exercise_trends_with_imports(sets, &[])
}

/// [`exercise_trends`] of the logged and the imported sets together.
pub fn exercise_trends_with_imports(
    sets: &[LoggedSet],
    imported: &[ImportedSet],
) -> Vec<ExerciseTrend> {
    let mut by: BTreeMap<&ExerciseId, BTreeMap<Date, Acc>> = BTreeMap::new();
    for set in imported {
        let ExerciseRef::Catalog(id) = &set.exercise else {
            continue;
        };
        if set.kind == SetKind::WarmUp {
            continue;
        }
        let acc = by.entry(id).or_default().entry(set.date()).or_default();
        acc.sets += 1;
        if let Some(seconds) = set.seconds.filter(|&s| s > 0) {
            acc.holds.push(f64::from(seconds));
        } else if let Some(reps) = set.reps {
            let total = acc.reps.get_or_insert(0);
            *total = total.saturating_add(reps);
        }
        if let Some(rpe) = set.rpe {
            acc.rpes.push(rpe.get());
        }
    }
    for logged in sets {
        let acc = by
            .entry(&logged.exercise)
            .or_default()
            .entry(logged.date)
            .or_default();
        let set = &logged.set;
        acc.sets += 1;
        match set.actual {
            Amount::Seconds(s) => acc.holds.push(f64::from(s.get())),
            Amount::Reps(r) => {
                *acc.reps.get_or_insert(0) += u32::from(r);
                if let Some(q) = set.quality_reps {
                    *acc.quality.get_or_insert(0) += u32::from(q);
                }
            }
            Amount::Metres(_) => {}
        }
        if let Some(rpe) = set.rpe {
            acc.rpes.push(f64::from(rpe.get()));
        }
        acc.faulted += usize::from(set.faulted());
        acc.on_target += usize::from(set.reached_target());
    }
    by.into_iter()
        .map(|(exercise, days)| {
            let points: Vec<TrendPoint> = days
                .into_iter()
                .map(|(date, acc)| TrendPoint {
                    date,
                    sets: acc.sets,
                    best_hold_seconds: acc.holds.iter().copied().reduce(f64::max),
                    mean_hold_seconds: mean(&acc.holds),
                    quality_reps: acc.quality,
                    reps: acc.reps,
                    mean_rpe: mean(&acc.rpes),
                    faulted_sets: acc.faulted,
                    sets_on_target: acc.on_target,
                })
                .collect();
            let first = points.first().map(|p| p.date);
            let weeks = |d: Date| {
                first
                    .and_then(|f| day_index(f, d).ok())
                    .map_or(0.0, |i| i as f64 / 7.0)
            };
            let holds: Vec<(f64, f64)> = points
                .iter()
                .filter_map(|p| p.best_hold_seconds.map(|h| (weeks(p.date), h)))
                .collect();
            let quality: Vec<(f64, f64)> = points
                .iter()
                .filter_map(|p| p.quality_reps.map(|q| (weeks(p.date), f64::from(q))))
                .collect();
            ExerciseTrend {
                exercise: exercise.clone(),
                hold_slope_per_week: slope(&holds),
                quality_reps_slope_per_week: slope(&quality),
                points,
            }
        })
        .collect()
}
