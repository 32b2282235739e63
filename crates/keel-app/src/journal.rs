//! The training journal as the commands see it: the current plan, what was
//! logged against it, and the engine's replay of that log. Every change to
//! the log goes through [`commit`], which re-runs the decisions that depend
//! on it and stores them.

use std::sync::{Arc, Mutex};

use jiff::civil::Date;
use keel_core::catalog::Catalog;
use keel_core::engine::{EngineSettings, MorningCheck, ReadinessCheck};
use keel_core::profile::Profile;
use keel_core::training::{self, LoggedSet, PlannedSession, Replay, ReplayInput, TrainingLog};
use keel_store::{CheckIn, Part, ProgramStatus, Store, StoredPlan, TrainingSession, Write};

use keel_core::InputError;

use crate::Result;

pub struct Journal {
    /// Active, or halted by a red flag (from the safety log).
    pub status: ProgramStatus,
    pub profile: Profile,
    /// Plan versions never change once stored, so a new journal after a
    /// logged set shares the plan with the one before.
    pub plan: Arc<StoredPlan>,
    /// Sessions logged against the current plan version, oldest first.
    pub sessions: Vec<TrainingSession>,
    pub check_ins: Vec<CheckIn>,
    pub log: TrainingLog,
    pub replay: Replay,
    pub settings: EngineSettings,
    /// The last [`Journal::session_planned_on`] answer, by date: the
    /// session page and set logging ask for it on every request.
    planned: Mutex<Option<(Date, Option<PlannedSession>)>>,
    /// The count of the decisions' [`Part`] at which the store held
    /// exactly this replay's decisions, when known (see [`commit`]): the
    /// next set then writes only the decisions that change.
    decisions_stored_at: Mutex<Option<i64>>,
}

impl Clone for Journal {
    /// A copy with the same cached answers.
    fn clone(&self) -> Journal {
        let planned = self
            .planned
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone();
        Journal {
            status: self.status.clone(),
            profile: self.profile.clone(),
            plan: Arc::clone(&self.plan),
            sessions: self.sessions.clone(),
            check_ins: self.check_ins.clone(),
            log: self.log.clone(),
            replay: self.replay.clone(),
            settings: self.settings.clone(),
            planned: Mutex::new(planned),
            decisions_stored_at: Mutex::new(self.decisions_stored_at()),
        }
    }
}

impl Journal {
    /// Reads everything and replays it. Needs a profile and a plan.
    ///
    /// Where the store keeps a memo (the server), the journal made at the
    /// data's current revision is reused: a request then costs one small
    /// read instead of reading and replaying the plan's whole log. After a
    /// write, only the parts of the data it moved are read again (see
    /// [`keel_store::Part`]); what is returned is always what a fresh read
    /// would give.
    pub fn load(store: &dyn Store) -> Result<Arc<Journal>> {
        Journal::load_after(store, &[])
    }

    /// As [`Journal::load`] right after `store` applied `written` (see
    /// [`read::Earlier::written`]).
    fn load_after(store: &dyn Store, written: &[Write]) -> Result<Arc<Journal>> {
        if let Some(journal) = Journal::load_if_ready_after(store, written)? {
            return Ok(journal);
        }
        Err(if store.profile()?.is_none() {
            InputError::new("profile", "no profile yet: run `keel onboard` first")
        } else {
            InputError::new("plan", "no plan yet: run `keel plan --new`")
        }
        .into())
    }

    /// As [`Journal::load`], or `None` before there is a profile and a plan.
    pub fn load_if_ready(store: &dyn Store) -> Result<Option<Arc<Journal>>> {
        Journal::load_if_ready_after(store, &[])
    }

    fn load_if_ready_after(store: &dyn Store, written: &[Write]) -> Result<Option<Arc<Journal>>> {
        let Some(memo) = store.memo() else {
            return Ok(read::read(store, None)?.map(Arc::new));
        };
        // Read before the data, so a write in between only makes the kept
        // journal look stale (see `Memo::put`).
        let revision = store.revision()?;
        let kept = memo.latest::<Journal>();
        if let Some((at, journal)) = &kept
            && at.same(&revision, &read::REPLAYED)
        {
            return Ok(Some(Arc::clone(journal)));
        }
        let earlier = kept.as_ref().map(|(at, journal)| read::Earlier {
            made_at: *at,
            now: revision,
            journal,
            written,
        });
        let Some(journal) = read::read(store, earlier)? else {
            return Ok(None);
        };
        let journal = Arc::new(journal);
        memo.put(revision, Arc::clone(&journal));
        Ok(Some(journal))
    }

