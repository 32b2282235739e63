//! The per-slot decision after each exposure (docs/method.md §5 and §6).
//!
//! Order of precedence: a red flag halts; sharp or red pain stops and
//! regresses; faults regress or repeat; amber pain, a bad next morning, or a
//! missed target repeat; otherwise 2-for-2 progresses one variable. Then
//! stagnation rotates the variant or deloads, and a coming deload week (or a
//! reactive one) turns the next exposure into its deload version.

use super::decision::{Action, Change, Decision, DeloadCause, StopCause};
use super::deload::{MorningAdjustment, MorningResponse, morning_response};
use super::log::{Amount, Exposure, ExposureKind, MorningCheck};
use super::pain::PainLight;
use super::prescribe::{self, load_from_kg, load_kg};
use super::reasons;
use super::settings::EngineSettings;
use jiff::civil::Date;

use crate::assessment::Side;
use crate::catalog::{Catalog, Exercise, ExerciseId, Kit, Modality};
use crate::error::InputError;
use crate::measure::Seconds;
use crate::program::{Load, Prescription};
use crate::redflag::Screen;

/// Everything one decision needs, as plain values.
#[derive(Debug, Clone, Copy)]
pub struct SlotInput<'a> {
    /// The slot's current exercise.
    pub exercise: &'a Exercise,
    /// Its working prescription (the `working` of the last decision, or the program's).
    pub prescription: &'a Prescription,
    /// The slot's exposures, oldest first; the last one is the exposure just logged.
    pub history: &'a [Exposure],
    /// The slot's next exposure falls in a deload week.
    pub next_week_deload: bool,
    /// Next-morning check-ins known on the exposure's day (dated on or
    /// before it: a decision never reads what was logged after its day).
    pub morning: &'a [MorningCheck],
    /// The end (exclusive) of a reactive deload period that started on or
    /// before the exposure's day, when one runs; inside it nothing rises
    /// (`reactive_deload_days`, docs/method.md §5.6).
    pub reactive_deload_until: Option<Date>,
    /// The red-flag screen answered with this exposure's pain entries (clear when no pain).
    pub screen: &'a Screen,
    /// For easier, harder and rotation variants.
    pub catalog: &'a Catalog,
    /// Equipment the athlete owns, with its sizes: variants needing more are
    /// not offered, and every load is one it can make (docs/method.md §5.9).
    pub equipment: &'a Kit,
    pub settings: &'a EngineSettings,
}

/// A decision before the deload or reduction of the next exposure is applied.
struct Outcome {
    action: Action,
    exercise: ExerciseId,
    working: Prescription,
    reasons: Vec<String>,
    cues: bool,
}

impl Outcome {
    fn repeat(input: &SlotInput<'_>, reason: String) -> Outcome {
        Outcome {
            action: Action::Repeat,
            exercise: input.exercise.id.clone(),
            working: input.prescription.clone(),
            reasons: vec![reason],
            cues: false,
        }
    }
}

/// Decides what the slot does next. Errors only on input the engine cannot
/// read (no exposure, a mixed-up set, an exposure of another exercise).
pub fn decide(input: &SlotInput<'_>) -> Result<Decision, InputError> {
    input.settings.validate()?;
    let newest = check(input)?;
    let settings = input.settings;

    if !input.screen.is_clear() {
        return Ok(Decision {
            action: Action::Halt {
                flags: input.screen.flags.clone(),
            },
            exercise: input.exercise.id.clone(),
            prescription: input.prescription.clone(),
            next_kind: ExposureKind::Normal,
            working: input.prescription.clone(),
            reasons: vec![reasons::halt(&input.screen.flags)],
            cues: Vec::new(),
        });
    }

    let light = PainLight::of_exposure(newest, settings);
    let mut morning = morning_response(input.morning, Some(newest.date), settings);
    // A reactive deload that started earlier still runs: the same as one
    // the mornings trigger today.
    if morning.adjustment != MorningAdjustment::Deload
        && let Some(until) = input.reactive_deload_until.filter(|end| newest.date < *end)
    {
        morning = MorningResponse {
            adjustment: MorningAdjustment::Deload,
            reasons: vec![reasons::reactive_deload_runs(until)],
        };
    }
    let mut outcome = if newest.sharp_pain() || light == PainLight::Red {
        stop(input, newest)
    } else {
        judge(input, newest, light, morning.adjustment)
    };
    let deloading = input.next_week_deload || morning.adjustment == MorningAdjustment::Deload;
    if !deloading && is_stagnant(input, newest, &outcome) {
        outcome = stagnation(input);
    } else if !deloading && is_stuck(input, newest, &outcome) {
        // Nothing stays stuck (docs/method.md §5.5): every target met, but
        // nothing left to raise (a ceiling with no harder variant or load).
        let mut changed = stagnation(input);
        changed
            .reasons
            .insert(0, reasons::stuck(input.settings.stagnation_exposures));
        outcome = changed;
    }
    Ok(finish(input, outcome, morning.adjustment, morning.reasons))
}

/// Validates the input and returns the newest exposure.
fn check<'a>(input: &SlotInput<'a>) -> Result<&'a Exposure, InputError> {
    let newest = input
        .history
        .last()
        .ok_or_else(|| InputError::new("history", "no exposure logged for this slot yet"))?;
    for exposure in input.history {
        exposure.check()?;
    }
    if newest.exercise != input.exercise.id {
        return Err(InputError::new(
            "exercise",
            format!(
                "the last exposure is of {}, but the slot's exercise is {}",
                newest.exercise, input.exercise.id
            ),
        ));
    }
    Ok(newest)
}

