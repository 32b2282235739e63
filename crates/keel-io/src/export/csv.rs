//! The training log and the engine's decisions as CSV (RFC 4180: a header
//! row, CRLF line ends, fields quoted when they hold a comma, a double quote
//! or a line break, quotes doubled inside). Empty fields mean "not recorded".
//!
//! # Sets (`keel export --format csv`)
//!
//! One row per logged set, oldest session first, sets in the order done.
//!
//! | column | meaning |
//! | --- | --- |
//! | `date` | the session's day, `YYYY-MM-DD` |
//! | `session_id` | the session's row id |
//! | `plan_version` | the plan version current when the session was logged (empty if none) |
//! | `set_id` | the set's row id (what `keel edit` / `keel delete` take) |
//! | `set_number` | 1-based position of the set within its session |
//! | `recorded_at` | when the set was logged, RFC 3339 UTC |
//! | `exercise_id` | the exercise actually done |
//! | `exercise_name` | its catalog name |
//! | `block` | 1-based block of the program the slot belongs to |
//! | `day_kind` | `a`, `b`, `light` or `rest` |
//! | `planned_exercise` | the exercise the plan put in the slot (differs from `exercise_id` after a swap) |
//! | `kind` | `normal`, `deload` or `reduced` (volume cut for readiness) |
//! | `unit` | what `target` and `actual` count: `seconds`, `reps` or `metres` |
//! | `target` | the amount asked for (the top of a rep range) |
//! | `actual` | the amount done |
//! | `load` | external load in the athlete's unit (`load_unit`), to 0.01; `0` for bodyweight; empty when the load was "choose for RPE" |
//! | `load_unit` | `kg` or `lb`: the athlete's unit (`keel profile --units`); loads are stored in kg, so switching units changes only how they are written |
//! | `rpe` | the set's RPE, 0-10 |
//! | `quality_reps` | reps done without a fault (rep sets) |
//! | `faults` | form faults, `;`-separated: `pelvis-shift`, `rib-flare`, `breathing-compromised`, `lumbar-rounding`, `early-termination` |
//! | `pain` | pain during the set, 0-10 |
//! | `sharp_pain` | `true` or `false` |
//! | `note` | the set's note |
//! | `session_minutes` | the session's duration in minutes |
//! | `session_rpe` | session RPE, 0-10, asked about 30 minutes after |
//! | `session_note` | the session's note |
//!
//! # Decisions (`keel export --format csv --what decisions`)
//!
//! One row per decision the engine took, by plan version, in the order taken.
//!
//! | column | meaning |
//! | --- | --- |
//! | `plan_version` | the plan version the decision belongs to |
//! | `date` | the day of the exposure the decision followed |
//! | `block` | 1-based block of the slot |
//! | `day_kind` | `a`, `b`, `light` or `rest` |
//! | `planned_exercise` | the exercise the plan put in the slot |
//! | `action` | `progress`, `repeat`, `regress`, `swap-easier`, `rotate-variant`, `deload`, `stop` or `halt` |
//! | `exercise_id` | the exercise for the next exposure |
//! | `exercise_name` | its catalog name |
//! | `next_kind` | how the next exposure is logged: `normal`, `deload` or `reduced` |
//! | `next_prescription` | the next exposure's prescription in words, e.g. `3 x 35 s hold; no external load` |
//! | `reasons` | the reasons, main one first, joined with ` | ` |
//! | `cues` | technique cues to revisit, joined with ` | ` |

use ::csv::{Terminator, Writer, WriterBuilder};
use keel_core::catalog::{Catalog, ExerciseId};
use keel_core::engine::{Amount, ExposureKind};
use keel_core::program::{DayKind, Load, Prescription};
use keel_core::units::Units;
use keel_store::TrainingSession;

use super::{ExportError, PlanDecisions};

/// The header of the sets CSV, in column order.
pub const SET_COLUMNS: [&str; 26] = [
    "date",
    "session_id",
    "plan_version",
    "set_id",
    "set_number",
    "recorded_at",
    "exercise_id",
    "exercise_name",
    "block",
    "day_kind",
    "planned_exercise",
    "kind",
    "unit",
    "target",
    "actual",
    "load",
    "load_unit",
    "rpe",
    "quality_reps",
    "faults",
    "pain",
    "sharp_pain",
    "note",
    "session_minutes",
    "session_rpe",
    "session_note",
];

/// The header of the decisions CSV, in column order.
pub const DECISION_COLUMNS: [&str; 12] = [
    "plan_version",
    "date",
    "block",
    "day_kind",
    "planned_exercise",
    "action",
    "exercise_id",
    "exercise_name",
    "next_kind",
    "next_prescription",
    "reasons",
    "cues",
];

