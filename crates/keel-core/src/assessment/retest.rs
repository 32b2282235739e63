//! Comparing a retest with the assessment before it. A change in a hold
//! smaller than the measurement band (15 s, Latimer et al. 1999) is
//! reported as within measurement error: |change| < band, so 14 s is
//! within error and 15 s is a change.

use jiff::civil::Date;
use serde::Serialize;

use super::AssessmentInput;
use super::holds::HoldTest;
use super::norms::Norms;
use super::ratios::{self, RatioKind};
use crate::measure::Seconds;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HoldChange {
    pub test: HoldTest,
    pub label: &'static str,
    pub before: Option<Seconds>,
    pub after: Option<Seconds>,
    /// After minus before, seconds; `None` unless tested both times.
    pub change_seconds: Option<i32>,
    pub within_measurement_error: bool,
    /// E.g. "+20 s" or "-5 s, within measurement error (under 15 s)".
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RatioChange {
    pub ratio: RatioKind,
    pub label: &'static str,
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub before_flagged: bool,
    pub after_flagged: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RetestComparison {
    pub previous_date: Date,
    pub current_date: Date,
    pub band_seconds: u16,
    pub band_source: String,
    pub holds: Vec<HoldChange>,
    pub ratios: Vec<RatioChange>,
}

/// True when a change is smaller than the measurement band.
pub fn within_measurement_error(change_seconds: i32, band_seconds: u16) -> bool {
    change_seconds.unsigned_abs() < u32::from(band_seconds)
}

pub fn compare(previous: &AssessmentInput, current: &AssessmentInput) -> RetestComparison {
    compare_with(Norms::builtin(), previous, current)
}

pub fn compare_with(
    norms: &Norms,
    previous: &AssessmentInput,
    current: &AssessmentInput,
) -> RetestComparison {
    let band = norms.measurement_error.band_seconds;
    let holds = HoldTest::ALL
        .iter()
        .map(|&test| {
            let before = test.of(&previous.holds);
            let after = test.of(&current.holds);
            let change = before
                .zip(after)
                .map(|(b, a)| i32::from(a.get()) - i32::from(b.get()));
            let within = change.is_some_and(|c| within_measurement_error(c, band));
            let summary = match change {
                None => "not tested both times".to_string(),
                Some(c) if within => {
                    format!("{c:+} s, within measurement error (under {band} s)")
                }
                Some(c) => format!("{c:+} s"),
            };
            HoldChange {
                test,
                label: test.label(),
                before,
                after,
                change_seconds: change,
                within_measurement_error: within,
                summary,
            }
        })
        .collect();
    let ratios = RatioKind::ALL
        .iter()
        .map(|&kind| {
            let b = ratios::score(kind, &previous.holds, &norms.ratios);
            let a = ratios::score(kind, &current.holds, &norms.ratios);
            RatioChange {
                ratio: kind,
                label: kind.label(),
                before: b.value,
                after: a.value,
                before_flagged: b.flagged,
                after_flagged: a.flagged,
            }
        })
        .collect();
    RetestComparison {
        previous_date: previous.date,
        current_date: current.date,
        band_seconds: band,
        band_source: norms.measurement_error.source.clone(),
        holds,
        ratios,
    }
}
