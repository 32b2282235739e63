//! How much of each exercise: holds from the tested maxima, reps by phase,
//! carries by distance or time, drills for warm-ups, and the deload cut.

use super::rules::{self, PhaseRules};
use super::select::can_load;
use super::{Drill, Load, Prescription, Slot};
use crate::assessment::{Imbalance, MovementTest, Tailoring};
use crate::catalog::{Catalog, Exercise, Modality, Pattern, Region, Surface, Tempo};
use crate::measure::{Rpe, Seconds};
use crate::profile::Profile;
use crate::settings::PlanSettings;

/// How hard a slot is pushed within its session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Emphasis {
    /// The day's focus.
    Focus,
    /// A day's "light posterior chain".
    Light,
    /// B day's "short holds".
    Short,
}

pub(crate) struct Prescriber<'a> {
    pub catalog: &'a Catalog,
    pub profile: &'a Profile,
    pub tailoring: &'a Tailoring,
    pub settings: &'a PlanSettings,
    pub rules: PhaseRules,
    /// 1-based training week within the block: the foundation's pyramids
    /// add holds week by week.
    pub week_in_block: u8,
}

impl Prescriber<'_> {
    /// A main-block slot (the between-sets drill is paired later).
    pub fn slot(&self, exercise: &Exercise, emphasis: Emphasis) -> Slot {
        let prescription = match exercise.modality {
            Modality::HoldSeconds => self.hold(exercise, emphasis),
            Modality::Reps => self.reps(exercise, emphasis),
            Modality::Distance | Modality::Time => self.carry(exercise),
        };
        let rest_seconds = super::session::rest_for(&prescription, self.settings);
        let mut slot = Slot {
            exercise: exercise.id.clone(),
            prescription,
            rest_seconds,
            between_sets: None,
            note: None,
        };
        self.apply_imbalances(exercise, emphasis, &mut slot);
        if let Some(note) = self.way_forward(exercise, &slot.prescription) {
            add_note(&mut slot, note);
        }
        slot
    }

    /// A technique drill for a failed movement test: a short pyramid of
    /// 10 s holds, or a few sets of slow bodyweight reps.
    pub fn technique(&self, exercise: &Exercise, test: MovementTest) -> Slot {
        let prescription = match exercise.modality {
            Modality::HoldSeconds => pyramid_hold(exercise, rules::TECHNIQUE_PYRAMID.to_vec()),
            _ => Prescription::Reps {
                sets: rules::TECHNIQUE_SETS,
                reps_min: rules::TECHNIQUE_REPS,
                reps_max: rules::TECHNIQUE_REPS,
                per_side: exercise.per_side(),
                tempo: exercise.tempo,
                load: Load::Bodyweight,
                target_rpe: Rpe::saturating(i64::from(self.rules.target_rpe)),
            },
        };
        Slot {
            exercise: exercise.id.clone(),
            rest_seconds: super::session::rest_for(&prescription, self.settings),
            prescription,
            between_sets: None,
            note: Some(technique_note(test)),
        }
    }

    /// Where an extensor hold goes from here (docs/method.md §4.7): its
    /// headroom under the ceiling, then load held to the chest, an extra
    /// set, the next variant.
    fn way_forward(&self, exercise: &Exercise, p: &Prescription) -> Option<String> {
        let extensor = exercise.pattern == Pattern::AntiFlexionHold
            && exercise.surface == Surface::Elevated
            && exercise
                .regions
                .get(&Region::LumbarExtensors)
                .copied()
                .unwrap_or(0.0)
                >= 0.5;
        if !extensor || p.pyramid().is_some() {
            return None;
        }
        let ceiling = self.settings.hold_ceiling_seconds;
        let load = if exercise.loadable || can_load(exercise, self.profile) {
            "hold a plate or dumbbell to your chest, "
        } else {
            ""
        };
        let next = exercise
            .harder
            .as_ref()
            .and_then(|h| self.catalog.get(h))
            .map(|h| format!(", then the {}", h.name.to_lowercase()))
            .unwrap_or_default();
        Some(format!(
            "way forward: add seconds up to {ceiling} s, then {load}add a set{next}"
        ))
    }

    /// The starting hold for the closest tested position: a share of the
    /// tested max, or a conservative default by level when it was skipped.
    pub fn starting_hold(&self, exercise: &Exercise) -> u16 {
        let holds = &self.tailoring.holds;
        let tested = match exercise.pattern {
            Pattern::AntiLateralFlexionHold => {
                // The weaker side sets the base; the imbalance adds sets, not seconds.
                match (holds.side_bridge_left, holds.side_bridge_right) {
                    (Some(l), Some(r)) => Some(l.min(r)),
                    (l, r) => l.or(r),
                }
            }
            Pattern::AntiExtensionHold => holds.prone_plank.or(holds.flexor),
            _ => holds.extensor,
        };
        let base = match tested {
            Some(max) => {
                let scaled =
                    u32::from(max.get()) * u32::from(self.settings.start_hold_percent) / 100;
                u16::try_from(scaled).unwrap_or(u16::MAX)
            }
            None => {
                let level = super::select::assessed_level(exercise.pattern, self.tailoring);
                let index = usize::from(level.saturating_sub(1));
                rules::DEFAULT_HOLD_BY_LEVEL
                    .get(index)
                    .copied()
                    .unwrap_or(rules::DEFAULT_HOLD_BY_LEVEL[0])
            }
        };
        self.clamp_hold(base)
    }

    /// Between the hold floor and the headroom under the ceiling.
    fn clamp_hold(&self, seconds: u16) -> u16 {
        let min = self.settings.min_hold_seconds;
        let headroom = scale(
            self.settings.hold_ceiling_seconds,
            rules::HOLD_HEADROOM_PERCENT,
        );
        seconds.clamp(min, headroom.max(min))
    }

    /// The foundation's pyramid for this week: 5-3-1 in the first week,
    /// one more hold per set each week after; short and light slots drop
    /// the largest set.
    fn pyramid(&self, emphasis: Emphasis) -> Vec<u8> {
        let added = self
            .week_in_block
            .saturating_sub(1)
            .saturating_mul(rules::PYRAMID_HOLDS_ADDED_PER_WEEK);
        let full: Vec<u8> = rules::PYRAMID_START
            .iter()
            .map(|n| n.saturating_add(added))
            .collect();
        match emphasis {
            Emphasis::Focus => full,
            Emphasis::Short | Emphasis::Light => full[1..].to_vec(),
        }
    }

    fn hold(&self, exercise: &Exercise, emphasis: Emphasis) -> Prescription {
        if self.rules.foundation {
            return pyramid_hold(exercise, self.pyramid(emphasis));
        }
        let (sets, seconds) = {
            let base =
                u32::from(self.starting_hold(exercise)) * u32::from(self.rules.hold_percent) / 100;
            (
                self.rules.hold_sets,
                u16::try_from(base).unwrap_or(u16::MAX),
            )
        };
        let (sets, seconds) = match emphasis {
            Emphasis::Focus => (sets, seconds),
            Emphasis::Short => (
                rules::SHORT_HOLD_SETS.min(sets),
                scale(seconds, rules::SHORT_HOLD_PERCENT),
            ),
            Emphasis::Light => (rules::LIGHT_POSTERIOR_SETS.min(sets), seconds),
        };
        // A hold done with an implement in hand (the suitcase hold) means
        // nothing empty-handed: it is loaded in every phase.
        let held_implement = exercise
            .equipment
            .iter()
            .any(|e| super::select::LOAD_IMPLEMENTS.contains(e));
        let load = if (self.rules.prefer_load || held_implement) && can_load(exercise, self.profile)
        {
            Load::ChooseForRpe
        } else {
            Load::Bodyweight
        };
        Prescription::Hold {
            sets,
            seconds: Seconds::saturating(i64::from(self.clamp_hold(seconds))),
            per_side: exercise.per_side(),
            extra_sets_on: None,
            load,
            pyramid: Vec::new(),
        }
    }

    fn reps(&self, exercise: &Exercise, emphasis: Emphasis) -> Prescription {
        let sets = match emphasis {
            Emphasis::Focus => self.rules.rep_sets,
            Emphasis::Light | Emphasis::Short => {
                rules::LIGHT_POSTERIOR_SETS.min(self.rules.rep_sets)
            }
        };
        let tempo = match (exercise.tempo, self.rules.min_eccentric) {
            (Some(t), Some(min)) => Some(Tempo {
                eccentric: t.eccentric.max(min),
                ..t
            }),
            (t, _) => t,
        };
        Prescription::Reps {
            sets,
            reps_min: self.rules.reps_min,
            reps_max: self.rules.reps_max,
            per_side: exercise.per_side(),
            tempo,
            load: self.external_load(exercise),
            target_rpe: Rpe::saturating(i64::from(self.rules.target_rpe)),
        }
    }

    fn carry(&self, exercise: &Exercise) -> Prescription {
        let (metres, seconds) = match exercise.modality {
            Modality::Distance => (Some(rules::CARRY_METRES), None),
            _ => (
                None,
                Some(Seconds::saturating(i64::from(rules::CARRY_SECONDS))),
            ),
        };
        // A carry is loaded by definition: household objects when no implement is owned.
        let load = if exercise.loadable {
            Load::ChooseForRpe
        } else {
            Load::Bodyweight
        };
        Prescription::Carry {
            sets: rules::CARRY_SETS,
            metres,
            seconds,
            load,
            target_rpe: Rpe::saturating(i64::from(self.rules.target_rpe)),
        }
    }

    fn external_load(&self, exercise: &Exercise) -> Load {
        if can_load(exercise, self.profile) {
            Load::ChooseForRpe
        } else {
            Load::Bodyweight
        }
    }

    fn apply_imbalances(&self, exercise: &Exercise, emphasis: Emphasis, slot: &mut Slot) {
        for imbalance in &self.tailoring.imbalances {
            match (imbalance, exercise.pattern) {
                (Imbalance::WeakSide(side), Pattern::AntiLateralFlexionHold)
                    if exercise.per_side() =>
                {
                    if let Prescription::Hold { extra_sets_on, .. } = &mut slot.prescription {
                        *extra_sets_on = Some(*side);
                        add_note(
                            slot,
                            format!(
                                "one extra set on your weaker {} side (side bridges differed by more than 5 %)",
                                side.label()
                            ),
                        );
                    }
                }
                (Imbalance::LateralWeak, Pattern::AntiLateralFlexionHold)
                    if emphasis == Emphasis::Focus =>
                {
                    add_set(slot);
                    add_note(
                        slot,
                        "one extra set: side bridges were under 75 % of the extensor hold".into(),
                    );
                }
                (Imbalance::ExtensorsWeak, Pattern::AntiFlexionHold) => {
                    if emphasis == Emphasis::Focus {
                        add_set(slot);
                    }
                    add_note(
                        slot,
                        "extra extensor work: your flexor hold outlasted your extensor hold (ratio above 1.0)"
                            .into(),
                    );
                }
                _ => {}
            }
        }
    }
}

