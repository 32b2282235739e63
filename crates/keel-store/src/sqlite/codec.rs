//! SQLite-specific conversions; the encodings every backend shares are in
//! [`crate::codec`], re-exported here under the names this backend uses.

use jiff::civil::Date;
use serde::Serialize;

pub(super) use crate::codec::{
    MAX_SESSION_MINUTES, Origin as Row, SlotColumns, check_in_kind_text, context_text,
    exposure_kind_text, now_seconds,
};
use crate::{Result, StoreError};

/// `YYYY-MM-DD`.
pub(super) fn date_text(date: Date) -> String {
    date.to_string()
}

pub(super) fn to_json<T: Serialize>(what: &str, value: &T) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|e| StoreError::Backend(format!("cannot encode the {what} as JSON: {e}")))
}
