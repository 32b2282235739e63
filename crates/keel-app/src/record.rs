//! Turning a user's answers about a set into a [`LoggedSet`], and the writes
//! that store it. Shared by `keel log` and `keel go`, so a set means the same
//! thing whichever way it was entered.

use jiff::civil::Date;
use keel_core::InputError;
use keel_core::assessment::Side;
use keel_core::engine::{Amount, EngineSettings, FormFault, SetLog, SideResults};
use keel_core::measure::{Pain, Rpe, Seconds};
use keel_core::program::{Load, Prescription};
use keel_core::redflag::Screen;
use keel_core::training::{LoggedSet, SessionSlot};
use keel_store::{SafetyEvent, ScreenContext, Write};

use crate::steps::{self, Sides, Step};

/// What the user says about one set. `actual` is a plain number in the unit
/// of the prescription (seconds for holds, reps, or metres/seconds for carries).
#[derive(Debug, Clone, PartialEq)]
pub struct SetAnswers {
    pub actual: u32,
    pub load: Load,
    /// `None`: the athlete did not rate the set. That is legitimate on
    /// every front end (a set is stored as done); such a set does not count
    /// towards progression, which reads effort.
    pub rpe: Option<Rpe>,
    /// Reps done without a fault; only for rep sets, never above the reps done.
    pub quality_reps: Option<u8>,
    pub faults: Vec<FormFault>,
    pub pain: Pain,
    pub sharp_pain: bool,
    pub note: Option<String>,
    /// Each side's result, for a per-side exercise (docs/method.md §5.8).
    pub sides: SideAnswers,
}

/// What the user says about each side of one set, in the prescription's
/// unit; a side not given takes the set's `actual`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SideAnswers {
    pub left: Option<u32>,
    pub right: Option<u32>,
}

impl SideAnswers {
    pub fn any(&self) -> bool {
        self.left.is_some() || self.right.is_some()
    }

    pub fn get(&self, side: Side) -> Option<u32> {
        match side {
            Side::Left => self.left,
            Side::Right => self.right,
        }
    }
}

/// The longest note a set or a session may carry, in characters: the one
/// limit the terminal, the pages and the API check (through [`note`]).
pub const MAX_NOTE_CHARS: usize = 500;

/// A note as stored: trimmed, `None` when empty, refused (field `note`)
/// past [`MAX_NOTE_CHARS`] or with a control character other than a line
/// break or a tab (never typed on purpose; PostgreSQL cannot store NUL).
/// The one rule for a set's, a session's and a resume's note, whichever
/// front end it came from.
pub fn note(text: Option<String>) -> Result<Option<String>, InputError> {
    match text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()) {
        Some(t) if t.chars().count() > MAX_NOTE_CHARS => Err(InputError::new(
            "note",
            format!(
                "note is too long: at most {MAX_NOTE_CHARS} characters, got {}",
                t.chars().count()
            ),
        )),
        Some(t)
            if t.chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) =>
        {
            Err(InputError::new(
                "note",
                "note cannot contain control characters (line breaks and tabs are fine)",
            ))
        }
        other => Ok(other),
    }
}

/// Quality reps as a front end received them (field `quality-reps`): a
/// whole number of reps, 0 to 255. Whether the set takes them, and that
/// they do not exceed the reps done, is checked with the set
/// ([`logged_step`], `correction::apply`).
pub fn quality_reps(value: i64) -> Result<u8, InputError> {
    u8::try_from(value).map_err(|_| {
        InputError::new(
            "quality-reps",
            format!("quality reps must be 0 to 255, got {value}"),
        )
    })
}

pub use keel_core::engine::target_of;