fn stop(input: &SlotInput<'_>, newest: &Exposure) -> Outcome {
    let settings = input.settings;
    let (cause, set) = match newest.sets.iter().position(|s| s.sharp_pain) {
        Some(i) => (StopCause::SharpPain, Some(i)),
        None => {
            let pain = newest.max_pain();
            let set = newest.sets.iter().position(|s| s.pain == pain);
            (StopCause::RedPain { pain }, set)
        }
    };
    let mut outcome = regress(input, newest);
    outcome
        .reasons
        .insert(0, reasons::stopped(cause, set, settings));
    if cause == StopCause::SharpPain {
        outcome.reasons.push(reasons::technique());
    }
    outcome.action = Action::Stop { cause };
    outcome.cues = true;
    outcome
}

/// [`judge_both`], then where the weaker side fell short, when an
/// imbalance is flagged (docs/method.md §5.8).
fn judge(
    input: &SlotInput<'_>,
    newest: &Exposure,
    light: PainLight,
    morning: MorningAdjustment,
) -> Outcome {
    let mut outcome = judge_both(input, newest, light, morning);
    if let Some(reason) = weak_side_reason(newest) {
        outcome.reasons.push(reason);
    }
    outcome
}

/// Faults, pain and the 2-for-2 rule, in that order.
fn judge_both(
    input: &SlotInput<'_>,
    newest: &Exposure,
    light: PainLight,
    morning: MorningAdjustment,
) -> Outcome {
    let settings = input.settings;
    if matches!(input.prescription, Prescription::Drill { .. }) {
        return Outcome::repeat(input, reasons::drill_not_progressed());
    }
    let faulted = newest.faulted_sets();
    let previous_faulted = input
        .history
        .iter()
        .rev()
        .skip(1)
        .find(|e| e.exercise == input.exercise.id)
        .is_some_and(|e| e.faulted_sets() > 0);
    if faulted >= 2 || (faulted >= 1 && previous_faulted) {
        let mut outcome = regress(input, newest);
        outcome
            .reasons
            .insert(0, reasons::faults_regress(newest, previous_faulted));
        outcome.cues = true;
        return outcome;
    }
    if faulted == 1 {
        let mut outcome = Outcome::repeat(input, reasons::one_fault(newest));
        outcome.cues = true;
        return outcome;
    }
    if light == PainLight::Amber {
        return Outcome::repeat(input, reasons::amber(newest.max_pain().get(), settings));
    }
    if morning == MorningAdjustment::Deload {
        return Outcome::repeat(input, reasons::no_increase_in_deload());
    }
    if morning != MorningAdjustment::Proceed {
        return Outcome::repeat(input, reasons::morning_blocks_progress());
    }
    if newest.kind != ExposureKind::Normal {
        return Outcome::repeat(input, reasons::resume(newest.kind));
    }
    let to_learn = logged_kg(newest).filter(|_| input.prescription.load() == Load::ChooseForRpe);
    if let Some(kg) = to_learn {
        let logged = load_from_kg(kg, input.settings.units);
        let to = owned_load(input, kg);
        let mut outcome = Outcome::repeat(input, reasons::learned_load(to, input.settings.units));
        if to != logged {
            outcome
                .reasons
                .push(reasons::snapped_to_owned(logged, to, input.settings.units));
        }
        outcome.working = prescribe::with_load(input.prescription, to);
        return outcome;
    }
    let misses = misses(newest, settings);
    if !misses.is_empty() {
        return Outcome::repeat(input, reasons::missed(&misses));
    }
    let streak = streak(input);
    // Nothing stays at one prescription past the stagnation window
    // (docs/method.md §5.5): met at the window's last exposure, it moves on
    // without waiting for the rest of the streak.
    let window = usize::from(settings.stagnation_exposures);
    let window_full = exposures_at_current(input).len() >= window;
    if streak < usize::from(settings.progress_streak) && !window_full {
        return Outcome::repeat(
            input,
            reasons::streak_building(streak, settings.progress_streak),
        );
    }
    if input.next_week_deload {
        return Outcome::repeat(input, reasons::deload_week_pending(streak));
    }
    let evidence = if streak < usize::from(settings.progress_streak) {
        reasons::evidence_at_window_end(newest, settings.stagnation_exposures)
    } else {
        reasons::evidence(newest, streak)
    };
    progress(input, newest, &evidence)
}

/// Why an exposure does not count towards 2-for-2; empty when it does.
pub(crate) fn misses(exposure: &Exposure, settings: &EngineSettings) -> Vec<String> {
    let p = &exposure.prescription;
    let (target_rpe, top_reps) = match p {
        Prescription::Reps {
            reps_max,
            target_rpe,
            ..
        } => (target_rpe.get(), Some(*reps_max)),
        Prescription::Carry { target_rpe, .. } => (target_rpe.get(), None),
        Prescription::Hold { .. } | Prescription::Drill { .. } => (settings.hold_target_rpe, None),
    };
    let weak = weak_side(p);
    let mut out = Vec::new();
    if exposure.sets.len() < usize::from(p.sets()) {
        out.push(reasons::miss_sets(exposure.sets.len(), p.sets()));
    }
    for (i, set) in exposure.sets.iter().enumerate() {
        let reached = match (top_reps, set.actual) {
            (Some(top), Amount::Reps(done)) => done >= top,
            _ => set.reached_target(),
        };
        if !reached {
            let short = set.sides_short();
            if short.is_empty() {
                out.push(reasons::miss_target(i, set, top_reps));
            }
            // The weaker side's shortfall is the imbalance being trained
            // (its extra set): it does not hold the other side back.
            for (side, got) in short.into_iter().filter(|(side, _)| Some(*side) != weak) {
                out.push(reasons::miss_side(i, side, got, set.target));
            }
        }
        match set.rpe {
            Some(rpe) if rpe.get() > target_rpe => {
                out.push(reasons::miss_rpe(i, rpe.get(), target_rpe))
            }
            Some(_) => {}
            None => out.push(reasons::miss_no_rpe(i)),
        }
        if set.faulted() {
            out.push(reasons::miss_fault(i, set));
        }
        if PainLight::of(set.pain, settings) != PainLight::Green || set.sharp_pain {
            out.push(reasons::miss_pain(i, set.pain.get()));
        }
    }
    match exposure.session_rpe {
        Some(rpe) if rpe.get() > target_rpe => {
            out.push(reasons::miss_session_rpe(rpe.get(), target_rpe))
        }
        _ => {}
    }
    out
}

