//! Replays the log through the engine, slot by slot, in date order.

use std::borrow::Cow;
use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use super::plan_slots::{next_occurrence, planned_prescription};
use super::{LoggedSet, SlotDecision, SlotKey, TrainingLog};
use crate::catalog::{Catalog, Equipment, ExerciseId};
use crate::engine::{self, EngineSettings, Exposure, ExposureKind, MorningCheck, SlotInput};
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
    pub equipment: &'a [Equipment],
    pub settings: &'a EngineSettings,
}

/// Where a slot stands after the replay.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SlotState {
    /// The exercise for the next exposure.
    pub exercise: ExerciseId,
    /// The working prescription the engine progresses from.
    pub working: Prescription,
    /// The next exposure's prescription (deload or reduced when `next_kind` says so).
    pub next: Prescription,
    pub next_kind: ExposureKind,
    /// The decision that set this state.
    pub last: SlotDecision,
}

/// The replay's result: each logged slot's state, and every decision in order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Replay {
    pub slots: BTreeMap<SlotKey, SlotState>,
    pub decisions: Vec<SlotDecision>,
}

impl Replay {
    /// Decisions about slots where `exercise` was done or is next, oldest first.
    pub fn decisions_for<'a>(
        &'a self,
        exercise: &'a ExerciseId,
    ) -> impl Iterator<Item = &'a SlotDecision> + 'a {
        self.decisions.iter().filter(move |d| {
            &d.slot.planned == exercise
                || &d.decision.exercise == exercise
                || self
                    .decisions
                    .iter()
                    .any(|other| other.slot == d.slot && &other.decision.exercise == exercise)
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
    decide_in_order(input, &exposures)
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
/// A slot's decisions depend only on that slot's exposures (and on the
/// program, mornings and screens, which one more set does not change), so
/// only `added`'s slot is decided again, and its decisions take the places
/// of the old ones; the rest are moved over, not copied. A set dated
/// before others would change the order of exposures, so then (and should
/// the slot's decisions not line up) the whole log is replayed.
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
    let slot = &added.slot;
    let of_slot = input.log.sets.iter().filter(|s| &s.slot == slot);
    let redone = decide_in_order(input, &group_exposures(of_slot, &input.log.session_rpe))?;
    // The slot's decisions again, and at most one more: the added set's
    // own exposure, when it started one.
    let before = previous
        .decisions
        .iter()
        .filter(|d| &d.slot == slot)
        .count();
    let again = redone.decisions.len();
    if again != before && again != before + 1 {
        return whole(previous);
    }
    let mut fresh = redone.decisions.into_iter();
    let mut first_changed = None;
    let mut decisions = Vec::with_capacity(previous.decisions.len() + 1);
    for old in previous.decisions {
        // The counts above line up, so the slot's decisions never run out.
        let new = if &old.slot == slot {
            fresh.next()
        } else {
            None
        };
        let decision = match new {
            Some(new) => {
                if first_changed.is_none() && new != old {
                    first_changed = Some(decisions.len());
                }
                new
            }
            None => old,
        };
        decisions.push(decision);
    }
    if let Some(last) = fresh.next() {
        first_changed.get_or_insert(decisions.len());
        decisions.push(last);
    }
    let unchanged = first_changed.unwrap_or(decisions.len());
    let mut slots = previous.slots;
    match redone.slots.get(slot) {
        Some(state) => slots.insert(slot.clone(), state.clone()),
        None => slots.remove(slot),
    };
    Ok(ReplayAfterAdding {
        replay: Replay { slots, decisions },
        unchanged,
    })
}

/// Runs the engine after each of `exposures`, in their order.
fn decide_in_order(
    input: &ReplayInput<'_>,
    exposures: &[(ExposureKey, Exposure)],
) -> Result<Replay, InputError> {
    let known_until = next_of_same_slot(exposures);
    let mornings = Mornings::of(&input.log.mornings);
    let mut histories: BTreeMap<SlotKey, Vec<Exposure>> = BTreeMap::new();
    let mut result = Replay::default();

    for (index, ((date, slot, exercise_id), exposure)) in exposures.iter().enumerate() {
        let Some(exercise) = input.catalog.get(exercise_id) else {
            continue;
        };
        let history = histories.entry(slot.clone()).or_default();
        history.push(exposure.clone());

        // The engine progresses from the slot's working prescription while
        // the same exercise continues; otherwise from what the plan gave.
        let working = match result.slots.get(slot) {
            Some(state) if &state.exercise == exercise_id => state.working.clone(),
            _ => planned_prescription(input.program, slot)
                .unwrap_or_else(|| exposure.prescription.clone()),
        };
        let next = next_occurrence(input.program, slot, *date);
        let next_week_deload = next.is_some_and(|(deload, _)| deload);
        // Morning check-ins known by the slot's next logged exposure.
        let mornings = mornings.until(known_until[index]);
        let screen = screen_on(input.log, *date);

        let decision = engine::decide(&SlotInput {
            exercise,
            prescription: &working,
            history,
            next_week_deload,
            morning: &mornings,
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

        let taken = SlotDecision {
            date: *date,
            slot: slot.clone(),
            decision,
        };
        result.slots.insert(
            slot.clone(),
            SlotState {
                exercise: taken.decision.exercise.clone(),
                working: taken.decision.working.clone(),
                next: taken.decision.prescription.clone(),
                next_kind: taken.decision.next_kind,
                last: taken.clone(),
            },
        );
        result.decisions.push(taken);
    }
    Ok(result)
}

/// For each exposure, the date of the same slot's next exposure, if any.
fn next_of_same_slot(exposures: &[(ExposureKey, Exposure)]) -> Vec<Option<Date>> {
    let mut next: BTreeMap<&SlotKey, Date> = BTreeMap::new();
    let mut until = vec![None; exposures.len()];
    for (index, ((date, slot, _), _)) in exposures.iter().enumerate().rev() {
        until[index] = next.insert(slot, *date);
    }
    until
}

/// The morning check-ins, to take those up to a date from (for every
/// exposure of the replay, so without copying them when they are in date
/// order, as the journal gives them).
enum Mornings<'a> {
    InDateOrder(&'a [MorningCheck]),
    Unordered(&'a [MorningCheck]),
}

impl<'a> Mornings<'a> {
    fn of(mornings: &'a [MorningCheck]) -> Mornings<'a> {
        if mornings.is_sorted_by_key(|m| m.date) {
            Mornings::InDateOrder(mornings)
        } else {
            Mornings::Unordered(mornings)
        }
    }

    /// Those dated on or before `until` (all of them for `None`), in order.
    fn until(&self, until: Option<Date>) -> Cow<'a, [MorningCheck]> {
        let known = |m: &MorningCheck| until.is_none_or(|until| m.date <= until);
        match *self {
            Mornings::InDateOrder(all) => Cow::Borrowed(&all[..all.partition_point(known)]),
            Mornings::Unordered(all) => {
                Cow::Owned(all.iter().filter(|m| known(m)).cloned().collect())
            }
        }
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use jiff::civil::date;

    use super::*;
    use crate::measure::Pain;

    fn morning(day: i8, soreness: i64) -> MorningCheck {
        MorningCheck {
            date: date(2026, 3, day),
            pain_back_to_usual: true,
            stiffness_back_to_usual: true,
            soreness: Pain::new(soreness).unwrap(),
        }
    }

    /// Taking the mornings up to a date keeps exactly those a filter keeps,
    /// in their order, whether or not they come in date order.
    #[test]
    fn mornings_until_a_date_are_those_a_filter_keeps() {
        let in_order = vec![morning(2, 1), morning(3, 2), morning(3, 4), morning(6, 0)];
        let shuffled = vec![morning(6, 0), morning(2, 1), morning(3, 4), morning(3, 2)];
        for all in [in_order, shuffled] {
            let mornings = Mornings::of(&all);
            for until in [
                None,
                Some(date(2026, 3, 1)),
                Some(date(2026, 3, 3)),
                Some(date(2026, 3, 9)),
            ] {
                let filtered: Vec<MorningCheck> = all
                    .iter()
                    .filter(|m| until.is_none_or(|u| m.date <= u))
                    .cloned()
                    .collect();
                assert_eq!(
                    mornings.until(until).as_ref(),
                    filtered.as_slice(),
                    "{until:?}"
                );
            }
        }
    }
}
