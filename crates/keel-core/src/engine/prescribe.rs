//! Prescription arithmetic: step sizes, regressions, volume cuts and
//! deloads. Every number comes from [`EngineSettings`].

use super::settings::EngineSettings;
use crate::catalog::{Equipment, Kit};
use crate::measure::Seconds;
use crate::program::{Load, Prescription};
use crate::units::Units;

/// `value * percent / 100`, rounded to the nearest whole number.
pub(crate) fn percent_of(value: u32, percent: u32) -> u32 {
    (value * percent + 50) / 100
}

fn secs(value: u32) -> Seconds {
    Seconds::saturating(i64::from(value))
}

/// A load rounded to a thousandth of the athlete's unit (the gram, or a
/// thousandth of a pound), so sums of plate steps compare exactly and a
/// pound athlete's loads stay on round pounds however many steps are taken.
// A load the engine made from a bounded one: f32 holds it.
#[allow(clippy::cast_possible_truncation)]
fn tidy(kg: f32, units: Units) -> f32 {
    match units {
        Units::Kg => (kg * 1000.0).round() / 1000.0,
        Units::Lb => {
            let lb = (units.from_kg(f64::from(kg)) * 1000.0).round() / 1000.0;
            units.to_kg(lb) as f32
        }
    }
}

/// The external load in kg: 0 for bodyweight, `None` while it is still to be chosen.
pub(crate) fn load_kg(load: Load) -> Option<f32> {
    match load {
        Load::Bodyweight => Some(0.0),
        Load::ChooseForRpe => None,
        Load::Kg { kg } => Some(kg),
    }
}

/// The load `kg` becomes when it is the working load: zero is bodyweight.
pub(crate) fn load_from_kg(kg: f32, units: Units) -> Load {
    if kg <= 0.0 {
        Load::Bodyweight
    } else {
        Load::Kg {
            kg: tidy(kg, units),
        }
    }
}

/// The hold step from `seconds`: the larger of the fixed step and the percent step.
pub(crate) fn hold_step(seconds: u16, settings: &EngineSettings) -> u16 {
    let by_percent = percent_of(u32::from(seconds), u32::from(settings.hold_step_percent));
    settings
        .hold_step_seconds
        .max(u16::try_from(by_percent).unwrap_or(u16::MAX))
}

/// A distance step from `metres`, the larger of the fixed and the percent step.
pub(crate) fn carry_step(metres: u16, settings: &EngineSettings) -> u16 {
    let by_percent = percent_of(u32::from(metres), u32::from(settings.hold_step_percent));
    settings
        .carry_step_metres
        .max(u16::try_from(by_percent).unwrap_or(u16::MAX))
}

/// One load step up from `kg`: the smallest multiple of the owned step that
/// is at least `load_step_min_percent` of the load.
pub(crate) fn load_up(kg: f32, settings: &EngineSettings) -> f32 {
    let step = settings.load_step_kg();
    let wanted = step.max(kg * f32::from(settings.load_step_min_percent) / 100.0);
    let steps = (wanted / step - 1e-4).ceil().max(1.0);
    tidy(kg + steps * step, settings.units)
}

/// True when a step from `from` to `to` is more than `load_step_max_percent` of `from`.
pub(crate) fn load_step_is_large(from: f32, to: f32, settings: &EngineSettings) -> bool {
    from > 0.0 && (to - from) > from * f32::from(settings.load_step_max_percent) / 100.0 + 1e-4
}

/// The load after a regression, rounded down to the owned step; `None` when
/// it would fall below the smallest step (the load floor).
pub(crate) fn load_down(kg: f32, settings: &EngineSettings) -> Option<f32> {
    let step = settings.load_step_kg();
    let raw = kg * f32::from(100 - settings.regress_percent) / 100.0;
    let mut to = (raw / step + 1e-4).floor() * step;
    if to >= kg {
        to = kg - step;
    }
    (to >= step - 1e-4).then(|| tidy(to, settings.units))
}

/// A hold or time after a regression, or `None` at the floor.
pub(crate) fn seconds_down(seconds: u16, floor: u16, settings: &EngineSettings) -> Option<u16> {
    if seconds <= floor {
        return None;
    }
    let kept = percent_of(
        u32::from(seconds),
        u32::from(100 - settings.regress_percent),
    );
    let kept = u16::try_from(kept).unwrap_or(seconds);
    Some(kept.min(seconds - 1).max(floor))
}

