//! Progression chains as the training state's key (docs/method.md §5.6): a
//! variant and its easier and harder neighbours share one working level.

use serde::{Deserialize, Serialize};

use super::SlotKey;
use super::replay::ChainState;
use crate::catalog::{Catalog, Exercise, ExerciseId};
use crate::engine::{self, EngineSettings};
use crate::program::Prescription;

/// Names a progression chain by its easiest variant.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ChainKey(pub ExerciseId);

/// The chain of `id`, when the catalog knows it.
pub fn chain_key(catalog: &Catalog, id: &ExerciseId) -> Option<ChainKey> {
    catalog
        .chain_root(id)
        .map(|easiest| ChainKey(easiest.id.clone()))
}

/// The chain a slot's state lives in: the chain of the exercise the plan
/// put there (an exercise the catalog does not know is its own chain).
pub fn slot_chain(catalog: &Catalog, key: &SlotKey) -> ChainKey {
    ChainKey(planned_root(catalog, &key.planned).clone())
}

/// The id naming the chain of a slot that plans `planned` ([`slot_chain`]'s
/// key), borrowed: for comparing chains without building keys.
pub(super) fn planned_root<'a>(catalog: &'a Catalog, planned: &'a ExerciseId) -> &'a ExerciseId {
    catalog
        .chain_root(planned)
        .map_or(planned, |easiest| &easiest.id)
}

/// [`planned_root`] of many slots, each exercise walked in the catalog
/// once: the replay asks it of every logged set and planned slot, of which
/// a plan has hundreds, and of only a few dozen exercises.
pub(super) struct Roots<'a> {
    catalog: &'a Catalog,
    known: Vec<(&'a ExerciseId, &'a ExerciseId)>,
}

impl<'a> Roots<'a> {
    pub(super) fn new(catalog: &'a Catalog) -> Self {
        Roots {
            catalog,
            known: Vec::new(),
        }
    }

    pub(super) fn of<'p>(&mut self, planned: &'p ExerciseId) -> &'p ExerciseId
    where
        'a: 'p,
    {
        if let Some((_, root)) = self.known.iter().find(|(id, _)| *id == planned) {
            return root;
        }
        // Kept by the catalog's own id; an exercise it does not know is its
        // own chain and needs no walk.
        let Some(exercise) = self.catalog.get(planned) else {
            return planned;
        };
        let root = planned_root(self.catalog, &exercise.id);
        self.known.push((&exercise.id, root));
        root
    }
}

/// Steps from `from` to `to` along their chain (positive when `to` is
/// harder), when both are in one chain.
pub fn steps_between(catalog: &Catalog, from: &ExerciseId, to: &ExerciseId) -> Option<i32> {
    let chain = catalog.chain(from);
    let at = |id: &ExerciseId| chain.iter().position(|e| &e.id == id);
    let (a, b) = (at(from)?, at(to)?);
    Some(i32::try_from(b).ok()? - i32::try_from(a).ok()?)
}

/// Where a slot of the plan starts: which variant and prescription, and
/// why when it is not simply the chain's current ones.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    pub exercise: ExerciseId,
    pub working: Prescription,
    pub why: Option<String>,
}

/// The variant and working prescription for a slot that plans `planned`
/// on a chain in `state` (the rule of docs/method.md §5.6):
/// - the plan's variant is the current one: the chain's working level;
/// - the plan's variant is easier: the current variant continues (the
///   athlete earned it; one state per chain);
/// - it is harder: at most one step above the current variant, carried
///   over by [`engine::onto_sibling`]; and none at all right after a
///   regression or pain;
/// - the current variant is not on the plan's chain (a rotation): it continues.
pub fn place(
    catalog: &Catalog,
    state: &ChainState,
    planned: &ExerciseId,
    settings: &EngineSettings,
) -> Placement {
    let stay = |why: Option<String>| Placement {
        exercise: state.exercise.clone(),
        working: state.working.clone(),
        why,
    };
    if &state.exercise == planned {
        return stay(None);
    }
    let name = |id: &ExerciseId| {
        catalog
            .get(id)
            .map_or_else(|| id.to_string(), |e| e.name.clone())
    };
    let Some(steps) = steps_between(catalog, &state.exercise, planned) else {
        return stay(None);
    };
    if steps < 0 {
        return stay(Some(format!(
            "The plan has {} here; you have earned {} on this movement, so it continues.",
            name(planned),
            name(&state.exercise)
        )));
    }
    if state.held_back {
        return stay(Some(format!(
            "The plan moves on to {}, but right after a regression or pain you stay on {}.",
            name(planned),
            name(&state.exercise)
        )));
    }
    let chain = catalog.chain(&state.exercise);
    let next = chain
        .iter()
        .position(|e| e.id == state.exercise)
        .and_then(|at| chain.get(at + 1))
        .copied()
        .filter(|e| fits(e, &state.working));
    match next {
        Some(next) => {
            let working = engine::onto_sibling(&state.working, next, 1, settings);
            let why = started_from(catalog, state, next, 1, &working);
            Placement {
                exercise: next.id.clone(),
                working,
                why: Some(why),
            }
        }
        None => stay(None),
    }
}

