//! Strong's CSV exports: the comma file (`Duration`, `Seconds`, `RPE`, units
//! from the app's setting), the `;` file with `Weight Unit`/`Distance Unit`
//! columns, and the one with a `Workout #` column. `Set Order` is a number
//! or W (warm-up), F (failure), D (drop); "Rest Timer" rows are skipped.

use keel_core::history::SetKind;

use super::error::Problem;
use super::row::{Header, Row};
use super::units::{DistanceUnit, Units, WeightUnit};
use super::{RowOutcome, SetDraft, SkipReason};

/// Columns every Strong variant has.
pub(crate) const REQUIRED: &[&str] = &[
    "Date",
    "Workout Name",
    "Exercise Name",
    "Set Order",
    "Weight",
    "Reps",
];

/// Strong's header is recognised by these two.
pub(crate) fn looks_like(header: &Header) -> bool {
    header.has("Exercise Name") && header.has("Set Order")
}

pub(crate) struct Strong {
    date: usize,
    workout: usize,
    exercise: usize,
    set_order: usize,
    weight: usize,
    reps: usize,
    weight_unit: Option<usize>,
    distance: Option<usize>,
    distance_unit: Option<usize>,
    seconds: Option<usize>,
    duration: Option<usize>,
    notes: Option<usize>,
    workout_notes: Option<usize>,
    rpe: Option<usize>,
    units: Units,
}

impl Strong {
    /// Maps the columns; `None` when a required one is missing.
    pub fn new(header: &Header, units: Units) -> Option<Strong> {
        let [date, workout, exercise, set_order, weight, reps] =
            [0, 1, 2, 3, 4, 5].map(|i| header.find(REQUIRED[i]));
        Some(Strong {
            date: date?,
            workout: workout?,
            exercise: exercise?,
            set_order: set_order?,
            weight: weight?,
            reps: reps?,
            weight_unit: header.find("Weight Unit"),
            distance: header.find("Distance"),
            distance_unit: header.find("Distance Unit"),
            seconds: header.find("Seconds"),
            // "Duration" in the comma file, "Workout Duration" in the `;` one.
            duration: header
                .find("Duration")
                .or_else(|| header.find("Workout Duration")),
            notes: header.find("Notes"),
            workout_notes: header.find("Workout Notes"),
            rpe: header.find("RPE"),
            units,
        })
    }

    pub fn row(&self, row: &Row<'_, '_>) -> Result<RowOutcome, Problem> {
        let order = row.text(Some(self.set_order));
        let exercise = row.text(Some(self.exercise));
        if order.eq_ignore_ascii_case("rest timer") || exercise.eq_ignore_ascii_case("rest timer") {
            return Ok(RowOutcome::Skip(SkipReason::RestTimer));
        }
        let kind = match order {
            "W" | "w" => SetKind::WarmUp,
            "F" | "f" => SetKind::Failure,
            "D" | "d" => SetKind::Drop,
            _ => {
                row.whole(Some(self.set_order))
                    .ok()
                    .flatten()
                    .ok_or_else(|| {
                        row.problem(
                            self.set_order,
                            format!(
                                "{order:?} is not a set number or W (warm-up), F (failure), D (drop)"
                            ),
                        )
                    })?;
                SetKind::Normal
            }
        };
        let weight_unit = match row.text(self.weight_unit) {
            "" => self.units.weight(),
            text => WeightUnit::parse(text)
                .map_err(|m| row.problem(self.weight_unit.unwrap_or(self.weight), m))?,
        };
        let distance_unit = match row.text(self.distance_unit) {
            "" => self.units.distance(),
            text => DistanceUnit::parse(text)
                .map_err(|m| row.problem(self.distance_unit.unwrap_or(0), m))?,
        };
        // Strong writes 0 for every field a set did not use; only a failed
        // set's 0 reps is data.
        let nonzero = |v: f64| (v > 0.0).then_some(v);
        let reps = row
            .whole(Some(self.reps))?
            .filter(|&r| r > 0 || kind == SetKind::Failure);
        Ok(RowOutcome::Set(SetDraft {
            started_at: row.date_time(self.date)?,
            workout: row.required(self.workout)?.to_string(),
            workout_seconds: row.duration(self.duration)?,
            exercise_name: row.required(self.exercise)?.to_string(),
            kind,
            weight_kg: row
                .number(Some(self.weight))?
                .and_then(nonzero)
                .map(|w| weight_unit.to_kg(w)),
            reps,
            seconds: row.whole(self.seconds)?.filter(|&s| s > 0),
            metres: row
                .number(self.distance)?
                .and_then(nonzero)
                .map(|d| distance_unit.to_metres(d)),
            rpe: row.rpe(self.rpe)?,
            notes: row.note(self.notes),
            workout_notes: row.note(self.workout_notes),
        }))
    }
}
