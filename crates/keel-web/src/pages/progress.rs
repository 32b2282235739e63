//! `/progress`: the best hold per day for each exercise, the weekly load
//! (session RPE x minutes, Foster 2001), and the acute:chronic ratio in its
//! three published forms with its criticism beside it. keel-core computes
//! everything; this page only draws it.

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use jiff::civil::Date;
use keel_core::analytics::{
    ACWR_CRITICISM, ACWR_MEANING, AcwrDay, AcwrWindows, AnalyticsSettings, ExerciseTrend,
    LoadSeries, SessionLoad, acwr, exercise_trends, week_of,
};
use keel_core::catalog::Catalog;
use keel_core::training::LoggedSet;
use keel_store::{Store, TrainingSession};
use maud::{Markup, html};

use super::charts::{self, Point};
use crate::error::WebError;
use crate::layout::page;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/progress", get(show))
}

/// What the page draws, computed from the logged sessions.
struct Progress {
    trends: Vec<ExerciseTrend>,
    /// Week start and its load, oldest first.
    weekly: Vec<(Date, f64)>,
    /// The latest day's ratios.
    acwr: Option<AcwrDay>,
}

fn progress(sessions: &[TrainingSession], today: Date) -> Result<Progress, WebError> {
    let settings = AnalyticsSettings::default();
    let sets: Vec<LoggedSet> = sessions
        .iter()
        .flat_map(|s| s.sets.iter().map(|set| set.logged.clone()))
        .collect();
    let trends = exercise_trends(&sets)
        .into_iter()
        .filter(|t| t.points.iter().any(|p| p.best_hold_seconds.is_some()))
        .collect();
    let loads: Vec<SessionLoad> = sessions
        .iter()
        .filter_map(|s| {
            Some(SessionLoad {
                date: s.date,
                minutes: s.minutes?,
                rpe: s.session_rpe?,
            })
        })
        .collect();
    let first = sessions.iter().map(|s| s.date).min();
    let (weekly, ratio) = match first {
        Some(first) if first <= today => {
            let from = week_of(first, settings.week_start);
            let series = LoadSeries::from_sessions(&loads, from, today)?;
            let mut weeks: BTreeMap<Date, f64> = BTreeMap::new();
            for (i, load) in series.loads().iter().enumerate() {
                *weeks
                    .entry(week_of(series.date(i), settings.week_start))
                    .or_default() += load;
            }
            let windows = AcwrWindows::new(settings.acute_days, settings.chronic_days)?;
            let last = acwr(&series, windows).pop();
            (weeks.into_iter().collect(), last)
        }
        _ => (Vec::new(), None),
    };
    Ok(Progress {
        trends,
        weekly,
        acwr: ratio,
    })
}

fn ratio(v: Option<f64>) -> String {
    v.map_or("not enough data yet".to_string(), |v| format!("{v:.2}"))
}

fn trend_view(catalog: &Catalog, t: &ExerciseTrend) -> Markup {
    let name = catalog
        .get(&t.exercise)
        .map(|e| e.name.clone())
        .unwrap_or_else(|| t.exercise.to_string());
    let points: Vec<Point> = t
        .points
        .iter()
        .filter_map(|p| {
            p.best_hold_seconds.map(|v| Point {
                label: p.date.strftime("%b %-d").to_string(),
                value: v,
            })
        })
        .collect();
    html! {
        section.card {
            h3 { (name) }
            (charts::line(&format!("{name}: best hold per day, seconds"), "s", &points))
            @if let Some(slope) = t.hold_slope_per_week {
                p.why { "Trend: " (format!("{slope:+.1}")) " s a week." }
            }
            details {
                summary { "Values" }
                ul { @for p in &points { li { (p.label) ": " (format!("{:.0}", p.value)) " s" } } }
            }
        }
    }
}

async fn show(State(state): State<AppState>) -> Result<Html<String>, WebError> {
    let today = state.today();
    let sessions = state.with_store(|s| Ok(s.sessions(None, None)?)).await?;
    let p = progress(&sessions, today)?;
    let catalog = Catalog::builtin();
    let weekly: Vec<Point> = p
        .weekly
        .iter()
        .map(|(d, l)| Point {
            label: d.strftime("%b %-d").to_string(),
            value: *l,
        })
        .collect();
    let body = html! {
        h1 { "Progress" }
        section aria-labelledby="holds-h" {
            h2 #holds-h { "Hold times" }
            @if p.trends.is_empty() {
                p { "No holds logged yet. Your best hold per day appears here." }
            }
            @for t in &p.trends { (trend_view(catalog, t)) }
        }
        section.card aria-labelledby="load-h" {
            h2 #load-h { "Weekly load" }
            p.why { "Session load = session effort (0-10) x minutes (Foster 2001), summed per week." }
            @if weekly.iter().all(|w| w.value == 0.0) {
                p { "No session effort and minutes logged yet." }
            } @else {
                (charts::bars("Weekly load, effort x minutes", "AU", &weekly))
                details {
                    summary { "Values" }
                    ul { @for w in &weekly { li { "Week of " (w.label) ": " (format!("{:.0}", w.value)) } } }
                }
            }
        }
        section.card aria-labelledby="acwr-h" {
            h2 #acwr-h { "Acute:chronic ratio" }
            p { "A description of " (ACWR_MEANING) "." }
            @match &p.acwr {
                Some(a) => dl {
                    dt { "Rolling, coupled" } dd { (ratio(a.coupled)) }
                    dt { "Rolling, uncoupled" } dd { (ratio(a.uncoupled)) }
                    dt { "Exponentially weighted" } dd { (ratio(a.ewma)) }
                },
                None => p { "Not enough data yet." },
            }
            p.why { (ACWR_CRITICISM) }
        }
    };
    Ok(Html(page("Progress", body).into_string()))
}
