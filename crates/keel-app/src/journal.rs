//! The training journal as the commands see it: the current plan, what was
//! logged against it, and the engine's replay of that log. Every change to
//! the log goes through [`commit`], which re-runs the decisions that depend
//! on it and stores them.
//!
//! This is the plain path: [`Journal::read`] reads everything and replays
//! it, top to bottom. A store with a cache layer around it (the server's:
//! [`crate::cache`]) answers [`Journal::load`] and [`commit`] from that
//! layer instead, with what this path would give.

use std::sync::{Arc, Mutex};

use jiff::civil::Date;
use keel_core::catalog::Catalog;
use keel_core::engine::{EngineSettings, MorningCheck, ReadinessCheck};
use keel_core::profile::Profile;
use keel_core::redflag::Screen;
use keel_core::training::{self, LoggedSet, PlannedSession, Replay, ReplayInput, TrainingLog};
use keel_store::{
    CheckIn, ProgramStatus, SafetyEvent, ScreenContext, Store, StoredPlan, TrainingSession, Write,
};

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
    /// The check-ins the journal's answers are made from, oldest first:
    /// every morning check-in, but readiness check-ins only from the plan's
    /// first day on (see [`check_ins`]).
    pub check_ins: Vec<CheckIn>,
    pub log: TrainingLog,
    pub replay: Replay,
    pub settings: EngineSettings,
    /// The last [`Journal::session_planned_on`] answer, by date: the
    /// session page and set logging ask for it on every request, and a
    /// journal the cache layer keeps answers them all.
    pub(crate) planned: Mutex<Option<(Date, Option<PlannedSession>)>>,
}

impl Clone for Journal {
    /// A copy with the same planned session.
    fn clone(&self) -> Journal {
        Journal {
            status: self.status.clone(),
            profile: self.profile.clone(),
            plan: Arc::clone(&self.plan),
            sessions: self.sessions.clone(),
            check_ins: self.check_ins.clone(),
            log: self.log.clone(),
            replay: self.replay.clone(),
            settings: self.settings.clone(),
            planned: Mutex::new(self.planned_session()),
        }
    }
}

impl Journal {
    /// The journal as stored now. Needs a profile and a plan.
    pub fn load(store: &dyn Store) -> Result<Arc<Journal>> {
        match Journal::load_if_ready(store)? {
            Some(journal) => Ok(journal),
            None => Err(not_ready(store)?),
        }
    }

    /// As [`Journal::load`], or `None` before there is a profile and a plan.
    pub fn load_if_ready(store: &dyn Store) -> Result<Option<Arc<Journal>>> {
        match store.cache() {
            Some(cache) => crate::cache::journal(store, cache),
            None => Ok(Journal::read(store)?.map(Arc::new)),
        }
    }

