//! Column encodings every backend shares: the text stored for each enum
//! (matching the schemas' CHECKs), a slot key as columns, and decoding
//! helpers that turn anything unreadable into [`StoreError::Corrupt`] naming
//! the table, row and column. Backend-specific conversions stay with their
//! backend.

use jiff::Timestamp;
use jiff::civil::Date;
use keel_core::engine::{Action, ExposureKind};
use keel_core::program::DayKind;
use keel_core::training::{SlotDecision, SlotKey};
use serde::de::DeserializeOwned;

use crate::{CheckIn, Result, ScreenContext, StoreError};

/// The longest session a day can hold (matches the CHECKs on `sessions.minutes`).
pub const MAX_SESSION_MINUTES: u16 = 24 * 60;

/// A further session of a day, checked the same way before either backend
/// stores it.
pub fn check_session_part(part: &crate::SessionPart) -> Result<()> {
    if part.minutes > MAX_SESSION_MINUTES {
        return Err(StoreError::Invalid(keel_core::InputError::new(
            "minutes",
            format!(
                "a session lasts at most {MAX_SESSION_MINUTES} minutes, got {}",
                part.minutes
            ),
        )));
    }
    Ok(())
}

/// Where a stored value came from, for error messages.
#[derive(Debug, Clone, Copy)]
pub struct Origin {
    pub table: &'static str,
    pub id: i64,
}

/// Stored JSON as a backend hands it over: text (SQLite) or a parsed value
/// (PostgreSQL's JSONB).
pub trait StoredJson {
    fn decode<T: DeserializeOwned>(self) -> serde_json::Result<T>;
}

impl StoredJson for &str {
    fn decode<T: DeserializeOwned>(self) -> serde_json::Result<T> {
        serde_json::from_str(self)
    }
}

impl StoredJson for &String {
    fn decode<T: DeserializeOwned>(self) -> serde_json::Result<T> {
        serde_json::from_str(self)
    }
}

impl StoredJson for &[u8] {
    fn decode<T: DeserializeOwned>(self) -> serde_json::Result<T> {
        serde_json::from_slice(self)
    }
}

impl StoredJson for serde_json::Value {
    fn decode<T: DeserializeOwned>(self) -> serde_json::Result<T> {
        serde_json::from_value(self)
    }
}

impl Origin {
    pub fn new(table: &'static str, id: i64) -> Origin {
        Origin { table, id }
    }

    /// The stored value in `column` is not what the schema promises.
    pub fn corrupt(self, column: &str, reason: impl std::fmt::Display) -> StoreError {
        StoreError::Corrupt {
            table: self.table,
            id: self.id,
            reason: format!("column {column}: {reason}"),
        }
    }

    pub fn json<T: DeserializeOwned>(self, column: &str, value: impl StoredJson) -> Result<T> {
        value.decode().map_err(|e| self.corrupt(column, e))
    }

    /// JSONB as the PostgreSQL client returns it.
    pub fn json_value<T: DeserializeOwned>(
        self,
        column: &str,
        value: serde_json::Value,
    ) -> Result<T> {
        self.json(column, value)
    }

    pub fn date(self, column: &str, text: &str) -> Result<Date> {
        text.parse::<Date>()
            .map_err(|e| self.corrupt(column, format!("{text:?} is not a date: {e}")))
    }

    pub fn timestamp(self, column: &str, seconds: i64) -> Result<Timestamp> {
        Timestamp::from_second(seconds)
            .map_err(|e| self.corrupt(column, format!("{seconds} is not a timestamp: {e}")))
    }

    pub fn context(self, column: &str, text: &str) -> Result<ScreenContext> {
        match text {
            "onboarding" => Ok(ScreenContext::Onboarding),
            "pain-entry" => Ok(ScreenContext::PainEntry),
            "retest" => Ok(ScreenContext::Retest),
            other => Err(self.corrupt(column, format!("unknown screen context {other:?}"))),
        }
    }

    /// An integer column narrowed to its domain type (a count, a position, an RPE).
    pub fn int<T: TryFrom<i64>>(self, column: &str, value: i64) -> Result<T> {
        T::try_from(value).map_err(|_| self.corrupt(column, format!("{value} is out of range")))
    }

    /// A column that copies part of the row's JSON must agree with it.
    pub fn agrees<T: PartialEq + std::fmt::Debug>(
        self,
        column: &str,
        stored: &T,
        from_json: &T,
    ) -> Result<()> {
        if stored == from_json {
            Ok(())
        } else {
            Err(self.corrupt(
                column,
                format!("{stored:?} differs from the JSON's {from_json:?}"),
            ))
        }
    }
}

/// The text stored for a screen context.
pub fn context_text(context: ScreenContext) -> &'static str {
    match context {
        ScreenContext::Onboarding => "onboarding",
        ScreenContext::PainEntry => "pain-entry",
        ScreenContext::Retest => "retest",
    }
}

/// The text stored for a day kind.
pub fn day_kind_text(day: DayKind) -> &'static str {
    match day {
        DayKind::A => "a",
        DayKind::B => "b",
        DayKind::Light => "light",
        DayKind::Rest => "rest",
    }
}

/// The text stored for an exposure kind.
pub fn exposure_kind_text(kind: ExposureKind) -> &'static str {
    match kind {
        ExposureKind::Normal => "normal",
        ExposureKind::Deload => "deload",
        ExposureKind::Reduced => "reduced",
    }
}

/// The text stored for a check-in's kind.
pub fn check_in_kind_text(check_in: &CheckIn) -> &'static str {
    match check_in {
        CheckIn::Readiness { .. } => "readiness",
        CheckIn::Morning(_) => "morning",
    }
}

/// A slot key as the columns `block`, `day_kind`, `planned_exercise`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotColumns {
    pub block: i64,
    pub day_kind: String,
    pub planned: String,
}

impl SlotColumns {
    pub fn of(slot: &SlotKey) -> SlotColumns {
        SlotColumns {
            block: i64::from(slot.block),
            day_kind: day_kind_text(slot.day).to_string(),
            planned: slot.planned.as_str().to_string(),
        }
    }
}

/// The `halt` column of a stored decision: whether it halts the program
/// (a red flag). A halt is no level, so the carried read
/// ([`crate::Store::carried_decisions`]) passes over it; keeping the answer
/// beside the JSON lets that read skip a halt without decoding the row.
pub fn halts(decision: &SlotDecision) -> bool {
    matches!(decision.decision.action, Action::Halt { .. })
}

/// Unix seconds now: metadata about when a row was written, not a decision.
pub fn now_seconds() -> i64 {
    Timestamp::now().as_second()
}

/// The time `seconds` (as [`now_seconds`] gave them) reads back as.
pub fn written_at(seconds: i64) -> Result<Timestamp> {
    Timestamp::from_second(seconds).map_err(|e| StoreError::Backend(e.to_string()))
}
