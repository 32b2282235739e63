//! A virtual athlete: a hidden capacity per slot that grows with good
//! training, and a response model turning a prescription into logged sets
//! (hold achieved, reps, RPE, faults, pain).

use keel_core::engine::{Amount, FormFault, ReadinessCheck, SetLog};
use keel_core::measure::{Pain, Readiness, Rpe, Seconds};
use keel_core::program::{Load, Prescription};
use keel_core::redflag::RedFlag;

use super::rng::Rng;

/// A (week, session of the week 0-2) pair.
pub type When = (u16, u8);

/// What makes this athlete different from a healthy responder.
#[derive(Debug, Clone, Default)]
pub struct Traits {
    /// Capacity stops growing after this week.
    pub plateau_after_week: Option<u16>,
    /// Ribs flare on late sets when a hold asks more than this share of capacity.
    pub rib_flare_above: Option<f64>,
    /// Sharp pain on this session, slot and set (0-based).
    pub sharp_pain: Option<(When, usize, usize)>,
    /// Pain with a red flag on this session's first set of this slot.
    pub red_flag: Option<(When, usize, RedFlag)>,
    /// Readiness answers (sleep, fatigue, stress, soreness) on given sessions; others are good.
    pub readiness: Vec<(When, [i64; 4])>,
}

pub struct Athlete {
    /// Max hold, seconds, per hold slot at the slot's starting level.
    pub hold_capacity: Vec<f64>,
    /// Kettlebell deadlift one-rep max, kg.
    pub strength: f64,
    pub traits: Traits,
    pub rng: Rng,
}

/// How much harder each catalog level is: capacity shrinks by this factor per level up.
const LEVEL_FACTOR: f64 = 0.7;
/// Capacity lost per set already done in the exposure.
const SET_FATIGUE: f64 = 0.04;
/// Hold capacity gained per good exposure, seconds; strength, kg.
const HOLD_GROWTH: f64 = 2.0;
const STRENGTH_GROWTH: f64 = 0.3;

fn rpe(value: f64) -> Rpe {
    Rpe::saturating(value.round() as i64)
}

impl Athlete {
    pub fn new(seed: u64, traits: Traits) -> Athlete {
        Athlete {
            hold_capacity: vec![50.0, 45.0],
            strength: 24.0,
            traits,
            rng: Rng::new(seed),
        }
    }

    pub fn readiness(&self, when: When) -> ReadinessCheck {
        let answers = self
            .traits
            .readiness
            .iter()
            .find(|(w, _)| *w == when)
            .map_or([2, 2, 3, 2], |(_, a)| *a);
        let r = |v: i64| Readiness::saturating(v);
        ReadinessCheck {
            sleep: r(answers[0]),
            fatigue: r(answers[1]),
            stress: r(answers[2]),
            soreness: r(answers[3]),
        }
    }

    pub fn red_flag(&self, when: When, slot: usize) -> Option<RedFlag> {
        self.traits
            .red_flag
            .filter(|(w, s, _)| *w == when && *s == slot)
            .map(|(_, _, f)| f)
    }

