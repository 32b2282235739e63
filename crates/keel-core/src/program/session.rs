//! Session assembly: warm-up from the assessment's mobility priorities, the
//! main block for an A or B day, a gentle drill paired between sets, the
//! transfer drill, a cool-down that does not load the spine, and the
//! estimated minutes.

use super::prescribe::{self, Emphasis, Prescriber};
use super::reached::{Reached, chain_position};
use super::rules;
use super::select::{BlockChoice, Role, clash};
use super::{Drill, Prescription, Session, Slot};
use crate::assessment::{Imbalance, MovementTest, Tailoring};
use crate::catalog::{Catalog, Exercise, ExerciseId, MobilityTarget, Modality, Pattern};
use crate::profile::Profile;
use crate::settings::PlanSettings;

/// Targets a cool-down may stretch: hips and legs, never the spine under load.
const COOLDOWN_TARGETS: [MobilityTarget; 4] = [
    MobilityTarget::Hamstrings,
    MobilityTarget::HipFlexors,
    MobilityTarget::Hips,
    MobilityTarget::Ankles,
];

pub(crate) struct Assembler<'c, 'a> {
    pub catalog: &'c Catalog,
    pub profile: &'a Profile,
    pub tailoring: &'a Tailoring,
    /// Rotates drills across blocks so warm-ups do not stay identical.
    pub block_index: usize,
    /// What the athlete reached per chain before this block: a technique
    /// drill is never easier than that.
    pub reached: &'a Reached,
}

