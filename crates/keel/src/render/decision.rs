//! Engine decisions as text: the action with its change, the next
//! prescription, the reasons and the cues. Used by `keel log`, `keel edit`,
//! `keel delete` and `keel why`.

use std::fmt::Write as _;

use keel_core::catalog::{Catalog, ExerciseId};
use keel_core::engine::{Action, Amount, Change, DeloadCause, StopCause};
use keel_core::program::Load;
use keel_core::training::SlotDecision;

use crate::render::session;

pub fn name(catalog: &Catalog, id: &ExerciseId) -> String {
    catalog
        .get(id)
        .map(|e| e.name.clone())
        .unwrap_or_else(|| id.to_string())
}

/// "bodyweight", "16 kg", "a load chosen for the target RPE".
pub fn load_value(load: Load) -> String {
    match load {
        Load::Bodyweight => "bodyweight".to_string(),
        Load::ChooseForRpe => "a load chosen for the target RPE".to_string(),
        Load::Kg { kg } => format!("{kg} kg"),
    }
}

/// "30 s", "8 reps", "20 m".
pub fn amount_value(amount: Amount) -> String {
    match amount {
        Amount::Seconds(s) => format!("{s} s"),
        Amount::Reps(r) => format!("{r} reps"),
        Amount::Metres(m) => format!("{m} m"),
    }
}

/// "hold 10 s -> 15 s".
pub fn change(catalog: &Catalog, change: &Change) -> String {
    match change {
        Change::Seconds { from, to } => format!("hold {from} s -> {to} s"),
        Change::Load { from, to } => {
            format!("load {} -> {}", load_value(*from), load_value(*to))
        }
        Change::Metres { from, to } => format!("distance {from} m -> {to} m"),
        Change::Reps { from, to } => {
            format!("reps {}-{} -> {}-{}", from.0, from.1, to.0, to.1)
        }
        Change::Sets { from, to } => format!("sets {from} -> {to}"),
        Change::Variant { from, to } => {
            format!("{} -> {}", name(catalog, from), name(catalog, to))
        }
    }
}

/// The action in a few words, with what it changes.
pub fn action(catalog: &Catalog, action: &Action) -> String {
    match action {
        Action::Progress { change: c } => format!("progress: {}", change(catalog, c)),
        Action::Repeat => "repeat the prescription".to_string(),
        Action::Regress { change: c } => format!("regress: {}", change(catalog, c)),
        Action::SwapEasier { from, to } => format!(
            "swap to the easier variant: {} -> {}",
            name(catalog, from),
            name(catalog, to)
        ),
        Action::RotateVariant { from, to } => format!(
            "rotate the variant: {} -> {}",
            name(catalog, from),
            name(catalog, to)
        ),
        Action::Deload { cause } => {
            let why = match cause {
                DeloadCause::Scheduled => "the deload week",
                DeloadCause::Stagnation => "no progress lately",
                DeloadCause::Soreness => "lasting or rising soreness",
            };
            format!("deload ({why})")
        }
        Action::Stop { cause } => match cause {
            StopCause::SharpPain => "stop the exercise (sharp pain)".to_string(),
            StopCause::RedPain { pain } => format!("stop the exercise (pain {pain} of 10)"),
        },
        Action::Halt { flags } => {
            let flags: Vec<&str> = flags.iter().map(|f| f.slug()).collect();
            format!("halt the program (red flag: {})", flags.join(", "))
        }
    }
}

/// One decision as an indented block, headed by `heading`.
pub fn block(catalog: &Catalog, heading: &str, d: &SlotDecision) -> String {
    let mut out = String::new();
    let decision = &d.decision;
    let _ = writeln!(out, "{heading}{}", action(catalog, &decision.action));
    let _ = writeln!(
        out,
        "    next: {}: {}; {}",
        name(catalog, &decision.exercise),
        session::amount(&decision.prescription),
        session::load(&decision.prescription)
    );
    for (i, reason) in decision.reasons.iter().enumerate() {
        let label = if i == 0 { "why:" } else { "    " };
        let _ = writeln!(out, "    {label} {reason}");
    }
    if !decision.cues.is_empty() {
        let _ = writeln!(out, "    cues: {}", decision.cues.join("; "));
    }
    out
}

/// A decision headed by its date and slot: "2026-03-06 Prone plank: progress: ...".
pub fn dated(catalog: &Catalog, d: &SlotDecision) -> String {
    block(
        catalog,
        &format!("{} {}: ", d.date, name(catalog, &d.slot.planned)),
        d,
    )
}
