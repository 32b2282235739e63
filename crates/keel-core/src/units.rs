//! The athlete's unit of mass. Loads are stored in kilograms, one canonical
//! unit; the unit only decides how a load is read from a bare number and how
//! it is shown, so switching units never changes what was logged.

use serde::{Deserialize, Serialize};

use crate::error::InputError;

/// Kilograms in one pound (exact, by definition).
pub const KG_PER_LB: f64 = 0.453_592_37;

/// Kilograms or pounds, chosen per user.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Units {
    #[default]
    Kg,
    Lb,
}

impl Units {
    pub const ALL: [Units; 2] = [Units::Kg, Units::Lb];

    /// `kg` or `lb`, as shown after a number and accepted on input.
    pub fn symbol(self) -> &'static str {
        match self {
            Units::Kg => "kg",
            Units::Lb => "lb",
        }
    }

    /// Accepts `kg`, `kgs`, `kilograms`, `lb`, `lbs`, `pounds` in any case.
    pub fn parse(text: &str) -> Result<Units, InputError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "kg" | "kgs" | "kilo" | "kilos" | "kilogram" | "kilograms" => Ok(Units::Kg),
            "lb" | "lbs" | "pound" | "pounds" => Ok(Units::Lb),
            _ => Err(InputError::new(
                "units",
                format!("expected kg or lb, got {text:?}"),
            )),
        }
    }

    /// Kilograms in one of this unit.
    pub fn kg_per_unit(self) -> f64 {
        match self {
            Units::Kg => 1.0,
            Units::Lb => KG_PER_LB,
        }
    }

    /// A mass in this unit, from kilograms.
    pub fn from_kg(self, kg: f64) -> f64 {
        kg / self.kg_per_unit()
    }

    /// Kilograms, from a mass in this unit.
    pub fn to_kg(self, amount: f64) -> f64 {
        amount * self.kg_per_unit()
    }

    /// A stored mass in this unit, rounded to what a person reads: two
    /// decimals at most, trailing zeros dropped, no unit. Kilograms stored
    /// as `f32` from a pound value come back to that pound value: 35 lb is
    /// 15.875733 kg, shown as `35`.
    pub fn number(self, kg: f32) -> String {
        let value = self.from_kg(f64::from(kg));
        let rounded = (value * 100.0).round() / 100.0;
        let text = format!("{rounded:.2}");
        let text = text.trim_end_matches('0').trim_end_matches('.');
        if text == "-0" {
            "0".to_string()
        } else {
            text.to_string()
        }
    }

    /// A stored mass with its symbol: `16 kg`, `35 lb`.
    pub fn show(self, kg: f32) -> String {
        format!("{} {}", self.number(kg), self.symbol())
    }
}

impl std::fmt::Display for Units {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.symbol())
    }
}

impl std::str::FromStr for Units {
    type Err = InputError;
    fn from_str(text: &str) -> Result<Units, InputError> {
        Units::parse(text)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::cast_possible_truncation)]

    use super::*;

    #[test]
    fn spellings_parse_and_nonsense_is_refused_with_the_field() {
        assert_eq!(Units::parse(" LBS ").unwrap(), Units::Lb);
        assert_eq!(Units::parse("kilograms").unwrap(), Units::Kg);
        let err = Units::parse("stone").unwrap_err();
        assert_eq!(err.field, "units");
        assert!(err.message.contains("stone"));
    }

    #[test]
    fn pounds_stored_as_kilograms_show_as_the_pounds_typed() {
        for lb in [5.0, 10.0, 35.0, 53.0, 62.5, 97.25, 405.0, 2204.0] {
            let kg = Units::Lb.to_kg(lb) as f32;
            let shown: f64 = Units::Lb.number(kg).parse().unwrap();
            assert_eq!(shown, lb, "{lb} lb");
        }
    }

    #[test]
    fn showing_and_reading_back_never_drifts() {
        // A load shown, typed back and stored again is the same load, however
        // many times round: 0.01 of either unit is the display's grain.
        for units in Units::ALL {
            for start in [0.5_f32, 12.5, 15.875_733, 16.0, 20.411_657, 101.3] {
                let mut kg = start;
                for _ in 0..20 {
                    let typed: f64 = units.number(kg).parse().unwrap();
                    kg = units.to_kg(typed) as f32;
                }
                let once = units.to_kg(units.number(start).parse().unwrap()) as f32;
                assert_eq!(kg, once, "{units} from {start}");
            }
        }
    }

    #[test]
    fn numbers_drop_trailing_zeros() {
        assert_eq!(Units::Kg.number(16.0), "16");
        assert_eq!(Units::Kg.number(18.5), "18.5");
        assert_eq!(Units::Kg.show(12.25), "12.25 kg");
        assert_eq!(Units::Lb.show(Units::Lb.to_kg(35.0) as f32), "35 lb");
    }
}
