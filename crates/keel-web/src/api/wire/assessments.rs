//! A stored assessment as the API answers it (`GET /api/v1/assessments`,
//! the `assessment` of `POST /api/v1/assessments`): the tests as entered
//! and, in the list, the McGill ratios scored against the norms.

use jiff::Timestamp;
use jiff::civil::Date;
use keel_core::assessment::{self as core, RatioResult};
use keel_store::StoredAssessment;
use serde::Serialize;

use super::words;

/// One assessment with its ratios.
#[derive(Debug, Serialize)]
pub struct Assessment {
    pub id: i64,
    pub recorded_at: Timestamp,
    pub input: AssessmentInput,
    pub ratios: Vec<Ratio>,
}

/// The stored row alone (a retest's answer carries its report beside it).
#[derive(Debug, Serialize)]
pub struct StoredTests {
    pub id: i64,
    pub recorded_at: Timestamp,
    pub input: AssessmentInput,
}

/// The tests as entered; a test not taken is null.
#[derive(Debug, Serialize)]
pub struct AssessmentInput {
    pub date: Date,
    pub holds: Holds,
    pub movement: Movement,
    pub mobility: Mobility,
    pub pain_now: Option<u8>,
}

/// Endurance holds, seconds.
#[derive(Debug, Serialize)]
pub struct Holds {
    pub extensor: Option<u16>,
    pub flexor: Option<u16>,
    pub side_bridge_right: Option<u16>,
    pub side_bridge_left: Option<u16>,
    pub prone_plank: Option<u16>,
}

/// Movement quality, 0-3.
#[derive(Debug, Serialize)]
pub struct Movement {
    pub hip_hinge: Option<u8>,
    pub bird_dog: Option<u8>,
    pub dead_bug: Option<u8>,
}

#[derive(Debug, Serialize)]
pub struct Mobility {
    pub toe_touch_cm: Option<i16>,
    pub aslr_degrees: Option<u8>,
    pub thomas_left: Option<bool>,
    pub thomas_right: Option<bool>,
    pub thoracic_rotation_left: Option<u8>,
    pub thoracic_rotation_right: Option<u8>,
    pub knee_to_wall_left_cm: Option<u8>,
    pub knee_to_wall_right_cm: Option<u8>,
}

/// One McGill ratio scored against its healthy range.
#[derive(Debug, Serialize)]
pub struct Ratio {
    /// `flexion-extension`, `right-left-side-bridge` or `side-bridge-extension`.
    pub ratio: &'static str,
    pub label: &'static str,
    /// Null when a test was skipped or the divisor was 0 s.
    pub value: Option<f64>,
    pub healthy: String,
    pub flagged: bool,
    pub meaning: String,
}

impl Assessment {
    pub fn new(stored: StoredAssessment, ratios: Vec<RatioResult>) -> Assessment {
        Assessment {
            id: stored.id,
            recorded_at: stored.recorded_at,
            input: (&stored.input).into(),
            ratios: ratios.into_iter().map(Ratio::from).collect(),
        }
    }
}

impl From<StoredAssessment> for StoredTests {
    fn from(stored: StoredAssessment) -> StoredTests {
        StoredTests {
            id: stored.id,
            recorded_at: stored.recorded_at,
            input: (&stored.input).into(),
        }
    }
}

impl From<&core::EnduranceHolds> for Holds {
    fn from(h: &core::EnduranceHolds) -> Holds {
        Holds {
            extensor: h.extensor.map(|s| s.get()),
            flexor: h.flexor.map(|s| s.get()),
            side_bridge_right: h.side_bridge_right.map(|s| s.get()),
            side_bridge_left: h.side_bridge_left.map(|s| s.get()),
            prone_plank: h.prone_plank.map(|s| s.get()),
        }
    }
}

impl From<&core::AssessmentInput> for AssessmentInput {
    fn from(input: &core::AssessmentInput) -> AssessmentInput {
        let (h, q, m) = (&input.holds, &input.movement, &input.mobility);
        AssessmentInput {
            date: input.date,
            holds: h.into(),
            movement: Movement {
                hip_hinge: q.hip_hinge.map(|s| s.get()),
                bird_dog: q.bird_dog.map(|s| s.get()),
                dead_bug: q.dead_bug.map(|s| s.get()),
            },
            mobility: Mobility {
                toe_touch_cm: m.toe_touch_cm.map(|v| v.get()),
                aslr_degrees: m.aslr_degrees.map(|v| v.get()),
                thomas_left: m.thomas_left,
                thomas_right: m.thomas_right,
                thoracic_rotation_left: m.thoracic_rotation_left.map(|v| v.get()),
                thoracic_rotation_right: m.thoracic_rotation_right.map(|v| v.get()),
                knee_to_wall_left_cm: m.knee_to_wall_left_cm.map(|v| v.get()),
                knee_to_wall_right_cm: m.knee_to_wall_right_cm.map(|v| v.get()),
            },
            pain_now: input.pain_now.map(|p| p.get()),
        }
    }
}

impl From<RatioResult> for Ratio {
    fn from(r: RatioResult) -> Ratio {
        Ratio {
            ratio: words::ratio(r.ratio),
            label: r.label,
            value: r.value,
            healthy: r.healthy,
            flagged: r.flagged,
            meaning: r.meaning,
        }
    }
}
