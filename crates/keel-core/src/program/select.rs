//! Exercise selection and rotation: for each block, one exercise per slot
//! role, chosen by catalog attributes (pattern, level, surface, equipment,
//! loadability). The foundation block is the exception: the method names
//! its exercises (McGill's big 3, hinge patterning, the bend-and-pick-up
//! drill; ids in `rules`), and those are pinned by progression chain.
//!
//! Rotation guarantee: no exercise in a block's main block is used in the
//! next block's main block, whatever the equipment. A role whose own pattern
//! has no fresh variant borrows another pattern's exercise; if nothing fresh
//! is left at all, the role is left out for that block rather than repeated.
//!
//! Chain rules (docs/method.md §4.4):
//! - never easier than reached: a variant easier on its chain than what the
//!   athlete reached (the [`Reached`] input, then every earlier block of
//!   the plan) is never chosen;
//! - no skipped step: a variant with an easier neighbour is chosen only
//!   once that neighbour (or something harder) was reached, or when the
//!   assessed level for its pattern already reaches its level; so the
//!   45 degree back-extension hold comes before the Biering-Sorensen hold;
//! - one variant per chain in a block, and never two single-leg (per-side)
//!   variants of one pattern, so no session holds the kickstand RDL and the
//!   single-leg RDL together.
//!
//! Week forms (docs/method.md §4.4): after the foundation, each role also
//! gets its forms on the other surfaces for the later training weeks, each
//! on a chain of its own, so the weeks of a block vary while every chain
//! keeps one variant (and one working level) through the block.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};

use super::reached::{Reached, chain_position};
use super::rules::{self, PhaseRules};
use crate::assessment::Tailoring;
use crate::catalog::{Catalog, Equipment, Exercise, ExerciseId, Pattern, Surface};
use crate::profile::Profile;

/// What a main-block slot is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Role {
    /// Anti-flexion hold: bird dog, back-extension holds.
    ExtensorHold,
    /// Anti-lateral-flexion hold: side bridges, suitcase hold.
    LateralHold,
    /// Anti-extension hold: planks, dead bug, curl-up.
    FrontHold,
    Hinge,
    Bridge,
    /// Power endurance (power-and-transfer phase only).
    Swing,
}

impl Role {
    /// The role's own pattern first, then the patterns it may borrow from.
    fn patterns(self) -> &'static [Pattern] {
        use Pattern::*;
        match self {
            Role::ExtensorHold => &[AntiFlexionHold, BridgeThrust, Hinge, AntiLateralFlexionHold],
            Role::LateralHold => &[AntiLateralFlexionHold, AntiExtensionHold, AntiFlexionHold],
            Role::FrontHold => &[AntiExtensionHold, AntiFlexionHold, AntiLateralFlexionHold],
            Role::Hinge => &[Hinge, BridgeThrust, Swing, AntiFlexionHold],
            Role::Bridge => &[BridgeThrust, Hinge, AntiFlexionHold],
            Role::Swing => &[Swing, Hinge, BridgeThrust],
        }
    }

    fn roles(rules: &PhaseRules) -> Vec<Role> {
        let mut roles = vec![
            Role::ExtensorHold,
            Role::LateralHold,
            Role::FrontHold,
            Role::Hinge,
            Role::Bridge,
        ];
        if rules.swing {
            roles.push(Role::Swing);
        }
        roles
    }
}

/// The foundation's roles and the exercise the method names for each.
const FOUNDATION_ROLES: [(Role, &str); 4] = [
    (Role::ExtensorHold, rules::BIRD_DOG),
    (Role::LateralHold, rules::SIDE_BRIDGE),
    (Role::FrontHold, rules::CURL_UP),
    (Role::Hinge, rules::HINGE_PATTERNING),
];

/// One block's exercises.
#[derive(Debug, Clone, Default)]
pub(crate) struct BlockChoice<'c> {
    /// The block's exercise per role: the first training week's form.
    pub main: BTreeMap<Role, &'c Exercise>,
    /// The other forms of a role the later training weeks take in turn
    /// (docs/method.md §4.4): each on another surface and another chain.
    pub forms: BTreeMap<Role, Vec<&'c Exercise>>,
    pub transfer: Option<&'c Exercise>,
}

impl<'c> BlockChoice<'c> {
    fn main_ids(&self) -> BTreeSet<&ExerciseId> {
        self.all_main().map(|e| &e.id).collect()
    }

    /// Every main exercise of the block, every week's form included.
    fn all_main(&self) -> impl Iterator<Item = &'c Exercise> + '_ {
        self.main
            .values()
            .copied()
            .chain(self.forms.values().flatten().copied())
    }

