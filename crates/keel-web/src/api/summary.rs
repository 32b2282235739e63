//! One athlete at a glance, for the coach's dashboard and the coach API:
//! adherence, weekly load, the latest engine decision and the flags a coach
//! must not miss. Reads only; every threshold is the athlete's own engine
//! setting or a [`CoachSettings`] window. It lives here, beside the JSON
//! that shows it, and the coach pages read it through
//! `accounts::coach::summary`, so the page and the API cannot disagree.

use jiff::ToSpan;
use jiff::civil::Date;
use keel_app::insight::{self, InsightSettings};
use keel_core::analytics::AnalyticsSettings;
use keel_core::engine::{Action, DeloadCause};
use keel_store::{CheckIn, ProgramStatus, Store};
use serde::Serialize;

use crate::error::WebError;

/// The dashboard's windows, with their defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CoachSettings {
    /// Days back (today included) whose highest logged pain is shown (default 7).
    pub pain_window_days: i64,
    /// Days back in which a variant rotation or a stagnation deload flags
    /// stagnation (default 14: two weeks, enough for the engine's
    /// stagnation window of 3 exposures at 2-3 sessions a week).
    pub stagnation_window_days: i64,
    /// Calendar weeks the insight covers (default 4).
    pub insight_weeks: u16,
}

impl Default for CoachSettings {
    fn default() -> Self {
        CoachSettings {
            pain_window_days: 7,
            stagnation_window_days: 14,
            insight_weeks: 4,
        }
    }
}

/// An athlete who has not finished onboarding has nothing to summarize.
#[derive(Debug, Clone, PartialEq)]
pub enum Overview {
    NotStarted,
    Started(Summary),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Done of planned sessions of the current plan so far, percent.
    pub adherence: Option<f64>,
    /// Load (session RPE x minutes) over the last week's days, today included.
    pub weekly_load: Option<f64>,
    pub latest: Option<Latest>,
    pub flags: Flags,
}

/// The latest engine decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Latest {
    pub date: Date,
    pub action: &'static str,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Flags {
    /// Halted by a red flag since this day.
    pub halted_since: Option<Date>,
    /// Highest pain logged in the pain window, 0-10.
    pub max_pain: Option<u8>,
    /// That pain is above the athlete's green zone.
    pub pain: bool,
    /// A variant rotation or stagnation deload in the stagnation window.
    pub stagnation: bool,
    /// The latest readiness sum, when it reached the athlete's cut sum.
    pub poor_readiness: Option<u8>,
}

impl Flags {
    pub fn any(&self) -> bool {
        self.halted_since.is_some() || self.pain || self.stagnation || self.poor_readiness.is_some()
    }
}

/// The overview of the athlete whose store this is.
pub fn summarize(
    store: &dyn Store,
    today: Date,
    settings: &CoachSettings,
) -> Result<Overview, WebError> {
    let Some(plan) = store.current_plan()? else {
        return Ok(Overview::NotStarted);
    };
    if store.profile()?.is_none() {
        return Ok(Overview::NotStarted);
    }
    let engine = keel_app::settings::engine_settings(store)?;
    let analytics = AnalyticsSettings::default();
    let insight = insight::gather(
        store,
        today,
        Some(settings.insight_weeks),
        &analytics,
        &InsightSettings::default(),
    )?;
    let decisions = store.decisions(plan.version)?;
    // `max_by_key` keeps the last of equal days: the latest slot decided.
    let latest = decisions.iter().max_by_key(|d| d.date).map(|d| Latest {
        date: d.date,
        action: d.decision.action.label(),
        reason: d.decision.reasons.first().cloned().unwrap_or_default(),
    });
    let since = |days: i64| today.checked_sub((days.max(1) - 1).days()).unwrap_or(today);

    // The days' loads summed over the week window: the rolling weekly load,
    // defined even before the plan's first full week.
    let load_from = since(i64::try_from(analytics.week_days).unwrap_or(i64::MAX));
    let week: Vec<f64> = insight
        .load
        .iter()
        .filter(|d| d.date >= load_from && d.date <= today)
        .map(|d| d.load)
        .collect();
    let weekly_load = (!week.is_empty()).then(|| week.iter().sum());

    let stagnation_from = since(settings.stagnation_window_days);
    let stagnation = decisions.iter().any(|d| {
        d.date >= stagnation_from
            && d.date <= today
            && matches!(
                d.decision.action,
                Action::RotateVariant { .. }
                    | Action::Deload {
                        cause: DeloadCause::Stagnation
                    }
            )
    });
    let max_pain = store
        .sessions(Some(since(settings.pain_window_days)), Some(today))?
        .iter()
        .flat_map(|s| s.sets.iter().map(|set| set.logged.set.pain.get()))
        .max();
    let halted_since = match store.status()? {
        ProgramStatus::Halted { since, .. } => Some(since),
        ProgramStatus::Active => None,
    };
    let readiness = store
        .check_ins()?
        .into_iter()
        .filter_map(|c| match c {
            CheckIn::Readiness { date, check } if date <= today => Some((date, check.sum())),
            _ => None,
        })
        .max_by_key(|(date, _)| *date)
        .map(|(_, sum)| sum);
    Ok(Overview::Started(Summary {
        adherence: insight.adherence.total.percent,
        weekly_load,
        latest,
        flags: Flags {
            halted_since,
            max_pain,
            pain: max_pain.is_some_and(|p| p > engine.pain_green_max),
            stagnation,
            poor_readiness: readiness.filter(|sum| *sum >= engine.readiness_cut_sum),
        },
    }))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use jiff::civil::date;
    use keel_store::SqliteStore;

    use super::*;

    #[test]
    fn an_athlete_without_a_plan_has_not_started() {
        let store = SqliteStore::open_in_memory().unwrap();
        let overview = summarize(&store, date(2026, 3, 2), &CoachSettings::default()).unwrap();
        assert_eq!(overview, Overview::NotStarted);
    }

    #[test]
    fn flags_say_whether_any_is_raised() {
        assert!(!Flags::default().any());
        let pain_shown_but_green = Flags {
            max_pain: Some(2),
            ..Flags::default()
        };
        assert!(!pain_shown_but_green.any());
        let stagnating = Flags {
            stagnation: true,
            ..Flags::default()
        };
        assert!(stagnating.any());
    }
}
