//! Conversions between column values and domain values. Anything read that
//! does not parse becomes [`StoreError::Corrupt`] naming the table and row.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{Result, ScreenContext, StoreError};

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
