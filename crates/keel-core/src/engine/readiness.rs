//! Readiness before a session (docs/method.md §6.5, after the Hooper index):
//! poor readiness cuts the session's volume or swaps the day for the light
//! activation session. Items run 1 (very, very good) to 7 (very, very bad),
//! so higher sums are worse days.

use serde::{Deserialize, Serialize};

use super::log::ReadinessCheck;
use super::reasons;
use super::settings::EngineSettings;

/// What to do with today's session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum SessionAdjustment {
    Proceed,
    /// Remove this share of the volume (sets first, then time or reps); log the exposures as reduced.
    CutVolume {
        percent: u8,
    },
    /// Do the 10-15 minute light activation session instead.
    LightSession,
}

/// An adjustment with its plain-language reasons (never empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjustment {
    pub adjustment: SessionAdjustment,
    pub reasons: Vec<String>,
}

/// Today's session given the readiness answers.
pub fn readiness_adjustment(check: &ReadinessCheck, settings: &EngineSettings) -> Adjustment {
    let sum = check.sum();
    let poor: Vec<&'static str> = check
        .items()
        .iter()
        .filter(|(_, r)| r.get() >= settings.readiness_item_poor)
        .map(|(name, _)| *name)
        .collect();
    let adjustment = if sum >= settings.readiness_light_sum {
        SessionAdjustment::LightSession
    } else if sum >= settings.readiness_cut_sum || !poor.is_empty() {
        SessionAdjustment::CutVolume {
            percent: settings.readiness_cut_percent,
        }
    } else {
        SessionAdjustment::Proceed
    };
    Adjustment {
        adjustment,
        reasons: vec![reasons::readiness(sum, &poor, adjustment, settings)],
    }
}