/// The side the assessment flagged as weaker, while a per-side hold gives it
/// an extra set (docs/method.md §5.8): the sides then progress separately.
pub(crate) fn weak_side(p: &Prescription) -> Option<Side> {
    match p {
        Prescription::Hold {
            per_side: true,
            extra_sets_on: Some(side),
            ..
        } => Some(*side),
        _ => None,
    }
}

/// Where the weaker side fell short in `exposure`, as a reason; `None`
/// when it did not (or no imbalance is flagged).
fn weak_side_reason(exposure: &Exposure) -> Option<String> {
    let weak = weak_side(&exposure.prescription)?;
    let short: Vec<(usize, Amount, Amount)> = exposure
        .sets
        .iter()
        .enumerate()
        .flat_map(|(i, set)| {
            set.sides_short()
                .into_iter()
                .filter(|(side, _)| *side == weak)
                .map(move |(_, got)| (i, got, set.target))
        })
        .collect();
    (!short.is_empty()).then(|| reasons::weak_side_short(weak, &short))
}

/// Whether `e` was done at the working level: the same exercise and
/// prescription, but for the number of sets, which is the day's dose (a
/// lighter day of the week plans fewer sets of the same level,
/// docs/method.md §5.6), as long as it asked no more sets than the working one.
fn at_current(input: &SlotInput<'_>, e: &Exposure) -> bool {
    let working = input.prescription;
    e.exercise == input.exercise.id
        && e.prescription.sets() <= working.sets()
        && prescribe::with_sets(&e.prescription, working.sets()) == *working
}

/// Normal exposures in a row, newest back, at the working prescription that met every target.
fn streak(input: &SlotInput<'_>) -> usize {
    input
        .history
        .iter()
        .rev()
        .filter(|e| e.kind == ExposureKind::Normal)
        .take_while(|e| at_current(input, e) && misses(e, input.settings).is_empty())
        .count()
}

/// Normal exposures at the working prescription since it was set or last
/// deloaded, newest first.
fn exposures_at_current<'a>(input: &SlotInput<'a>) -> Vec<&'a Exposure> {
    input
        .history
        .iter()
        .rev()
        .filter(|e| e.kind != ExposureKind::Reduced)
        .take_while(|e| e.kind == ExposureKind::Normal && at_current(input, e))
        .collect()
}

/// Work done (seconds, reps or metres over all sets) and the hardest set's RPE.
fn performance(e: &Exposure) -> (u32, u8) {
    let work = e.sets.iter().map(|s| s.actual.value()).sum();
    let hardest = e.sets.iter().filter_map(|s| s.rpe).map(|r| r.get()).max();
    (work, hardest.unwrap_or(u8::MAX))
}

/// Stagnation: the prescription was done for the whole window and is still
/// to be repeated, its newest exposure short of the target. Nothing stays
/// at one time, distance or load longer than the window (docs/method.md
/// §5.5); only reps rising within a rep range are progress that keeps the
/// prescription (double progression, §5.3).
fn is_stagnant(input: &SlotInput<'_>, newest: &Exposure, outcome: &Outcome) -> bool {
    let window = usize::from(input.settings.stagnation_exposures);
    let at_current = exposures_at_current(input);
    if outcome.action != Action::Repeat
        || outcome.working != *input.prescription
        || newest.kind != ExposureKind::Normal
        || misses(newest, input.settings).is_empty()
        || at_current.len() < window
    {
        return false;
    }
    if !matches!(input.prescription, Prescription::Reps { .. }) {
        return true;
    }
    let (now_work, now_rpe) = performance(newest);
    let (then_work, then_rpe) = at_current
        .get(window - 1)
        .map_or((0, u8::MAX), |e| performance(e));
    let improving = now_work > then_work || (now_work == then_work && now_rpe < then_rpe);
    !improving
}

/// Every target met at a ceiling with nothing left to raise (no harder
/// variant, no load), for the whole stagnation window.
fn is_stuck(input: &SlotInput<'_>, newest: &Exposure, outcome: &Outcome) -> bool {
    let window = usize::from(input.settings.stagnation_exposures);
    let settings = input.settings;
    let at_ceiling = match input.prescription {
        Prescription::Hold { seconds, .. } => {
            seconds.get() >= settings.hold_ceiling_for(input.exercise)
        }
        Prescription::Carry {
            metres, seconds, ..
        } => {
            metres.is_some_and(|m| m >= settings.carry_ceiling_metres)
                || seconds.is_some_and(|s| s.get() >= settings.carry_ceiling_seconds)
        }
        Prescription::Reps { reps_max, .. } => {
            !input.exercise.loadable
                || (*reps_max >= settings.reps_ceiling && no_load_up(input, newest))
        }
        Prescription::Drill { .. } => false,
    };
    at_ceiling
        && outcome.action == Action::Repeat
        && outcome.working == *input.prescription
        && newest.kind == ExposureKind::Normal
        && misses(newest, settings).is_empty()
        && exposures_at_current(input).len() >= window
}

