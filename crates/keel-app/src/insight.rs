//! Progress insight: every analytic of docs/method.md §7 over the stored
//! log, gathered once for `keel progress`, `keel report` and the web's
//! progress page. Reads only.
//!
//! Conventions:
//! - the load series runs without gaps from the plan's start (or the first
//!   logged session, if earlier) to today (or the last session, if later);
//!   rolling metrics are computed over all of it and then clipped to the
//!   window shown, so the first week shown still has its full history;
//! - load, trends, balance and notes read every logged session, whichever
//!   plan version it belongs to; adherence and decisions are the current plan's;
//! - a calendar week's load sums its days; its monotony and strain are the
//!   rolling 7-day values on its last day, `None` for the running week;
//! - the forecast target per hold exercise is the best hold so far plus
//!   [`InsightSettings::forecast_step_seconds`], capped at the hold ceiling;
//!   the future load is the plan's training days at the mean load of the
//!   training days logged so far (the forecast assumes the plan is followed).

use std::collections::BTreeSet;

use jiff::ToSpan;
use jiff::civil::Date;
use keel_core::analytics::banister::{Forecast, forecast_target};
use keel_core::analytics::{
    ACWR_CRITICISM, ACWR_MEANING, AcwrDay, AcwrWindows, Adherence, AnalyticsSettings,
    ExerciseTrend, LoadDay, LoadSeries, RatiosAt, RegionWeek, SessionLoad, WeekBalance, acwr,
    adherence, exercise_trends, exercise_trends_with_imports, load_days, ratios_over_time,
    region_balance, retest_history, time_under_tension_with_imports, week_of,
};
use keel_core::assessment::{AssessmentInput, Norms, RetestComparison};
use keel_core::catalog::{Catalog, ExerciseId};
use keel_core::training::{LoggedSet, RegionOverrun, SlotDecision};
use keel_store::Store;
use serde::Serialize;

use crate::journal::Journal;

/// The insight's own design choices, with their defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct InsightSettings {
    /// How far above the best hold so far the forecast target sits, seconds
    /// (default 10: a visible step, about two of the engine's hold steps).
    pub forecast_step_seconds: u16,
    /// Fewest days the forecast looks ahead when the plan ends sooner
    /// (default 28, one chronic window); those days repeat the recent mean load.
    pub forecast_min_horizon_days: usize,
}

impl Default for InsightSettings {
    fn default() -> Self {
        InsightSettings {
            forecast_step_seconds: 10,
            forecast_min_horizon_days: 28,
        }
    }
}

/// One calendar week of load.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WeekLoad {
    pub week_start: Date,
    /// Days of the week inside the series (7 but for the first and the running week).
    pub days: usize,
    pub load: f64,
    pub monotony: Option<f64>,
    pub strain: Option<f64>,
}

/// The hold forecast of one exercise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HoldForecast {
    pub best_seconds: f64,
    /// `None` when the best hold is already at the ceiling.
    pub target_seconds: Option<f64>,
    pub forecast: Option<Forecast>,
    /// The forecast in one plain sentence.
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExerciseInsight {
    pub exercise: ExerciseId,
    pub name: String,
    /// Exposures inside the window, oldest first; slopes over those.
    pub trend: ExerciseTrend,
    /// Hold exercises only.
    pub forecast: Option<HoldForecast>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Insight {
    pub today: Date,
    /// The window shown, inclusive.
    pub from: Date,
    pub to: Date,
    pub plan_version: i64,
    pub plan_start: Date,
    pub region_cap_percent: u8,
    pub hold_ceiling_seconds: u16,
    pub load: Vec<LoadDay>,
    pub acwr: Vec<AcwrDay>,
    pub acwr_meaning: &'static str,
    pub acwr_criticism: &'static str,
    pub weeks: Vec<WeekLoad>,
    pub exercises: Vec<ExerciseInsight>,
    pub tension: Vec<RegionWeek>,
    pub balance: Vec<WeekBalance>,
    /// Program weeks of the window whose logged sets took a region over the
    /// cap, each trimming the next week's sessions (docs/method.md §5.7).
    pub region_overruns: Vec<RegionOverrun>,
    pub adherence: Adherence,
    pub assessments: Vec<AssessmentInput>,
    pub ratios: Vec<RatiosAt>,
    pub retests: Vec<RetestComparison>,
    /// Engine decisions dated inside the window, oldest first.
    pub decisions: Vec<SlotDecision>,
    /// Notes written on sessions and sets inside the window, oldest first.
    pub notes: Vec<Note>,
}

/// A note the user wrote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    pub date: Date,
    /// The set's exercise; `None` for a session's note.
    pub exercise: Option<ExerciseId>,
    pub text: String,
}

