//! The baseline assessment (docs/method.md §2): what was measured, and
//! what it decides for the program.
//!
//! `input` holds the measurements; `report` scores them against norms and
//! derives the [`Tailoring`] the program generator consumes.

mod carry;
mod holds;
pub mod instructions;
mod levels;
mod mobility;
mod norms;
mod ratios;
mod report;
mod retest;
#[cfg(test)]
mod tests;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::catalog::MobilityTarget;
use crate::measure::{KneeToWallCm, LegRaiseDegrees, Level, Pain, ReachCm, Score03, Seconds};

pub use carry::{CarriedForward, Current, carry_forward, note_carried};
pub use holds::{HoldResult, HoldTest, NormComparison, SorensenBand, SorensenInfo, percent_of};
pub use levels::{LevelDecision, Pattern};
pub use mobility::{Priority, ScoreLine, score_words};
pub use norms::{
    BatteryNorm, McGillNorms, MeasurementError, MobilityRules, Norm, Norms, PronePlankNorms,
    RatioThresholds, SorensenThresholds, TailoringRules,
};
pub use ratios::{RatioKind, RatioResult};
pub use report::*;
pub use retest::{
    HoldChange, RatioChange, RetestComparison, compare, compare_with, within_measurement_error,
};

/// The endurance battery, seconds; `None` means the test was skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnduranceHolds {
    /// Biering-Sorensen trunk extensor hold, stopped at 240 s.
    pub extensor: Option<Seconds>,
    /// Trunk flexor hold at 60 degrees.
    pub flexor: Option<Seconds>,
    pub side_bridge_right: Option<Seconds>,
    pub side_bridge_left: Option<Seconds>,
    pub prone_plank: Option<Seconds>,
}

/// Movement quality, 0 cannot, 1 poor, 2 good with cues, 3 clean.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovementQuality {
    pub hip_hinge: Option<Score03>,
    pub bird_dog: Option<Score03>,
    pub dead_bug: Option<Score03>,
}

/// Flexibility and mobility tests; per-side values are left/right.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mobility {
    /// Toe touch / sit-and-reach, cm past (+) or short of (-) the toes.
    pub toe_touch_cm: Option<ReachCm>,
    /// Active straight-leg raise, degrees.
    pub aslr_degrees: Option<LegRaiseDegrees>,
    /// Thomas test: true = pass.
    pub thomas_left: Option<bool>,
    pub thomas_right: Option<bool>,
    pub thoracic_rotation_left: Option<Score03>,
    pub thoracic_rotation_right: Option<Score03>,
    pub knee_to_wall_left_cm: Option<KneeToWallCm>,
    pub knee_to_wall_right_cm: Option<KneeToWallCm>,
}

/// One assessment as recorded (onboarding or retest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentInput {
    pub date: Date,
    pub holds: EnduranceHolds,
    pub movement: MovementQuality,
    pub mobility: Mobility,
    pub pain_now: Option<Pain>,
}

/// A per-pattern starting level, 1-5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartingLevels {
    /// Anti-flexion (and anti-extension) holds.
    pub anti_flexion: Level,
    /// Lateral holds (side bridges, suitcase holds).
    pub lateral: Level,
    /// Hinges, bridges, thrusts and other posterior-chain work.
    pub hinge: Level,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    Left,
    Right,
}

impl Side {
    pub fn label(self) -> &'static str {
        match self {
            Side::Left => "left",
            Side::Right => "right",
        }
    }
}

/// An imbalance the plan works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "side")]
pub enum Imbalance {
    /// Right/left side bridge outside 0.95-1.05: extra side-bridge volume on this, the weaker, side.
    WeakSide(Side),
    /// Flexion/extension > 1.0 or side bridge/extension > 0.75: more extensor work.
    ExtensorsWeak,
    /// Side bridge/extension clearly low (under half the norm's own ratio,
    /// see `levels.rs`): more lateral work.
    LateralWeak,
}

/// A movement-quality test (docs/method.md §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MovementTest {
    HipHinge,
    BirdDog,
    DeadBug,
}

impl MovementTest {
    pub const ALL: [MovementTest; 3] = [
        MovementTest::HipHinge,
        MovementTest::BirdDog,
        MovementTest::DeadBug,
    ];

    pub fn label(self) -> &'static str {
        match self {
            MovementTest::HipHinge => "hip hinge",
            MovementTest::BirdDog => "bird dog",
            MovementTest::DeadBug => "dead bug",
        }
    }

    /// This test's score in `quality`.
    pub fn score(self, quality: &MovementQuality) -> Option<Score03> {
        match self {
            MovementTest::HipHinge => quality.hip_hinge,
            MovementTest::BirdDog => quality.bird_dog,
            MovementTest::DeadBug => quality.dead_bug,
        }
    }
}

/// What the assessment decides for the program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tailoring {
    pub levels: StartingLevels,
    /// The tested maxima, for starting holds.
    pub holds: EnduranceHolds,
    /// Mobility targets, weakest test first; warm-ups and between-set drills favour these.
    pub mobility_priorities: Vec<MobilityTarget>,
    pub imbalances: Vec<Imbalance>,
    /// Movement tests scored under `movement_weak_below_score` (1 or
    /// less): the plan trains each one's drill until a retest clears it.
    #[serde(default)]
    pub weak_movements: Vec<MovementTest>,
}
