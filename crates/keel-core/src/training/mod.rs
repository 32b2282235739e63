//! The training loop: replays what was logged through the engine against
//! the program, giving one training state per progression chain (the
//! variant and working level every day kind and block of that movement
//! reads), every decision with its reasons, and the session to do on a
//! given day (docs/method.md §5.6).
//!
//! Decisions are derived data: the same program and log always replay to
//! the same decisions, so correcting or deleting a log simply replays. A
//! decision dated D reads only what is dated on or before D, so appending
//! to the log never changes it.

mod chains;
mod makeup;
mod plan_slots;
mod region_cap;
mod replay;
mod today;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::catalog::ExerciseId;
use crate::engine::{Decision, ExposureKind, MorningCheck, ReadinessCheck, SetLog};
use crate::measure::Rpe;
use crate::program::{DayKind, Prescription};
use crate::redflag::Screen;

pub use chains::{
    ChainKey, Placement, carried_chains, chain_key, place, slot_chain, steps_between,
};
pub use makeup::{makeup_session, missed_day};
pub use plan_slots::{block_of, day_slots};
pub use region_cap::{MIN_LOGGED_PERCENT, RegionOverrun, TRIM_MIN_WEIGHT, region_overruns};
pub use replay::{ChainState, Replay, ReplayAfterAdding, ReplayInput, replay, replay_after_adding};
pub use today::{PlannedSession, SessionSlot, session_for, session_with};

/// Identifies a slot of the program: the exercise the plan put on this kind
/// of day in this block. Every exposure of that slot (also after a swap to
/// an easier variant) carries the same key; the training state itself is
/// kept per chain of the planned exercise ([`slot_chain`]), not per slot.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SlotKey {
    /// 1-based block number in the program.
    pub block: u8,
    pub day: DayKind,
    /// The exercise the program planned for this slot.
    pub planned: ExerciseId,
}

/// One logged set, with where it belongs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoggedSet {
    pub date: Date,
    pub slot: SlotKey,
    /// The exercise actually done (differs from `slot.planned` after a swap).
    pub exercise: ExerciseId,
    /// What was prescribed that day.
    pub prescription: Prescription,
    pub kind: ExposureKind,
    pub set: SetLog,
}

/// Everything the athlete logged that the loop reads, oldest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrainingLog {
    pub sets: Vec<LoggedSet>,
    /// Session RPE by date.
    pub session_rpe: Vec<(Date, Rpe)>,
    pub readiness: Vec<(Date, ReadinessCheck)>,
    pub mornings: Vec<MorningCheck>,
    /// Red-flag screens answered with pain entries, by date.
    pub screens: Vec<(Date, Screen)>,
    /// The chain states earlier plan versions left ([`carried_chains`]):
    /// this version's replay starts from them, so a new plan version keeps
    /// the levels earned (docs/method.md §5.6). Empty for the first version.
    pub carried: std::collections::BTreeMap<ChainKey, ChainState>,
}

/// A decision with the day and slot it was taken for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlotDecision {
    /// The day of the exposure the decision followed.
    pub date: Date,
    pub slot: SlotKey,
    pub decision: Decision,
}
