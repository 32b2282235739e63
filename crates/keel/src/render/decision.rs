//! Engine decisions as text: the action with its change, the next
//! prescription, the reasons and the cues. Used by `keel log`, `keel edit`,
//! `keel delete` and `keel why`.

use std::fmt::Write as _;

pub use keel_app::wording::{action, name};
use keel_core::catalog::Catalog;
use keel_core::training::SlotDecision;

use crate::render::session;

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
