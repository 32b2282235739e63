//! A retest's scored report (`POST /api/v1/assessments`): keel-core's
//! `AssessmentReport` as the API's own types. Holds against the norms,
//! ratios, the Biering-Sorensen band, movement and mobility lines, the
//! starting levels, imbalances and what the plan is tailored to.

use jiff::civil::Date;
use keel_core::assessment::{
    self as core, AssessmentReport, HoldResult, Imbalance as CoreImbalance, ImbalanceLine,
    LevelDecision, NormComparison, Priority as CorePriority, ScoreLine, SorensenInfo,
};
use serde::Serialize;

use super::assessments::{Holds, Ratio};
use super::words;

#[derive(Debug, Serialize)]
pub struct Report {
    pub date: Date,
    /// The sex the norms were taken for; null shows both.
    pub sex: Option<&'static str>,
    pub holds: Vec<Hold>,
    pub ratios: Vec<Ratio>,
    pub sorensen: Sorensen,
    pub movement: Vec<Line>,
    pub mobility: Vec<Line>,
    /// Mobility targets the warm-ups favour, weakest first.
    pub mobility_priorities: Vec<Priority>,
    pub starting_levels: Vec<Level>,
    pub imbalances: Vec<ImbalanceMeaning>,
    pub pain_now: Option<u8>,
    /// Where the reference numbers come from.
    pub sources: Vec<String>,
    pub tailoring: Tailoring,
}

/// One hold against one norm per sex (both when sex is unknown).
#[derive(Debug, Serialize)]
pub struct Hold {
    pub test: &'static str,
    pub label: &'static str,
    pub seconds: Option<u16>,
    pub norms: Vec<Norm>,
    pub source: String,
}

#[derive(Debug, Serialize)]
pub struct Norm {
    pub sex: &'static str,
    pub norm_seconds: u16,
    pub norm_sd_seconds: Option<u16>,
    pub percent_of_norm: Option<u32>,
}

/// Information, never a diagnosis.
#[derive(Debug, Serialize)]
pub struct Sorensen {
    pub band: Option<&'static str>,
    pub text: String,
    pub source: String,
}

/// One movement or mobility test as shown.
#[derive(Debug, Serialize)]
pub struct Line {
    pub test: &'static str,
    pub shown: String,
    pub weak: bool,
}

#[derive(Debug, Serialize)]
pub struct Priority {
    pub target: &'static str,
    pub label: &'static str,
    pub deficit: f64,
    pub reason: String,
}

/// A pattern's starting level and why.
#[derive(Debug, Serialize)]
pub struct Level {
    pub pattern: &'static str,
    pub label: &'static str,
    pub level: u8,
    pub reason: String,
}

#[derive(Debug, Serialize)]
pub struct ImbalanceMeaning {
    pub imbalance: Imbalance,
    pub meaning: String,
}

/// An imbalance the plan works on, tagged by `kind`.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", content = "side", rename_all = "kebab-case")]
pub enum Imbalance {
    WeakSide(&'static str),
    ExtensorsWeak,
    LateralWeak,
}

/// What the assessment decides for the program.
#[derive(Debug, Serialize)]
pub struct Tailoring {
    pub levels: Levels,
    pub holds: Holds,
    pub mobility_priorities: Vec<&'static str>,
    pub imbalances: Vec<Imbalance>,
    pub weak_movements: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct Levels {
    pub anti_flexion: u8,
    pub lateral: u8,
    pub hinge: u8,
}

impl From<AssessmentReport> for Report {
    fn from(r: AssessmentReport) -> Report {
        Report {
            date: r.date,
            sex: r.sex.map(words::sex),
            holds: r.holds.into_iter().map(Hold::from).collect(),
            ratios: r.ratios.into_iter().map(Ratio::from).collect(),
            sorensen: r.sorensen.into(),
            movement: r.movement.into_iter().map(Line::from).collect(),
            mobility: r.mobility.into_iter().map(Line::from).collect(),
            mobility_priorities: r
                .mobility_priorities
                .into_iter()
                .map(Priority::from)
                .collect(),
            starting_levels: r.starting_levels.into_iter().map(Level::from).collect(),
            imbalances: r
                .imbalances
                .into_iter()
                .map(ImbalanceMeaning::from)
                .collect(),
            pain_now: r.pain_now.map(|p| p.get()),
            sources: r.sources,
            tailoring: r.tailoring.into(),
        }
    }
}

impl From<HoldResult> for Hold {
    fn from(h: HoldResult) -> Hold {
        Hold {
            test: words::hold_test(h.test),
            label: h.label,
            seconds: h.seconds.map(|s| s.get()),
            norms: h.norms.into_iter().map(Norm::from).collect(),
            source: h.source,
        }
    }
}

impl From<NormComparison> for Norm {
    fn from(n: NormComparison) -> Norm {
        Norm {
            sex: words::sex(n.sex),
            norm_seconds: n.norm_seconds,
            norm_sd_seconds: n.norm_sd_seconds,
            percent_of_norm: n.percent_of_norm,
        }
    }
}

impl From<SorensenInfo> for Sorensen {
    fn from(s: SorensenInfo) -> Sorensen {
        Sorensen {
            band: s.band.map(words::sorensen_band),
            text: s.text,
            source: s.source,
        }
    }
}

impl From<ScoreLine> for Line {
    fn from(l: ScoreLine) -> Line {
        Line {
            test: l.test,
            shown: l.shown,
            weak: l.weak,
        }
    }
}

impl From<CorePriority> for Priority {
    fn from(p: CorePriority) -> Priority {
        Priority {
            target: words::mobility_target(p.target),
            label: p.label,
            deficit: p.deficit,
            reason: p.reason,
        }
    }
}

impl From<LevelDecision> for Level {
    fn from(l: LevelDecision) -> Level {
        Level {
            pattern: words::pattern(l.pattern),
            label: l.label,
            level: l.level.get(),
            reason: l.reason,
        }
    }
}

impl From<ImbalanceLine> for ImbalanceMeaning {
    fn from(l: ImbalanceLine) -> ImbalanceMeaning {
        ImbalanceMeaning {
            imbalance: l.imbalance.into(),
            meaning: l.meaning,
        }
    }
}

impl From<CoreImbalance> for Imbalance {
    fn from(i: CoreImbalance) -> Imbalance {
        match i {
            CoreImbalance::WeakSide(side) => Imbalance::WeakSide(words::side(side)),
            CoreImbalance::ExtensorsWeak => Imbalance::ExtensorsWeak,
            CoreImbalance::LateralWeak => Imbalance::LateralWeak,
        }
    }
}

impl From<core::Tailoring> for Tailoring {
    fn from(t: core::Tailoring) -> Tailoring {
        Tailoring {
            levels: Levels {
                anti_flexion: t.levels.anti_flexion.get(),
                lateral: t.levels.lateral.get(),
                hinge: t.levels.hinge.get(),
            },
            holds: (&t.holds).into(),
            mobility_priorities: t
                .mobility_priorities
                .into_iter()
                .map(words::mobility_target)
                .collect(),
            imbalances: t.imbalances.into_iter().map(Imbalance::from).collect(),
            weak_movements: t
                .weak_movements
                .into_iter()
                .map(words::movement_test)
                .collect(),
        }
    }
}