/// Whether `exercise` can be done to `p` (a hold as a hold, reps as reps).
fn fits(exercise: &Exercise, p: &Prescription) -> bool {
    use crate::catalog::Modality;
    matches!(
        (exercise.modality, p),
        (Modality::HoldSeconds, Prescription::Hold { .. })
            | (Modality::Reps, Prescription::Reps { .. })
            | (
                Modality::Distance | Modality::Time,
                Prescription::Carry { .. }
            )
    )
}

/// "Side bridge, feet elevated starts from your level on Side bridge (3 x 30 s): one step harder."
pub fn started_from(
    catalog: &Catalog,
    state: &ChainState,
    to: &Exercise,
    steps: i32,
    working: &Prescription,
) -> String {
    let from = catalog
        .get(&state.exercise)
        .map_or_else(|| state.exercise.to_string(), |e| e.name.clone());
    let direction = match steps {
        1 => "one step harder".to_string(),
        -1 => "one step easier".to_string(),
        s if s > 1 => format!("{s} steps harder"),
        s => format!("{} steps easier", s.unsigned_abs()),
    };
    format!(
        "{} starts from your level on {from} ({}), {direction}: {} (hold or distance \
         scaled by the ceiling reset per step, docs/method.md 5.6).",
        to.name,
        amount(&state.working),
        amount(working)
    )
}

/// The chain states earlier plan versions leave (docs/method.md §5.6): for
/// each chain, its last decision that is not a halt, in the newest version
/// that has one. `earlier` holds decisions of earlier versions, each with
/// its version number, versions in any order but each version's decisions
/// in the order taken: every stored decision, or only each planned
/// exercise's newest that is not a halt (the store's
/// `carried_decisions`), which keeps the same ones. A new plan version's
/// replay starts from these, so its first sessions start from the level
/// earned, not from the baseline; each says so (`ChainState::carried`).
pub fn carried_chains(
    earlier: &[(i64, super::SlotDecision)],
    catalog: &Catalog,
    units: crate::units::Units,
) -> std::collections::BTreeMap<ChainKey, ChainState> {
    use crate::engine::Action;
    let mut in_order: Vec<&(i64, super::SlotDecision)> = earlier.iter().collect();
    // Stable: within a version the order taken stays.
    in_order.sort_by_key(|(version, _)| *version);
    // First the one decision each chain carries, then its state.
    let mut newest = std::collections::BTreeMap::new();
    for (version, d) in in_order {
        // A halt is no level: the decision before it stands.
        if !matches!(d.decision.action, Action::Halt { .. }) {
            newest.insert(slot_chain(catalog, &d.slot), (*version, d));
        }
    }
    newest
        .into_iter()
        .map(|(chain, (version, d))| (chain, carried_state(version, d, catalog, units)))
        .collect()
}

/// The state a new plan version takes over from decision `d` of `version`.
fn carried_state(
    version: i64,
    d: &super::SlotDecision,
    catalog: &Catalog,
    units: crate::units::Units,
) -> ChainState {
    use crate::engine::Action;
    let name = catalog
        .get(&d.decision.exercise)
        .map_or_else(|| d.decision.exercise.to_string(), |e| e.name.clone());
    let load = match d.decision.working.load() {
        crate::program::Load::Kg { kg } => format!(" at {}", units.show(kg)),
        _ => String::new(),
    };
    let carried = format!(
        "Carried over from plan version {version}: your level on this movement was \
         {name} {}{load} on {}; the new plan starts from it, not from the baseline \
         assessment (docs/method.md 5.6).",
        amount(&d.decision.working),
        d.date
    );
    let held_back = matches!(
        d.decision.action,
        Action::Regress { .. } | Action::Stop { .. } | Action::SwapEasier { .. }
    );
    ChainState {
        exercise: d.decision.exercise.clone(),
        working: d.decision.working.clone(),
        // The new plan starts at the working level: a modifier of the old
        // plan (a deload asked for next) ends with it.
        next: d.decision.working.clone(),
        next_kind: crate::engine::ExposureKind::Normal,
        last: d.clone(),
        last_date: d.date,
        held_back,
        sets_cap: None,
        carried: Some(carried),
    }
}

/// A prescription in a few words, for reasons.
fn amount(p: &Prescription) -> String {
    match p {
        Prescription::Hold { sets, seconds, .. } => format!("{sets} x {} s", seconds.get()),
        Prescription::Reps {
            sets,
            reps_min,
            reps_max,
            ..
        } => format!("{sets} x {reps_min}-{reps_max}"),
        Prescription::Carry {
            sets,
            metres,
            seconds,
            ..
        } => match (metres, seconds) {
            (Some(m), _) => format!("{sets} x {m} m"),
            (None, Some(s)) => format!("{sets} x {} s", s.get()),
            (None, None) => format!("{sets} sets"),
        },
        Prescription::Drill { sets, .. } => format!("{sets} sets"),
    }
}