impl Insight {
    /// The latest day's rolling values (weekly load, monotony, strain).
    pub fn latest_load(&self) -> Option<&LoadDay> {
        self.load.last()
    }

    pub fn latest_acwr(&self) -> Option<&AcwrDay> {
        self.acwr.last()
    }

    /// The latest week's balance.
    pub fn latest_balance(&self) -> Option<&WeekBalance> {
        self.balance.last()
    }
}

/// Gathers the insight over the last `weeks` calendar weeks up to `today`,
/// the running week included (every logged day when `None`). Needs a profile and a plan, like the journal.
pub fn gather(
    store: &dyn Store,
    today: Date,
    weeks: Option<u16>,
    analytics: &AnalyticsSettings,
    settings: &InsightSettings,
) -> crate::Result<Insight> {
    analytics.validate()?;
    let journal = Journal::load(store)?;
    let catalog = Catalog::builtin();
    let program = &journal.plan.program;
    // Load and trends read every session, whichever plan it was logged
    // against: a new plan version does not reset the body's history.
    let sessions = store.sessions(None, None)?;
    let first_session = sessions.first().map(|s| s.date);
    let last_session = sessions.last().map(|s| s.date);
    let start = first_session.map_or(program.start, |d| d.min(program.start));
    let end = last_session.map_or(today, |d| d.max(today)).max(start);
    // Every session of a day, a second one included: their loads add up.
    let session_loads: Vec<SessionLoad> = sessions
        .iter()
        .flat_map(|s| {
            s.parts().into_iter().map(|part| SessionLoad {
                date: s.date,
                minutes: part.minutes,
                rpe: part.session_rpe,
            })
        })
        .collect();
    let series = LoadSeries::from_sessions(&session_loads, start, end)?;
    // Whole calendar weeks, the running one last, so no week is cut short.
    let from = match weeks {
        Some(w) => week_of(end, analytics.week_start)
            .checked_sub((i64::from(w).max(1) - 1).weeks())
            .unwrap_or(start)
            .max(start),
        None => start,
    };
    let in_window = |d: Date| d >= from && d <= end;
    // Imported history counts in the trends, time under tension and
    // balance; over the whole log it reaches back to the first imported set.
    let imported: Vec<_> = store
        .imported_sets(None, Some(end))?
        .into_iter()
        .filter(|s| weeks.is_none() || s.date() >= from)
        .collect();

    let load: Vec<LoadDay> = load_days(&series, analytics.week_days)
        .into_iter()
        .filter(|d| in_window(d.date))
        .collect();
    let windows = AcwrWindows::new(analytics.acute_days, analytics.chronic_days)?;
    let acwr_days: Vec<AcwrDay> = acwr(&series, windows)
        .into_iter()
        .filter(|d| in_window(d.date))
        .collect();
    let weeks = calendar_weeks(&load, analytics);

    let all_sets: Vec<LoggedSet> = sessions
        .iter()
        .flat_map(|s| s.sets.iter().map(|set| set.logged.clone()))
        .collect();
    let window_sets: Vec<LoggedSet> = all_sets
        .iter()
        .filter(|s| in_window(s.date))
        .cloned()
        .collect();
    let full_trends = exercise_trends(&all_sets);
    let planned = planned_loads(&journal, &series, end, settings);
    let ceiling = journal.settings.hold_ceiling_seconds;
    // Imported sets join the trends shown; the forecasts stay fitted to
    // Keel's own log, whose loads they are fitted with.
    let exercises = exercise_trends_with_imports(&window_sets, &imported)
        .into_iter()
        .map(|trend| {
            let full = full_trends.iter().find(|t| t.exercise == trend.exercise);
            let forecast = full
                .and_then(|t| hold_forecast(t, &series, &planned, ceiling, analytics, settings));
            ExerciseInsight {
                name: catalog
                    .get(&trend.exercise)
                    .map_or_else(|| trend.exercise.to_string(), |e| e.name.clone()),
                exercise: trend.exercise.clone(),
                trend,
                forecast,
            }
        })
        .collect();

    let tension = time_under_tension_with_imports(&window_sets, &imported, catalog, analytics);
    let cap = program.settings.region_cap_percent;
    let balance = region_balance(&tension, cap);
    // Adherence is against the current plan: only its sessions count.
    let logged_dates: BTreeSet<Date> = journal.log.sets.iter().map(|s| s.date).collect();
    let adherence = adherence(program, &logged_dates, today);

    let assessments: Vec<AssessmentInput> =
        store.assessments()?.into_iter().map(|a| a.input).collect();
    let norms = Norms::builtin();
    let ratios = ratios_over_time(&assessments, norms);
    let retests = retest_history(&assessments, norms);
    let decisions = journal
        .replay
        .decisions
        .iter()
        .filter(|d| in_window(d.date))
        .cloned()
        .collect();

    let notes = sessions
        .iter()
        .filter(|s| in_window(s.date))
        .flat_map(|s| {
            let session = s.note.iter().map(|text| Note {
                date: s.date,
                exercise: None,
                text: text.clone(),
            });
            let sets = s.sets.iter().filter_map(|set| {
                set.logged.set.note.as_ref().map(|text| Note {
                    date: s.date,
                    exercise: Some(set.logged.exercise.clone()),
                    text: text.clone(),
                })
            });
            session.chain(sets).collect::<Vec<_>>()
        })
        .collect();

    // The region cap on what was done: the plan's own weeks, as the
    // sessions adapt to them.
    let region_overruns: Vec<RegionOverrun> = journal
        .replay
        .region_overruns
        .iter()
        .filter(|o| {
            o.week_start <= end
                && o.week_start
                    .checked_add(6.days())
                    .is_ok_and(|last| last >= from)
        })
        .cloned()
        .collect();
    Ok(Insight {
        today,
        from,
        to: end,
        plan_version: journal.plan.version,
        plan_start: program.start,
        region_cap_percent: cap,
        hold_ceiling_seconds: ceiling,
        load,
        acwr: acwr_days,
        acwr_meaning: ACWR_MEANING,
        acwr_criticism: ACWR_CRITICISM,
        weeks,
        exercises,
        tension,
        balance,
        region_overruns,
        adherence,
        assessments,
        ratios,
        retests,
        decisions,
        notes,
    })
}