    /// One set of a hold: achieved seconds, RPE from the target/capacity ratio, faults.
    pub fn hold_set(
        &mut self,
        slot: usize,
        level_delta: i32,
        p: &Prescription,
        set: usize,
        when: When,
    ) -> SetLog {
        let (target, load) = match p {
            Prescription::Hold { seconds, load, .. } => (f64::from(seconds.get()), *load),
            _ => (0.0, Load::Bodyweight),
        };
        let load_kg = match load {
            Load::Kg { kg } => f64::from(kg),
            _ => 0.0,
        };
        let capacity = self.hold_capacity[slot]
            * LEVEL_FACTOR.powi(level_delta)
            * (1.0 - SET_FATIGUE * set as f64)
            * (1.0 - 0.02 * load_kg);
        let can = (capacity * (1.0 + 0.04 * self.rng.normal())).max(1.0);
        let actual = target.min(can).floor();
        let ratio = target / can;
        let mut faults = Vec::new();
        if actual < target {
            faults.push(FormFault::EarlyTermination);
        } else if ratio > 0.9 && self.rng.unit() < 0.5 {
            faults.push(FormFault::PelvisShift);
        }
        let flares = self
            .traits
            .rib_flare_above
            .is_some_and(|limit| set >= 1 && ratio > limit);
        if flares {
            faults.push(FormFault::RibFlare);
        }
        let sharp = self.traits.sharp_pain == Some((when, slot, set));
        let flag = set == 0 && self.red_flag(when, slot).is_some();
        SetLog {
            target: Amount::Seconds(Seconds::saturating(target as i64)),
            actual: Amount::Seconds(Seconds::saturating(actual as i64)),
            sides: None,
            load,
            rpe: Some(rpe(10.0 * ratio.min(1.0))),
            quality_reps: None,
            faults,
            pain: Pain::saturating(if sharp {
                4
            } else if flag {
                3
            } else {
                0
            }),
            sharp_pain: sharp,
            note: None,
        }
    }

    /// One set of kettlebell deadlifts: reps up to the top of the range,
    /// stopping at the target RPE (reps in reserve), Epley for capacity.
    pub fn rep_set(&mut self, p: &Prescription, set: usize, when: When, slot: usize) -> SetLog {
        let (reps_min, reps_max, load, target_rpe) = match p {
            Prescription::Reps {
                reps_min,
                reps_max,
                load,
                target_rpe,
                ..
            } => (*reps_min, *reps_max, *load, target_rpe.get()),
            _ => (1, 1, Load::Bodyweight, 7),
        };
        let load = if load == Load::ChooseForRpe {
            Load::Kg { kg: 12.0 }
        } else {
            load
        };
        let kg = match load {
            Load::Kg { kg } => f64::from(kg).max(2.0),
            _ => 2.0,
        };
        let max_reps = (30.0 * (self.strength / kg - 1.0)).max(0.0)
            * (1.0 - SET_FATIGUE * set as f64)
            * (1.0 + 0.03 * self.rng.normal());
        let in_reserve = f64::from(10 - target_rpe);
        let wanted = (max_reps - in_reserve)
            .floor()
            .clamp(0.0, f64::from(reps_max));
        let reps = wanted.max(f64::from(reps_min).min(max_reps.floor()));
        let mut faults = Vec::new();
        if reps < f64::from(reps_min) {
            faults.push(FormFault::EarlyTermination);
        }
        let sharp = self.traits.sharp_pain == Some((when, slot, set));
        SetLog {
            target: Amount::Reps(reps_max),
            actual: Amount::Reps(reps as u8),
            sides: None,
            load,
            rpe: Some(rpe(10.0 - (max_reps - reps).max(0.0))),
            quality_reps: Some(reps as u8),
            faults,
            pain: Pain::saturating(if sharp { 4 } else { 0 }),
            sharp_pain: sharp,
            note: None,
        }
    }

    /// Good training (every set done, no faults, hard enough) raises capacity.
    pub fn adapt(&mut self, slot: usize, sets: &[SetLog], week: u16) {
        if self.traits.plateau_after_week.is_some_and(|w| week > w) {
            return;
        }
        let good = !sets.is_empty()
            && sets.iter().all(|s| s.faults.is_empty())
            && sets.iter().any(|s| s.rpe.is_some_and(|r| r.get() >= 5));
        if !good {
            return;
        }
        match slot {
            0 | 1 => self.hold_capacity[slot] += HOLD_GROWTH,
            _ => self.strength += STRENGTH_GROWTH,
        }
        if let Some(limit) = self.traits.rib_flare_above.as_mut() {
            // Clean practice slowly improves rib control.
            *limit = (*limit + 0.005).min(0.95);
        }
    }
}
