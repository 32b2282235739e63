//! Conversions between column values and domain values, and errors. Anything
//! read that does not decode becomes [`StoreError::Corrupt`] naming the table
//! and row.

use std::error::Error as _;

use jiff::Timestamp;
use postgres::Row;
use postgres::types::FromSql;
use serde::Serialize;
use serde::de::DeserializeOwned;

use keel_core::engine::ExposureKind;
use keel_core::program::DayKind;
use keel_core::training::SlotKey;
use keel_store::{CheckIn, Result, ScreenContext, StoreError};

/// The longest session a day can hold (matches the CHECK on `sessions.minutes`).
pub(crate) const MAX_SESSION_MINUTES: u16 = 24 * 60;

/// What went wrong talking to the server, in words a user can act on.
pub(crate) fn describe(err: &postgres::Error) -> String {
    if let Some(db) = err.as_db_error() {
        let mut text = format!("{}: {}", db.severity(), db.message());
        if let Some(detail) = db.detail() {
            text.push_str(&format!(" ({detail})"));
        }
        return text;
    }
    if err.is_closed() {
        return "the connection to the PostgreSQL server was closed; \
                the next request connects again"
            .into();
    }
    match err.source() {
        Some(source) => format!("{err}: {source}"),
        None => err.to_string(),
    }
}

pub(crate) fn db_error(err: postgres::Error) -> StoreError {
    StoreError::Backend(describe(&err))
}

/// Column `index` of a row, typed.
pub(crate) fn get<'a, T: FromSql<'a>>(row: &'a Row, index: usize) -> Result<T> {
    row.try_get(index).map_err(db_error)
}

/// Where a stored value came from, for error messages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Origin {
    pub table: &'static str,
    pub id: i64,
}

impl Origin {
    pub fn new(table: &'static str, id: i64) -> Origin {
        Origin { table, id }
    }

    pub fn corrupt(self, column: &str, reason: impl std::fmt::Display) -> StoreError {
        StoreError::Corrupt {
            table: self.table,
            id: self.id,
            reason: format!("column {column}: {reason}"),
        }
    }

    pub fn json<T: DeserializeOwned>(self, column: &str, value: serde_json::Value) -> Result<T> {
        serde_json::from_value(value).map_err(|e| self.corrupt(column, e))
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

    /// An integer column narrowed to its domain type.
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

/// The text stored for a screen context (matches the CHECK in the schema).
pub(crate) fn context_text(context: ScreenContext) -> &'static str {
    match context {
        ScreenContext::Onboarding => "onboarding",
        ScreenContext::PainEntry => "pain-entry",
        ScreenContext::Retest => "retest",
    }
}

pub(crate) fn day_kind_text(day: DayKind) -> &'static str {
    match day {
        DayKind::A => "a",
        DayKind::B => "b",
        DayKind::Light => "light",
        DayKind::Rest => "rest",
    }
}

pub(crate) fn exposure_kind_text(kind: ExposureKind) -> &'static str {
    match kind {
        ExposureKind::Normal => "normal",
        ExposureKind::Deload => "deload",
        ExposureKind::Reduced => "reduced",
    }
}

pub(crate) fn check_in_kind_text(check_in: &CheckIn) -> &'static str {
    match check_in {
        CheckIn::Readiness { .. } => "readiness",
        CheckIn::Morning(_) => "morning",
    }
}

/// A slot key as the columns `block`, `day_kind`, `planned_exercise`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SlotColumns {
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

    /// The three columns starting at `first`.
    pub fn read(row: &Row, first: usize) -> Result<SlotColumns> {
        Ok(SlotColumns {
            block: get(row, first)?,
            day_kind: get(row, first + 1)?,
            planned: get(row, first + 2)?,
        })
    }
}

pub(crate) fn to_json<T: Serialize>(what: &str, value: &T) -> Result<serde_json::Value> {
    serde_json::to_value(value)
        .map_err(|e| StoreError::Backend(format!("cannot encode the {what} as JSON: {e}")))
}

/// Unix seconds now: metadata about when a row was written, not a decision.
pub(crate) fn now_seconds() -> i64 {
    Timestamp::now().as_second()
}
