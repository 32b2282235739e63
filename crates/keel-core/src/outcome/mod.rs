//! Patient-reported outcome measures: the 0-10 pain rating (NPRS) and the
//! Patient-Specific Functional Scale (PSFS) built in, and questionnaires a
//! clinic loads from a definition file (`questionnaire`), scored as data.
//!
//! An [`Outcome`] is one measure taken on one day: which instrument, the
//! answer to each item and the score. Trends compare each score with the
//! first one and mark a change at least as large as the instrument's
//! minimal clinically important change (see docs/method.md §13 for sources).

mod questionnaire;
mod trend;

#[cfg(test)]
mod tests;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::error::InputError;

pub use questionnaire::{
    Band, Better, DefinitionError, FORMAT, Formula, Item, MAX_ITEMS, MAX_OPTIONS, OptionChoice,
    Questionnaire, Rule, Scoring, Subscale, builtin_rules,
};
pub use trend::{
    Change, ItemChange, Mcid, NPRS_SOURCE, PSFS_SOURCE, Trend, TrendPoint, mcid_of, trend, trends,
};

/// The instrument id of the numeric pain rating scale.
pub const NPRS: &str = "nprs";
/// The instrument id of the Patient-Specific Functional Scale.
pub const PSFS: &str = "psfs";
/// The most activities a PSFS names.
pub const PSFS_MAX_ACTIVITIES: usize = 5;
/// The longest PSFS activity name, in characters.
pub const ACTIVITY_MAX_CHARS: usize = 80;

/// One outcome measure taken on one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub date: Date,
    /// `nprs`, `psfs`, or a loaded questionnaire's id.
    pub instrument: String,
    /// Each item's answer, in the instrument's order.
    pub answers: Vec<Answer>,
    /// The score: the pain rating (NPRS), the average rating (PSFS), or
    /// the questionnaire's formula applied to the answers.
    pub score: f64,
    /// Subscale scores of a questionnaire that defines them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subscores: Vec<Subscore>,
    /// The questionnaire's band (e.g. a risk group) the score falls in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band: Option<String>,
}

/// One item's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// `pain` for the NPRS, the activity the patient named for the PSFS,
    /// the item number (1-based) for a questionnaire.
    pub item: String,
    /// The rating (NPRS, PSFS: 0-10) or the chosen option's points;
    /// `None` for a questionnaire item left unanswered.
    pub points: Option<u8>,
    /// The chosen option's number (1-based), for a questionnaire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub option: Option<u8>,
}

/// A subscale's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Subscore {
    pub name: String,
    pub score: f64,
}

impl Outcome {
    /// Checks what a stored or sent outcome must hold: a known-shaped
    /// instrument id, ratings in range, a finite score.
    pub fn validate(&self) -> Result<(), InputError> {
        questionnaire::check_id(&self.instrument).map_err(|m| InputError::new("instrument", m))?;
        if !self.score.is_finite() {
            return Err(InputError::new("score", "the score must be a number"));
        }
        match self.instrument.as_str() {
            NPRS => {
                let again = nprs(self.date, self.answers.first().and_then(|a| a.points))?;
                if again != *self {
                    return Err(InputError::new("answers", "not a single 0-10 pain rating"));
                }
            }
            PSFS => {
                let mut ratings = Vec::new();
                for a in &self.answers {
                    let points = a.points.ok_or_else(|| {
                        InputError::new("answers", format!("{:?} has no rating", a.item))
                    })?;
                    ratings.push((a.item.clone(), points));
                }
                if psfs(self.date, &ratings)? != *self {
                    return Err(InputError::new(
                        "score",
                        "the score is not the average of the ratings",
                    ));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The rating of PSFS activity `item`, if it was rated.
    pub fn points_of(&self, item: &str) -> Option<u8> {
        self.answers
            .iter()
            .find(|a| a.item == item)
            .and_then(|a| a.points)
    }
}

/// The pain rating of the numeric pain rating scale: 0 (no pain) to 10
/// (worst pain imaginable), over the last 24 hours.
pub fn nprs(date: Date, rating: Option<u8>) -> Result<Outcome, InputError> {
    let rating =
        rating.ok_or_else(|| InputError::new("pain", "give a pain rating from 0 to 10"))?;
    rating_0_10("pain", rating)?;
    Ok(Outcome {
        date,
        instrument: NPRS.to_string(),
        answers: vec![Answer {
            item: "pain".to_string(),
            points: Some(rating),
            option: None,
        }],
        score: f64::from(rating),
        subscores: Vec::new(),
        band: None,
    })
}

/// The PSFS: one to five activities the patient names, each rated 0
/// (unable to do it) to 10 (as before the problem); the score is the
/// average rating.
pub fn psfs(date: Date, ratings: &[(String, u8)]) -> Result<Outcome, InputError> {
    if ratings.is_empty() {
        return Err(InputError::new(
            "activities",
            "name at least one activity you find hard because of your back, and rate it 0-10",
        ));
    }
    if ratings.len() > PSFS_MAX_ACTIVITIES {
        return Err(InputError::new(
            "activities",
            format!(
                "at most {PSFS_MAX_ACTIVITIES} activities, got {}",
                ratings.len()
            ),
        ));
    }
    let mut answers: Vec<Answer> = Vec::with_capacity(ratings.len());
    for (i, (name, rating)) in ratings.iter().enumerate() {
        let field = format!("activity {}", i + 1);
        let name = name.trim();
        if name.is_empty() {
            return Err(InputError::new(field, "the activity needs a name"));
        }
        if name.chars().count() > ACTIVITY_MAX_CHARS {
            return Err(InputError::new(
                field,
                format!("a name of at most {ACTIVITY_MAX_CHARS} characters"),
            ));
        }
        if name.chars().any(char::is_control) {
            return Err(InputError::new(field, "the name has a control character"));
        }
        if answers.iter().any(|a| a.item.eq_ignore_ascii_case(name)) {
            return Err(InputError::new(
                field,
                format!("{name:?} is named twice; name each activity once"),
            ));
        }
        rating_0_10(&field, *rating)?;
        answers.push(Answer {
            item: name.to_string(),
            points: Some(*rating),
            option: None,
        });
    }
    let total: f64 = ratings.iter().map(|(_, r)| f64::from(*r)).sum();
    Ok(Outcome {
        date,
        instrument: PSFS.to_string(),
        answers,
        score: total / ratings.len() as f64,
        subscores: Vec::new(),
        band: None,
    })
}

fn rating_0_10(field: &str, rating: u8) -> Result<(), InputError> {
    if rating > 10 {
        return Err(InputError::new(
            field,
            format!("a rating from 0 to 10, got {rating}"),
        ));
    }
    Ok(())
}

/// Parses a 0-10 rating as typed (`7`).
pub fn parse_rating(field: &str, text: &str) -> Result<u8, InputError> {
    let value: u8 = text.trim().parse().map_err(|_| {
        InputError::new(field, format!("a whole number from 0 to 10, got {text:?}"))
    })?;
    rating_0_10(field, value)?;
    Ok(value)
}

/// Parses a PSFS activity as typed: `NAME=RATING` (`sitting in the car=4`).
pub fn parse_activity(field: &str, text: &str) -> Result<(String, u8), InputError> {
    let Some((name, rating)) = text.rsplit_once('=') else {
        return Err(InputError::new(
            field,
            format!("write ACTIVITY=RATING, e.g. \"sitting in the car=4\"; got {text:?}"),
        ));
    };
    Ok((name.trim().to_string(), parse_rating(field, rating)?))
}
