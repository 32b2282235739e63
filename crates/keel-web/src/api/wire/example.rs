//! The test-only example endpoint's answer (see `api/example.rs`).

use jiff::civil::Date;
use keel_app::safety::Halt;
use serde::Serialize;

/// Whether a red flag halts the program, and since when.
#[derive(Debug, Serialize)]
pub struct HaltState {
    pub halted: bool,
    /// The day of the red-flag answer; null when not halted.
    pub since: Option<Date>,
}

impl From<Option<Halt>> for HaltState {
    fn from(halt: Option<Halt>) -> HaltState {
        HaltState {
            halted: halt.is_some(),
            since: halt.map(|h| h.since),
        }
    }
}
