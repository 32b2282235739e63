//! The sets a slot asks for, in order, and how far today's session got: one
//! step per logged set. A per-side set is one step done on both sides
//! (right, then left), logged once with each side's result; the extra set
//! on the weaker side is its own step, logged with that side only
//! (`record::logged_step`). Every front end counts sets by these steps. `keel go` and the web session pages walk the same steps.

use keel_core::InputError;
use keel_core::assessment::Side;
use keel_core::engine::{EngineSettings, stop_exercise_now};
use keel_core::program::Prescription;
use keel_core::training::{LoggedSet, PlannedSession, SessionSlot};
use keel_store::TrainingSession;

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
    /// "set 2 of 5", "set 6 of 6 (left side only)", for use mid-sentence.
    pub fn label(&self) -> String {
        let sides = match self.sides {
            Sides::One => String::new(),
            Sides::Both => " (right, then left)".to_string(),
            Sides::Only(side) => format!(" ({} side only)", side.label()),
        };
        format!("set {} of {}{sides}", self.number, self.of)
    }

    /// [`Step::label`] as a heading: "Set 2 of 5".
    pub fn title(&self) -> String {
        let label = self.label();
        let rest = label.strip_prefix('s').unwrap_or(&label);
        format!("S{rest}")
    }

    /// What a logged set records about its side, when it is not both or none.
    pub fn note(&self) -> Option<String> {
        match self.sides {
            Sides::Only(side) => Some(format!("{} side only", side.label())),
            _ => None,
        }
    }

    /// The note a set of this step is stored with: the athlete's own note
    /// after what the step records about its side ("left side only: felt
    /// easy"), either alone when the other is absent.
    pub fn note_with(&self, own: Option<String>) -> Option<String> {
        let own = own.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
        match (self.note(), own) {
            (Some(side), Some(own)) => Some(format!("{side}: {own}")),
            (side, own) => own.or(side),
        }
    }
}

