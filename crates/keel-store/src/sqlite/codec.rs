//! Conversions between column values and domain values. Anything read that
//! does not parse becomes [`StoreError::Corrupt`] naming the table and row.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use serde::de::DeserializeOwned;

use keel_core::engine::ExposureKind;
use keel_core::program::DayKind;
use keel_core::training::SlotKey;

use crate::{CheckIn, Result, ScreenContext, StoreError};

/// The longest session a day can hold (matches the CHECK on `sessions.minutes`).
pub(super) const MAX_SESSION_MINUTES: u16 = 24 * 60;

/// Where a stored value came from, for error messages.
#[derive(Debug, Clone, Copy)]
pub(super) struct Row {
    pub table: &'static str,
    pub id: i64,
}

impl Row {
    pub fn new(table: &'static str, id: i64) -> Row {
        Row { table, id }
    }

    fn corrupt(self, column: &str, reason: impl std::fmt::Display) -> StoreError {
        StoreError::Corrupt {
            table: self.table,
            id: self.id,
            reason: format!("column {column}: {reason}"),
        }
    }

    pub fn json<T: DeserializeOwned>(self, column: &str, text: &str) -> Result<T> {
        serde_json::from_str(text).map_err(|e| self.corrupt(column, e))
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

    pub fn invalid(self, column: &str, reason: impl std::fmt::Display) -> StoreError {
        self.corrupt(column, reason)
    }
}

/// The text stored for a screen context (matches the CHECK in the schema).
pub(super) fn context_text(context: ScreenContext) -> &'static str {
    match context {
        ScreenContext::Onboarding => "onboarding",
        ScreenContext::PainEntry => "pain-entry",
        ScreenContext::Retest => "retest",
    }
}

/// The text stored for a day kind (matches the CHECKs in the schema).
pub(super) fn day_kind_text(day: DayKind) -> &'static str {
    match day {
        DayKind::A => "a",
        DayKind::B => "b",
        DayKind::Light => "light",
        DayKind::Rest => "rest",
    }
}

/// The text stored for an exposure kind (matches the CHECK on `sets.kind`).
pub(super) fn exposure_kind_text(kind: ExposureKind) -> &'static str {
    match kind {
        ExposureKind::Normal => "normal",
        ExposureKind::Deload => "deload",
        ExposureKind::Reduced => "reduced",
    }
}

/// The text stored for a check-in's kind (matches the CHECK on `check_ins.kind`).
pub(super) fn check_in_kind_text(check_in: &CheckIn) -> &'static str {
    match check_in {
        CheckIn::Readiness { .. } => "readiness",
        CheckIn::Morning(_) => "morning",
    }
}

/// A slot key as the columns `block`, `day_kind`, `planned_exercise`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SlotColumns {
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

/// `YYYY-MM-DD`.
pub(super) fn date_text(date: Date) -> String {
    date.to_string()
}

pub(super) fn to_json<T: Serialize>(what: &str, value: &T) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|e| StoreError::Backend(format!("cannot encode the {what} as JSON: {e}")))
}

/// Unix seconds now: metadata about when a row was written, not a decision.
pub(super) fn now_seconds() -> i64 {
    Timestamp::now().as_second()
}
