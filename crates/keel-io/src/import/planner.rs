//! [`Planner`]: decides set by set what an import writes against what a
//! store already holds, and tallies what the import did for its report,
//! without keeping the sets (they go to the store in batches).

use std::collections::{BTreeSet, HashSet};

use jiff::civil::{Date, DateTime};
use keel_core::history::{ExerciseRef, ImportSource, ImportedSet};

use super::{SkipReason, Skipped};

/// What an import does (or would do, in a dry run).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    pub source: ImportSource,
    /// Data rows read (the header not counted): `imported + skipped`.
    pub rows_read: usize,
    /// Sets new to the store.
    pub imported: usize,
    /// Distinct workouts (start and name) among the new sets.
    pub workouts: usize,
    /// The first and last day of the new sets.
    pub first_date: Option<Date>,
    pub last_date: Option<Date>,
    /// Every skipped row, ordered by line.
    pub skipped: Vec<Skipped>,
    /// Own exercises (names no catalog alias matches) among the new sets,
    /// sorted, that the store does not list yet.
    pub new_own_exercises: Vec<String>,
}

/// Sets aside the sets a store holds already, and tallies the new ones.
pub struct Planner<'k> {
    known_keys: &'k HashSet<String>,
    /// The store's own exercises, lowercased.
    known_own: HashSet<String>,
    already_imported: Vec<Skipped>,
    own_seen: HashSet<String>,
    new_own: BTreeSet<String>,
    workouts: HashSet<(DateTime, String)>,
    /// The last workout added to `workouts` (consecutive sets share it).
    last_workout: Option<(DateTime, String)>,
    first_date: Option<Date>,
    last_date: Option<Date>,
    imported: usize,
}

impl<'k> Planner<'k> {
    /// Against a store holding the sets of `known_keys` and the own
    /// exercises `known_own`.
    pub fn new(known_keys: &'k HashSet<String>, known_own: &[String]) -> Planner<'k> {
        Planner {
            known_keys,
            known_own: known_own.iter().map(|n| n.to_lowercase()).collect(),
            already_imported: Vec::new(),
            own_seen: HashSet::new(),
            new_own: BTreeSet::new(),
            workouts: HashSet::new(),
            last_workout: None,
            first_date: None,
            last_date: None,
            imported: 0,
        }
    }

    /// `set` (read on `line`) when the store does not hold it yet; `None`
    /// when it does (recorded as skipped).
    pub fn admit(&mut self, set: ImportedSet, line: usize) -> Option<ImportedSet> {
        // A first import skips hashing every set.
        if !self.known_keys.is_empty() && self.known_keys.contains(&set.key()) {
            self.already_imported.push(Skipped {
                line,
                reason: SkipReason::AlreadyImported,
            });
            return None;
        }
        self.imported += 1;
        let date = set.date();
        self.first_date = Some(self.first_date.map_or(date, |d| d.min(date)));
        self.last_date = Some(self.last_date.map_or(date, |d| d.max(date)));
        let same_workout = self
            .last_workout
            .as_ref()
            .is_some_and(|(at, name)| *at == set.started_at && *name == set.workout);
        if !same_workout {
            let workout = (set.started_at, set.workout.clone());
            self.workouts.insert(workout.clone());
            self.last_workout = Some(workout);
        }
        if let ExerciseRef::Own(name) = &set.exercise {
            let lower = name.to_lowercase();
            if !self.known_own.contains(&lower) && !self.own_seen.contains(&lower) {
                self.own_seen.insert(lower);
                self.new_own.insert(name.clone());
            }
        }
        Some(set)
    }

    /// The summary, given the rows the reader read and skipped (by line).
    pub fn finish(
        self,
        source: ImportSource,
        rows_read: usize,
        read_skipped: &[Skipped],
    ) -> ImportSummary {
        let mut skipped = self.already_imported;
        skipped.extend_from_slice(read_skipped);
        skipped.sort_by_key(|s| s.line);
        ImportSummary {
            source,
            rows_read,
            imported: self.imported,
            workouts: self.workouts.len(),
            first_date: self.first_date,
            last_date: self.last_date,
            skipped,
            new_own_exercises: self.new_own.into_iter().collect(),
        }
    }
}
