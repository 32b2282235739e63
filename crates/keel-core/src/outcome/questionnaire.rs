//! Questionnaires a clinic loads from a definition file it holds (Keel does
//! not ship licensed texts), and the scoring rules Keel ships as data
//! (`rules.toml`: ODI, RMDQ, STarT Back). The file format is documented in
//! docs/questionnaires.md; a malformed file is refused with its line and
//! field.

use std::fmt;
use std::ops::Range;
use std::sync::OnceLock;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{Answer, NPRS, Outcome, PSFS, Subscore};
use crate::error::InputError;

const RULES: &str = include_str!("rules.toml");

/// The definition format this Keel reads.
pub const FORMAT: i64 = 1;
/// The most items a questionnaire may have.
pub const MAX_ITEMS: usize = 100;
/// The most answer options an item may have.
pub const MAX_OPTIONS: usize = 20;

/// Which way a score improves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Better {
    Lower,
    Higher,
}

/// How the item points make the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Formula {
    /// The sum of the answered items' points.
    Sum,
    /// The sum as a percentage of the most the answered items could score.
    Percent,
}

/// A subscale: the sum of some items' points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subscale {
    pub name: String,
    /// Item numbers, 1-based.
    pub items: Vec<u8>,
}

/// A named range of the score (or of a subscale); the first band that
/// matches is the result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub label: String,
    /// The subscale the range is of; the total score when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscale: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
}

/// How a questionnaire is scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    pub formula: Formula,
    pub better: Better,
    /// How many items may be left unanswered.
    #[serde(default)]
    pub max_missing: u8,
    /// The minimal clinically important change of the score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mcid: Option<f64>,
    /// Where `mcid` comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mcid_source: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subscales: Vec<Subscale>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<Band>,
}

/// A scoring rule Keel ships: the shape of the questionnaire and how it is
/// scored, without its texts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    pub name: String,
    pub item_count: u8,
    /// The fewest and most points one item's options give.
    pub points_min: u8,
    pub points_max: u8,
    /// The range of the score.
    pub score_min: f64,
    pub score_max: f64,
    /// Where the scoring comes from.
    pub source: String,
    pub scoring: Scoring,
}

/// One answer option of an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionChoice {
    pub text: String,
    pub points: u8,
}

/// One item: its text and its answer options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub text: String,
    pub options: Vec<OptionChoice>,
}

/// A loaded questionnaire definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Questionnaire {
    pub id: String,
    pub name: String,
    /// The built-in rule it is scored by, when it names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    pub items: Vec<Item>,
    pub scoring: Scoring,
}

/// Why a definition file was refused: the line and the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefinitionError {
    /// 1-based.
    pub line: usize,
    pub field: String,
    pub message: String,
}

impl fmt::Display for DefinitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, {}: {}", self.line, self.field, self.message)
    }
}

impl std::error::Error for DefinitionError {}

impl From<DefinitionError> for InputError {
    fn from(e: DefinitionError) -> Self {
        InputError::new(format!("line {}, {}", e.line, e.field), e.message)
    }
}

/// The scoring rules Keel ships (ODI, RMDQ, STarT Back).
pub fn builtin_rules() -> &'static [Rule] {
    static PARSED: OnceLock<Vec<Rule>> = OnceLock::new();
    PARSED.get_or_init(|| {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct File {
            rule: Vec<Rule>,
        }
        match toml::from_str::<File>(RULES) {
            Ok(file) => file.rule,
            // The file is compiled in and checked by a test.
            Err(_) => Vec::new(),
        }
    })
}

/// A valid instrument id: 1-32 characters of a-z, 0-9 and '-', starting
/// with a letter.
pub(super) fn check_id(id: &str) -> Result<(), String> {
    let ok = (1..=32).contains(&id.len())
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{id:?} is not an id: use 1-32 characters of a-z, 0-9 and '-', starting with a letter"
        ))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    format: Spanned<i64>,
    id: Spanned<String>,
    name: Spanned<String>,
    #[serde(default)]
    rule: Option<Spanned<String>>,
    #[serde(default)]
    scoring: Option<Spanned<Scoring>>,
    #[serde(default)]
    items: Vec<Spanned<RawItem>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    text: Spanned<String>,
    options: Spanned<Vec<Spanned<OptionChoice>>>,
}

/// Line numbers of byte offsets in the file.
struct Lines<'a>(&'a str);

impl Lines<'_> {
    fn at(&self, span: &Range<usize>) -> usize {
        let end = span.start.min(self.0.len());
        self.0.as_bytes()[..end]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1
    }

    fn err<T>(
        &self,
        span: Range<usize>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Result<T, DefinitionError> {
        Err(DefinitionError {
            line: self.at(&span),
            field: field.into(),
            message: message.into(),
        })
    }
}

fn text_ok(text: &str, max: usize) -> Result<(), String> {
    if text.trim().is_empty() {
        return Err("must not be empty".into());
    }
    if text.chars().count() > max {
        return Err(format!("at most {max} characters"));
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err("has a control character".into());
    }
    Ok(())
}