/// A hold of `pyramid` sets of 10 s holds (McGill's "10 s or less"),
/// bodyweight: the foundation's technique comes before load.
fn pyramid_hold(exercise: &Exercise, pyramid: Vec<u8>) -> Prescription {
    Prescription::Hold {
        sets: u8::try_from(pyramid.len()).unwrap_or(u8::MAX),
        seconds: Seconds::saturating(i64::from(rules::PYRAMID_HOLD_SECONDS)),
        per_side: exercise.per_side(),
        extra_sets_on: None,
        load: Load::Bodyweight,
        pyramid,
    }
}

pub(crate) fn technique_note(test: MovementTest) -> String {
    format!(
        "technique drill: your {} movement test scored 1 or less; it stays in the plan until a retest clears it",
        test.label()
    )
}

/// More of a slot: one more set, or for a pyramid one more hold in every
/// set (pyramids grow by holds, not sets).
fn add_set(slot: &mut Slot) {
    if let Prescription::Hold { pyramid, .. } = &mut slot.prescription
        && !pyramid.is_empty()
    {
        for holds in pyramid.iter_mut() {
            *holds = holds.saturating_add(1);
        }
        return;
    }
    let sets = slot.prescription.sets().saturating_add(1);
    set_sets(&mut slot.prescription, sets);
}

