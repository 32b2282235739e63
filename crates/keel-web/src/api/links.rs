//! Ending a coach's access, from either side, as the coaching pages do
//! (`accounts/coach/links.rs`): the athlete withdraws an accepted coach or
//! declines a pending invitation (`POST /api/v1/invitations/{coach}/withdraw`),
//! the coach stops coaching an athlete or cancels an invitation
//! (`DELETE /api/v1/coach/athletes/{name}`). Without a link the answer is
//! 404, the same whether or not the name exists. The settings changes the
//! coach made stay in the athlete's record.

use keel_app::accounts::{LinkChange, change_link};

use super::account::{Coach, Signed, blocking};
use super::error::{ApiError, Path};

/// `POST /api/v1/invitations/{coach}/withdraw`.
pub async fn withdraw(
    signed: Signed,
    Path(coach): Path<String>,
    _: super::error::NoBody,
) -> Result<axum::Json<serde_json::Value>, ApiError> {
    let answer = blocking(move || {
        let none = || {
            ApiError::not_found(format!(
                "{coach:?} is not your coach and has not invited you"
            ))
        };
        if !change_link(&*signed.backend, signed.me.id, LinkChange::Withdraw, &coach)? {
            return Err(none());
        }
        Ok(serde_json::json!({ "coach": coach, "status": "withdrawn" }))
    })
    .await?;
    Ok(axum::Json(answer))
}

/// `DELETE /api/v1/coach/athletes/{name}`.
pub async fn drop_athlete(
    Coach(signed): Coach,
    Path(name): Path<String>,
) -> Result<axum::Json<serde_json::Value>, ApiError> {
    let answer = blocking(move || {
        let none = || ApiError::not_found(format!("no athlete of yours is named {name:?}"));
        if !change_link(&*signed.backend, signed.me.id, LinkChange::Drop, &name)? {
            return Err(none());
        }
        Ok(serde_json::json!({ "athlete": name, "status": "dropped" }))
    })
    .await?;
    Ok(axum::Json(answer))
}
