//! Reference norms and the assessment's thresholds, read from `norms.toml`.
//!
//! Published numbers (McGill's endurance norms, Strand's prone plank,
//! Biering-Sorensen's thresholds, Latimer's measurement error, the ratio
//! flags) and Keel's own design choices (level cut-offs, caps, mobility
//! thresholds) live in that one data file, each table with its source, so
//! they can be replaced without touching the scoring logic.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::catalog::MobilityTarget;
use crate::error::InputError;
use crate::profile::Sex;

const BUILTIN: &str = include_str!("norms.toml");

/// Mean hold times for one sex, seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatteryNorm {
    pub extensor: u16,
    pub flexor: u16,
    pub side_bridge_right: u16,
    pub side_bridge_left: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct McGillNorms {
    pub source: String,
    pub male: BatteryNorm,
    pub female: BatteryNorm,
}

/// A mean with its standard deviation, seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Norm {
    pub mean: u16,
    pub sd: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PronePlankNorms {
    pub source: String,
    pub male: Norm,
    pub female: Norm,
}

/// Biering-Sorensen's extensor-hold thresholds for men, seconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SorensenThresholds {
    pub source: String,
    /// Below this, low back trouble within a year was more common.
    pub below_seconds: u16,
    /// Above this, its absence was more common.
    pub above_seconds: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasurementError {
    pub source: String,
    /// A retest change strictly smaller than this is within measurement error.
    pub band_seconds: u16,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatioThresholds {
    pub source: String,
    /// Flexor/extensor above this is flagged.
    pub flexion_extension_max: f64,
    /// Right/left side bridge outside this range is flagged.
    pub side_bridge_symmetry_min: f64,
    pub side_bridge_symmetry_max: f64,
    /// Side bridge/extensor above this is flagged (extensors weak relative to the sides).
    pub side_bridge_extension_max: f64,
}

/// Keel's design choices for turning scores into starting levels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TailoringRules {
    pub source: String,
    /// Percent of norm at which levels 2, 3, 4, 5 start (ascending).
    pub level_from_percent: [u16; 4],
    /// Highest level each movement-quality score 0..=3 allows.
    pub quality_cap: [u8; 4],
    pub skipped_hold_level: u8,
    pub skipped_quality_cap: u8,
    pub novice_max_level: u8,
    pub intermediate_max_level: u8,
    pub advanced_max_level: u8,
    pub pain_level_one_at: u8,
    pub lateral_weak_fraction_of_norm: f64,
}

/// Keel's design choices for calling a mobility test weak.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MobilityRules {
    pub source: String,
    pub toe_touch_weak_below_cm: i16,
    pub toe_touch_full_deficit_cm: i16,
    pub aslr_weak_below_degrees: u8,
    pub thoracic_weak_below_score: u8,
    pub knee_to_wall_weak_below_cm: u8,
    pub movement_weak_below_score: u8,
    pub default_priorities: Vec<MobilityTarget>,
}

/// Everything the scoring compares against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Norms {
    pub mcgill: McGillNorms,
    pub prone_plank: PronePlankNorms,
    pub sorensen: SorensenThresholds,
    pub measurement_error: MeasurementError,
    pub ratios: RatioThresholds,
    pub tailoring: TailoringRules,
    pub mobility: MobilityRules,
}

impl Norms {
    /// The norms shipped in the binary.
    pub fn builtin() -> &'static Norms {
        static NORMS: OnceLock<Norms> = OnceLock::new();
        NORMS.get_or_init(|| {
            #[allow(clippy::expect_used)]
            Norms::parse(BUILTIN).expect("the built-in norms.toml is valid (see assessment tests)")
        })
    }

    /// Parses and checks a norms file.
    pub fn parse(text: &str) -> Result<Norms, InputError> {
        let norms: Norms =
            toml::from_str(text).map_err(|e| InputError::new("norms", e.to_string()))?;
        norms.validate()?;
        Ok(norms)
    }

    pub fn battery(&self, sex: Sex) -> BatteryNorm {
        match sex {
            Sex::Male => self.mcgill.male,
            Sex::Female => self.mcgill.female,
        }
    }

    pub fn plank(&self, sex: Sex) -> Norm {
        match sex {
            Sex::Male => self.prone_plank.male,
            Sex::Female => self.prone_plank.female,
        }
    }

    /// The sources, for the report's footnote.
    pub fn sources(&self) -> Vec<String> {
        vec![
            self.mcgill.source.clone(),
            self.prone_plank.source.clone(),
            self.sorensen.source.clone(),
            self.measurement_error.source.clone(),
            self.ratios.source.clone(),
        ]
    }

    fn validate(&self) -> Result<(), InputError> {
        let bad = |what: &str| Err(InputError::new("norms", what.to_string()));
        for b in [self.mcgill.male, self.mcgill.female] {
            if [
                b.extensor,
                b.flexor,
                b.side_bridge_right,
                b.side_bridge_left,
            ]
            .contains(&0)
            {
                return bad("mcgill norms must be above 0 s");
            }
        }
        if self.prone_plank.male.mean == 0 || self.prone_plank.female.mean == 0 {
            return bad("prone plank norms must be above 0 s");
        }
        if self.sorensen.below_seconds > self.sorensen.above_seconds {
            return bad("sorensen below_seconds must not exceed above_seconds");
        }
        let r = &self.ratios;
        if !(r.side_bridge_symmetry_min < 1.0 && r.side_bridge_symmetry_max > 1.0) {
            return bad("side bridge symmetry range must contain 1.0");
        }
        let t = &self.tailoring;
        if !t.level_from_percent.is_sorted() {
            return bad("level_from_percent must be ascending");
        }
        let levels = [
            t.skipped_hold_level,
            t.skipped_quality_cap,
            t.novice_max_level,
            t.intermediate_max_level,
            t.advanced_max_level,
        ];
        if levels
            .iter()
            .chain(t.quality_cap.iter())
            .any(|l| !(1..=5).contains(l))
        {
            return bad("tailoring levels must be 1-5");
        }
        if self.mobility.default_priorities.is_empty() {
            return bad("mobility default_priorities must name at least one target");
        }
        Ok(())
    }
}
