//! The red-flag halt as the API answers it: while the program is halted
//! (docs/method.md §1), the writes the pages refuse are refused with 409
//! `halted` and the clinician message; only an explicit resume lifts it.

use axum::http::StatusCode;
use jiff::civil::Date;
use keel_core::redflag::CLINICIAN_MESSAGE;

use super::error::ApiError;

/// The 409 `halted` answer for a program halted since `since`, with the
/// clinician message; `what` says what was not done.
pub fn halted(since: Date, what: &str) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "halted",
        format!(
            "The program is halted by a red-flag answer on {since}. {CLINICIAN_MESSAGE} \
             {what} Resume with POST /api/v1/resume once you have decided with a clinician."
        ),
    )
}