pub(crate) fn add_note(slot: &mut Slot, note: String) {
    slot.note = Some(match slot.note.take() {
        Some(old) => format!("{old}; {note}"),
        None => note,
    });
}

/// Sets `value` sets; a pyramid keeps one entry per set, losing its
/// smallest sets first and repeating its last when it grows.
pub(crate) fn set_sets(p: &mut Prescription, value: u8) {
    if let Prescription::Hold { pyramid, .. } = p
        && !pyramid.is_empty()
    {
        let last = pyramid.last().copied().unwrap_or(1);
        pyramid.resize(usize::from(value.max(1)), last);
    }
    match p {
        Prescription::Hold { sets, .. }
        | Prescription::Reps { sets, .. }
        | Prescription::Carry { sets, .. }
        | Prescription::Drill { sets, .. } => *sets = value,
    }
}

fn scale(seconds: u16, percent: u16) -> u16 {
    u16::try_from(u32::from(seconds) * u32::from(percent) / 100).unwrap_or(u16::MAX)
}

/// A warm-up, cool-down or light-day drill.
pub(crate) fn drill(exercise: &Exercise, sets: u8) -> Drill {
    let (reps, seconds) = match exercise.modality {
        Modality::Reps => (Some(rules::DRILL_REPS), None),
        _ => (
            None,
            Some(Seconds::saturating(i64::from(rules::DRILL_SECONDS))),
        ),
    };
    Drill {
        exercise: exercise.id.clone(),
        prescription: Prescription::Drill {
            sets,
            reps,
            seconds,
            per_side: exercise.per_side(),
        },
    }
}

