//! Where the athlete stands before a day's training is shown: no profile
//! yet, halted by a red flag, no plan yet, or ready. One order of checks
//! for every Today surface (`keel today`, the web's Today page).

use std::sync::Arc;

use keel_store::Store;

use crate::Result;
use crate::journal::Journal;
use crate::safety::Halt;

/// What a Today surface shows first.
pub enum Standing {
    /// No profile yet: onboarding comes first.
    NoProfile,
    /// A red flag halted the program: nothing to train until resumed.
    Halted(Halt),
    /// A profile but no plan.
    NoPlan,
    /// A plan to train, with its journal.
    Ready(Arc<Journal>),
}

/// Where the athlete stands now. The kept journal has the profile, the
/// plan and the status in hand, so the store is asked for them only when
/// there is no journal yet (and the plan's JSON is decoded once).
pub fn standing(store: &dyn Store) -> Result<Standing> {
    if let Some(journal) = Journal::load_if_ready(store)? {
        return Ok(match Halt::from_status(&journal.status) {
            Some(halt) => Standing::Halted(halt),
            None => Standing::Ready(journal),
        });
    }
    if store.profile()?.is_none() {
        return Ok(Standing::NoProfile);
    }
    Ok(match crate::safety::halt(store)? {
        Some(halt) => Standing::Halted(halt),
        None => Standing::NoPlan,
    })
}
