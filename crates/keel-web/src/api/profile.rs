//! `GET /api/v1/profile` and `PUT /api/v1/profile`: the profile as the
//! settings page shows and saves it (`/settings/profile`). The PUT body is
//! the whole profile, checked by the page's own validation; the next plan
//! version uses it.

use keel_store::Write;
use serde::Serialize;

use super::error::{ApiError, Json};
use super::form_input::{self, ProfileBody};
use super::viewer::ApiViewer;
use super::wire;

#[derive(Debug, Serialize)]
pub struct ProfileReply {
    pub profile: wire::Profile,
}

/// The 404 (GET) or 422 (a write) before onboarding.
pub fn no_profile() -> ApiError {
    ApiError::invalid(
        "profile",
        "no profile yet; start with onboarding (POST /api/v1/onboarding)",
    )
}

/// `GET /api/v1/profile`.
pub async fn show(viewer: ApiViewer) -> Result<axum::Json<ProfileReply>, ApiError> {
    let profile = viewer
        .with_store(|store| {
            store.profile()?.ok_or_else(|| {
                ApiError::not_found(
                    "no profile yet; start with onboarding (POST /api/v1/onboarding)",
                )
            })
        })
        .await?;
    Ok(axum::Json(ProfileReply {
        profile: profile.into(),
    }))
}

/// `PUT /api/v1/profile`.
pub async fn update(
    viewer: ApiViewer,
    Json(body): Json<ProfileBody>,
) -> Result<axum::Json<ProfileReply>, ApiError> {
    let profile = viewer
        .with_store(move |store| {
            let base = store.profile()?.ok_or_else(no_profile)?;
            let profile = form_input::profile(body, base, "")?;
            keel_app::profile::save(store, vec![Write::SaveProfile(profile.clone())])?;
            Ok(profile)
        })
        .await?;
    Ok(axum::Json(ProfileReply {
        profile: profile.into(),
    }))
}
