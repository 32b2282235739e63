//! The loaded questionnaire definitions (`GET /api/v1/outcomes`'s
//! `questionnaires`) as the API's own types. The fields are those of
//! docs/questionnaires.md; the optional ones are left out when unset, as
//! in a definition file.

use keel_core::outcome::{
    Band as CoreBand, Formula, Item as CoreItem, Questionnaire as CoreQuestionnaire,
    Scoring as CoreScoring,
};
use serde::Serialize;

use super::words;

#[derive(Debug, Serialize)]
pub struct Questionnaire {
    pub id: String,
    pub name: String,
    /// The built-in rule it is scored by, when it names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    pub items: Vec<Item>,
    pub scoring: Scoring,
}

#[derive(Debug, Serialize)]
pub struct Item {
    pub text: String,
    pub options: Vec<Choice>,
}

/// One answer option and the points it scores.
#[derive(Debug, Serialize)]
pub struct Choice {
    pub text: String,
    pub points: u8,
}

#[derive(Debug, Serialize)]
pub struct Scoring {
    /// `sum` or `percent`.
    pub formula: &'static str,
    /// `lower` or `higher`.
    pub better: &'static str,
    pub max_missing: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mcid: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mcid_source: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subscales: Vec<Subscale>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<Band>,
}

#[derive(Debug, Serialize)]
pub struct Subscale {
    pub name: String,
    /// Item numbers, 1-based.
    pub items: Vec<u8>,
}

#[derive(Debug, Serialize)]
pub struct Band {
    pub label: String,
    /// The subscale the range is of; the total score when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subscale: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
}

impl From<CoreQuestionnaire> for Questionnaire {
    fn from(q: CoreQuestionnaire) -> Questionnaire {
        Questionnaire {
            id: q.id,
            name: q.name,
            rule: q.rule,
            items: q.items.into_iter().map(Item::from).collect(),
            scoring: q.scoring.into(),
        }
    }
}

impl From<CoreItem> for Item {
    fn from(i: CoreItem) -> Item {
        Item {
            text: i.text,
            options: i
                .options
                .into_iter()
                .map(|o| Choice {
                    text: o.text,
                    points: o.points,
                })
                .collect(),
        }
    }
}

impl From<CoreScoring> for Scoring {
    fn from(s: CoreScoring) -> Scoring {
        Scoring {
            formula: match s.formula {
                Formula::Sum => "sum",
                Formula::Percent => "percent",
            },
            better: words::better(s.better),
            max_missing: s.max_missing,
            mcid: s.mcid,
            mcid_source: s.mcid_source,
            subscales: s
                .subscales
                .into_iter()
                .map(|sub| Subscale {
                    name: sub.name,
                    items: sub.items,
                })
                .collect(),
            bands: s.bands.into_iter().map(Band::from).collect(),
        }
    }
}

impl From<CoreBand> for Band {
    fn from(b: CoreBand) -> Band {
        Band {
            label: b.label,
            subscale: b.subscale,
            min: b.min,
            max: b.max,
        }
    }
}
