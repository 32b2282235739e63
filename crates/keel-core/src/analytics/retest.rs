//! Retests over time: each assessment compared with the one before it
//! (reusing [`assessment::compare_with`], with its measurement-error band),
//! and the McGill endurance ratios of every assessment in date order
//! (reusing [`assessment::ratios_of`]).

use jiff::civil::Date;
use serde::Serialize;

use crate::assessment::{self, AssessmentInput, Norms, RatioResult, RetestComparison};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RatiosAt {
    pub date: Date,
    pub ratios: Vec<RatioResult>,
}

fn by_date(assessments: &[AssessmentInput]) -> Vec<&AssessmentInput> {
    let mut sorted: Vec<&AssessmentInput> = assessments.iter().collect();
    sorted.sort_by_key(|a| a.date);
    sorted
}

/// The three ratios at each assessment, oldest first.
pub fn ratios_over_time(assessments: &[AssessmentInput], norms: &Norms) -> Vec<RatiosAt> {
    by_date(assessments)
        .into_iter()
        .map(|a| RatiosAt {
            date: a.date,
            ratios: assessment::ratios_of(&a.holds, norms),
        })
        .collect()
}

/// Each assessment compared with the previous one, oldest pair first.
pub fn retest_history(assessments: &[AssessmentInput], norms: &Norms) -> Vec<RetestComparison> {
    by_date(assessments)
        .windows(2)
        .map(|pair| assessment::compare_with(norms, pair[0], pair[1]))
        .collect()
}
