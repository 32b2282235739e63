//! Sessions and prescriptions as text: used by `keel today` and `keel plan --week`.

use std::fmt::Write as _;

use keel_app::wording;
pub use keel_app::wording::{amount, day_header, load, name, week_header};
use keel_core::catalog::Catalog;
use keel_core::program::{DayKind, Drill, Session, Slot};
use keel_core::training::{PlannedSession, SessionSlot};
use keel_core::units::Units;
use keel_store::StoredSet;

fn slot(out: &mut String, catalog: &Catalog, index: usize, slot: &Slot, units: Units) {
    let _ = writeln!(
        out,
        "  {index}. {}: {}",
        name(catalog, &slot.exercise),
        amount(&slot.prescription)
    );
    let _ = writeln!(
        out,
        "     {}; rest {} s",
        load(&slot.prescription, units),
        slot.rest_seconds
    );
    if let Some(exercise) = catalog.get(&slot.exercise)
        && !exercise.cues.is_empty()
    {
        let _ = writeln!(out, "     cues: {}", exercise.cues.join("; "));
    }
    if let Some(between) = &slot.between_sets {
        let _ = writeln!(out, "     between sets: {}", name(catalog, between));
    }
    if let Some(note) = &slot.note {
        let _ = writeln!(out, "     why: {note}");
    }
}

fn drills(catalog: &Catalog, list: &[Drill]) -> String {
    let items: Vec<String> = list.iter().map(|d| wording::drill(catalog, d)).collect();
    items.join(", ")
}

/// A session in full: warm-up, main block with cues and between-set drills,
/// transfer, cool-down, breathing cue and time.
pub fn full(catalog: &Catalog, session: &Session, units: Units) -> String {
    let mut out = String::new();
    if !session.warmup.is_empty() {
        let _ = writeln!(out, "Warm-up: {}", drills(catalog, &session.warmup));
    }
    let _ = writeln!(out, "Main:");
    for (i, s) in session.main.iter().enumerate() {
        slot(&mut out, catalog, i + 1, s, units);
    }
    if let Some(t) = &session.transfer {
        let _ = writeln!(out, "Transfer:");
        slot(&mut out, catalog, session.main.len() + 1, t, units);
    }
    if !session.cooldown.is_empty() {
        let _ = writeln!(out, "Cool-down: {}", drills(catalog, &session.cooldown));
    }
    let _ = writeln!(out, "Breathing: {}", session.breathing_cue);
    let _ = writeln!(out, "About {} minutes.", session.estimated_minutes);
    out
}

/// A slot of the day's session as the training loop left it: the current
/// exercise and prescription, why it changed, cues to revisit, and how many
/// of its sets are already logged.
fn current_slot(
    out: &mut String,
    catalog: &Catalog,
    index: usize,
    current: &SessionSlot,
    planned: Option<&Slot>,
    done: &[StoredSet],
    units: Units,
) {
    let as_planned = Slot {
        exercise: current.exercise.clone(),
        prescription: current.prescription.clone(),
        rest_seconds: current.rest_seconds,
        between_sets: current.between_sets.clone(),
        note: current.note.clone(),
    };
    slot(out, catalog, index, &as_planned, units);
    let changed = planned
        .is_none_or(|p| p.exercise != current.exercise || p.prescription != current.prescription);
    if !current.why.is_empty() {
        let label = if changed {
            "why this changed"
        } else {
            "last decision"
        };
        let _ = writeln!(out, "     {label}: {}", current.why.join(" "));
    }
    if !current.revisit_cues.is_empty() {
        let _ = writeln!(
            out,
            "     revisit technique: {}",
            current.revisit_cues.join("; ")
        );
    }
    let logged = done.iter().filter(|s| s.logged.slot == current.key).count();
    if logged > 0 {
        let _ = writeln!(
            out,
            "     done today: {logged} of {} sets",
            keel_app::steps::steps(&current.prescription).len()
        );
    }
}

/// The day's session from the training loop, in full. `program` is the
/// program's own session for the day (to tell what changed); `done` is what
/// was already logged that day.
pub fn planned_full(
    catalog: &Catalog,
    planned: &PlannedSession,
    program: Option<&Session>,
    done: &[StoredSet],
    units: Units,
) -> String {
    let mut out = String::new();
    let program_slot = |current: &SessionSlot| {
        program.and_then(|s| {
            s.main
                .iter()
                .chain(s.transfer.iter())
                .find(|p| p.exercise == current.key.planned)
        })
    };
    if !planned.warmup.is_empty() {
        let _ = writeln!(out, "Warm-up: {}", drills(catalog, &planned.warmup));
    }
    if planned.slots.is_empty() {
        let _ = writeln!(out, "Main: none today, just the mobility work.");
    } else {
        let _ = writeln!(out, "Main:");
    }
    for (i, s) in planned.slots.iter().enumerate() {
        current_slot(&mut out, catalog, i + 1, s, program_slot(s), done, units);
    }
    if let Some(t) = &planned.transfer {
        let _ = writeln!(out, "Transfer:");
        current_slot(
            &mut out,
            catalog,
            planned.slots.len() + 1,
            t,
            program_slot(t),
            done,
            units,
        );
    }
    if !planned.cooldown.is_empty() {
        let _ = writeln!(out, "Cool-down: {}", drills(catalog, &planned.cooldown));
    }
    let _ = writeln!(out, "Breathing: {}", planned.breathing_cue);
    let _ = writeln!(out, "About {} minutes.", planned.estimated_minutes);
    out
}

/// One line per exercise of a loop-adjusted session, for previews.
pub fn planned_short(catalog: &Catalog, planned: &PlannedSession) -> String {
    let mut out = String::new();
    for s in planned.slots.iter().chain(planned.transfer.iter()) {
        let _ = writeln!(
            out,
            "  - {}: {}",
            name(catalog, &s.exercise),
            amount(&s.prescription)
        );
    }
    let _ = writeln!(out, "  About {} minutes.", planned.estimated_minutes);
    out
}

/// One line per main exercise, for previews of the next session.
pub fn short(catalog: &Catalog, session: &Session) -> String {
    let mut out = String::new();
    for s in session.main.iter().chain(session.transfer.iter()) {
        let _ = writeln!(
            out,
            "  - {}: {}",
            name(catalog, &s.exercise),
            amount(&s.prescription)
        );
    }
    let _ = writeln!(out, "  About {} minutes.", session.estimated_minutes);
    out
}

/// The calendar letter of a day kind.
pub fn letter(kind: DayKind) -> char {
    match kind {
        DayKind::A => 'A',
        DayKind::B => 'B',
        DayKind::Light => 'l',
        DayKind::Rest => '.',
    }
}
