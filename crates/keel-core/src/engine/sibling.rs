//! Where another variant of a progression chain starts (docs/method.md §5.6).
//!
//! The athlete has one working level per chain. When a day, a block or a
//! plan version brings another variant of a chain already trained, its
//! first prescription is the chain's working prescription carried over by
//! this rule, written once here so the session shown and the decision after
//! it agree:
//! - every step harder scales the hold (or timed carry, or distance) to
//!   `ceiling_reset_percent` of it, the same reset as a ceiling progression;
//!   every step easier divides by it, staying one hold step under the
//!   ceiling (a variant never starts at its ceiling);
//! - sets and the rep range stay;
//! - a harder variant starts its external load afresh (chosen for the
//!   target RPE, then learned), an easier one keeps it; a variant that
//!   takes no load is done with bodyweight.

use super::prescribe::{self, percent_of};
use super::settings::EngineSettings;
use crate::catalog::Exercise;
use crate::program::{Load, Prescription};

/// `working` (of a variant `steps` easier or harder than `to`: positive
/// when `to` is harder) carried onto the variant `to`.
pub fn onto_sibling(
    working: &Prescription,
    to: &Exercise,
    steps: i32,
    settings: &EngineSettings,
) -> Prescription {
    let mut next = prescribe::with_per_side(working, to.per_side());
    if let Some(seconds) = prescribe::seconds_of(&next) {
        let ceiling = match next {
            Prescription::Carry { .. } => settings.carry_ceiling_seconds,
            _ => settings.hold_ceiling_for(to),
        };
        let floor = settings.min_hold_seconds;
        let top = ceiling
            .saturating_sub(settings.hold_step_seconds)
            .max(floor);
        let scaled = scale(seconds, steps, settings).max(floor).min(top);
        next = prescribe::with_seconds(&next, scaled);
    }
    if let Prescription::Carry {
        metres: Some(m), ..
    } = &mut next
    {
        let floor = settings.carry_step_metres;
        let top = settings
            .carry_ceiling_metres
            .saturating_sub(settings.carry_step_metres)
            .max(floor);
        *m = scale(*m, steps, settings).max(floor).min(top);
    }
    let load = next.load();
    if !to.loadable {
        prescribe::with_load(&next, Load::Bodyweight)
    } else if steps > 0 && matches!(load, Load::Kg { .. }) {
        prescribe::with_load(&next, Load::ChooseForRpe)
    } else {
        next
    }
}

/// A first prescription at or above the exercise's ceiling, one hold step
/// under it (never under the shortest hold): no exercise starts where it
/// could no longer progress (docs/method.md §5.6). `None` when it is under.
pub fn under_ceiling(
    p: &Prescription,
    exercise: &Exercise,
    settings: &EngineSettings,
) -> Option<Prescription> {
    let ceiling = match p {
        Prescription::Hold { .. } => settings.hold_ceiling_for(exercise),
        Prescription::Carry { .. } => settings.carry_ceiling_seconds,
        _ => return None,
    };
    let seconds = prescribe::seconds_of(p)?;
    let below = ceiling
        .saturating_sub(settings.hold_step_seconds)
        .max(settings.min_hold_seconds);
    (seconds >= ceiling && below < seconds).then(|| prescribe::with_seconds(p, below))
}

/// `value` scaled by `ceiling_reset_percent` once per step harder, and
/// divided by it once per step easier.
fn scale(value: u16, steps: i32, settings: &EngineSettings) -> u16 {
    let percent = u32::from(settings.ceiling_reset_percent.max(1));
    let mut out = u32::from(value);
    for _ in 0..steps.unsigned_abs() {
        out = if steps > 0 {
            percent_of(out, percent)
        } else {
            (out * 100 + percent / 2) / percent
        };
    }
    u16::try_from(out).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::catalog::{Catalog, ExerciseId};
    use crate::measure::Seconds;

    fn hold(seconds: u16) -> Prescription {
        Prescription::Hold {
            sets: 3,
            seconds: Seconds::new(i64::from(seconds)).unwrap(),
            per_side: true,
            extra_sets_on: None,
            load: Load::Bodyweight,
            pyramid: Vec::new(),
        }
    }

    fn exercise(id: &str) -> &'static Exercise {
        Catalog::builtin().get(&ExerciseId::new(id)).unwrap()
    }

    #[test]
    fn a_step_harder_keeps_seventy_percent_and_a_step_easier_gives_it_back() {
        let s = EngineSettings::default();
        let harder = onto_sibling(&hold(30), exercise("side-bridge-feet-elevated"), 1, &s);
        assert_eq!(prescribe::seconds_of(&harder), Some(21));
        assert_eq!(harder.sets(), 3);
        let easier = onto_sibling(&hold(21), exercise("side-bridge"), -1, &s);
        assert_eq!(prescribe::seconds_of(&easier), Some(30));
    }

    #[test]
    fn a_first_prescription_at_the_ceiling_starts_one_step_under_it() {
        let s = EngineSettings::default();
        // The side bridge's ceiling is the lateral one (75 s per side).
        let side = exercise("side-bridge");
        let under = under_ceiling(&hold(75), side, &s).unwrap();
        assert_eq!(prescribe::seconds_of(&under), Some(70));
        assert_eq!(under_ceiling(&hold(70), side, &s), None);
        // A bird dog has the general one (60 s).
        let bird_dog = exercise("bird-dog");
        let under = under_ceiling(&hold(60), bird_dog, &s).unwrap();
        assert_eq!(prescribe::seconds_of(&under), Some(55));
        // The extensor holds have their own, higher ceiling.
        assert_eq!(
            under_ceiling(&hold(60), exercise("biering-sorensen-hold"), &s),
            None
        );
    }

    #[test]
    fn no_variant_starts_at_its_ceiling_or_under_the_floor() {
        let s = EngineSettings::default();
        let easier = onto_sibling(&hold(70), exercise("side-bridge-knees"), -2, &s);
        assert_eq!(prescribe::seconds_of(&easier), Some(70));
        let easier = onto_sibling(&hold(40), exercise("side-bridge-knees"), -2, &s);
        assert_eq!(
            prescribe::seconds_of(&easier),
            Some(s.lateral_hold_ceiling_seconds - s.hold_step_seconds)
        );
        let harder = onto_sibling(&hold(12), exercise("side-bridge-perturbation"), 2, &s);
        assert_eq!(prescribe::seconds_of(&harder), Some(s.min_hold_seconds));
    }
}
