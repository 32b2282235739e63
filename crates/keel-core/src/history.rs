//! Training history brought in from other apps (Strong, Hevy): one
//! [`ImportedSet`] per set row of an export, in SI units, with a stable
//! [`ImportedSet::key`] so importing the same file twice adds nothing.
//!
//! Imported sets are history, not log: the engine never replays them.

use std::fmt;

use jiff::civil::{Date, DateTime};
use serde::{Deserialize, Serialize};

use crate::catalog::ExerciseId;
use crate::error::InputError;

/// Kilograms in one pound (exact, by definition).
pub const KG_PER_LB: f64 = 0.453_592_37;
/// Metres in one mile (exact, by definition).
pub const METRES_PER_MILE: f64 = 1_609.344;
/// Metres in one foot (exact, by definition).
pub const METRES_PER_FOOT: f64 = 0.3048;

/// The app an export came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ImportSource {
    Strong,
    Hevy,
}

impl ImportSource {
    pub fn slug(self) -> &'static str {
        match self {
            ImportSource::Strong => "strong",
            ImportSource::Hevy => "hevy",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ImportSource::Strong => "Strong",
            ImportSource::Hevy => "Hevy",
        }
    }

    /// The source a [`ImportSource::slug`] names.
    pub fn from_slug(slug: &str) -> Option<ImportSource> {
        match slug {
            "strong" => Some(ImportSource::Strong),
            "hevy" => Some(ImportSource::Hevy),
            _ => None,
        }
    }
}

impl fmt::Display for ImportSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The exercise a set was of: one of the catalog's, or the user's own (a
/// name no catalog alias matches, kept as written).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExerciseRef {
    Catalog(ExerciseId),
    Own(String),
}

/// How the source app flagged a set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SetKind {
    Normal,
    WarmUp,
    Failure,
    Drop,
}

impl SetKind {
    pub fn slug(self) -> &'static str {
        match self {
            SetKind::Normal => "normal",
            SetKind::WarmUp => "warm-up",
            SetKind::Failure => "failure",
            SetKind::Drop => "drop",
        }
    }
}

/// An RPE from another app: 0 to 10 in half points (Strong and Hevy both
/// allow 7.5). Kept as half points so it compares and hashes exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct HalfRpe(u8);

impl HalfRpe {
    pub const MAX: f64 = 10.0;

    /// Accepts 0 to 10 in steps of 0.5.
    pub fn new(value: f64) -> Result<HalfRpe, InputError> {
        let halves = value * 2.0;
        if !(0.0..=HalfRpe::MAX).contains(&value) || halves.fract() != 0.0 {
            return Err(InputError::new(
                "RPE",
                format!("RPE must be between 0 and 10 in half points, got {value}"),
            ));
        }
        // In 0..=20 after the check above, so the cast is exact.
        Ok(HalfRpe(halves as u8))
    }

    pub fn get(self) -> f64 {
        f64::from(self.0) / 2.0
    }
}

impl TryFrom<f64> for HalfRpe {
    type Error = InputError;
    fn try_from(value: f64) -> Result<Self, Self::Error> {
        HalfRpe::new(value)
    }
}

impl From<HalfRpe> for f64 {
    fn from(value: HalfRpe) -> f64 {
        value.get()
    }
}

impl fmt::Display for HalfRpe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.get())
    }
}

/// One set of an imported workout, in kilograms, metres and seconds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportedSet {
    pub source: ImportSource,
    /// When the workout started, as the app wrote it (local wall time).
    pub started_at: DateTime,
    pub workout: String,
    /// The whole workout's length, when the export says.
    pub workout_seconds: Option<u32>,
    pub exercise: ExerciseRef,
    /// The exercise's name as written in the file.
    pub exercise_name: String,
    /// 1-based position of the set within its exercise in this workout, in
    /// file order (warm-ups included); tells identical sets apart.
    pub position: u32,
    pub kind: SetKind,
    /// External load; `None` when the app recorded none (0 or blank).
    pub weight_kg: Option<f64>,
    pub reps: Option<u32>,
    /// Time under effort (a hold, a carry), when recorded.
    pub seconds: Option<u32>,
    pub metres: Option<f64>,
    pub rpe: Option<HalfRpe>,
    pub notes: Option<String>,
    pub workout_notes: Option<String>,
}

impl ImportedSet {
    pub fn date(&self) -> Date {
        self.started_at.date()
    }

    /// A stable identity for idempotent imports: the source and a 128-bit
    /// FNV-1a hash of the set's normalized content ([`ImportedSet::key_hash`]).
    /// Stable across Keel versions and machines (no std hasher, whose output
    /// may change).
    pub fn key(&self) -> String {
        key_text(self.source, self.key_hash())
    }

