//! What the Today and Plan pages show, as JSON: the day's session, the plan
//! in brief, and the engine's decisions.

use jiff::civil::Date;
use keel_app::enrol;
use keel_app::journal::Journal;
use keel_app::safety::{self, Halt};
use keel_app::workout;
use keel_store::Store;
use serde::{Deserialize, Serialize};

use super::error::{ApiError, Query};
use super::paging::{Page, PageQuery};
use super::viewer::ApiViewer;
use super::wire::{self, words};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateQuery {
    pub date: Option<Date>,
}

#[derive(Debug, Serialize)]
pub struct Today {
    pub date: Date,
    pub status: wire::ProgramStatus,
    /// While the program is halted by a red flag: the clinician message and
    /// how to resume; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub halted: Option<wire::Halt>,
    /// Null on a rest day, outside the plan, or while halted. On a day
    /// without training it may be a missed session to make up
    /// (`makes_up` names the missed day).
    pub session: Option<wire::Session>,
    /// When `retest-weeks` weeks have passed since the last assessment
    /// (absent otherwise, and while halted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retest_due: Option<wire::RetestDue>,
    /// What each of the session's exercises got on the latest earlier day
    /// it was done in this plan version (`keel_app::workout::last_times`).
    pub last_time: Vec<wire::LastTime>,
}

/// `GET /api/v1/today[?date=]`: the session as it should be done that day.
pub async fn today(
    viewer: ApiViewer,
    Query(query): Query<DateQuery>,
) -> Result<axum::Json<Today>, ApiError> {
    let date = query.date.unwrap_or_else(|| viewer.today());
    let today = viewer
        .with_store(move |store| {
            let journal = Journal::load(store)?;
            // While halted, no session is offered (keel_app::safety).
            let halted = Halt::from_status(&journal.status);
            let retest_due = match halted {
                Some(_) => None,
                None => enrol::retest_due(store, date)?.map(wire::RetestDue::from),
            };
            let session = match halted {
                Some(_) => None,
                // Or the missed session to make up (docs/method.md §4.2).
                None => journal.session_to_do_on(date),
            };
            Ok(Today {
                date,
                status: (&journal.status).into(),
                retest_due,
                last_time: session
                    .as_ref()
                    .map(|s| workout::last_times(&journal, s))
                    .unwrap_or_default()
                    .into_iter()
                    .map(wire::LastTime::from)
                    .collect(),
                session: session.map(wire::Session::from),
                halted: halted.map(wire::Halt::from),
            })
        })
        .await?;
    Ok(axum::Json(today))
}

#[derive(Debug, Serialize)]
pub struct PlanSummary {
    pub version: i64,
    pub created_on: Date,
    pub start: Date,
    pub end: Option<Date>,
    pub status: wire::ProgramStatus,
    pub weeks: Vec<WeekSummary>,
}

#[derive(Debug, Serialize)]
pub struct WeekSummary {
    pub number: u16,
    pub phase: &'static str,
    pub deload: bool,
    /// The training days of the week.
    pub training_days: Vec<Date>,
}

/// `GET /api/v1/plan`: the current plan in brief.
pub async fn plan(viewer: ApiViewer) -> Result<axum::Json<PlanSummary>, ApiError> {
    let summary = viewer.with_store(|store| plan_summary(store)).await?;
    Ok(axum::Json(summary))
}

/// The current plan in brief; 404 before the first plan, 409 `halted`
/// while a red flag halts the program.
pub fn plan_summary(store: &dyn Store) -> Result<PlanSummary, ApiError> {
    refuse_when_halted(store, "No plan is shown while the program is halted.")?;
    let plan = store
        .current_plan()?
        .ok_or_else(|| ApiError::not_found("there is no plan yet: onboard first"))?;
    let program = &plan.program;
    Ok(PlanSummary {
        version: plan.version,
        created_on: plan.created_on,
        start: program.start,
        end: program
            .weeks
            .last()
            .and_then(|w| w.days.last())
            .map(|d| d.date),
        status: (&store.status()?).into(),
        weeks: program
            .weeks
            .iter()
            .map(|w| WeekSummary {
                number: w.number,
                phase: words::phase(w.phase),
                deload: w.deload,
                training_days: w
                    .days
                    .iter()
                    .filter(|d| d.kind.is_training())
                    .map(|d| d.date)
                    .collect(),
            })
            .collect(),
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionQuery {
    /// Only the decisions for slots planned with this exercise id.
    pub exercise: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// `GET /api/v1/decisions`: the current plan's decisions, oldest first.
pub async fn decisions(
    viewer: ApiViewer,
    Query(query): Query<DecisionQuery>,
) -> Result<axum::Json<Page<wire::Decided>>, ApiError> {
    let paging = PageQuery::new(query.page, query.per_page)?;
    let exercise = query.exercise.clone();
    let all = viewer
        .with_store(move |store| {
            refuse_when_halted(store, "No decisions are shown while the program is halted.")?;
            let plan = store
                .current_plan()?
                .ok_or_else(|| ApiError::not_found("there is no plan yet: onboard first"))?;
            Ok(store
                .decisions(plan.version)?
                .into_iter()
                .filter(|d| {
                    exercise
                        .as_deref()
                        .is_none_or(|id| d.slot.planned.as_str() == id)
                })
                .collect::<Vec<_>>())
        })
        .await?;
    let base = match &query.exercise {
        Some(id) => format!("/api/v1/decisions?exercise={}&", encode(id)),
        None => "/api/v1/decisions?".to_string(),
    };
    Ok(axum::Json(paging.page(all, &base).map(wire::Decided::from)))
}

/// `text` as a URL query value.
pub(super) fn encode(text: &str) -> String {
    use std::fmt::Write as _;
    text.bytes().fold(String::new(), |mut out, b| {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
        out
    })
}

/// 409 `halted` while a red flag halts the program (the rule is
/// [`keel_app::safety::halt`]); `what` says what was not shown.
fn refuse_when_halted(store: &dyn Store, what: &str) -> Result<(), ApiError> {
    match safety::halt(store)? {
        Some(halt) => Err(super::halt::halted(halt.since, what)),
        None => Ok(()),
    }
}
