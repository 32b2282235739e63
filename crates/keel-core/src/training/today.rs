//! The session for a day: the program's session with each slot's current
//! exercise and prescription from the replay, and the day's adjustments.

use jiff::civil::Date;
use serde::Serialize;

use super::{Replay, SlotKey};
use crate::catalog::ExerciseId;
use crate::engine::{EngineSettings, ExposureKind, MorningCheck, ReadinessCheck};
use crate::program::{DayKind, Drill, Phase, Prescription, Program};

/// One exercise of the day's session, ready to do and to log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionSlot {
    pub key: SlotKey,
    pub exercise: ExerciseId,
    pub prescription: Prescription,
    /// How to log it (normal, deload, reduced).
    pub kind: ExposureKind,
    pub rest_seconds: u16,
    pub between_sets: Option<ExerciseId>,
    /// The program's note (why the slot exists).
    pub note: Option<String>,
    /// Why this changed since the program: the last decision's reasons.
    pub why: Vec<String>,
    /// Technique cues to revisit after faults or pain.
    pub revisit_cues: Vec<String>,
}

/// The day's session as it should be done.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedSession {
    pub date: Date,
    pub week: u16,
    pub weeks: u16,
    pub phase: Phase,
    pub day: DayKind,
    pub deload: bool,
    pub warmup: Vec<Drill>,
    pub slots: Vec<SessionSlot>,
    pub transfer: Option<SessionSlot>,
    pub cooldown: Vec<Drill>,
    pub breathing_cue: String,
    pub estimated_minutes: u16,
    /// Readiness and next-morning adjustments applied today, with reasons.
    pub adjustments: Vec<String>,
}

/// The session planned for `date`, adjusted by the replay and today's
/// check-ins; `None` when the program has no session that day.
pub fn session_for(
    _program: &Program,
    _replay: &Replay,
    _date: Date,
    _readiness: Option<&ReadinessCheck>,
    _mornings: &[MorningCheck],
    _settings: &EngineSettings,
) -> Option<PlannedSession> {
    None
}
