//! The phased program (docs/method.md §4): blocks of training weeks each
//! ending in a deload week, A/B days alternating focus, light days, rotation
//! between floor, elevated and dynamic variants, and region-volume caps.
//!
//! [`generate`] is pure: profile, tailoring, settings and a start date in,
//! a [`Program`] out. The same inputs always give the same program.

mod calendar;
mod generate;
mod load_input;
mod prescribe;
mod reached;
mod rules;
mod select;
mod session;
#[cfg(test)]
mod testkit;
pub mod volume;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::catalog::{ExerciseId, Region, Tempo};
use crate::measure::{Rpe, Seconds};
use crate::settings::PlanSettings;

pub use generate::{GenerateInput, generate, generate_with};
pub use load_input::MAX_LOAD_KG;
pub(crate) use prescribe::set_sets;
pub use reached::Reached;

/// The four phases of a cycle, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    Foundation,
    AntiFlexionEndurance,
    StrengthEndurance,
    PowerTransfer,
}

impl Phase {
    pub const ALL: [Phase; 4] = [
        Phase::Foundation,
        Phase::AntiFlexionEndurance,
        Phase::StrengthEndurance,
        Phase::PowerTransfer,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Phase::Foundation => "Foundation",
            Phase::AntiFlexionEndurance => "Anti-flexion endurance",
            Phase::StrengthEndurance => "Posterior-chain strength-endurance",
            Phase::PowerTransfer => "Power endurance and transfer",
        }
    }
}

/// What a day is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DayKind {
    /// Isometric anti-flexion focus, plus light posterior chain.
    A,
    /// Posterior-chain focus, plus short holds.
    B,
    /// Optional 10-15 minute activation or mobility session.
    Light,
    Rest,
}

impl DayKind {
    pub fn label(self) -> &'static str {
        match self {
            DayKind::A => "A: anti-flexion holds",
            DayKind::B => "B: posterior chain",
            DayKind::Light => "Light: activation and mobility (optional)",
            DayKind::Rest => "Rest",
        }
    }

    pub fn is_training(self) -> bool {
        matches!(self, DayKind::A | DayKind::B)
    }
}

/// Load for a rep or carry prescription.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Load {
    /// No external load.
    Bodyweight,
    /// First exposure: choose a load that leaves the target RPE; the engine learns it from the log.
    ChooseForRpe,
    /// A known load in kilograms (stored in kg, shown in the user's unit).
    Kg { kg: f32 },
}

impl Load {
    pub fn is_external(self) -> bool {
        !matches!(self, Load::Bodyweight)
    }
}

/// How much of an exercise to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Prescription {
    /// Sets x seconds, per side where the exercise is unilateral.
    Hold {
        sets: u8,
        seconds: Seconds,
        per_side: bool,
        /// Extra sets on the weaker side, from the assessment.
        extra_sets_on: Option<crate::assessment::Side>,
        load: Load,
        /// McGill's descending pyramid (docs/method.md §4.1): how many holds
        /// of `seconds` each set holds, e.g. `[5, 3, 1]`, with a brief
        /// relaxation between holds. Empty: one hold per set. When set,
        /// `sets` is its length.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pyramid: Vec<u8>,
    },
    /// Sets x reps (a range, for double progression) at a tempo, load and RPE.
    Reps {
        sets: u8,
        reps_min: u8,
        reps_max: u8,
        per_side: bool,
        tempo: Option<Tempo>,
        load: Load,
        target_rpe: Rpe,
    },
    /// Carries: distance in metres or time in seconds, with a load.
    Carry {
        sets: u8,
        metres: Option<u16>,
        seconds: Option<Seconds>,
        load: Load,
        target_rpe: Rpe,
    },
    /// A mobility or activation drill: reps or seconds, unloaded.
    Drill {
        sets: u8,
        reps: Option<u8>,
        seconds: Option<Seconds>,
        per_side: bool,
    },
}

/// The most holds a pyramid's first set grows to. Past it the pyramid is
/// kept until a later phase lengthens the hold (docs/method.md §4.1):
/// McGill builds endurance with more short holds, not longer ones.
pub const PYRAMID_MOST_HOLDS: u8 = 8;

/// A pyramid one hold longer in every set (5-3-1 becomes 6-4-2), or `None`
/// once its first set holds [`PYRAMID_MOST_HOLDS`].
pub(crate) fn grown_pyramid(pyramid: &[u8]) -> Option<Vec<u8>> {
    let first = pyramid.first().copied()?;
    (first < PYRAMID_MOST_HOLDS).then(|| pyramid.iter().map(|h| h.saturating_add(1)).collect())
}

