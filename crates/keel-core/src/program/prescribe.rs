//! How much of each exercise: holds from the tested maxima, reps by phase,
//! carries by distance or time, drills for warm-ups, and the deload cut.

use super::rules::{self, PhaseRules};
use super::select::can_load;
use super::{Drill, Load, Prescription, Slot};
use crate::assessment::{Imbalance, Tailoring};
use crate::catalog::{Exercise, Modality, Pattern, Tempo};
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
    pub profile: &'a Profile,
    pub tailoring: &'a Tailoring,
    pub settings: &'a PlanSettings,
    pub rules: PhaseRules,
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
        slot
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

    fn clamp_hold(&self, seconds: u16) -> u16 {
        let min = self.settings.min_hold_seconds;
        let max = self.settings.hold_ceiling_seconds.max(min);
        seconds.clamp(min, max)
    }

    fn hold(&self, exercise: &Exercise, emphasis: Emphasis) -> Prescription {
        let (sets, seconds) = if self.rules.short_efforts {
            (self.rules.hold_sets, rules::FOUNDATION_EFFORT_SECONDS)
        } else {
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
        let load = if self.rules.prefer_load && can_load(exercise, self.profile) {
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

fn add_set(slot: &mut Slot) {
    let sets = slot.prescription.sets().saturating_add(1);
    set_sets(&mut slot.prescription, sets);
}

fn add_note(slot: &mut Slot, note: String) {
    slot.note = Some(match slot.note.take() {
        Some(old) => format!("{old}; {note}"),
        None => note,
    });
}

pub(crate) fn set_sets(p: &mut Prescription, value: u8) {
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
