//! Each endurance hold against its norm, and the Biering-Sorensen line.

use serde::Serialize;

use super::EnduranceHolds;
use super::norms::Norms;
use crate::measure::Seconds;
use crate::profile::Sex;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HoldTest {
    Extensor,
    Flexor,
    SideBridgeRight,
    SideBridgeLeft,
    PronePlank,
}

impl HoldTest {
    pub const ALL: [HoldTest; 5] = [
        HoldTest::Extensor,
        HoldTest::Flexor,
        HoldTest::SideBridgeRight,
        HoldTest::SideBridgeLeft,
        HoldTest::PronePlank,
    ];

    pub fn label(self) -> &'static str {
        match self {
            HoldTest::Extensor => "extensor hold (Sorensen)",
            HoldTest::Flexor => "flexor hold (60 deg)",
            HoldTest::SideBridgeRight => "side bridge right",
            HoldTest::SideBridgeLeft => "side bridge left",
            HoldTest::PronePlank => "prone plank",
        }
    }

    pub fn of(self, holds: &EnduranceHolds) -> Option<Seconds> {
        match self {
            HoldTest::Extensor => holds.extensor,
            HoldTest::Flexor => holds.flexor,
            HoldTest::SideBridgeRight => holds.side_bridge_right,
            HoldTest::SideBridgeLeft => holds.side_bridge_left,
            HoldTest::PronePlank => holds.prone_plank,
        }
    }

    /// The reference mean (and SD where published) for one sex.
    pub fn norm(self, norms: &Norms, sex: Sex) -> (u16, Option<u16>) {
        let b = norms.battery(sex);
        match self {
            HoldTest::Extensor => (b.extensor, None),
            HoldTest::Flexor => (b.flexor, None),
            HoldTest::SideBridgeRight => (b.side_bridge_right, None),
            HoldTest::SideBridgeLeft => (b.side_bridge_left, None),
            HoldTest::PronePlank => {
                let n = norms.plank(sex);
                (n.mean, Some(n.sd))
            }
        }
    }

    pub fn source(self, norms: &Norms) -> &str {
        match self {
            HoldTest::PronePlank => &norms.prone_plank.source,
            _ => &norms.mcgill.source,
        }
    }
}

/// A hold against one sex's norm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NormComparison {
    pub sex: Sex,
    pub norm_seconds: u16,
    pub norm_sd_seconds: Option<u16>,
    /// Rounded percent of the norm's mean; `None` when the test was skipped.
    pub percent_of_norm: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HoldResult {
    pub test: HoldTest,
    pub label: &'static str,
    pub seconds: Option<Seconds>,
    /// One comparison when sex is known, both (men first) when it is not.
    pub norms: Vec<NormComparison>,
    pub source: String,
}

impl HoldResult {
    /// The percent used for tailoring: against the given sex, or the lower
    /// of the two when sex is unknown (so an unknown sex never starts higher).
    pub fn tailoring_percent(&self) -> Option<u32> {
        self.norms.iter().filter_map(|n| n.percent_of_norm).min()
    }
}

pub fn percent_of(seconds: Seconds, norm: u16) -> u32 {
    // Norms are validated non-zero; the max keeps this total anyway.
    let pct = f64::from(seconds.get()) * 100.0 / f64::from(norm.max(1));
    pct.round() as u32
}

fn sexes(sex: Option<Sex>) -> Vec<Sex> {
    match sex {
        Some(s) => vec![s],
        None => vec![Sex::Male, Sex::Female],
    }
}

pub fn score_hold(
    test: HoldTest,
    holds: &EnduranceHolds,
    sex: Option<Sex>,
    norms: &Norms,
) -> HoldResult {
    let seconds = test.of(holds);
    let comparisons = sexes(sex)
        .into_iter()
        .map(|s| {
            let (mean, sd) = test.norm(norms, s);
            NormComparison {
                sex: s,
                norm_seconds: mean,
                norm_sd_seconds: sd,
                percent_of_norm: seconds.map(|secs| percent_of(secs, mean)),
            }
        })
        .collect();
    HoldResult {
        test,
        label: test.label(),
        seconds,
        norms: comparisons,
        source: test.source(norms).to_string(),
    }
}

/// Where an extensor hold falls against Biering-Sorensen's thresholds for men.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SorensenBand {
    /// Under the lower threshold: associated with low back trouble within a year.
    Below,
    /// From the lower to the upper threshold inclusive: no association drawn.
    Between,
    /// Over the upper threshold: associated with its absence.
    Above,
}

/// Information, never a diagnosis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SorensenInfo {
    /// The men's band, when it applies (men, or sex unknown) and the hold was done.
    pub band: Option<SorensenBand>,
    pub text: String,
    pub source: String,
}

pub fn sorensen_band(seconds: Seconds, norms: &Norms) -> SorensenBand {
    let s = seconds.get();
    if s < norms.sorensen.below_seconds {
        SorensenBand::Below
    } else if s > norms.sorensen.above_seconds {
        SorensenBand::Above
    } else {
        SorensenBand::Between
    }
}

const NOT_A_DIAGNOSIS: &str = "This is information from a study, not a diagnosis.";
const WOMEN: &str = "In women the study showed no predictive value, so no threshold applies.";

pub fn sorensen(extensor: Option<Seconds>, sex: Option<Sex>, norms: &Norms) -> SorensenInfo {
    let t = &norms.sorensen;
    let source = t.source.clone();
    if sex == Some(Sex::Female) {
        return SorensenInfo {
            band: None,
            text: WOMEN.to_string(),
            source,
        };
    }
    let Some(secs) = extensor else {
        return SorensenInfo {
            band: None,
            text: "Extensor hold skipped: no Biering-Sorensen comparison.".to_string(),
            source,
        };
    };
    let band = sorensen_band(secs, norms);
    let men = match band {
        SorensenBand::Below => format!(
            "In men, extensor holds under {} s were associated with low back trouble within a year; yours was {} s.",
            t.below_seconds, secs
        ),
        SorensenBand::Above => format!(
            "In men, extensor holds over {} s were associated with no low back trouble within a year; yours was {} s.",
            t.above_seconds, secs
        ),
        SorensenBand::Between => format!(
            "Your extensor hold, {} s, is between the {} s and {} s thresholds found in men, where the study drew no association.",
            secs, t.below_seconds, t.above_seconds
        ),
    };
    let text = match sex {
        Some(_) => format!("{men} {NOT_A_DIAGNOSIS}"),
        None => format!("{men} {WOMEN} {NOT_A_DIAGNOSIS}"),
    };
    SorensenInfo {
        band: Some(band),
        text,
        source,
    }
}
