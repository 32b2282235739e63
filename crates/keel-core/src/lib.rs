//! Keel's method as pure functions: the exercise catalog, the baseline
//! assessment, and program generation. No I/O, no clock: today's date is
//! always an argument, so every decision is reproducible.

pub mod analytics;
pub mod assessment;
pub mod catalog;
pub mod engine;
pub mod error;
pub mod history;
pub mod measure;
pub mod outcome;
pub mod profile;
pub mod program;
pub mod redflag;
pub mod settings;
pub mod training;
pub mod units;

pub use error::InputError;

/// `docs/method.md` checked against the code (tests only).
#[cfg(test)]
mod method_doc;
