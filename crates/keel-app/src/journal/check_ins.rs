//! Which check-ins the journal reads: every morning check-in, and the
//! readiness check-ins from its plan's first day on.
//!
//! Mornings are all read: the engine looks back across the plan's first
//! day through them (a morning verdict reads the 14 days before it, sore
//! days in a row are counted however far back they run, a reactive deload
//! triggered before the plan runs into it). A readiness check-in adjusts
//! only its own day's session (`Journal::readiness_on`), and no day before
//! the plan's first has a planned session, so those before it are left in
//! the store: on a ten-year history nearly all of them.

use jiff::civil::Date;
use keel_store::{CheckIn, Store, StoredPlan};

use crate::Result;

/// The check-ins `plan`'s journal is made from, oldest first.
pub(crate) fn read(store: &dyn Store, plan: &StoredPlan) -> Result<Vec<CheckIn>> {
    Ok(store.mornings_and_readiness_since(first_day(plan))?)
}

/// The earliest day `plan` plans anything for or was made on.
pub(crate) fn first_day(plan: &StoredPlan) -> Date {
    let program = &plan.program;
    let planned = program.weeks.first().and_then(|w| w.days.first());
    [
        Some(plan.created_on),
        Some(program.start),
        planned.map(|d| d.date),
    ]
    .into_iter()
    .flatten()
    .min()
    .unwrap_or(plan.created_on)
}