    /// Reads everything the journal is made from and replays it; `None`
    /// before there is a profile and a plan. The plain path, whatever
    /// the store.
    pub fn read(store: &dyn Store) -> Result<Option<Journal>> {
        let Some(profile) = store.profile()? else {
            return Ok(None);
        };
        let Some(plan) = store.current_plan()? else {
            return Ok(None);
        };
        let settings = crate::settings::engine_settings(store)?;
        // Only this plan version's sessions: however long the history,
        // the journal reads one plan's worth.
        let sessions = store.sessions_of_plan(plan.version)?;
        let check_ins = check_ins::read(store, &plan)?;
        let safety = store.safety_events()?;
        let mut log = training_log(&sessions, &check_ins, pain_screens(&safety));
        log.carried = carried(store, plan.version, profile.units)?;
        let replay = replay(&plan, &log, &profile, &settings)?;
        Ok(Some(Journal {
            status: keel_store::program_status(&safety),
            profile,
            plan: Arc::new(plan),
            sessions,
            check_ins,
            log,
            replay,
            settings,
            planned: Mutex::new(None),
        }))
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
        let replay = replay(&self.plan, &log, &self.profile, &self.settings)?;
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

    /// The planned session kept by [`Journal::session_planned_on`], if any.
    pub(crate) fn planned_session(&self) -> Option<(Date, Option<PlannedSession>)> {
        self.planned
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// The latest readiness check-in recorded for `date`; `None` for a day
    /// before the plan's first, whose readiness the journal does not read
    /// (no session there to adjust).
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
/// A store with a cache layer commits through it ([`crate::cache::commit`]).
pub fn commit(store: &mut dyn Store, writes: Vec<Write>) -> Result<Arc<Journal>> {
    if store.cache().is_some() {
        return crate::cache::commit(store, writes);
    }
    store.apply(writes)?;
    load_and_store_decisions(store).map_err(stored_before)
}

/// The journal as stored now, with its decisions stored.
fn load_and_store_decisions(store: &mut dyn Store) -> Result<Arc<Journal>> {
    let journal = Journal::load(store)?;
    store.apply(vec![store_decisions(&journal)])?;
    Ok(journal)
}

/// The write that stores `journal`'s decisions in place of its plan's.
pub(crate) fn store_decisions(journal: &Journal) -> Write {
    Write::ReplaceDecisions {
        plan_version: journal.plan.version,
        decisions: journal.replay.decisions.clone(),
    }
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

/// Why there is no journal yet: no profile, or no plan.
fn not_ready(store: &dyn Store) -> Result<crate::Error> {
    Ok(if store.profile()?.is_none() {
        InputError::new("profile", "no profile yet: run `keel onboard` first")
    } else {
        InputError::new("plan", "no plan yet: run `keel plan --new`")
    }
    .into())
}

/// The engine's replay of `log` against `plan`.
pub(crate) fn replay(
    plan: &StoredPlan,
    log: &TrainingLog,
    profile: &Profile,
    settings: &EngineSettings,
) -> Result<Replay> {
    Ok(training::replay(&ReplayInput {
        program: &plan.program,
        log,
        catalog: Catalog::builtin(),
        equipment: &profile.kit(),
        settings,
    })?)
}

/// The chain states the plan versions before `version` left, where this
/// one starts (docs/method.md §5.6). Only each planned exercise's newest
/// decision that is not a halt is read (`Store::carried_decisions`), not
/// every earlier version's: on a long history those are thousands.
pub(crate) fn carried(
    store: &dyn Store,
    version: i64,
    units: keel_core::units::Units,
) -> Result<std::collections::BTreeMap<training::ChainKey, training::ChainState>> {
    if version <= 1 {
        // The first version carries nothing: no read.
        return Ok(std::collections::BTreeMap::new());
    }
    Ok(training::carried_chains(
        &store.carried_decisions(version)?,
        Catalog::builtin(),
        units,
    ))
}

/// The red-flag screens answered with pain entries, by date.
pub(crate) fn pain_screens(events: &[SafetyEvent]) -> Vec<(Date, Screen)> {
    events
        .iter()
        .filter_map(|e| match e {
            SafetyEvent::Screen {
                date,
                context: ScreenContext::PainEntry,
                flags,
            } => Some((
                *date,
                Screen {
                    flags: flags.clone(),
                },
            )),
            _ => None,
        })
        .collect()
}

/// The engine's view of the log: the sets of `sessions` in order, their
/// session RPEs, the latest check-in of each day and kind, and `screens`
/// (nothing carried from earlier plans yet).
pub(crate) fn training_log(
    sessions: &[TrainingSession],
    check_ins: &[CheckIn],
    screens: Vec<(Date, Screen)>,
) -> TrainingLog {
    let mut mornings: Vec<MorningCheck> = Vec::new();
    let mut readiness = Vec::new();
    for check in check_ins {
        match check {
            // A later check-in for the same day supersedes an earlier one.
            CheckIn::Morning(m) => {
                mornings.retain(|old| old.date != m.date);
                mornings.push(m.clone());
            }
            CheckIn::Readiness { date, check } => {
                readiness.retain(|(d, _)| d != date);
                readiness.push((*date, *check));
            }
        }
    }
    TrainingLog {
        sets: sessions
            .iter()
            .flat_map(|s| s.sets.iter().map(|set| set.logged.clone()))
            .collect(),
        session_rpe: sessions
            .iter()
            .filter_map(|s| s.session_rpe.map(|rpe| (s.date, rpe)))
            .collect(),
        readiness,
        mornings,
        screens,
        carried: std::collections::BTreeMap::new(),
    }
}

/// What of a log the session planned on a date is made from: sets, session
/// RPEs and pain screens before that day, mornings up to it, and every
/// readiness check-in.
pub(crate) struct Before(pub Date);

impl Before {
    pub(crate) fn set(&self, set: &LoggedSet) -> bool {
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
    pub(crate) fn agree(&self, a: &TrainingLog, b: &TrainingLog) -> bool {
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

pub(crate) mod check_ins;

#[cfg(test)]
mod carried_tests;
#[cfg(test)]
mod check_ins_tests;
#[cfg(test)]
mod makeup_tests;
#[cfg(test)]
pub(crate) mod tests;
