//! What the guide shows: one full screen per phase in a terminal, one line
//! per phase otherwise.

use std::fmt::Write as _;

use keel_core::catalog::{Catalog, ExerciseId};

use super::timer;

/// Clear the screen and move home (plain ANSI; every terminal emulator has it).
pub const CLEAR: &str = "\x1b[2J\x1b[H";

pub fn name(catalog: &Catalog, id: &ExerciseId) -> String {
    catalog
        .get(id)
        .map(|e| e.name.clone())
        .unwrap_or_else(|| id.to_string())
}

pub fn cues(catalog: &Catalog, id: &ExerciseId) -> Vec<String> {
    catalog.get(id).map(|e| e.cues.clone()).unwrap_or_default()
}

/// The fixed top of a set's screens.
#[derive(Debug, Clone)]
pub struct SetHeader {
    pub exercise: String,
    /// "set 2 of 5 (right, then left)".
    pub step: String,
    /// "5 x 10 s hold per side; no external load".
    pub prescription: String,
    pub cues: Vec<String>,
    pub breathing: String,
}

impl SetHeader {
    pub fn text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}  |  {}", self.exercise, self.step);
        let _ = writeln!(out, "{}", self.prescription);
        if !self.cues.is_empty() {
            let _ = writeln!(out, "Cues: {}", self.cues.join("; "));
        }
        let _ = writeln!(out, "Breathing: {}", self.breathing);
        out
    }
}

impl SetHeader {
    /// The header as lines of a transcript; cues only with the first set.
    pub fn line(&self, with_cues: bool) -> String {
        let mut out = format!(
            "\n== {}: {} ==\n{}",
            self.exercise, self.step, self.prescription
        );
        if with_cues && !self.cues.is_empty() {
            let _ = write!(out, "\nCues: {}", self.cues.join("; "));
        }
        out
    }
}

/// A full terminal screen: header, phase title, big clock, footer.
pub fn countdown_screen(top: &str, phase: &str, remaining: u32, footer: &str) -> String {
    format!(
        "{CLEAR}{top}\n{phase}\n\n{}\n{footer}\n",
        timer::big(remaining)
    )
}
