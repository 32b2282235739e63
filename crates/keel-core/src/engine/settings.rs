//! The engine's design-choice numbers (docs/method.md §5, §6 and §10), each
//! with its documented default and allowed range. Users (and coaches) change
//! them by key; the engine never hides a number like these in its logic.

use serde::{Deserialize, Serialize};

use crate::error::InputError;
use crate::settings::{PlanSettings, settings_table};
use crate::units::Units;

/// Numbers that shape the per-slot decisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EngineSettings {
    /// Exposures in a row that must meet every target before a slot progresses (default 2: "2-for-2", ACSM 2009).
    pub progress_streak: u8,
    /// Smallest hold step, seconds (default 5: "+5 s or +10 %, whichever is larger").
    pub hold_step_seconds: u16,
    /// Hold step as a percent of the current hold (default 10).
    pub hold_step_percent: u8,
    /// Most a hold may rise within any 7 days, seconds (default 10).
    pub weekly_hold_cap_seconds: u16,
    /// Endurance hold ceiling, seconds (default 60, as `PlanSettings::hold_ceiling_seconds`).
    pub hold_ceiling_seconds: u16,
    /// Ceiling of the trunk-extensor holds (Biering-Sorensen and its chain),
    /// seconds (default 150: healthy extensor endurance runs about 150-190 s,
    /// McGill et al. 1999, so 60 s would stop them long before the norm).
    pub extensor_hold_ceiling_seconds: u16,
    /// Ceiling of the anti-extension holds (curl-up, dead bug, planks),
    /// seconds (default 120: the trunk-flexor test of the McGill battery
    /// runs 134-136 s on average, norms.toml).
    pub flexor_hold_ceiling_seconds: u16,
    /// Ceiling of the anti-lateral-flexion holds (side bridges, suitcase
    /// hold), seconds per side (default 75: the side bridge runs 75-99 s on
    /// average, norms.toml).
    pub lateral_hold_ceiling_seconds: u16,
    /// Shortest hold ever prescribed, seconds (default 10, as `PlanSettings::min_hold_seconds`).
    pub min_hold_seconds: u16,
    /// Hold after a ceiling progression, percent of the old hold (default 70: "reset to about 70 %").
    pub ceiling_reset_percent: u8,
    /// Target RPE for holds, which carry none in their prescription (default 7).
    pub hold_target_rpe: u8,
    /// How much a regression takes off the hold or load, percent (10-20; default 15).
    pub regress_percent: u8,
    /// Smallest load step you own, grams, for an athlete in kilograms
    /// (default 2500: a 1.25 kg plate each side).
    pub load_step_grams: u16,
    /// Smallest load step you own, tenths of a pound, for an athlete in
    /// pounds (default 50 = 5 lb: a 2.5 lb plate each side).
    pub load_step_lb_tenths: u16,
    /// A load step is at least this percent of the load (default 2, ACSM 2009: 2-10 %).
    pub load_step_min_percent: u8,
    /// A load step above this percent of the load is flagged in the reasons (default 10).
    pub load_step_max_percent: u8,
    /// Top of a rep range reached while the next load owned is more than
    /// `load_step_max_percent` heavier (or none is): the range's top rises
    /// by this many reps instead (default 2, docs/method.md §5.9).
    pub reps_step: u8,
    /// The highest top of a rep range that rises instead of the load
    /// (default 20: local muscular endurance work runs to 15-25 reps, ACSM 2009).
    pub reps_ceiling: u8,
    /// Carry distance step, metres (default 5; with `hold_step_percent`, whichever is larger).
    pub carry_step_metres: u16,
    /// Carry distance past which load rises instead, metres (default 40).
    pub carry_ceiling_metres: u16,
    /// Timed-carry ceiling past which load rises instead, seconds (default 90).
    pub carry_ceiling_seconds: u16,
    /// Pain during exercise at or under this is green: proceed (default 2, Silbernagel 2007).
    pub pain_green_max: u8,
    /// Pain at or under this (and above green) is amber: no progression; above it, red: stop (default 5).
    pub pain_amber_max: u8,
    /// Exposures at one prescription without meeting it before the variant changes or the slot deloads (default 3).
    pub stagnation_exposures: u8,
    /// Share of volume removed on a deload, percent (default 45, as `PlanSettings::deload_cut_percent`).
    pub deload_cut_percent: u8,
    /// Share of the working load kept on a deload, percent (default 55, as `PlanSettings::deload_load_share_percent`).
    pub deload_load_share_percent: u8,
    /// Hooper sum (4-28, higher is worse) from which the session's volume is cut (default 17).
    pub readiness_cut_sum: u8,
    /// Hooper sum from which the day becomes the light activation session (default 21).
    pub readiness_light_sum: u8,
    /// Any single readiness item at or above this cuts volume (default 6; 7 = very, very bad).
    pub readiness_item_poor: u8,
    /// Volume removed when readiness is poor, percent (default 30).
    pub readiness_cut_percent: u8,
    /// Volume removed from the next session when pain or stiffness is not back to usual, percent (default 30).
    pub morning_reduce_percent: u8,
    /// Next-morning soreness at or above this counts as sore (0-10; default 3).
    pub soreness_threshold: u8,
    /// Days in a row of soreness that trigger a deload (default 3: beyond 48-72 h).
    pub soreness_max_days: u8,
    /// Rise in weekly mean soreness, tenths of a point, that triggers a deload (default 10 = 1 point).
    pub soreness_rise_tenths: u8,
    /// Days a reactive deload (soreness lasting or rising) covers every exercise, from the check-in that triggered it (default 7).
    pub reactive_deload_days: u8,
    /// The athlete's unit (the profile's, set by whoever reads the settings
    /// with the profile; never stored with them): which load step applies
    /// and how the reasons write a load.
    #[serde(skip)]
    pub units: Units,
}

