//! Posted forms: the raw fields, and parsers that turn each one into a core
//! type. Every error names the field (as its label reads on the page), so
//! the 422 page says what to fix; nothing is written before all parse.

pub mod assessment;
pub mod profile;

use keel_core::InputError;
use keel_core::engine::FormFault;
use keel_core::measure::{Pain, Readiness, Rpe};
use keel_core::program::Load;
use keel_core::redflag::{RedFlag, Screen};
use keel_core::units::Units;

/// Largest body any form may post; bigger requests get a 413.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Longest free-text note kept with a set, a session or a resume: keel-app's
/// one limit, which the terminal applies too.
pub use keel_app::record::MAX_NOTE_CHARS;

/// The fields of an `application/x-www-form-urlencoded` body, in order.
/// A list rather than a map: checkbox groups repeat their name.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(transparent)]
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    /// The first value of `name`, trimmed; `None` when absent or blank.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// Every value of `name` (a checkbox group).
    pub fn all(&self, name: &str) -> impl Iterator<Item = &str> {
        self.0
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.trim())
    }

    /// A checkbox: present with any value but "no"/"off".
    pub fn checked(&self, name: &str) -> bool {
        self.get(name)
            .is_some_and(|v| !matches!(v, "no" | "off" | "false" | "0"))
    }

    /// A required value.
    pub fn required(&self, name: &str, label: &str) -> Result<&str, InputError> {
        self.get(name)
            .ok_or_else(|| InputError::new(label, format!("{label} is empty; enter a value")))
    }
}

/// A count of 0 to 255 (reps), required.
pub fn count(fields: &Fields, name: &str, label: &str) -> Result<u8, InputError> {
    let value = whole(fields, name, label)?;
    u8::try_from(value)
        .map_err(|_| InputError::new(label, format!("{label} must be 0 to 255, got {value}")))
}

/// A whole number, required; `label` names the field in the message.
pub fn whole(fields: &Fields, name: &str, label: &str) -> Result<i64, InputError> {
    let text = fields.required(name, label)?;
    text.parse::<i64>().map_err(|_| {
        InputError::new(
            label,
            format!("{label} must be a whole number, got {text:?}"),
        )
    })
}

/// A non-negative amount (seconds, reps, metres) as a plain number.
pub fn amount(fields: &Fields, name: &str, label: &str) -> Result<u32, InputError> {
    let value = whole(fields, name, label)?;
    u32::try_from(value)
        .map_err(|_| InputError::new(label, format!("{label} cannot be negative, got {value}")))
}

pub fn rpe(fields: &Fields, name: &str, label: &str) -> Result<Rpe, InputError> {
    Rpe::new(whole(fields, name, label)?).map_err(|e| e.in_field(label))
}

/// An RPE that may be left blank.
pub fn optional_rpe(fields: &Fields, name: &str, label: &str) -> Result<Option<Rpe>, InputError> {
    match fields.get(name) {
        None => Ok(None),
        Some(_) => rpe(fields, name, label).map(Some),
    }
}

pub fn pain(fields: &Fields, name: &str, label: &str) -> Result<Pain, InputError> {
    Pain::new(whole(fields, name, label)?).map_err(|e| e.in_field(label))
}

pub fn readiness(fields: &Fields, name: &str, label: &str) -> Result<Readiness, InputError> {
    Readiness::new(whole(fields, name, label)?).map_err(|e| e.in_field(label))
}

/// "yes" or "no", required.
pub fn yes_no(fields: &Fields, name: &str, label: &str) -> Result<bool, InputError> {
    match fields.required(name, label)? {
        "yes" => Ok(true),
        "no" => Ok(false),
        other => Err(InputError::new(
            label,
            format!("{label}: answer yes or no, got {other:?}"),
        )),
    }
}