/// The deload version of a slot: same movement, sets and hold time cut by
/// `deload_cut_percent` (at least one set, never under the hold floor), and a
/// loaded carry, hold or hinge keeps `deload_load_share_percent` of its load
/// (the engine applies the share to a known load; the plan says it).
pub(crate) fn deload(slot: &Slot, settings: &PlanSettings) -> Slot {
    let keep = 100u16.saturating_sub(u16::from(settings.deload_cut_percent));
    let cut_sets = |sets: u8| -> u8 {
        let kept = (u16::from(sets) * keep + 50) / 100;
        u8::try_from(kept).unwrap_or(sets).max(1)
    };
    let mut out = slot.clone();
    match &mut out.prescription {
        Prescription::Hold { pyramid, .. } if !pyramid.is_empty() => {
            // A pyramid keeps its sets and short holds; each set holds fewer times.
            super::cut_pyramid(pyramid, keep);
        }
        Prescription::Hold { sets, seconds, .. } => {
            let cut = scale(seconds.get(), keep).max(settings.min_hold_seconds);
            *seconds = Seconds::saturating(i64::from(cut.min(seconds.get())));
            *sets = cut_sets(*sets);
        }
        Prescription::Reps { sets, .. } | Prescription::Carry { sets, .. } => {
            *sets = cut_sets(*sets);
        }
        Prescription::Drill { .. } => {}
    }
    if out.prescription.load().is_external() {
        add_note(
            &mut out,
            format!(
                "deload: about {} % of your working load, fewer sets",
                settings.deload_load_share_percent
            ),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::ExerciseId;

    fn pyramid_slot(pyramid: Vec<u8>) -> Slot {
        Slot {
            exercise: ExerciseId::new("mcgill-curl-up"),
            prescription: Prescription::Hold {
                sets: u8::try_from(pyramid.len()).unwrap_or(u8::MAX),
                seconds: Seconds::saturating(10),
                per_side: false,
                extra_sets_on: None,
                load: Load::Bodyweight,
                pyramid,
            },
            rest_seconds: 30,
            between_sets: None,
            note: None,
        }
    }

    /// A deloaded pyramid keeps its sets and its 10 s holds; each set holds
    /// fewer times (45 % cut: 7-5-3 becomes 4-3-2), never under one hold.
    #[test]
    fn a_pyramid_deloads_by_holds_not_sets_or_seconds() {
        let settings = PlanSettings::default();
        let out = deload(&pyramid_slot(vec![7, 5, 3]), &settings);
        assert_eq!(out.prescription.pyramid(), Some(&[4u8, 3, 2][..]));
        assert_eq!(out.prescription.sets(), 3);
        let out = deload(&pyramid_slot(vec![1, 1]), &settings);
        assert_eq!(out.prescription.pyramid(), Some(&[1u8, 1][..]));
    }

    /// Sets and the pyramid stay in step: fewer sets drop the smallest,
    /// more repeat the last; extra work on a pyramid adds a hold to each set.
    #[test]
    fn pyramid_sets_and_holds_stay_in_step() {
        let mut slot = pyramid_slot(vec![5, 3, 1]);
        set_sets(&mut slot.prescription, 2);
        assert_eq!(slot.prescription.pyramid(), Some(&[5u8, 3][..]));
        assert_eq!(slot.prescription.sets(), 2);
        set_sets(&mut slot.prescription, 3);
        assert_eq!(slot.prescription.pyramid(), Some(&[5u8, 3, 3][..]));
        add_set(&mut slot);
        assert_eq!(slot.prescription.pyramid(), Some(&[6u8, 4, 4][..]));
        assert_eq!(slot.prescription.sets(), 3);
    }
}
