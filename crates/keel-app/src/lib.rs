//! Application services shared by the `keel` CLI and the web server: they
//! read the store, hand plain values to keel-core, and store what it decided.
//!
//! - [`journal`]: the current plan, its log and the engine's replay; every
//!   change to the log goes through [`journal::commit`], which re-runs the
//!   decisions that depend on it.
//! - [`accounts`]: a coach server's account rules: who is admin, who may
//!   coach, and linking a coach and an athlete by name.
//! - [`idempotency`]: request keys, so a retried write is stored once and
//!   answered as the first time (pages and API alike).
//! - [`enrol`]: onboarding (with the red-flag halt), a retest and a new
//!   plan version, each decided and stored in one batch.
//! - [`correction`]: correcting and deleting a logged set, for every front end.
//! - [`calendar`]: the plan as a calendar (file and secret feed URL), and
//!   the usual training time.
//! - [`export`]: the FHIR Bundle for a clinic's system.
//! - [`import`]: another app's export (Strong, Hevy) streamed into the
//!   store in one transaction.
//! - [`insight`]: every progress analytic over the log, for progress views and reports.
//! - [`outcomes`]: outcome measures (NPRS, PSFS, loaded questionnaires):
//!   scoring, storing, loading a definition, trends.
//! - [`profile`]: a new user's profile and the free-text profile answers.
//! - [`record`]: a user's answers about a set, as a logged set.
//! - [`report`]: the insight as the self-contained HTML report's data.
//! - [`safety`]: the red-flag halt every surface renders instead of training.
//! - [`settings`]: the engine settings in force.
//! - [`steps`]: the sets a slot asks for, and what is left of today's session.
//! - [`summary`]: a day's session summary, never silently replacing an earlier one.
//! - [`transfer`]: one user's whole history copied between stores (both
//!   ways between SQLite and PostgreSQL, a user's backup and restore).
//! - [`workout`]: the workout screen's rules: last time's numbers for an
//!   exercise, undoing the last set (through the one delete of a set).
//! - [`wording`]: prescriptions, loads, sets and decisions in plain words,
//!   the same in the terminal and on the web.

pub mod accounts;
pub mod athlete_overview;
pub mod auth;
pub mod cache;
pub mod calendar;
pub mod correction;
pub mod enrol;
pub mod idempotency;

pub mod export;
pub mod import;
pub mod insight;
pub mod journal;
pub mod outcomes;
pub mod profile;
pub mod record;
pub mod report;
pub mod safety;
pub mod settings;
pub mod standing;
pub mod steps;
pub mod summary;
pub mod transfer;
pub mod wording;
pub mod workout;

use keel_core::InputError;
use keel_store::StoreError;

/// What a service can fail with: input the user can fix, or the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Nothing was changed; the message names what to fix. (Transparent,
    /// so a chain of errors prints the message once.)
    #[error(transparent)]
    Invalid(InputError),
    /// What the request names does not exist; nothing was changed.
    #[error(transparent)]
    NotFound(InputError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<InputError> for Error {
    fn from(err: InputError) -> Self {
        Error::Invalid(err)
    }
}

pub type Result<T> = std::result::Result<T, Error>;