    /// The session to do on `date`, with the replay's changes and that
    /// day's readiness check applied.
    pub fn session_on(&self, date: Date) -> Option<PlannedSession> {
        training::session_with(
            &self.plan.program,
            &self.replay,
            date,
            self.readiness_on(date).as_ref(),
            &self.settings,
            Catalog::builtin(),
            &self.profile.kit(),
        )
    }

    /// The session to do on `date`, as [`Journal::session_on`], or on a
    /// day without training the missed session it may make up
    /// ([`training::makeup_session`], docs/method.md §4.2).
    pub fn session_to_do_on(&self, date: Date) -> Option<PlannedSession> {
        self.session_or_makeup(&self.replay, &self.log.sets, date)
    }

    /// The make-up session `date` offers from `replay` and `logged`, else
    /// the day's own session from that replay.
    fn session_or_makeup(
        &self,
        replay: &Replay,
        logged: &[LoggedSet],
        date: Date,
    ) -> Option<PlannedSession> {
        let readiness = self.readiness_on(date);
        let kit = self.profile.kit();
        let (catalog, equipment) = (Catalog::builtin(), &kit);
        let program = &self.plan.program;
        training::makeup_session(
            program,
            replay,
            logged,
            date,
            readiness.as_ref(),
            &self.settings,
            catalog,
            equipment,
        )
        .or_else(|| {
            training::session_with(
                program,
                replay,
                date,
                readiness.as_ref(),
                &self.settings,
                catalog,
                equipment,
            )
        })
    }

    /// The session of `date` as it stood before anything was logged that
    /// day: the log replayed up to the day before (mornings up to `date`),
    /// with that day's readiness. Logging a set on `date` moves the slot's
    /// next prescription, but not the one that day's sets were done against.
    /// On a day without training this is the missed session to make up,
    /// when there is one (see [`Journal::session_to_do_on`]): sets logged
    /// against it count for the missed day's slots.
    pub fn session_planned_on(&self, date: Date) -> Result<Option<PlannedSession>> {
        let mut planned = self
            .planned
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((on, session)) = planned.as_ref()
            && *on == date
        {
            return Ok(session.clone());
        }
        let session = self.replay_before(date)?;
        *planned = Some((date, session.clone()));
        Ok(session)
    }

    fn replay_before(&self, date: Date) -> Result<Option<PlannedSession>> {
        let log = self.log_before(date);
        let replay = training::replay(&ReplayInput {
            program: &self.plan.program,
            log: &log,
            catalog: Catalog::builtin(),
            equipment: &self.profile.kit(),
            settings: &self.settings,
        })?;
        // The make-up rule reads only the sets before `date`, as this
        // session does, so what is logged today never takes it away.
        Ok(self.session_or_makeup(&replay, &log.sets, date))
    }

    /// What the session planned on `date` is made from (see [`Before`]).
    fn log_before(&self, date: Date) -> TrainingLog {
        let keep = Before(date);
        TrainingLog {
            sets: self
                .log
                .sets
                .iter()
                .filter(|s| keep.set(s))
                .cloned()
                .collect(),
            session_rpe: self
                .log
                .session_rpe
                .iter()
                .filter(|e| keep.dated(e))
                .copied()
                .collect(),
            readiness: self.log.readiness.clone(),
            mornings: self
                .log
                .mornings
                .iter()
                .filter(|m| keep.morning(m))
                .cloned()
                .collect(),
            screens: self
                .log
                .screens
                .iter()
                .filter(|e| keep.dated(e))
                .cloned()
                .collect(),
            // Earned before this plan version began.
            carried: self.log.carried.clone(),
        }
    }

    /// Takes `earlier`'s planned session when nothing it was made from has
    /// changed (`same_setup`: the same plan, profile and settings): logging
    /// today's sets does not move today's plan, so set logging need not
    /// replay it again after every set.
    fn keep_planned_from(&self, earlier: &Journal, same_setup: bool) {
        let planned = earlier
            .planned
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone();
        if let Some((date, session)) = planned
            && same_setup
            && Before(date).agree(&earlier.log, &self.log)
        {
            *self
                .planned
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some((date, session));
        }
    }

    /// After `set` joined this journal's log and the store holds the
    /// decisions at `decisions_count`: a planned session stays unless the
    /// set is among what it was made from (see [`Before`]).
    fn joined(&mut self, set: &LoggedSet, decisions_count: i64) {
        let planned = self
            .planned
            .get_mut()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if planned
            .as_ref()
            .is_some_and(|(date, _)| Before(*date).set(set))
        {
            *planned = None;
        }
        *self
            .decisions_stored_at
            .get_mut()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(decisions_count);
    }

