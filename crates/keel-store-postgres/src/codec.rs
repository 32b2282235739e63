//! PostgreSQL-specific conversions and errors; the encodings every backend
//! shares are in `keel_store::codec`, re-exported here. Anything read that
//! does not decode becomes [`StoreError::Corrupt`] naming the table and row.

use std::error::Error as _;

use postgres::Row;
use postgres::types::{FromSql, Type};
use serde::Serialize;

use keel_store::{Result, StoreError};

pub(crate) use keel_store::codec::{
    MAX_SESSION_MINUTES, Origin, SlotColumns, check_in_kind_text, context_text, exposure_kind_text,
    now_seconds,
};

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
    if lost_connection(&err) {
        StoreError::Unavailable(describe(&err))
    } else {
        StoreError::Backend(describe(&err))
    }
}

/// `err` from a COMMIT (or a one-statement write): a lost connection there
/// leaves the outcome unknown.
pub(crate) fn uncertain(err: StoreError) -> StoreError {
    match err {
        StoreError::Unavailable(reason) => StoreError::Uncertain(reason),
        other => other,
    }
}

/// Whether `err` says the server went away rather than refused a statement:
/// a closed connection, a socket error, or one of PostgreSQL's connection
/// (08) and shutdown (57P01-57P03) codes.
fn lost_connection(err: &postgres::Error) -> bool {
    if let Some(db) = err.as_db_error() {
        let code = db.code().code();
        return code.starts_with("08") || matches!(code, "57P01" | "57P02" | "57P03");
    }
    err.is_closed()
        || err
            .source()
            .is_some_and(|source| source.downcast_ref::<std::io::Error>().is_some())
}

/// Column `index` of a row, typed.
pub(crate) fn get<'a, T: FromSql<'a>>(row: &'a Row, index: usize) -> Result<T> {
    row.try_get(index).map_err(db_error)
}

/// A JSON or JSONB column's text, borrowed from the row: decoded straight
/// into the stored type with [`Origin::json`], without building a
/// `serde_json::Value` first (reading a plan's log is mostly this).
pub(crate) struct JsonText<'a>(pub &'a [u8]);

impl<'a> FromSql<'a> for JsonText<'a> {
    fn from_sql(
        ty: &Type,
        raw: &'a [u8],
    ) -> std::result::Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        if *ty == Type::JSONB {
            // JSONB's binary form is a version byte (1) and then the text.
            return match raw.split_first() {
                Some((1, text)) => Ok(JsonText(text)),
                _ => Err("an unknown JSONB encoding version".into()),
            };
        }
        Ok(JsonText(raw))
    }

    fn accepts(ty: &Type) -> bool {
        *ty == Type::JSON || *ty == Type::JSONB
    }
}

/// A slot key's three columns starting at `first`.
pub(crate) fn slot_columns(row: &Row, first: usize) -> Result<SlotColumns> {
    Ok(SlotColumns {
        block: get(row, first)?,
        day_kind: get(row, first + 1)?,
        planned: get(row, first + 2)?,
    })
}

pub(crate) fn to_json<T: Serialize>(what: &str, value: &T) -> Result<serde_json::Value> {
    serde_json::to_value(value)
        .map_err(|e| StoreError::Backend(format!("cannot encode the {what} as JSON: {e}")))
}