    /// The hash part of [`ImportedSet::key`] (it hashes the source too), for
    /// stores that keep the key as 16 bytes rather than as text.
    pub fn key_hash(&self) -> u128 {
        let mut h = Fnv128::new();
        h.field(self.source.slug().as_bytes());
        h.field(self.started_at.to_string().as_bytes());
        h.field(self.workout.trim().to_lowercase().as_bytes());
        h.field(self.exercise_name.trim().to_lowercase().as_bytes());
        h.field(&self.position.to_le_bytes());
        h.field(self.kind.slug().as_bytes());
        h.option(self.weight_kg.map(f64::to_bits).as_ref(), |v| {
            v.to_le_bytes()
        });
        h.option(self.reps.as_ref(), |v| v.to_le_bytes());
        h.option(self.seconds.as_ref(), |v| v.to_le_bytes());
        h.option(self.metres.map(f64::to_bits).as_ref(), |v| v.to_le_bytes());
        h.option(self.rpe.as_ref(), |v| [v.0]);
        h.finish()
    }
}

/// An [`ImportedSet::key`] from its parts: `source:hash` in 32 hex digits.
pub fn key_text(source: ImportSource, hash: u128) -> String {
    format!("{}:{hash:032x}", source.slug())
}

/// FNV-1a, 128-bit: tiny, fast, and fully specified.
struct Fnv128(u128);

impl Fnv128 {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;

    fn new() -> Fnv128 {
        Fnv128(Fnv128::OFFSET)
    }

    fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u128::from(b);
            self.0 = self.0.wrapping_mul(Fnv128::PRIME);
        }
    }

    /// A field with its length first, so ("ab","c") and ("a","bc") differ.
    fn field(&mut self, bytes: &[u8]) {
        self.bytes(&(bytes.len() as u64).to_le_bytes());
        self.bytes(bytes);
    }

    fn option<T, const N: usize>(&mut self, value: Option<&T>, enc: impl Fn(&T) -> [u8; N]) {
        match value {
            None => self.bytes(&[0]),
            Some(v) => {
                self.bytes(&[1]);
                self.field(&enc(v));
            }
        }
    }

    fn finish(self) -> u128 {
        self.0
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn set() -> ImportedSet {
        ImportedSet {
            source: ImportSource::Strong,
            started_at: "2024-06-18T11:04:00".parse().unwrap(),
            workout: "Legs".into(),
            workout_seconds: Some(3600),
            exercise: ExerciseRef::Own("Leg Press".into()),
            exercise_name: "Leg Press".into(),
            position: 1,
            kind: SetKind::Normal,
            weight_kg: Some(100.0),
            reps: Some(8),
            seconds: None,
            metres: None,
            rpe: Some(HalfRpe::new(7.5).unwrap()),
            notes: None,
            workout_notes: None,
        }
    }

    #[test]
    fn half_rpe_accepts_half_points_only_within_0_to_10() {
        assert_eq!(HalfRpe::new(7.5).unwrap().get(), 7.5);
        assert_eq!(HalfRpe::new(0.0).unwrap().get(), 0.0);
        assert_eq!(HalfRpe::new(10.0).unwrap().get(), 10.0);
        for bad in [-0.5, 10.5, 7.3, f64::NAN, f64::INFINITY] {
            assert!(HalfRpe::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn key_is_stable_and_changes_with_content() {
        let a = set();
        // Pinned: a changed hash would re-import every file already imported.
        assert_eq!(a.key(), set().key());
        assert_eq!(a.key(), "strong:047f459cffcf92e36b326aada64661d5");
        assert!(a.key().starts_with("strong:"));
        assert_eq!(a.key().len(), "strong:".len() + 32);
        let mut b = set();
        b.position = 2;
        assert_ne!(a.key(), b.key());
        let mut c = set();
        c.weight_kg = Some(100.5);
        assert_ne!(a.key(), c.key());
        let mut d = set();
        d.source = ImportSource::Hevy;
        assert_ne!(a.key(), d.key());
        // Notes do not identify a set: editing one in the app is not a new set.
        let mut e = set();
        e.notes = Some("felt good".into());
        assert_eq!(a.key(), e.key());
    }

    #[test]
    fn serde_round_trip() {
        let a = set();
        let json = serde_json::to_string(&a).unwrap();
        let back: ImportedSet = serde_json::from_str(&json).unwrap();
        assert_eq!(a, back);
    }
}