impl<'c> Assembler<'c, '_> {
    /// Mobility drills the user can do, those hitting the first priority first.
    fn mobility(&self) -> Vec<&'c Exercise> {
        let priorities = &self.tailoring.mobility_priorities;
        let rank = |e: &Exercise| {
            priorities
                .iter()
                .position(|p| e.targets.contains(p))
                .unwrap_or(priorities.len())
        };
        let mut drills: Vec<&Exercise> = self
            .catalog
            .by_pattern(Pattern::Mobility)
            .filter(|e| e.available_with(&self.profile.equipment))
            .collect();
        drills.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.id.cmp(&b.id)));
        drills
    }

    fn activation(&self) -> Vec<&'c Exercise> {
        let mut drills: Vec<&Exercise> = self
            .catalog
            .by_pattern(Pattern::Activation)
            .filter(|e| e.available_with(&self.profile.equipment))
            .collect();
        drills.sort_by(|a, b| a.level.cmp(&b.level).then_with(|| a.id.cmp(&b.id)));
        rotate(&mut drills, self.block_index);
        drills
    }

    /// Dynamic mobility drills (moved through, counted in reps) the user can
    /// do; static stretches (held for time) are kept for the cool-down.
    fn dynamic(&self) -> Vec<&'c Exercise> {
        self.mobility()
            .into_iter()
            .filter(|e| e.modality == Modality::Reps)
            .collect()
    }

    /// The spine first (McGill's cat-camel: a dynamic spine-motion drill),
    /// then one dynamic drill per priority target (rotating among that
    /// target's drills by block), then the best-ranked others, then an
    /// activation drill. No static stretch: those are the cool-down's.
    pub fn warmup(&self) -> Vec<Drill> {
        let all = self.dynamic();
        let mut chosen: Vec<&Exercise> = Vec::new();
        if let Some(spine) = all
            .iter()
            .find(|e| e.targets.contains(&MobilityTarget::SpineFlexionExtension))
        {
            chosen.push(spine);
        }
        let wanted = chosen.len() + rules::WARMUP_DRILLS;
        for target in &self.tailoring.mobility_priorities {
            if chosen.len() >= wanted {
                break;
            }
            let options: Vec<&Exercise> = all
                .iter()
                .copied()
                .filter(|e| e.targets.contains(target) && !chosen.iter().any(|c| c.id == e.id))
                .collect();
            if !options.is_empty() {
                chosen.push(options[self.block_index % options.len()]);
            }
        }
        for e in &all {
            if chosen.len() >= wanted {
                break;
            }
            if !chosen.iter().any(|c| c.id == e.id) {
                chosen.push(e);
            }
        }
        let mut drills: Vec<Drill> = chosen.iter().map(|e| prescribe::drill(e, 1)).collect();
        drills.extend(
            self.activation()
                .iter()
                .take(rules::WARMUP_ACTIVATION)
                .map(|e| prescribe::drill(e, 1)),
        );
        drills
    }

    /// Static hip and leg stretches, priorities first, preferring drills the warm-up did not use.
    pub fn cooldown(&self, warmup: &[Drill]) -> Vec<Drill> {
        let mut options: Vec<&Exercise> = self
            .mobility()
            .into_iter()
            .filter(|e| e.modality != Modality::Reps)
            .filter(|e| e.targets.iter().any(|t| COOLDOWN_TARGETS.contains(t)))
            .collect();
        // Stable sort: keeps the priority order within each group.
        options.sort_by_key(|e| warmup.iter().any(|d| d.exercise == e.id));
        options
            .iter()
            .take(rules::COOLDOWN_DRILLS)
            .map(|e| prescribe::drill(e, 1))
            .collect()
    }

    /// Gives each main slot a gentle mobility drill for its rest periods:
    /// the next drill in rotation that fits in the slot's rest, or none.
    fn pair(&self, main: &mut [Slot]) {
        let pool = self.mobility();
        if pool.is_empty() {
            return;
        }
        for (i, slot) in main.iter_mut().enumerate() {
            let rest = u32::from(slot.rest_seconds);
            slot.between_sets = (0..pool.len())
                .map(|k| pool[(i + self.block_index + k) % pool.len()])
                .find(|e| paired_drill_seconds(e) <= rest)
                .map(|e| e.id.clone());
        }
    }

    /// An A or B day for the block.
    pub fn training(&self, a_day: bool, choice: &BlockChoice<'c>, p: &Prescriber<'_>) -> Session {
        let role = |r: Role| choice.main.get(&r).copied();
        let extensors_weak = self
            .tailoring
            .imbalances
            .contains(&Imbalance::ExtensorsWeak);
        let plan: Vec<(Option<&Exercise>, Emphasis)> = if a_day {
            vec![
                (role(Role::ExtensorHold), Emphasis::Focus),
                (role(Role::LateralHold), Emphasis::Focus),
                (role(Role::FrontHold), Emphasis::Focus),
                (role(Role::Bridge), Emphasis::Light),
            ]
        } else {
            let mut plan = vec![
                (role(Role::Hinge), Emphasis::Focus),
                (role(Role::Bridge), Emphasis::Focus),
                (role(Role::Swing), Emphasis::Focus),
                (role(Role::LateralHold), Emphasis::Short),
            ];
            if extensors_weak {
                plan.push((role(Role::ExtensorHold), Emphasis::Short));
            }
            plan
        };
        let mut main: Vec<Slot> = plan
            .into_iter()
            .filter_map(|(e, emphasis)| e.map(|e| p.slot(e, emphasis)))
            .collect();
        self.add_technique(a_day, &mut main, p);
        self.pair(&mut main);
        let transfer = choice.transfer.map(|e| p.slot(e, Emphasis::Focus));
        let warmup = self.warmup();
        let cooldown = self.cooldown(&warmup);
        let mut session = Session {
            warmup,
            main,
            transfer,
            cooldown,
            breathing_cue: rules::BREATHING_CUE.to_string(),
            estimated_minutes: 0,
        };
        session.estimated_minutes = estimate_minutes(&session);
        session
    }

    /// Technique drills for the failed movement tests, first in the main
    /// block (practised fresh): the bird dog and dead bug on A days, hinge
    /// patterning on B days. When a slot of the day is already on the
    /// drill's chain, that slot trains it and says so.
    fn add_technique(&self, a_day: bool, main: &mut Vec<Slot>, p: &Prescriber<'_>) {
        for test in &self.tailoring.weak_movements {
            if (*test == MovementTest::HipHinge) == a_day {
                continue;
            }
            let Some(drill) = self.technique_drill(*test) else {
                continue;
            };
            let same_chain = |s: &Slot| {
                self.catalog
                    .get(&s.exercise)
                    .is_some_and(|e| clash(self.catalog, e, drill))
            };
            if let Some(slot) = main.iter_mut().find(|s| same_chain(s)) {
                prescribe::add_note(slot, prescribe::technique_note(*test));
                continue;
            }
            let at = main
                .iter()
                .take_while(|s| {
                    s.note
                        .as_deref()
                        .is_some_and(|n| n.starts_with("technique"))
                })
                .count();
            main.insert(at, p.technique(drill, *test));
        }
    }

    /// The drill a failed movement test calls for, or its nearest easier
    /// variant the athlete's equipment allows; the variant reached on its
    /// chain when that is harder (a technique drill never goes backwards).
    pub fn technique_drill(&self, test: MovementTest) -> Option<&'c Exercise> {
        let anchor = match test {
            MovementTest::HipHinge => rules::HINGE_PATTERNING,
            MovementTest::BirdDog => rules::BIRD_DOG,
            MovementTest::DeadBug => rules::DEAD_BUG,
        };
        let mut drill = self.catalog.get(&ExerciseId::new(anchor))?;
        while !drill.available_with(&self.profile.equipment) {
            drill = drill.easier.as_ref().and_then(|e| self.catalog.get(e))?;
        }
        let at = chain_position(self.catalog, &drill.id).map_or(0, |(_, at)| at);
        let harder_reached = self
            .reached
            .on_chain(self.catalog, &drill.id)
            .filter(|(reached_at, _)| *reached_at > at)
            .and_then(|(_, id)| self.catalog.get(id))
            .filter(|e| e.available_with(&self.profile.equipment));
        Some(harder_reached.unwrap_or(drill))
    }

    /// Spare slots the balancing pass may add, prescribed as short extra work
    /// and paired with a between-sets drill like any other slot.
    pub fn spare_slots(&self, spares: &[&Exercise], p: &Prescriber<'_>) -> Vec<Slot> {
        let mut slots: Vec<Slot> = spares.iter().map(|e| p.slot(e, Emphasis::Short)).collect();
        self.pair(&mut slots);
        slots
    }

    /// The optional light day: mobility, activation, a stretch.
    pub fn light(&self) -> Session {
        let warmup = self.warmup();
        let main: Vec<Slot> = self
            .activation()
            .iter()
            .take(rules::LIGHT_ACTIVATION)
            .map(|e| {
                let d = prescribe::drill(e, rules::LIGHT_DRILL_SETS);
                Slot {
                    exercise: d.exercise,
                    prescription: d.prescription,
                    rest_seconds: rules::REST_DRILL,
                    between_sets: None,
                    note: None,
                }
            })
            .collect();
        let cooldown = self.cooldown(&warmup);
        let mut session = Session {
            warmup,
            main,
            transfer: None,
            cooldown,
            breathing_cue: rules::BREATHING_CUE.to_string(),
            estimated_minutes: 0,
        };
        session.estimated_minutes = estimate_minutes(&session);
        session
    }
}

