//! The profile's fields, shared by onboarding and settings: the controls,
//! filled from a profile, and their validation into the core types.

use keel_app::profile as answers;
use keel_core::catalog::Equipment;
use keel_core::profile::{Profile, Sex, TrainingAge, weekday_short};
use maud::{Markup, html};

use super::problems::Problems;
use crate::forms::Fields;

const DAYS: [jiff::civil::Weekday; 7] = {
    use jiff::civil::Weekday::*;
    [
        Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday,
    ]
};

/// The profile fields of the onboarding and settings forms, filled from `p`.
pub fn profile_fields(p: &Profile) -> Markup {
    profile_fields_as_typed(p, None, &Problems::default())
}

/// The profile fields filled from `p`, or from what was `typed` when the
/// form comes back with `problems` (each shown beside its control).
pub fn profile_fields_as_typed(p: &Profile, typed: Option<&Fields>, problems: &Problems) -> Markup {
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
    let age = typed.map_or(age, |f| f.get("training-age").unwrap_or(age));
    let sex = typed.map_or(sex, |f| f.get("sex").unwrap_or(""));
    let name = match typed {
        Some(f) => f.get("name").unwrap_or("").to_string(),
        None => p.name.clone().unwrap_or_default(),
    };
    let pain = match typed {
        Some(f) => f.get("pain").unwrap_or("").to_string(),
        None => p.pain_now.get().to_string(),
    };
    let day_ticked = |d: jiff::civil::Weekday| match typed {
        Some(f) => f
            .all("day")
            .any(|v| v.eq_ignore_ascii_case(weekday_short(d))),
        None => p.training_days.contains(d),
    };
    let light = typed.map_or(p.light_days, |f| f.checked("light-days"));
    let units = typed
        .and_then(|f| f.get("units"))
        .unwrap_or(p.units.symbol());
    let sizes = |piece: answers::Piece| match typed {
        Some(f) => f.get(piece.field()).unwrap_or("").to_string(),
        None => answers::sizes_text(p, piece),
    };
    let has_equipment = |e: &Equipment| match typed {
        Some(f) => f.all("equipment").any(|v| v == e.slug()),
        None => p.equipment.contains(e),
    };
    html! {
        label for="name" { "Your name (optional)" }
        input #name name="name" type="text" autocomplete="given-name" maxlength="100"
            aria-invalid=[problems.invalid("name")]
            aria-describedby=[problems.described_by("name", None)]
            value=(name);
        (problems.note("name"))
        label for="sex" { "Sex, for norms only (optional)" }
        select #sex name="sex" aria-invalid=[problems.invalid("sex")]
            aria-describedby=[problems.described_by("sex", None)] {
            option value="" selected[sex.is_empty()] { "Not given: show both norms" }
            option value="male" selected[sex == "male"] { "Male" }
            option value="female" selected[sex == "female"] { "Female" }
        }
        (problems.note("sex"))
        label for="training-age" { "Regular strength training" }
        select #training-age name="training-age" aria-invalid=[problems.invalid("training-age")]
            aria-describedby=[problems.described_by("training-age", None)] {
            option value="novice" selected[age == "novice"] { "Under a year (novice)" }
            option value="intermediate" selected[age == "intermediate"] { "1-3 years (intermediate)" }
            option value="advanced" selected[age == "advanced"] { "Over 3 years (advanced)" }
        }
        (problems.note("training-age"))
        fieldset #days aria-invalid=[problems.invalid("days")]
            aria-describedby=[problems.described_by("days", None)] {
            legend { "Training days (2 to 6)" }
            div.checks {
                @for d in DAYS {
                    @let id = format!("day-{}", weekday_short(d).to_ascii_lowercase());
                    label.check for=(id) {
                        input id=(id) type="checkbox" name="day"
                            value=(weekday_short(d).to_ascii_lowercase())
                            checked[day_ticked(d)];
                        (weekday_short(d))
                    }
                }
            }
            (problems.note("days"))
        }
        label.check for="light-days" {
            input #light-days type="checkbox" name="light-days" checked[light];
            "Offer a light 10-15 minute activation session on other days"
        }
        label for="units" { "Weights in" }
        select #units name="units" aria-invalid=[problems.invalid("units")]
            aria-describedby=[problems.described_by("units", None)] {
            option value="kg" selected[units == "kg"] { "Kilograms (kg)" }
            option value="lb" selected[units == "lb"] { "Pounds (lb)" }
        }
        (problems.note("units"))
        fieldset #equipment aria-invalid=[problems.invalid("equipment")]
            aria-describedby=[problems.described_by("equipment", None)] {
            legend { "Equipment at hand (none ticked: bodyweight only)" }
            div.checks {
                @for e in Equipment::ALL {
                    @let id = format!("eq-{}", e.slug());
                    label.check for=(id) {
                        input id=(id) type="checkbox" name="equipment" value=(e.slug())
                            checked[has_equipment(&e)];
                        (e.slug().replace('-', " "))
                    }
                }
            }
            (problems.note("equipment"))
        }
        fieldset #sizes {
            legend { "Sizes you own, in " (p.units.symbol()) " (blank: the common sizes)" }
            @for piece in answers::Piece::ALL {
                @let label = match piece {
                    answers::Piece::Kettlebells => "Kettlebells, e.g. 8, 12, 16",
                    answers::Piece::Dumbbells => "Dumbbells, lightest-heaviest/step, e.g. 2-30/2",
                    answers::Piece::Barbell => "Barbell, the bar's own mass",
                    answers::Piece::Plates => "Smallest plate (loaded in pairs)",
                };
                label for=(piece.field()) { (label) }
                input id=(piece.field()) name=(piece.field()) type="text" maxlength="200"
                    placeholder=(answers::default_sizes_text(piece, p.units))
                    aria-invalid=[problems.invalid(piece.field())]
                    aria-describedby=[problems.described_by(piece.field(), None)]
                    value=(sizes(piece));
                (problems.note(piece.field()))
            }
        }
        label for="pain" { "Back pain right now, 0 none to 10 worst" }
        input #pain name="pain" type="number" inputmode="numeric" min="0" max="10" required
            aria-invalid=[problems.invalid("pain")]
            aria-describedby=[problems.described_by("pain", None)]
            value=(pain);
        (problems.note("pain"))
    }
}
