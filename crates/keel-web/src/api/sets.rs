//! Logged sets: log one (as the session page does), list them a page at a
//! time, correct or delete one (as the history page does). Every write goes
//! through `journal::commit`, so the decisions that depend on it re-run.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jiff::civil::Date;
use keel_app::journal::{self, Journal};
use keel_app::record::{self, SetAnswers, target_of, unit_of};
use keel_app::steps;
use keel_core::InputError;
use keel_core::engine::Amount;
use keel_core::program::Load;
use keel_store::{ProgramStatus, Store, StoredSet, Write};
use serde::{Deserialize, Serialize};

use super::error::{ApiError, Json, Path, Query};
use super::fields;
use super::paging::{Page, PageQuery};
use super::viewer::ApiViewer;

/// `POST /api/v1/sets`: the next set of one of today's exercises.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewSet {
    /// Index of the exercise in today's session (main slots, then transfer).
    pub slot: Option<usize>,
    /// Or the exercise's id, when it appears once today.
    pub exercise: Option<String>,
    pub actual: i64,
    /// Kilograms; absent for the prescribed load.
    pub load: Option<f64>,
    pub rpe: i64,
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
    pub set: Option<StoredSet>,
    /// A warning sign was answered yes: the program is halted.
    pub halted: bool,
    pub status: ProgramStatus,
}

pub async fn create(viewer: ApiViewer, Json(body): Json<NewSet>) -> Result<Response, ApiError> {
    let date = viewer.today();
    // Parse everything before touching the store: bad input writes nothing.
    let rpe = fields::rpe(body.rpe)?;
    let pain = fields::pain(body.pain, "pain")?;
    let actual = fields::actual(body.actual)?;
    let faults = fields::faults(&body.faults)?;
    let note = fields::note(body.note)?;
    let screen = fields::screen(body.red_flags.as_deref())?;
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
                load: fields::load(body.load, slot.slot.prescription.load())?,
                rpe: Some(rpe),
                quality_reps: None,
                faults,
                pain,
                sharp_pain: body.sharp_pain,
                note: step.note_with(note),
            };
            let unit = unit_of(target_of(&slot.slot.prescription));
            let logged = record::logged_set(&slot.slot, date, answers).map_err(|e| {
                InputError::new("actual", format!("actual ({unit}): {}", e.message))
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
                set,
                halted,
                status: journal.status.clone(),
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
) -> Result<axum::Json<Page<StoredSet>>, ApiError> {
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
    Ok(axum::Json(paging.page(sets, &base)))
}

/// `PATCH /api/v1/sets/{id}`: absent fields stay as they were.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetPatch {
    pub actual: Option<i64>,
    pub load: Option<f64>,
    pub rpe: Option<i64>,
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
) -> Result<axum::Json<StoredSet>, ApiError> {
    let screen = fields::screen(patch.red_flags.as_deref())?;
    let rpe = patch.rpe.map(fields::rpe).transpose()?;
    let pain = patch.pain.map(|p| fields::pain(p, "pain")).transpose()?;
    let actual = patch.actual.map(fields::actual).transpose()?;
    let faults = patch.faults.as_deref().map(fields::faults).transpose()?;
    let note = match patch.note {
        Some(text) => Some(fields::note(Some(text))?),
        None => None,
    };
    let updated = viewer
        .with_store(move |store| {
            let stored = find_set(store, id)?;
            let old = &stored.logged;
            let mut new = old.clone();
            let set = &mut new.set;
            if let Some(actual) = actual {
                set.actual = record::amount_like(set.target, actual)?;
            }
            if patch.load.is_some() {
                let default = if set.load.is_external() {
                    Load::ChooseForRpe
                } else {
                    set.load
                };
                set.load = fields::load(patch.load, default)?;
            }
            if rpe.is_some() {
                set.rpe = rpe;
            }
            if let Some(faults) = faults {
                set.faults = faults;
            }
            if let Some(pain) = pain {
                set.pain = pain;
            }
            if let Some(sharp) = patch.sharp_pain {
                set.sharp_pain = sharp;
            }
            if let Some(note) = note {
                set.note = note;
            }
            if let (Amount::Reps(done), Some(quality)) = (set.actual, set.quality_reps)
                && quality > done
            {
                set.quality_reps = Some(done);
            }
            if new == *old {
                return Ok(stored);
            }
            let more_pain =
                new.set.pain > old.set.pain || (new.set.sharp_pain && !old.set.sharp_pain);
            if more_pain && screen.is_none() {
                return Err(fields::screen_required().into());
            }
            let mut writes = vec![Write::UpdateSet {
                id,
                logged: new.clone(),
            }];
            if more_pain && let Some(screen) = screen {
                writes.extend(record::writes(Vec::new(), Some((new.date, screen))));
            }
            Journal::load(store)?;
            journal::commit(store, writes)?;
            find_set(store, id)
        })
        .await?;
    Ok(axum::Json(updated))
}

/// `DELETE /api/v1/sets/{id}`: 204; the dependent decisions re-run.
pub async fn delete(viewer: ApiViewer, Path(id): Path<i64>) -> Result<StatusCode, ApiError> {
    viewer
        .with_store(move |store| {
            find_set(store, id)?;
            keel_app::workout::delete_set(store, id)?;
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

fn find_set(store: &dyn Store, id: i64) -> Result<StoredSet, ApiError> {
    store
        .sessions(None, None)?
        .into_iter()
        .flat_map(|s| s.sets)
        .find(|s| s.id == id)
        .ok_or_else(|| ApiError::not_found(format!("there is no set #{id}")))
}