impl Questionnaire {
    /// Reads a definition file (docs/questionnaires.md).
    pub fn parse(text: &str) -> Result<Questionnaire, DefinitionError> {
        let lines = Lines(text);
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |s| lines.at(&s));
            let message = e.message().trim().to_string();
            let field = message
                .split('`')
                .nth(1)
                .filter(|f| !f.is_empty())
                .unwrap_or("file")
                .to_string();
            DefinitionError {
                line,
                field,
                message,
            }
        })?;
        if *raw.format.get_ref() != FORMAT {
            return lines.err(
                raw.format.span(),
                "format",
                format!(
                    "this Keel reads format {FORMAT}, got {}",
                    raw.format.get_ref()
                ),
            );
        }
        let id = raw.id.get_ref().clone();
        if let Err(m) = check_id(&id) {
            return lines.err(raw.id.span(), "id", m);
        }
        if id == NPRS || id == PSFS {
            return lines.err(
                raw.id.span(),
                "id",
                format!("{id:?} is built into Keel; choose another id"),
            );
        }
        if let Err(m) = text_ok(raw.name.get_ref(), 120) {
            return lines.err(raw.name.span(), "name", m);
        }
        if raw.items.is_empty() {
            return lines.err(0..0, "items", "the file defines no [[items]]");
        }
        if raw.items.len() > MAX_ITEMS {
            return lines.err(
                raw.items[MAX_ITEMS].span(),
                "items",
                format!("at most {MAX_ITEMS} items"),
            );
        }
        let mut items = Vec::with_capacity(raw.items.len());
        for (i, item) in raw.items.iter().enumerate() {
            let n = i + 1;
            let RawItem { text, options } = item.get_ref();
            if let Err(m) = text_ok(text.get_ref(), 500) {
                return lines.err(text.span(), format!("items[{n}].text"), m);
            }
            let span = options.span();
            let options = options.get_ref();
            if options.len() < 2 || options.len() > MAX_OPTIONS {
                return lines.err(
                    span,
                    format!("items[{n}].options"),
                    format!(
                        "an item needs 2 to {MAX_OPTIONS} options, got {}",
                        options.len()
                    ),
                );
            }
            for (j, option) in options.iter().enumerate() {
                if let Err(m) = text_ok(&option.get_ref().text, 500) {
                    return lines.err(
                        option.span(),
                        format!("items[{n}].options[{}].text", j + 1),
                        m,
                    );
                }
            }
            items.push(Item {
                text: text.get_ref().clone(),
                options: options.iter().map(|o| o.get_ref().clone()).collect(),
            });
        }
        let (rule, scoring) = match (&raw.rule, &raw.scoring) {
            (Some(rule), None) => {
                let Some(found) = builtin_rules().iter().find(|r| r.id == *rule.get_ref()) else {
                    let known: Vec<&str> = builtin_rules().iter().map(|r| r.id.as_str()).collect();
                    return lines.err(
                        rule.span(),
                        "rule",
                        format!(
                            "Keel has no scoring rule {:?}; it has {}",
                            rule.get_ref(),
                            known.join(", ")
                        ),
                    );
                };
                check_against_rule(&lines, &raw.items, found)?;
                (Some(found.id.clone()), found.scoring.clone())
            }
            (None, Some(scoring)) => {
                if let Err(m) = check_scoring(scoring.get_ref(), items.len()) {
                    return lines.err(scoring.span(), "scoring", m);
                }
                (None, scoring.get_ref().clone())
            }
            (Some(rule), Some(_)) => {
                return lines.err(
                    rule.span(),
                    "rule",
                    "give either `rule` (Keel's scoring) or a [scoring] table, not both",
                );
            }
            (None, None) => {
                return lines.err(
                    0..0,
                    "scoring",
                    "the file needs `rule = \"odi\"` (or \"rmdq\", \"startback\") or a [scoring] table",
                );
            }
        };
        Ok(Questionnaire {
            id,
            name: raw.name.get_ref().trim().to_string(),
            rule,
            items,
            scoring,
        })
    }

    /// Scores one taking: `choices[i]` is item i+1's chosen option
    /// (1-based), `None` when left unanswered.
    pub fn score(&self, date: Date, choices: &[Option<u8>]) -> Result<Outcome, InputError> {
        if choices.len() != self.items.len() {
            return Err(InputError::new(
                "answers",
                format!(
                    "{} has {} items; got {} answers",
                    self.name,
                    self.items.len(),
                    choices.len()
                ),
            ));
        }
        let mut answers = Vec::with_capacity(choices.len());
        let mut sum = 0u32;
        let mut most = 0u32;
        let mut missing = 0usize;
        for (i, (item, choice)) in self.items.iter().zip(choices).enumerate() {
            let n = i + 1;
            let points = match choice {
                None => {
                    missing += 1;
                    None
                }
                Some(c) => {
                    let Some(option) = usize::from(*c)
                        .checked_sub(1)
                        .and_then(|k| item.options.get(k))
                    else {
                        return Err(InputError::new(
                            format!("item {n}"),
                            format!("choose an option from 1 to {}, got {c}", item.options.len()),
                        ));
                    };
                    sum += u32::from(option.points);
                    most += item
                        .options
                        .iter()
                        .map(|o| u32::from(o.points))
                        .max()
                        .unwrap_or(0);
                    Some(option.points)
                }
            };
            answers.push(Answer {
                item: n.to_string(),
                points,
                option: *choice,
            });
        }
        if missing > usize::from(self.scoring.max_missing) || missing == self.items.len() {
            return Err(InputError::new(
                "answers",
                format!(
                    "{missing} items are unanswered; {} allows at most {}",
                    self.name, self.scoring.max_missing
                ),
            ));
        }
        let score = match self.scoring.formula {
            Formula::Sum => f64::from(sum),
            Formula::Percent if most == 0 => 0.0,
            Formula::Percent => f64::from(sum) * 100.0 / f64::from(most),
        };
        let subscores: Vec<Subscore> = self
            .scoring
            .subscales
            .iter()
            .map(|s| Subscore {
                name: s.name.clone(),
                score: s
                    .items
                    .iter()
                    .filter_map(|n| answers.get(usize::from(*n).wrapping_sub(1)))
                    .filter_map(|a| a.points)
                    .map(f64::from)
                    .sum(),
            })
            .collect();
        let band = self
            .scoring
            .bands
            .iter()
            .find(|b| {
                let value = match &b.subscale {
                    None => Some(score),
                    Some(name) => subscores.iter().find(|s| s.name == *name).map(|s| s.score),
                };
                value.is_some_and(|v| b.min.is_none_or(|m| v >= m) && b.max.is_none_or(|m| v <= m))
            })
            .map(|b| b.label.clone());
        Ok(Outcome {
            date,
            instrument: self.id.clone(),
            answers,
            score,
            subscores,
            band,
        })
    }

    /// Parses answers as typed: option numbers separated by commas, `-`
    /// for an item left unanswered (`1,3,-,2`).
    pub fn parse_choices(&self, text: &str) -> Result<Vec<Option<u8>>, InputError> {
        text.split(',')
            .enumerate()
            .map(|(i, part)| {
                let part = part.trim();
                if part == "-" {
                    return Ok(None);
                }
                part.parse::<u8>().map(Some).map_err(|_| {
                    InputError::new(
                        format!("item {}", i + 1),
                        format!("an option number or '-', got {part:?}"),
                    )
                })
            })
            .collect()
    }
}

