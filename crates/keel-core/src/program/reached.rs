//! The variant the athlete has reached on each progression chain
//! (docs/method.md §4.4): what a new block may not go below.
//!
//! The generator takes it as an input. Until the training state feeds it,
//! it starts empty ([`Reached::from_assessment`]: the assessment's starting
//! levels choose the first variants), and each block of the plan adds what
//! it brings, so a later block never brings an easier variant on a chain.
//! Only a regression may lower a chain, and a regression is a decision the
//! training state records: the caller passes its reached variants here.

use std::collections::BTreeMap;

use crate::catalog::{Catalog, ExerciseId};

/// The chain an exercise is on (its easiest exercise) and its 0-based
/// position from there.
pub(crate) fn chain_position(catalog: &Catalog, id: &ExerciseId) -> Option<(ExerciseId, usize)> {
    let chain = catalog.chain(id);
    let root = chain.first()?.id.clone();
    let at = chain.iter().position(|e| &e.id == id)?;
    Some((root, at))
}

/// The hardest variant reached per chain, keyed by the chain's easiest exercise.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reached {
    by_chain: BTreeMap<ExerciseId, (usize, ExerciseId)>,
}

impl Reached {
    /// Nothing reached before the program: the assessment's starting levels
    /// pick the first variants, and the plan's own blocks count from there.
    pub fn from_assessment() -> Reached {
        Reached::default()
    }

    /// Records that the athlete reached `id`; a chain keeps the harder of
    /// what it had and `id`. Exercises outside the catalog are ignored.
    pub fn reach(&mut self, catalog: &Catalog, id: &ExerciseId) {
        let Some((root, at)) = chain_position(catalog, id) else {
            return;
        };
        let entry = self.by_chain.entry(root).or_insert((at, id.clone()));
        if at > entry.0 {
            *entry = (at, id.clone());
        }
    }

    /// The variant reached on `id`'s chain and its position, if any.
    pub fn on_chain(&self, catalog: &Catalog, id: &ExerciseId) -> Option<(usize, &ExerciseId)> {
        let (root, _) = chain_position(catalog, id)?;
        self.by_chain.get(&root).map(|(at, id)| (*at, id))
    }

    /// Every reached variant, by chain.
    pub fn variants(&self) -> impl Iterator<Item = &ExerciseId> {
        self.by_chain.values().map(|(_, id)| id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_keeps_the_hardest_variant_reached() {
        let catalog = Catalog::builtin();
        let mut reached = Reached::from_assessment();
        let id = |s: &str| ExerciseId::new(s);
        reached.reach(catalog, &id("side-bridge-feet-elevated"));
        reached.reach(catalog, &id("side-bridge"));
        reached.reach(catalog, &id("no-such-exercise"));
        let on = reached.on_chain(catalog, &id("side-bridge-knees"));
        assert_eq!(on, Some((2, &id("side-bridge-feet-elevated"))));
        assert_eq!(reached.variants().count(), 1);
        assert_eq!(reached.on_chain(catalog, &id("bird-dog")), None);
    }
}
