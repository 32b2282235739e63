//! JSON bodies read through the pages' own validation: a profile or a set
//! of test results is turned into the form fields the onboarding, settings
//! and retest pages post, then parsed by the same functions
//! ([`parse_profile`], [`parse_tests`]), so the API cannot accept what the
//! pages refuse. Errors are renamed back to the JSON field that was sent.

use jiff::civil::Date;
use keel_core::InputError;
use keel_core::assessment::AssessmentInput;
use keel_core::assessment::instructions::INSTRUCTIONS;
use keel_core::profile::Profile;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::wire;
use crate::forms::Fields;
use crate::forms::assessment::parse_tests;
use crate::forms::profile::parse_profile;
use keel_app::profile::{self as answers, Piece};

/// A profile as JSON, in the shape `GET /api/v1/profile` answers.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileBody {
    pub name: Option<String>,
    /// `male`, `female`, or null (both norms shown).
    pub sex: Option<String>,
    /// `novice`, `intermediate` or `advanced`; the current one when absent.
    pub training_age: Option<String>,
    /// 2 to 6 of `mon` ... `sun`.
    pub training_days: Vec<String>,
    #[serde(default)]
    pub light_days: bool,
    #[serde(default)]
    pub equipment: Vec<String>,
    /// Back pain right now, 0-10.
    pub pain_now: i64,
    /// `kg` or `lb`: the unit of every load read and shown; the current one
    /// (kg for a new user) when absent.
    pub units: Option<String>,
    /// Sizes owned, typed in the profile's unit as on the profile page
    /// (`"8, 12, 16"`, `"2-30/2"`, `"20"`, `"1.25"`); blank is the common
    /// sizes, absent keeps the current ones.
    #[serde(default)]
    pub kettlebells: Option<String>,
    #[serde(default)]
    pub dumbbells: Option<String>,
    #[serde(default)]
    pub barbell: Option<String>,
    #[serde(default)]
    pub plates: Option<String>,
    /// The sizes in kilograms, as `GET` answers them; each size given as
    /// text above takes its place.
    #[serde(default)]
    pub inventory: Option<wire::InventoryBody>,
}

/// The page field name of a JSON profile field, and back.
const PROFILE_FIELDS: &[(&str, &str)] = &[
    ("training age", "training_age"),
    ("training days", "training_days"),
    ("days", "training_days"),
    ("pain", "pain_now"),
];

fn json_field(err: InputError, names: &[(&str, &str)], prefix: &str) -> InputError {
    let field = names
        .iter()
        .find(|(page, _)| *page == err.field)
        .map_or(err.field.clone(), |(_, json)| (*json).to_string());
    InputError::new(format!("{prefix}{field}"), err.message)
}

/// `body` on top of `base`, checked as the profile form is.
pub fn profile(body: ProfileBody, base: Profile, prefix: &str) -> Result<Profile, InputError> {
    let mut f = Vec::new();
    let mut put = |key: &str, value: String| f.push((key.to_string(), value));
    if let Some(name) = body.name {
        put("name", name);
    }
    if let Some(sex) = body.sex {
        put("sex", sex);
    }
    if let Some(age) = body.training_age {
        put("training-age", age);
    }
    for day in body.training_days {
        put("day", day);
    }
    if body.light_days {
        put("light-days", "on".into());
    }
    for item in body.equipment {
        put("equipment", item);
    }
    put("pain", body.pain_now.to_string());
    if let Some(units) = body.units {
        put("units", units);
    }
    // Sizes in kilograms (the `GET` shape) become the text the page reads,
    // in the profile's unit, so one parser checks both.
    let stored = body
        .inventory
        .map(|sent| {
            sent.checked().map_err(|e| {
                let field = format!("{prefix}inventory.{}", e.field);
                e.in_field(field)
            })
        })
        .transpose()?
        .map(|inventory| Profile {
            inventory,
            ..base.clone()
        });
    let sizes = [
        (Piece::Kettlebells, body.kettlebells),
        (Piece::Dumbbells, body.dumbbells),
        (Piece::Barbell, body.barbell),
        (Piece::Plates, body.plates),
    ];
    for (piece, text) in sizes {
        let text = text.or_else(|| stored.as_ref().map(|p| answers::sizes_text(p, piece)));
        if let Some(text) = text {
            put(piece.field(), text);
        }
    }
    parse_profile(&Fields(f), base).map_err(|e| json_field(e, PROFILE_FIELDS, prefix))
}

/// Test results by test key (`{"extensor": 95, "thomas-left": "pass"}`),
/// checked as the retest form is; a key Keel does not know is refused.
pub fn tests(
    body: Map<String, Value>,
    date: Date,
    prefix: &str,
) -> Result<AssessmentInput, InputError> {
    let mut f = Vec::new();
    for (key, value) in body {
        let field = format!("{prefix}{key}");
        if !INSTRUCTIONS.iter().any(|t| t.key == key) {
            let known: Vec<&str> = INSTRUCTIONS.iter().map(|t| t.key).collect();
            return Err(InputError::new(
                field,
                format!("not a test Keel knows; the tests are {}", known.join(", ")),
            ));
        }
        let text = match value {
            Value::Null => continue,
            Value::Number(n) => n.to_string(),
            Value::String(s) => s,
            other => {
                return Err(InputError::new(
                    field,
                    format!("give a number (or \"pass\"/\"fail\"), got {other}"),
                ));
            }
        };
        f.push((key, text));
    }
    let by_question: Vec<(&str, &str)> = INSTRUCTIONS.iter().map(|t| (t.question, t.key)).collect();
    parse_tests(&Fields(f), date).map_err(|e| json_field(e, &by_question, prefix))
}
