//! Replays the log through the engine in date order, one training state per
//! progression chain (docs/method.md §5.6): every day kind, block and slot
//! that plans a variant of a chain reads and moves the same state.
//!
//! A decision dated D is made from what is dated on or before D only: the
//! chain's exposures up to D, the morning check-ins up to D, the reactive
//! deloads started by D. Later information acts from its own date on (see
//! `today.rs`), so appending to the log never changes an earlier decision;
//! only a correction of the log (which replays) can.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use super::chains::{ChainKey, Roots, slot_chain, steps_between};
use super::plan_slots::{chain_days, planned_prescription};
use super::region_cap::{RegionOverrun, overruns_after_adding, region_overruns};
use super::{LoggedSet, SlotDecision, SlotKey, TrainingLog};
use crate::catalog::{Catalog, Exercise, ExerciseId, Kit};
use crate::engine::{
    self, Action, Decision, EngineSettings, Exposure, ExposureKind, MorningCheck, PainLight,
    ReactiveDeload, SlotInput, reactive_deloads,
};
use crate::error::InputError;
use crate::measure::Rpe;
use crate::program::{Prescription, Program};
use crate::redflag::Screen;

/// What the replay needs; all plain values.
#[derive(Debug, Clone, Copy)]
pub struct ReplayInput<'a> {
    pub program: &'a Program,
    pub log: &'a TrainingLog,
    pub catalog: &'a Catalog,
    /// What the athlete owns, with sizes (`Profile::kit`).
    pub equipment: &'a Kit,
    pub settings: &'a EngineSettings,
}

/// Where a chain stands after the replay: the athlete's one working level
/// on that movement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainState {
    /// The variant the athlete works on now.
    pub exercise: ExerciseId,
    /// The working prescription: what was earned. Modifiers (deloads,
    /// readiness and next-morning cuts) change a session, never this.
    pub working: Prescription,
    /// The next exposure's prescription as the last decision expected it
    /// (a stagnation deload, say); the session applies what is known on its
    /// own day on top (see `today.rs`).
    pub next: Prescription,
    pub next_kind: ExposureKind,
    /// The decision that set this state.
    pub last: SlotDecision,
    /// The day of the chain's last exposure.
    pub last_date: Date,
    /// The last exposure lowered the level or hurt (anything above green
    /// pain): no variant harder than the current one may start next.
    pub held_back: bool,
    /// The most sets any slot of the chain asks, once a regression took a
    /// set off (at the floor of time, load and variant); `None` before.
    /// Otherwise the number of sets is each slot's own dose (a lighter day
    /// of the week plans fewer sets of the same level).
    pub sets_cap: Option<u8>,
    /// Set when the state was carried over from an earlier plan version
    /// and this version has not trained the chain yet: where the new plan
    /// starts and why, shown on its first session (`chains::carried_chains`).
    pub carried: Option<String>,
}

impl ChainState {
    /// The sets a slot planning `planned` sets does, at most.
    pub fn dose(&self, planned: u8) -> u8 {
        self.sets_cap.map_or(planned, |cap| cap.min(planned)).max(1)
    }
}

/// The replay's result: each trained chain's state, every decision in
/// order, and what the sessions ahead must know of the check-ins.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Replay {
    pub chains: BTreeMap<ChainKey, ChainState>,
    pub decisions: Vec<SlotDecision>,
    /// Reactive deload periods the morning check-ins started.
    pub reactive_deloads: Vec<ReactiveDeload>,
    /// The morning check-ins, in date order, for next-morning cuts.
    pub mornings: Vec<MorningCheck>,
    /// The program weeks whose logged sets took a region over the cap, for
    /// the next week's trim (`region_cap.rs`).
    pub region_overruns: Vec<RegionOverrun>,
}

impl Replay {
    /// The state of the chain the slot `key` belongs to, when trained.
    pub fn state_of(&self, key: &SlotKey, catalog: &Catalog) -> Option<&ChainState> {
        self.chains.get(&slot_chain(catalog, key))
    }

    /// Decisions about the chain of `exercise` (whatever the day, block or
    /// slot), and about slots where it was planned or done, oldest first.
    pub fn decisions_for<'a>(
        &'a self,
        exercise: &'a ExerciseId,
        catalog: &'a Catalog,
    ) -> impl Iterator<Item = &'a SlotDecision> + 'a {
        let chain = super::chains::chain_key(catalog, exercise);
        self.decisions.iter().filter(move |d| {
            &d.slot.planned == exercise
                || &d.decision.exercise == exercise
                || chain
                    .as_ref()
                    .is_some_and(|c| *c == slot_chain(catalog, &d.slot))
        })
    }
}