/// Rest between sets that fits the work (docs/method.md §4.3): the kind's
/// rest, and for a hold at least `rest-per-hold-second` percent of the hold
/// (never under the hold minimum).
pub(crate) fn rest_for(p: &Prescription, settings: &PlanSettings) -> u16 {
    match p {
        Prescription::Hold { seconds, .. } => {
            let scaled =
                (u32::from(seconds.get()) * u32::from(settings.rest_hold_percent)).div_ceil(100);
            rules::REST_HOLD.max(u16::try_from(scaled).unwrap_or(u16::MAX))
        }
        Prescription::Reps { .. } => rules::REST_REPS,
        Prescription::Carry { .. } => rules::REST_CARRY,
        Prescription::Drill { .. } => rules::REST_DRILL,
    }
}

/// What a drill paired between sets takes from the rest: one set (both
/// sides for a per-side drill) and the move to and from it.
pub(crate) fn paired_drill_seconds(drill: &Exercise) -> u32 {
    set_seconds(&prescribe::drill(drill, 1).prescription) + rules::PAIRED_DRILL_TRANSITION_SECONDS
}

/// Sets each main and transfer slot's rest from its final prescription
/// (after the volume balance or the deload cut) and drops a paired drill
/// that no longer fits in it.
pub(crate) fn fit_rests(session: &mut Session, catalog: &Catalog, settings: &PlanSettings) {
    for slot in session.main.iter_mut().chain(session.transfer.iter_mut()) {
        slot.rest_seconds = rest_for(&slot.prescription, settings);
        let fits = slot
            .between_sets
            .as_ref()
            .and_then(|id| catalog.get(id))
            .is_some_and(|d| paired_drill_seconds(d) <= u32::from(slot.rest_seconds));
        if !fits {
            slot.between_sets = None;
        }
    }
}