/// What a set logs when the athlete accepts the defaults (`keel go`'s
/// Enter, `keel log` without `--actual`, the web form's prefilled value):
/// what was prescribed as the current target, never more. For a rep range
/// that is its bottom: the top of the range is what earns the double
/// progression's load step, so accepting defaults never earns a step the
/// athlete did not report doing.
pub fn default_actual(p: &Prescription) -> u32 {
    match p {
        Prescription::Reps { reps_min, .. } => u32::from(*reps_min),
        other => target_of(other).value(),
    }
}

/// The RPE a clean set defaults to (`keel go`'s Enter, the web form's
/// prefilled value): the prescription's target, or the engine's hold target
/// for holds and drills, which carry none.
pub fn default_rpe(p: &Prescription, settings: &EngineSettings) -> Rpe {
    match p {
        Prescription::Reps { target_rpe, .. } | Prescription::Carry { target_rpe, .. } => {
            *target_rpe
        }
        Prescription::Hold { .. } | Prescription::Drill { .. } => {
            Rpe::saturating(i64::from(settings.hold_target_rpe))
        }
    }
}

/// The unit word for a target, for prompts and messages.
pub fn unit_of(target: Amount) -> &'static str {
    match target {
        Amount::Seconds(_) => "seconds",
        Amount::Reps(_) => "reps",
        Amount::Metres(_) => "metres",
    }
}

/// `value` in the same unit as `target`, range-checked.
pub fn amount_like(target: Amount, value: u32) -> Result<Amount, InputError> {
    let too_big = |max: u32| {
        InputError::new(
            "actual",
            format!("{} must be at most {max}, got {value}", unit_of(target)),
        )
    };
    Ok(match target {
        Amount::Seconds(_) => {
            Amount::Seconds(Seconds::new(i64::from(value)).map_err(|e| e.in_field("actual"))?)
        }
        Amount::Reps(_) => Amount::Reps(u8::try_from(value).map_err(|_| too_big(255))?),
        Amount::Metres(_) => Amount::Metres(
            u16::try_from(value)
                .ok()
                .filter(|m| *m <= 10_000)
                .ok_or_else(|| too_big(10_000))?,
        ),
    })
}

/// Builds the logged set for `slot` on `date`, checking the answers fit it.
/// Sides given for a per-side exercise are a set done on both sides (see
/// [`logged_step`] for the extra set on one side).
pub fn logged_set(
    slot: &SessionSlot,
    date: Date,
    answers: SetAnswers,
) -> Result<LoggedSet, InputError> {
    let sides = if steps::per_side(&slot.prescription) {
        Sides::Both
    } else {
        Sides::One
    };
    let step = Step {
        number: 1,
        of: 1,
        sides,
    };
    logged_step(slot, date, step, answers)
}

/// Each side's result of a set done at `step`: the one rule for per-side
/// answers (docs/method.md §5.8). A side not given takes `actual`; on a set
/// done on both sides, sides are recorded only when one was given (else the
/// set is the single number, as before); the extra set on one side always
/// records that side, and refuses a value for the other (field `left` or
/// `right`); a bilateral exercise refuses either.
pub fn side_results(
    step: Step,
    target: Amount,
    actual: u32,
    sides: SideAnswers,
) -> Result<Option<SideResults>, InputError> {
    let amount = |side: Side| -> Result<Amount, InputError> {
        amount_like(target, sides.get(side).unwrap_or(actual)).map_err(|e| e.in_field(side.label()))
    };
    match step.sides {
        Sides::One => match [Side::Left, Side::Right]
            .into_iter()
            .find(|s| sides.get(*s).is_some())
        {
            Some(side) => Err(InputError::new(
                side.label(),
                "this exercise is not done per side; give one value (actual) for the set",
            )),
            None => Ok(None),
        },
        Sides::Both if !sides.any() => Ok(None),
        Sides::Both => Ok(Some(SideResults {
            left: Some(amount(Side::Left)?),
            right: Some(amount(Side::Right)?),
        })),
        Sides::Only(only) => {
            let other = match only {
                Side::Left => Side::Right,
                Side::Right => Side::Left,
            };
            if sides.get(other).is_some() {
                return Err(InputError::new(
                    other.label(),
                    format!(
                        "{} is the extra set on the {} side only; give no {} value",
                        step.label(),
                        only.label(),
                        other.label()
                    ),
                ));
            }
            let got = Some(amount(only)?);
            Ok(Some(match only {
                Side::Left => SideResults {
                    left: got,
                    right: None,
                },
                Side::Right => SideResults {
                    left: None,
                    right: got,
                },
            }))
        }
    }
}

