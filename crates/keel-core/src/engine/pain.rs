//! The pain traffic light during exercise (docs/method.md §6.3, adapted from
//! Silbernagel et al. 2007): green proceed, amber no progression, red stop.

use serde::{Deserialize, Serialize};

use super::log::{Exposure, SetLog};
use super::settings::EngineSettings;
use crate::measure::Pain;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PainLight {
    /// Proceed.
    Green,
    /// Carry on, but no progression.
    Amber,
    /// Stop that exercise; regress it next time.
    Red,
}

impl PainLight {
    pub fn of(pain: Pain, settings: &EngineSettings) -> PainLight {
        let p = pain.get();
        if p <= settings.pain_green_max {
            PainLight::Green
        } else if p <= settings.pain_amber_max {
            PainLight::Amber
        } else {
            PainLight::Red
        }
    }

    /// The worst light over an exposure's sets.
    pub fn of_exposure(exposure: &Exposure, settings: &EngineSettings) -> PainLight {
        PainLight::of(exposure.max_pain(), settings)
    }

    pub fn label(self) -> &'static str {
        match self {
            PainLight::Green => "green",
            PainLight::Amber => "amber",
            PainLight::Red => "red",
        }
    }
}

/// Called after each set: true when the exercise must stop now, for sharp
/// pain or pain in the red.
pub fn stop_exercise_now(set: &SetLog, settings: &EngineSettings) -> bool {
    set.sharp_pain || PainLight::of(set.pain, settings) == PainLight::Red
}
