//! Whether the program may run, as the API answers it.

use jiff::civil::Date;
use keel_store as store;
use serde::Serialize;

/// `{"status": "active"}` or `{"status": "halted", "since", "flags"}`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case", tag = "status")]
pub enum ProgramStatus {
    Active,
    /// Halted by a red flag on `since`; only an explicit resume lifts it.
    Halted {
        since: Date,
        /// The warning signs answered yes.
        flags: Vec<&'static str>,
    },
}

impl From<&store::ProgramStatus> for ProgramStatus {
    fn from(status: &store::ProgramStatus) -> ProgramStatus {
        match status {
            store::ProgramStatus::Active => ProgramStatus::Active,
            store::ProgramStatus::Halted { since, flags } => ProgramStatus::Halted {
                since: *since,
                flags: flags.iter().map(|f| f.slug()).collect(),
            },
        }
    }
}
