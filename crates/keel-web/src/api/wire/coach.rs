//! The coach dashboard's summary of one athlete (`GET
//! /api/v1/coach/athletes` and `.../athletes/{name}`): keel-app's
//! `athlete_overview::Summary` as the API's own type.

use jiff::civil::Date;
use keel_app::athlete_overview::{self as app, Summary};
use serde::Serialize;

/// Adherence, weekly load, the latest decision and the flags.
#[derive(Debug, Serialize)]
pub struct AthleteSummary {
    /// Done of planned sessions of the current plan so far, percent.
    pub adherence: Option<f64>,
    /// Load (session RPE x minutes) over the last week's days.
    pub weekly_load: Option<f64>,
    pub latest: Option<LatestDecision>,
    pub flags: Flags,
}

/// The latest engine decision: its day, action in words and first reason.
#[derive(Debug, Serialize)]
pub struct LatestDecision {
    pub date: Date,
    pub action: &'static str,
    pub reason: String,
}

#[derive(Debug, Serialize)]
pub struct Flags {
    pub halted_since: Option<Date>,
    pub max_pain: Option<u8>,
    pub pain: bool,
    pub stagnation: bool,
    pub poor_readiness: Option<u8>,
}

impl From<Summary> for AthleteSummary {
    fn from(s: Summary) -> AthleteSummary {
        AthleteSummary {
            adherence: s.adherence,
            weekly_load: s.weekly_load,
            latest: s.latest.map(LatestDecision::from),
            flags: s.flags.into(),
        }
    }
}

impl From<app::Latest> for LatestDecision {
    fn from(l: app::Latest) -> LatestDecision {
        LatestDecision {
            date: l.date,
            action: l.action,
            reason: l.reason,
        }
    }
}

impl From<app::Flags> for Flags {
    fn from(f: app::Flags) -> Flags {
        Flags {
            halted_since: f.halted_since,
            max_pain: f.max_pain,
            pain: f.pain,
            stagnation: f.stagnation,
            poor_readiness: f.poor_readiness,
        }
    }
}
