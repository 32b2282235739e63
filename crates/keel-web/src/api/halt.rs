//! The red-flag halt as the API answers it: while the program is halted
//! (METHOD.md section 5), the writes the pages refuse are refused with 409
//! `halted` and the clinician message; only an explicit resume lifts it.

use axum::http::StatusCode;
use keel_core::redflag::CLINICIAN_MESSAGE;
use keel_store::{ProgramStatus, Store};

use super::error::ApiError;

/// 409 `halted` when the program is halted; `what` says what was not done.
pub fn refuse_if_halted(store: &dyn Store, what: &str) -> Result<(), ApiError> {
    if let ProgramStatus::Halted { since, .. } = store.status()? {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "halted",
            format!(
                "The program is halted by a red-flag answer on {since}. {CLINICIAN_MESSAGE} \
                 {what} Resume with POST /api/v1/resume once you have decided with a clinician."
            ),
        ));
    }
    Ok(())
}
