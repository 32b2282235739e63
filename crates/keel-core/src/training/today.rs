//! The session for a day: the program's session with each slot's variant
//! and working prescription from its chain's state, then the modifiers known
//! on that day (docs/method.md §5.6): a scheduled deload week, a reactive
//! deload period, a next-morning cut, and the day's readiness. Modifiers
//! change the session only; the working level stays as earned.

use jiff::civil::Date;
use serde::Serialize;

use super::chains::place;
use super::plan_slots::{block_of, day_slots, planned_prescription};
use super::replay::ChainState;
use super::{Replay, SlotKey};
use crate::catalog::{Catalog, Equipment, ExerciseId, Kit};
use crate::engine::{
    self, Action, DeloadCause, EngineSettings, ExposureKind, ReadinessCheck, SessionAdjustment,
    readiness_adjustment,
};
use crate::program::{DayKind, Drill, Phase, Prescription, Program, Slot};

/// One exercise of the day's session, ready to do and to log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionSlot {
    pub key: SlotKey,
    pub exercise: ExerciseId,
    pub prescription: Prescription,
    /// How to log it (normal, deload, reduced).
    pub kind: ExposureKind,
    pub rest_seconds: u16,
    pub between_sets: Option<ExerciseId>,
    /// The program's note (why the slot exists).
    pub note: Option<String>,
    /// Why this changed since the program: the last decision's reasons.
    pub why: Vec<String>,
    /// Technique cues to revisit after faults or pain.
    pub revisit_cues: Vec<String>,
}

/// The day's session as it should be done.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedSession {
    pub date: Date,
    pub week: u16,
    pub weeks: u16,
    pub phase: Phase,
    /// The planned kind of day; `light_instead` says when readiness swapped it.
    pub day: DayKind,
    pub deload: bool,
    pub light_instead: bool,
    pub warmup: Vec<Drill>,
    pub slots: Vec<SessionSlot>,
    pub transfer: Option<SessionSlot>,
    pub cooldown: Vec<Drill>,
    pub breathing_cue: String,
    pub estimated_minutes: u16,
    /// Readiness adjustments applied today, with reasons.
    pub adjustments: Vec<String>,
    /// When this is a missed session made up on `date`: the planned day it
    /// was missed on (its week, phase and day kind are that day's; see
    /// `makeup.rs`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub makes_up: Option<Date>,
}

/// The session planned for `date`, adjusted by the replay and the day's
/// readiness check; `None` when the program has no session that day.
pub fn session_for(
    program: &Program,
    replay: &Replay,
    date: Date,
    readiness: Option<&ReadinessCheck>,
    settings: &EngineSettings,
) -> Option<PlannedSession> {
    session_with(
        program,
        replay,
        date,
        readiness,
        settings,
        Catalog::builtin(),
        &Kit::everything(crate::units::Units::Kg),
    )
}

/// [`session_for`] with the catalog the replay used and the equipment the
/// athlete owns (a harder variant needing more is not started).
pub fn session_with(
    program: &Program,
    replay: &Replay,
    date: Date,
    readiness: Option<&ReadinessCheck>,
    settings: &EngineSettings,
    catalog: &Catalog,
    equipment: &Kit,
) -> Option<PlannedSession> {
    let (week, day) = program.day(date)?;
    let session = day.session.as_ref()?;
    let transfer_key = session.transfer.as_ref().map(|t| &t.exercise);
    let mut slots = Vec::new();
    let mut transfer = None;
    for (key, slot) in day_slots(program, week, day) {
        let on = Day {
            date,
            deload_week: week.deload,
        };
        // The slot's dose of sets: as planned in the block's training weeks.
        let planned_sets = planned_prescription(program, &key)
            .map_or_else(|| slot.prescription.sets(), |p| p.sets());
        let mut current = current_slot(
            replay,
            catalog,
            equipment,
            (key, slot, planned_sets),
            on,
            settings,
        );
        trim_for_region_cap(&mut current, replay, week.number, catalog);
        if transfer.is_none() && Some(&slot.exercise) == transfer_key {
            transfer = Some(current);
        } else {
            slots.push(current);
        }
    }
    let mut planned = PlannedSession {
        date,
        week: week.number,
        weeks: u16::try_from(program.weeks.len()).unwrap_or(u16::MAX),
        phase: week.phase,
        day: day.kind,
        deload: week.deload,
        light_instead: false,
        warmup: session.warmup.clone(),
        slots,
        transfer,
        cooldown: session.cooldown.clone(),
        breathing_cue: session.breathing_cue.clone(),
        estimated_minutes: session.estimated_minutes,
        adjustments: Vec::new(),
        makes_up: None,
    };
    if day.kind.is_training()
        && let Some(check) = readiness
    {
        apply_readiness(&mut planned, program, check, settings);
    }
    Some(planned)
}

/// The day a session is for.
#[derive(Debug, Clone, Copy)]
struct Day {
    date: Date,
    deload_week: bool,
}

