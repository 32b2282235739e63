//! JSON fields to core types. Numbers arrive as plain JSON numbers and are
//! checked by the keel-core newtypes here, so a range error is a 422 that
//! names the JSON field (`"field": "rpe"`), never a serde 400.

use keel_core::InputError;
use keel_core::engine::FormFault;
use keel_core::measure::{Pain, Readiness, Rpe};
use keel_core::program::Load;
use keel_core::redflag::{RedFlag, Screen};
use keel_core::units::Units;

pub fn rpe(value: i64) -> Result<Rpe, InputError> {
    Rpe::new(value).map_err(|e| e.in_field("rpe"))
}

pub fn pain(value: i64, field: &str) -> Result<Pain, InputError> {
    Pain::new(value).map_err(|e| e.in_field(field))
}

pub fn readiness(value: i64, field: &str) -> Result<Readiness, InputError> {
    Readiness::new(value).map_err(|e| e.in_field(field))
}

/// A non-negative amount in the prescription's unit.
pub fn actual(value: i64) -> Result<u32, InputError> {
    u32::try_from(value)
        .map_err(|_| InputError::new("actual", format!("actual must be 0 or more, got {value}")))
}

/// One side's result of a per-side set (`left` or `right`), 0 or more.
pub fn side(value: i64, field: &str) -> Result<u32, InputError> {
    u32::try_from(value)
        .map_err(|_| InputError::new(field, format!("{field} must be 0 or more, got {value}")))
}

/// The API's loads are kilograms unless `load_unit` says `lb` (a program
/// need not know the athlete's unit; the profile's `units` says how to
/// show them).
pub fn load_unit(text: Option<&str>) -> Result<Units, InputError> {
    text.map_or(Ok(Units::Kg), |t| {
        Units::parse(t).map_err(|e| e.in_field("load_unit"))
    })
}

/// A load in `units`, `None` for the prescribed load; 0 means bodyweight.
pub fn load(amount: Option<f64>, units: Units, default: Load) -> Result<Load, InputError> {
    amount.map_or(Ok(default), |a| Load::from_amount(a, units))
}

pub fn faults(slugs: &[String]) -> Result<Vec<FormFault>, InputError> {
    let mut list = slugs
        .iter()
        .map(|slug| FormFault::parse(slug).map_err(|e| e.in_field("faults")))
        .collect::<Result<Vec<_>, _>>()?;
    list.sort();
    list.dedup();
    Ok(list)
}

pub fn note(text: Option<String>) -> Result<Option<String>, InputError> {
    match keel_app::record::note(text)? {
        Some(t) => crate::forms::typed_text("note", &t).map(|()| Some(t)),
        None => Ok(None),
    }
}

/// The red-flag screen: `None` when not answered (never taken as clear);
/// the list holds the warning signs answered "yes".
pub fn screen(red_flags: Option<&[String]>) -> Result<Option<Screen>, InputError> {
    let Some(slugs) = red_flags else {
        return Ok(None);
    };
    let mut flags = slugs
        .iter()
        .map(|slug| {
            RedFlag::parse(slug).ok_or_else(|| {
                InputError::new("red_flags", format!("unknown warning sign {slug:?}"))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    flags.sort();
    flags.dedup();
    Ok(Some(Screen { flags }))
}

/// The 422 for pain logged without the screen's answers.
pub fn screen_required() -> InputError {
    InputError::new(
        "red_flags",
        "pain was logged, so the red-flag screen is required: send `red_flags` with the \
         warning signs you have (an empty list if none); nothing was saved",
    )
}

/// For a field where absent and null differ (`#[serde(default,
/// deserialize_with = "present")]`): absent is `None` (keep), null is
/// `Some(None)` (remove), a value `Some(Some(v))`.
pub fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    serde::Deserialize::deserialize(deserializer).map(Some)
}
