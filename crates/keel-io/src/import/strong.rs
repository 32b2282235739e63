//! Strong's CSV exports: the comma file (`Duration`, `Seconds`, `RPE`, units
//! from the app's setting), the `;` file with `Weight Unit`/`Distance Unit`
//! columns, the one with a `Workout #` column, and the one whose header
//! names the units (`Weight (kg)`, `Distance (meters)`, `Duration (sec)`).
//! `Set Order` is a number or W (warm-up), F (failure), D (drop); "Rest
//! Timer" rows are skipped. A unit column's value wins over a unit in the
//! header, which wins over the `--units` the user gave.

use keel_core::history::SetKind;

use super::error::Problem;
use super::row::{Header, Row};
use super::units::{DistanceUnit, PlainDuration, Units, WeightUnit};
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
    /// Where a row's unit column is blank or absent.
    weight_default: WeightUnit,
    distance_default: DistanceUnit,
    duration_plain: PlainDuration,
}

/// The unit `column`'s header name gives, parsed by `parse`.
fn header_unit<T>(
    header: &Header,
    column: Option<usize>,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<Option<T>, Problem> {
    let Some(column) = column else {
        return Ok(None);
    };
    match header.unit(column) {
        None => Ok(None),
        Some(unit) => parse(unit).map(Some).map_err(|m| header.problem(column, m)),
    }
}

impl Strong {
    /// Maps the columns; `Ok(None)` when a required one is missing, `Err`
    /// when a column's name gives a unit Keel does not know.
    pub fn new(header: &Header, units: Units) -> Result<Option<Strong>, Problem> {
        let [date, workout, exercise, set_order, weight, reps] =
            [0, 1, 2, 3, 4, 5].map(|i| header.find(REQUIRED[i]));
        let distance = header.find("Distance");
        // "Duration" in the comma file, "Workout Duration" in the `;` one.
        let duration = header
            .find("Duration")
            .or_else(|| header.find("Workout Duration"));
        let weight_default = header_unit(header, weight, WeightUnit::parse)?;
        let distance_default = header_unit(header, distance, DistanceUnit::parse)?;
        let duration_plain = header_unit(header, duration, |u| {
            PlainDuration::parse(u)
                .ok_or_else(|| format!("unknown duration unit {u:?}; expected sec or min"))
        })?;
        let (Some(date), Some(workout), Some(exercise), Some(set_order), Some(weight), Some(reps)) =
            (date, workout, exercise, set_order, weight, reps)
        else {
            return Ok(None);
        };
        Ok(Some(Strong {
            date,
            workout,
            exercise,
            set_order,
            weight,
            reps,
            weight_unit: header.find("Weight Unit"),
            distance,
            distance_unit: header.find("Distance Unit"),
            seconds: header.find("Seconds"),
            duration,
            notes: header.find("Notes"),
            workout_notes: header.find("Workout Notes"),
            rpe: header.find("RPE"),
            weight_default: weight_default.unwrap_or(units.weight()),
            distance_default: distance_default.unwrap_or(units.distance()),
            duration_plain: duration_plain.unwrap_or_default(),
        }))
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
            "" => self.weight_default,
            text => WeightUnit::parse(text)
                .map_err(|m| row.problem(self.weight_unit.unwrap_or(self.weight), m))?,
        };
        let distance_unit = match row.text(self.distance_unit) {
            "" => self.distance_default,
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
            workout_seconds: row.duration(self.duration, self.duration_plain)?,
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
