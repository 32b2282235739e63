//! What the engine decides for a slot, stored as JSON with its reasons.

use serde::{Deserialize, Serialize};

use super::log::ExposureKind;
use crate::catalog::ExerciseId;
use crate::measure::{Pain, Seconds};
use crate::program::{Load, Prescription};
use crate::redflag::RedFlag;

/// The one variable a progression raises or a regression lowers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Change {
    /// Hold or timed-carry seconds.
    Seconds {
        from: Seconds,
        to: Seconds,
    },
    Load {
        from: Load,
        to: Load,
    },
    Metres {
        from: u16,
        to: u16,
    },
    /// The rep range, for exercises with no load to lower.
    Reps {
        from: (u8, u8),
        to: (u8, u8),
    },
    Sets {
        from: u8,
        to: u8,
    },
    /// The holds of each set of a pyramid (5-3-1 -> 6-4-2).
    Holds {
        from: Vec<u8>,
        to: Vec<u8>,
    },
    /// The harder variant at the ceiling; the hold or distance resets.
    Variant {
        from: ExerciseId,
        to: ExerciseId,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum StopCause {
    /// Sharp pain: stopped at once; regress and revisit technique.
    SharpPain,
    /// Pain in the red during the exercise.
    RedPain { pain: Pain },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeloadCause {
    /// The next exposure falls in the block's deload week.
    Scheduled,
    /// No progress over the stagnation window and no variant to rotate to.
    Stagnation,
    /// Next-morning soreness lasting beyond 48-72 h or rising week to week.
    Soreness,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
        from: ExerciseId,
        to: ExerciseId,
    },
    /// Stagnation: a same-pattern, same-level variant.
    RotateVariant {
        from: ExerciseId,
        to: ExerciseId,
    },
    Deload {
        cause: DeloadCause,
    },
    /// The exercise was stopped for pain; the next prescription is regressed.
    Stop {
        cause: StopCause,
    },
    /// A red flag: the program stops until an explicit, recorded decision resumes it.
    Halt {
        flags: Vec<RedFlag>,
    },
}

impl Action {
    pub fn label(&self) -> &'static str {
        match self {
            Action::Progress { .. } => "progress",
            Action::Repeat => "repeat",
            Action::Regress { .. } => "regress",
            Action::SwapEasier { .. } => "swap-easier",
            Action::RotateVariant { .. } => "rotate-variant",
            Action::Deload { .. } => "deload",
            Action::Stop { .. } => "stop",
            Action::Halt { .. } => "halt",
        }
    }
}

/// The engine's answer for one slot after an exposure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub action: Action,
    /// The exercise for the next exposure.
    pub exercise: ExerciseId,
    /// The next exposure's prescription (a deload or reduced version when `next_kind` says so).
    pub prescription: Prescription,
    /// How to log the next exposure.
    pub next_kind: ExposureKind,
    /// The working prescription: pass it back as the slot's prescription next time.
    pub working: Prescription,
    /// Plain-language reasons, first the main one; never empty.
    pub reasons: Vec<String>,
    /// Technique cues to show, after faults, sharp pain or a regression.
    pub cues: Vec<String>,
}
