//! The method's fixed shape of each phase (docs/method.md §4), as one
//! table. User-tunable numbers (block length, deload cut, region cap,
//! starting-hold fraction, hold floor and ceiling) live in
//! [`crate::settings::PlanSettings`]; the numbers here describe what a phase
//! *is* and are kept together so none hides in the generator's logic.

use crate::catalog::Surface;
use crate::program::Phase;

/// What one phase asks of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PhaseRules {
    /// Levels added to the assessed starting level ("raised gently by phase").
    pub level_raise: u8,
    /// Highest catalog level this phase selects (Foundation stays technical).
    pub level_cap: u8,
    /// Surface the phase's holds favour: floor, then elevated, then dynamic/loaded.
    pub hold_surface: Surface,
    /// Whether loadable variants (loaded hinges, loaded holds) are favoured.
    pub prefer_load: bool,
    /// Foundation: McGill's big 3 (curl-up, side bridge, bird dog) as
    /// descending pyramids of short holds, hinge patterning on B days and
    /// the bend-and-pick-up drill as the transfer.
    pub foundation: bool,
    /// Sets of a focus hold.
    pub hold_sets: u8,
    /// The block's base hold as a percent of the starting hold (progression comes from logs).
    pub hold_percent: u16,
    /// Sets of a focus rep exercise.
    pub rep_sets: u8,
    pub reps_min: u8,
    pub reps_max: u8,
    /// Target effort on Keel's 0-10 scale.
    pub target_rpe: u8,
    /// Slow lowering: the eccentric is at least this many seconds.
    pub min_eccentric: Option<u8>,
    /// Whether sessions end the main block with a real-world transfer drill.
    pub transfer: bool,
    /// Whether B days add a swing (power endurance).
    pub swing: bool,
}

pub(crate) fn for_phase(phase: Phase) -> PhaseRules {
    match phase {
        Phase::Foundation => PhaseRules {
            level_raise: 0,
            level_cap: 2,
            hold_surface: Surface::Floor,
            prefer_load: false,
            foundation: true,
            hold_sets: PYRAMID_START.len() as u8,
            hold_percent: 100,
            rep_sets: 2,
            reps_min: 8,
            reps_max: 10,
            target_rpe: 6,
            min_eccentric: None,
            transfer: true,
            swing: false,
        },
        Phase::AntiFlexionEndurance => PhaseRules {
            level_raise: 1,
            level_cap: 4,
            hold_surface: Surface::Elevated,
            prefer_load: false,
            foundation: false,
            hold_sets: 3,
            hold_percent: 100,
            rep_sets: 3,
            reps_min: 8,
            reps_max: 12,
            target_rpe: 7,
            min_eccentric: Some(3),
            transfer: false,
            swing: false,
        },
        Phase::StrengthEndurance => PhaseRules {
            level_raise: 1,
            level_cap: 5,
            hold_surface: Surface::Dynamic,
            prefer_load: true,
            foundation: false,
            hold_sets: 3,
            hold_percent: 110,
            rep_sets: 3,
            reps_min: 6,
            reps_max: 10,
            target_rpe: 7,
            min_eccentric: Some(3),
            transfer: true,
            swing: false,
        },
        Phase::PowerTransfer => PhaseRules {
            level_raise: 2,
            level_cap: 5,
            hold_surface: Surface::Dynamic,
            prefer_load: true,
            foundation: false,
            // Holds are maintained: same base as strength-endurance, fewer sets.
            hold_sets: 2,
            hold_percent: 110,
            rep_sets: 3,
            reps_min: 10,
            reps_max: 15,
            target_rpe: 7,
            min_eccentric: None,
            transfer: true,
            swing: true,
        },
    }
}

/// McGill's descending pyramid (Low Back Disorders 2007; Ultimate Back
/// Fitness and Performance): holds of at most 10 s, endurance built by
/// adding holds, not seconds. The first training week of the foundation
/// block does 5-3-1 holds per set; each later week adds one hold to every
/// set (6-4-2, 7-5-3, ...). Hold length grows only in the later phases.
pub(crate) const PYRAMID_START: [u8; 3] = [5, 3, 1];
pub(crate) const PYRAMID_HOLDS_ADDED_PER_WEEK: u8 = 1;
/// The hold of a pyramid, seconds: McGill's "10 s or less".
pub(crate) const PYRAMID_HOLD_SECONDS: u16 = 10;
/// The brief relaxation between the holds of one pyramid set, seconds (for timing).
pub(crate) const PYRAMID_PAUSE_SECONDS: u32 = 3;
/// A technique drill for a failed movement test: a short pyramid of
/// 10 s holds, or this many sets of `TECHNIQUE_REPS` slow reps.
pub(crate) const TECHNIQUE_PYRAMID: [u8; 3] = [3, 2, 1];
pub(crate) const TECHNIQUE_SETS: u8 = 2;
pub(crate) const TECHNIQUE_REPS: u8 = 8;

/// Holds start with headroom under the hold ceiling: at most this percent
/// of it, so the engine has room to progress by seconds before it must add
/// load, a set or the next variant (design choice).
pub(crate) const HOLD_HEADROOM_PERCENT: u16 = 75;

