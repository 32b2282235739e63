//! Re-reading the moved parts: given the journal kept at an earlier
//! revision, only the parts of the data that moved since are read again
//! (a logged set re-reads the plan's sessions, not the plan, the settings,
//! the check-ins or the safety log). What comes out is what
//! [`Journal::read`] gives.

use std::sync::{Arc, Mutex};

use keel_store::{Part, Revision, Store, TrainingSession, Write};

use super::REPLAYED;
use crate::Result;
use crate::journal::{self, Journal};

/// A journal kept from an earlier read, and the revision it was made at.
pub(super) struct Earlier<'a> {
    pub made_at: Revision,
    pub now: Revision,
    pub journal: &'a Journal,
    /// The batch the store applied just before this read (or nothing
    /// known). When the revision moved by exactly that batch since the
    /// journal was made, nothing else was written in between, and the
    /// batch's changes to the plan's sessions are made here instead of
    /// reading them all back.
    pub written: &'a [Write],
}

impl Earlier<'_> {
    /// The kept sessions as they are after [`Earlier::written`], when that
    /// batch is all that moved since and each of its writes to the log is
    /// one [`applies_in_memory`] to a session the journal has.
    fn sessions_after_written(&self) -> Option<Vec<TrainingSession>> {
        let moved_by_it = self.made_at.after_batch(self.written);
        if self.written.is_empty() || !self.now.same(&moved_by_it, &REPLAYED) {
            return None;
        }
        let mut sessions = self.journal.sessions.clone();
        for write in self.written {
            match write {
                Write::DeleteSession { date } => {
                    let at = sessions.iter().position(|s| s.date == *date)?;
                    sessions.remove(at);
                }
                Write::SummarizeSession { date, summary } => {
                    // As the store does: only what is given changes.
                    let session = sessions.iter_mut().find(|s| s.date == *date)?;
                    if let Some(minutes) = summary.minutes {
                        session.minutes = Some(minutes);
                    }
                    if let Some(rpe) = summary.session_rpe {
                        session.session_rpe = Some(rpe);
                    }
                    if let Some(note) = &summary.note {
                        session.note = Some(note.clone());
                    }
                }
                Write::AddSessionPart { date, part } => {
                    let session = sessions.iter_mut().find(|s| s.date == *date)?;
                    session.more.push(*part);
                }
                other if Part::of(other) == Part::Log => return None,
                // Read again by their own parts.
                _ => {}
            }
        }
        Some(sessions)
    }
}

/// Whether every write in `writes` is one the kept journal can take in
/// memory (the session summary at the end of a session, deleting a day),
/// so the caller keeps the batch for [`Earlier::written`].
pub(super) fn applies_in_memory(writes: &[Write]) -> bool {
    !writes.is_empty()
        && writes.iter().all(|w| {
            matches!(
                w,
                Write::DeleteSession { .. } | Write::SummarizeSession { .. }
            )
        })
}

/// The journal as stored now, read again where it moved since `earlier`;
/// `None` before there is a profile and a plan.
pub(super) fn read(store: &dyn Store, earlier: Earlier<'_>) -> Result<Option<Journal>> {
    // The earlier journal, when none of `parts` moved since it was made.
    let unchanged = |parts: &[Part]| {
        earlier
            .made_at
            .same(&earlier.now, parts)
            .then_some(earlier.journal)
    };
    let profile = match unchanged(&[Part::Setup]) {
        Some(kept) => kept.profile.clone(),
        None => match store.profile()? {
            Some(profile) => profile,
            None => return Ok(None),
        },
    };
    let plan = match unchanged(&[Part::Plans]) {
        Some(kept) => Arc::clone(&kept.plan),
        None => match store.current_plan()? {
            Some(plan) => Arc::new(plan),
            None => return Ok(None),
        },
    };
    let settings = match unchanged(&[Part::Setup]) {
        Some(kept) => kept.settings.clone(),
        None => crate::settings::engine_settings(store)?,
    };
    let sessions = match unchanged(&[Part::Plans, Part::Log]) {
        Some(kept) => kept.sessions.clone(),
        None => match earlier.sessions_after_written() {
            Some(sessions) => sessions,
            None => store.sessions_of_plan(plan.version)?,
        },
    };
    // Which check-ins are read depends on the plan too (`journal::check_ins`).
    let check_ins = match unchanged(&[Part::CheckIns, Part::Plans]) {
        Some(kept) => kept.check_ins.clone(),
        None => journal::check_ins::read(store, &plan)?,
    };
    let (status, screens) = match unchanged(&[Part::Safety]) {
        Some(kept) => (kept.status.clone(), kept.log.screens.clone()),
        None => {
            let events = store.safety_events()?;
            (
                keel_store::program_status(&events),
                journal::pain_screens(&events),
            )
        }
    };
    let (log, replay) = match unchanged(&REPLAYED) {
        Some(kept) => (kept.log.clone(), kept.replay.clone()),
        None => {
            // The levels earlier plan versions left: read again only when
            // the plans moved (their decisions are final once a newer
            // version exists) or the profile did (the unit of their texts).
            let carried = match unchanged(&[Part::Plans, Part::Setup]) {
                Some(kept) => kept.log.carried.clone(),
                None => journal::carried(store, plan.version, profile.units)?,
            };
            let mut log = journal::training_log(&sessions, &check_ins, screens);
            log.carried = carried;
            let replay = journal::replay(&plan, &log, &profile, &settings)?;
            (log, replay)
        }
    };
    Ok(Some(Journal {
        status,
        profile,
        plan,
        sessions,
        check_ins,
        log,
        replay,
        settings,
        planned: Mutex::new(None),
    }))
}
