//! Reference norms (stub: completed by the assessment work).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Norm {}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Norms {}
