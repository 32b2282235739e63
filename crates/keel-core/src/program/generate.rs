//! Program generation (stub: completed by the program work).

use jiff::civil::Date;

use super::Program;
use crate::assessment::Tailoring;
use crate::catalog::Catalog;
use crate::profile::Profile;
use crate::settings::PlanSettings;

/// Everything the generator needs; all plain values.
#[derive(Debug, Clone, Copy)]
pub struct GenerateInput<'a> {
    pub profile: &'a Profile,
    pub tailoring: &'a Tailoring,
    pub settings: &'a PlanSettings,
    pub catalog: &'a Catalog,
    /// The first day of the program.
    pub start: Date,
}

pub fn generate(input: GenerateInput<'_>) -> Program {
    Program {
        start: input.start,
        settings: input.settings.clone(),
        weeks: Vec::new(),
    }
}
