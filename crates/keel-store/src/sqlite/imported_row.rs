//! An imported set as one row of `imported_sets` (migration 0015): the key
//! as its 16-byte hash, the start, source and exercise as columns, and in
//! `data` only the rest, without nulls and without a `kind` of "normal".
//! A 200,000-set import stores about a third of the bytes it did with the
//! whole set as JSON, which was most of what an import cost (issue 20).
//!
//! The stored key must agree with the set read back: a row whose columns
//! or `data` were changed after it was written reads as corrupt.

use jiff::civil::DateTime;
use keel_core::catalog::ExerciseId;
use keel_core::history::{ExerciseRef, HalfRpe, ImportSource, ImportedSet, SetKind};
use serde::{Deserialize, Serialize};

use super::codec::{Row, to_json};
use crate::Result;

/// The `data` column: what no column holds, each under a short name (the
/// names are most of a set's bytes otherwise: 82 against 45 for a typical
/// set). `S` is `&str` when writing (borrowed from the set) and `String`
/// when reading.
#[derive(Serialize, Deserialize)]
struct Rest<S> {
    #[serde(rename = "w")]
    workout: S,
    #[serde(rename = "ws", default, skip_serializing_if = "Option::is_none")]
    workout_seconds: Option<u32>,
    /// An own exercise's name when it differs from `exercise_name` (it is
    /// the same for every set an export gives).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    own: Option<S>,
    #[serde(rename = "p")]
    position: u32,
    #[serde(rename = "k", default = "normal", skip_serializing_if = "is_normal")]
    kind: SetKind,
    #[serde(rename = "kg", default, skip_serializing_if = "Option::is_none")]
    weight_kg: Option<f64>,
    #[serde(rename = "r", default, skip_serializing_if = "Option::is_none")]
    reps: Option<u32>,
    #[serde(rename = "s", default, skip_serializing_if = "Option::is_none")]
    seconds: Option<u32>,
    #[serde(rename = "m", default, skip_serializing_if = "Option::is_none")]
    metres: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rpe: Option<HalfRpe>,
    #[serde(rename = "n", default, skip_serializing_if = "Option::is_none")]
    notes: Option<S>,
    #[serde(rename = "wn", default, skip_serializing_if = "Option::is_none")]
    workout_notes: Option<S>,
}

fn normal() -> SetKind {
    SetKind::Normal
}

fn is_normal(kind: &SetKind) -> bool {
    *kind == SetKind::Normal
}

/// The columns a set is stored as, borrowed from it where they can be.
pub(super) struct Columns<'s> {
    pub key: [u8; 16],
    pub source: &'static str,
    pub started_at: String,
    /// The catalog id; `None` for an own exercise.
    pub exercise: Option<&'s str>,
    pub exercise_name: &'s str,
    pub data: String,
}

impl<'s> Columns<'s> {
    pub fn of(set: &'s ImportedSet) -> Result<Columns<'s>> {
        let (exercise, own) = match &set.exercise {
            ExerciseRef::Catalog(id) => (Some(id.as_str()), None),
            ExerciseRef::Own(name) if *name == set.exercise_name => (None, None),
            ExerciseRef::Own(name) => (None, Some(name.as_str())),
        };
        let rest = Rest {
            workout: set.workout.as_str(),
            workout_seconds: set.workout_seconds,
            own,
            position: set.position,
            kind: set.kind,
            weight_kg: set.weight_kg,
            reps: set.reps,
            seconds: set.seconds,
            metres: set.metres,
            rpe: set.rpe,
            notes: set.notes.as_deref(),
            workout_notes: set.workout_notes.as_deref(),
        };
        Ok(Columns {
            key: set.key_hash().to_be_bytes(),
            source: set.source.slug(),
            started_at: set.started_at.to_string(),
            exercise,
            exercise_name: &set.exercise_name,
            data: to_json("imported set", &rest)?,
        })
    }
}

/// A row as read: `id, started_at, key, source, exercise, exercise_name,
/// data`, in the order [`SELECT_COLUMNS`] names them.
pub(super) struct Stored {
    pub id: i64,
    pub started_at: String,
    pub key: Vec<u8>,
    pub source: String,
    pub exercise: Option<String>,
    pub exercise_name: String,
    pub data: String,
}

/// The columns [`Stored`] reads, for a SELECT.
pub(super) const SELECT_COLUMNS: &str =
    "id, started_at, key, source, exercise, exercise_name, data";

impl Stored {
    pub fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Stored> {
        Ok(Stored {
            id: r.get(0)?,
            started_at: r.get(1)?,
            key: r.get(2)?,
            source: r.get(3)?,
            exercise: r.get(4)?,
            exercise_name: r.get(5)?,
            data: r.get(6)?,
        })
    }

    /// The set, checked against its stored key.
    pub fn decode(self) -> Result<ImportedSet> {
        let row = Row::new("imported_sets", self.id);
        let source = source(row, &self.source)?;
        let key = key_hash(row, &self.key)?;
        let started_at: DateTime = self.started_at.parse().map_err(|e| {
            row.corrupt(
                "started_at",
                format!("{:?} is not a time: {e}", self.started_at),
            )
        })?;
        let rest: Rest<String> = row.json("data", &self.data)?;
        let exercise = match (self.exercise, rest.own) {
            (Some(id), None) => ExerciseRef::Catalog(ExerciseId::new(id)),
            (None, own) => ExerciseRef::Own(own.unwrap_or_else(|| self.exercise_name.clone())),
            (Some(_), Some(_)) => {
                return Err(row.corrupt("data", "an own exercise's name beside a catalog id"));
            }
        };
        let set = ImportedSet {
            source,
            started_at,
            workout: rest.workout,
            workout_seconds: rest.workout_seconds,
            exercise,
            exercise_name: self.exercise_name,
            position: rest.position,
            kind: rest.kind,
            weight_kg: rest.weight_kg,
            reps: rest.reps,
            seconds: rest.seconds,
            metres: rest.metres,
            rpe: rest.rpe,
            notes: rest.notes,
            workout_notes: rest.workout_notes,
        };
        if set.key_hash() != key {
            return Err(row.corrupt(
                "key",
                format!(
                    "{key:032x} is not the key of the set stored ({:032x})",
                    set.key_hash()
                ),
            ));
        }
        Ok(set)
    }
}

/// The `source` column.
pub(super) fn source(row: Row, text: &str) -> Result<ImportSource> {
    ImportSource::from_slug(text)
        .ok_or_else(|| row.corrupt("source", format!("{text:?} is no source")))
}

/// The `key` column: 16 bytes, most significant first.
pub(super) fn key_hash(row: Row, bytes: &[u8]) -> Result<u128> {
    let bytes: [u8; 16] = bytes
        .try_into()
        .map_err(|_| row.corrupt("key", format!("{} bytes, not 16", bytes.len())))?;
    Ok(u128::from_be_bytes(bytes))
}
