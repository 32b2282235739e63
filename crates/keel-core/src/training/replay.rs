//! Replays the log through the engine, slot by slot, in date order.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{SlotDecision, SlotKey, TrainingLog};
use crate::catalog::{Catalog, Equipment, ExerciseId};
use crate::engine::{EngineSettings, ExposureKind};
use crate::error::InputError;
use crate::program::{Prescription, Program};

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

pub fn replay(_input: &ReplayInput<'_>) -> Result<Replay, InputError> {
    Ok(Replay::default())
}