/// Calendar weeks of the window, from its daily rolling values.
fn calendar_weeks(days: &[LoadDay], analytics: &AnalyticsSettings) -> Vec<WeekLoad> {
    let mut out: Vec<WeekLoad> = Vec::new();
    for day in days {
        let week_start = week_of(day.date, analytics.week_start);
        let last_of_week = day.date.weekday().since(analytics.week_start) == 6;
        match out.last_mut() {
            Some(w) if w.week_start == week_start => {
                w.days += 1;
                w.load += day.load;
            }
            _ => out.push(WeekLoad {
                week_start,
                days: 1,
                load: day.load,
                monotony: None,
                strain: None,
            }),
        }
        if last_of_week && let Some(w) = out.last_mut() {
            w.monotony = day.monotony;
            w.strain = day.strain;
        }
    }
    out
}

/// Daily loads from the day after `end`: the plan's training days at the
/// mean logged training-day load, then, past the plan, the recent mean
/// daily load, for at least the minimum horizon.
fn planned_loads(
    journal: &Journal,
    series: &LoadSeries,
    end: Date,
    settings: &InsightSettings,
) -> Vec<f64> {
    let trained: Vec<f64> = series
        .loads()
        .iter()
        .copied()
        .filter(|l| *l > 0.0)
        .collect();
    let per_session = if trained.is_empty() {
        0.0
    } else {
        trained.iter().sum::<f64>() / trained.len() as f64
    };
    let recent = &series.loads()[series
        .len()
        .saturating_sub(settings.forecast_min_horizon_days)..];
    let per_day = if recent.is_empty() {
        0.0
    } else {
        recent.iter().sum::<f64>() / recent.len() as f64
    };
    let program = &journal.plan.program;
    let plan_end = program.end().unwrap_or(end);
    let mut out = Vec::new();
    let mut day = end;
    loop {
        let Ok(next) = day.checked_add(1.day()) else {
            break;
        };
        day = next;
        let past_plan = day > plan_end;
        if past_plan && out.len() >= settings.forecast_min_horizon_days {
            break;
        }
        let load = match program.day(day) {
            Some((_, d)) if d.kind.is_training() => per_session,
            Some(_) => 0.0,
            None => per_day,
        };
        out.push(load);
    }
    out
}

