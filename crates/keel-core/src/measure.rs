//! Bounded measurement types. Each one can only hold a value the method
//! accepts, so an RPE of 11 or a hold of -5 s cannot reach the logic.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::InputError;

macro_rules! bounded {
    ($(#[$doc:meta])* $name:ident($inner:ty), $min:expr, $max:expr, $what:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "i64", into = "i64")]
        pub struct $name($inner);

        impl $name {
            pub const MIN: $inner = $min;
            pub const MAX: $inner = $max;

            /// Accepts `value` when it lies in the allowed range.
            pub fn new(value: i64) -> Result<Self, InputError> {
                if (Self::MIN as i64..=Self::MAX as i64).contains(&value) {
                    Ok(Self(value as $inner))
                } else {
                    Err(InputError::new(
                        stringify!($name),
                        format!(
                            "{} must be between {} and {}, got {}",
                            $what,
                            Self::MIN,
                            Self::MAX,
                            value
                        ),
                    ))
                }
            }

            /// Like [`Self::new`] but clamps; for values the program computes itself.
            pub fn saturating(value: i64) -> Self {
                Self(value.clamp(Self::MIN as i64, Self::MAX as i64) as $inner)
            }

            pub fn get(self) -> $inner {
                self.0
            }
        }

        impl TryFrom<i64> for $name {
            type Error = InputError;
            fn try_from(value: i64) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl From<$name> for i64 {
            fn from(value: $name) -> i64 {
                value.0 as i64
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = InputError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let value: i64 = s.trim().parse().map_err(|_| {
                    InputError::new(
                        stringify!($name),
                        format!("{} must be a whole number, got {:?}", $what, s),
                    )
                })?;
                Self::new(value)
            }
        }
    };
}

bounded!(
    /// A hold or effort duration in whole seconds, 0 to 1 hour.
    Seconds(u16), 0, 3600, "seconds"
);
bounded!(
    /// Rating of perceived exertion on Keel's 0-10 scale.
    Rpe(u8), 0, 10, "RPE"
);

impl Rpe {
    /// An effort as an athlete types it: 0-10, or `none` for a set left
    /// unrated (every front end allows one).
    pub fn parse_or_none(text: &str) -> Result<Option<Rpe>, InputError> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("none") {
            return Ok(None);
        }
        let value: i64 = text.parse().map_err(|_| {
            InputError::new(
                "RPE",
                format!("must be a whole number 0-10, or `none` for no rating; got {text:?}"),
            )
        })?;
        Rpe::new(value).map(Some)
    }
}

bounded!(
    /// Pain on a 0-10 numeric rating scale.
    Pain(u8), 0, 10, "pain"
);
bounded!(
    /// A movement-quality or mobility score: 0 cannot, 1 poor, 2 good with cues, 3 clean.
    Score03(u8), 0, 3, "score (0-3)"
);
bounded!(
    /// A readiness item (sleep, fatigue, stress, soreness) on a 1-7 scale.
    Readiness(u8), 1, 7, "readiness"
);
bounded!(
    /// Exercise level in a progression chain, 1 (easiest) to 5.
    Level(u8), 1, 5, "level"
);
bounded!(
    /// Reach in a toe-touch or sit-and-reach test, centimetres past (+) or short of (-) the toes.
    ReachCm(i16), -60, 60, "reach (cm)"
);
bounded!(
    /// Knee-to-wall distance for ankle dorsiflexion, centimetres.
    KneeToWallCm(u8), 0, 30, "knee-to-wall distance (cm)"
);
bounded!(
    /// Active straight-leg raise in degrees.
    LegRaiseDegrees(u8), 0, 120, "active straight-leg raise (degrees)"
);

impl Seconds {
    pub const ZERO: Seconds = Seconds(0);
}

impl Level {
    pub const ONE: Level = Level(1);

    pub fn up(self) -> Level {
        Level::saturating(i64::from(self.0) + 1)
    }

    pub fn down(self) -> Level {
        Level::saturating(i64::from(self.0) - 1)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn rejects_out_of_range_values_and_names_the_range() {
        let err = Rpe::new(11).unwrap_err();
        assert!(err.message.contains("between 0 and 10"), "{err}");
        assert!(Seconds::new(-5).is_err());
        assert!(Seconds::new(100_000).is_err());
        assert!(Score03::new(4).is_err());
        assert_eq!(Rpe::new(10).unwrap().get(), 10);
    }

    #[test]
    fn parses_text_and_rejects_garbage() {
        assert_eq!("7".parse::<Rpe>().unwrap().get(), 7);
        assert_eq!(Rpe::parse_or_none(" None ").unwrap(), None);
        assert_eq!(Rpe::parse_or_none("7").unwrap().map(Rpe::get), Some(7));
        assert!(Rpe::parse_or_none("11").is_err());
        assert!(Rpe::parse_or_none("hard").is_err());
        assert!("seven".parse::<Rpe>().is_err());
        assert!("-1".parse::<Pain>().is_err());
    }

    #[test]
    fn serde_round_trip_enforces_bounds() {
        let ok: Rpe = serde_json::from_str("6").unwrap();
        assert_eq!(ok.get(), 6);
        assert!(serde_json::from_str::<Rpe>("11").is_err());
    }
}
