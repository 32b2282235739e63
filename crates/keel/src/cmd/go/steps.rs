//! The sets a slot asks for, in order: one step per logged set. A per-side
//! set is one step done on both sides (right, then left), logged once; the
//! extra set on the weaker side is its own step.

use keel_core::assessment::Side;
use keel_core::program::Prescription;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sides {
    /// Bilateral.
    One,
    /// Right side, then left side.
    Both,
    /// The extra set on the weaker side.
    Only(Side),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// 1-based.
    pub number: u8,
    pub of: u8,
    pub sides: Sides,
}

impl Step {
    /// "set 2 of 5", "set 6 of 6 (left side only)".
    pub fn label(&self) -> String {
        let sides = match self.sides {
            Sides::One => String::new(),
            Sides::Both => " (right, then left)".to_string(),
            Sides::Only(side) => format!(" ({} side only)", side.label()),
        };
        format!("set {} of {}{sides}", self.number, self.of)
    }

    /// What a logged set records about its side, when it is not both or none.
    pub fn note(&self) -> Option<String> {
        match self.sides {
            Sides::Only(side) => Some(format!("{} side only", side.label())),
            _ => None,
        }
    }
}

fn per_side(p: &Prescription) -> bool {
    match p {
        Prescription::Hold { per_side, .. }
        | Prescription::Reps { per_side, .. }
        | Prescription::Drill { per_side, .. } => *per_side,
        Prescription::Carry { .. } => false,
    }
}

/// Every step of `p`, first to last.
pub fn steps(p: &Prescription) -> Vec<Step> {
    let extra = match p {
        Prescription::Hold {
            per_side: true,
            extra_sets_on: Some(side),
            ..
        } => Some(*side),
        _ => None,
    };
    let sets = p.sets();
    let of = sets.saturating_add(u8::from(extra.is_some()));
    let sides = if per_side(p) { Sides::Both } else { Sides::One };
    let mut out: Vec<Step> = (1..=sets)
        .map(|number| Step { number, of, sides })
        .collect();
    if let Some(side) = extra {
        out.push(Step {
            number: of,
            of,
            sides: Sides::Only(side),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use keel_core::measure::Seconds;
    use keel_core::program::Load;

    use super::*;

    fn hold(sets: u8, per_side: bool, extra: Option<Side>) -> Prescription {
        Prescription::Hold {
            sets,
            seconds: Seconds::saturating(10),
            per_side,
            extra_sets_on: extra,
            load: Load::Bodyweight,
        }
    }

    #[test]
    fn bilateral_sets_are_one_step_each() {
        let s = steps(&hold(3, false, None));
        assert_eq!(s.len(), 3);
        assert!(s.iter().all(|s| s.sides == Sides::One && s.of == 3));
        assert_eq!(s[1].label(), "set 2 of 3");
    }

    #[test]
    fn the_weaker_side_gets_one_extra_step() {
        let s = steps(&hold(5, true, Some(Side::Left)));
        assert_eq!(s.len(), 6);
        assert_eq!(s[0].sides, Sides::Both);
        assert_eq!(s[5].sides, Sides::Only(Side::Left));
        assert_eq!(s[5].label(), "set 6 of 6 (left side only)");
        assert_eq!(s[5].note().as_deref(), Some("left side only"));
        assert_eq!(s[0].note(), None);
    }
}