/// The slot from its chain's state, or as planned when the chain was never
/// trained (the baseline's seed).
fn current_slot(
    replay: &Replay,
    catalog: &Catalog,
    equipment: &Kit,
    (key, slot, planned_sets): (SlotKey, &Slot, u8),
    on: Day,
    settings: &EngineSettings,
) -> SessionSlot {
    let Some(state) = replay.state_of(&key, catalog) else {
        // The plan's deload week already holds the deload version.
        if on.deload_week {
            return plain_slot(key, slot, ExposureKind::Deload);
        }
        let mut plain = plain_slot(key, slot, ExposureKind::Normal);
        let under = catalog
            .get(&slot.exercise)
            .and_then(|e| engine::under_ceiling(&slot.prescription, e, settings));
        if let Some(under) = under {
            plain.why.push(format!(
                "The plan starts this at its ceiling; the first session is one step under it, \
                 {}, so it can still progress.",
                hold_text(&under)
            ));
            plain.prescription = under;
        }
        let needs = needs_of(catalog, &slot.exercise);
        if let Some((prescription, kind, why)) = modifier(
            replay,
            None,
            on,
            &plain.prescription.clone(),
            settings,
            (equipment, needs),
        ) {
            plain.prescription = prescription;
            plain.kind = kind;
            plain.why.extend(why);
        }
        plain.prescription = engine::fit_load(&plain.prescription, equipment, needs);
        return plain;
    };
    let placement = place(catalog, state, &slot.exercise, settings);
    let placement = match catalog.get(&placement.exercise) {
        Some(e) if !e.available_with(equipment) => place_stay(state),
        _ => placement,
    };
    let mut placement = placement;
    placement.working = engine::with_dose(
        &placement.working,
        &slot.prescription,
        state.dose(planned_sets),
    );
    let continues = placement.exercise == state.exercise;
    let needs = needs_of(catalog, &placement.exercise);
    // A session is shown only while the program runs, so a halt here was
    // lifted by a resume: nothing of it is said any more.
    let mut why = match state.last.decision.action {
        Action::Halt { .. } => Vec::new(),
        _ if !continues => Vec::new(),
        // Carried from an earlier plan version: where it starts and why.
        _ if state.carried.is_some() => Vec::new(),
        _ => state.last.decision.reasons.clone(),
    };
    why.extend(state.carried.clone());
    why.extend(placement.why.clone());
    let (prescription, kind) = match modifier(
        replay,
        Some((state, continues)),
        on,
        &placement.working,
        settings,
        (equipment, needs),
    ) {
        Some((prescription, kind, reasons)) => {
            why.extend(reasons);
            (prescription, kind)
        }
        None => (placement.working.clone(), ExposureKind::Normal),
    };
    // Every load shown is one the athlete's equipment makes (docs/method.md §5.9).
    let prescription = engine::fit_load(&prescription, equipment, needs);
    SessionSlot {
        exercise: placement.exercise,
        prescription,
        kind,
        why,
        revisit_cues: if continues {
            state.last.decision.cues.clone()
        } else {
            Vec::new()
        },
        ..plain_slot(key, slot, kind)
    }
}

/// What an exercise needs, or nothing when the catalog lacks it.
fn needs_of<'a>(catalog: &'a Catalog, id: &ExerciseId) -> &'a [Equipment] {
    catalog.get(id).map_or(&[], |e| e.equipment.as_slice())
}

/// The chain's current variant and working level, as they are.
fn place_stay(state: &ChainState) -> super::Placement {
    super::Placement {
        exercise: state.exercise.clone(),
        working: state.working.clone(),
        why: None,
    }
}

/// What is known on the session's day that changes its prescription (never
/// the working level `working`), with the reasons to show; `None` when
/// nothing does. In order: a scheduled deload week; a reactive deload
/// period; a stagnation deload the last decision asked for; a next-morning
/// check-in, after the chain's last exposure, with pain or stiffness not
/// back to usual.
fn modifier(
    replay: &Replay,
    state: Option<(&ChainState, bool)>,
    on: Day,
    working: &crate::program::Prescription,
    settings: &EngineSettings,
    (kit, needs): (&Kit, &[Equipment]),
) -> Option<(crate::program::Prescription, ExposureKind, Vec<String>)> {
    let deload = || engine::deload_on_kit(working, settings, kit, needs);
    if on.deload_week {
        return Some((deload(), ExposureKind::Deload, Vec::new()));
    }
    if let Some(period) = replay.reactive_deloads.iter().find(|d| d.covers(on.date)) {
        let mut why = vec![format!(
            "Reactive deload from {} until {} (exclusive), for every exercise: volume cut by \
             about {} %, no increase of any kind; your working level stays.",
            period.from, period.until, settings.deload_cut_percent
        )];
        why.extend(period.reasons.iter().cloned());
        return Some((deload(), ExposureKind::Deload, why));
    }
    let (state, continues) = state?;
    let stagnated = matches!(
        state.last.decision.action,
        Action::Deload {
            cause: DeloadCause::Stagnation
        }
    );
    if continues && stagnated && state.next_kind == ExposureKind::Deload {
        return Some((state.next.clone(), ExposureKind::Deload, Vec::new()));
    }
    let morning = replay
        .mornings
        .iter()
        .rev()
        .find(|m| m.date <= on.date)
        .filter(|m| m.date > state.last_date)?;
    if morning.pain_back_to_usual && morning.stiffness_back_to_usual {
        return None;
    }
    let percent = settings.morning_reduce_percent;
    let why = format!(
        "The check-in of {} says pain or stiffness was not back to usual: this session is \
         reduced by about {percent} %; your working level stays.",
        morning.date
    );
    Some((
        engine::cut_volume(working, percent, settings),
        ExposureKind::Reduced,
        vec![why],
    ))
}

