//! `GET /api/v1/export/fhir[?patient=]`: everything stored as a FHIR R4
//! Bundle for a clinic's system, from the same [`keel_app::export`] as
//! `keel export --format fhir`. The patient is known by the pseudonym
//! given (default `keel-athlete`), never by the account's name.

use serde::Deserialize;

use super::error::{ApiError, Query};
use super::viewer::ApiViewer;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FhirQuery {
    pub patient: Option<String>,
}

/// `GET /api/v1/export/fhir`.
pub async fn fhir(
    viewer: ApiViewer,
    Query(query): Query<FhirQuery>,
) -> Result<axum::Json<serde_json::Value>, ApiError> {
    let bundle = viewer
        .with_store(move |store| {
            Ok(keel_app::export::fhir_bundle(
                store,
                query.patient.as_deref(),
            )?)
        })
        .await?;
    Ok(axum::Json(bundle))
}
