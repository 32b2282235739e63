//! A day's session as the API answers it (`GET /api/v1/today`, the
//! session a check-in adjusts, a coach's view of an athlete's day).

use jiff::civil::Date;
use keel_core::program;
use keel_core::training::{PlannedSession, SessionSlot};
use serde::Serialize;

use super::sets::{Prescription, Slot};
use super::words;

/// The session to do on a day.
#[derive(Debug, Serialize)]
pub struct Session {
    pub date: Date,
    pub week: u16,
    pub weeks: u16,
    pub phase: &'static str,
    /// The planned kind of day (`a`, `b`, `light`); `light_instead` says
    /// when readiness swapped it.
    pub day: &'static str,
    pub deload: bool,
    pub light_instead: bool,
    pub warmup: Vec<Drill>,
    pub slots: Vec<Exercise>,
    pub transfer: Option<Exercise>,
    pub cooldown: Vec<Drill>,
    pub breathing_cue: String,
    pub estimated_minutes: u16,
    /// Readiness adjustments applied today, with reasons.
    pub adjustments: Vec<String>,
    /// On a day without training: the missed day this session makes up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub makes_up: Option<Date>,
}

/// One exercise of the session.
#[derive(Debug, Serialize)]
pub struct Exercise {
    pub key: Slot,
    pub exercise: String,
    pub prescription: Prescription,
    /// `normal`, `deload` or `reduced`.
    pub kind: &'static str,
    pub rest_seconds: u16,
    pub between_sets: Option<String>,
    /// The program's note (why the slot exists).
    pub note: Option<String>,
    /// Why this changed since the program: the last decision's reasons.
    pub why: Vec<String>,
    /// Technique cues to revisit after faults or pain.
    pub revisit_cues: Vec<String>,
}

/// A warm-up or cool-down drill.
#[derive(Debug, Serialize)]
pub struct Drill {
    pub exercise: String,
    pub prescription: Prescription,
}

impl From<PlannedSession> for Session {
    fn from(s: PlannedSession) -> Session {
        Session {
            date: s.date,
            week: s.week,
            weeks: s.weeks,
            phase: words::phase(s.phase),
            day: words::day(s.day),
            deload: s.deload,
            light_instead: s.light_instead,
            warmup: s.warmup.into_iter().map(Drill::from).collect(),
            slots: s.slots.into_iter().map(Exercise::from).collect(),
            transfer: s.transfer.map(Exercise::from),
            cooldown: s.cooldown.into_iter().map(Drill::from).collect(),
            breathing_cue: s.breathing_cue,
            estimated_minutes: s.estimated_minutes,
            adjustments: s.adjustments,
            makes_up: s.makes_up,
        }
    }
}

impl From<SessionSlot> for Exercise {
    fn from(slot: SessionSlot) -> Exercise {
        Exercise {
            key: slot.key.into(),
            exercise: slot.exercise.0,
            prescription: (&slot.prescription).into(),
            kind: words::exposure(slot.kind),
            rest_seconds: slot.rest_seconds,
            between_sets: slot.between_sets.map(|e| e.0),
            note: slot.note,
            why: slot.why,
            revisit_cues: slot.revisit_cues,
        }
    }
}

impl From<program::Drill> for Drill {
    fn from(drill: program::Drill) -> Drill {
        Drill {
            exercise: drill.exercise.0,
            prescription: (&drill.prescription).into(),
        }
    }
}