impl Default for EngineSettings {
    fn default() -> Self {
        EngineSettings {
            progress_streak: 2,
            hold_step_seconds: 5,
            hold_step_percent: 10,
            weekly_hold_cap_seconds: 10,
            hold_ceiling_seconds: 60,
            extensor_hold_ceiling_seconds: 150,
            flexor_hold_ceiling_seconds: 120,
            lateral_hold_ceiling_seconds: 75,
            min_hold_seconds: 10,
            ceiling_reset_percent: 70,
            hold_target_rpe: 7,
            regress_percent: 15,
            load_step_grams: 2500,
            load_step_lb_tenths: 50,
            load_step_min_percent: 2,
            load_step_max_percent: 10,
            reps_step: 2,
            reps_ceiling: 20,
            carry_step_metres: 5,
            carry_ceiling_metres: 40,
            carry_ceiling_seconds: 90,
            pain_green_max: 2,
            pain_amber_max: 5,
            stagnation_exposures: 3,
            deload_cut_percent: 45,
            deload_load_share_percent: 55,
            readiness_cut_sum: 17,
            readiness_light_sum: 21,
            readiness_item_poor: 6,
            readiness_cut_percent: 30,
            morning_reduce_percent: 30,
            soreness_threshold: 3,
            soreness_max_days: 3,
            soreness_rise_tenths: 10,
            reactive_deload_days: 7,
            units: Units::Kg,
        }
    }
}

impl EngineSettings {
    /// The defaults, with the numbers the plan shares taken from `plan`
    /// so the program and the engine agree on floors, ceilings and deload size.
    pub fn from_plan(plan: &PlanSettings) -> EngineSettings {
        EngineSettings {
            hold_ceiling_seconds: plan.hold_ceiling_seconds,
            min_hold_seconds: plan.min_hold_seconds,
            deload_cut_percent: plan.deload_cut_percent,
            deload_load_share_percent: plan.deload_load_share_percent,
            ..EngineSettings::default()
        }
    }