/// [`logged_set`] for the set done at `step` of the slot's steps: the one
/// every front end calls, so the extra set on the weaker side records that
/// side only.
pub fn logged_step(
    slot: &SessionSlot,
    date: Date,
    step: Step,
    answers: SetAnswers,
) -> Result<LoggedSet, InputError> {
    let target = target_of(&slot.prescription);
    let sides = side_results(step, target, answers.actual, answers.sides)?;
    let actual = match sides.and_then(|s| s.weaker()) {
        Some(weaker) => weaker,
        None => amount_like(target, answers.actual)?,
    };
    let note = note(answers.note)?;
    if answers.quality_reps.is_some() && !matches!(target, Amount::Reps(_)) {
        return Err(InputError::new(
            "quality-reps",
            format!(
                "quality reps are only for rep sets; this exercise is logged in {}",
                unit_of(target)
            ),
        ));
    }
    if let (Amount::Reps(done), Some(quality)) = (actual, answers.quality_reps)
        && quality > done
    {
        return Err(InputError::new(
            "quality-reps",
            format!("quality reps ({quality}) cannot exceed the reps done ({done})"),
        ));
    }
    if let Load::Kg { kg } = answers.load
        && !(kg.is_finite() && (0.0..=1000.0).contains(&kg))
    {
        return Err(InputError::new(
            "load",
            format!("load must be between 0 and 1000 kg, got {kg}"),
        ));
    }
    Ok(LoggedSet {
        date,
        slot: slot.key.clone(),
        exercise: slot.exercise.clone(),
        prescription: slot.prescription.clone(),
        kind: slot.kind,
        set: SetLog {
            target,
            actual,
            sides,
            load: answers.load,
            rpe: answers.rpe,
            quality_reps: answers.quality_reps,
            faults: answers.faults,
            pain: answers.pain,
            sharp_pain: answers.sharp_pain,
            note,
        },
    })
}

/// Any pain logged means the red-flag screen must be asked.
pub fn needs_screen(sets: &[LoggedSet]) -> bool {
    sets.iter()
        .any(|s| s.set.sharp_pain || s.set.pain.get() > 0)
}