/// The region cap on what was done (`region_cap.rs`, docs/method.md §5.7):
/// when last week's logged sets took a region over the cap, a slot of this
/// week whose exercise mostly works it does one set fewer (never under
/// one), as a reduced session: the working level stays.
fn trim_for_region_cap(slot: &mut SessionSlot, replay: &Replay, week: u16, catalog: &Catalog) {
    if slot.kind != ExposureKind::Normal {
        // A deload or a cut already asks less.
        return;
    }
    let Some(exercise) = catalog.get(&slot.exercise) else {
        return;
    };
    let sets = slot.prescription.sets();
    let Some(over) = replay
        .region_overruns
        .iter()
        .filter(|o| o.adapts_week() == week && o.trims(exercise))
        .max_by(|a, b| a.percent.total_cmp(&b.percent))
    else {
        return;
    };
    if sets <= 1 {
        return;
    }
    slot.prescription = engine::with_sets(&slot.prescription, sets - 1);
    slot.kind = ExposureKind::Reduced;
    slot.why.push(format!(
        "Last week (week {}) {} took {:.1} % of the weighted volume you did, over the {} % \
         region cap: one set fewer of this exercise, which mostly works them, this week \
         ({} instead of {sets}); your working level stays.",
        over.week,
        over.region_words(),
        over.percent,
        over.cap_percent,
        sets - 1
    ));
}

/// The slot exactly as the program planned it.
fn plain_slot(key: SlotKey, slot: &Slot, kind: ExposureKind) -> SessionSlot {
    SessionSlot {
        key,
        exercise: slot.exercise.clone(),
        prescription: slot.prescription.clone(),
        kind,
        rest_seconds: slot.rest_seconds,
        between_sets: slot.between_sets.clone(),
        note: slot.note.clone(),
        why: Vec::new(),
        revisit_cues: Vec::new(),
    }
}

fn apply_readiness(
    planned: &mut PlannedSession,
    program: &Program,
    check: &ReadinessCheck,
    settings: &EngineSettings,
) {
    let adjustment = readiness_adjustment(check, settings);
    match adjustment.adjustment {
        SessionAdjustment::Proceed => {}
        SessionAdjustment::CutVolume { percent } => {
            for slot in planned.slots.iter_mut().chain(planned.transfer.iter_mut()) {
                slot.prescription = engine::cut_volume(&slot.prescription, percent, settings);
                if slot.kind == ExposureKind::Normal {
                    slot.kind = ExposureKind::Reduced;
                }
            }
        }
        SessionAdjustment::LightSession => {
            // The program's light session when it has one; otherwise the
            // day's own mobility work without the main block.
            let light = program
                .weeks
                .iter()
                .flat_map(|w| &w.days)
                .filter(|d| d.kind == DayKind::Light)
                .find_map(|d| d.session.as_ref());
            planned.slots.clear();
            planned.transfer = None;
            if let Some(light) = light {
                planned.warmup = light.warmup.clone();
                planned.cooldown = light.cooldown.clone();
                planned.estimated_minutes = light.estimated_minutes;
                let block = block_of(program, planned.week);
                planned.slots = light
                    .main
                    .iter()
                    .map(|slot| {
                        let key = SlotKey {
                            block,
                            day: DayKind::Light,
                            planned: slot.exercise.clone(),
                        };
                        let mut light_slot = plain_slot(key, slot, ExposureKind::Reduced);
                        light_slot.why = vec!["Light session instead of the planned one.".into()];
                        light_slot
                    })
                    .collect();
            }
            planned.light_instead = true;
        }
    }
    planned.adjustments.extend(adjustment.reasons);
}

/// "3 x 55 s", for reasons.
fn hold_text(p: &crate::program::Prescription) -> String {
    use crate::program::Prescription;
    match p {
        Prescription::Hold { sets, seconds, .. } => format!("{sets} x {} s", seconds.get()),
        Prescription::Carry {
            sets,
            seconds: Some(s),
            ..
        } => format!("{sets} x {} s", s.get()),
        other => format!("{} sets", other.sets()),
    }
}
