//! Values as the apps write them: numbers (with a decimal comma in `;`
//! files), weights and distances in their units, durations like `1h 5m`,
//! and the date formats Strong and Hevy use. Each returns a plain message on
//! failure; the caller adds the location.

use jiff::civil::DateTime;
use keel_core::history::{KG_PER_LB, METRES_PER_FOOT, METRES_PER_MILE};

/// The unit system for files that do not name their units (Strong's comma
/// export writes weights and distances in the app's unit setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Units {
    /// Kilograms and kilometres.
    #[default]
    Metric,
    /// Pounds and miles.
    Imperial,
}

impl Units {
    pub fn weight(self) -> WeightUnit {
        match self {
            Units::Metric => WeightUnit::Kg,
            Units::Imperial => WeightUnit::Lb,
        }
    }

    pub fn distance(self) -> DistanceUnit {
        match self {
            Units::Metric => DistanceUnit::Km,
            Units::Imperial => DistanceUnit::Mile,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeightUnit {
    Kg,
    Lb,
}

/// A unit as written, compared without case, surrounding space or a
/// trailing period ("mi.", "km." and "lbs." are seen in real exports).
fn unit_word(text: &str) -> String {
    let t = text.trim();
    t.strip_suffix('.').unwrap_or(t).trim().to_ascii_lowercase()
}

impl WeightUnit {
    pub fn parse(text: &str) -> Result<WeightUnit, String> {
        match unit_word(text).as_str() {
            "kg" | "kgs" | "kilogram" | "kilograms" => Ok(WeightUnit::Kg),
            "lb" | "lbs" | "pound" | "pounds" => Ok(WeightUnit::Lb),
            other => Err(format!("unknown weight unit {other:?}; expected kg or lbs")),
        }
    }

    pub fn to_kg(self, value: f64) -> f64 {
        match self {
            WeightUnit::Kg => value,
            WeightUnit::Lb => value * KG_PER_LB,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistanceUnit {
    Km,
    Metre,
    Mile,
    Foot,
    Yard,
}

impl DistanceUnit {
    pub fn parse(text: &str) -> Result<DistanceUnit, String> {
        match unit_word(text).as_str() {
            "km" | "kms" | "kilometer" | "kilometers" | "kilometre" | "kilometres" => {
                Ok(DistanceUnit::Km)
            }
            "m" | "meter" | "meters" | "metre" | "metres" => Ok(DistanceUnit::Metre),
            "mi" | "mile" | "miles" => Ok(DistanceUnit::Mile),
            "ft" | "foot" | "feet" => Ok(DistanceUnit::Foot),
            "yd" | "yds" | "yard" | "yards" => Ok(DistanceUnit::Yard),
            other => Err(format!(
                "unknown distance unit {other:?}; expected km, m, mi, ft or yd"
            )),
        }
    }

    pub fn to_metres(self, value: f64) -> f64 {
        match self {
            DistanceUnit::Km => value * 1000.0,
            DistanceUnit::Metre => value,
            DistanceUnit::Mile => value * METRES_PER_MILE,
            DistanceUnit::Foot => value * METRES_PER_FOOT,
            DistanceUnit::Yard => value * 3.0 * METRES_PER_FOOT,
        }
    }
}

/// A finite, non-negative number; `None` when blank. `decimal_comma` also
/// accepts `60,5` (files separated by `;` come from such locales).
pub fn number(text: &str, decimal_comma: bool) -> Result<Option<f64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let swapped;
    let t = if decimal_comma && t.contains(',') {
        swapped = t.replace(',', ".");
        swapped.as_str()
    } else {
        t
    };
    // `f64::from_str` also takes "inf" and "NaN"; only plain decimals are data.
    let plain = t
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
    match t.parse::<f64>() {
        Ok(v) if plain && v.is_finite() && v >= 0.0 => Ok(Some(v)),
        Ok(v) if plain && v < 0.0 => Err(format!("{text:?} is negative")),
        _ => Err(format!("{text:?} is not a number")),
    }
}

/// A whole, non-negative count written as `8` or `8.0`; `None` when blank.
pub fn whole(text: &str, decimal_comma: bool) -> Result<Option<u32>, String> {
    match number(text, decimal_comma)? {
        None => Ok(None),
        Some(v) if v.fract() == 0.0 && v <= f64::from(u32::MAX) => Ok(Some(v as u32)),
        Some(_) => Err(format!("{text:?} is not a whole number")),
    }
}

/// How a plain number in a duration column counts: seconds unless the
/// header says otherwise (Strong's `Duration (sec)`, an importer's
/// `Duration (min)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PlainDuration {
    #[default]
    Seconds,
    Minutes,
}

impl PlainDuration {
    /// The unit a header names in parentheses, e.g. "sec" or "min".
    pub fn parse(text: &str) -> Option<PlainDuration> {
        match unit_word(text).as_str() {
            "s" | "sec" | "secs" | "second" | "seconds" => Some(PlainDuration::Seconds),
            "min" | "mins" | "minute" | "minutes" => Some(PlainDuration::Minutes),
            _ => None,
        }
    }
}

/// A workout length: `1h 5m`, `45m`, `1h`, `30s`, `1h 5m 10s`, or a plain
/// number (`3900`, `3900.0`) counted in `plain`; `None` when blank.
pub fn duration_in(text: &str, plain: PlainDuration) -> Result<Option<u32>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if let Ok(Some(amount)) = whole(t, false) {
        let per = match plain {
            PlainDuration::Seconds => 1,
            PlainDuration::Minutes => 60,
        };
        return amount
            .checked_mul(per)
            .map(Some)
            .ok_or_else(|| format!("{text:?} is too long for a workout"));
    }
    let bad = || format!("{text:?} is not a duration; expected e.g. \"1h 5m\", \"45m\" or \"30s\"");
    let mut total: u32 = 0;
    let mut rest = t;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Err(bad());
        }
        let amount: u32 = rest[..digits].parse().map_err(|_| bad())?;
        rest = &rest[digits..];
        let unit_len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        let per = match &rest[..unit_len] {
            "h" => 3600,
            "m" | "min" => 60,
            "s" => 1,
            _ => return Err(bad()),
        };
        total = amount
            .checked_mul(per)
            .and_then(|s| total.checked_add(s))
            .ok_or_else(bad)?;
        rest = rest[unit_len..].trim_start();
    }
    Ok(Some(total))
}

/// Formats tried in order after ISO 8601 (Strong's `2024-06-18 11:04:00`
/// parses as ISO): Hevy's `6 Apr 2026, 17:16`, and Strong's 12-hour exports.
const DATE_FORMATS: &[&str] = &[
    "%d %b %Y, %H:%M",
    "%d %B %Y, %H:%M",
    "%d %b %Y %H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %I:%M:%S %p",
    "%Y-%m-%d %I:%M %p",
    // Hevy in a 12-hour English locale.
    "%d %b %Y, %I:%M %p",
    "%b %d, %Y, %I:%M %p",
    "%b %d, %Y %I:%M %p",
];

/// A workout's start as local wall time. An ISO offset or `Z` is dropped:
/// the time stays as the app showed it.
pub fn date_time(text: &str) -> Result<DateTime, String> {
    // Strong writes a narrow no-break space before AM/PM in some locales.
    let t = text.trim().replace(['\u{202f}', '\u{a0}'], " ");
    let iso = t.strip_suffix('Z').unwrap_or(&t);
    if let Ok(dt) = iso.parse::<DateTime>() {
        return Ok(dt);
    }
    for format in DATE_FORMATS {
        if let Ok(dt) = DateTime::strptime(format, &t) {
            return Ok(dt);
        }
    }
    Err(format!(
        "{text:?} is not a date and time Keel knows; expected e.g. \"2024-06-18 11:04:00\" \
         (Strong) or \"6 Apr 2026, 17:16\" (Hevy)"
    ))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn duration(text: &str) -> Result<Option<u32>, String> {
        duration_in(text, PlainDuration::Seconds)
    }

    #[test]
    fn numbers() {
        assert_eq!(number("60.0", false).unwrap(), Some(60.0));
        assert_eq!(number(" ", false).unwrap(), None);
        assert_eq!(number("60,5", true).unwrap(), Some(60.5));
        assert!(number("60,5", false).is_err());
        for bad in ["abc", "inf", "NaN", "1.2.3", "-5"] {
            assert!(number(bad, false).is_err(), "{bad}");
        }
        assert_eq!(whole("5.0", false).unwrap(), Some(5));
        assert!(whole("5.5", false).is_err());
    }

    #[test]
    fn durations() {
        assert_eq!(duration("1h 5m").unwrap(), Some(3900));
        assert_eq!(duration("45m").unwrap(), Some(2700));
        assert_eq!(duration("1h").unwrap(), Some(3600));
        assert_eq!(duration("1h 5m 10s").unwrap(), Some(3910));
        assert_eq!(duration("3900").unwrap(), Some(3900));
        assert_eq!(duration("3900.0").unwrap(), Some(3900));
        assert_eq!(
            duration_in("65", PlainDuration::Minutes).unwrap(),
            Some(3900)
        );
        assert_eq!(
            duration_in("1h 5m", PlainDuration::Minutes).unwrap(),
            Some(3900)
        );
        assert_eq!(duration("").unwrap(), None);
        for bad in ["abc", "5x", "h", "99999999999h"] {
            assert!(duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates() {
        let want: DateTime = "2024-06-18T11:04:00".parse().unwrap();
        for text in [
            "2024-06-18 11:04:00",
            "2024-06-18T11:04:00",
            "2024-06-18T11:04:00Z",
            "2024-06-18T11:04:00+02:00",
            "2024-06-18 11:04",
            "18 Jun 2024, 11:04",
            "2024-06-18 11:04:00 AM",
            "2024-06-18 11:04:00\u{202f}AM",
        ] {
            assert_eq!(date_time(text).unwrap(), want, "{text}");
        }
        assert_eq!(
            date_time("6 Apr 2026, 17:16").unwrap(),
            "2026-04-06T17:16:00".parse::<DateTime>().unwrap()
        );
        for bad in ["18/06/2024 11:04", "yesterday", "", "2024-13-01 10:00:00"] {
            assert!(date_time(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn units_convert_exactly() {
        assert_eq!(WeightUnit::parse("lbs").unwrap().to_kg(100.0), 45.359237);
        assert_eq!(DistanceUnit::parse("mi").unwrap().to_metres(1.0), 1609.344);
        assert_eq!(DistanceUnit::parse("km").unwrap().to_metres(1.5), 1500.0);
        assert!(WeightUnit::parse("stone").is_err());
        assert_eq!(DistanceUnit::parse("mi.").unwrap(), DistanceUnit::Mile);
        assert_eq!(DistanceUnit::parse(" KM. ").unwrap(), DistanceUnit::Km);
        assert_eq!(DistanceUnit::parse("meters").unwrap(), DistanceUnit::Metre);
        assert_eq!(WeightUnit::parse("lbs.").unwrap(), WeightUnit::Lb);
        assert!(DistanceUnit::parse(".").is_err());
        assert!(DistanceUnit::parse("mi..").is_err());
    }
}
