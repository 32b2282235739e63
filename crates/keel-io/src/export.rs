//! Export: the training log and the decisions as CSV ([`csv`]), everything
//! stored as one JSON document ([`json`]), the plan's sessions as iCalendar
//! events ([`ics`]), a FHIR R4 Bundle for clinics ([`fhir`]). Rendering
//! only: [`Snapshot::read`] gathers plain values from any [`Store`]; the
//! renderers turn them into text.

pub mod csv;
pub mod fhir;
pub mod ics;
pub mod json;

use keel_core::engine::EngineSettings;
use keel_core::history::ImportedSet;

use keel_core::outcome::{Outcome, Questionnaire};
use keel_core::profile::Profile;
use keel_core::settings::PlanSettings;
use keel_core::training::SlotDecision;
use keel_store::{CheckIn, SafetyEvent, Store, StoredAssessment, StoredPlan, TrainingSession};
use serde::Serialize;

/// Why an export could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("writing CSV: {0}")]
    Csv(#[from] ::csv::Error),
    #[error("writing JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("writing the calendar: {0}")]
    Calendar(String),
    #[error("the export is not UTF-8: {0}")]
    Encoding(#[from] std::string::FromUtf8Error),
}

/// The decisions stored for one plan version, in the order they were taken.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanDecisions {
    pub plan_version: i64,
    pub decisions: Vec<SlotDecision>,
}

/// Everything a database holds, read once, oldest first throughout.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snapshot {
    pub profile: Option<Profile>,
    pub settings: PlanSettings,
    /// `None` while the user has not changed them.
    pub engine_settings: Option<EngineSettings>,
    pub assessments: Vec<StoredAssessment>,
    pub safety_events: Vec<SafetyEvent>,
    /// Every plan version; the last is the current plan.
    pub plans: Vec<StoredPlan>,
    pub sessions: Vec<TrainingSession>,
    pub check_ins: Vec<CheckIn>,
    pub decisions: Vec<PlanDecisions>,
    /// History imported from other apps (Strong, Hevy), oldest first.
    pub imported_sets: Vec<ImportedSet>,
    /// The user's own exercises (imported names no catalog alias matches).
    pub own_exercises: Vec<String>,

    /// Outcome measures taken, oldest first.
    pub outcomes: Vec<Outcome>,
    /// Questionnaire definitions loaded, by id.
    pub questionnaires: Vec<Questionnaire>,
}

impl Snapshot {
    /// Reads everything from `store`; reads only.
    pub fn read<S: Store + ?Sized>(store: &S) -> keel_store::Result<Snapshot> {
        let plans = store.plans()?;
        let decisions = plans
            .iter()
            .map(|p| {
                Ok(PlanDecisions {
                    plan_version: p.version,
                    decisions: store.decisions(p.version)?,
                })
            })
            .collect::<keel_store::Result<Vec<_>>>()?;
        Ok(Snapshot {
            profile: store.profile()?,
            settings: store.settings()?,
            engine_settings: store.engine_settings()?,
            assessments: store.assessments()?,
            safety_events: store.safety_events()?,
            plans,
            sessions: store.sessions(None, None)?,
            check_ins: store.check_ins()?,
            decisions,
            imported_sets: store.imported_sets(None, None)?,
            own_exercises: store.user_exercises()?,

            outcomes: store.outcomes()?,
            questionnaires: store.questionnaires()?,
        })
    }

    /// The athlete's unit of mass (kg before there is a profile): the unit
    /// of every load the exports write.
    pub fn units(&self) -> keel_core::units::Units {
        self.profile.as_ref().map(|p| p.units).unwrap_or_default()
    }

    /// The newest plan version.
    pub fn current_plan(&self) -> Option<&StoredPlan> {
        self.plans.last()
    }
}