/// About `ceiling_reset_percent` of `value`, never below `floor`.
pub(crate) fn reset_after_ceiling(value: u16, floor: u16, settings: &EngineSettings) -> u16 {
    let reset = percent_of(u32::from(value), u32::from(settings.ceiling_reset_percent));
    u16::try_from(reset).unwrap_or(value).max(floor).min(value)
}

/// Sets after cutting `percent` of the volume: at least one.
fn cut_sets(sets: u8, keep: u32) -> u8 {
    u8::try_from(percent_of(u32::from(sets), keep))
        .unwrap_or(sets)
        .clamp(1, sets.max(1))
}

/// Per-set amount so that `new_sets` sets carry `keep` percent of the old
/// volume, never more than before and never under `floor` (unless it already was).
fn cut_amount(amount: u32, sets: u8, new_sets: u8, keep: u32, floor: u32) -> u32 {
    let total = percent_of(amount * u32::from(sets), keep);
    let per_set = (total + u32::from(new_sets) / 2) / u32::from(new_sets.max(1));
    per_set.max(floor.min(amount)).min(amount)
}

/// The prescription with `percent` of its volume removed, sets first, then
/// the per-set amount; the load is kept.
pub fn cut_volume(p: &Prescription, percent: u8, settings: &EngineSettings) -> Prescription {
    let keep = u32::from(100 - percent.min(90));
    let min_hold = u32::from(settings.min_hold_seconds);
    let mut next = p.clone();
    match &mut next {
        Prescription::Hold { pyramid, .. } if !pyramid.is_empty() => {
            crate::program::cut_pyramid(pyramid, u16::try_from(keep).unwrap_or(100));
        }
        Prescription::Hold { sets, seconds, .. } => {
            let new_sets = cut_sets(*sets, keep);
            *seconds = secs(cut_amount(
                u32::from(seconds.get()),
                *sets,
                new_sets,
                keep,
                min_hold,
            ));
            *sets = new_sets;
        }
        Prescription::Reps {
            sets,
            reps_min,
            reps_max,
            ..
        } => {
            let new_sets = cut_sets(*sets, keep);
            let top = cut_amount(u32::from(*reps_max), *sets, new_sets, keep, 1);
            let top = u8::try_from(top).unwrap_or(*reps_max);
            (*reps_min, *reps_max) = crate::program::sensible_range(*reps_min, top);
            *sets = new_sets;
        }
        Prescription::Carry {
            sets,
            metres,
            seconds,
            ..
        } => {
            let new_sets = cut_sets(*sets, keep);
            if let Some(m) = metres {
                let floor = u32::from(settings.carry_step_metres);
                let cut = cut_amount(u32::from(*m), *sets, new_sets, keep, floor);
                *m = u16::try_from(cut).unwrap_or(*m);
            }
            if let Some(s) = seconds {
                *s = secs(cut_amount(
                    u32::from(s.get()),
                    *sets,
                    new_sets,
                    keep,
                    min_hold,
                ));
            }
            *sets = new_sets;
        }
        Prescription::Drill { sets, .. } => *sets = cut_sets(*sets, keep),
    }
    next
}

/// `deload_load_share_percent` of a working load, rounded to the nearest
/// owned step, at least one step and never more than the load itself.
pub(crate) fn deload_load(load: Load, settings: &EngineSettings) -> Load {
    match load {
        Load::Kg { kg } if kg > 0.0 => {
            let step = settings.load_step_kg();
            let share = kg * f32::from(settings.deload_load_share_percent) / 100.0;
            let snapped = ((share / step).round() * step).max(step).min(kg);
            load_from_kg(snapped, settings.units)
        }
        other => other,
    }
}

/// Where a load regression may land, percent under the load: the method's
/// 10-20 % (docs/method.md §6.2); outside it the variant or the time changes.
pub(crate) const REGRESS_BAND_PERCENT: (u8, u8) = (10, 20);

/// [`deload`] on the athlete's equipment: the kept share of the load is the
/// owned load nearest `deload_load_share_percent` of it, never above it
/// (docs/method.md §4.6, §5.9).
pub fn deload_on_kit(
    p: &Prescription,
    settings: &EngineSettings,
    kit: &Kit,
    needs: &[Equipment],
) -> Prescription {
    let next = deload(p, settings);
    match load_kg(p.load()).filter(|kg| *kg > 0.0) {
        Some(kg) => {
            let share = kg * f32::from(settings.deload_load_share_percent) / 100.0;
            match kit.nearest_at_most(needs, share, kg) {
                Some(to) => with_load(&next, Load::Kg { kg: to }),
                None => fit_load(&next, kit, needs),
            }
        }
        None => next,
    }
}

