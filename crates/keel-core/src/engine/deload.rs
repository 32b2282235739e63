//! The next-morning response (docs/method.md §6.4): pain or stiffness not
//! back to usual reduces the next session; soreness lasting beyond 48-72 h or
//! rising week to week triggers a reactive deload.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::log::MorningCheck;
use super::reasons;
use super::settings::EngineSettings;

/// What the morning check-ins ask of the next session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum MorningAdjustment {
    Proceed,
    /// Cut the next session's volume by this share; no progression.
    Reduce {
        percent: u8,
    },
    /// Deload: volume cut by `deload_cut_percent`, loads cut to `deload_load_share_percent`.
    Deload,
}

/// A morning adjustment with its plain-language reasons (never empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MorningResponse {
    pub adjustment: MorningAdjustment,
    pub reasons: Vec<String>,
}

/// Reads recent check-ins (any order; one a day). `after`, when given,
/// limits the "not back to usual" rule to a check-in dated after it (the
/// morning after the session being judged); soreness rules look at all of them.
pub fn morning_response(
    checks: &[MorningCheck],
    after: Option<Date>,
    settings: &EngineSettings,
) -> MorningResponse {
    let mut sorted: Vec<&MorningCheck> = checks.iter().collect();
    sorted.sort_by_key(|c| c.date);
    let Some(newest) = sorted.last() else {
        return MorningResponse {
            adjustment: MorningAdjustment::Proceed,
            reasons: vec![reasons::morning_none()],
        };
    };
    let mut found = Vec::new();
    if let Some(days) = sore_days(&sorted, settings) {
        found.push(reasons::soreness_lasting(days, settings));
    }
    if let Some((before, now)) = weekly_soreness(&sorted, newest.date) {
        let rise = f32::from(settings.soreness_rise_tenths) / 10.0;
        // A rise among trivial soreness (0 -> 1) is not a warning; it must also be sore.
        if now - before >= rise - 1e-4 && now >= f32::from(settings.soreness_threshold) {
            found.push(reasons::soreness_rising(before, now));
        }
    }
    if !found.is_empty() {
        return MorningResponse {
            adjustment: MorningAdjustment::Deload,
            reasons: found,
        };
    }
    let judged = after.is_none_or(|d| newest.date > d);
    if judged && !(newest.pain_back_to_usual && newest.stiffness_back_to_usual) {
        return MorningResponse {
            adjustment: MorningAdjustment::Reduce {
                percent: settings.morning_reduce_percent,
            },
            reasons: vec![reasons::morning_not_usual(newest, settings)],
        };
    }
    MorningResponse {
        adjustment: MorningAdjustment::Proceed,
        reasons: vec![reasons::morning_fine()],
    }
}

/// Days in a row, ending at the newest check-in, with soreness at or above
/// the threshold, when they reach `soreness_max_days`.
fn sore_days(sorted: &[&MorningCheck], settings: &EngineSettings) -> Option<u8> {
    let mut days: u8 = 0;
    let mut expected: Option<Date> = None;
    for check in sorted.iter().rev() {
        let consecutive = expected.is_none_or(|d| check.date == d);
        if !consecutive || check.soreness.get() < settings.soreness_threshold {
            break;
        }
        days = days.saturating_add(1);
        expected = check.date.yesterday().ok();
    }
    (days >= settings.soreness_max_days).then_some(days)
}

/// Mean soreness over the 7 days before the newest check-in's week and over
/// its week, when both weeks have check-ins.
fn weekly_soreness(sorted: &[&MorningCheck], newest: Date) -> Option<(f32, f32)> {
    let mut this_week = Vec::new();
    let mut last_week = Vec::new();
    for check in sorted {
        let age = newest.duration_since(check.date).as_secs() / 86_400;
        match age {
            0..=6 => this_week.push(f32::from(check.soreness.get())),
            7..=13 => last_week.push(f32::from(check.soreness.get())),
            _ => {}
        }
    }
    let mean = |v: &[f32]| (!v.is_empty()).then(|| v.iter().sum::<f32>() / v.len() as f32);
    Some((mean(&last_week)?, mean(&this_week)?))
}

/// A reactive deload (docs/method.md §5.6): soreness lasting or rising, seen
/// on a morning check-in, deloads every exercise from that day for
/// `reactive_deload_days`; nothing rises inside it. A new trigger inside a
/// period (or on the day it ends) extends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReactiveDeload {
    /// The day of the check-in that started it.
    pub from: Date,
    /// The first day after it.
    pub until: Date,
    /// Why it started (the soreness rule that fired).
    pub reasons: Vec<String>,
}

impl ReactiveDeload {
    pub fn covers(&self, date: Date) -> bool {
        self.from <= date && date < self.until
    }
}

/// Every reactive deload the check-ins start, oldest first. Each check-in
/// is judged on the check-ins dated on or before it (never a later one),
/// so appending a check-in never moves an earlier period's start.
pub fn reactive_deloads(checks: &[MorningCheck], settings: &EngineSettings) -> Vec<ReactiveDeload> {
    let mut sorted: Vec<&MorningCheck> = checks.iter().collect();
    sorted.sort_by_key(|c| c.date);
    let mut periods: Vec<ReactiveDeload> = Vec::new();
    // The soreness rules look back two weeks at most (a weekly mean and the
    // week before it; days in a row stop at `soreness_max_days` <= 4).
    const LOOK_BACK_DAYS: i64 = 14;
    let mut start = 0;
    for (end, check) in sorted.iter().enumerate() {
        if end + 1 < sorted.len() && sorted[end + 1].date == check.date {
            continue;
        }
        while start < end
            && check.date.duration_since(sorted[start].date).as_secs() / 86_400 >= LOOK_BACK_DAYS
        {
            start += 1;
        }
        let known: Vec<MorningCheck> = sorted[start..=end].iter().map(|c| (*c).clone()).collect();
        let response = morning_response(&known, None, settings);
        if response.adjustment != MorningAdjustment::Deload {
            continue;
        }
        let until = check
            .date
            .checked_add(jiff::Span::new().days(i64::from(settings.reactive_deload_days)))
            .unwrap_or(check.date);
        match periods.last_mut() {
            Some(last) if last.until >= check.date => last.until = last.until.max(until),
            _ => periods.push(ReactiveDeload {
                from: check.date,
                until,
                reasons: response.reasons,
            }),
        }
    }
    periods
}