fn stagnation(input: &SlotInput<'_>) -> Outcome {
    let window = input.settings.stagnation_exposures;
    match rotation_candidate(input) {
        Some(to) => Outcome {
            action: Action::RotateVariant {
                from: input.exercise.id.clone(),
                to: to.id.clone(),
            },
            exercise: to.id.clone(),
            working: onto_variant(input.prescription, to, true),
            reasons: vec![reasons::rotate(window, &to.name)],
            cues: true,
        },
        None => Outcome {
            action: Action::Deload {
                cause: DeloadCause::Stagnation,
            },
            ..Outcome::repeat(input, reasons::stagnation_deload(window))
        },
    }
}

/// A same-pattern, same-level variant the athlete can do, preferring another
/// surface (floor, elevated, dynamic) and cycling through them by id.
fn rotation_candidate<'a>(input: &SlotInput<'a>) -> Option<&'a Exercise> {
    let current = input.exercise;
    let candidates: Vec<&Exercise> = input
        .catalog
        .by_pattern(current.pattern)
        .filter(|e| {
            e.id != current.id
                && e.level == current.level
                && e.modality == current.modality
                && e.available_with(input.equipment)
        })
        .collect();
    let other_surface: Vec<&Exercise> = candidates
        .iter()
        .copied()
        .filter(|e| e.surface != current.surface)
        .collect();
    let pool = if other_surface.is_empty() {
        candidates
    } else {
        other_surface
    };
    pool.iter()
        .copied()
        .find(|e| e.id > current.id)
        .or_else(|| pool.first().copied())
}

/// The exercise `id` names, when it exists, suits the prescription and the equipment.
fn variant<'a>(input: &SlotInput<'a>, id: Option<&ExerciseId>) -> Option<&'a Exercise> {
    let found = input.catalog.get(id?)?;
    let fits = fits_prescription(found.modality, input.prescription);
    (fits && found.available_with(input.equipment)).then_some(found)
}

fn fits_prescription(modality: Modality, p: &Prescription) -> bool {
    matches!(
        (modality, p),
        (Modality::HoldSeconds, Prescription::Hold { .. })
            | (Modality::Reps, Prescription::Reps { .. })
            | (
                Modality::Distance | Modality::Time,
                Prescription::Carry { .. }
            )
    )
}

/// The prescription carried onto another exercise: its sidedness, and no
/// external load it cannot take. A rotation starts a new exercise's load afresh.
fn onto_variant(p: &Prescription, to: &Exercise, fresh_load: bool) -> Prescription {
    let next = prescribe::with_per_side(p, to.per_side());
    let load = p.load();
    if !to.loadable {
        prescribe::with_load(&next, Load::Bodyweight)
    } else if fresh_load && matches!(load, Load::Kg { .. }) {
        prescribe::with_load(&next, Load::ChooseForRpe)
    } else {
        next
    }
}

/// The heaviest load logged on an exposure's sets.
fn logged_kg(exposure: &Exposure) -> Option<f32> {
    exposure
        .sets
        .iter()
        .filter_map(|s| match s.load {
            Load::Kg { kg } => Some(kg),
            _ => None,
        })
        .reduce(f32::max)
}

/// The load decisions start from, in kg: on a normal exposure the load
/// actually lifted (a self-chosen 20 kg against a prescribed 18.5 kg moves
/// from 20 kg, docs/method.md §5.6), otherwise the working load, learned from
/// the log while it is still to be chosen. Deload and reduced exposures were
/// lightened on purpose, so their load says nothing about the working level.
fn known_kg(input: &SlotInput<'_>, newest: &Exposure) -> Option<f32> {
    let lifted = logged_kg(newest).filter(|_| newest.kind == ExposureKind::Normal);
    lifted
        .or_else(|| load_kg(input.prescription.load()))
        .or_else(|| logged_kg(newest))
}

/// The mean of the seconds held over a normal exposure's sets, when it is
/// below `prescribed`: a regression then starts from what was held, not from
/// the target that was missed (30, 28, 25, 20 s against 47 s regress from 26 s).
fn held_below(newest: &Exposure, prescribed: u16) -> Option<u16> {
    if newest.kind != ExposureKind::Normal {
        return None;
    }
    let held: Vec<u32> = newest
        .sets
        .iter()
        .filter_map(|s| match s.actual {
            Amount::Seconds(held) => Some(u32::from(held.get())),
            _ => None,
        })
        .collect();
    let count = u32::try_from(held.len()).ok().filter(|n| *n > 0)?;
    let mean = (held.iter().sum::<u32>() + count / 2) / count;
    u16::try_from(mean).ok().filter(|m| *m < prescribed)
}

fn progress(input: &SlotInput<'_>, newest: &Exposure, evidence: &str) -> Outcome {
    let p = input.prescription;
    match p {
        Prescription::Hold { seconds, .. } => {
            let ceiling = input.settings.hold_ceiling_for(input.exercise);
            progress_time(input, newest, seconds.get(), ceiling, evidence)
        }
        Prescription::Carry {
            metres: Some(m), ..
        } => progress_distance(input, newest, *m, evidence),
        Prescription::Carry {
            seconds: Some(s), ..
        } => {
            let ceiling = input.settings.carry_ceiling_seconds;
            progress_time(input, newest, s.get(), ceiling, evidence)
        }
        Prescription::Reps {
            reps_min, reps_max, ..
        } => progress_reps(input, newest, *reps_min, *reps_max, evidence),
        Prescription::Carry { .. } | Prescription::Drill { .. } => {
            Outcome::repeat(input, reasons::drill_not_progressed())
        }
    }
}

