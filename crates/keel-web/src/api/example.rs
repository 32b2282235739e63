//! `GET /api/v1/example/halt`: a test-only endpoint (feature
//! `example-endpoint`, enabled by this crate's tests alone) written by
//! following ARCHITECTURE.md's "An API endpoint" step by step, so a test
//! proves those steps are all it takes: this handler, its wire type
//! (`wire/example.rs`), its row in [`super::ROUTES`], its operation in the
//! document (`openapi/example.rs`), its row in the authorization matrix
//! and its test (`tests/it/api_example.rs`). It answers whether a red flag
//! halts the program, from the one keel-app rule for it.

use keel_app::safety;

use super::error::ApiError;
use super::viewer::ApiViewer;
use super::wire::HaltState;

/// `GET /api/v1/example/halt`.
pub async fn show(viewer: ApiViewer) -> Result<axum::Json<HaltState>, ApiError> {
    let halt = viewer.with_store(|store| Ok(safety::halt(store)?)).await?;
    Ok(axum::Json(HaltState::from(halt)))
}
