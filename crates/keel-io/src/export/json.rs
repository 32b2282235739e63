//! Everything stored, as one pretty-printed JSON document:
//!
//! ```text
//! { "format": "keel-export", "format_version": 1,
//!   "profile", "settings", "engine_settings", "assessments", "safety_events",
//!   "plans", "sessions" (each with its "sets"), "check_ins",
//!   "decisions" (by "plan_version"), "imported_sets" (history from
//!   Strong and Hevy, with their source and key fields), "own_exercises",
//!   "outcomes", "questionnaires" }
//! ```
//!
//! Each value is the store's own serde form (the same JSON the SQLite
//! backend keeps), so the document reads back with the core's types. It
//! holds no export time: the same database always exports the same bytes.

use serde::Serialize;

use super::{ExportError, Snapshot};

/// Names the document's kind, for readers that meet it out of context.
pub const FORMAT: &str = "keel-export";
/// Raised when a field changes meaning or goes away (adding one does not).
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    format_version: u32,
    #[serde(flatten)]
    snapshot: &'a Snapshot,
}

/// The whole snapshot as JSON, ending in a newline.
pub fn render(snapshot: &Snapshot) -> Result<String, ExportError> {
    let document = Document {
        format: FORMAT,
        format_version: FORMAT_VERSION,
        snapshot,
    };
    let mut text = serde_json::to_string_pretty(&document)?;
    text.push('\n');
    Ok(text)
}
