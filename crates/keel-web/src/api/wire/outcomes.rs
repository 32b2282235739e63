//! Outcome measures as the API answers them (`GET`/`POST
//! /api/v1/outcomes`, a coach's view of an athlete): each taking, and each
//! instrument's trend with the change that matters marked.

use jiff::civil::Date;
use keel_app::outcomes as app;
use keel_core::outcome;
use serde::Serialize;

use super::questionnaires::Questionnaire;
use super::words;

/// Every taking, each instrument's trend, and the questionnaires loaded.
#[derive(Debug, Serialize)]
pub struct Overview {
    /// Oldest first.
    pub outcomes: Vec<Outcome>,
    /// NPRS, PSFS, then the loaded questionnaires by id.
    pub trends: Vec<Trend>,
    /// The loaded definitions (the fields of docs/questionnaires.md).
    pub questionnaires: Vec<Questionnaire>,
}

/// What `POST /api/v1/outcomes` recorded.
#[derive(Debug, Serialize)]
pub struct Recorded {
    pub outcomes: Vec<Outcome>,
}

impl From<app::Overview> for Overview {
    fn from(o: app::Overview) -> Overview {
        Overview {
            outcomes: o.outcomes.into_iter().map(Outcome::from).collect(),
            trends: o.trends.into_iter().map(Trend::from).collect(),
            questionnaires: o
                .questionnaires
                .into_iter()
                .map(Questionnaire::from)
                .collect(),
        }
    }
}

/// One taking of an instrument.
#[derive(Debug, Serialize)]
pub struct Outcome {
    pub date: Date,
    /// `nprs`, `psfs` or a loaded questionnaire's id.
    pub instrument: String,
    pub answers: Vec<Answer>,
    pub score: f64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subscores: Vec<Subscore>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub band: Option<String>,
}

/// One item's answer.
#[derive(Debug, Serialize)]
pub struct Answer {
    /// `pain` (NPRS), the activity named (PSFS), or the item's number.
    pub item: String,
    /// The rating, or the chosen option's points; null when unanswered.
    pub points: Option<u8>,
    /// The chosen option's number (1-based), for a questionnaire.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub option: Option<u8>,
}

#[derive(Debug, Serialize)]
pub struct Subscore {
    pub name: String,
    pub score: f64,
}

/// An instrument's takings over time.
#[derive(Debug, Serialize)]
pub struct Trend {
    pub instrument: String,
    pub name: String,
    pub mcid: Mcid,
    pub points: Vec<TrendPoint>,
    /// PSFS: each activity's change from the first taking that rated it.
    pub items: Vec<ItemChange>,
}

/// The minimal important change, and which way is better.
#[derive(Debug, Serialize)]
pub struct Mcid {
    /// `lower` or `higher`.
    pub better: &'static str,
    pub score: Option<f64>,
    pub item: Option<f64>,
    pub source: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct TrendPoint {
    pub date: Date,
    pub score: f64,
    pub band: Option<String>,
    /// From the first taking; null for the first.
    pub change: Option<Change>,
}

#[derive(Debug, Serialize)]
pub struct ItemChange {
    pub item: String,
    pub first: u8,
    pub latest: u8,
    pub change: Change,
}

/// A change from the baseline.
#[derive(Debug, Serialize)]
pub struct Change {
    /// Later minus earlier.
    pub delta: f64,
    /// In the instrument's better direction.
    pub improved: bool,
    /// At least the minimal important change.
    pub meaningful: bool,
}

impl From<outcome::Outcome> for Outcome {
    fn from(o: outcome::Outcome) -> Outcome {
        Outcome {
            date: o.date,
            instrument: o.instrument,
            answers: o
                .answers
                .into_iter()
                .map(|a| Answer {
                    item: a.item,
                    points: a.points,
                    option: a.option,
                })
                .collect(),
            score: o.score,
            subscores: o
                .subscores
                .into_iter()
                .map(|s| Subscore {
                    name: s.name,
                    score: s.score,
                })
                .collect(),
            band: o.band,
        }
    }
}

impl From<outcome::Trend> for Trend {
    fn from(t: outcome::Trend) -> Trend {
        Trend {
            instrument: t.instrument,
            name: t.name,
            mcid: Mcid {
                better: words::better(t.mcid.better),
                score: t.mcid.score,
                item: t.mcid.item,
                source: t.mcid.source,
            },
            points: t
                .points
                .into_iter()
                .map(|p| TrendPoint {
                    date: p.date,
                    score: p.score,
                    band: p.band,
                    change: p.change.map(Change::from),
                })
                .collect(),
            items: t
                .items
                .into_iter()
                .map(|i| ItemChange {
                    item: i.item,
                    first: i.first,
                    latest: i.latest,
                    change: i.change.into(),
                })
                .collect(),
        }
    }
}

impl From<outcome::Change> for Change {
    fn from(c: outcome::Change) -> Change {
        Change {
            delta: c.delta,
            improved: c.improved,
            meaningful: c.meaningful,
        }
    }
}
