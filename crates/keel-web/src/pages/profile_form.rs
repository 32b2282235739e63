//! The profile's fields, shared by onboarding and settings: the controls,
//! filled from a profile, and their validation into the core types.

use keel_app::profile as answers;
use keel_core::InputError;
use keel_core::catalog::Equipment;
use keel_core::measure::Pain;
use keel_core::profile::{Profile, Sex, TrainingAge, TrainingDays, weekday_short};
use maud::{Markup, html};

use crate::forms::Fields;

const DAYS: [jiff::civil::Weekday; 7] = {
    use jiff::civil::Weekday::*;
    [
        Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday,
    ]
};

/// The profile fields of the onboarding and settings forms, filled from `p`.
pub fn profile_fields(p: &Profile) -> Markup {
    let age = match p.training_age {
        TrainingAge::Novice => "novice",
        TrainingAge::Intermediate => "intermediate",
        TrainingAge::Advanced => "advanced",
    };
    let sex = match p.sex {
        Some(Sex::Male) => "male",
        Some(Sex::Female) => "female",
        None => "",
    };
    html! {
        label for="name" { "Your name (optional)" }
        input #name name="name" type="text" autocomplete="given-name" maxlength="100"
            value=(p.name.as_deref().unwrap_or(""));
        label for="sex" { "Sex, for norms only (optional)" }
        select #sex name="sex" {
            option value="" selected[sex.is_empty()] { "Not given: show both norms" }
            option value="male" selected[sex == "male"] { "Male" }
            option value="female" selected[sex == "female"] { "Female" }
        }
        label for="training-age" { "Regular strength training" }
        select #training-age name="training-age" {
            option value="novice" selected[age == "novice"] { "Under a year (novice)" }
            option value="intermediate" selected[age == "intermediate"] { "1-3 years (intermediate)" }
            option value="advanced" selected[age == "advanced"] { "Over 3 years (advanced)" }
        }
        fieldset {
            legend { "Training days (2 to 6)" }
            div.checks {
                @for d in DAYS {
                    @let id = format!("day-{}", weekday_short(d).to_ascii_lowercase());
                    label.check for=(id) {
                        input id=(id) type="checkbox" name="day"
                            value=(weekday_short(d).to_ascii_lowercase())
                            checked[p.training_days.contains(d)];
                        (weekday_short(d))
                    }
                }
            }
        }
        label.check for="light-days" {
            input #light-days type="checkbox" name="light-days" checked[p.light_days];
            "Offer a light 10-15 minute activation session on other days"
        }
        fieldset {
            legend { "Equipment at hand (none ticked: bodyweight only)" }
            div.checks {
                @for e in Equipment::ALL {
                    @let id = format!("eq-{}", e.slug());
                    label.check for=(id) {
                        input id=(id) type="checkbox" name="equipment" value=(e.slug())
                            checked[p.equipment.contains(&e)];
                        (e.slug().replace('-', " "))
                    }
                }
            }
        }
        label for="pain" { "Back pain right now, 0 none to 10 worst" }
        input #pain name="pain" type="number" inputmode="numeric" min="0" max="10" required
            value=(p.pain_now.get());
    }
}

/// Validates the profile fields of a form on top of `base`, naming the field
/// of the first wrong value.
pub fn parse_profile(f: &Fields, base: Profile) -> Result<Profile, InputError> {
    let mut p = base;
    if let Some(name) = f.get("name") {
        crate::forms::typed_text("name", name)?;
    }
    p.name = f.get("name").and_then(answers::name);
    p.sex = f
        .get("sex")
        .map(Sex::parse)
        .transpose()
        .map_err(|e| e.in_field("sex"))?;
    if let Some(age) = f.get("training-age") {
        p.training_age = TrainingAge::parse(age).map_err(|e| e.in_field("training age"))?;
    }
    let days: Vec<&str> = f.all("day").collect();
    if days.is_empty() {
        return Err(InputError::new(
            "training days",
            "choose 2 to 6 training days",
        ));
    }
    p.training_days =
        TrainingDays::parse(&days.join(",")).map_err(|e| e.in_field("training days"))?;
    p.light_days = f.checked("light-days");
    p.equipment = answers::equipment(f.all("equipment")).map_err(|e| e.in_field("equipment"))?;
    let pain = f
        .get("pain")
        .ok_or_else(|| InputError::new("pain", "give your back pain right now, 0-10"))?;
    p.pain_now = pain.parse::<Pain>().map_err(|e| e.in_field("pain"))?;
    Ok(p)
}