/// One exposure: the sets of one exercise in one slot on one day.
type ExposureKey = (Date, SlotKey, ExerciseId);

/// Runs the engine after every logged exposure, in date order.
///
/// Exercises that are not in the catalog (a user's own, from an import) are
/// kept in the log but get no decisions: the engine needs their chain.
pub fn replay(input: &ReplayInput<'_>) -> Result<Replay, InputError> {
    let exposures = group_exposures(input.log.sets.iter(), &input.log.session_rpe);
    // Earlier plan versions' levels, where this one starts (§5.6).
    let start = input.log.carried.clone();
    let mut replay = decide_in_order(input, &exposures, start, &[])?;
    replay.region_overruns = region_overruns(input.program, &input.log.sets, input.catalog);
    Ok(replay)
}

/// [`replay_after_adding`]'s answer.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplayAfterAdding {
    pub replay: Replay,
    /// How many of the replay's decisions, from the first, are the previous
    /// replay's unchanged: a store holding those need only the rest.
    pub unchanged: usize,
}

/// The replay of `input.log`, which is the log `previous` replayed with
/// `added` appended: the same as [`replay`], faster.
///
/// A chain's decisions depend only on that chain's exposures (and on the
/// program, mornings and screens, which one more set does not change), so
/// only `added`'s chain is replayed, and its new decisions take the places
/// of the old ones; the rest stay where they are. Of that chain, only the
/// exposures of `added`'s day are decided again: each decision follows
/// from the exposures before it in date order, which one more set dated
/// last leaves as they were, so the earlier decisions stand and the
/// replay takes them over instead of asking the engine again. A set dated
/// before others would change the order of exposures, so then (and should
/// the chain's decisions not line up) the whole log is replayed.
pub fn replay_after_adding(
    previous: Replay,
    input: &ReplayInput<'_>,
    added: &LoggedSet,
) -> Result<ReplayAfterAdding, InputError> {
    let whole = |previous: Replay| -> Result<ReplayAfterAdding, InputError> {
        let replay = replay(input)?;
        let unchanged = previous
            .decisions
            .iter()
            .zip(&replay.decisions)
            .take_while(|(old, new)| old == new)
            .count();
        Ok(ReplayAfterAdding { replay, unchanged })
    };
    if input.log.sets.iter().any(|s| s.date > added.date) {
        return whole(previous);
    }
    let catalog = input.catalog;
    let chain = slot_chain(catalog, &added.slot);
    let mut roots = Roots::new(catalog);
    let mut in_chain = |slot: &SlotKey| roots.of(&slot.planned) == &chain.0;
    let of_chain = input.log.sets.iter().filter(|s| in_chain(&s.slot));
    let exposures = group_exposures(of_chain, &input.log.session_rpe);
    // Where the chain's decisions are, and how many of them are dated
    // before the day: those stand, one for each of its exposures dated
    // before it, in order (an exercise the catalog does not know has none).
    let places: Vec<usize> = (0..previous.decisions.len())
        .filter(|&at| in_chain(&previous.decisions[at].slot))
        .collect();
    let stay = places.partition_point(|&at| previous.decisions[at].date < added.date);
    let standing: Vec<&SlotDecision> = places[..stay]
        .iter()
        .map(|&at| &previous.decisions[at])
        .collect();
    let decided_before = exposures
        .iter()
        .map(|(key, _)| key)
        .filter(|(date, _, exercise)| *date < added.date && catalog.get(exercise).is_some());
    let lines_up = decided_before.clone().count() == stay
        && decided_before
            .zip(&standing)
            .all(|((date, slot, _), d)| d.date == *date && d.slot == *slot);
    if !lines_up {
        return whole(previous);
    }
    let start = input
        .log
        .carried
        .get(&chain)
        .map(|state| (chain.clone(), state.clone()))
        .into_iter()
        .collect();
    let mut redone = decide_in_order(input, &exposures, start, &standing)?;
    // The chain's decisions of the day again, and at most one more: the
    // added set's own exposure, when it started one.
    let again = &places[stay..];
    if redone.decisions.len() != again.len() && redone.decisions.len() != again.len() + 1 {
        return whole(previous);
    }
    let mut fresh = redone.decisions.into_iter();
    let mut decisions = previous.decisions;
    let mut first_changed = None;
    for (&at, new) in again.iter().zip(&mut fresh) {
        if first_changed.is_none() && decisions[at] != new {
            first_changed = Some(at);
        }
        decisions[at] = new;
    }
    if let Some(last) = fresh.next() {
        first_changed.get_or_insert(decisions.len());
        decisions.push(last);
    }
    let unchanged = first_changed.unwrap_or(decisions.len());
    let mut chains = previous.chains;
    match redone.chains.remove(&chain) {
        Some(state) => chains.insert(chain, state),
        None => chains.remove(&chain),
    };
    Ok(ReplayAfterAdding {
        replay: Replay {
            chains,
            decisions,
            reactive_deloads: redone.reactive_deloads,
            mornings: redone.mornings,
            region_overruns: overruns_after_adding(
                previous.region_overruns,
                input.program,
                &input.log.sets,
                catalog,
                added,
            ),
        },
        unchanged,
    })
}