/// Hold seconds (or carry time) within 7 days of the newest exposure, to cap the weekly rise.
fn weekly_allowance(input: &SlotInput<'_>, newest: &Exposure, from: u16) -> u16 {
    let base = input
        .history
        .iter()
        .filter(|e| e.kind == ExposureKind::Normal && e.exercise == input.exercise.id)
        .filter(|e| newest.date.duration_since(e.date).as_secs() < 7 * 86_400)
        .filter_map(|e| prescribe::seconds_of(&e.prescription))
        .min()
        .unwrap_or(from)
        .min(from);
    input
        .settings
        .weekly_hold_cap_seconds
        .saturating_sub(from - base)
}

fn progress_time(
    input: &SlotInput<'_>,
    newest: &Exposure,
    from: u16,
    ceiling: u16,
    evidence: &str,
) -> Outcome {
    let settings = input.settings;
    let p = input.prescription;
    // A pyramid of short holds progresses by holds, not seconds (docs/method.md §4.1).
    if let Some(pyramid) = p.pyramid() {
        return progress_pyramid(input, pyramid, evidence);
    }
    if from >= ceiling {
        return at_time_ceiling(input, newest, from, ceiling, evidence);
    }
    let step = prescribe::hold_step(from, settings);
    let allowance = weekly_allowance(input, newest, from);
    let to = from.saturating_add(step).min(ceiling);
    let capped = to.min(from.saturating_add(allowance));
    if capped <= from {
        return Outcome::repeat(
            input,
            reasons::weekly_cap_reached(settings.weekly_hold_cap_seconds),
        );
    }
    let change = Change::Seconds {
        from: Seconds::saturating(i64::from(from)),
        to: Seconds::saturating(i64::from(capped)),
    };
    let reason = if capped < to {
        reasons::progressed_capped(&change, p, settings, evidence)
    } else {
        reasons::progressed(&change, p, settings.units, evidence)
    };
    Outcome {
        action: Action::Progress { change },
        exercise: input.exercise.id.clone(),
        working: prescribe::with_seconds(p, capped),
        reasons: vec![reason],
        cues: false,
    }
}

/// One more hold in every set of a pyramid; at its top the pyramid is kept
/// (the hold lengthens in a later phase), and says so.
fn progress_pyramid(input: &SlotInput<'_>, pyramid: &[u8], evidence: &str) -> Outcome {
    let p = input.prescription;
    let Some(grown) = crate::program::grown_pyramid(pyramid) else {
        return Outcome::repeat(input, reasons::pyramid_at_top(pyramid));
    };
    let change = Change::Holds {
        from: pyramid.to_vec(),
        to: grown.clone(),
    };
    Outcome {
        action: Action::Progress {
            change: change.clone(),
        },
        exercise: input.exercise.id.clone(),
        working: prescribe::with_pyramid(p, grown),
        reasons: vec![reasons::progressed(
            &change,
            p,
            input.settings.units,
            evidence,
        )],
        cues: false,
    }
}

/// At the ceiling: the harder variant, else more load, each with the time
/// reset to about 70 %; else maintain.
fn at_time_ceiling(
    input: &SlotInput<'_>,
    newest: &Exposure,
    from: u16,
    ceiling: u16,
    evidence: &str,
) -> Outcome {
    let settings = input.settings;
    let p = input.prescription;
    let reset = prescribe::reset_after_ceiling(from, settings.min_hold_seconds, settings);
    let reset_p = prescribe::with_seconds(p, reset);
    if let Some(harder) = variant(input, input.exercise.harder.as_ref()) {
        return Outcome {
            action: Action::Progress {
                change: Change::Variant {
                    from: input.exercise.id.clone(),
                    to: harder.id.clone(),
                },
            },
            exercise: harder.id.clone(),
            working: onto_variant(&reset_p, harder, false),
            reasons: vec![reasons::ceiling_variant(
                ceiling,
                &harder.name,
                reset,
                settings.ceiling_reset_percent,
                evidence,
            )],
            cues: false,
        };
    }
    let ceiling_text = reasons::seconds_text(ceiling);
    let reset_text = reasons::reset_text("time", &reasons::seconds_text(reset));
    load_step_or_maintain(
        input,
        newest,
        &reset_p,
        |from, to| {
            reasons::ceiling_load(
                reasons::seconds_noun(p),
                &ceiling_text,
                from,
                to,
                settings.units,
                &reset_text,
                evidence,
            )
        },
        reasons::maintain_at_ceiling(&ceiling_text),
        evidence,
    )
}

/// The loads the athlete can make for the slot's exercise, lightest first.
fn owned_loads(input: &SlotInput<'_>) -> Vec<f32> {
    input.equipment.loads_for(&input.exercise.equipment)
}

/// `kg` as a load the athlete can make: the nearest owned one, or `kg`
/// itself when nothing owned loads the exercise.
fn owned_load(input: &SlotInput<'_>, kg: f32) -> Load {
    if input.equipment.can_make(&input.exercise.equipment, kg) {
        return exact_load(kg);
    }
    input
        .equipment
        .nearest(&input.exercise.equipment, kg)
        .map_or_else(|| load_from_kg(kg, input.settings.units), exact_load)
}

/// An owned size as a load, unrounded: a 35 lb kettlebell stays 35 lb.
fn exact_load(kg: f32) -> Load {
    if kg <= 0.0 {
        Load::Bodyweight
    } else {
        Load::Kg { kg }
    }
}

