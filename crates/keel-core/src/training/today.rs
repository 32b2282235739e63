//! The session for a day: the program's session with each slot's current
//! exercise and prescription from the replay, and the day's readiness
//! adjustment applied.

use jiff::civil::Date;
use serde::Serialize;

use super::plan_slots::{block_of, day_slots};
use super::{Replay, SlotKey};
use crate::catalog::ExerciseId;
use crate::engine::{
    self, EngineSettings, ExposureKind, ReadinessCheck, SessionAdjustment, readiness_adjustment,
};
use crate::program::{DayKind, Drill, Phase, Prescription, Program, Slot};

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
    /// The planned kind of day; `light_instead` says when readiness swapped it.
    pub day: DayKind,
    pub deload: bool,
    pub light_instead: bool,
    pub warmup: Vec<Drill>,
    pub slots: Vec<SessionSlot>,
    pub transfer: Option<SessionSlot>,
    pub cooldown: Vec<Drill>,
    pub breathing_cue: String,
    pub estimated_minutes: u16,
    /// Readiness adjustments applied today, with reasons.
    pub adjustments: Vec<String>,
    /// When this is a missed session made up on `date`: the planned day it
    /// was missed on (its week, phase and day kind are that day's; see
    /// `makeup.rs`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub makes_up: Option<Date>,
}

/// The session planned for `date`, adjusted by the replay and the day's
/// readiness check; `None` when the program has no session that day.
pub fn session_for(
    program: &Program,
    replay: &Replay,
    date: Date,
    readiness: Option<&ReadinessCheck>,
    settings: &EngineSettings,
) -> Option<PlannedSession> {
    let (week, day) = program.day(date)?;
    let session = day.session.as_ref()?;
    let transfer_key = session.transfer.as_ref().map(|t| &t.exercise);
    let mut slots = Vec::new();
    let mut transfer = None;
    for (key, slot) in day_slots(program, week, day) {
        let current = current_slot(replay, key, slot, week.deload, settings);
        if transfer.is_none() && Some(&slot.exercise) == transfer_key {
            transfer = Some(current);
        } else {
            slots.push(current);
        }
    }
    let mut planned = PlannedSession {
        date,
        week: week.number,
        weeks: u16::try_from(program.weeks.len()).unwrap_or(u16::MAX),
        phase: week.phase,
        day: day.kind,
        deload: week.deload,
        light_instead: false,
        warmup: session.warmup.clone(),
        slots,
        transfer,
        cooldown: session.cooldown.clone(),
        breathing_cue: session.breathing_cue.clone(),
        estimated_minutes: session.estimated_minutes,
        adjustments: Vec::new(),
        makes_up: None,
    };
    if day.kind.is_training()
        && let Some(check) = readiness
    {
        apply_readiness(&mut planned, program, check, settings);
    }
    Some(planned)
}

/// The slot as the replay left it, or as planned when never logged.
fn current_slot(
    replay: &Replay,
    key: SlotKey,
    slot: &Slot,
    deload_week: bool,
    settings: &EngineSettings,
) -> SessionSlot {
    let planned_kind = if deload_week {
        ExposureKind::Deload
    } else {
        ExposureKind::Normal
    };
    let Some(state) = replay.slots.get(&key) else {
        return plain_slot(key, slot, planned_kind);
    };
    // A scheduled deload week always deloads from the working prescription,
    // whatever the last decision expected.
    let (prescription, kind) = if deload_week {
        (
            engine::deload_prescription(&state.working, settings),
            ExposureKind::Deload,
        )
    } else {
        (state.next.clone(), state.next_kind)
    };
    SessionSlot {
        exercise: state.exercise.clone(),
        prescription,
        kind,
        // A session is shown only while the program runs, so a halt here
        // was lifted by a resume: nothing of it is said any more.
        why: match state.last.decision.action {
            engine::Action::Halt { .. } => Vec::new(),
            _ => state.last.decision.reasons.clone(),
        },
        revisit_cues: state.last.decision.cues.clone(),
        ..plain_slot(key, slot, kind)
    }
}

/// The slot exactly as the program planned it.
fn plain_slot(key: SlotKey, slot: &Slot, kind: ExposureKind) -> SessionSlot {
    SessionSlot {
        key,
        exercise: slot.exercise.clone(),
        prescription: slot.prescription.clone(),
        kind,
        rest_seconds: slot.rest_seconds,
        between_sets: slot.between_sets.clone(),
        note: slot.note.clone(),
        why: Vec::new(),
        revisit_cues: Vec::new(),
    }
}

fn apply_readiness(
    planned: &mut PlannedSession,
    program: &Program,
    check: &ReadinessCheck,
    settings: &EngineSettings,
) {
    let adjustment = readiness_adjustment(check, settings);
    match adjustment.adjustment {
        SessionAdjustment::Proceed => {}
        SessionAdjustment::CutVolume { percent } => {
            for slot in planned.slots.iter_mut().chain(planned.transfer.iter_mut()) {
                slot.prescription = engine::cut_volume(&slot.prescription, percent, settings);
                if slot.kind == ExposureKind::Normal {
                    slot.kind = ExposureKind::Reduced;
                }
            }
        }
        SessionAdjustment::LightSession => {
            // The program's light session when it has one; otherwise the
            // day's own mobility work without the main block.
            let light = program
                .weeks
                .iter()
                .flat_map(|w| &w.days)
                .filter(|d| d.kind == DayKind::Light)
                .find_map(|d| d.session.as_ref());
            planned.slots.clear();
            planned.transfer = None;
            if let Some(light) = light {
                planned.warmup = light.warmup.clone();
                planned.cooldown = light.cooldown.clone();
                planned.estimated_minutes = light.estimated_minutes;
                let block = block_of(program, planned.week);
                planned.slots = light
                    .main
                    .iter()
                    .map(|slot| {
                        let key = SlotKey {
                            block,
                            day: DayKind::Light,
                            planned: slot.exercise.clone(),
                        };
                        let mut light_slot = plain_slot(key, slot, ExposureKind::Reduced);
                        light_slot.why = vec!["Light session instead of the planned one.".into()];
                        light_slot
                    })
                    .collect();
            }
            planned.light_instead = true;
        }
    }
    planned.adjustments.extend(adjustment.reasons);
}
