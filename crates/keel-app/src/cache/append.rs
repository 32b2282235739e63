//! The guarded set write: logging one set against the journal the layer
//! keeps, without reading the log back. The set joins the kept sessions,
//! its slot is replayed in memory, and the set is stored together with the
//! decisions that changed, in one write that only lands while the data is
//! still as the kept journal saw it
//! ([`keel_store::Revisioned::add_set_if_unchanged`]).
//!
//! Set logging is what the server does most; this makes it one round trip
//! to the database instead of a write, a re-read of the plan's log, a read
//! of the stored decisions and a second write.

use std::sync::Arc;

use keel_core::catalog::Catalog;
use keel_core::training::{self, LoggedSet, ReplayInput, TrainingLog};
use keel_store::{AddedSet, DecisionsTail, Part, Store, TrainingSession};

use super::{DecisionsStored, REPLAYED};
use crate::Result;
use crate::journal::{Before, Journal};

/// [`super::commit`] of `[Write::AddSet(set)]` through the kept journal;
/// `None` when there is none, or the data moved since it was made, and
/// nothing was written.
pub(super) fn add_set(store: &mut dyn Store, set: &LoggedSet) -> Result<Option<Arc<Journal>>> {
    let Some(cache) = store.cache_mut() else {
        return Ok(None);
    };
    // Taken out of the memo: holding the only reference, as set logging
    // does unless another request of the same user is reading it, the
    // journal grows in place instead of being copied. Should the set not be
    // stored, the next read makes the journal afresh.
    let memo = cache.memo();
    let Some((at, kept)) = memo.take_latest::<Journal>() else {
        return Ok(None);
    };
    let decisions_stored = memo.get::<DecisionsStored>(at).is_some();
    let mut journal = Arc::try_unwrap(kept).unwrap_or_else(|shared| (*shared).clone());
    let previous = std::mem::take(&mut journal.replay);
    insert_set(&mut journal.log, set);
    let kit = journal.profile.kit();
    let input = ReplayInput {
        program: &journal.plan.program,
        log: &journal.log,
        catalog: Catalog::builtin(),
        equipment: &kit,
        settings: &journal.settings,
    };
    let added = training::replay_after_adding(previous, &input, set)?;
    // Only the changed tail is written when the store is known to hold the
    // kept journal's decisions (the decisions' count vouches for it);
    // otherwise every decision is, and their count is not compared.
    let (kept_decisions, unchanged) = if decisions_stored {
        (added.unchanged, WITH_DECISIONS.as_slice())
    } else {
        (0, REPLAYED.as_slice())
    };
    let decisions = DecisionsTail {
        plan_version: journal.plan.version,
        kept: kept_decisions,
        tail: added.replay.decisions[kept_decisions..].to_vec(),
    };
    let Some(stored) = cache.add_set_if_unchanged(&at, unchanged, set, &decisions, None)? else {
        return Ok(None);
    };
    if !add_to_sessions(&mut journal.sessions, &stored, journal.plan.version) {
        // The store put the set in a session of this plan the kept journal
        // did not have, which its revision rules out; read afresh.
        return super::load_and_store_decisions(store, &[])
            .map(Some)
            .map_err(crate::journal::stored_before);
    }
    journal.replay = added.replay;
    keep_planned_unless_moved(&mut journal, set);
    let journal = Arc::new(journal);
    let memo = cache.memo();
    memo.put(stored.revision, Arc::clone(&journal));
    memo.put(stored.revision, Arc::new(DecisionsStored));
    Ok(Some(journal))
}

/// After `set` joined `journal`'s log: its planned session stays unless
/// the set is among what it was made from (see [`Before`]).
fn keep_planned_unless_moved(journal: &mut Journal, set: &LoggedSet) {
    let planned = journal
        .planned
        .get_mut()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if !super::switches::CARRY_PLANNED.is_on()
        || planned
            .as_ref()
            .is_some_and(|(date, _)| Before(*date).set(set))
    {
        *planned = None;
    }
}

/// [`REPLAYED`] and the stored decisions.
const WITH_DECISIONS: [Part; 6] = [
    Part::Setup,
    Part::Plans,
    Part::Log,
    Part::CheckIns,
    Part::Safety,
    Part::Decisions,
];

/// Puts `set` in `log` where a fresh read puts it: the log runs session by
/// session in date order, and a new set is its day's last.
fn insert_set(log: &mut TrainingLog, set: &LoggedSet) {
    let at = log.sets.partition_point(|s| s.date <= set.date);
    log.sets.insert(at, set.clone());
}

/// Adds the set the store added to `sessions`; `false` when it went to a
/// session that is not among them and not new.
fn add_to_sessions(
    sessions: &mut Vec<TrainingSession>,
    added: &AddedSet,
    plan_version: i64,
) -> bool {
    if let Some(session) = sessions.iter_mut().find(|s| s.id == added.session_id) {
        session.sets.push(added.set.clone());
        return true;
    }
    if !added.new_session {
        return false;
    }
    let date = added.set.logged.date;
    let at = sessions.partition_point(|s| s.date < date);
    sessions.insert(
        at,
        TrainingSession {
            id: added.session_id,
            date,
            plan_version: Some(plan_version),
            minutes: None,
            session_rpe: None,
            note: None,
            more: Vec::new(),
            sets: vec![added.set.clone()],
        },
    );
    true
}
