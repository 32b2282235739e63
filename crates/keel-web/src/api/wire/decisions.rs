//! The engine's decisions as the API answers them (`GET
//! /api/v1/decisions`): for each slot after each exposure, what the engine
//! decided, the next prescription and why.

use jiff::civil::Date;
use keel_core::engine::{self, DeloadCause, StopCause};
use keel_core::training::SlotDecision;
use serde::Serialize;

use super::sets::{Load, Prescription, Slot};
use super::words;

/// One decision, with the day and slot it was taken for.
#[derive(Debug, Serialize)]
pub struct Decided {
    /// The day of the exposure the decision followed.
    pub date: Date,
    pub slot: Slot,
    pub decision: Decision,
}

#[derive(Debug, Serialize)]
pub struct Decision {
    pub action: Action,
    /// The exercise for the next exposure.
    pub exercise: String,
    /// The next exposure's prescription (a deload or reduced version when
    /// `next_kind` says so).
    pub prescription: Prescription,
    /// How to log the next exposure: `normal`, `deload` or `reduced`.
    pub next_kind: &'static str,
    /// The working prescription the progression continues from.
    pub working: Prescription,
    /// Plain-language reasons, first the main one; never empty.
    pub reasons: Vec<String>,
    /// Technique cues to show, after faults, sharp pain or a regression.
    pub cues: Vec<String>,
}

/// What the engine did, by `kind`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Action {
    Progress {
        change: Change,
    },
    Repeat,
    Regress {
        change: Change,
    },
    SwapEasier {
        from: String,
        to: String,
    },
    RotateVariant {
        from: String,
        to: String,
    },
    /// `scheduled`, `stagnation` or `soreness`.
    Deload {
        cause: &'static str,
    },
    Stop {
        cause: Stop,
    },
    /// The warning signs answered yes.
    Halt {
        flags: Vec<&'static str>,
    },
}

/// Why an exercise stopped.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Stop {
    SharpPain,
    RedPain { pain: u8 },
}

/// What a progression or regression changed, by `kind`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Change {
    Seconds {
        from: u16,
        to: u16,
    },
    Load {
        from: Load,
        to: Load,
    },
    Metres {
        from: u16,
        to: u16,
    },
    /// A rep range, `[min, max]`.
    Reps {
        from: (u8, u8),
        to: (u8, u8),
    },
    Sets {
        from: u8,
        to: u8,
    },
    /// A pyramid's holds per set.
    Holds {
        from: Vec<u8>,
        to: Vec<u8>,
    },
    Variant {
        from: String,
        to: String,
    },
}

impl From<SlotDecision> for Decided {
    fn from(d: SlotDecision) -> Decided {
        let decision = d.decision;
        Decided {
            date: d.date,
            slot: d.slot.into(),
            decision: Decision {
                action: decision.action.into(),
                exercise: decision.exercise.0,
                prescription: (&decision.prescription).into(),
                next_kind: words::exposure(decision.next_kind),
                working: (&decision.working).into(),
                reasons: decision.reasons,
                cues: decision.cues,
            },
        }
    }
}

impl From<engine::Action> for Action {
    fn from(action: engine::Action) -> Action {
        use engine::Action as A;
        match action {
            A::Progress { change } => Action::Progress {
                change: change.into(),
            },
            A::Repeat => Action::Repeat,
            A::Regress { change } => Action::Regress {
                change: change.into(),
            },
            A::SwapEasier { from, to } => Action::SwapEasier {
                from: from.0,
                to: to.0,
            },
            A::RotateVariant { from, to } => Action::RotateVariant {
                from: from.0,
                to: to.0,
            },
            A::Deload { cause } => Action::Deload {
                cause: match cause {
                    DeloadCause::Scheduled => "scheduled",
                    DeloadCause::Stagnation => "stagnation",
                    DeloadCause::Soreness => "soreness",
                },
            },
            A::Stop { cause } => Action::Stop {
                cause: match cause {
                    StopCause::SharpPain => Stop::SharpPain,
                    StopCause::RedPain { pain } => Stop::RedPain { pain: pain.get() },
                },
            },
            A::Halt { flags } => Action::Halt {
                flags: flags.iter().map(|f| f.slug()).collect(),
            },
        }
    }
}

impl From<engine::Change> for Change {
    fn from(change: engine::Change) -> Change {
        use engine::Change as C;
        match change {
            C::Seconds { from, to } => Change::Seconds {
                from: from.get(),
                to: to.get(),
            },
            C::Load { from, to } => Change::Load {
                from: from.into(),
                to: to.into(),
            },
            C::Metres { from, to } => Change::Metres { from, to },
            C::Reps { from, to } => Change::Reps { from, to },
            C::Sets { from, to } => Change::Sets { from, to },
            C::Holds { from, to } => Change::Holds { from, to },
            C::Variant { from, to } => Change::Variant {
                from: from.0,
                to: to.0,
            },
        }
    }
}