/// A pyramid with `keep` percent of each set's holds (at least one): a
/// pyramid's deload or cut keeps its sets and its short holds.
pub(crate) fn cut_pyramid(pyramid: &mut [u8], keep: u16) {
    for holds in pyramid.iter_mut() {
        let kept = (u16::from(*holds) * keep + 50) / 100;
        *holds = u8::try_from(kept)
            .unwrap_or(*holds)
            .clamp(1, (*holds).max(1));
    }
}

/// One rule for every cut rep range (deloads, reduced sessions, the volume
/// balance): a range is kept only while it spans at least three numbers
/// (8-10); a narrower one (8-9, 7-7) becomes a single target, its top.
pub(crate) fn sensible_range(reps_min: u8, reps_max: u8) -> (u8, u8) {
    let min = reps_min.min(reps_max);
    if reps_max.saturating_sub(min) < 2 {
        (reps_max, reps_max)
    } else {
        (min, reps_max)
    }
}

impl Prescription {
    pub fn sets(&self) -> u8 {
        match self {
            Prescription::Hold { sets, .. }
            | Prescription::Reps { sets, .. }
            | Prescription::Carry { sets, .. }
            | Prescription::Drill { sets, .. } => *sets,
        }
    }

    /// The holds of each set of a pyramid hold, or `None` for any other prescription.
    pub fn pyramid(&self) -> Option<&[u8]> {
        match self {
            Prescription::Hold { pyramid, .. } if !pyramid.is_empty() => Some(pyramid),
            _ => None,
        }
    }

    pub fn load(&self) -> Load {
        match self {
            Prescription::Hold { load, .. }
            | Prescription::Reps { load, .. }
            | Prescription::Carry { load, .. } => *load,
            Prescription::Drill { .. } => Load::Bodyweight,
        }
    }
}

/// One exercise in a session's main block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Slot {
    pub exercise: ExerciseId,
    pub prescription: Prescription,
    /// Rest between sets, seconds.
    pub rest_seconds: u16,
    /// Gentle mobility drill done during the rest.
    pub between_sets: Option<ExerciseId>,
    /// Why this slot is here, when the assessment put it there (e.g. "extra volume on the weaker left side").
    pub note: Option<String>,
}

/// A warm-up or cool-down item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Drill {
    pub exercise: ExerciseId,
    pub prescription: Prescription,
}

/// One day's session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// Mobility warm-up, favouring the assessment's weakest tests.
    pub warmup: Vec<Drill>,
    pub main: Vec<Slot>,
    /// A real-world transfer drill, where the block has one.
    pub transfer: Option<Slot>,
    /// Stretches that do not load the spine.
    pub cooldown: Vec<Drill>,
    /// The breathing and bracing cue shown with every exercise.
    pub breathing_cue: String,
    pub estimated_minutes: u16,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Day {
    pub date: Date,
    pub kind: DayKind,
    /// `None` on rest days.
    pub session: Option<Session>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Week {
    /// 1-based week number in the program.
    pub number: u16,
    pub phase: Phase,
    /// 1-based week within its block; the last week of a block is the deload.
    pub week_in_block: u8,
    pub deload: bool,
    /// Seven days starting on the program's start weekday.
    pub days: Vec<Day>,
    /// Each region's share of the week's weighted volume, percent.
    pub region_share: Vec<(Region, f32)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Program {
    pub start: Date,
    pub settings: PlanSettings,
    pub weeks: Vec<Week>,
}

impl Program {
    /// The planned day for `date`, if the program covers it.
    pub fn day(&self, date: Date) -> Option<(&Week, &Day)> {
        self.weeks
            .iter()
            .flat_map(|w| w.days.iter().map(move |d| (w, d)))
            .find(|(_, d)| d.date == date)
    }

    /// The first training day strictly after `date`.
    pub fn next_training_day(&self, date: Date) -> Option<(&Week, &Day)> {
        self.weeks
            .iter()
            .flat_map(|w| w.days.iter().map(move |d| (w, d)))
            .find(|(_, d)| d.date > date && d.kind.is_training())
    }

    pub fn end(&self) -> Option<Date> {
        self.weeks
            .last()
            .and_then(|w| w.days.last())
            .map(|d| d.date)
    }
}
