//! Every design-choice number of the method, with its documented default
//! (docs/method.md §2, §4 and §10). Users can change each one; the plan records
//! the settings it was built with.

use serde::{Deserialize, Serialize};

use crate::error::InputError;

/// Numbers that shape program generation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlanSettings {
    /// Training weeks in a block before its deload week (3-5; default 3, i.e. 3 + 1).
    pub block_weeks: u8,
    /// Number of phases generated in one cycle (1-4; default 4: foundation to transfer).
    pub blocks: u8,
    /// Share of volume removed on a deload week, percent (30-60; default 45: the method's "about 40-50 %", docs/method.md §4.6).
    pub deload_cut_percent: u8,
    /// Share of the working load loaded drills keep on a deload, percent (30-90; default 55, docs/method.md §4.6).
    pub deload_load_share_percent: u8,
    /// Rest between hold sets as a percent of the hold, never under the 30 s minimum (100-200; default 100: 1:1, docs/method.md §4.3).
    pub rest_hold_percent: u16,
    /// Largest share of a week's weighted volume any one region may take, percent (30-60; default 35).
    /// Below 30 % the catalog's glute-heavy posterior-chain work cannot always fit.
    pub region_cap_percent: u8,
    /// Starting hold as a percent of the tested max for the closest position (40-60; default 50).
    pub start_hold_percent: u8,
    /// The shortest hold ever prescribed, seconds (default 10).
    pub min_hold_seconds: u16,
    /// Hold ceiling for endurance holds, seconds (default 60); beyond it holds gain load or perturbation instead.
    pub hold_ceiling_seconds: u16,
    /// Weeks between retests (default 6).
    pub retest_weeks: u8,
}

impl Default for PlanSettings {
    fn default() -> Self {
        PlanSettings {
            block_weeks: 3,
            blocks: 4,
            deload_cut_percent: 45,
            deload_load_share_percent: 55,
            rest_hold_percent: 100,
            region_cap_percent: 35,
            start_hold_percent: 50,
            min_hold_seconds: 10,
            hold_ceiling_seconds: 60,
            retest_weeks: 6,
        }
    }
}

/// A setting's name, allowed range, and current value, for `keel settings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SettingInfo {
    pub key: &'static str,
    pub value: i64,
    pub default: i64,
    pub min: i64,
    pub max: i64,
    pub meaning: &'static str,
}

/// Generates `describe`, `set` and `validate` for a settings struct from one
/// table of `"key" => field: min, max, "meaning";` rows, so a setting's range
/// and meaning are written once. The struct provides `check_relations` for
/// rules between fields; `set` leaves the settings unchanged on any error.
macro_rules! settings_table {
    ($type:ty { $( $key:literal => $field:ident : $min:expr, $max:expr, $meaning:literal; )* }) => {
        impl $type {
            /// Every setting with its range and meaning.
            pub fn describe(&self) -> Vec<$crate::settings::SettingInfo> {
                let default = <$type>::default();
                vec![$($crate::settings::SettingInfo {
                    key: $key,
                    value: i64::from(self.$field),
                    default: i64::from(default.$field),
                    min: $min,
                    max: $max,
                    meaning: $meaning,
                }),*]
            }

            /// Changes one setting by its key, checking its range and its
            /// relation to the others; on error nothing changes.
            pub fn set(&mut self, key: &str, value: &str) -> Result<(), $crate::error::InputError> {
                use $crate::error::InputError;
                let mut next = self.clone();
                match key {
                    $($key => {
                        let n: i64 = value.trim().parse().map_err(|_| {
                            InputError::new($key, format!("expected a whole number, got {value:?}"))
                        })?;
                        if !($min..=$max).contains(&n) {
                            return Err(InputError::new(
                                $key,
                                format!("must be between {} and {}, got {}", $min, $max, n),
                            ));
                        }
                        next.$field = n.try_into().map_err(|_| InputError::new($key, "out of range"))?;
                    })*
                    other => {
                        let keys = [$($key),*];
                        return Err(InputError::new(
                            "setting",
                            format!("unknown setting {other:?}; known settings: {}", keys.join(", ")),
                        ));
                    }
                }
                next.check_relations()?;
                *self = next;
                Ok(())
            }

            /// Checks every value is within its range (for settings read from storage).
            pub fn validate(&self) -> Result<(), $crate::error::InputError> {
                $(
                    let v = i64::from(self.$field);
                    if !($min..=$max).contains(&v) {
                        return Err($crate::error::InputError::new(
                            $key,
                            format!("must be between {} and {}, got {}", $min, $max, v),
                        ));
                    }
                )*
                self.check_relations()
            }
        }
    };
}
pub(crate) use settings_table;

impl PlanSettings {
    /// The plan's numbers are independent of each other.
    fn check_relations(&self) -> Result<(), InputError> {
        Ok(())
    }
}

settings_table! {
    PlanSettings {
    "block-weeks" => block_weeks: 3, 5, "training weeks per block before the deload week";
    "blocks" => blocks: 1, 4, "phases in one cycle (foundation, anti-flexion endurance, strength-endurance, power and transfer)";
    "deload-cut" => deload_cut_percent: 30, 60, "percent of hold time and sets removed on deload weeks";
    "deload-load-share" => deload_load_share_percent: 30, 90, "percent of the working load loaded carries, holds and hinges keep on deloads";
    "rest-per-hold-second" => rest_hold_percent: 100, 200, "rest between hold sets, percent of the hold time (100 = 1:1), at least 30 s";
    "region-cap" => region_cap_percent: 30, 60, "largest percent of weekly weighted volume one region may take";
    "start-hold" => start_hold_percent: 40, 60, "starting hold as a percent of the tested max";
    "min-hold" => min_hold_seconds: 5, 30, "shortest hold prescribed, seconds";
    "hold-ceiling" => hold_ceiling_seconds: 30, 180, "endurance hold ceiling, seconds; past it holds gain load or perturbation";
    "retest-weeks" => retest_weeks: 4, 12, "weeks between retests";
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_documented() {
        let s = PlanSettings::default();
        s.validate().unwrap();
        assert_eq!(s.describe().len(), 10);
    }

    #[test]
    fn set_checks_range_and_key() {
        let mut s = PlanSettings::default();
        s.set("block-weeks", "4").unwrap();
        assert_eq!(s.block_weeks, 4);
        let err = s.set("block-weeks", "9").unwrap_err();
        assert_eq!(err.field, "block-weeks");
        assert!(s.set("nope", "1").is_err());
        assert!(s.set("region-cap", "abc").is_err());
        assert_eq!(s.block_weeks, 4);
    }
}
