//! `POST /api/v1/checkins`: the readiness check before a session, or the
//! next-morning check, as the check-in page records them (for today);
//! `GET /api/v1/checkins`: every check-in, oldest first, a page at a time.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use keel_app::journal::{self, Journal};
use keel_core::engine::{MorningCheck, ReadinessCheck};
use keel_store::{CheckIn, Write};
use serde::{Deserialize, Serialize};

use super::error::{ApiError, Json, Query};
use super::fields;
use super::paging::{Page, PageQuery};
use super::viewer::ApiViewer;
use super::wire;

#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum NewCheckIn {
    /// Each 1-7, higher is worse.
    Readiness {
        sleep: i64,
        fatigue: i64,
        stress: i64,
        soreness: i64,
    },
    Morning {
        pain_back_to_usual: bool,
        stiffness_back_to_usual: bool,
        /// Muscle soreness, 0-10.
        soreness: i64,
    },
}

/// What recording a check-in did.
#[derive(Debug, Serialize)]
pub struct CheckedIn {
    pub check_in: wire::CheckIn,
    /// The day's session as the check-in adjusted it (or the missed one it
    /// makes up); null on a day without one.
    pub session: Option<wire::Session>,
}

pub async fn create(viewer: ApiViewer, Json(body): Json<NewCheckIn>) -> Result<Response, ApiError> {
    let date = viewer.today();
    let entry = match body {
        NewCheckIn::Readiness {
            sleep,
            fatigue,
            stress,
            soreness,
        } => CheckIn::Readiness {
            date,
            check: ReadinessCheck {
                sleep: fields::readiness(sleep, "sleep")?,
                fatigue: fields::readiness(fatigue, "fatigue")?,
                stress: fields::readiness(stress, "stress")?,
                soreness: fields::readiness(soreness, "soreness")?,
            },
        },
        NewCheckIn::Morning {
            pain_back_to_usual,
            stiffness_back_to_usual,
            soreness,
        } => CheckIn::Morning(MorningCheck {
            date,
            pain_back_to_usual,
            stiffness_back_to_usual,
            soreness: fields::pain(soreness, "soreness")?,
        }),
    };
    let saved = entry.clone();
    let session = viewer
        .with_store(move |store| {
            // A plan must exist: check-ins adjust its sessions.
            Journal::load(store)?;
            let journal = journal::commit(store, vec![Write::AddCheckIn(entry)])?;
            // The day's session, or the missed one it makes up.
            Ok(journal.session_to_do_on(date))
        })
        .await?;
    let body = CheckedIn {
        check_in: saved.into(),
        session: session.map(wire::Session::from),
    };
    Ok((StatusCode::CREATED, axum::Json(body)).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

pub async fn list(
    viewer: ApiViewer,
    Query(query): Query<ListQuery>,
) -> Result<axum::Json<Page<wire::CheckIn>>, ApiError> {
    let paging = PageQuery::new(query.page, query.per_page)?;
    let mut all = viewer.with_store(|store| Ok(store.check_ins()?)).await?;
    // Oldest first; the store's order within a day is kept.
    all.sort_by_key(CheckIn::date);
    Ok(axum::Json(
        paging
            .page(all, "/api/v1/checkins?")
            .map(wire::CheckIn::from),
    ))
}
