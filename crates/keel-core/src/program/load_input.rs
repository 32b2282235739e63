//! Reading a load a person typed or sent: the one parser every front end
//! uses, so "16", "16kg", "35 lb" and "bw" mean the same in `keel log`,
//! `keel go`, `keel edit`, the web forms and the API. A bare number is in
//! the athlete's unit (`Profile::units`); a number with its unit is that.

use super::Load;
use crate::error::InputError;
use crate::units::Units;

/// The heaviest load Keel accepts, in kilograms.
pub const MAX_LOAD_KG: f64 = 1000.0;

impl Load {
    /// A load as typed, a bare number in `units` (`16`, `12.5`), or with its
    /// unit (`16kg`, `16 kg`, `35 lb`, `35lbs`), or `bw`/`bodyweight`. Zero
    /// is bodyweight, as an empty hand is. The error's field is `"load"`;
    /// callers rename it to their flag or form label with
    /// [`InputError::in_field`].
    pub fn parse_in(text: &str, units: Units) -> Result<Load, InputError> {
        let lower = text.trim().to_ascii_lowercase();
        if matches!(lower.as_str(), "bw" | "bodyweight") {
            return Ok(Load::Bodyweight);
        }
        let (number, unit) = if let Some(n) = strip_unit(&lower, &["kgs", "kg"]) {
            (n, Units::Kg)
        } else if let Some(n) = strip_unit(&lower, &["lbs", "lb"]) {
            (n, Units::Lb)
        } else {
            (lower.as_str(), units)
        };
        match number.trim().parse::<f64>() {
            Ok(value) if value.is_finite() => Load::from_amount(value, unit)
                .map_err(|_| InputError::new("load", out_of_range(text))),
            _ => Err(InputError::new(
                "load",
                format!(
                    "{text:?} is not a load; give {} (16, 12.5), a number with its unit \
                     (16 kg, 35 lb) or bw for bodyweight",
                    match units {
                        Units::Kg => "kilograms",
                        Units::Lb => "pounds",
                    }
                ),
            )),
        }
    }

    /// A load of `amount` in `units`, as the API sends it: 0 is bodyweight.
    pub fn from_amount(amount: f64, units: Units) -> Result<Load, InputError> {
        if !amount.is_finite() {
            return Err(InputError::new("load", out_of_range(&amount.to_string())));
        }
        Load::from_kg(units.to_kg(amount))
            .map_err(|_| InputError::new("load", out_of_range(&format!("{amount} {units}"))))
    }

    /// A load in kilograms, as the API sends it: 0 is bodyweight.
    pub fn from_kg(kg: f64) -> Result<Load, InputError> {
        if !(kg.is_finite() && (0.0..=MAX_LOAD_KG).contains(&kg)) {
            return Err(InputError::new("load", out_of_range(&kg.to_string())));
        }
        if kg == 0.0 {
            return Ok(Load::Bodyweight);
        }
        // Checked to lie in 0..=1000 above, which f32 holds.
        #[allow(clippy::cast_possible_truncation)]
        Ok(Load::Kg { kg: kg as f32 })
    }
}

fn strip_unit<'a>(text: &'a str, units: &[&str]) -> Option<&'a str> {
    units.iter().find_map(|unit| text.strip_suffix(unit))
}

fn out_of_range(given: &str) -> String {
    format!(
        "must be between 0 and {MAX_LOAD_KG} kg ({} lb; 0 or bw is bodyweight), got {given}",
        Units::Lb.from_kg(MAX_LOAD_KG).floor()
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn kg(load: Load) -> f32 {
        match load {
            Load::Kg { kg } => kg,
            other => panic!("expected kilograms, got {other:?}"),
        }
    }

    fn parse(text: &str) -> Result<Load, InputError> {
        Load::parse_in(text, Units::Kg)
    }

    #[test]
    fn every_spelling_of_sixteen_kilograms_is_the_same_load() {
        for text in ["16", "16kg", "16 kg", " 16KG ", "16kgs", "16.0"] {
            assert_eq!(parse(text).unwrap(), Load::Kg { kg: 16.0 }, "{text:?}");
        }
    }

    #[test]
    fn pounds_become_kilograms() {
        assert!((kg(parse("35 lb").unwrap()) - 15.875_733).abs() < 1e-4);
        assert_eq!(parse("35lbs").unwrap(), parse("35 LB").unwrap());
    }

    #[test]
    fn a_bare_number_is_in_the_athletes_unit_and_a_written_unit_wins() {
        let lb = Load::parse_in("35", Units::Lb).unwrap();
        assert_eq!(lb, Load::parse_in("35 lb", Units::Kg).unwrap());
        assert_eq!(Units::Lb.show(kg(lb)), "35 lb");
        assert_eq!(
            Load::parse_in("16kg", Units::Lb).unwrap(),
            Load::Kg { kg: 16.0 }
        );
        assert_eq!(
            Load::parse_in("16", Units::Kg).unwrap(),
            Load::Kg { kg: 16.0 }
        );
        let err = Load::parse_in("thirty", Units::Lb).unwrap_err();
        assert!(err.message.contains("pounds"), "{}", err.message);
        assert!(Load::parse_in("2300", Units::Lb).is_err());
        assert_eq!(
            Load::from_amount(35.0, Units::Lb).unwrap(),
            lb,
            "the API's number and the typed one are the same load"
        );
    }

    #[test]
    fn a_load_shown_and_typed_back_is_the_same_load() {
        for units in Units::ALL {
            for typed in ["5", "12.5", "35", "53", "62.5", "97.25", "200"] {
                let first = parse_in_kg(typed, units);
                let again = parse_in_kg(&units.number(first), units);
                assert_eq!(first, again, "{typed} {units}");
                assert_eq!(units.number(first), typed, "{typed} {units}");
            }
        }
    }

    fn parse_in_kg(text: &str, units: Units) -> f32 {
        kg(Load::parse_in(text, units).unwrap())
    }

    #[test]
    fn bodyweight_is_bw_or_zero_in_any_unit() {
        for text in ["bw", "BW", "bodyweight", "0", "0kg", "0 lb"] {
            assert_eq!(parse(text).unwrap(), Load::Bodyweight, "{text:?}");
        }
        assert_eq!(Load::from_kg(0.0).unwrap(), Load::Bodyweight);
    }

    #[test]
    fn nonsense_and_out_of_range_are_refused_with_the_field() {
        for text in [
            "", "kg", "sixteen", "16 stone", "-1", "1001", "NaN", "inf", "2300 lb",
        ] {
            let err = parse(text).unwrap_err();
            assert_eq!(err.field, "load", "{text:?}");
            assert!(
                err.message.contains(text.trim()),
                "{text:?}: {}",
                err.message
            );
        }
        assert!(Load::from_kg(f64::NAN).is_err());
        assert!(Load::from_kg(-0.5).is_err());
    }
}