fn check_scoring(scoring: &Scoring, items: usize) -> Result<(), String> {
    if usize::from(scoring.max_missing) >= items {
        return Err(format!(
            "max_missing ({}) must be less than the number of items ({items})",
            scoring.max_missing
        ));
    }
    match (scoring.mcid, &scoring.mcid_source) {
        (Some(m), _) if !(m.is_finite() && m > 0.0) => {
            return Err(format!("mcid must be a positive number, got {m}"));
        }
        (Some(_), None) => return Err("mcid needs its mcid_source".into()),
        (None, Some(_)) => return Err("mcid_source without mcid".into()),
        _ => {}
    }
    for s in &scoring.subscales {
        text_ok(&s.name, 60).map_err(|m| format!("subscale name {m}"))?;
        if s.items.is_empty() {
            return Err(format!("subscale {:?} lists no items", s.name));
        }
        if let Some(bad) = s
            .items
            .iter()
            .find(|n| **n == 0 || usize::from(**n) > items)
        {
            return Err(format!(
                "subscale {:?} names item {bad}; items are numbered 1 to {items}",
                s.name
            ));
        }
    }
    for b in &scoring.bands {
        text_ok(&b.label, 60).map_err(|m| format!("band label {m}"))?;
        if let Some(name) = &b.subscale
            && !scoring.subscales.iter().any(|s| s.name == *name)
        {
            return Err(format!("band {:?} names no subscale {name:?}", b.label));
        }
        if let (Some(lo), Some(hi)) = (b.min, b.max)
            && lo > hi
        {
            return Err(format!("band {:?} has min above max", b.label));
        }
    }
    Ok(())
}

/// A file scored by a built-in rule must have that questionnaire's shape.
fn check_against_rule(
    lines: &Lines<'_>,
    items: &[Spanned<RawItem>],
    rule: &Rule,
) -> Result<(), DefinitionError> {
    if items.len() != usize::from(rule.item_count) {
        return lines.err(
            items.last().map_or(0..0, Spanned::span),
            "items",
            format!(
                "{} has {} items; the file defines {}",
                rule.name,
                rule.item_count,
                items.len()
            ),
        );
    }
    for (i, item) in items.iter().enumerate() {
        let options = &item.get_ref().options;
        let points: Vec<u8> = options
            .get_ref()
            .iter()
            .map(|o| o.get_ref().points)
            .collect();
        let lo = points.iter().min().copied().unwrap_or(0);
        let hi = points.iter().max().copied().unwrap_or(0);
        if lo != rule.points_min || hi != rule.points_max {
            return lines.err(
                options.span(),
                format!("items[{}].options", i + 1),
                format!(
                    "{}'s items score {} to {} points; these options score {lo} to {hi}",
                    rule.name, rule.points_min, rule.points_max
                ),
            );
        }
    }
    Ok(())
}
