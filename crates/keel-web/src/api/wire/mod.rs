//! The API's wire types: the JSON every `/api/v1` route answers, as
//! structs of the API's own. Core and store types are converted into them
//! here (`From` impls beside each type), so renaming a field or a variant
//! in keel-core or keel-store cannot change `/api/v1`: the conversion
//! stops compiling instead, and the API keeps its names. The stored JSON
//! (the store's codecs) is a different thing and is not read from here.
//!
//! Each type's shape is described in the OpenAPI document
//! ([`super::openapi`]) with `required` fields and
//! `additionalProperties: false`; the tests validate every answer they get
//! against it (`tests/it/common/contract.rs`), so the document and these
//! types cannot drift apart either.
//!
//! Request parts parsed into core types are wire types too (a profile
//! body's `inventory`, [`InventoryBody`]). No `/api/v1` answer serializes
//! a keel-core, store or app type any more; the FHIR export (FHIR's own
//! format) is the one exception (ARCHITECTURE.md).

mod assessments;
mod checkins;
#[cfg(feature = "postgres")]
mod coach;
mod decisions;
#[cfg(feature = "example-endpoint")]
mod example;
mod outcomes;
mod profile;
mod progress;
mod questionnaires;
mod report;
mod retest;
mod session;
mod sets;
mod status;
mod today;
pub mod words;

pub use assessments::{Assessment, StoredTests};
pub use checkins::CheckIn;
#[cfg(feature = "postgres")]
pub use coach::AthleteSummary;
pub use decisions::Decided;
#[cfg(feature = "example-endpoint")]
pub use example::HaltState;
/// Only the coach server's athlete answer names a trend on its own.
#[cfg(feature = "postgres")]
pub use outcomes::Trend;
pub use outcomes::{Outcome, Overview, Recorded};
pub use profile::{InventoryBody, Profile};
pub use progress::Progress;
pub use report::Report;
pub use retest::{Carried, Comparison};
pub use session::Session;
pub use sets::Set;
pub use status::ProgramStatus;
pub use today::{Halt, LastTime, RetestDue};
