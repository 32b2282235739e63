//! The athlete's side of coaching: the invitations waiting for an answer
//! (`GET /api/v1/invitations`), accepting one
//! (`POST /api/v1/invitations/{coach}/accept`), and the record of every
//! settings change a coach made (`GET /api/v1/settings/changes`), so an
//! athlete always sees who changed their numbers.

use keel_app::accounts::{LinkChange, change_link};
use serde::Serialize;

use super::account::{Signed, blocking};
use super::coach::{ChangeRow, PageParams, change_page};
use super::error::{ApiError, Path, Query};
use super::paging::{Page, PageQuery};

/// A coach waiting for this account's answer.
#[derive(Debug, Serialize)]
pub struct Invitation {
    pub coach: String,
}

/// `GET /api/v1/invitations`: pending invitations by coach name.
pub async fn list(
    signed: Signed,
    Query(query): Query<PageParams>,
) -> Result<axum::Json<Page<Invitation>>, ApiError> {
    let paging = PageQuery::new(query.page, query.per_page)?;
    let pending = blocking(move || Ok(signed.backend.invitations_of(signed.me.id)?)).await?;
    Ok(axum::Json(
        paging
            .page(pending, "/api/v1/invitations?")
            .map(|c| Invitation { coach: c.name }),
    ))
}

/// `POST /api/v1/invitations/{coach}/accept`: that coach now sees this
/// account's training and may change its settings (each change recorded).
pub async fn accept(
    signed: Signed,
    Path(coach): Path<String>,
    _: super::error::NoBody,
) -> Result<axum::Json<serde_json::Value>, ApiError> {
    let answer = blocking(move || {
        // An unknown name gets the same answer as a name that never invited.
        let none = || ApiError::not_found(format!("no pending invitation from {coach:?}"));
        if !change_link(&*signed.backend, signed.me.id, LinkChange::Accept, &coach)? {
            return Err(none());
        }
        Ok(serde_json::json!({ "coach": coach, "status": "accepted" }))
    })
    .await?;
    Ok(axum::Json(answer))
}

/// `GET /api/v1/settings/changes`: the signed-in account's record, newest first.
pub async fn changes(
    signed: Signed,
    Query(query): Query<PageParams>,
) -> Result<axum::Json<Page<ChangeRow>>, ApiError> {
    let paging = PageQuery::new(query.page, query.per_page)?;
    let all = blocking(move || Ok(signed.backend.settings_changes(signed.me.id)?)).await?;
    Ok(axum::Json(change_page(
        all,
        paging,
        "/api/v1/settings/changes?",
    )))
}
