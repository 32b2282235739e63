//! The profile as a form posts it (the onboarding and settings pages, and
//! the API, which sends the same fields): each answer into its core type,
//! naming the field that was wrong.

use keel_app::profile as answers;
use keel_core::InputError;
use keel_core::measure::Pain;
use keel_core::profile::{Profile, Sex, TrainingAge, TrainingDays};
use keel_core::units::Units;

use super::Fields;

/// Validates the profile fields of a form on top of `base`, naming the field
/// of the first wrong value.
pub fn parse_profile(f: &Fields, base: Profile) -> Result<Profile, InputError> {
    check_profile(f, base).map_err(|mut all| all.remove(0).1)
}

/// Validates every profile field of a form on top of `base`: the profile,
/// or every wrong value with the id of its control (in the form's order).
pub fn check_profile(
    f: &Fields,
    base: Profile,
) -> Result<Profile, Vec<(&'static str, InputError)>> {
    let mut p = base;
    let mut problems = Vec::new();
    let mut keep = |id: &'static str, r: Result<(), InputError>| {
        if let Err(e) = r {
            problems.push((id, e));
        }
    };
    keep(
        "name",
        f.get("name")
            .map_or(Ok(()), |name| super::typed_text("name", name)),
    );
    p.name = f.get("name").and_then(answers::name);
    keep(
        "sex",
        f.get("sex")
            .map(Sex::parse)
            .transpose()
            .map(|sex| p.sex = sex)
            .map_err(|e| e.in_field("sex")),
    );
    if let Some(age) = f.get("training-age") {
        keep(
            "training-age",
            TrainingAge::parse(age)
                .map(|age| p.training_age = age)
                .map_err(|e| e.in_field("training age")),
        );
    }
    let days: Vec<&str> = f.all("day").collect();
    keep(
        "days",
        if days.is_empty() {
            Err(InputError::new(
                "training days",
                "choose 2 to 6 training days",
            ))
        } else {
            TrainingDays::parse(&days.join(","))
                .map(|d| p.training_days = d)
                .map_err(|e| e.in_field("training days"))
        },
    );
    p.light_days = f.checked("light-days");
    if let Some(units) = f.get("units") {
        keep(
            "units",
            Units::parse(units)
                .map(|u| p.units = u)
                .map_err(|e| e.in_field("units")),
        );
    }
    keep(
        "equipment",
        answers::equipment(f.all("equipment"))
            .map(|e| p.equipment = e)
            .map_err(|e| e.in_field("equipment")),
    );
    keep(
        "pain",
        f.get("pain")
            .ok_or_else(|| InputError::new("pain", "give your back pain right now, 0-10"))
            .and_then(|pain| pain.parse::<Pain>().map_err(|e| e.in_field("pain")))
            .map(|pain| p.pain_now = pain),
    );
    // Sizes last: typed in the profile's unit (docs/method.md §5.9).
    for piece in answers::Piece::ALL {
        if let Some(text) = f.get(piece.field()) {
            keep(
                piece.field(),
                super::typed_text(piece.field(), text)
                    .and_then(|()| answers::set_sizes(&mut p, piece, text, false)),
            );
        }
    }
    if problems.is_empty() {
        Ok(p)
    } else {
        Err(problems)
    }
}
