//! Integrity rules for a catalog. (Stub: completed by the catalog work.)

use super::{Catalog, ExerciseId};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CatalogError {
    #[error("catalog syntax: {0}")]
    Syntax(String),
    #[error("exercise id {0} appears twice")]
    DuplicateId(ExerciseId),
}

pub(super) fn check(_catalog: &Catalog) -> Result<(), CatalogError> {
    Ok(())
}
