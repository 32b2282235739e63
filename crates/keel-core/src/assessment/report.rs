//! Scoring an assessment: each hold against its norm, the ratios and their
//! flags, the Biering-Sorensen line, movement and mobility scores, and the
//! [`Tailoring`] the program generator consumes.

use jiff::civil::Date;
use serde::Serialize;

use super::holds::{self, HoldResult, HoldTest, SorensenInfo};
use super::levels::{self, LevelDecision};
use super::mobility::{self, Priority, ScoreLine};
use super::norms::Norms;
use super::ratios::{self, RatioResult};
use super::{AssessmentInput, Imbalance, Tailoring};
use crate::measure::Pain;
use crate::profile::{Sex, TrainingAge};

/// An imbalance with what the plan does about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImbalanceLine {
    pub imbalance: Imbalance,
    pub meaning: String,
}

impl ImbalanceLine {
    fn new(imbalance: Imbalance) -> ImbalanceLine {
        let meaning = match imbalance {
            Imbalance::WeakSide(side) => {
                format!(
                    "extra side-bridge volume on the weaker {} side",
                    side.label()
                )
            }
            Imbalance::ExtensorsWeak => "more extensor work".to_string(),
            Imbalance::LateralWeak => "more lateral (side-bridge) work".to_string(),
        };
        ImbalanceLine { imbalance, meaning }
    }
}

/// The full assessment report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssessmentReport {
    pub date: Date,
    /// The sex the norms were taken for; `None` shows both.
    pub sex: Option<Sex>,
    pub holds: Vec<HoldResult>,
    pub ratios: Vec<RatioResult>,
    pub sorensen: SorensenInfo,
    pub movement: Vec<ScoreLine>,
    pub mobility: Vec<ScoreLine>,
    /// Mobility targets the warm-ups favour, weakest first.
    pub mobility_priorities: Vec<Priority>,
    pub starting_levels: Vec<LevelDecision>,
    pub imbalances: Vec<ImbalanceLine>,
    pub pain_now: Option<Pain>,
    /// Where the reference numbers come from.
    pub sources: Vec<String>,
    pub tailoring: Tailoring,
}

/// Scores an assessment against the built-in norms.
pub fn assess(
    input: &AssessmentInput,
    sex: Option<Sex>,
    training_age: TrainingAge,
) -> AssessmentReport {
    assess_with(Norms::builtin(), input, sex, training_age)
}

/// Scores an assessment against the given norms.
pub fn assess_with(
    norms: &Norms,
    input: &AssessmentInput,
    sex: Option<Sex>,
    training_age: TrainingAge,
) -> AssessmentReport {
    let hold_results: Vec<HoldResult> = HoldTest::ALL
        .iter()
        .map(|&t| holds::score_hold(t, &input.holds, sex, norms))
        .collect();
    let ratio_results = ratios::score_all(&input.holds, &norms.ratios);
    let starting_levels = levels::starting_levels(input, &hold_results, training_age, norms);
    let imbalances = levels::imbalances(input, &ratio_results, sex, norms);
    let priorities = mobility::priorities(&input.mobility, &input.movement, &norms.mobility);
    let tailoring = Tailoring {
        levels: levels::to_levels(&starting_levels),
        holds: input.holds.clone(),
        mobility_priorities: priorities.iter().map(|p| p.target).collect(),
        imbalances: imbalances.clone(),
        weak_movements: super::MovementTest::ALL
            .into_iter()
            .filter(|t| {
                t.score(&input.movement)
                    .is_some_and(|s| s.get() < norms.mobility.movement_weak_below_score)
            })
            .collect(),
    };
    AssessmentReport {
        date: input.date,
        sex,
        holds: hold_results,
        ratios: ratio_results,
        sorensen: holds::sorensen(input.holds.extensor, sex, norms),
        movement: mobility::movement_lines(&input.movement, &norms.mobility),
        mobility: mobility::mobility_lines(&input.mobility, &norms.mobility),
        mobility_priorities: priorities,
        starting_levels,
        imbalances: imbalances.into_iter().map(ImbalanceLine::new).collect(),
        pain_now: input.pain_now,
        sources: norms.sources(),
        tailoring,
    }
}

/// The three ratios of a set of holds, for history views.
pub fn ratios_of(holds: &super::EnduranceHolds, norms: &Norms) -> Vec<RatioResult> {
    ratios::score_all(holds, &norms.ratios)
}
