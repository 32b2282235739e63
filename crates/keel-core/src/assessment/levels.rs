//! Starting levels per pattern and the imbalances the plan works on.
//!
//! Rules (numbers in `norms.toml` under `[tailoring]`, all design choices):
//! - A pattern's base level comes from the percent of norm of its closest
//!   holds: anti-flexion from the extensor hold and prone plank (their mean),
//!   lateral from the side bridges (the weaker side governs), hinge from the
//!   extensor hold. The percent is against the user's sex, or the lower of
//!   the two when sex is unknown. Level = 1 + the number of
//!   `level_from_percent` cut-offs reached.
//! - Every hold of a pattern skipped: `skipped_hold_level` (1).
//! - Movement quality caps the level: bird dog / dead bug (the lower) for
//!   anti-flexion, hip hinge for hinge, via `quality_cap[score]`; a skipped
//!   quality test caps at `skipped_quality_cap` (2).
//! - Training age caps every pattern (novice 2, intermediate 4, advanced 5).
//! - Pain now at or above `pain_level_one_at` (4) starts everything at 1.
//!
//! Imbalances: the weaker side when right/left is outside 0.95-1.05;
//! extensors weak when flexion/extension is above 1.0 or side
//! bridge/extension is above 0.75 (both say the extensors tire early). LateralWeak is kept for a
//! clearly low side bridge/extension: below `lateral_weak_fraction_of_norm`
//! (half) of the norm's own ratio for the user's sex (men about 0.6, women
//! about 0.4; the lower when unknown). A fixed cut such as 0.5 would flag
//! most healthy women, whose norm ratio is about 0.4.

use serde::Serialize;

use super::holds::{HoldResult, HoldTest};
use super::norms::Norms;
use super::ratios::{self, RatioKind, RatioResult};
use super::{AssessmentInput, Imbalance, StartingLevels};
use crate::measure::{Level, Score03};
use crate::profile::{Sex, TrainingAge};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pattern {
    AntiFlexion,
    Lateral,
    Hinge,
}

impl Pattern {
    pub fn label(self) -> &'static str {
        match self {
            Pattern::AntiFlexion => "anti-flexion holds",
            Pattern::Lateral => "lateral holds",
            Pattern::Hinge => "hinge / posterior chain",
        }
    }
}

/// A pattern's starting level and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LevelDecision {
    pub pattern: Pattern,
    pub label: &'static str,
    pub level: Level,
    pub reason: String,
}

struct Calc<'a> {
    level: u8,
    reasons: Vec<String>,
    norms: &'a Norms,
}