    /// The main exercises (every week's form) and the transfer drill.
    fn all(&self) -> impl Iterator<Item = &'c Exercise> + '_ {
        self.all_main().chain(self.transfer)
    }

    /// The exercises of the block's `week_in_block`-th training week
    /// (1-based): each role's forms in turn, the block's own first.
    pub fn for_week(&self, week_in_block: usize) -> BlockChoice<'c> {
        let main = self
            .main
            .iter()
            .map(|(role, first)| {
                let later = self.forms.get(role).map_or(&[][..], Vec::as_slice);
                let turn = week_in_block.saturating_sub(1) % (later.len() + 1);
                let form = if turn == 0 { *first } else { later[turn - 1] };
                (*role, form)
            })
            .collect();
        BlockChoice {
            main,
            forms: BTreeMap::new(),
            transfer: self.transfer,
        }
    }
}

/// Patterns a spare slot may come from (the main-block patterns).
const SPARE_PATTERNS: [Pattern; 6] = [
    Pattern::AntiFlexionHold,
    Pattern::AntiLateralFlexionHold,
    Pattern::AntiExtensionHold,
    Pattern::Hinge,
    Pattern::BridgeThrust,
    Pattern::Swing,
];

/// Load implements: an exercise can only be loaded when the user owns one
/// (or the exercise's own equipment is the load, like a sled).
pub(crate) const LOAD_IMPLEMENTS: [Equipment; 4] = [
    Equipment::Kettlebell,
    Equipment::Dumbbell,
    Equipment::Barbell,
    Equipment::Sled,
];

/// Whether an exercise is done holding a weight it names (a kettlebell
/// for the suitcase hold): without a load it is not the exercise.
fn carries_its_load(exercise: &Exercise) -> bool {
    exercise.loadable
        && exercise
            .equipment
            .iter()
            .any(|e| LOAD_IMPLEMENTS.contains(e))
}

/// Whether a loadable exercise can actually take a load for this user.
pub(crate) fn can_load(exercise: &Exercise, profile: &Profile) -> bool {
    exercise.loadable
        && (exercise
            .equipment
            .iter()
            .any(|e| LOAD_IMPLEMENTS.contains(e))
            || profile
                .equipment
                .iter()
                .any(|e| LOAD_IMPLEMENTS.contains(e)))
}

/// The assessed level that applies to an exercise's pattern.
pub(crate) fn assessed_level(pattern: Pattern, tailoring: &Tailoring) -> u8 {
    match pattern {
        Pattern::AntiFlexionHold | Pattern::AntiExtensionHold => {
            tailoring.levels.anti_flexion.get()
        }
        Pattern::AntiLateralFlexionHold => tailoring.levels.lateral.get(),
        _ => tailoring.levels.hinge.get(),
    }
}

/// Selection costs: level distance dominates, then the phase's surface, then
/// moving off last block's surface, then load preference. Lower is better.
const COST_PER_LEVEL: i32 = 10;
const COST_WRONG_SURFACE: i32 = 6;
const COST_SAME_SURFACE_AS_LAST_BLOCK: i32 = 4;
const BONUS_LOADABLE: i32 = 5;
const COST_BORROWED_PATTERN: i32 = 100;

pub(crate) struct Chooser<'c, 'a> {
    pub catalog: &'c Catalog,
    pub profile: &'a Profile,
    pub tailoring: &'a Tailoring,
}

/// Whether two exercises may not share a block: the same chain, or two
/// single-leg (per-side) variants of one leg pattern.
pub(crate) fn clash(catalog: &Catalog, a: &Exercise, b: &Exercise) -> bool {
    let root = |e: &Exercise| chain_position(catalog, &e.id).map(|(r, _)| r);
    let legs = |e: &Exercise| matches!(e.pattern, Pattern::Hinge | Pattern::BridgeThrust);
    root(a) == root(b)
        || (a.per_side() && b.per_side() && a.pattern == b.pattern && legs(a) && legs(b))
}

/// How much less of its main region a week's form may train than the
/// block's own form (region weight, 0-1; design choice): a form is another
/// way to train the same thing, so the week's balance (the extensor share
/// above all) holds from week to week.
const FORM_FOCUS_TOLERANCE: f32 = 0.1;

