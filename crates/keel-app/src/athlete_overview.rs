//! One athlete at a glance, for the coach's dashboard and the coach API:
//! adherence, weekly load, the latest engine decision and the flags a coach
//! must not miss. Reads only; every threshold is the athlete's own engine
//! setting or a [`CoachSettings`] window. The coach pages and the coach API
//! both show this one overview, so they cannot disagree.

use std::collections::{BTreeMap, BTreeSet};

use jiff::ToSpan;
use jiff::civil::Date;
use keel_core::analytics::{AnalyticsSettings, adherence, session_load};
use keel_core::engine::{Action, DeloadCause};
use keel_store::{CheckIn, ProgramStatus, Store};
use serde::Serialize;

/// The dashboard's windows, with their defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CoachSettings {
    /// Days back (today included) whose highest logged pain is shown (default 7).
    pub pain_window_days: i64,
    /// Days back in which a variant rotation or a stagnation deload flags
    /// stagnation (default 14: two weeks, enough for the engine's
    /// stagnation window of 3 exposures at 2-3 sessions a week).
    pub stagnation_window_days: i64,
}

impl Default for CoachSettings {
    fn default() -> Self {
        CoachSettings {
            pain_window_days: 7,
            stagnation_window_days: 14,
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

/// An overview kept with what it was made for (beside the data's revision).
struct Kept {
    today: Date,
    settings: CoachSettings,
    overview: Overview,
}

/// The overview of the athlete whose store this is. Where the store has
/// the cache layer (the server), the overview made at the data's current
/// revision, for the same day and windows, is reused: a dashboard of
/// athletes who logged nothing new since is one small read each.
pub fn summarize(
    store: &dyn Store,
    today: Date,
    settings: &CoachSettings,
) -> crate::Result<Overview> {
    let kept = crate::cache::kept_or(
        store,
        crate::cache::switches::OVERVIEW.is_on(),
        |kept: &Kept| kept.today == today && kept.settings == *settings,
        || {
            Ok(Kept {
                today,
                settings: *settings,
                overview: summarize_afresh(store, today, settings)?,
            })
        },
    )?;
    Ok(kept.overview.clone())
}

/// The overview read from only what it shows: the current plan's sessions,
/// the last week's, the plan's decisions and the latest check-in (never the
/// whole history, so a roster of athletes with years of logs stays cheap).
/// Adherence and weekly load come from the same keel-core functions the
/// progress page uses; a test holds them equal to its insight.
fn summarize_afresh(
    store: &dyn Store,
    today: Date,
    settings: &CoachSettings,
) -> crate::Result<Overview> {
    let Some(plan) = store.current_plan()? else {
        return Ok(Overview::NotStarted);
    };
    if store.profile()?.is_none() {
        return Ok(Overview::NotStarted);
    }
    let engine = crate::settings::engine_settings(store)?;
    let analytics = AnalyticsSettings::default();
    let since = |days: i64| today.checked_sub((days.max(1) - 1).days()).unwrap_or(today);
    let program = &plan.program;

    // Adherence: the current plan's days up to today with a set logged
    // against this plan version (as the journal counts them).
    let logged: BTreeSet<Date> = if program.start <= today {
        store
            .sessions(Some(program.start), Some(today))?
            .iter()
            .filter(|s| s.plan_version == Some(plan.version) && !s.sets.is_empty())
            .map(|s| s.date)
            .collect()
    } else {
        BTreeSet::new()
    };
    let adherence = adherence(program, &logged, today).total.percent;

    // Weekly load: the days of the last week, each the sum of its sessions'
    // loads, summed in date order. The insight's series starts at the plan
    // start or the first session, whichever is earlier; a week before both
    // has no days, hence no load.
    let load_from = since(i64::try_from(analytics.week_days).unwrap_or(i64::MAX));
    let week = store.sessions(Some(load_from), Some(today))?;
    let series_started = program.start <= today
        || !week.is_empty()
        || !store.sessions(None, Some(today))?.is_empty();
    let weekly_load = series_started.then(|| {
        let mut days: BTreeMap<Date, f64> = BTreeMap::new();
        for s in &week {
            // Every session of the day: a second one adds to its load.
            for part in s.parts() {
                *days.entry(s.date).or_insert(0.0) += session_load(part.session_rpe, part.minutes);
            }
        }
        // Days without a session add 0.0, which changes no sum. Folded
        // from +0.0: an empty `sum()` of floats is -0.0, shown as "-0".
        days.values().fold(0.0, |total, load| total + load)
    });

    let decisions = store.decisions(plan.version)?;
    // `max_by_key` keeps the last of equal days: the latest slot decided.
    let latest = decisions.iter().max_by_key(|d| d.date).map(|d| Latest {
        date: d.date,
        action: d.decision.action.label(),
        reason: d.decision.reasons.first().cloned().unwrap_or_default(),
    });
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
    let pain_from = since(settings.pain_window_days);
    let max_pain = if pain_from >= load_from {
        // The pain window lies inside the week already read.
        week.iter()
            .filter(|s| s.date >= pain_from)
            .flat_map(|s| s.sets.iter().map(|set| set.logged.set.pain.get()))
            .max()
    } else {
        store
            .sessions(Some(pain_from), Some(today))?
            .iter()
            .flat_map(|s| s.sets.iter().map(|set| set.logged.set.pain.get()))
            .max()
    };
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
        adherence,
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
    use crate::insight::{self, InsightSettings};
    use crate::journal::{self, Journal};
    use crate::record::{self, SetAnswers, target_of};
    use crate::steps;
    use jiff::civil::date;
    use keel_core::assessment::{self, AssessmentInput, EnduranceHolds};
    use keel_core::catalog::Catalog;
    use keel_core::engine::ReadinessCheck;
    use keel_core::measure::{Pain, Readiness, Rpe, Seconds};
    use keel_core::profile::{Profile, TrainingAge, TrainingDays};
    use keel_core::program::{self, GenerateInput};
    use keel_core::redflag::Screen;
    use keel_store::{SafetyEvent, ScreenContext, SessionSummary, SqliteStore, Write};

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

    /// The summary's adherence and weekly load equal what the progress
    /// page's insight (every session, four weeks) computes for `day`.
    fn assert_matches_insight(store: &SqliteStore, day: Date, settings: &CoachSettings) {
        let Overview::Started(summary) = summarize(store, day, settings).unwrap() else {
            panic!("started on {day}");
        };
        let analytics = AnalyticsSettings::default();
        let insight =
            insight::gather(store, day, Some(4), &analytics, &InsightSettings::default()).unwrap();
        let week_from = day
            .checked_sub((i64::try_from(analytics.week_days).unwrap() - 1).days())
            .unwrap();
        let week: Vec<f64> = insight
            .load
            .iter()
            .filter(|d| d.date >= week_from && d.date <= day)
            .map(|d| d.load)
            .collect();
        let weekly_load = (!week.is_empty()).then(|| week.iter().sum::<f64>());
        assert_eq!(summary.adherence, insight.adherence.total.percent, "{day}");
        assert_eq!(summary.weekly_load, weekly_load, "{day}");
        assert!(
            summary.weekly_load.is_none_or(f64::is_sign_positive),
            "never a negative zero: {:?} on {day}",
            summary.weekly_load
        );
        // The kept overview is the one a fresh read gives, after every write.
        assert_eq!(
            Overview::Started(summary),
            summarize_afresh(store, day, settings).unwrap(),
            "{day}"
        );
    }

    fn new_plan(store: &mut SqliteStore, profile: &Profile, start: Date, hold: i64) {
        let s = |v: i64| Some(Seconds::new(v).unwrap());
        let input = AssessmentInput {
            date: start,
            holds: EnduranceHolds {
                extensor: s(hold),
                flexor: s(hold - 20),
                side_bridge_right: s(hold / 2),
                side_bridge_left: s(hold / 2 - 5),
                prone_plank: s(hold / 2 + 10),
            },
            movement: Default::default(),
            mobility: Default::default(),
            pain_now: None,
        };
        let report = assessment::assess(&input, profile.sex, profile.training_age);
        let program = program::generate(GenerateInput {
            profile,
            tailoring: &report.tailoring,
            settings: &store.settings().unwrap(),
            catalog: Catalog::builtin(),
            start,
        });
        store
            .apply(vec![
                Write::AddAssessment(input),
                Write::AddPlan {
                    created_on: start,
                    program,
                    link_latest_assessment: true,
                },
            ])
            .unwrap();
    }

    /// Every set of `day`'s session (some with pain), its RPE and minutes,
    /// and a readiness check-in.
    fn train(store: &mut SqliteStore, day: Date, n: u8) {
        let journal = Journal::load(store).unwrap();
        let Some(session) = journal.session_planned_on(day).unwrap() else {
            return;
        };
        let mut sets = Vec::new();
        for slot in steps::today(&session, None, &journal.settings) {
            for _ in &slot.steps {
                let answers = SetAnswers {
                    actual: target_of(&slot.slot.prescription).value(),
                    load: slot.slot.prescription.load(),
                    rpe: Some(Rpe::new(7).unwrap()),
                    quality_reps: None,
                    faults: Vec::new(),
                    pain: Pain::new(i64::from(n % 5)).unwrap(),
                    sharp_pain: false,
                    note: None,
                    sides: Default::default(),
                };
                sets.push(record::logged_set(&slot.slot, day, answers).unwrap());
            }
        }
        let mut writes = record::writes(sets, Some((day, Screen::clear())));
        let r = Readiness::new(i64::from(1 + n % 7)).unwrap();
        writes.push(Write::AddCheckIn(CheckIn::Readiness {
            date: day,
            check: ReadinessCheck {
                sleep: r,
                fatigue: r,
                stress: r,
                soreness: r,
            },
        }));
        writes.push(Write::SummarizeSession {
            date: day,
            summary: SessionSummary {
                minutes: Some(20 + u16::from(n)),
                session_rpe: Some(Rpe::new(i64::from(4 + n % 4)).unwrap()),
                note: None,
            },
        });
        journal::commit(store, writes).unwrap();
    }

    #[test]
    fn adherence_and_weekly_load_match_the_progress_insight() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let settings = CoachSettings::default();
        let start = date(2026, 1, 5);
        assert_eq!(
            summarize(&store, start, &settings).unwrap(),
            Overview::NotStarted
        );
        let profile = Profile {
            name: None,
            sex: None,
            training_age: TrainingAge::from_years(2.0),
            training_days: TrainingDays::parse("mon,wed,fri").unwrap(),
            light_days: false,
            equipment: Vec::new(),
            pain_now: Pain::new(0).unwrap(),
            units: Default::default(),
            inventory: Default::default(),
        };
        store
            .apply(vec![
                Write::SaveProfile(profile.clone()),
                Write::Safety(SafetyEvent::Screen {
                    date: start,
                    context: ScreenContext::Onboarding,
                    flags: Vec::new(),
                }),
            ])
            .unwrap();
        new_plan(&mut store, &profile, start, 100);
        let mut compared = 0;
        for (n, offset) in (0..70).enumerate() {
            let day = start.checked_add(offset.days()).unwrap();
            if offset == 30 {
                // A new plan version: adherence counts only its sessions.
                new_plan(&mut store, &profile, day, 120);
            }
            // Skip some days, so adherence is not 100 %.
            if n % 5 != 3 && offset < 60 {
                train(&mut store, day, u8::try_from(n % 250).unwrap());
            }
            if offset % 3 == 0 {
                assert_matches_insight(&store, day, &settings);
                compared += 1;
            }
        }
        // Days before the plan, and long after the last session.
        for day in [date(2025, 12, 1), date(2026, 6, 1)] {
            assert_matches_insight(&store, day, &settings);
        }
        assert!(compared > 20);
        let Overview::Started(summary) = summarize(&store, date(2026, 2, 27), &settings).unwrap()
        else {
            panic!("started");
        };
        assert!(summary.adherence.is_some_and(|p| p > 0.0 && p < 100.0));
        assert!(summary.weekly_load.is_some_and(|l| l > 0.0));
    }
}