/// Whether `p` is done on each side in turn.
pub fn per_side(p: &Prescription) -> bool {
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

/// One slot of today's session and how far it got.
#[derive(Debug, Clone, PartialEq)]
pub struct SlotToday {
    /// As prescribed today; once a set is logged, as that set was done (the
    /// session resumes at the prescription it was logged with).
    pub slot: SessionSlot,
    /// Every step of the slot, done or not.
    pub steps: Vec<Step>,
    /// The sets logged for it today, in order.
    pub logged: Vec<LoggedSet>,
    /// Which logged set stopped the exercise for pain, if one did.
    stopped_at: Option<usize>,
}

impl SlotToday {
    /// The logged set that stopped the exercise today (sharp or red pain).
    pub fn stopped_by(&self) -> Option<&LoggedSet> {
        self.stopped_at.and_then(|i| self.logged.get(i))
    }

    /// The steps still to do: none once the exercise stopped for pain.
    pub fn remaining(&self) -> &[Step] {
        if self.stopped_at.is_some() {
            return &[];
        }
        self.steps.get(self.logged.len()..).unwrap_or_default()
    }

    pub fn next_step(&self) -> Option<Step> {
        self.remaining().first().copied()
    }

    /// Refuses (field `sets`) logging `count` more sets today than the
    /// prescription has steps left: the one limit the terminal, the pages
    /// and the API apply.
    pub fn check_room_for(&self, count: usize) -> Result<(), InputError> {
        let left = self.remaining().len();
        if count <= left {
            return Ok(());
        }
        Err(InputError::new(
            "sets",
            if left == 0 {
                "every set of this exercise is logged today (or it stopped for pain)".to_string()
            } else {
                format!(
                    "{count} sets is more than the prescription has left today ({left} of {})",
                    self.steps.len()
                )
            },
        ))
    }
}

/// Each slot of `session` (main, then transfer) with the sets `logged` for
/// it today. A slot stopped for pain today stays stopped.
pub fn today(
    session: &PlannedSession,
    logged: Option<&TrainingSession>,
    settings: &EngineSettings,
) -> Vec<SlotToday> {
    session
        .slots
        .iter()
        .chain(session.transfer.iter())
        .map(|planned| {
            let mut slot = planned.clone();
            let done: Vec<LoggedSet> = logged
                .map(|s| {
                    s.sets
                        .iter()
                        .filter(|set| set.logged.slot == slot.key)
                        .map(|set| set.logged.clone())
                        .collect()
                })
                .unwrap_or_default();
            if let Some(first) = done.first() {
                slot.prescription = first.prescription.clone();
                slot.exercise = first.exercise.clone();
                slot.kind = first.kind;
            }
            let stopped_at = done
                .iter()
                .position(|l| stop_exercise_now(&l.set, settings));
            SlotToday {
                steps: steps(&slot.prescription),
                slot,
                logged: done,
                stopped_at,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;
    use jiff::civil::date;
    use keel_core::catalog::ExerciseId;
    use keel_core::engine::{Amount, ExposureKind, SetLog};
    use keel_core::measure::{Pain, Seconds};
    use keel_core::program::{DayKind, Load, Phase};
    use keel_core::training::SlotKey;
    use keel_store::StoredSet;

    use super::*;

    fn hold(sets: u8, per_side: bool, extra: Option<Side>) -> Prescription {
        Prescription::Hold {
            sets,
            seconds: Seconds::saturating(10),
            per_side,
            extra_sets_on: extra,
            load: Load::Bodyweight,
            pyramid: Vec::new(),
        }
    }

    #[test]
    fn bilateral_sets_are_one_step_each() {
        let s = steps(&hold(3, false, None));
        assert_eq!(s.len(), 3);
        assert!(s.iter().all(|s| s.sides == Sides::One && s.of == 3));
        assert_eq!(s[1].label(), "set 2 of 3");
        assert_eq!(s[1].title(), "Set 2 of 3");
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
        let own = Some(" felt easy ".to_string());
        assert_eq!(
            s[5].note_with(own.clone()).as_deref(),
            Some("left side only: felt easy")
        );
        assert_eq!(s[0].note_with(own).as_deref(), Some("felt easy"));
        assert_eq!(
            s[5].note_with(Some("  ".into())).as_deref(),
            Some("left side only")
        );
        assert_eq!(s[0].note_with(None), None);
    }

    fn slot(planned: &str, p: Prescription) -> SessionSlot {
        SessionSlot {
            key: SlotKey {
                block: 1,
                day: DayKind::A,
                planned: ExerciseId(planned.into()),
            },
            exercise: ExerciseId(planned.into()),
            prescription: p,
            kind: ExposureKind::Normal,
            rest_seconds: 60,
            between_sets: None,
            note: None,
            why: Vec::new(),
            revisit_cues: Vec::new(),
        }
    }

    fn session(slots: Vec<SessionSlot>) -> PlannedSession {
        PlannedSession {
            date: date(2026, 3, 2),
            week: 1,
            weeks: 16,
            phase: Phase::Foundation,
            day: DayKind::A,
            deload: false,
            light_instead: false,
            warmup: Vec::new(),
            slots,
            transfer: None,
            cooldown: Vec::new(),
            breathing_cue: String::new(),
            estimated_minutes: 30,
            adjustments: Vec::new(),
            makes_up: None,
        }
    }

    fn logged(s: &SessionSlot, p: Prescription, pain: u8) -> StoredSet {
        StoredSet {
            id: 1,
            number: 1,
            recorded_at: Timestamp::UNIX_EPOCH,
            logged: LoggedSet {
                date: date(2026, 3, 2),
                slot: s.key.clone(),
                exercise: s.exercise.clone(),
                prescription: p,
                kind: ExposureKind::Normal,
                set: SetLog {
                    target: Amount::Seconds(Seconds::saturating(10)),
                    actual: Amount::Seconds(Seconds::saturating(10)),
                    sides: None,
                    load: Load::Bodyweight,
                    rpe: None,
                    quality_reps: None,
                    faults: Vec::new(),
                    pain: Pain::saturating(i64::from(pain)),
                    sharp_pain: false,
                    note: None,
                },
            },
        }
    }

    fn day(sets: Vec<StoredSet>) -> TrainingSession {
        TrainingSession {
            id: 1,
            date: date(2026, 3, 2),
            plan_version: Some(1),
            minutes: None,
            session_rpe: None,
            note: None,
            more: Vec::new(),
            sets,
        }
    }

    #[test]
    fn a_session_resumes_after_the_sets_logged_at_their_prescription() {
        let plank = slot("plank", hold(3, false, None));
        let bird = slot("bird-dog", hold(2, false, None));
        let planned = session(vec![plank.clone(), bird]);
        let settings = EngineSettings::default();
        // The set was logged at 4 sets; today's plan says 3: the log wins.
        let done = day(vec![logged(&plank, hold(4, false, None), 0)]);
        let slots = today(&planned, Some(&done), &settings);
        assert_eq!(slots[0].steps.len(), 4);
        assert_eq!(slots[0].remaining().len(), 3);
        assert_eq!(slots[0].next_step().map(|s| s.number), Some(2));
        assert_eq!(slots[1].remaining().len(), 2);
        assert!(slots[0].stopped_by().is_none());
        assert_eq!(today(&planned, None, &settings)[0].remaining().len(), 3);
    }

    #[test]
    fn a_slot_stopped_for_pain_has_nothing_left() {
        let plank = slot("plank", hold(3, false, None));
        let planned = session(vec![plank.clone()]);
        let settings = EngineSettings::default();
        let red = settings.pain_amber_max.saturating_add(1);
        let done = day(vec![logged(&plank, hold(3, false, None), red)]);
        let slots = today(&planned, Some(&done), &settings);
        assert!(slots[0].stopped_by().is_some());
        assert!(slots[0].remaining().is_empty());
        assert_eq!(slots[0].next_step(), None);
    }
}
