//! `GET /api/v1/progress`: keel-app's [`Insight`] as the API's own types.
//! Every nested analytic (load, ratios, trends, forecasts, balance,
//! adherence) is converted here, so a field renamed in keel-core or
//! keel-app breaks this file, not the answer.

use std::collections::BTreeMap;

use jiff::civil::Date;
use keel_app::insight::{self as app, Insight};
use keel_core::analytics::banister::{Fit as CoreFit, Forecast as CoreForecast};
use keel_core::analytics::{self as core, AcwrDay, LoadDay};
use keel_core::training::RegionOverrun;
use serde::Serialize;

use super::assessments::{AssessmentInput, Ratio};
use super::retest::Comparison;
use super::words;

/// The insight with the latest values up front; the decisions are paged
/// at `decisions_at` instead of repeated here.
#[derive(Debug, Serialize)]
pub struct Progress {
    pub latest: Latest,
    pub today: Date,
    pub from: Date,
    pub to: Date,
    pub plan_version: i64,
    pub plan_start: Date,
    pub region_cap_percent: u8,
    pub hold_ceiling_seconds: u16,
    pub load: Vec<Load>,
    pub acwr: Vec<Acwr>,
    pub acwr_meaning: &'static str,
    pub acwr_criticism: &'static str,
    pub weeks: Vec<Week>,
    pub exercises: Vec<Exercise>,
    pub tension: Vec<Tension>,
    pub balance: Vec<Balance>,
    pub region_overruns: Vec<Overrun>,
    pub adherence: Adherence,
    pub assessments: Vec<AssessmentInput>,
    pub ratios: Vec<RatiosAt>,
    pub retests: Vec<Comparison>,
    pub notes: Vec<Note>,
    pub decisions_at: &'static str,
}

/// The newest day's rolling load (weekly load, monotony, strain) and ratio.
#[derive(Debug, Serialize)]
pub struct Latest {
    pub load: Option<Load>,
    pub acwr: Option<Acwr>,
}

/// One day's load with its rolling 7-day values.
#[derive(Debug, Serialize)]
pub struct Load {
    pub date: Date,
    pub load: f64,
    pub weekly: Option<f64>,
    pub monotony: Option<f64>,
    pub strain: Option<f64>,
}

/// One day's acute:chronic ratios (coupled, uncoupled, EWMA).
#[derive(Debug, Serialize)]
pub struct Acwr {
    pub date: Date,
    pub acute_mean: Option<f64>,
    pub coupled: Option<f64>,
    pub uncoupled: Option<f64>,
    pub ewma_acute: f64,
    pub ewma_chronic: f64,
    pub ewma: Option<f64>,
}

/// One calendar week's load.
#[derive(Debug, Serialize)]
pub struct Week {
    pub week_start: Date,
    pub days: usize,
    pub load: f64,
    pub monotony: Option<f64>,
    pub strain: Option<f64>,
}

/// One exercise's trend, with a hold forecast for hold exercises.
#[derive(Debug, Serialize)]
pub struct Exercise {
    pub exercise: String,
    pub name: String,
    pub trend: Trend,
    pub forecast: Option<HoldForecast>,
}

#[derive(Debug, Serialize)]
pub struct Trend {
    pub exercise: String,
    pub points: Vec<TrendPoint>,
    pub hold_slope_per_week: Option<f64>,
    pub quality_reps_slope_per_week: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct TrendPoint {
    pub date: Date,
    pub sets: usize,
    pub best_hold_seconds: Option<f64>,
    pub mean_hold_seconds: Option<f64>,
    pub quality_reps: Option<u32>,
    pub reps: Option<u32>,
    pub mean_rpe: Option<f64>,
    pub faulted_sets: usize,
    pub sets_on_target: usize,
}

#[derive(Debug, Serialize)]
pub struct HoldForecast {
    pub best_seconds: f64,
    pub target_seconds: Option<f64>,
    pub forecast: Option<Forecast>,
    pub summary: String,
}

/// When the forecast target is likely reached, tagged by `kind`.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Forecast {
    NotEnoughData {
        reason: String,
    },
    Reached {
        likely: Date,
        likely_in_days: usize,
        earliest: Date,
        latest: Option<Date>,
        band: f64,
        fit: Fit,
    },
    NotWithinHorizon {
        horizon_end: Date,
        best_predicted: f64,
        earliest: Option<Date>,
        fit: Fit,
    },
}

/// The fitted Banister model and how well it fits.
#[derive(Debug, Serialize)]
pub struct Fit {
    pub params: FitParams,
    pub sse: f64,
    pub observations: usize,
    pub residual_sd: f64,
    pub loo_rmse: f64,
}

