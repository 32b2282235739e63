//! Who is training: the answers to the onboarding questions.

use jiff::civil::Weekday;
use serde::{Deserialize, Serialize};

use crate::catalog::{Equipment, Inventory, Kit};
use crate::error::InputError;
use crate::measure::Pain;
use crate::units::Units;

/// Sex is asked for norms only and is optional; without it both norms are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn parse(text: &str) -> Result<Sex, InputError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "m" | "male" | "man" => Ok(Sex::Male),
            "f" | "female" | "woman" => Ok(Sex::Female),
            other => Err(InputError::new(
                "sex",
                format!("expected male or female (or leave it out), got {other:?}"),
            )),
        }
    }
}

/// Years of regular resistance training.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TrainingAge {
    /// Under a year, or returning after a long break.
    Novice,
    /// One to three years.
    Intermediate,
    /// More than three years.
    Advanced,
}

impl TrainingAge {
    pub fn from_years(years: f32) -> TrainingAge {
        if years < 1.0 {
            TrainingAge::Novice
        } else if years <= 3.0 {
            TrainingAge::Intermediate
        } else {
            TrainingAge::Advanced
        }
    }

    pub fn parse(text: &str) -> Result<TrainingAge, InputError> {
        let t = text.trim().to_ascii_lowercase();
        match t.as_str() {
            "novice" | "beginner" => return Ok(TrainingAge::Novice),
            "intermediate" => return Ok(TrainingAge::Intermediate),
            "advanced" => return Ok(TrainingAge::Advanced),
            _ => {}
        }
        match t.parse::<f32>() {
            Ok(years) if (0.0..=80.0).contains(&years) => Ok(TrainingAge::from_years(years)),
            _ => Err(InputError::new(
                "training-age",
                format!(
                    "expected years of training (0-80) or novice/intermediate/advanced, got {text:?}"
                ),
            )),
        }
    }
}

/// Training days in the week, in week order, 2 to 6 of them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "Vec<String>", into = "Vec<String>")]
pub struct TrainingDays(Vec<Weekday>);

impl TrainingDays {
    pub const MIN: usize = 2;
    pub const MAX: usize = 6;

    pub fn new(mut days: Vec<Weekday>) -> Result<TrainingDays, InputError> {
        days.sort_by_key(|d| d.to_monday_zero_offset());
        days.dedup();
        if !(Self::MIN..=Self::MAX).contains(&days.len()) {
            return Err(InputError::new(
                "days",
                format!(
                    "choose {} to {} training days a week (rest days stay rest days), got {}",
                    Self::MIN,
                    Self::MAX,
                    days.len()
                ),
            ));
        }
        Ok(TrainingDays(days))
    }

    /// A sensible spread for `count` days a week, with rest between where possible.
    pub fn spread(count: u8) -> Result<TrainingDays, InputError> {
        use Weekday::*;
        let days = match count {
            2 => vec![Monday, Thursday],
            3 => vec![Monday, Wednesday, Friday],
            4 => vec![Monday, Tuesday, Thursday, Friday],
            5 => vec![Monday, Tuesday, Wednesday, Friday, Saturday],
            6 => vec![Monday, Tuesday, Wednesday, Thursday, Friday, Saturday],
            n => {
                return Err(InputError::new(
                    "days-per-week",
                    format!("choose 2 to 6 training days a week, got {n}"),
                ));
            }
        };
        TrainingDays::new(days)
    }

    /// Parses `mon,wed,fri` (full names work too).
    pub fn parse(text: &str) -> Result<TrainingDays, InputError> {
        let days = text
            .split(',')
            .map(|d| parse_weekday(d).map_err(|e| e.in_field("days")))
            .collect::<Result<Vec<_>, _>>()?;
        TrainingDays::new(days)
    }

    pub fn days(&self) -> &[Weekday] {
        &self.0
    }

    pub fn contains(&self, day: Weekday) -> bool {
        self.0.contains(&day)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl TryFrom<Vec<String>> for TrainingDays {
    type Error = InputError;
    fn try_from(days: Vec<String>) -> Result<Self, Self::Error> {
        let days = days
            .iter()
            .map(|d| parse_weekday(d))
            .collect::<Result<Vec<_>, _>>()?;
        TrainingDays::new(days)
    }
}

impl From<TrainingDays> for Vec<String> {
    fn from(days: TrainingDays) -> Self {
        days.0
            .into_iter()
            .map(|d| weekday_short(d).to_ascii_lowercase())
            .collect()
    }
}

pub fn parse_weekday(text: &str) -> Result<Weekday, InputError> {
    use Weekday::*;
    let t = text.trim().to_ascii_lowercase();
    let day = match t.get(..3).unwrap_or(&t) {
        "mon" => Monday,
        "tue" => Tuesday,
        "wed" => Wednesday,
        "thu" => Thursday,
        "fri" => Friday,
        "sat" => Saturday,
        "sun" => Sunday,
        _ => {
            return Err(InputError::new(
                "weekday",
                format!("unknown weekday {text:?}; use mon, tue, wed, thu, fri, sat or sun"),
            ));
        }
    };
    Ok(day)
}

pub fn weekday_short(day: Weekday) -> &'static str {
    use Weekday::*;
    match day {
        Monday => "Mon",
        Tuesday => "Tue",
        Wednesday => "Wed",
        Thursday => "Thu",
        Friday => "Fri",
        Saturday => "Sat",
        Sunday => "Sun",
    }
}

/// The onboarding answers that shape the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub name: Option<String>,
    pub sex: Option<Sex>,
    pub training_age: TrainingAge,
    pub training_days: TrainingDays,
    /// Offer a 10-15 minute activation/mobility session on non-training days.
    pub light_days: bool,
    /// Equipment at hand, beyond a mat and floor space.
    pub equipment: Vec<Equipment>,
    /// Pain right now, 0-10, as answered at onboarding.
    pub pain_now: Pain,
    /// Kilograms or pounds: how loads are read and shown for this athlete
    /// (stored loads are always kilograms). Profiles saved before the
    /// choice existed read as kilograms.
    #[serde(default)]
    pub units: Units,
    /// The sizes of what is at hand (kettlebells, dumbbells, bar and
    /// plates), kilograms; each left out is the common sizes in `units`.
    /// Whether a piece is at hand at all is `equipment`, the one list of
    /// presence. Profiles saved before sizes existed read as the defaults.
    #[serde(default)]
    pub inventory: Inventory,
}

impl Profile {
    /// What the athlete owns, resolved: presence from `equipment`, sizes
    /// from `inventory` or the defaults of `units`.
    pub fn kit(&self) -> Kit {
        Kit::new(&self.equipment, &self.inventory, self.units)
    }
}
