//! The coach's routes, as the coach pages: the dashboard's rows
//! (`GET /api/v1/coach/athletes`), one athlete's summary, today's session,
//! settings and record of changes (`GET /api/v1/coach/athletes/{name}`),
//! a settings change saved with its record in one transaction
//! (`PATCH .../settings`), and inviting an athlete by name
//! (`POST /api/v1/coach/invitations`). An athlete who has not accepted this
//! coach is 404, the same as a name that does not exist.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use keel_app::journal::Journal;
use keel_store_postgres::{LinkedUser, SettingsChange};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::account::{Coach, athlete_of, blocking};
use super::error::{ApiError, Json, Path, Query};
use super::paging::{Page, PageQuery};
use super::settings::{self, SettingRow, SettingsChanged};
use super::wire;
use keel_app::athlete_overview::{CoachSettings, Overview, summarize};
use keel_app::settings::change as setting_change;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageParams {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// One row of the dashboard.
#[derive(Debug, Serialize)]
pub struct AthleteRow {
    pub name: String,
    /// False until the athlete has a profile and a plan.
    pub started: bool,
    /// Adherence, weekly load, latest decision and flags; null when not
    /// started or unreadable.
    pub summary: Option<wire::AthleteSummary>,
    /// Why this athlete's data could not be read (the others still are).
    pub error: Option<String>,
}

fn row(name: String, overview: Result<Overview, ApiError>) -> AthleteRow {
    match overview {
        Ok(Overview::Started(summary)) => AthleteRow {
            name,
            started: true,
            summary: Some(summary.into()),
            error: None,
        },
        Ok(Overview::NotStarted) => AthleteRow {
            name,
            started: false,
            summary: None,
            error: None,
        },
        Err(e) => AthleteRow {
            name,
            started: false,
            summary: None,
            error: Some(e.message),
        },
    }
}

/// `GET /api/v1/coach/athletes`: the accepted athletes by name, a page at
/// a time (only the page's athletes are summarized).
pub async fn athletes(
    Coach(signed): Coach,
    Query(query): Query<PageParams>,
) -> Result<axum::Json<Page<AthleteRow>>, ApiError> {
    let paging = PageQuery::new(query.page, query.per_page)?;
    let page = blocking(move || {
        let backend = signed.backend;
        let linked = backend.athletes_of(signed.me.id)?;
        let settings = CoachSettings::default();
        Ok(paging
            .page(linked, "/api/v1/coach/athletes?")
            .map(|a: LinkedUser| {
                let overview = summarize(&backend.store(a.id), signed.today, &settings);
                row(a.name, overview.map_err(ApiError::from))
            }))
    })
    .await?;
    Ok(axum::Json(page))
}

/// A recorded settings change.
#[derive(Debug, Serialize)]
pub struct ChangeRow {
    pub id: i64,
    /// The coach's name; null once that account was deleted.
    pub changed_by: Option<String>,
    pub key: String,
    pub old: String,
    pub new: String,
    pub at: jiff::Timestamp,
}

/// The record, newest first, a page at a time.
pub fn change_page(all: Vec<SettingsChange>, paging: PageQuery, base: &str) -> Page<ChangeRow> {
    let newest_first: Vec<SettingsChange> = all.into_iter().rev().collect();
    paging.page(newest_first, base).map(|c| ChangeRow {
        id: c.id,
        changed_by: c.changed_by,
        key: c.key,
        old: c.old,
        new: c.new,
        at: c.at,
    })
}

/// One athlete as their coach sees them.
#[derive(Debug, Serialize)]
pub struct AthleteDetail {
    #[serde(flatten)]
    pub row: AthleteRow,
    /// Today's planned session; null on a rest day or before onboarding.
    pub today: Option<wire::Session>,
    pub settings: Vec<SettingRow>,
    /// The record of settings changes (`?page=`, `?per_page=`), newest first.
    pub changes: Page<ChangeRow>,
    /// The athlete's outcome measure trends (NPRS, PSFS, questionnaires),
    /// the minimal important change marked.
    pub outcomes: Vec<wire::Trend>,
}

/// `GET /api/v1/coach/athletes/{name}`.
pub async fn athlete(
    Coach(signed): Coach,
    Path(name): Path<String>,
    Query(query): Query<PageParams>,
) -> Result<axum::Json<AthleteDetail>, ApiError> {
    let paging = PageQuery::new(query.page, query.per_page)?;
    let detail = blocking(move || {
        let backend = signed.backend;
        let athlete = athlete_of(&backend, &signed.me, &name)?;
        let store = backend.store(athlete.id);
        let today = signed.today;
        let overview = summarize(&store, today, &CoachSettings::default())?;
        let session = match overview {
            Overview::NotStarted => None,
            Overview::Started(_) => Journal::load(&store)?.session_to_do_on(today),
        };
        let base = format!(
            "/api/v1/coach/athletes/{}?",
            super::read::encode(&athlete.name)
        );
        Ok(AthleteDetail {
            row: row(athlete.name, Ok(overview)),
            today: session.map(wire::Session::from),
            settings: settings::current(&store)?,
            changes: change_page(backend.settings_changes(athlete.id)?, paging, &base),
            outcomes: keel_app::outcomes::overview(&store)?
                .trends
                .into_iter()
                .map(wire::Trend::from)
                .collect(),
        })
    })
    .await?;
    Ok(axum::Json(detail))
}

/// `PATCH /api/v1/coach/athletes/{name}/settings`: checked as on the
/// athlete's own settings, saved with the record of who changed what in one
/// transaction; values already in force are not recorded.
pub async fn change_settings(
    Coach(signed): Coach,
    Path(name): Path<String>,
    Json(body): Json<Map<String, Value>>,
) -> Result<axum::Json<SettingsChanged>, ApiError> {
    let pairs = settings::pairs(body)?;
    let answer = blocking(move || {
        let backend = signed.backend;
        let athlete = athlete_of(&backend, &signed.me, &name)?;
        let store = backend.store(athlete.id);
        let update = setting_change::by_coach(&*backend, athlete.id, &store, signed.me.id, &pairs)?;
        Ok(SettingsChanged {
            settings: settings::current(&store)?,
            changed: update
                .changed
                .into_iter()
                .map(settings::ChangedRow::from)
                .collect(),
        })
    })
    .await?;
    Ok(axum::Json(answer))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewInvitation {
    /// The athlete's account name.
    pub athlete: String,
}

/// `POST /api/v1/coach/invitations`: 201; inviting again while the
/// invitation is pending changes nothing.
pub async fn invite(
    Coach(signed): Coach,
    Json(body): Json<NewInvitation>,
) -> Result<Response, ApiError> {
    let name = body.athlete.trim().to_string();
    if name.is_empty() {
        return Err(ApiError::invalid(
            "athlete",
            "give the athlete's account name",
        ));
    }
    let answer = blocking(move || {
        if !keel_app::accounts::invite_named(&*signed.backend, signed.me.id, &name)? {
            return Err(ApiError::invalid(
                "athlete",
                format!("there is no account named {name:?}"),
            ));
        }
        Ok(serde_json::json!({ "athlete": name, "status": "invited" }))
    })
    .await?;
    Ok((StatusCode::CREATED, axum::Json(answer)).into_response())
}