/// The writes that store `sets`, with the pain-entry screen when one was asked.
pub fn writes(sets: Vec<LoggedSet>, screen: Option<(Date, Screen)>) -> Vec<Write> {
    let mut writes: Vec<Write> = sets.into_iter().map(Write::AddSet).collect();
    if let Some((date, screen)) = screen {
        writes.push(Write::Safety(SafetyEvent::Screen {
            date,
            context: ScreenContext::PainEntry,
            flags: screen.flags,
        }));
    }
    writes
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod note_tests {
    use super::*;

    #[test]
    fn a_note_is_trimmed_and_refuses_control_characters_but_not_line_breaks() {
        assert_eq!(
            note(Some("  a twinge \n".into())),
            Ok(Some("a twinge".into()))
        );
        assert_eq!(note(Some("   ".into())), Ok(None));
        assert_eq!(
            note(Some("left\tside\nthen right".into())),
            Ok(Some("left\tside\nthen right".into()))
        );
        for bad in ["bell\u{7}", "nul\0here", "escape\u{1b}[31m"] {
            let err = note(Some(bad.into())).expect_err(bad);
            assert_eq!(err.field, "note", "{bad:?}");
            assert!(err.message.contains("control characters"), "{bad:?}");
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod default_tests {
    use super::*;
    use keel_core::catalog::{Catalog, ExerciseId};
    use keel_core::engine::{EngineSettings, Exposure, ExposureKind, SlotInput, decide};

    /// Loads prescribed over `sessions` sessions where every set logs
    /// `actual_of(prescription)` at the target RPE, as accepting the
    /// defaults does.
    fn loads_over(sessions: usize, actual_of: impl Fn(&Prescription) -> u32) -> Vec<Load> {
        let catalog = Catalog::builtin();
        let id = ExerciseId::new("kettlebell-deadlift");
        let exercise = catalog.get(&id).expect("the kettlebell deadlift");
        let settings = EngineSettings::default();
        let mut p = Prescription::Reps {
            sets: 3,
            reps_min: 8,
            reps_max: 12,
            per_side: false,
            tempo: None,
            load: Load::Kg { kg: 16.0 },
            target_rpe: Rpe::new(7).unwrap(),
        };
        let mut history = Vec::new();
        let mut loads = Vec::new();
        for i in 0..sessions {
            loads.push(p.load());
            let set = SetLog {
                target: target_of(&p),
                actual: amount_like(target_of(&p), actual_of(&p)).unwrap(),
                sides: None,
                load: p.load(),
                rpe: Some(Rpe::new(7).unwrap()),
                quality_reps: None,
                faults: Vec::new(),
                pain: Pain::new(0).unwrap(),
                sharp_pain: false,
                note: None,
            };
            history.push(Exposure {
                date: jiff::civil::date(2026, 3, 2)
                    + jiff::Span::new().days(i64::try_from(i * 3).unwrap()),
                exercise: id.clone(),
                prescription: p.clone(),
                kind: ExposureKind::Normal,
                sets: vec![set; 3],
                session_rpe: Some(Rpe::new(6).unwrap()),
            });
            let decision = decide(&SlotInput {
                exercise,
                prescription: &p,
                history: &history,
                next_week_deload: false,
                reactive_deload_until: None,
                morning: &[],
                screen: &Screen::clear(),
                catalog,
                equipment: &keel_core::catalog::Kit::everything(keel_core::units::Units::Kg),
                settings: &settings,
            })
            .unwrap();
            p = decision.working;
        }
        loads
    }

    #[test]
    fn the_default_is_the_prescription_not_the_top_of_the_range() {
        let reps = Prescription::Reps {
            sets: 3,
            reps_min: 8,
            reps_max: 12,
            per_side: false,
            tempo: None,
            load: Load::Kg { kg: 16.0 },
            target_rpe: Rpe::new(7).unwrap(),
        };
        assert_eq!(default_actual(&reps), 8);
        let hold = Prescription::Hold {
            sets: 3,
            seconds: Seconds::new(20).unwrap(),
            per_side: false,
            extra_sets_on: None,
            load: Load::Bodyweight,
            pyramid: Vec::new(),
        };
        assert_eq!(default_actual(&hold), 20);
    }

    #[test]
    fn accepting_the_defaults_for_sessions_on_end_never_earns_a_load_step() {
        let heavier = |l: &Load| matches!(l, Load::Kg { kg } if *kg > 16.0);
        // Stagnation may change the exercise (its rule), but never adds load.
        let loads = loads_over(8, default_actual);
        assert!(
            !loads.iter().any(heavier),
            "pressing Enter earned a load step: {loads:?}"
        );
        // The top of the range every time (the old default) is what earns
        // it: after the reps rose to 20, since the next kettlebell is 25 %
        // heavier (docs/method.md §5.9).
        let earned = loads_over(12, |p| target_of(p).value());
        assert!(earned.iter().any(heavier), "{earned:?}");
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod side_tests {
    use super::*;
    use jiff::civil::date;
    use keel_core::catalog::ExerciseId;
    use keel_core::engine::ExposureKind;
    use keel_core::program::DayKind;
    use keel_core::training::SlotKey;

    fn slot(per_side: bool, extra: Option<Side>) -> SessionSlot {
        SessionSlot {
            key: SlotKey {
                block: 1,
                day: DayKind::A,
                planned: ExerciseId::new("side-bridge"),
            },
            exercise: ExerciseId::new("side-bridge"),
            prescription: Prescription::Hold {
                sets: 2,
                seconds: Seconds::saturating(30),
                per_side,
                extra_sets_on: extra,
                load: Load::Bodyweight,
                pyramid: Vec::new(),
            },
            kind: ExposureKind::Normal,
            rest_seconds: 60,
            between_sets: None,
            note: None,
            why: Vec::new(),
            revisit_cues: Vec::new(),
        }
    }

    fn answers(actual: u32, left: Option<u32>, right: Option<u32>) -> SetAnswers {
        SetAnswers {
            actual,
            load: Load::Bodyweight,
            rpe: None,
            quality_reps: None,
            faults: Vec::new(),
            pain: Pain::saturating(0),
            sharp_pain: false,
            note: None,
            sides: SideAnswers { left, right },
        }
    }

    fn secs(n: i64) -> Amount {
        Amount::Seconds(Seconds::saturating(n))
    }

    #[test]
    fn both_sides_are_kept_and_actual_is_the_weaker() {
        let s = slot(true, Some(Side::Left));
        let all = steps::steps(&s.prescription);
        let day = date(2026, 3, 2);
        let set = logged_step(&s, day, all[0], answers(30, Some(20), Some(30)))
            .unwrap()
            .set;
        assert_eq!(set.actual, secs(20));
        assert_eq!(
            set.sides,
            Some(SideResults {
                left: Some(secs(20)),
                right: Some(secs(30))
            })
        );
        // A side not given takes `actual`.
        let set = logged_step(&s, day, all[0], answers(28, Some(20), None))
            .unwrap()
            .set;
        assert_eq!(set.sides.and_then(|s| s.right), Some(secs(28)));
        // No side given: the single number, as before.
        let set = logged_step(&s, day, all[0], answers(25, None, None))
            .unwrap()
            .set;
        assert_eq!((set.actual, set.sides), (secs(25), None));
    }

    #[test]
    fn the_extra_set_records_its_side_only() {
        let s = slot(true, Some(Side::Left));
        let all = steps::steps(&s.prescription);
        assert_eq!(all.len(), 3, "2 sets and the extra left set");
        let extra = all[2];
        let day = date(2026, 3, 2);
        let set = logged_step(&s, day, extra, answers(30, None, None))
            .unwrap()
            .set;
        assert_eq!(
            set.sides,
            Some(SideResults {
                left: Some(secs(30)),
                right: None
            })
        );
        let set = logged_step(&s, day, extra, answers(30, Some(18), None))
            .unwrap()
            .set;
        assert_eq!(set.actual, secs(18));
        let err = logged_step(&s, day, extra, answers(30, Some(18), Some(30))).unwrap_err();
        assert_eq!(err.field, "right");
        assert!(err.message.contains("left side only"), "{}", err.message);
    }

    #[test]
    fn sides_are_refused_on_a_bilateral_exercise_and_out_of_range_names_the_side() {
        let bilateral = slot(false, None);
        let day = date(2026, 3, 2);
        let err = logged_set(&bilateral, day, answers(30, Some(20), None)).unwrap_err();
        assert_eq!(err.field, "left");
        assert!(err.message.contains("not done per side"), "{}", err.message);
        let s = slot(true, None);
        let err = logged_set(&s, day, answers(30, None, Some(4000))).unwrap_err();
        assert_eq!(err.field, "right");
        let set = logged_set(&s, day, answers(30, Some(12), Some(30))).unwrap();
        assert_eq!(set.set.actual, secs(12));
    }
}

#[cfg(test)]
mod sides_sim;
