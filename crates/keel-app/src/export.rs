//! Exports both front ends give alike: the FHIR R4 Bundle for a clinic
//! (`keel export --format fhir`, `GET /api/v1/export/fhir`).

use keel_core::InputError;
use keel_core::catalog::Catalog;
use keel_io::export::{Snapshot, fhir};
use keel_store::Store;
use serde_json::Value;

use crate::{Result, wording};

/// The patient's pseudonym when none is given.
pub const DEFAULT_PATIENT: &str = "keel-athlete";

/// Everything stored as a FHIR R4 Bundle, the patient known by `patient`
/// (default [`DEFAULT_PATIENT`]); a pseudonym FHIR cannot carry is refused.
pub fn fhir_bundle(store: &dyn Store, patient: Option<&str>) -> Result<Value> {
    let patient = patient.unwrap_or(DEFAULT_PATIENT);
    fhir::check_pseudonym(patient).map_err(|m| InputError::new("patient", m))?;
    let snapshot = Snapshot::read(store)?;
    let units = snapshot
        .profile
        .as_ref()
        .map(|p| p.units)
        .unwrap_or_default();
    Ok(fhir::bundle(
        &snapshot,
        patient,
        Catalog::builtin(),
        &fhir::Wording {
            prescription: &|p| format!("{}; {}", wording::amount(p), wording::load(p, units)),
        },
    ))
}