fn hold_forecast(
    trend: &ExerciseTrend,
    series: &LoadSeries,
    planned: &[f64],
    ceiling: u16,
    analytics: &AnalyticsSettings,
    settings: &InsightSettings,
) -> Option<HoldForecast> {
    let performances: Vec<(Date, f64)> = trend
        .points
        .iter()
        .filter_map(|p| p.best_hold_seconds.map(|h| (p.date, h)))
        .collect();
    let best = performances.iter().map(|p| p.1).reduce(f64::max)?;
    let ceiling = f64::from(ceiling);
    if best >= ceiling {
        return Some(HoldForecast {
            best_seconds: best,
            target_seconds: None,
            forecast: None,
            summary: format!(
                "at the hold ceiling ({} s): progress now comes from a harder variant or load",
                ceiling
            ),
        });
    }
    let target = (best + f64::from(settings.forecast_step_seconds)).min(ceiling);
    let (forecast, summary) =
        match forecast_target(series, &performances, planned, target, analytics) {
            Ok(f) => {
                let text = forecast_summary(&f, target);
                (Some(f), text)
            }
            Err(e) => (None, format!("no forecast: {e}")),
        };
    Some(HoldForecast {
        best_seconds: best,
        target_seconds: Some(target),
        forecast,
        summary,
    })
}

/// A forecast in one sentence, with its uncertainty.
pub fn forecast_summary(forecast: &Forecast, target: f64) -> String {
    let target = format!("{target:.0} s");
    match forecast {
        Forecast::NotEnoughData { reason } => reason.clone(),
        Forecast::Reached {
            likely,
            earliest,
            latest,
            band,
            ..
        } => {
            let latest =
                latest.map_or_else(|| "after the plan ends".to_string(), |d| d.to_string());
            format!(
                "{target} likely around {likely} (as early as {earliest}, as late as {latest}; \
                 give or take {band:.0} s), if the plan is followed"
            )
        }
        Forecast::NotWithinHorizon {
            horizon_end,
            best_predicted,
            earliest,
            ..
        } => {
            let maybe = earliest.map_or_else(String::new, |d| format!("; possibly from {d}"));
            format!(
                "{target} not likely by {horizon_end} (best predicted {best_predicted:.0} s){maybe}"
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn day(d: i8, load: f64, monotony: Option<f64>) -> LoadDay {
        LoadDay {
            date: date(2026, 3, d),
            load,
            weekly: None,
            monotony,
            strain: monotony.map(|m| m * 10.0),
        }
    }

    #[test]
    fn calendar_weeks_sum_days_and_take_monotony_on_the_last_day() {
        // Sat 03-07 and Sun 03-08 close the week of Mon 03-02; Mon 03-09 opens the next.
        let days = [
            day(7, 100.0, Some(0.5)),
            day(8, 50.0, Some(0.9)),
            day(9, 30.0, Some(2.0)),
        ];
        let weeks = calendar_weeks(&days, &AnalyticsSettings::default());
        assert_eq!(weeks.len(), 2);
        assert_eq!(weeks[0].week_start, date(2026, 3, 2));
        assert_eq!((weeks[0].days, weeks[0].load), (2, 150.0));
        assert_eq!(weeks[0].monotony, Some(0.9));
        assert_eq!(weeks[0].strain, Some(9.0));
        // The running week has no monotony yet.
        assert_eq!((weeks[1].load, weeks[1].monotony), (30.0, None));
    }

    #[test]
    fn forecast_summaries_state_their_uncertainty() {
        let text = forecast_summary(
            &Forecast::NotEnoughData {
                reason: "not enough data yet: 2 performance tests".to_string(),
            },
            30.0,
        );
        assert_eq!(text, "not enough data yet: 2 performance tests");
    }
}
