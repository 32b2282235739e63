//! Replays the log through the engine, slot by slot, in date order.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use super::plan_slots::{next_occurrence, planned_prescription};
use super::{LoggedSet, SlotDecision, SlotKey, TrainingLog};
use crate::catalog::{Catalog, Equipment, ExerciseId};
use crate::engine::{self, EngineSettings, Exposure, ExposureKind, SlotInput};
use crate::error::InputError;
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
    let exposures = group_exposures(input.log);
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
        let known_until = exposures
            .iter()
            .skip(index + 1)
            .find(|((_, s, _), _)| s == slot)
            .map(|((d, _, _), _)| *d);
        let mornings: Vec<_> = input
            .log
            .mornings
            .iter()
            .filter(|m| known_until.is_none_or(|until| m.date <= until))
            .cloned()
            .collect();
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

/// Groups sets into exposures, in date order (sets keep their logged order).
fn group_exposures(log: &TrainingLog) -> Vec<(ExposureKey, Exposure)> {
    let mut sets: Vec<&LoggedSet> = log.sets.iter().collect();
    sets.sort_by_key(|s| s.date);
    let mut grouped: Vec<(ExposureKey, Exposure)> = Vec::new();
    for logged in sets {
        let key = (logged.date, logged.slot.clone(), logged.exercise.clone());
        match grouped.iter_mut().find(|(k, _)| *k == key) {
            Some((_, exposure)) => exposure.sets.push(logged.set.clone()),
            None => {
                let session_rpe = log
                    .session_rpe
                    .iter()
                    .find(|(d, _)| *d == logged.date)
                    .map(|(_, rpe)| *rpe);
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