fn rotate<T>(items: &mut [T], by: usize) {
    if !items.is_empty() {
        let n = by % items.len();
        items.rotate_left(n);
    }
}

/// Seconds one set takes (both sides for per-side work).
fn set_seconds(p: &Prescription) -> u32 {
    let sides = |per_side: bool| if per_side { 2 } else { 1 };
    match p {
        Prescription::Hold {
            seconds, per_side, ..
        } => u32::from(seconds.get()) * sides(*per_side),
        Prescription::Reps {
            reps_max,
            per_side,
            tempo,
            ..
        } => {
            let rep = tempo
                .map(|t| t.rep_seconds())
                .unwrap_or(rules::DEFAULT_REP_SECONDS);
            u32::from(*reps_max) * rep * sides(*per_side)
        }
        Prescription::Carry {
            metres, seconds, ..
        } => match (seconds, metres) {
            (Some(s), _) => u32::from(s.get()),
            (None, Some(m)) => (f64::from(*m) / rules::CARRY_METRES_PER_SECOND).ceil() as u32,
            (None, None) => 0,
        },
        Prescription::Drill {
            reps,
            seconds,
            per_side,
            ..
        } => {
            let each = match (seconds, reps) {
                (Some(s), _) => u32::from(s.get()),
                (None, Some(r)) => u32::from(*r) * rules::DEFAULT_REP_SECONDS,
                (None, None) => 0,
            };
            each * sides(*per_side)
        }
    }
}

fn extra_sets(p: &Prescription) -> u32 {
    match p {
        Prescription::Hold {
            extra_sets_on: Some(_),
            ..
        } => 1,
        _ => 0,
    }
}

/// Seconds of work in all sets of a pyramid hold: each set's holds with a
/// brief relaxation between them (both sides for per-side work).
fn pyramid_seconds(p: &Prescription, pyramid: &[u8]) -> u32 {
    let (seconds, sides) = match p {
        Prescription::Hold {
            seconds, per_side, ..
        } => (u32::from(seconds.get()), if *per_side { 2 } else { 1 }),
        _ => (0, 1),
    };
    pyramid
        .iter()
        .map(|&n| {
            let n = u32::from(n);
            (n * seconds + n.saturating_sub(1) * rules::PYRAMID_PAUSE_SECONDS) * sides
        })
        .sum()
}

/// Sets x (work + rest) for every slot, drills' work, and a transition per exercise.
pub(crate) fn estimate_minutes(session: &Session) -> u16 {
    let slot_seconds = |s: &Slot| {
        let sets = u32::from(s.prescription.sets());
        if let Some(pyramid) = s.prescription.pyramid() {
            return pyramid_seconds(&s.prescription, pyramid)
                + sets * u32::from(s.rest_seconds)
                + extra_sets(&s.prescription) * set_seconds(&s.prescription) / 2
                + rules::TRANSITION_SECONDS;
        }
        let per_set = set_seconds(&s.prescription);
        // A weaker-side extra set is one side only.
        let extra = extra_sets(&s.prescription) * per_set / 2;
        sets * (per_set + u32::from(s.rest_seconds)) + extra + rules::TRANSITION_SECONDS
    };
    let drill_seconds = |d: &Drill| {
        u32::from(d.prescription.sets()) * set_seconds(&d.prescription) + rules::TRANSITION_SECONDS
    };
    let total: u32 = session.warmup.iter().map(drill_seconds).sum::<u32>()
        + session.main.iter().map(slot_seconds).sum::<u32>()
        + session.transfer.iter().map(slot_seconds).sum::<u32>()
        + session.cooldown.iter().map(drill_seconds).sum::<u32>();
    u16::try_from(total.div_ceil(60)).unwrap_or(u16::MAX)
}