impl<'a> Calc<'a> {
    /// Base level from the mean percent of the pattern's tests (or the
    /// minimum, for the lateral pattern's weaker side).
    fn base(norms: &'a Norms, parts: &[(&HoldResult, Option<u32>)], use_min: bool) -> Calc<'a> {
        let present: Vec<(&HoldResult, u32)> = parts
            .iter()
            .filter_map(|(h, p)| p.map(|p| (*h, p)))
            .collect();
        if present.is_empty() {
            let level = norms.tailoring.skipped_hold_level;
            let names: Vec<&str> = parts.iter().map(|(h, _)| h.label).collect();
            return Calc {
                level,
                reasons: vec![format!(
                    "{} skipped: start conservatively at {level}",
                    names.join(" and ")
                )],
                norms,
            };
        }
        let pcts: Vec<u32> = present.iter().map(|(_, p)| *p).collect();
        let pct = if use_min {
            pcts.iter().copied().min().unwrap_or(0)
        } else {
            let n = u32::try_from(pcts.len()).unwrap_or(1).max(1);
            pcts.iter().sum::<u32>() / n
        };
        let reached = norms
            .tailoring
            .level_from_percent
            .iter()
            .filter(|&&cut| pct >= u32::from(cut))
            .count();
        let level = 1 + u8::try_from(reached).unwrap_or(4);
        let shown: Vec<String> = present
            .iter()
            .map(|(h, p)| {
                let secs = h.seconds.map(|s| s.get()).unwrap_or(0);
                format!("{} {secs} s = {p} % of norm", h.label)
            })
            .collect();
        let how = match (present.len(), use_min) {
            (1, _) => String::new(),
            (_, true) => format!("; weaker side {pct} %"),
            (_, false) => format!("; mean {pct} %"),
        };
        // With sex unknown each hold has both norms; the lower percent was used.
        let which = if present.iter().any(|(h, _)| h.norms.len() > 1) {
            " (the lower of men's and women's norms)"
        } else {
            ""
        };
        Calc {
            level,
            reasons: vec![format!("{}{how}{which} -> level {level}", shown.join(", "))],
            norms,
        }
    }

    fn cap(&mut self, max: u8, why: impl Into<String>) {
        if max < self.level {
            self.level = max;
            self.reasons
                .push(format!("{} caps it at {max}", why.into()));
        }
    }

    fn quality(&mut self, tests: &[(&str, Option<Score03>)]) {
        let t = &self.norms.tailoring;
        let scored: Vec<(&str, Score03)> = tests
            .iter()
            .filter_map(|(n, s)| s.map(|s| (*n, s)))
            .collect();
        match scored.iter().min_by_key(|(_, s)| *s) {
            Some((name, score)) => {
                let cap = t.quality_cap[usize::from(score.get()).min(3)];
                self.cap(cap, format!("{name} quality {score}/3"));
            }
            None => {
                let names: Vec<&str> = tests.iter().map(|(n, _)| *n).collect();
                self.cap(
                    t.skipped_quality_cap,
                    format!("{} skipped", names.join(" and ")),
                );
            }
        }
    }

    fn finish(mut self, pattern: Pattern, training_age: TrainingAge, pain: u8) -> LevelDecision {
        let t = &self.norms.tailoring;
        let (age_cap, age) = match training_age {
            TrainingAge::Novice => (t.novice_max_level, "novice"),
            TrainingAge::Intermediate => (t.intermediate_max_level, "intermediate"),
            TrainingAge::Advanced => (t.advanced_max_level, "advanced"),
        };
        let pain_at = t.pain_level_one_at;
        self.cap(age_cap, format!("{age} training age"));
        if pain >= pain_at {
            self.cap(1, format!("pain now {pain}/10 (at or above {pain_at})"));
        }
        LevelDecision {
            pattern,
            label: pattern.label(),
            level: Level::saturating(i64::from(self.level)),
            reason: self.reasons.join("; "),
        }
    }
}

fn hold(holds: &[HoldResult], test: HoldTest) -> Option<&HoldResult> {
    holds.iter().find(|h| h.test == test)
}

pub fn starting_levels(
    input: &AssessmentInput,
    holds: &[HoldResult],
    training_age: TrainingAge,
    norms: &Norms,
) -> Vec<LevelDecision> {
    let pain = input.pain_now.map(|p| p.get()).unwrap_or(0);
    let part = |test| hold(holds, test).map(|h| (h, h.tailoring_percent()));
    let parts = |tests: &[HoldTest]| -> Vec<(&HoldResult, Option<u32>)> {
        tests.iter().filter_map(|&t| part(t)).collect()
    };
    let m = &input.movement;

    let mut anti = Calc::base(
        norms,
        &parts(&[HoldTest::Extensor, HoldTest::PronePlank]),
        false,
    );
    anti.quality(&[("bird dog", m.bird_dog), ("dead bug", m.dead_bug)]);

    let lateral = Calc::base(
        norms,
        &parts(&[HoldTest::SideBridgeRight, HoldTest::SideBridgeLeft]),
        true,
    );

    let mut hinge = Calc::base(norms, &parts(&[HoldTest::Extensor]), false);
    hinge.quality(&[("hip hinge", m.hip_hinge)]);

    vec![
        anti.finish(Pattern::AntiFlexion, training_age, pain),
        lateral.finish(Pattern::Lateral, training_age, pain),
        hinge.finish(Pattern::Hinge, training_age, pain),
    ]
}

pub fn to_levels(decisions: &[LevelDecision]) -> StartingLevels {
    let of = |p| {
        decisions
            .iter()
            .find(|d| d.pattern == p)
            .map(|d| d.level)
            .unwrap_or(Level::ONE)
    };
    StartingLevels {
        anti_flexion: of(Pattern::AntiFlexion),
        lateral: of(Pattern::Lateral),
        hinge: of(Pattern::Hinge),
    }
}

/// The norm's own side bridge/extension ratio for a sex.
fn norm_sb_ext(norms: &Norms, sex: Sex) -> f64 {
    let b = norms.battery(sex);
    (f64::from(b.side_bridge_right) + f64::from(b.side_bridge_left))
        / 2.0
        / f64::from(b.extensor.max(1))
}

pub fn imbalances(
    input: &AssessmentInput,
    ratio_results: &[RatioResult],
    sex: Option<Sex>,
    norms: &Norms,
) -> Vec<Imbalance> {
    let flagged = |k| ratio_results.iter().any(|r| r.ratio == k && r.flagged);
    let mut out = Vec::new();
    if let Some(side) = ratios::weaker_side(&input.holds, &norms.ratios) {
        out.push(Imbalance::WeakSide(side));
    }
    if flagged(RatioKind::FlexionExtension) || flagged(RatioKind::SideBridgeExtension) {
        out.push(Imbalance::ExtensorsWeak);
    }
    let norm_ratio = match sex {
        Some(s) => norm_sb_ext(norms, s),
        None => norm_sb_ext(norms, Sex::Male).min(norm_sb_ext(norms, Sex::Female)),
    };
    let low = norm_ratio * norms.tailoring.lateral_weak_fraction_of_norm;
    let sb_ext = ratio_results
        .iter()
        .find(|r| r.ratio == RatioKind::SideBridgeExtension)
        .and_then(|r| r.value);
    if sb_ext.is_some_and(|v| v < low) {
        out.push(Imbalance::LateralWeak);
    }
    out.sort();
    out.dedup();
    out
}
