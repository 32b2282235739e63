//! Logging one set against the journal kept in the store's memo, without
//! reading the log back: the set joins the kept sessions, its slot is
//! replayed in memory, and the set is stored together with the decisions
//! that changed, in one write that only lands while the data is still as
//! the kept journal saw it ([`Store::add_set_if_unchanged`]).
//!
//! Set logging is what the server does most; this makes it one round trip
//! to the database instead of a write, a re-read of the plan's log, a read
//! of the stored decisions and a second write.

use std::sync::{Arc, Mutex};

use keel_core::catalog::Catalog;
use keel_core::training::{self, LoggedSet, ReplayInput, TrainingLog};
use keel_store::{AddedSet, DecisionsTail, Part, Store, TrainingSession};

use super::Journal;
use super::read::REPLAYED;
use crate::Result;

/// [`super::commit`] of `[Write::AddSet(set)]` through the kept journal;
/// `None` when there is none, or the data moved since it was made, and
/// nothing was written.
pub(super) fn add_set(store: &mut dyn Store, set: &LoggedSet) -> Result<Option<Arc<Journal>>> {
    let Some((at, kept)) = store.memo().and_then(|memo| memo.latest::<Journal>()) else {
        return Ok(None);
    };
    let log = with_set(&kept.log, set);
    let input = ReplayInput {
        program: &kept.plan.program,
        log: &log,
        catalog: Catalog::builtin(),
        equipment: &kept.profile.equipment,
        settings: &kept.settings,
    };
    let replay = training::replay_after_adding(&kept.replay, &input, set)?;
    // Only the changed tail is written when the store is known to hold the
    // kept journal's decisions (the decisions' count vouches for it);
    // otherwise every decision is, and their count is not compared.
    let (kept_decisions, unchanged) = match kept.decisions_stored_at() {
        Some(count) if count == at.of(Part::Decisions) => {
            let same = kept
                .replay
                .decisions
                .iter()
                .zip(&replay.decisions)
                .take_while(|(old, new)| old == new)
                .count();
            (same, WITH_DECISIONS.as_slice())
        }
        _ => (0, REPLAYED.as_slice()),
    };
    let decisions = DecisionsTail {
        plan_version: kept.plan.version,
        kept: kept_decisions,
        tail: replay.decisions[kept_decisions..].to_vec(),
    };
    let Some(added) = store.add_set_if_unchanged(&at, unchanged, set, &decisions)? else {
        return Ok(None);
    };
    let Some(sessions) = sessions_with(&kept.sessions, &added, kept.plan.version) else {
        // The store put the set in a session of this plan the kept journal
        // did not have, which its revision rules out; read afresh.
        return super::load_and_store_decisions(store).map(Some);
    };
    let journal = Journal {
        status: kept.status.clone(),
        profile: kept.profile.clone(),
        plan: Arc::clone(&kept.plan),
        sessions,
        check_ins: kept.check_ins.clone(),
        log,
        replay,
        settings: kept.settings.clone(),
        planned: Mutex::new(None),
        decisions_stored_at: Mutex::new(Some(added.revision.of(Part::Decisions))),
    };
    journal.keep_planned_from(&kept, true);
    let journal = Arc::new(journal);
    if let Some(memo) = store.memo() {
        memo.put(added.revision, Arc::clone(&journal));
    }
    Ok(Some(journal))
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

/// `log` with `set` in the place a fresh read puts it: the log runs
/// session by session in date order, and a new set is its day's last.
fn with_set(log: &TrainingLog, set: &LoggedSet) -> TrainingLog {
    let mut log = log.clone();
    let at = log.sets.partition_point(|s| s.date <= set.date);
    log.sets.insert(at, set.clone());
    log
}

/// `sessions` with the set the store added; `None` when it went to a
/// session that is not among them and not new.
fn sessions_with(
    sessions: &[TrainingSession],
    added: &AddedSet,
    plan_version: i64,
) -> Option<Vec<TrainingSession>> {
    let mut sessions = sessions.to_vec();
    if let Some(session) = sessions.iter_mut().find(|s| s.id == added.session_id) {
        session.sets.push(added.set.clone());
        return Some(sessions);
    }
    if !added.new_session {
        return None;
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
            sets: vec![added.set.clone()],
        },
    );
    Some(sessions)
}
