//! [`forward_reads!`](crate::forward_reads): the reads of a store that wraps
//! another (the cache layer, the request-key wrapper, the CLI's and the
//! server's choice of backend) and reads exactly as the store it wraps.

/// The types the macro's signatures name, reachable from any crate.
#[doc(hidden)]
pub mod types {
    pub use crate::SafetyEvent;
    pub use crate::{
        CalendarState, CheckIn, ImportBatch, ProgramStatus, Result, StoredAssessment, StoredPlan,
        TrainingSession,
    };
    pub use jiff::civil::Date;
    pub use keel_core::engine::EngineSettings;
    pub use keel_core::history::ImportedSet;
    pub use keel_core::outcome::{Outcome, Questionnaire};
    pub use keel_core::profile::Profile;
    pub use keel_core::settings::PlanSettings;
    pub use keel_core::training::SlotDecision;
    pub use std::collections::HashSet;
}

/// Inside `impl Store for Wrapper`, every read of [`crate::Store`] answered
/// by `$inner` (any expression of a `Store`, written with `$self`): e.g.
/// `keel_store::forward_reads!(self => self.inner);`. Writes stay the
/// wrapper's own, which is why it wraps.
#[macro_export]
macro_rules! forward_reads {
    ($self:ident => $inner:expr) => {
        fn profile(&$self) -> $crate::forward::types::Result<Option<$crate::forward::types::Profile>> {
            $inner.profile()
        }
        fn settings(&$self) -> $crate::forward::types::Result<$crate::forward::types::PlanSettings> {
            $inner.settings()
        }
        fn engine_settings(
            &$self,
        ) -> $crate::forward::types::Result<Option<$crate::forward::types::EngineSettings>> {
            $inner.engine_settings()
        }
        fn assessments(
            &$self,
        ) -> $crate::forward::types::Result<Vec<$crate::forward::types::StoredAssessment>> {
            $inner.assessments()
        }
        fn safety_events(
            &$self,
        ) -> $crate::forward::types::Result<Vec<$crate::forward::types::SafetyEvent>> {
            $inner.safety_events()
        }
        fn current_plan(
            &$self,
        ) -> $crate::forward::types::Result<Option<$crate::forward::types::StoredPlan>> {
            $inner.current_plan()
        }
        fn plans(&$self) -> $crate::forward::types::Result<Vec<$crate::forward::types::StoredPlan>> {
            $inner.plans()
        }
        fn sessions(
            &$self,
            from: Option<$crate::forward::types::Date>,
            to: Option<$crate::forward::types::Date>,
        ) -> $crate::forward::types::Result<Vec<$crate::forward::types::TrainingSession>> {
            $inner.sessions(from, to)
        }
        fn sessions_of_plan(
            &$self,
            version: i64,
        ) -> $crate::forward::types::Result<Vec<$crate::forward::types::TrainingSession>> {
            $inner.sessions_of_plan(version)
        }
        fn check_ins(&$self) -> $crate::forward::types::Result<Vec<$crate::forward::types::CheckIn>> {
            $inner.check_ins()
        }
        fn mornings_and_readiness_since(
            &$self,
            since: $crate::forward::types::Date,
        ) -> $crate::forward::types::Result<Vec<$crate::forward::types::CheckIn>> {
            $inner.mornings_and_readiness_since(since)
        }
        fn decisions(
            &$self,
            plan_version: i64,
        ) -> $crate::forward::types::Result<Vec<$crate::forward::types::SlotDecision>> {
            $inner.decisions(plan_version)
        }
        fn carried_decisions(
            &$self,
            before_version: i64,
        ) -> $crate::forward::types::Result<Vec<(i64, $crate::forward::types::SlotDecision)>> {
            $inner.carried_decisions(before_version)
        }
        fn imported_sets(
            &$self,
            from: Option<$crate::forward::types::Date>,
            to: Option<$crate::forward::types::Date>,
        ) -> $crate::forward::types::Result<Vec<$crate::forward::types::ImportedSet>> {
            $inner.imported_sets(from, to)
        }
        fn imported_keys(
            &$self,
        ) -> $crate::forward::types::Result<$crate::forward::types::HashSet<String>> {
            $inner.imported_keys()
        }
        fn user_exercises(&$self) -> $crate::forward::types::Result<Vec<String>> {
            $inner.user_exercises()
        }
        fn imports(&$self) -> $crate::forward::types::Result<Vec<$crate::forward::types::ImportBatch>> {
            $inner.imports()
        }
        fn outcomes(&$self) -> $crate::forward::types::Result<Vec<$crate::forward::types::Outcome>> {
            $inner.outcomes()
        }
        fn questionnaires(
            &$self,
        ) -> $crate::forward::types::Result<Vec<$crate::forward::types::Questionnaire>> {
            $inner.questionnaires()
        }
        fn calendar(&$self) -> $crate::forward::types::Result<$crate::forward::types::CalendarState> {
            $inner.calendar()
        }
        fn status(&$self) -> $crate::forward::types::Result<$crate::forward::types::ProgramStatus> {
            $inner.status()
        }
    };
}
