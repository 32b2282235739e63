//! Logged sets, sessions and check-ins as text: `keel history` and the
//! confirmations of `keel log` and `keel edit`.

use std::fmt::Write as _;

use keel_core::catalog::Catalog;
use keel_core::history::{ExerciseRef, ImportedSet, SetKind};
use keel_core::units::Units;
use keel_store::{CheckIn, StoredSet, TrainingSession};

use keel_app::wording;
pub use keel_app::wording::set_detail;

use crate::render::decision::name;

/// "#12  Prone plank, set 1: 10 s of 10 s, bodyweight, RPE 6".
pub fn set_line(catalog: &Catalog, set: &StoredSet, units: Units) -> String {
    format!(
        "#{:<4} {}, set {}: {}",
        set.id,
        name(catalog, &set.logged.exercise),
        set.number,
        set_detail(&set.logged.set, units)
    )
}

/// A session heading, its summary and its sets.
pub fn session(catalog: &Catalog, session: &TrainingSession, units: Units) -> String {
    let mut out = String::new();
    let mut heading = format!("{}", session.date);
    if let Some(v) = session.plan_version {
        let _ = write!(heading, " (plan version {v})");
    }
    let mut summary = Vec::new();
    if let Some(m) = session.minutes {
        summary.push(format!("{m} min"));
    }
    if let Some(rpe) = session.session_rpe {
        summary.push(format!("session RPE {rpe}"));
    }
    for part in &session.more {
        summary.push(format!(
            "then {} min, session RPE {}",
            part.minutes, part.session_rpe
        ));
    }
    if let Some(load) = session.load() {
        // Foster's session load: RPE x minutes, added up over the day's sessions.
        summary.push(format!("load {load}"));
    }
    if !summary.is_empty() {
        let _ = write!(heading, ": {}", summary.join(", "));
    }
    let _ = writeln!(out, "{heading}");
    if let Some(note) = &session.note {
        let _ = writeln!(out, "  note: {note}");
    }
    if session.sets.is_empty() {
        let _ = writeln!(out, "  (no sets logged)");
    }
    for set in &session.sets {
        let _ = writeln!(out, "  {}", set_line(catalog, set, units));
    }
    out
}

/// "2026-03-02 check-in: readiness sleep 2, ...".
pub fn check_in(check: &CheckIn) -> String {
    match check {
        CheckIn::Readiness { date, check } => {
            format!("{date} check-in: readiness {}", wording::readiness(check))
        }
        CheckIn::Morning(m) => format!("{} morning check-in: {}", m.date, wording::morning(m)),
    }
}

/// Imported sets grouped by workout: a heading per workout, a line per set.
pub fn imported_lines(sets: &[ImportedSet], units: Units) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current: Option<(String, &str)> = None;
    for set in sets {
        let workout = (set.started_at.to_string(), set.workout.as_str());
        if current.as_ref().map(|(t, w)| (t.as_str(), *w)) != Some((workout.0.as_str(), workout.1))
        {
            lines.push(format!("{}  {} ({})", set.date(), set.workout, set.source));
            current = Some((workout.0.clone(), workout.1));
        }
        let mut parts = Vec::new();
        if let Some(kg) = set.weight_kg {
            // Imported weights are kept as the file gave them (f64), shown
            // in the athlete's unit at the display's grain.
            #[allow(clippy::cast_possible_truncation)]
            parts.push(units.show(kg as f32));
        }
        if let Some(reps) = set.reps {
            parts.push(format!("{reps} reps"));
        }
        if let Some(seconds) = set.seconds {
            parts.push(format!("{seconds} s"));
        }
        if let Some(metres) = set.metres {
            parts.push(format!("{metres} m"));
        }
        if let Some(rpe) = set.rpe {
            parts.push(format!("RPE {rpe}"));
        }
        if set.kind != SetKind::Normal {
            parts.push(set.kind.slug().to_string());
        }
        let own = match &set.exercise {
            ExerciseRef::Catalog(_) => "",
            ExerciseRef::Own(_) => " (your own exercise)",
        };
        lines.push(format!(
            "    {}{own}: {}",
            set.exercise_name,
            parts.join(", ")
        ));
    }
    lines
}
