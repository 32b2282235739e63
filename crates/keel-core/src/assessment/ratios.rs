//! The three endurance ratios and the flags clinicians use on them
//! (docs/method.md §2; thresholds from `norms.toml`).

use serde::Serialize;

use super::norms::RatioThresholds;
use super::{EnduranceHolds, Side};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RatioKind {
    /// Trunk flexor hold / extensor hold.
    FlexionExtension,
    /// Right side bridge / left side bridge.
    RightLeftSideBridge,
    /// Side bridge (mean of the sides tested) / extensor hold.
    SideBridgeExtension,
}

impl RatioKind {
    pub const ALL: [RatioKind; 3] = [
        RatioKind::FlexionExtension,
        RatioKind::RightLeftSideBridge,
        RatioKind::SideBridgeExtension,
    ];

    pub fn label(self) -> &'static str {
        match self {
            RatioKind::FlexionExtension => "flexion/extension",
            RatioKind::RightLeftSideBridge => "right/left side bridge",
            RatioKind::SideBridgeExtension => "side bridge/extension",
        }
    }
}

/// One ratio scored against its healthy range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RatioResult {
    pub ratio: RatioKind,
    pub label: &'static str,
    /// `None` when a test was skipped or the divisor was 0 s.
    pub value: Option<f64>,
    /// The healthy range in words, e.g. "at most 1.00".
    pub healthy: String,
    pub flagged: bool,
    /// What it means for training, in plain words.
    pub meaning: String,
}

/// `numerator / denominator`; a 0 s divisor gives no value, and is flagged
/// when the numerator is not also 0 (the ratio is effectively infinite).
fn divide(numerator: f64, denominator: f64) -> (Option<f64>, bool) {
    if denominator > 0.0 {
        (Some(numerator / denominator), false)
    } else {
        (None, numerator > 0.0)
    }
}

fn secs(value: Option<crate::measure::Seconds>) -> Option<f64> {
    value.map(|s| f64::from(s.get()))
}

/// The mean of the side bridges that were tested. Using the mean keeps
/// this ratio one number; asymmetry is the right/left ratio's job.
pub(crate) fn side_bridge_mean(holds: &EnduranceHolds) -> Option<f64> {
    match (secs(holds.side_bridge_right), secs(holds.side_bridge_left)) {
        (Some(r), Some(l)) => Some((r + l) / 2.0),
        (one, other) => one.or(other),
    }
}

/// The weaker side when right/left is outside the symmetry range.
pub(crate) fn weaker_side(holds: &EnduranceHolds, t: &RatioThresholds) -> Option<Side> {
    let r = score(RatioKind::RightLeftSideBridge, holds, t);
    if !r.flagged {
        return None;
    }
    match (holds.side_bridge_right, holds.side_bridge_left) {
        (Some(right), Some(left)) if right < left => Some(Side::Right),
        (Some(_), Some(_)) => Some(Side::Left),
        _ => None,
    }
}

pub fn score(kind: RatioKind, holds: &EnduranceHolds, t: &RatioThresholds) -> RatioResult {
    let ext = secs(holds.extensor);
    let (inputs, healthy) = match kind {
        RatioKind::FlexionExtension => (
            secs(holds.flexor).zip(ext),
            format!("at most {:.2}", t.flexion_extension_max),
        ),
        RatioKind::RightLeftSideBridge => (
            secs(holds.side_bridge_right).zip(secs(holds.side_bridge_left)),
            format!(
                "{:.2} to {:.2}",
                t.side_bridge_symmetry_min, t.side_bridge_symmetry_max
            ),
        ),
        RatioKind::SideBridgeExtension => (
            side_bridge_mean(holds).zip(ext),
            format!("at most {:.2}", t.side_bridge_extension_max),
        ),
    };
    let Some((num, den)) = inputs else {
        return RatioResult {
            ratio: kind,
            label: kind.label(),
            value: None,
            healthy,
            flagged: false,
            meaning: "not computed: a test it needs was skipped".to_string(),
        };
    };
    let (value, infinite) = divide(num, den);
    let flagged = infinite
        || value.is_some_and(|v| match kind {
            RatioKind::FlexionExtension => v > t.flexion_extension_max,
            RatioKind::RightLeftSideBridge => {
                v < t.side_bridge_symmetry_min || v > t.side_bridge_symmetry_max
            }
            RatioKind::SideBridgeExtension => v > t.side_bridge_extension_max,
        });
    let meaning = match (kind, flagged) {
        (_, false) if value.is_none() => "not computed: both holds were 0 s".to_string(),
        (RatioKind::FlexionExtension, true) => {
            "flexors outlast extensors: the plan adds extensor work".to_string()
        }
        (RatioKind::FlexionExtension, false) => {
            "extensors outlast flexors, as in healthy adults".to_string()
        }
        (RatioKind::RightLeftSideBridge, true) => {
            let side = if num < den { "right" } else { "left" };
            format!("the {side} side tires first: extra side-bridge volume on the {side} side")
        }
        (RatioKind::RightLeftSideBridge, false) => "the two sides are balanced".to_string(),
        (RatioKind::SideBridgeExtension, true) => {
            "the extensors tire early relative to the sides: the plan adds extensor work"
                .to_string()
        }
        (RatioKind::SideBridgeExtension, false) => {
            "side bridges relative to the extensor hold are in the usual range".to_string()
        }
    };
    RatioResult {
        ratio: kind,
        label: kind.label(),
        value,
        healthy,
        flagged,
        meaning,
    }
}

pub fn score_all(holds: &EnduranceHolds, t: &RatioThresholds) -> Vec<RatioResult> {
    RatioKind::ALL
        .iter()
        .map(|&kind| score(kind, holds, t))
        .collect()
}
