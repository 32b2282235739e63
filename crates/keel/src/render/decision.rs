//! Engine decisions as text: the action with its change, the next
//! prescription, the reasons and the cues. Used by `keel log`, `keel edit`,
//! `keel delete` and `keel why`.

use std::fmt::Write as _;

pub use keel_app::wording::{action, name};
use keel_core::catalog::Catalog;
use keel_core::engine::ExposureKind;
use keel_core::program::DayKind;
use keel_core::training::SlotDecision;
use keel_core::units::Units;

use crate::render::session;

/// One decision as an indented block, headed by `heading`.
pub fn block(catalog: &Catalog, heading: &str, d: &SlotDecision, units: Units) -> String {
    let mut out = String::new();
    let decision = &d.decision;
    let _ = writeln!(out, "{heading}{}", action(catalog, &decision.action, units));
    let _ = writeln!(
        out,
        "    next: {}: {}; {}{}",
        name(catalog, &decision.exercise),
        session::amount(&decision.prescription),
        session::load(&decision.prescription, units),
        match decision.next_kind {
            ExposureKind::Normal => "",
            ExposureKind::Deload => " (deload: this session only)",
            ExposureKind::Reduced => " (reduced: this session only)",
        }
    );
    // The working level apart from the modifier, when one applies: a
    // deload or a cut changes the session, never what was earned.
    if decision.prescription != decision.working {
        let _ = writeln!(
            out,
            "    level: {}; {} (the working level, kept)",
            session::amount(&decision.working),
            session::load(&decision.working, units)
        );
    }
    for (i, reason) in decision.reasons.iter().enumerate() {
        let label = if i == 0 { "why:" } else { "    " };
        let _ = writeln!(out, "    {label} {reason}");
    }
    if !decision.cues.is_empty() {
        let _ = writeln!(out, "    cues: {}", decision.cues.join("; "));
    }
    out
}

/// A decision headed by its date, the day and block it was made on, and
/// its slot: "2026-03-06 (A day, block 1) Prone plank: progress: ...".
pub fn dated(catalog: &Catalog, d: &SlotDecision, units: Units) -> String {
    let day = match d.slot.day {
        DayKind::A => "A day",
        DayKind::B => "B day",
        DayKind::Light => "light day",
        DayKind::Rest => "rest day",
    };
    block(
        catalog,
        &format!(
            "{} ({day}, block {}) {}: ",
            d.date,
            d.slot.block,
            name(catalog, &d.slot.planned)
        ),
        d,
        units,
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use keel_core::catalog::ExerciseId;
    use keel_core::engine::{Action, Decision, DeloadCause, EngineSettings, deload_prescription};
    use keel_core::measure::Seconds;
    use keel_core::program::{Load, Prescription};
    use keel_core::training::SlotKey;

    use super::*;

    /// `keel why` heads each decision with its day and block, and shows the
    /// working level apart from the session's modifier.
    #[test]
    fn a_deload_decision_shows_its_day_block_and_the_level_kept() {
        let working = Prescription::Hold {
            sets: 4,
            seconds: Seconds::new(30).unwrap(),
            per_side: true,
            extra_sets_on: None,
            load: Load::Bodyweight,
            pyramid: Vec::new(),
        };
        let d = SlotDecision {
            date: "2026-03-20".parse().unwrap(),
            slot: SlotKey {
                block: 2,
                day: DayKind::B,
                planned: ExerciseId::new("side-bridge"),
            },
            decision: Decision {
                action: Action::Deload {
                    cause: DeloadCause::Scheduled,
                },
                exercise: ExerciseId::new("side-bridge"),
                prescription: deload_prescription(&working, &EngineSettings::default()),
                next_kind: ExposureKind::Deload,
                working,
                reasons: vec!["Deload week.".into()],
                cues: Vec::new(),
            },
        };
        let text = dated(Catalog::builtin(), &d, Units::Kg);
        assert!(
            text.starts_with("2026-03-20 (B day, block 2) Side bridge: "),
            "{text}"
        );
        assert!(text.contains("(deload: this session only)"), "{text}");
        assert!(text.contains("level: 4 x 30 s"), "{text}");
    }
}