/// The next owned load at least `load_step_min_percent` above `kg`.
fn next_owned(input: &SlotInput<'_>, kg: f32) -> Option<f32> {
    let min_step = kg * f32::from(input.settings.load_step_min_percent) / 100.0;
    input
        .equipment
        .next_up(&input.exercise.equipment, kg, min_step)
}

/// True when no owned load is above the slot's known load.
fn no_load_up(input: &SlotInput<'_>, newest: &Exposure) -> bool {
    known_kg(input, newest).is_none_or(|kg| next_owned(input, kg).is_none())
}

/// The top of the rep range up by `reps_step` instead of the load, when the
/// next owned load is too large a step or there is none (docs/method.md §5.9).
fn more_reps_first(input: &SlotInput<'_>, evidence: &str, why: String) -> Option<Outcome> {
    let settings = input.settings;
    let p = input.prescription;
    let Prescription::Reps {
        reps_min, reps_max, ..
    } = p
    else {
        return None;
    };
    if *reps_max >= settings.reps_ceiling {
        return None;
    }
    let to_max = reps_max
        .saturating_add(settings.reps_step)
        .min(settings.reps_ceiling);
    let mut working = p.clone();
    if let Prescription::Reps { reps_max, .. } = &mut working {
        *reps_max = to_max;
    }
    let change = Change::Reps {
        from: (*reps_min, *reps_max),
        to: (*reps_min, to_max),
    };
    Some(Outcome {
        reasons: vec![
            reasons::progressed(&change, p, input.settings.units, evidence),
            why,
        ],
        action: Action::Progress { change },
        exercise: input.exercise.id.clone(),
        working,
        cues: false,
    })
}

/// Raises the load to the next one the athlete owns on `base` (which
/// already carries any reset), or repeats with `maintain` when the exercise
/// takes no load. When that load is more than `load_step_max_percent`
/// heavier, or there is none, the reps rise first; past their ceiling a
/// large step is taken and said so, and at the heaviest load owned the
/// reasons say what to buy (docs/method.md §5.9).
fn load_step_or_maintain(
    input: &SlotInput<'_>,
    newest: &Exposure,
    base: &Prescription,
    reason: impl Fn(Load, Load) -> String,
    maintain: String,
    evidence: &str,
) -> Outcome {
    let settings = input.settings;
    if !input.exercise.loadable {
        return Outcome::repeat(input, maintain);
    }
    let Some(kg) = known_kg(input, newest) else {
        return Outcome::repeat(input, reasons::load_unknown());
    };
    let needs = &input.exercise.equipment;
    let buy = input.equipment.to_buy(needs);
    let from = load_from_kg(kg, input.settings.units);
    if owned_loads(input).is_empty() {
        // Nothing owned loads it (a carry with household objects): the
        // smallest step the athlete set, `load-step-grams`.
        let up = prescribe::load_up(kg, settings);
        let to = load_from_kg(up, input.settings.units);
        let mut reasons = vec![reason(from, to)];
        if prescribe::load_step_is_large(kg, up, settings) {
            reasons.push(reasons::large_step(settings));
        }
        if let Some(buy) = &buy {
            reasons.push(reasons::nothing_to_load(buy));
        }
        return Outcome {
            action: Action::Progress {
                change: Change::Load { from, to },
            },
            exercise: input.exercise.id.clone(),
            working: prescribe::with_load(base, to),
            reasons,
            cues: false,
        };
    }
    let next = next_owned(input, kg);
    let large = next.is_some_and(|up| prescribe::load_step_is_large(kg, up, settings));
    let percent = next.map_or(0, |up| reasons::percent_between(kg, up));
    if next.is_none() || large {
        let why = reasons::reps_before_load(
            from,
            next.map(exact_load),
            percent,
            buy.as_deref(),
            settings,
        );
        if let Some(outcome) = more_reps_first(input, evidence, why) {
            return outcome;
        }
    }
    let Some(up) = next else {
        return Outcome::repeat(
            input,
            reasons::heaviest_owned(from, buy.as_deref(), input.settings.units),
        );
    };
    let to = exact_load(up);
    let mut reasons = vec![reason(from, to)];
    let working = prescribe::with_load(base, to);
    if large {
        reasons.push(reasons::large_step_owned(
            to,
            percent,
            matches!(base, Prescription::Reps { .. }),
            settings,
        ));
    }
    Outcome {
        action: Action::Progress {
            change: Change::Load { from, to },
        },
        exercise: input.exercise.id.clone(),
        working,
        reasons,
        cues: false,
    }
}

fn progress_distance(
    input: &SlotInput<'_>,
    newest: &Exposure,
    from: u16,
    evidence: &str,
) -> Outcome {
    let settings = input.settings;
    let p = input.prescription;
    let ceiling = settings.carry_ceiling_metres;
    if from < ceiling {
        let to = from
            .saturating_add(prescribe::carry_step(from, settings))
            .min(ceiling);
        let change = Change::Metres { from, to };
        let mut working = p.clone();
        if let Prescription::Carry { metres, .. } = &mut working {
            *metres = Some(to);
        }
        return Outcome {
            action: Action::Progress {
                change: change.clone(),
            },
            exercise: input.exercise.id.clone(),
            working,
            reasons: vec![reasons::progressed(&change, p, settings.units, evidence)],
            cues: false,
        };
    }
    let reset = prescribe::reset_after_ceiling(from, settings.carry_step_metres, settings);
    let mut base = p.clone();
    if let Prescription::Carry { metres, .. } = &mut base {
        *metres = Some(reset);
    }
    let ceiling_text = reasons::metres_text(ceiling);
    let reset_text = reasons::reset_text("distance", &reasons::metres_text(reset));
    let outcome = load_step_or_maintain(
        input,
        newest,
        &base,
        |from, to| {
            reasons::ceiling_load(
                "Carry",
                &ceiling_text,
                from,
                to,
                settings.units,
                &reset_text,
                evidence,
            )
        },
        reasons::maintain_at_ceiling(&ceiling_text),
        evidence,
    );
    if outcome.action != Action::Repeat {
        return outcome;
    }
    match variant(input, input.exercise.harder.as_ref()) {
        Some(harder) => harder_outcome(input, &base, harder, evidence),
        None => outcome,
    }
}