    fn decisions_stored_at(&self) -> Option<i64> {
        *self
            .decisions_stored_at
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn note_decisions_stored(&self, count: i64) {
        *self
            .decisions_stored_at
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(count);
    }

    /// The latest readiness check-in recorded for `date`.
    pub fn readiness_on(&self, date: Date) -> Option<ReadinessCheck> {
        self.check_ins.iter().rev().find_map(|c| match c {
            CheckIn::Readiness { date: d, check } if *d == date => Some(*check),
            _ => None,
        })
    }

    /// The logged session of `date`, if any.
    pub fn session_logged(&self, date: Date) -> Option<&TrainingSession> {
        self.sessions.iter().find(|s| s.date == date)
    }
}

/// Applies `writes` in one transaction, then replays the log and stores the
/// fresh decisions. The decisions are derived data: should storing them
/// fail, the log is still safe and the next commit or read replays again.
///
/// A single set, the most common write, is added to the journal kept at
/// the data's revision when there is one, and stored with its decisions in
/// one write ([`append`]). Anything else reloads what the writes moved
/// ([`Journal::load`] reads only the current plan version's sessions, which
/// keeps that cheap however long the history).
pub fn commit(store: &mut dyn Store, writes: Vec<Write>) -> Result<Arc<Journal>> {
    if let [Write::AddSet(set)] = writes.as_slice()
        && let Some(journal) = append::add_set(store, set)?
    {
        return Ok(journal);
    }
    // A small batch the kept journal can take in memory is kept, so the
    // plan's log need not be read back (see `read::Earlier::written`).
    let written = read::applies_in_memory(&writes).then(|| writes.clone());
    store.apply(writes)?;
    load_and_store_decisions(store, written.as_deref().unwrap_or_default()).map_err(stored_before)
}

/// An error after the log change was stored: the change is kept, so the
/// answer must not say that nothing was changed (see
/// [`keel_store::StoreError::Uncertain`]).
pub(crate) fn stored_before(err: crate::Error) -> crate::Error {
    use keel_store::StoreError;
    match err {
        crate::Error::Store(StoreError::Unavailable(reason) | StoreError::Backend(reason)) => {
            crate::Error::Store(StoreError::Uncertain(reason))
        }
        other => other,
    }
}

/// The journal as stored now, right after `store` applied `written` (or
/// whatever it did: `written` may be empty), with its decisions stored.
fn load_and_store_decisions(store: &mut dyn Store, written: &[Write]) -> Result<Arc<Journal>> {
    let before = store.revision()?;
    let journal = Journal::load_after(store, written)?;
    store.apply(vec![Write::ReplaceDecisions {
        plan_version: journal.plan.version,
        decisions: journal.replay.decisions.clone(),
    }])?;
    // The store holds these decisions if nothing the journal was made from
    // moved, and no other decisions were stored, since `before`; the
    // journal is then kept at the revision that says so, for the next set.
    let after = store.revision()?;
    if after.same(&before, &read::REPLAYED)
        && after.of(Part::Decisions) == before.of(Part::Decisions) + 1
    {
        journal.note_decisions_stored(after.of(Part::Decisions));
        if let Some(memo) = store.memo() {
            memo.put(after, Arc::clone(&journal));
        }
    }
    Ok(journal)
}

/// What of a log the session planned on a date is made from: sets, session
/// RPEs and pain screens before that day, mornings up to it, and every
/// readiness check-in.
struct Before(Date);

impl Before {
    fn set(&self, set: &LoggedSet) -> bool {
        set.date < self.0
    }

    fn dated<T>(&self, entry: &(Date, T)) -> bool {
        entry.0 < self.0
    }

    fn morning(&self, morning: &MorningCheck) -> bool {
        morning.date <= self.0
    }

    /// Whether `a` and `b` are the same in all of that (compared in place:
    /// set logging asks after every set).
    fn agree(&self, a: &TrainingLog, b: &TrainingLog) -> bool {
        fn same<'a, T: PartialEq + 'a>(a: &'a [T], b: &'a [T], keep: impl Fn(&T) -> bool) -> bool {
            a.iter()
                .filter(|x| keep(x))
                .eq(b.iter().filter(|x| keep(x)))
        }
        same(&a.sets, &b.sets, |s| self.set(s))
            && same(&a.session_rpe, &b.session_rpe, |e| self.dated(e))
            && a.readiness == b.readiness
            && same(&a.mornings, &b.mornings, |m| self.morning(m))
            && same(&a.screens, &b.screens, |e| self.dated(e))
            && a.carried == b.carried
    }
}

mod append;
#[cfg(test)]
mod makeup_tests;
mod read;
#[cfg(test)]
pub(crate) mod tests;
