//! Outcome trends: each score against the first (the baseline), with the
//! change that matters marked. NPRS: 2 points; PSFS: 2 points on the
//! average, 3 on one activity; a loaded questionnaire: its own `mcid`.
//! Sources in docs/method.md §13.

use jiff::civil::Date;
use serde::Serialize;

use super::questionnaire::{Better, Questionnaire};
use super::{NPRS, Outcome, PSFS};

/// Where the NPRS change comes from.
pub const NPRS_SOURCE: &str = "Childs, Piva and Fritz 2005, Spine 30(11):1331-1334 (2 points)";
/// Where the PSFS changes come from.
pub const PSFS_SOURCE: &str = "Stratford et al. 1995, Physiotherapy Canada 47(4):258-263 \
     (2 points on the average, 3 on one activity)";

/// The minimal clinically important change of an instrument.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mcid {
    pub better: Better,
    /// Of the score; `None` when none is published (a screening tool).
    pub score: Option<f64>,
    /// Of one item (PSFS: one activity).
    pub item: Option<f64>,
    pub source: Option<String>,
}

/// The instrument's display name and its minimal important change;
/// `None` for an instrument neither built in nor loaded.
pub fn mcid_of(instrument: &str, loaded: &[Questionnaire]) -> Option<(String, Mcid)> {
    match instrument {
        NPRS => Some((
            "Pain rating (NPRS, 0-10)".to_string(),
            Mcid {
                better: Better::Lower,
                score: Some(2.0),
                item: None,
                source: Some(NPRS_SOURCE.to_string()),
            },
        )),
        PSFS => Some((
            "Patient-Specific Functional Scale (PSFS, 0-10)".to_string(),
            Mcid {
                better: Better::Higher,
                score: Some(2.0),
                item: Some(3.0),
                source: Some(PSFS_SOURCE.to_string()),
            },
        )),
        other => loaded.iter().find(|q| q.id == other).map(|q| {
            (
                q.name.clone(),
                Mcid {
                    better: q.scoring.better,
                    score: q.scoring.mcid,
                    item: None,
                    source: q.scoring.mcid_source.clone(),
                },
            )
        }),
    }
}

/// A change from the baseline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Later minus earlier.
    pub delta: f64,
    /// In the instrument's better direction.
    pub improved: bool,
    /// At least the minimal important change.
    pub meaningful: bool,
}

/// One PSFS activity's change from the first taking that rated it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemChange {
    pub item: String,
    pub first: u8,
    pub latest: u8,
    pub change: Change,
}

/// One taking in a trend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendPoint {
    pub date: Date,
    pub score: f64,
    pub band: Option<String>,
    /// From the first taking; `None` for the first.
    pub change: Option<Change>,
}

/// An instrument's takings over time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    pub instrument: String,
    pub name: String,
    pub mcid: Mcid,
    /// Oldest first.
    pub points: Vec<TrendPoint>,
    /// Per activity (PSFS), first rating against the latest.
    pub items: Vec<ItemChange>,
}

fn change(mcid: &Mcid, threshold: Option<f64>, delta: f64) -> Change {
    let improved = match mcid.better {
        Better::Lower => delta < 0.0,
        Better::Higher => delta > 0.0,
    };
    Change {
        delta,
        improved,
        // A tiny tolerance so 6.4 - 4.4 counts as 2.
        meaningful: threshold.is_some_and(|t| delta.abs() + 1e-9 >= t),
    }
}

/// The trend of one instrument's takings (any order; sorted by date here).
pub fn trend(instrument: &str, outcomes: &[Outcome], loaded: &[Questionnaire]) -> Option<Trend> {
    let (name, mcid) = mcid_of(instrument, loaded).unwrap_or_else(|| {
        (
            instrument.to_string(),
            Mcid {
                better: Better::Lower,
                score: None,
                item: None,
                source: None,
            },
        )
    });
    let mut taken: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.instrument == instrument)
        .collect();
    taken.sort_by_key(|o| o.date);
    let first = taken.first()?;
    let points = taken
        .iter()
        .enumerate()
        .map(|(i, o)| TrendPoint {
            date: o.date,
            score: o.score,
            band: o.band.clone(),
            change: (i > 0).then(|| change(&mcid, mcid.score, o.score - first.score)),
        })
        .collect();
    let mut items = Vec::new();
    if let (Some(threshold), Some(latest)) = (mcid.item, taken.last()) {
        for answer in &latest.answers {
            let Some(now) = answer.points else { continue };
            let Some(before) = taken.iter().find_map(|o| o.points_of(&answer.item)) else {
                continue;
            };
            let earliest = taken
                .iter()
                .position(|o| o.points_of(&answer.item).is_some());
            if earliest == Some(taken.len() - 1) {
                continue;
            }
            items.push(ItemChange {
                item: answer.item.clone(),
                first: before,
                latest: now,
                change: change(&mcid, Some(threshold), f64::from(now) - f64::from(before)),
            });
        }
    }
    Some(Trend {
        instrument: instrument.to_string(),
        name,
        mcid,
        points,
        items,
    })
}

/// Every instrument's trend: NPRS, PSFS, then the others by id.
pub fn trends(outcomes: &[Outcome], loaded: &[Questionnaire]) -> Vec<Trend> {
    let mut ids: Vec<&str> = outcomes.iter().map(|o| o.instrument.as_str()).collect();
    ids.sort_by_key(|id| (*id != NPRS, *id != PSFS, *id));
    ids.dedup();
    ids.into_iter()
        .filter_map(|id| trend(id, outcomes, loaded))
        .collect()
}
