//! `GET /api/v1/assessments`: every stored assessment, as the assessments
//! page lists them: the tests as entered and the McGill ratios scored
//! against the norms; oldest first, a page at a time.

use keel_core::assessment::{Norms, ratios_of};
use serde::Deserialize;

use super::error::{ApiError, Query};
use super::paging::{Page, PageQuery};
use super::viewer::ApiViewer;
use super::wire::Assessment;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

pub async fn list(
    viewer: ApiViewer,
    Query(query): Query<ListQuery>,
) -> Result<axum::Json<Page<Assessment>>, ApiError> {
    let paging = PageQuery::new(query.page, query.per_page)?;
    let stored = viewer.with_store(|store| Ok(store.assessments()?)).await?;
    let norms = Norms::builtin();
    Ok(axum::Json(paging.page(stored, "/api/v1/assessments?").map(
        |stored| {
            let ratios = ratios_of(&stored.input.holds, norms);
            Assessment::new(stored, ratios)
        },
    )))
}