#[derive(Debug, Serialize)]
pub struct FitParams {
    pub p0: f64,
    pub k1: f64,
    pub tau1: f64,
    pub k2: f64,
    pub tau2: f64,
}

/// Seconds under tension per region in one week (every region, 0 when
/// untouched).
#[derive(Debug, Serialize)]
pub struct Tension {
    pub week_start: Date,
    pub seconds: BTreeMap<&'static str, f64>,
}

#[derive(Debug, Serialize)]
pub struct Balance {
    pub week_start: Date,
    pub total_seconds: f64,
    pub cap_percent: u8,
    pub shares: Vec<Share>,
}

#[derive(Debug, Serialize)]
pub struct Share {
    pub region: &'static str,
    pub seconds: f64,
    pub percent: Option<f64>,
    pub over_cap: bool,
}

#[derive(Debug, Serialize)]
pub struct Overrun {
    pub week: u16,
    pub week_start: Date,
    pub region: &'static str,
    pub percent: f64,
    pub cap_percent: u8,
}

#[derive(Debug, Serialize)]
pub struct Adherence {
    pub total: AdherenceCount,
    pub weeks: Vec<WeekAdherence>,
}

#[derive(Debug, Serialize)]
pub struct AdherenceCount {
    pub planned: usize,
    pub done: usize,
    pub extra: usize,
    pub percent: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct WeekAdherence {
    pub number: u16,
    pub week_start: Date,
    pub count: AdherenceCount,
}

#[derive(Debug, Serialize)]
pub struct RatiosAt {
    pub date: Date,
    pub ratios: Vec<Ratio>,
}

#[derive(Debug, Serialize)]
pub struct Note {
    pub date: Date,
    /// The set's exercise; null for a session's note.
    pub exercise: Option<String>,
    pub text: String,
}

impl From<Insight> for Progress {
    fn from(insight: Insight) -> Progress {
        let latest = Latest {
            load: insight.latest_load().copied().map(Load::from),
            acwr: insight.latest_acwr().copied().map(Acwr::from),
        };
        Progress {
            latest,
            today: insight.today,
            from: insight.from,
            to: insight.to,
            plan_version: insight.plan_version,
            plan_start: insight.plan_start,
            region_cap_percent: insight.region_cap_percent,
            hold_ceiling_seconds: insight.hold_ceiling_seconds,
            load: insight.load.into_iter().map(Load::from).collect(),
            acwr: insight.acwr.into_iter().map(Acwr::from).collect(),
            acwr_meaning: insight.acwr_meaning,
            acwr_criticism: insight.acwr_criticism,
            weeks: insight.weeks.into_iter().map(Week::from).collect(),
            exercises: insight.exercises.into_iter().map(Exercise::from).collect(),
            tension: insight.tension.into_iter().map(Tension::from).collect(),
            balance: insight.balance.into_iter().map(Balance::from).collect(),
            region_overruns: insight
                .region_overruns
                .into_iter()
                .map(Overrun::from)
                .collect(),
            adherence: insight.adherence.into(),
            assessments: insight
                .assessments
                .iter()
                .map(AssessmentInput::from)
                .collect(),
            ratios: insight.ratios.into_iter().map(RatiosAt::from).collect(),
            retests: insight.retests.into_iter().map(Comparison::from).collect(),
            notes: insight.notes.into_iter().map(Note::from).collect(),
            decisions_at: "/api/v1/decisions",
        }
    }
}

impl From<LoadDay> for Load {
    fn from(d: LoadDay) -> Load {
        Load {
            date: d.date,
            load: d.load,
            weekly: d.weekly,
            monotony: d.monotony,
            strain: d.strain,
        }
    }
}

impl From<AcwrDay> for Acwr {
    fn from(d: AcwrDay) -> Acwr {
        Acwr {
            date: d.date,
            acute_mean: d.acute_mean,
            coupled: d.coupled,
            uncoupled: d.uncoupled,
            ewma_acute: d.ewma_acute,
            ewma_chronic: d.ewma_chronic,
            ewma: d.ewma,
        }
    }
}

impl From<app::WeekLoad> for Week {
    fn from(w: app::WeekLoad) -> Week {
        Week {
            week_start: w.week_start,
            days: w.days,
            load: w.load,
            monotony: w.monotony,
            strain: w.strain,
        }
    }
}

impl From<app::ExerciseInsight> for Exercise {
    fn from(e: app::ExerciseInsight) -> Exercise {
        Exercise {
            exercise: e.exercise.0,
            name: e.name,
            trend: e.trend.into(),
            forecast: e.forecast.map(HoldForecast::from),
        }
    }
}

impl From<core::ExerciseTrend> for Trend {
    fn from(t: core::ExerciseTrend) -> Trend {
        Trend {
            exercise: t.exercise.0,
            points: t.points.into_iter().map(TrendPoint::from).collect(),
            hold_slope_per_week: t.hold_slope_per_week,
            quality_reps_slope_per_week: t.quality_reps_slope_per_week,
        }
    }
}

impl From<core::TrendPoint> for TrendPoint {
    fn from(p: core::TrendPoint) -> TrendPoint {
        TrendPoint {
            date: p.date,
            sets: p.sets,
            best_hold_seconds: p.best_hold_seconds,
            mean_hold_seconds: p.mean_hold_seconds,
            quality_reps: p.quality_reps,
            reps: p.reps,
            mean_rpe: p.mean_rpe,
            faulted_sets: p.faulted_sets,
            sets_on_target: p.sets_on_target,
        }
    }
}

impl From<app::HoldForecast> for HoldForecast {
    fn from(f: app::HoldForecast) -> HoldForecast {
        HoldForecast {
            best_seconds: f.best_seconds,
            target_seconds: f.target_seconds,
            forecast: f.forecast.map(Forecast::from),
            summary: f.summary,
        }
    }
}

impl From<CoreForecast> for Forecast {
    fn from(f: CoreForecast) -> Forecast {
        match f {
            CoreForecast::NotEnoughData { reason } => Forecast::NotEnoughData { reason },
            CoreForecast::Reached {
                likely,
                likely_in_days,
                earliest,
                latest,
                band,
                fit,
            } => Forecast::Reached {
                likely,
                likely_in_days,
                earliest,
                latest,
                band,
                fit: fit.into(),
            },
            CoreForecast::NotWithinHorizon {
                horizon_end,
                best_predicted,
                earliest,
                fit,
            } => Forecast::NotWithinHorizon {
                horizon_end,
                best_predicted,
                earliest,
                fit: fit.into(),
            },
        }
    }
}

impl From<CoreFit> for Fit {
    fn from(f: CoreFit) -> Fit {
        let p = f.params;
        Fit {
            params: FitParams {
                p0: p.p0,
                k1: p.k1,
                tau1: p.tau1,
                k2: p.k2,
                tau2: p.tau2,
            },
            sse: f.sse,
            observations: f.observations,
            residual_sd: f.residual_sd,
            loo_rmse: f.loo_rmse,
        }
    }
}

impl From<core::RegionWeek> for Tension {
    fn from(w: core::RegionWeek) -> Tension {
        Tension {
            week_start: w.week_start,
            seconds: w
                .seconds
                .into_iter()
                .map(|(region, seconds)| (words::region(region), seconds))
                .collect(),
        }
    }
}

impl From<core::WeekBalance> for Balance {
    fn from(w: core::WeekBalance) -> Balance {
        Balance {
            week_start: w.week_start,
            total_seconds: w.total_seconds,
            cap_percent: w.cap_percent,
            shares: w
                .shares
                .into_iter()
                .map(|s| Share {
                    region: words::region(s.region),
                    seconds: s.seconds,
                    percent: s.percent,
                    over_cap: s.over_cap,
                })
                .collect(),
        }
    }
}

impl From<RegionOverrun> for Overrun {
    fn from(o: RegionOverrun) -> Overrun {
        Overrun {
            week: o.week,
            week_start: o.week_start,
            region: words::region(o.region),
            percent: o.percent,
            cap_percent: o.cap_percent,
        }
    }
}

impl From<core::AdherenceCount> for AdherenceCount {
    fn from(c: core::AdherenceCount) -> AdherenceCount {
        AdherenceCount {
            planned: c.planned,
            done: c.done,
            extra: c.extra,
            percent: c.percent,
        }
    }
}

impl From<core::Adherence> for Adherence {
    fn from(a: core::Adherence) -> Adherence {
        Adherence {
            total: a.total.into(),
            weeks: a
                .weeks
                .into_iter()
                .map(|w| WeekAdherence {
                    number: w.number,
                    week_start: w.week_start,
                    count: w.count.into(),
                })
                .collect(),
        }
    }
}

impl From<core::RatiosAt> for RatiosAt {
    fn from(r: core::RatiosAt) -> RatiosAt {
        RatiosAt {
            date: r.date,
            ratios: r.ratios.into_iter().map(Ratio::from).collect(),
        }
    }
}

impl From<app::Note> for Note {
    fn from(n: app::Note) -> Note {
        Note {
            date: n.date,
            exercise: n.exercise.map(|e| e.0),
            text: n.text,
        }
    }
}