/// The lumbar extensors' share of a training week's weighted volume is at
/// least this percent, times the assessment's flexion/extension ratio when
/// that is above 1.0 (more extensor work when the extensors tire first,
/// docs/method.md §1), and never closer than `EXTENSOR_FLOOR_MARGIN`
/// points to the region cap (design choices).
pub(crate) const EXTENSOR_SHARE_BASE_PERCENT: f64 = 18.0;
pub(crate) const EXTENSOR_FLOOR_MARGIN: f64 = 5.0;
/// The floor pass adds work only while a session's main block and transfer
/// drill stay within this many minutes (rests included), so the session
/// stays within the method's 20-40 minutes with its warm-up and cool-down.
pub(crate) const FLOOR_MAIN_MINUTES: u16 = 30;

/// B days carry "short holds": this percent of the A-day hold, this many sets.
pub(crate) const SHORT_HOLD_PERCENT: u16 = 60;
pub(crate) const SHORT_HOLD_SETS: u8 = 2;
/// A days carry "light posterior chain": this many sets.
pub(crate) const LIGHT_POSTERIOR_SETS: u8 = 2;

/// Starting hold when the closest test was skipped, by level 1-5 (conservative).
pub(crate) const DEFAULT_HOLD_BY_LEVEL: [u16; 5] = [10, 15, 20, 25, 30];

/// Rest between sets, seconds. A hold's rest also grows with the hold
/// (`rest-per-hold-second`); 30 s is its minimum.
pub(crate) const REST_HOLD: u16 = 30;
pub(crate) const REST_REPS: u16 = 90;
pub(crate) const REST_CARRY: u16 = 90;
pub(crate) const REST_DRILL: u16 = 20;

/// Carries: sets and distance (or time, for time-based carries).
pub(crate) const CARRY_SETS: u8 = 3;
pub(crate) const CARRY_METRES: u16 = 20;
pub(crate) const CARRY_SECONDS: u16 = 30;
/// Walking pace used to turn carry metres into seconds for volume and timing.
pub(crate) const CARRY_METRES_PER_SECOND: f64 = 1.0;

/// A rep's duration when the exercise has no tempo (swings, reps done briskly).
pub(crate) const DEFAULT_REP_SECONDS: u32 = 3;

/// Moving to and from the drill paired between sets, seconds: the drill
/// plus this must fit in the rest, or it is not paired.
pub(crate) const PAIRED_DRILL_TRANSITION_SECONDS: u32 = 10;

/// Mobility and activation drills.
pub(crate) const DRILL_REPS: u8 = 8;
pub(crate) const DRILL_SECONDS: u16 = 30;
/// Warm-up drills after the spine drill (cat-camel), from the priorities.
pub(crate) const WARMUP_DRILLS: usize = 3;
pub(crate) const WARMUP_ACTIVATION: usize = 1;
pub(crate) const COOLDOWN_DRILLS: usize = 2;
pub(crate) const LIGHT_ACTIVATION: usize = 2;
pub(crate) const LIGHT_DRILL_SETS: u8 = 2;

/// Setting up and moving between exercises, for the session's estimated minutes.
pub(crate) const TRANSITION_SECONDS: u32 = 30;

/// The balancing pass never adds more sets than this to a slot.
pub(crate) const MAX_SETS: u8 = 6;

pub(crate) const BREATHING_CUE: &str = "Brace, then breathe behind the brace: ribs down, \
belly firm all round, slow breaths through the nose. Never hold your breath to finish a set.";

/// Exercises the method names (docs/method.md §4.1), by catalog id; the
/// catalog tests check that the built-in catalog has each of them. With a
/// catalog that lacks one, selection falls back to catalog attributes.
/// McGill's big 3: the bird dog, the side bridge and the curl-up.
pub(crate) const BIRD_DOG: &str = "bird-dog";
pub(crate) const SIDE_BRIDGE: &str = "side-bridge";
pub(crate) const CURL_UP: &str = "mcgill-curl-up";
/// Hinge patterning with a dowel (the wall tap, its easier variant, without one).
pub(crate) const HINGE_PATTERNING: &str = "dowel-hip-hinge";
/// The foundation's real-world transfer drill.
pub(crate) const PICK_UP: &str = "bend-and-pick-up";
/// The core-control drill of the dead-bug movement test.
pub(crate) const DEAD_BUG: &str = "dead-bug";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Catalog, ExerciseId, Modality, Pattern};

    /// The exercises the method names are in the built-in catalog, with the
    /// pattern the plan puts them in, and the bird dog and side bridge have
    /// an easier variant for level-1 athletes.
    #[test]
    fn the_named_exercises_are_in_the_catalog() {
        let catalog = Catalog::builtin();
        let get = |id: &str| {
            catalog
                .get(&ExerciseId::new(id))
                .unwrap_or_else(|| panic!("{id} missing from the catalog"))
        };
        assert_eq!(get(BIRD_DOG).pattern, Pattern::AntiFlexionHold);
        assert_eq!(get(SIDE_BRIDGE).pattern, Pattern::AntiLateralFlexionHold);
        assert_eq!(get(CURL_UP).pattern, Pattern::AntiExtensionHold);
        assert_eq!(get(DEAD_BUG).pattern, Pattern::AntiExtensionHold);
        assert_eq!(get(HINGE_PATTERNING).pattern, Pattern::Hinge);
        assert_eq!(get(PICK_UP).modality, Modality::Reps);
        for id in [BIRD_DOG, SIDE_BRIDGE, HINGE_PATTERNING] {
            let easier = get(id).easier.clone().unwrap_or_else(|| panic!("{id}"));
            assert!(get(easier.as_str()).equipment.is_empty(), "{easier}");
        }
    }
}
