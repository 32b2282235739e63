//! The autoregulation engine (docs/method.md §5 and §6), as pure functions.
//!
//! After each exposure of a slot, [`decide`] says what comes next: progress
//! one variable, repeat, regress, swap to the easier variant, rotate the
//! variant, deload, stop the exercise, or halt the program on a red flag.
//! Every [`Decision`] carries its reasons in plain words. Before a session,
//! [`readiness_adjustment`] and [`morning_response`] say whether to train as
//! planned, cut volume, or do the light session; during one,
//! [`stop_exercise_now`] says when a set's pain ends the exercise.
//!
//! Every number is an [`EngineSettings`] field with a documented default.

mod decide;
mod decision;
mod deload;
mod log;
mod pain;
mod prescribe;
mod readiness;
mod reasons;
mod settings;
mod sibling;

#[cfg(test)]
mod tests;

pub use decide::{SlotInput, decide};
pub use decision::{Action, Change, Decision, DeloadCause, StopCause};
pub use deload::{
    MorningAdjustment, MorningResponse, ReactiveDeload, morning_response, reactive_deloads,
};
pub use log::{
    Amount, Exposure, ExposureKind, FormFault, MorningCheck, ReadinessCheck, SetLog, SideResults,
    target_of,
};
pub use pain::{PainLight, stop_exercise_now};
pub use prescribe::{
    cut_volume, deload as deload_prescription, deload_on_kit, fit_load, with_dose, with_sets,
};
pub use readiness::{Adjustment, SessionAdjustment, readiness_adjustment};
pub use reasons::pyramid_text;
pub use settings::EngineSettings;
pub use sibling::{onto_sibling, under_ceiling};
