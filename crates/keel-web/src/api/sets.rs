//! Logged sets: log one (as the session page does), list them a page at a
//! time, correct or delete one (as the history page does). Every write goes
//! through `journal::commit`, so the decisions that depend on it re-run.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jiff::civil::Date;
use keel_app::correction::{self, Corrected, SetChanges};
use keel_app::journal::{self, Journal};
use keel_app::record::{self, SetAnswers, SideAnswers, target_of, unit_of};
use keel_app::steps;
use keel_core::InputError;
use keel_core::program::Load;
use keel_store::ProgramStatus;
use serde::{Deserialize, Serialize};

use super::error::{ApiError, Json, Path, Query};
use super::fields;
use super::paging::{Page, PageQuery};
use super::viewer::ApiViewer;
use super::wire::{self, words};

/// `POST /api/v1/sets`: the next set of one of today's exercises.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewSet {
    /// Index of the exercise in today's session (main slots, then transfer).
    pub slot: Option<usize>,
    /// Or the exercise's id, when it appears once today.
    pub exercise: Option<String>,
    pub actual: i64,
    /// A per-side exercise: what the left side got; absent takes `actual`.
    pub left: Option<i64>,
    /// A per-side exercise: what the right side got; absent takes `actual`.
    pub right: Option<i64>,
    /// Kilograms (or `load_unit`); absent for the prescribed load.
    pub load: Option<f64>,
    /// `kg` (the default) or `lb`: the unit `load` is in.
    pub load_unit: Option<String>,
    /// Absent or null: the set was not rated (legitimate; it does not count
    /// towards progression).
    pub rpe: Option<i64>,
    /// Reps done without a fault; rep sets only, never above the reps done.
    pub quality_reps: Option<i64>,
    #[serde(default)]
    pub faults: Vec<String>,
    #[serde(default)]
    pub pain: i64,
    #[serde(default)]
    pub sharp_pain: bool,
    pub note: Option<String>,
    /// The red-flag screen's "yes" answers; required when pain is logged.
    pub red_flags: Option<Vec<String>>,
}

/// What logging a set did.
#[derive(Debug, Serialize)]
pub struct Logged {
    pub set: Option<wire::Set>,
    /// A warning sign was answered yes: the program is halted.
    pub halted: bool,
    pub status: wire::ProgramStatus,
    /// The athlete's unit (the profile's), `kg` or `lb`: stored loads are
    /// kilograms, to be shown in this unit.
    pub units: &'static str,
}

pub async fn create(viewer: ApiViewer, Json(body): Json<NewSet>) -> Result<Response, ApiError> {
    let date = viewer.today();
    // Parse everything before touching the store: bad input writes nothing.
    let rpe = body.rpe.map(fields::rpe).transpose()?;
    let quality_reps = body.quality_reps.map(quality_reps).transpose()?;
    let pain = fields::pain(body.pain, "pain")?;
    let actual = fields::actual(body.actual)?;
    let sides = SideAnswers {
        left: body.left.map(|v| fields::side(v, "left")).transpose()?,
        right: body.right.map(|v| fields::side(v, "right")).transpose()?,
    };
    let faults = fields::faults(&body.faults)?;
    let note = fields::note(body.note)?;
    let screen = fields::screen(body.red_flags.as_deref())?;
    let load_unit = fields::load_unit(body.load_unit.as_deref())?;
    let logged = viewer
        .with_store(move |store| {
            let journal = Journal::load_if_ready(store)?;
            let status = match &journal {
                Some(journal) => journal.status.clone(),
                // Halted at onboarding, before any plan.
                None => store.status()?,
            };
            if matches!(status, ProgramStatus::Halted { .. }) {
                return Err(ApiError::new(
                    StatusCode::CONFLICT,
                    "program_halted",
                    "the program is paused after a warning sign; see a clinician, then resume \
                     it with `keel resume` or on the Today page",
                ));
            }
            let journal = match journal {
                Some(journal) => journal,
                // Says what is missing.
                None => Journal::load(store)?,
            };
            let session = journal.session_planned_on(date)?.ok_or_else(|| {
                ApiError::invalid("date", format!("there is no session planned on {date}"))
            })?;
            let today = steps::today(&session, journal.session_logged(date), &journal.settings);
            let index = match (body.slot, body.exercise.as_deref()) {
                (Some(i), _) => i,
                (None, Some(id)) => today
                    .iter()
                    .position(|t| t.slot.exercise.as_str() == id)
                    .ok_or_else(|| {
                        ApiError::invalid("exercise", format!("{id:?} is not in today's session"))
                    })?,
                (None, None) => {
                    return Err(ApiError::invalid(
                        "slot",
                        "give `slot` (the exercise's index today) or `exercise` (its id)",
                    ));
                }
            };
            let slot = today.get(index).ok_or_else(|| {
                ApiError::invalid(
                    "slot",
                    format!("today's session has no exercise number {index}"),
                )
            })?;
            slot.check_room_for(1).map_err(|e| e.in_field("slot"))?;
            let step = slot.next_step().ok_or_else(|| {
                ApiError::invalid(
                    "slot",
                    "every set of this exercise is logged today (or it stopped for pain)",
                )
            })?;
            let answers = SetAnswers {
                actual,
                load: fields::load(body.load, load_unit, slot.slot.prescription.load())?,
                rpe,
                quality_reps,
                faults,
                pain,
                sharp_pain: body.sharp_pain,
                note: step.note_with(note),
                sides,
            };
            let unit = unit_of(target_of(&slot.slot.prescription));
            let logged = record::logged_step(&slot.slot, date, step, answers).map_err(|e| {
                let field = match e.field.as_str() {
                    "left" | "right" | "note" => e.field.clone(),
                    "quality-reps" => return e.in_field("quality_reps"),
                    _ => "actual".to_string(),
                };
                InputError::new(field.clone(), format!("{field} ({unit}): {}", e.message))
            })?;
            if record::needs_screen(std::slice::from_ref(&logged)) && screen.is_none() {
                return Err(fields::screen_required().into());
            }
            let halted = screen.as_ref().is_some_and(|s| !s.is_clear());
            let writes = record::writes(vec![logged], screen.map(|s| (date, s)));
            // Let go of the kept journal, so the set can join it in place.
            drop(journal);
            let journal = journal::commit(store, writes)?;
            let set = journal
                .session_logged(date)
                .and_then(|s| s.sets.iter().max_by_key(|set| set.id).cloned());
            Ok(Logged {
                set: set.map(wire::Set::from),
                halted,
                status: (&journal.status).into(),
                units: words::units(journal.profile.units),
            })
        })
        .await?;
    Ok((StatusCode::CREATED, axum::Json(logged)).into_response())
}