/// Double progression: at the top of the range, one load step (reps go back
/// to the bottom); without load, the harder variant; else maintain.
fn progress_reps(
    input: &SlotInput<'_>,
    newest: &Exposure,
    reps_min: u8,
    reps_max: u8,
    evidence: &str,
) -> Outcome {
    let p = input.prescription;
    let harder = variant(input, input.exercise.harder.as_ref());
    match harder {
        Some(harder) if !input.exercise.loadable => {
            return harder_outcome(input, p, harder, evidence);
        }
        _ => {}
    }
    load_step_or_maintain(
        input,
        newest,
        p,
        |from, to| reasons::load_up(from, to, input.settings.units, reps_min, evidence),
        reasons::maintain_top_of_range(reps_max),
        evidence,
    )
}

fn harder_outcome(
    input: &SlotInput<'_>,
    base: &Prescription,
    harder: &Exercise,
    evidence: &str,
) -> Outcome {
    Outcome {
        action: Action::Progress {
            change: Change::Variant {
                from: input.exercise.id.clone(),
                to: harder.id.clone(),
            },
        },
        exercise: harder.id.clone(),
        working: onto_variant(base, harder, false),
        reasons: vec![reasons::harder_variant(&harder.name, evidence)],
        cues: false,
    }
}

/// A regression with its reason, the form cues shown again.
fn regression(input: &SlotInput<'_>, change: Change, working: Prescription) -> Outcome {
    Outcome {
        reasons: vec![reasons::regressed(
            &change,
            input.prescription,
            input.settings,
        )],
        action: Action::Regress { change },
        exercise: input.exercise.id.clone(),
        working,
        cues: true,
    }
}

/// One step down: the load first when there is one, then time or distance,
/// then the easier variant, then a set fewer.
fn regress(input: &SlotInput<'_>, newest: &Exposure) -> Outcome {
    let p = input.prescription;
    let regressed = |change, working| regression(input, change, working);
    let mut no_band = None;
    if let Some(kg) = known_kg(input, newest).filter(|kg| *kg > 0.0) {
        match load_regression(input, kg) {
            LoadDown::To(down) => {
                let (from, to) = (load_from_kg(kg, input.settings.units), exact_load(down));
                let reason = reasons::load_regressed(
                    from,
                    to,
                    reasons::percent_between(kg, down),
                    prescribe::REGRESS_BAND_PERCENT,
                    input.settings.units,
                );
                let mut outcome = regressed(Change::Load { from, to }, prescribe::with_load(p, to));
                outcome.reasons = vec![reason];
                return outcome;
            }
            LoadDown::Floor => {
                if !matches!(p, Prescription::Reps { .. })
                    || variant(input, input.exercise.easier.as_ref()).is_none()
                {
                    let (from, to) = (load_from_kg(kg, input.settings.units), Load::Bodyweight);
                    return regressed(Change::Load { from, to }, prescribe::with_load(p, to));
                }
            }
            LoadDown::NoneInBand(lighter) => {
                no_band = Some(reasons::no_load_in_band(
                    load_from_kg(kg, input.settings.units),
                    exact_load(lighter),
                    reasons::percent_between(kg, lighter),
                    prescribe::REGRESS_BAND_PERCENT,
                    input.settings.units,
                ));
            }
        }
    }
    let mut outcome = regress_without_load(input, newest);
    if let Some(note) = no_band {
        outcome.reasons.insert(0, note);
    }
    outcome
}

/// Where a load regression lands (docs/method.md §5.9, §6.2).
enum LoadDown {
    /// An owned load in the band (or, when the kit cannot tell, the owned step down).
    To(f32),
    /// Nothing owned is lighter: the floor.
    Floor,
    /// Lighter loads exist, none in the band: the heaviest of them.
    NoneInBand(f32),
}

/// The load a regression from `kg` moves to: the owned load in the
/// `REGRESS_BAND_PERCENT` band nearest `regress_percent` below `kg`, never
/// above the working load.
fn load_regression(input: &SlotInput<'_>, kg: f32) -> LoadDown {
    let settings = input.settings;
    let p = input.prescription;
    let working = load_kg(p.load());
    let top = working.map_or(kg, |w| w.min(kg));
    if owned_loads(input).is_empty() {
        // Nothing owned loads it (a load logged with something else): the
        // owned step, as before the equipment was known.
        return match prescribe::load_down(kg, settings) {
            Some(down) => LoadDown::To(working.map_or(down, |w| down.min(w))),
            None => LoadDown::Floor,
        };
    }
    let below = input.equipment.below(&input.exercise.equipment, kg);
    let (lo, hi) = prescribe::REGRESS_BAND_PERCENT;
    let target = kg * f32::from(100 - settings.regress_percent) / 100.0;
    let in_band = below
        .iter()
        .copied()
        .filter(|l| *l <= top + 1e-3)
        .filter(|l| {
            let drop = (kg - l) / kg * 100.0;
            drop >= f32::from(lo) - 0.5 && drop <= f32::from(hi) + 0.5
        })
        .min_by(|a, b| (a - target).abs().total_cmp(&(b - target).abs()));
    match (in_band, below.first()) {
        (Some(down), _) => LoadDown::To(down),
        // Lifted well above what was asked: back to what was asked, never above it.
        (None, _) if top < kg - 1e-3 => LoadDown::To(top),
        (None, None) => LoadDown::Floor,
        (None, Some(lighter)) => LoadDown::NoneInBand(*lighter),
    }
}