/// `p` with its load one the athlete can make: an external load the
/// equipment cannot make becomes the nearest owned load not above it. Kept
/// as it is when nothing owned loads the exercise or every owned load is
/// heavier: a load is never raised by snapping.
pub fn fit_load(p: &Prescription, kit: &Kit, needs: &[Equipment]) -> Prescription {
    match p.load() {
        Load::Kg { kg } if !kit.can_make(needs, kg) => match kit.nearest_at_most(needs, kg, kg) {
            Some(to) => with_load(p, Load::Kg { kg: to }),
            None => p.clone(),
        },
        _ => p.clone(),
    }
}

/// A deload version: volume cut by `deload_cut_percent` (fewer sets first),
/// every movement kept, and a loaded carry, hold or hinge keeps
/// `deload_load_share_percent` of its load (docs/method.md §4.6).
pub fn deload(p: &Prescription, settings: &EngineSettings) -> Prescription {
    let mut next = cut_volume(p, settings.deload_cut_percent, settings);
    match &mut next {
        Prescription::Hold { load, .. }
        | Prescription::Reps { load, .. }
        | Prescription::Carry { load, .. } => *load = deload_load(*load, settings),
        Prescription::Drill { .. } => {}
    }
    next
}

/// The hold or timed seconds of a prescription.
pub(crate) fn seconds_of(p: &Prescription) -> Option<u16> {
    match p {
        Prescription::Hold { seconds, .. } => Some(seconds.get()),
        Prescription::Carry { seconds, .. } | Prescription::Drill { seconds, .. } => {
            seconds.map(Seconds::get)
        }
        Prescription::Reps { .. } => None,
    }
}

pub(crate) fn with_seconds(p: &Prescription, to: u16) -> Prescription {
    let mut next = p.clone();
    match &mut next {
        Prescription::Hold { seconds, .. } => *seconds = secs(u32::from(to)),
        Prescription::Carry { seconds, .. } | Prescription::Drill { seconds, .. } => {
            if seconds.is_some() {
                *seconds = Some(secs(u32::from(to)));
            }
        }
        Prescription::Reps { .. } => {}
    }
    next
}

pub(crate) fn with_pyramid(p: &Prescription, to: Vec<u8>) -> Prescription {
    let mut next = p.clone();
    if let Prescription::Hold { pyramid, .. } = &mut next {
        *pyramid = to;
    }
    next
}

pub(crate) fn with_load(p: &Prescription, to: Load) -> Prescription {
    let mut next = p.clone();
    match &mut next {
        Prescription::Hold { load, .. }
        | Prescription::Reps { load, .. }
        | Prescription::Carry { load, .. } => *load = to,
        Prescription::Drill { .. } => {}
    }
    next
}

/// The prescription with `to` sets.
/// `p` with `to` sets (a pyramid keeps one entry per set).
pub fn with_sets(p: &Prescription, to: u8) -> Prescription {
    let mut next = p.clone();
    crate::program::set_sets(&mut next, to);
    next
}

/// A chain's `level` as one slot's dose: the slot's `sets`, and, once the
/// plan's later phases hold plainly, no pyramid: the foundation's pyramid
/// of short holds becomes straight holds of the same earned seconds, which
/// then lengthen by the usual steps (docs/method.md §4.1). The level itself
/// (variant, seconds, load) is never taken from the plan.
pub fn with_dose(level: &Prescription, planned: &Prescription, sets: u8) -> Prescription {
    let mut next = level.clone();
    if let (Prescription::Hold { pyramid, .. }, None) = (&mut next, planned.pyramid()) {
        pyramid.clear();
    }
    with_sets(&next, sets)
}

pub(crate) fn with_per_side(p: &Prescription, to: bool) -> Prescription {
    let mut next = p.clone();
    match &mut next {
        Prescription::Hold { per_side, .. }
        | Prescription::Reps { per_side, .. }
        | Prescription::Drill { per_side, .. } => *per_side = to,
        Prescription::Carry { .. } => {}
    }
    next
}
