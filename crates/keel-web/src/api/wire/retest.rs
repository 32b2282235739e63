//! The parts of a retest's answer (`POST /api/v1/assessments`) that are the
//! API's own: the comparison with the previous assessment and the tests
//! carried forward; the scored report is in `report.rs`.

use jiff::civil::Date;
use keel_core::assessment::{CarriedForward, HoldChange, RatioChange, RetestComparison};
use serde::Serialize;

use super::words;

/// Against the previous assessment, with the measurement-error band.
#[derive(Debug, Serialize)]
pub struct Comparison {
    pub previous_date: Date,
    pub current_date: Date,
    /// A hold change smaller than this is within measurement error.
    pub band_seconds: u16,
    pub band_source: String,
    pub holds: Vec<Hold>,
    pub ratios: Vec<Ratio>,
}

/// One hold test before and after.
#[derive(Debug, Serialize)]
pub struct Hold {
    pub test: &'static str,
    pub label: &'static str,
    pub before: Option<u16>,
    pub after: Option<u16>,
    pub change_seconds: Option<i32>,
    pub within_measurement_error: bool,
    pub summary: String,
}

/// One McGill ratio before and after.
#[derive(Debug, Serialize)]
pub struct Ratio {
    pub ratio: &'static str,
    pub label: &'static str,
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub before_flagged: bool,
    pub after_flagged: bool,
}

/// A test the retest skipped, kept from the latest assessment that took it.
#[derive(Debug, Serialize)]
pub struct Carried {
    /// The test's key, e.g. `side-bridge-left`.
    pub test: &'static str,
    pub label: &'static str,
    /// The value with its unit, e.g. `40 s`.
    pub value: String,
    pub measured_on: Date,
}

impl From<RetestComparison> for Comparison {
    fn from(c: RetestComparison) -> Comparison {
        Comparison {
            previous_date: c.previous_date,
            current_date: c.current_date,
            band_seconds: c.band_seconds,
            band_source: c.band_source,
            holds: c.holds.into_iter().map(Hold::from).collect(),
            ratios: c.ratios.into_iter().map(Ratio::from).collect(),
        }
    }
}

impl From<HoldChange> for Hold {
    fn from(h: HoldChange) -> Hold {
        Hold {
            test: words::hold_test(h.test),
            label: h.label,
            before: h.before.map(|s| s.get()),
            after: h.after.map(|s| s.get()),
            change_seconds: h.change_seconds,
            within_measurement_error: h.within_measurement_error,
            summary: h.summary,
        }
    }
}

impl From<RatioChange> for Ratio {
    fn from(r: RatioChange) -> Ratio {
        Ratio {
            ratio: words::ratio(r.ratio),
            label: r.label,
            before: r.before,
            after: r.after,
            before_flagged: r.before_flagged,
            after_flagged: r.after_flagged,
        }
    }
}

impl From<CarriedForward> for Carried {
    fn from(c: CarriedForward) -> Carried {
        Carried {
            test: c.test,
            label: c.label,
            value: c.value,
            measured_on: c.measured_on,
        }
    }
}