/// Runs the engine after each of `exposures`, in their order, from the
/// chain states `start`; the first exposures take the decisions `standing`
/// instead, which were made after them before (and are not among the
/// result's decisions).
fn decide_in_order(
    input: &ReplayInput<'_>,
    exposures: &[(ExposureKey, Exposure)],
    start: BTreeMap<ChainKey, ChainState>,
    standing: &[&SlotDecision],
) -> Result<Replay, InputError> {
    let settings = input.settings;
    let mut mornings = input.log.mornings.clone();
    mornings.sort_by_key(|m| m.date);
    let known = Known {
        input: *input,
        deloads: reactive_deloads(&mornings, settings),
        mornings,
        planned_days: chain_days(input.program, input.catalog),
    };
    let mut histories: BTreeMap<ChainKey, Vec<Exposure>> = BTreeMap::new();
    let mut result = Replay {
        chains: start,
        ..Replay::default()
    };

    let mut standing = standing.iter();
    for (key, exposure) in exposures {
        let (date, slot, exercise_id) = key;
        let Some(exercise) = input.catalog.get(exercise_id) else {
            continue;
        };
        let chain = slot_chain(input.catalog, slot);
        let history = histories.entry(chain.clone()).or_default();
        history.push(exposure.clone());

        let earlier = standing.next();
        let decision = match earlier {
            // Made after this same exposure before (`replay_after_adding`).
            Some(earlier) => earlier.decision.clone(),
            None => {
                let state = result.chains.get(&chain);
                known.decide(key, exposure, exercise, &chain, state, history)?
            }
        };
        let previous_cap = result.chains.get(&chain).and_then(|c| c.sets_cap);
        let sets_cap = match &decision.action {
            Action::Regress {
                change: engine::Change::Sets { to, .. },
            } => Some(*to),
            Action::Progress {
                change: engine::Change::Variant { .. },
            } => None,
            _ => previous_cap,
        };
        let held_back = matches!(
            decision.action,
            Action::Regress { .. } | Action::Stop { .. } | Action::SwapEasier { .. }
        ) || exposure.sharp_pain()
            || PainLight::of_exposure(exposure, settings) != PainLight::Green;
        let taken = SlotDecision {
            date: *date,
            slot: slot.clone(),
            decision,
        };
        if earlier.is_none() {
            result.decisions.push(taken.clone());
        }
        result.chains.insert(
            chain,
            ChainState {
                exercise: taken.decision.exercise.clone(),
                working: taken.decision.working.clone(),
                next: taken.decision.prescription.clone(),
                next_kind: taken.decision.next_kind,
                last_date: *date,
                held_back,
                sets_cap,
                carried: None,
                last: taken,
            },
        );
    }
    result.reactive_deloads = known.deloads;
    result.mornings = known.mornings;
    Ok(result)
}

/// What a replay's decisions may know beside their chain's history, each
/// from its own day on: the mornings (in date order), the reactive deloads
/// they started, and where each chain comes round next in the plan.
struct Known<'a> {
    input: ReplayInput<'a>,
    mornings: Vec<MorningCheck>,
    deloads: Vec<ReactiveDeload>,
    planned_days: Vec<(Date, bool, &'a ExerciseId)>,
}

