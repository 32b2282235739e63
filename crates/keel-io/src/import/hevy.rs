//! Hevy's CSV export: one row per set, weights in `weight_kg` or
//! `weight_lbs`, distances in `distance_km` or `distance_miles`, durations
//! in seconds, `set_type` normal / warmup / failure / dropset.

use keel_core::history::SetKind;

use super::error::Problem;
use super::row::{Header, Row};
use super::units::{DistanceUnit, WeightUnit};
use super::{RowOutcome, SetDraft};

/// Columns every Hevy export has (plus one weight column).
pub(crate) const REQUIRED: &[&str] = &[
    "title",
    "start_time",
    "exercise_title",
    "set_index",
    "set_type",
    "reps",
];

/// Hevy's header is recognised by these two.
pub(crate) fn looks_like(header: &Header) -> bool {
    header.has("exercise_title") && header.has("set_index")
}

pub(crate) struct Hevy {
    title: usize,
    start: usize,
    exercise: usize,
    set_index: usize,
    set_type: usize,
    reps: usize,
    end: Option<usize>,
    weight: (usize, WeightUnit),
    distance: Option<(usize, DistanceUnit)>,
    duration: Option<usize>,
    rpe: Option<usize>,
    notes: Option<usize>,
    description: Option<usize>,
}

impl Hevy {
    /// Maps the columns; `Err` names what is missing.
    pub fn new(header: &Header) -> Result<Hevy, Vec<&'static str>> {
        let mut missing = header.missing(REQUIRED);
        let weight = header
            .find("weight_kg")
            .map(|c| (c, WeightUnit::Kg))
            .or_else(|| header.find("weight_lbs").map(|c| (c, WeightUnit::Lb)));
        if weight.is_none() {
            missing.push("weight_kg (or weight_lbs)");
        }
        let [title, start, exercise, set_index, set_type, reps] =
            [0, 1, 2, 3, 4, 5].map(|i| header.find(REQUIRED[i]));
        let (
            Some(title),
            Some(start),
            Some(exercise),
            Some(set_index),
            Some(set_type),
            Some(reps),
            Some(weight),
        ) = (title, start, exercise, set_index, set_type, reps, weight)
        else {
            return Err(missing);
        };
        Ok(Hevy {
            title,
            start,
            exercise,
            set_index,
            set_type,
            reps,
            end: header.find("end_time"),
            weight,
            distance: header
                .find("distance_km")
                .map(|c| (c, DistanceUnit::Km))
                .or_else(|| {
                    header
                        .find("distance_miles")
                        .map(|c| (c, DistanceUnit::Mile))
                }),
            duration: header.find("duration_seconds"),
            rpe: header.find("rpe"),
            notes: header.find("exercise_notes"),
            description: header.find("description"),
        })
    }

    pub fn row(&self, row: &Row<'_, '_>) -> Result<RowOutcome, Problem> {
        let kind = match row.text(Some(self.set_type)).to_ascii_lowercase().as_str() {
            "normal" | "" => SetKind::Normal,
            "warmup" | "warm-up" | "warm_up" => SetKind::WarmUp,
            "failure" => SetKind::Failure,
            "dropset" | "drop" => SetKind::Drop,
            other => {
                return Err(row.problem(
                    self.set_type,
                    format!(
                        "{other:?} is not a set type; expected normal, warmup, failure or dropset"
                    ),
                ));
            }
        };
        row.whole(Some(self.set_index))?
            .ok_or_else(|| row.problem(self.set_index, "is empty; every row needs a value here"))?;
        let started_at = row.date_time(self.start)?;
        let workout_seconds = match self.end {
            Some(end) if !row.text(Some(end)).is_empty() => {
                let ended = row.date_time(end)?;
                let span = started_at.duration_until(ended).as_secs();
                u32::try_from(span).ok()
            }
            _ => None,
        };
        let (weight_col, weight_unit) = self.weight;
        Ok(RowOutcome::Set(SetDraft {
            started_at,
            workout: row.required(self.title)?.to_string(),
            workout_seconds,
            exercise_name: row.required(self.exercise)?.to_string(),
            kind,
            weight_kg: row
                .number(Some(weight_col))?
                .filter(|&w| w > 0.0)
                .map(|w| weight_unit.to_kg(w)),
            reps: row.whole(Some(self.reps))?,
            seconds: row.whole(self.duration)?,
            metres: match self.distance {
                Some((col, unit)) => row.number(Some(col))?.map(|d| unit.to_metres(d)),
                None => None,
            },
            rpe: row.rpe(self.rpe)?,
            notes: row.note(self.notes),
            workout_notes: row.note(self.description),
        }))
    }
}