/// Separates reasons and cues within one field.
const LIST_SEPARATOR: &str = " | ";

/// Every logged set, one row each (columns: [`SET_COLUMNS`]), loads in `units`.
pub fn sets(
    sessions: &[TrainingSession],
    catalog: &Catalog,
    units: Units,
) -> Result<String, ExportError> {
    let mut out = writer();
    out.write_record(SET_COLUMNS)?;
    for session in sessions {
        for stored in &session.sets {
            let logged = &stored.logged;
            let set = &logged.set;
            let faults: Vec<&str> = set.faults.iter().map(|f| f.slug()).collect();
            let row: [String; 26] = [
                session.date.to_string(),
                session.id.to_string(),
                optional(session.plan_version),
                stored.id.to_string(),
                stored.number.to_string(),
                stored.recorded_at.to_string(),
                logged.exercise.to_string(),
                name(catalog, &logged.exercise),
                logged.slot.block.to_string(),
                day_kind(logged.slot.day).to_string(),
                logged.slot.planned.to_string(),
                exposure_kind(logged.kind).to_string(),
                unit(set.target).to_string(),
                set.target.value().to_string(),
                set.actual.value().to_string(),
                load(set.load, units),
                units.symbol().to_string(),
                optional(set.rpe),
                optional(set.quality_reps),
                faults.join(";"),
                set.pain.to_string(),
                set.sharp_pain.to_string(),
                set.note.clone().unwrap_or_default(),
                optional(session.minutes),
                optional(session.session_rpe),
                session.note.clone().unwrap_or_default(),
            ];
            out.write_record(&row)?;
        }
    }
    finish(out)
}

/// Every stored decision, one row each (columns: [`DECISION_COLUMNS`]).
/// `summarize` words a prescription (the binary passes its terminal wording,
/// so the export reads like `keel today`).
pub fn decisions(
    plans: &[PlanDecisions],
    catalog: &Catalog,
    summarize: &dyn Fn(&Prescription) -> String,
) -> Result<String, ExportError> {
    let mut out = writer();
    out.write_record(DECISION_COLUMNS)?;
    for plan in plans {
        for d in &plan.decisions {
            let decision = &d.decision;
            let row: [String; 12] = [
                plan.plan_version.to_string(),
                d.date.to_string(),
                d.slot.block.to_string(),
                day_kind(d.slot.day).to_string(),
                d.slot.planned.to_string(),
                decision.action.label().to_string(),
                decision.exercise.to_string(),
                name(catalog, &decision.exercise),
                exposure_kind(decision.next_kind).to_string(),
                summarize(&decision.prescription),
                decision.reasons.join(LIST_SEPARATOR),
                decision.cues.join(LIST_SEPARATOR),
            ];
            out.write_record(&row)?;
        }
    }
    finish(out)
}

fn writer() -> Writer<Vec<u8>> {
    WriterBuilder::new()
        .terminator(Terminator::CRLF)
        .from_writer(Vec::new())
}

fn finish(out: Writer<Vec<u8>>) -> Result<String, ExportError> {
    let bytes = out
        .into_inner()
        .map_err(|e| ExportError::Csv(e.into_error().into()))?;
    // Every field was a Rust string, so the bytes are UTF-8.
    Ok(String::from_utf8(bytes)?)
}

fn optional<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn name(catalog: &Catalog, id: &ExerciseId) -> String {
    catalog
        .get(id)
        .map(|e| e.name.clone())
        .unwrap_or_else(|| id.to_string())
}

/// The same spellings the store uses.
pub(crate) fn day_kind(kind: DayKind) -> &'static str {
    match kind {
        DayKind::A => "a",
        DayKind::B => "b",
        DayKind::Light => "light",
        DayKind::Rest => "rest",
    }
}

fn exposure_kind(kind: ExposureKind) -> &'static str {
    match kind {
        ExposureKind::Normal => "normal",
        ExposureKind::Deload => "deload",
        ExposureKind::Reduced => "reduced",
    }
}

fn unit(amount: Amount) -> &'static str {
    match amount {
        Amount::Seconds(_) => "seconds",
        Amount::Reps(_) => "reps",
        Amount::Metres(_) => "metres",
    }
}

fn load(load: Load, units: Units) -> String {
    match load {
        Load::Bodyweight => "0".to_string(),
        Load::ChooseForRpe => String::new(),
        Load::Kg { kg } => units.number(kg),
    }
}