impl Known<'_> {
    /// The engine's decision after `exposure` (the one `key` names, last of
    /// its chain's `history`), from the chain's state before it and what is
    /// known on its day.
    fn decide(
        &self,
        (date, slot, exercise_id): &ExposureKey,
        exposure: &Exposure,
        exercise: &Exercise,
        chain: &ChainKey,
        state: Option<&ChainState>,
        history: &[Exposure],
    ) -> Result<Decision, InputError> {
        let input = &self.input;
        let (working, started) = working_for(input, state, slot, exposure);
        // The chain's next planned day after this one, on any day kind.
        let next_week_deload = self
            .planned_days
            .iter()
            .find(|(day, _, root)| day > date && **root == chain.0)
            .is_some_and(|(_, deload, _)| *deload);
        // Only what is known on the exposure's day.
        let mornings = &self.mornings[..self.mornings.partition_point(|m| m.date <= *date)];
        let reactive_deload_until = self
            .deloads
            .iter()
            .find(|d| d.covers(*date))
            .map(|d| d.until);
        let screen = screen_on(input.log, *date);

        let mut decision = engine::decide(&SlotInput {
            exercise,
            prescription: &working,
            history,
            next_week_deload,
            morning: mornings,
            reactive_deload_until,
            screen: &screen,
            catalog: input.catalog,
            equipment: input.equipment,
            settings: input.settings,
        })
        .map_err(|e| {
            InputError::new(
                format!("log of {exercise_id} on {date}"),
                format!("{}: {}", e.field, e.message),
            )
        })?;
        if let Some(started) = started {
            decision.reasons.push(started);
        }
        Ok(decision)
    }
}

/// The working prescription the engine judges `exposure` against, and,
/// when the exposure moved to another variant of the chain, how that
/// variant's level was found.
///
/// The chain's working prescription while the same variant continues;
/// carried over by the sibling rule ([`engine::onto_sibling`]) when the
/// exposure was another variant of the chain; the plan's prescription (the
/// baseline's seed) the first time the chain is trained.
fn working_for(
    input: &ReplayInput<'_>,
    state: Option<&ChainState>,
    slot: &SlotKey,
    exposure: &Exposure,
) -> (Prescription, Option<String>) {
    // The plan's prescription, one step under the ceiling when it starts at
    // it (as the session showed it, see `today.rs`).
    let seed = || {
        let planned = planned_prescription(input.program, slot)
            .unwrap_or_else(|| exposure.prescription.clone());
        input
            .catalog
            .get(&exposure.exercise)
            .and_then(|e| engine::under_ceiling(&planned, e, input.settings))
            .unwrap_or(planned)
    };
    let Some(state) = state else {
        return (seed(), None);
    };
    // The chain's level with this slot's dose of sets.
    let planned =
        planned_prescription(input.program, slot).unwrap_or_else(|| exposure.prescription.clone());
    let dose = |p: Prescription| engine::with_dose(&p, &planned, state.dose(planned.sets()));
    if state.exercise == exposure.exercise {
        return (dose(state.working.clone()), None);
    }
    let to = input.catalog.get(&exposure.exercise);
    match (
        to,
        steps_between(input.catalog, &state.exercise, &exposure.exercise),
    ) {
        (Some(to), Some(steps)) => {
            let working = dose(engine::onto_sibling(
                &state.working,
                to,
                steps,
                input.settings,
            ));
            let why = super::chains::started_from(input.catalog, state, to, steps, &working);
            (working, Some(why))
        }
        _ => (seed(), None),
    }
}

/// Groups sets into exposures, in date order (sets keep their logged order).
fn group_exposures<'a>(
    sets: impl Iterator<Item = &'a LoggedSet>,
    session_rpes: &[(Date, Rpe)],
) -> Vec<(ExposureKey, Exposure)> {
    let mut sets: Vec<&LoggedSet> = sets.collect();
    sets.sort_by_key(|s| s.date);
    let mut grouped: Vec<(ExposureKey, Exposure)> = Vec::new();
    // Each exposure's place in `grouped`, by its key's parts (borrowed: the
    // replay groups every set of the plan each time).
    let mut found: BTreeMap<(Date, &SlotKey, &ExerciseId), usize> = BTreeMap::new();
    for logged in sets {
        match found.get(&(logged.date, &logged.slot, &logged.exercise)) {
            Some(&at) => grouped[at].1.sets.push(logged.set.clone()),
            None => {
                let key = (logged.date, logged.slot.clone(), logged.exercise.clone());
                let session_rpe = session_rpes
                    .iter()
                    .find(|(d, _)| *d == logged.date)
                    .map(|(_, rpe)| *rpe);
                found.insert((logged.date, &logged.slot, &logged.exercise), grouped.len());
                grouped.push((
                    key,
                    Exposure {
                        date: logged.date,
                        exercise: logged.exercise.clone(),
                        prescription: logged.prescription.clone(),
                        kind: logged.kind,
                        sets: vec![logged.set.clone()],
                        session_rpe,
                    },
                ));
            }
        }
    }
    grouped
}

/// Every red flag answered on `date`'s pain entries.
fn screen_on(log: &TrainingLog, date: Date) -> Screen {
    let mut flags: Vec<_> = log
        .screens
        .iter()
        .filter(|(d, _)| *d == date)
        .flat_map(|(_, s)| s.flags.iter().copied())
        .collect();
    flags.sort();
    flags.dedup();
    Screen { flags }
}