/// Whether `form` trains `first`'s main region (its heaviest) at least
/// about as much as `first` does.
fn same_focus(first: &Exercise, form: &Exercise) -> bool {
    let Some((region, weight)) = first
        .regions
        .iter()
        .max_by(|a, b| a.1.total_cmp(b.1).then_with(|| b.0.cmp(a.0)))
    else {
        return true;
    };
    form.regions.get(region).copied().unwrap_or(0.0) >= weight - FORM_FOCUS_TOLERANCE
}

impl<'c> Chooser<'c, '_> {
    pub fn choose_block(
        &self,
        rules: &PhaseRules,
        previous: Option<&BlockChoice<'c>>,
        banned: &BTreeSet<ExerciseId>,
        reached: &Reached,
        technique: &[&'c Exercise],
    ) -> BlockChoice<'c> {
        let mut choice = BlockChoice::default();
        let roles = Role::roles(rules);
        if rules.foundation {
            for (role, anchor) in FOUNDATION_ROLES {
                if let Some(e) = self.pinned(anchor, reached) {
                    choice.main.insert(role, e);
                }
            }
            choice.transfer = self
                .catalog
                .get(&ExerciseId::new(rules::PICK_UP))
                .filter(|e| e.available_with(&self.profile.equipment));
        }
        // Pass 0 fills roles from their own pattern, so a borrowing role
        // never takes another role's natural exercise; pass 1 borrows.
        for pass in 0..2 {
            for &role in &roles {
                if choice.main.contains_key(&role) {
                    continue;
                }
                let taken = choice.main_ids();
                let last_surface = previous.and_then(|p| p.main.get(&role)).map(|e| e.surface);
                let patterns = role.patterns();
                let allowed: &[Pattern] = if pass == 0 { &patterns[..1] } else { patterns };
                let best = self
                    .catalog
                    .iter()
                    .filter(|e| allowed.contains(&e.pattern))
                    .filter(|e| e.available_with(&self.profile.equipment))
                    .filter(|e| !banned.contains(&e.id) && !taken.contains(&e.id))
                    .filter(|e| self.chain_allows(e, reached))
                    .filter(|e| !choice.all().any(|t| clash(self.catalog, t, e)))
                    .min_by_key(|e| {
                        let borrowed = i32::from(e.pattern != patterns[0]) * COST_BORROWED_PATTERN;
                        (
                            borrowed + self.cost(e, rules, last_surface),
                            // Ties go to the longest progression chain: the
                            // engine then has somewhere to progress.
                            Reverse(self.catalog.chain(&e.id).len()),
                            e.id.clone(),
                        )
                    });
                if let Some(exercise) = best {
                    choice.main.insert(role, exercise);
                }
            }
        }
        if !rules.foundation {
            self.add_week_forms(&mut choice, rules, banned, reached, technique);
        }
        if rules.transfer && !rules.foundation {
            let last = previous.and_then(|p| p.transfer).map(|e| &e.id);
            choice.transfer = self
                .catalog
                .by_pattern(Pattern::Carry)
                .filter(|e| e.available_with(&self.profile.equipment))
                .filter(|e| self.chain_allows(e, reached))
                .min_by_key(|e| {
                    let repeat = i32::from(Some(&e.id) == last) * COST_BORROWED_PATTERN;
                    (repeat + self.cost(e, rules, None), e.id.clone())
                });
        }
        choice
    }

    /// Week-to-week variation (docs/method.md §4.4): for each role, the
    /// forms on the other surfaces in turn (floor, elevated, dynamic,
    /// starting after the block's own form), each the best fresh variant of
    /// the role's pattern on that surface, within one level of the block's
    /// own exercise and training its main region about as much, on a chain
    /// no other exercise of the block is on (so each chain keeps one
    /// variant, and one working level, through the block). A surface with
    /// no such variant is skipped; when no other surface has one, a variant
    /// on the block's own surface (another chain) takes the later weeks, so
    /// the weeks still vary. A role whose exercise trains a technique
    /// drill's chain keeps it every week, and no form is on a technique
    /// drill's chain: the drill's chain keeps one variant.
    fn add_week_forms(
        &self,
        choice: &mut BlockChoice<'c>,
        rules: &PhaseRules,
        banned: &BTreeSet<ExerciseId>,
        reached: &Reached,
        technique: &[&'c Exercise],
    ) {
        let roles: Vec<(Role, &'c Exercise)> = choice.main.iter().map(|(r, e)| (*r, *e)).collect();
        for (role, first) in roles {
            if technique.iter().any(|t| clash(self.catalog, t, first)) {
                continue;
            }
            let best_on = |surface: Surface, forms: &[&'c Exercise]| {
                let taken = choice.main_ids();
                self.catalog
                    .iter()
                    .filter(|e| e.pattern == first.pattern && e.surface == surface)
                    .filter(|e| e.available_with(&self.profile.equipment))
                    .filter(|e| !banned.contains(&e.id) && !taken.contains(&e.id))
                    .filter(|e| self.chain_allows(e, reached))
                    .filter(|e| same_focus(first, e))
                    // A hold done with a weight (the suitcase hold) only
                    // where the phase loads its holds.
                    .filter(|e| rules.prefer_load || !(e.pattern.is_hold() && carries_its_load(e)))
                    .filter(|e| {
                        !choice
                            .all()
                            .chain(forms.iter().copied())
                            .chain(technique.iter().copied())
                            .any(|t| clash(self.catalog, t, e))
                    })
                    .map(|e| (self.form_cost(e, first), e))
                    .filter(|(cost, _)| *cost < 2 * COST_PER_LEVEL)
                    .min_by_key(|(cost, e)| (*cost, e.id.clone()))
                    .map(|(_, e)| e)
            };
            // The other surfaces in turn, going on from the block's own.
            let at = Surface::ALL
                .iter()
                .position(|s| *s == first.surface)
                .unwrap_or(0);
            let mut forms: Vec<&'c Exercise> = Vec::new();
            for k in 1..Surface::ALL.len() {
                let surface = Surface::ALL[(at + k) % Surface::ALL.len()];
                if let Some(e) = best_on(surface, &forms) {
                    forms.push(e);
                }
            }
            // None there: another chain on the block's own surface.
            if forms.is_empty() {
                forms.extend(best_on(first.surface, &[]));
            }
            if !forms.is_empty() {
                choice.forms.insert(role, forms);
            }
        }
    }

    /// How far a week's form is from the block's own form: level distance
    /// (a form is no harder or easier than the block asks), then loadability.
    fn form_cost(&self, e: &Exercise, first: &Exercise) -> i32 {
        let mut cost =
            COST_PER_LEVEL * (i32::from(e.level.get()) - i32::from(first.level.get())).abs();
        if can_load(e, self.profile) != can_load(first, self.profile) {
            cost += BONUS_LOADABLE;
        }
        cost
    }

    /// Exercises the balancing pass may add to dilute an overworked region:
    /// available, fresh (not in `banned`), not already in the block, and
    /// within one level of the phase's target. Best match first.
    pub fn spares(
        &self,
        rules: &PhaseRules,
        choice: &BlockChoice<'c>,
        banned: &BTreeSet<ExerciseId>,
        reached: &Reached,
        technique: &[&'c Exercise],
    ) -> Vec<&'c Exercise> {
        let taken = choice.main_ids();
        let mut spares: Vec<(i32, &Exercise)> = self
            .catalog
            .iter()
            .filter(|e| SPARE_PATTERNS.contains(&e.pattern))
            .filter(|e| e.available_with(&self.profile.equipment))
            .filter(|e| !banned.contains(&e.id) && !taken.contains(&e.id))
            .filter(|e| self.chain_allows(e, reached))
            .filter(|e| !choice.all().any(|t| clash(self.catalog, t, e)))
            .map(|e| (self.cost(e, rules, None), e))
            .filter(|(cost, _)| *cost < 2 * COST_PER_LEVEL)
            .collect();
        spares.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
        // One spare per chain (and per single-leg pattern), the best first,
        // and none beside a technique drill of its chain.
        let mut kept: Vec<&'c Exercise> = Vec::new();
        for (_, e) in spares {
            if !kept
                .iter()
                .chain(technique)
                .any(|k| clash(self.catalog, k, e))
            {
                kept.push(e);
            }
        }
        kept
    }

    /// A foundation exercise the method names: the anchor's variant for
    /// the assessed level (its easier neighbour at level 1), the nearest
    /// easier one the athlete's equipment allows, and never easier than
    /// the variant reached on its chain (when that one is available).
    fn pinned(&self, anchor: &str, reached: &Reached) -> Option<&'c Exercise> {
        let anchor = self.catalog.get(&ExerciseId::new(anchor))?;
        let level = assessed_level(anchor.pattern, self.tailoring);
        let mut pick = match (&anchor.easier, level) {
            (Some(easier), 1) => self.catalog.get(easier).unwrap_or(anchor),
            _ => anchor,
        };
        while !pick.available_with(&self.profile.equipment) {
            pick = pick.easier.as_ref().and_then(|e| self.catalog.get(e))?;
        }
        let at = chain_position(self.catalog, &pick.id).map_or(0, |(_, at)| at);
        let harder_reached = reached
            .on_chain(self.catalog, &pick.id)
            .filter(|(reached_at, _)| *reached_at > at)
            .and_then(|(_, id)| self.catalog.get(id))
            .filter(|e| e.available_with(&self.profile.equipment));
        Some(harder_reached.unwrap_or(pick))
    }

    /// The chain rules: never easier than reached, no skipped step.
    fn chain_allows(&self, e: &Exercise, reached: &Reached) -> bool {
        let Some((_, at)) = chain_position(self.catalog, &e.id) else {
            return true;
        };
        let reached_at = reached.on_chain(self.catalog, &e.id).map(|(r, _)| r);
        if reached_at.is_some_and(|r| r > at) {
            return false;
        }
        at == 0
            || reached_at.is_some_and(|r| r + 1 >= at)
            || assessed_level(e.pattern, self.tailoring) >= e.level.get()
    }

    fn cost(&self, e: &Exercise, rules: &PhaseRules, last_surface: Option<Surface>) -> i32 {
        let target = assessed_level(e.pattern, self.tailoring)
            .saturating_add(rules.level_raise)
            .min(rules.level_cap);
        let mut cost = COST_PER_LEVEL * (i32::from(e.level.get()) - i32::from(target)).abs();
        if e.pattern.is_hold() && e.surface != rules.hold_surface {
            cost += COST_WRONG_SURFACE;
        }
        if last_surface == Some(e.surface) {
            cost += COST_SAME_SURFACE_AS_LAST_BLOCK;
        }
        if rules.prefer_load && can_load(e, self.profile) {
            cost -= BONUS_LOADABLE;
        }
        cost
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Equipment;
    use crate::program::{Phase, testkit};

    /// After the foundation each role's week forms are of the role's
    /// exercise's pattern, on the other surfaces (each once), on chains of
    /// their own, and fresh; a week takes them in turn.
    #[test]
    fn week_forms_move_between_surfaces_on_chains_of_their_own() {
        let catalog = Catalog::builtin();
        let profile = testkit::profile(3, Equipment::ALL.to_vec(), false);
        let tailoring = testkit::tailoring(2);
        let chooser = Chooser {
            catalog,
            profile: &profile,
            tailoring: &tailoring,
        };
        let rules = rules::for_phase(Phase::AntiFlexionEndurance);
        let banned: BTreeSet<ExerciseId> = [ExerciseId::new("prone-back-extension")].into();
        let choice = chooser.choose_block(&rules, None, &banned, &Reached::default(), &[]);
        assert!(!choice.forms.is_empty(), "{choice:?}");
        let root = |e: &Exercise| chain_position(catalog, &e.id).map(|(r, _)| r);
        let mut other_surface = false;
        for (role, forms) in &choice.forms {
            let first = choice.main[role];
            let mut surfaces = vec![first.surface];
            for form in forms {
                assert_eq!(form.pattern, first.pattern, "{role:?}");
                // Each other surface once; the block's own surface only as
                // the one form, when no other surface has one.
                let fallback = forms.len() == 1 && form.surface == first.surface;
                assert!(
                    fallback || !surfaces.contains(&form.surface),
                    "{role:?}: {}",
                    form.id
                );
                other_surface |= form.surface != first.surface;
                surfaces.push(form.surface);
                assert!(same_focus(first, form), "{role:?}: {}", form.id);
                assert!(!banned.contains(&form.id));
                let others = choice.all().filter(|e| e.id != form.id);
                for other in others {
                    assert_ne!(root(other), root(form), "{} and {}", other.id, form.id);
                }
            }
            // Week 1 is the block's own form, the later weeks take the others.
            assert_eq!(choice.for_week(1).main[role].id, first.id);
            assert_eq!(choice.for_week(2).main[role].id, forms[0].id);
            let again = choice.for_week(forms.len() + 2).main[role];
            assert_eq!(again.id, first.id, "forms come round again");
        }
        assert!(other_surface, "{choice:?}");
    }

    /// The foundation keeps McGill's named exercises every week.
    #[test]
    fn the_foundation_has_no_week_forms() {
        let catalog = Catalog::builtin();
        let profile = testkit::profile(3, Equipment::ALL.to_vec(), false);
        let tailoring = testkit::tailoring(2);
        let chooser = Chooser {
            catalog,
            profile: &profile,
            tailoring: &tailoring,
        };
        let rules = rules::for_phase(Phase::Foundation);
        let choice = chooser.choose_block(&rules, None, &BTreeSet::new(), &Reached::default(), &[]);
        assert!(choice.forms.is_empty());
    }
}