/// The onboarding screen: one yes/no radio per question, `flag-SLUG`. A
/// question left unanswered refuses the form, naming it: never "no".
/// Every problem at once, each with the question it is about (`None`: the
/// form as a whole).
pub fn check_screen(fields: &Fields) -> Result<Screen, Vec<(Option<RedFlag>, InputError)>> {
    const LABEL: &str = "Warning signs";
    if fields.all("flag").next().is_some() {
        return Err(vec![(
            None,
            InputError::new(
                LABEL,
                "warning signs: answer each question with its own yes or no (flag-SLUG)",
            ),
        )]);
    }
    let mut problems = Vec::new();
    for flag in RedFlag::ALL {
        let name = format!("flag-{}", flag.slug());
        let mut answer: Option<bool> = None;
        let mut bad = None;
        for value in fields.all(&name) {
            let this = match value {
                "yes" => true,
                "no" => false,
                other => {
                    bad.get_or_insert_with(|| other.to_string());
                    continue;
                }
            };
            if answer.is_some_and(|a| a != this) {
                bad.get_or_insert_with(|| value.to_string());
            }
            answer = Some(this);
        }
        if let Some(value) = bad {
            problems.push((
                Some(flag),
                InputError::new(
                    LABEL,
                    format!(
                        "warning signs: {:?} answer yes or no, got {value:?}",
                        flag.question()
                    ),
                ),
            ));
        } else if answer.is_none() {
            problems.push((
                Some(flag),
                InputError::new(
                    LABEL,
                    format!(
                        "warning signs: {:?} was not answered; answer yes or no to every question",
                        flag.question()
                    ),
                ),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let screen = Screen::from_answers(|flag| {
        fields
            .get(&format!("flag-{}", flag.slug()))
            .map(|v| v == "yes")
    });
    screen.map_err(|flag| {
        vec![(
            Some(flag),
            InputError::new(
                LABEL,
                format!(
                    "warning signs: {:?} was not answered; answer yes or no to every question",
                    flag.question()
                ),
            ),
        )]
    })
}

/// The fault checkboxes (`fault=pelvis-shift&fault=rib-flare`).
pub fn faults(fields: &Fields) -> Result<Vec<FormFault>, InputError> {
    let mut list = fields
        .all("fault")
        .map(|slug| FormFault::parse(slug).map_err(|e| e.in_field("Faults seen")))
        .collect::<Result<Vec<_>, _>>()?;
    list.sort();
    list.dedup();
    Ok(list)
}

/// The load field: a number in the athlete's `units` (or with its own unit,
/// `16 kg`, `35 lb`), or blank for `default` (the prescribed load).
pub fn load(fields: &Fields, name: &str, default: Load, units: Units) -> Result<Load, InputError> {
    let Some(text) = fields.get(name) else {
        return Ok(default);
    };
    Load::parse_in(text, units).map_err(|e| e.in_field(load_label(units)))
}

/// The load field's label: "Load (kg)", "Load (lb)".
pub fn load_label(units: Units) -> String {
    format!("Load ({units})")
}

/// A free-text note, bounded.
pub fn note(fields: &Fields, name: &str) -> Result<Option<String>, InputError> {
    match fields.get(name) {
        None => Ok(None),
        Some(text) if text.chars().count() > MAX_NOTE_CHARS => Err(InputError::new(
            "Note",
            format!("Note is too long: at most {MAX_NOTE_CHARS} characters"),
        )),
        Some(text) => {
            typed_text("Note", text)?;
            Ok(Some(text.to_string()))
        }
    }
}

/// Free text a person typed: control characters other than line breaks and
/// tabs are refused, naming `label`. They are never typed on purpose, and
/// PostgreSQL cannot store NUL at all (it would be a server error).
pub fn typed_text(label: &str, text: &str) -> Result<(), InputError> {
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(InputError::new(
            label,
            format!("{label} cannot contain control characters"),
        ));
    }
    Ok(())
}

/// The red-flag screen: one checkbox per flag (`flag=pain-below-knee`), and
/// `screened=yes` proving the questions were shown (an unanswered screen is
/// never taken as clear).
pub fn screen(fields: &Fields) -> Result<Option<Screen>, InputError> {
    if !fields.checked("screened") {
        return Ok(None);
    }
    let mut flags = fields
        .all("flag")
        .map(|slug| {
            RedFlag::parse(slug).ok_or_else(|| {
                InputError::new("Safety screen", format!("unknown warning sign {slug:?}"))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    flags.sort();
    flags.dedup();
    Ok(Some(Screen { flags }))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        Fields(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn errors_name_the_field() {
        let f = fields(&[("rpe", "11"), ("actual", ""), ("pain", "x"), ("hold", "-5")]);
        assert_eq!(
            rpe(&f, "rpe", "Effort (RPE)").unwrap_err().field,
            "Effort (RPE)"
        );
        let empty = amount(&f, "actual", "Actual seconds").unwrap_err();
        assert!(empty.message.contains("empty"), "{empty}");
        assert!(
            pain(&f, "pain", "Pain")
                .unwrap_err()
                .message
                .contains("whole number")
        );
        let negative = amount(&f, "hold", "Hold").unwrap_err();
        assert!(negative.message.contains("negative"), "{negative}");
    }

    #[test]
    fn checkbox_groups_parse_and_reject_unknown_values() {
        let f = fields(&[("fault", "rib-flare"), ("fault", "pelvis-shift")]);
        assert_eq!(
            faults(&f).unwrap(),
            vec![FormFault::PelvisShift, FormFault::RibFlare]
        );
        assert!(faults(&fields(&[("fault", "wobble")])).is_err());
        assert_eq!(screen(&fields(&[("flag", "night-pain")])).unwrap(), None);
        let s = screen(&fields(&[("screened", "yes"), ("flag", "night-pain")]))
            .unwrap()
            .unwrap();
        assert_eq!(s.flags, vec![RedFlag::NightPain]);
    }

    #[test]
    fn load_defaults_when_blank() {
        assert_eq!(
            load(&fields(&[]), "load", Load::ChooseForRpe, Units::Lb).unwrap(),
            Load::ChooseForRpe
        );
        assert_eq!(
            load(
                &fields(&[("load", "12.5")]),
                "load",
                Load::Bodyweight,
                Units::Kg
            )
            .unwrap(),
            Load::Kg { kg: 12.5 }
        );
        let err = load(
            &fields(&[("load", "-1")]),
            "load",
            Load::Bodyweight,
            Units::Lb,
        )
        .unwrap_err();
        assert_eq!(err.field, "Load (lb)");
    }

    #[test]
    fn a_bare_load_is_in_the_athletes_unit() {
        let lb = load(
            &fields(&[("load", "35")]),
            "load",
            Load::Bodyweight,
            Units::Lb,
        )
        .unwrap();
        assert_eq!(
            lb,
            load(
                &fields(&[("load", "35 lb")]),
                "load",
                Load::Bodyweight,
                Units::Kg
            )
            .unwrap()
        );
        assert_eq!(
            keel_app::wording::load_input(lb, Units::Lb).as_deref(),
            Some("35")
        );
    }
}