    /// The hold ceiling of `exercise`, per pattern (docs/method.md §5.2),
    /// each at or under the published norm of the battery test that
    /// measures that pattern and never below the general `hold-ceiling`:
    /// - bilateral anti-flexion holds worked mostly by the lumbar extensors
    ///   (back extension and Biering-Sorensen holds): `extensor-hold-ceiling`;
    /// - anti-extension holds (curl-up, dead bug, planks): `flexor-hold-ceiling`;
    /// - anti-lateral-flexion holds (side bridges, suitcase hold):
    ///   `lateral-hold-ceiling`, per side;
    /// - every other hold (bird dogs, bridge and hinge holds, which no
    ///   battery test measures): the general `hold-ceiling`.
    ///
    /// Carries have their own ceilings (`carry-ceiling`, `carry-ceiling-seconds`).
    pub fn hold_ceiling_for(&self, exercise: &crate::catalog::Exercise) -> u16 {
        self.pattern_ceiling(exercise)
            .map_or(self.hold_ceiling_seconds, |(_, seconds)| {
                seconds.max(self.hold_ceiling_seconds)
            })
    }

    /// The per-pattern ceiling that applies to `exercise`, with its setting's
    /// key; `None` when the general `hold-ceiling` does.
    pub fn pattern_ceiling(
        &self,
        exercise: &crate::catalog::Exercise,
    ) -> Option<(&'static str, u16)> {
        use crate::catalog::{Pattern, Region};
        let extensor_share = exercise
            .regions
            .get(&Region::LumbarExtensors)
            .copied()
            .unwrap_or(0.0);
        match exercise.pattern {
            Pattern::AntiFlexionHold if !exercise.per_side() && extensor_share >= 0.5 => {
                Some(("extensor-hold-ceiling", self.extensor_hold_ceiling_seconds))
            }
            Pattern::AntiExtensionHold => {
                Some(("flexor-hold-ceiling", self.flexor_hold_ceiling_seconds))
            }
            Pattern::AntiLateralFlexionHold => {
                Some(("lateral-hold-ceiling", self.lateral_hold_ceiling_seconds))
            }
            _ => None,
        }
    }

    /// The smallest load step in kilograms: `load_step_grams` for an athlete
    /// in kilograms, `load_step_lb_tenths` for one in pounds, so a pound
    /// athlete's loads move in round pounds (35 -> 40 lb).
    pub fn load_step_kg(&self) -> f32 {
        match self.units {
            Units::Kg => f32::from(self.load_step_grams) / 1000.0,
            // At most 6553.5 lb; the kilograms fit f32 to well under a gram.
            #[allow(clippy::cast_possible_truncation)]
            Units::Lb => Units::Lb.to_kg(f64::from(self.load_step_lb_tenths) / 10.0) as f32,
        }
    }

    /// The settings with the athlete's unit in force.
    pub fn in_units(self, units: Units) -> EngineSettings {
        EngineSettings { units, ..self }
    }

    fn check_relations(&self) -> Result<(), InputError> {
        let rules: [(bool, &str, &str); 5] = [
            (
                self.pain_green_max < self.pain_amber_max,
                "pain-green-max",
                "must be below pain-amber-max",
            ),
            (
                self.min_hold_seconds < self.hold_ceiling_seconds,
                "min-hold",
                "must be below hold-ceiling",
            ),
            (
                self.readiness_cut_sum <= self.readiness_light_sum,
                "readiness-cut-sum",
                "must not exceed readiness-light-sum",
            ),
            (
                self.load_step_min_percent <= self.load_step_max_percent,
                "load-step-min-percent",
                "must not exceed load-step-max-percent",
            ),
            (
                self.hold_step_seconds <= self.weekly_hold_cap_seconds,
                "hold-step",
                "must not exceed weekly-hold-cap",
            ),
        ];
        match rules.iter().find(|(ok, _, _)| !ok) {
            Some((_, key, message)) => Err(InputError::new(*key, *message)),
            None => Ok(()),
        }
    }
}