/// A regression that keeps the load: time or distance, the easier
/// variant, reps, then a set fewer.
fn regress_without_load(input: &SlotInput<'_>, newest: &Exposure) -> Outcome {
    let settings = input.settings;
    let p = input.prescription;
    let regressed = |change, working| regression(input, change, working);
    let time_floor = settings.min_hold_seconds;
    let time_down = prescribe::seconds_of(p).and_then(|from| {
        let held = held_below(newest, from);
        let base = held.unwrap_or(from);
        let to = prescribe::seconds_down(base, time_floor, settings)
            .or_else(|| (from > time_floor).then_some(time_floor))?;
        Some((from, to, held))
    });
    if let Some((from, to, held)) = time_down {
        let change = Change::Seconds {
            from: Seconds::saturating(i64::from(from)),
            to: Seconds::saturating(i64::from(to)),
        };
        let mut outcome = regressed(change, prescribe::with_seconds(p, to));
        if let Some(held) = held {
            outcome
                .reasons
                .push(reasons::regressed_from_held(held, from));
        }
        return outcome;
    }
    let metres_down = match p {
        Prescription::Carry {
            metres: Some(m), ..
        } => prescribe::seconds_down(*m, settings.carry_step_metres, settings).map(|to| (*m, to)),
        _ => None,
    };
    if let Some((from, to)) = metres_down {
        let mut working = p.clone();
        if let Prescription::Carry { metres, .. } = &mut working {
            *metres = Some(to);
        }
        return regressed(Change::Metres { from, to }, working);
    }
    if let Some(easier) = variant(input, input.exercise.easier.as_ref()) {
        return Outcome {
            action: Action::SwapEasier {
                from: input.exercise.id.clone(),
                to: easier.id.clone(),
            },
            exercise: easier.id.clone(),
            working: onto_variant(p, easier, false),
            reasons: vec![reasons::swap_easier(&easier.name)],
            cues: true,
        };
    }
    if let Prescription::Reps {
        reps_min, reps_max, ..
    } = p
    {
        let to_max = prescribe::seconds_down(u16::from(*reps_max), 1, settings)
            .and_then(|v| u8::try_from(v).ok());
        if let Some(to_max) = to_max {
            let to_min = (*reps_min).min(to_max);
            let mut working = p.clone();
            if let Prescription::Reps {
                reps_min, reps_max, ..
            } = &mut working
            {
                *reps_min = to_min;
                *reps_max = to_max;
            }
            let change = Change::Reps {
                from: (*reps_min, *reps_max),
                to: (to_min, to_max),
            };
            return regressed(change, working);
        }
    }
    let sets = p.sets();
    if sets > 1 {
        let mut outcome = regressed(
            Change::Sets {
                from: sets,
                to: sets - 1,
            },
            prescribe::with_sets(p, sets - 1),
        );
        outcome.reasons = vec![reasons::fewer_sets(sets, sets - 1)];
        return outcome;
    }
    let mut outcome = Outcome::repeat(input, reasons::at_easiest());
    outcome.cues = true;
    outcome
}

/// Applies a coming deload week, a reactive deload or a reduced next session.
fn finish(
    input: &SlotInput<'_>,
    outcome: Outcome,
    morning: MorningAdjustment,
    morning_reasons: Vec<String>,
) -> Decision {
    let settings = input.settings;
    let Outcome {
        mut action,
        exercise,
        working,
        mut reasons,
        cues,
    } = outcome;
    let needs = input
        .catalog
        .get(&exercise)
        .map_or(input.exercise.equipment.as_slice(), |e| {
            e.equipment.as_slice()
        });
    let (prescription, next_kind) = if input.next_week_deload
        || morning == MorningAdjustment::Deload
        || matches!(action, Action::Deload { .. })
    {
        let cause = if input.next_week_deload {
            DeloadCause::Scheduled
        } else if morning == MorningAdjustment::Deload {
            DeloadCause::Soreness
        } else {
            DeloadCause::Stagnation
        };
        let why = match cause {
            DeloadCause::Scheduled => vec![reasons::scheduled_deload(settings)],
            DeloadCause::Soreness => morning_reasons,
            DeloadCause::Stagnation => Vec::new(),
        };
        if action == Action::Repeat {
            action = Action::Deload { cause };
            reasons.splice(0..0, why);
        } else {
            reasons.extend(why);
        }
        (
            prescribe::deload_on_kit(&working, settings, input.equipment, needs),
            ExposureKind::Deload,
        )
    } else if let MorningAdjustment::Reduce { percent } = morning {
        reasons.extend(morning_reasons);
        reasons.push(reasons::reduced_next(percent));
        (
            prescribe::cut_volume(&working, percent, settings),
            ExposureKind::Reduced,
        )
    } else {
        (working.clone(), ExposureKind::Normal)
    };
    let prescription = prescribe::fit_load(&prescription, input.equipment, needs);
    let cues = if cues {
        input
            .catalog
            .get(&exercise)
            .map_or_else(|| input.exercise.cues.clone(), |e| e.cues.clone())
    } else {
        Vec::new()
    };
    Decision {
        action,
        exercise,
        prescription,
        next_kind,
        working,
        reasons,
        cues,
    }
}