/// `GET /api/v1/sets`: every logged set, oldest first, a page at a time.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

pub async fn list(
    viewer: ApiViewer,
    Query(query): Query<ListQuery>,
) -> Result<axum::Json<Page<wire::Set>>, ApiError> {
    if let (Some(from), Some(to)) = (query.from, query.to)
        && from > to
    {
        return Err(ApiError::invalid(
            "from",
            format!("from ({from}) is after to ({to})"),
        ));
    }
    let paging = PageQuery::new(query.page, query.per_page)?;
    let (from, to) = (query.from, query.to);
    let sets = viewer
        .with_store(move |store| {
            Ok(store
                .sessions(from, to)?
                .into_iter()
                .flat_map(|s| s.sets)
                .collect::<Vec<_>>())
        })
        .await?;
    let mut base = String::from("/api/v1/sets?");
    if let Some(from) = from {
        base.push_str(&format!("from={from}&"));
    }
    if let Some(to) = to {
        base.push_str(&format!("to={to}&"));
    }
    Ok(axum::Json(paging.page(sets, &base).map(wire::Set::from)))
}

/// `PATCH /api/v1/sets/{id}`: absent fields stay as they were.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetPatch {
    pub actual: Option<i64>,
    /// Kilograms (or `load_unit`); 0 is bodyweight.
    pub load: Option<f64>,
    /// `kg` (the default) or `lb`: the unit `load` is in.
    pub load_unit: Option<String>,
    /// Absent keeps it; null removes it (the set was not rated after all).
    #[serde(default, deserialize_with = "fields::present")]
    pub rpe: Option<Option<i64>>,
    pub quality_reps: Option<i64>,
    pub faults: Option<Vec<String>>,
    pub pain: Option<i64>,
    pub sharp_pain: Option<bool>,
    pub note: Option<String>,
    pub red_flags: Option<Vec<String>>,
}

pub async fn update(
    viewer: ApiViewer,
    Path(id): Path<i64>,
    Json(patch): Json<SetPatch>,
) -> Result<axum::Json<wire::Set>, ApiError> {
    let screen = fields::screen(patch.red_flags.as_deref())?;
    let rpe = patch
        .rpe
        .map(|given| given.map(fields::rpe).transpose())
        .transpose()?;
    let pain = patch.pain.map(|p| fields::pain(p, "pain")).transpose()?;
    let actual = patch.actual.map(fields::actual).transpose()?;
    let faults = patch.faults.as_deref().map(fields::faults).transpose()?;
    let quality_reps = patch.quality_reps.map(quality_reps).transpose()?;
    let note = match patch.note {
        Some(text) => Some(fields::note(Some(text))?),
        None => None,
    };
    let load_unit = fields::load_unit(patch.load_unit.as_deref())?;
    let load = patch
        .load
        .map(|amount| Load::from_amount(amount, load_unit))
        .transpose()?;
    let changes = SetChanges {
        actual,
        load,
        rpe,
        quality_reps: quality_reps.map(Some),
        faults,
        pain,
        sharp_pain: patch.sharp_pain,
        note,
    };
    let updated = viewer
        .with_store(move |store| {
            match correction::correct_set(store, id, changes, screen).map_err(api_field)? {
                Corrected::ScreenNeeded => Err(fields::screen_required().into()),
                Corrected::Unchanged(stored) => Ok(stored),
                Corrected::Stored { .. } => Ok(correction::find_set(store, id)?),
            }
        })
        .await?;
    Ok(axum::Json(updated.into()))
}

/// `quality_reps`, read by keel-app's one rule, named as the API names it.
fn quality_reps(value: i64) -> Result<u8, InputError> {
    record::quality_reps(value).map_err(|e| e.in_field("quality_reps"))
}

/// The API names its fields in snake case.
fn api_field(err: keel_app::Error) -> ApiError {
    match err {
        keel_app::Error::Invalid(input) if input.field == "quality-reps" => {
            input.in_field("quality_reps").into()
        }
        other => other.into(),
    }
}

/// `DELETE /api/v1/sets/{id}`: 204; the dependent decisions re-run.
pub async fn delete(viewer: ApiViewer, Path(id): Path<i64>) -> Result<StatusCode, ApiError> {
    viewer
        .with_store(move |store| Ok(correction::delete_set(store, id).map(|_| ())?))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