settings_table! {
    EngineSettings {
    "progress-streak" => progress_streak: 1, 4, "exposures in a row meeting every target before a slot progresses (2-for-2)";
    "hold-step" => hold_step_seconds: 1, 15, "smallest hold step, seconds";
    "hold-step-percent" => hold_step_percent: 5, 20, "hold step as a percent of the hold (the larger step wins)";
    "weekly-hold-cap" => weekly_hold_cap_seconds: 5, 30, "most a hold may rise within 7 days, seconds";
    "hold-ceiling" => hold_ceiling_seconds: 30, 180, "endurance hold ceiling, seconds; past it holds gain load or a harder variant";
    "extensor-hold-ceiling" => extensor_hold_ceiling_seconds: 60, 300, "ceiling of the trunk-extensor holds (back extension, Biering-Sorensen), seconds";
    "flexor-hold-ceiling" => flexor_hold_ceiling_seconds: 45, 300, "ceiling of the anti-extension holds (curl-up, dead bug, planks), seconds";
    "lateral-hold-ceiling" => lateral_hold_ceiling_seconds: 45, 240, "ceiling of the anti-lateral-flexion holds (side bridges, suitcase hold), seconds per side";
    "min-hold" => min_hold_seconds: 5, 30, "shortest hold prescribed, seconds";
    "ceiling-reset" => ceiling_reset_percent: 50, 90, "hold after a ceiling progression, percent of the old hold";
    "hold-target-rpe" => hold_target_rpe: 4, 9, "target RPE for holds";
    "regress-percent" => regress_percent: 10, 20, "hold or load removed by a regression, percent";
    "load-step-grams" => load_step_grams: 250, 10000, "smallest load step you own, grams (athletes in kg)";
    "load-step-lb-tenths" => load_step_lb_tenths: 5, 200, "smallest load step you own, tenths of a pound (athletes in lb; 50 = 5 lb)";
    "load-step-min-percent" => load_step_min_percent: 1, 10, "a load step is at least this percent of the load";
    "load-step-max-percent" => load_step_max_percent: 2, 25, "load steps above this percent are flagged";
    "reps-step" => reps_step: 1, 5, "reps added to the top of the range when the next load owned is too large a step";
    "reps-ceiling" => reps_ceiling: 8, 30, "highest top of a rep range that rises instead of the load";
    "carry-step" => carry_step_metres: 1, 20, "smallest carry distance step, metres";
    "carry-ceiling" => carry_ceiling_metres: 10, 200, "carry distance past which load rises instead, metres";
    "carry-ceiling-seconds" => carry_ceiling_seconds: 20, 300, "timed-carry ceiling past which load rises instead, seconds";
    "pain-green-max" => pain_green_max: 0, 4, "pain during exercise at or under this is green: proceed";
    "pain-amber-max" => pain_amber_max: 3, 7, "pain at or under this is amber (no progression); above it red (stop)";
    "stagnation" => stagnation_exposures: 2, 6, "exposures without meeting a prescription before changing variant or deloading";
    "deload-cut" => deload_cut_percent: 30, 60, "percent of volume removed on a deload";
    "deload-load-share" => deload_load_share_percent: 30, 90, "percent of the working load kept on a deload";
    "readiness-cut-sum" => readiness_cut_sum: 8, 28, "readiness sum (4 best - 28 worst) from which volume is cut";
    "readiness-light-sum" => readiness_light_sum: 8, 28, "readiness sum from which the day becomes the light session";
    "readiness-item-poor" => readiness_item_poor: 4, 7, "any readiness item at or above this cuts volume";
    "readiness-cut-percent" => readiness_cut_percent: 10, 60, "volume removed when readiness is poor, percent";
    "morning-reduce-percent" => morning_reduce_percent: 10, 60, "volume removed from the next session when pain or stiffness is not back to usual";
    "soreness-threshold" => soreness_threshold: 1, 10, "next-morning soreness (0-10) that counts as sore";
    "soreness-max-days" => soreness_max_days: 2, 4, "days in a row of soreness that trigger a deload (48-72 h and beyond)";
    "soreness-rise-tenths" => soreness_rise_tenths: 1, 50, "rise in weekly mean soreness, tenths of a point, that triggers a deload";
    "reactive-deload-days" => reactive_deload_days: 3, 14, "days a reactive deload covers every exercise, from the check-in that triggered it";
    }
}
