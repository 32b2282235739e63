//! Scoring (stub: completed by the assessment work).

use serde::Serialize;

use super::{AssessmentInput, Tailoring};
use crate::profile::{Sex, TrainingAge};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssessmentReport {
    pub tailoring: Tailoring,
}

pub fn assess(
    _input: &AssessmentInput,
    _sex: Option<Sex>,
    _training_age: TrainingAge,
) -> AssessmentReport {
    unimplemented!()
}
