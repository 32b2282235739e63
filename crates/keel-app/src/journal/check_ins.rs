//! Which check-ins the journal reads: on a long history not all of them,
//! only the weeks before the current plan version and after, when the
//! older ones provably change nothing the journal answers.
//!
//! Why not simply from the plan's first day: the engine looks back across
//! it. A morning check-in's verdict reads the 14 days before it
//! (`keel_core::engine::morning_response`), sore days in a row are counted
//! however far back they run, a reactive deload triggered before the plan
//! can run into it, and one triggered inside another's days extends it. So
//! the journal reads from [`LOOK_BACK_DAYS`] before the plan's first day and
//! keeps that only when those weeks hold a calm stretch ([`calm_from`]) that
//! cuts every such chain; otherwise it reads every check-in. Either way the
//! journal answers exactly as with every check-in, for every day from the
//! plan's first (earlier days have no planned session).

use jiff::ToSpan;
use jiff::civil::Date;
use keel_core::engine::{EngineSettings, MorningCheck};
use keel_store::{CheckIn, Store, StoredPlan, TrainingSession};

use crate::Result;

/// How far before the plan's first day the bounded read starts: room for
/// the 14-day window of the calm stretch's first morning plus the stretch.
const LOOK_BACK_DAYS: i32 = 42;

/// The 14 days a morning verdict reads (its week and the week before).
const WINDOW_DAYS: i32 = 14;

/// Days without a sore morning that no reactive deload runs across: one
/// triggered up to 6 days into them (a sore morning still in its week)
/// lasts at most 14 days (`reactive-deload-days` is 3-14), so it ends
/// before a trigger after them could extend it.
const CALM_DAYS: i32 = 6 + 14;

/// The check-ins `plan`'s journal is made from, oldest first: those since
/// [`LOOK_BACK_DAYS`] before its first day when the earlier ones cannot
/// matter (see the module), else every one.
pub(crate) fn read(
    store: &dyn Store,
    plan: &StoredPlan,
    sessions: &[TrainingSession],
    settings: &EngineSettings,
) -> Result<Vec<CheckIn>> {
    let first = first_day(plan);
    if a_session_before_plan(plan, sessions) {
        return Ok(store.check_ins()?);
    }
    let Ok(since) = first.checked_sub(LOOK_BACK_DAYS.days()) else {
        return Ok(store.check_ins()?);
    };
    let recent = store.check_ins_since(since)?;
    if earlier_cannot_matter(&recent, since, first, settings) {
        Ok(recent)
    } else {
        Ok(store.check_ins()?)
    }
}

/// Whether one of `sessions` is dated before `plan`'s first day (not one
/// the services log): it would be judged against mornings the bound may
/// cut off, so every check-in is read.
pub(crate) fn a_session_before_plan(plan: &StoredPlan, sessions: &[TrainingSession]) -> bool {
    let first = first_day(plan);
    sessions.iter().any(|s| s.date < first)
}

/// The earliest day `plan` plans anything for or was made on.
pub(crate) fn first_day(plan: &StoredPlan) -> Date {
    let program = &plan.program;
    let planned = program.weeks.first().and_then(|w| w.days.first());
    [
        Some(plan.created_on),
        Some(program.start),
        planned.map(|d| d.date),
    ]
    .into_iter()
    .flatten()
    .min()
    .unwrap_or(plan.created_on)
}

/// Whether the check-ins before `since` change nothing from `first` on,
/// given `recent`, every check-in from `since`: there is a calm stretch
/// between them, and a morning check-in after its start, so that every
/// morning verdict from `first` on reads only mornings after `since`.
pub(crate) fn earlier_cannot_matter(
    recent: &[CheckIn],
    since: Date,
    first: Date,
    settings: &EngineSettings,
) -> bool {
    let mornings: Vec<&MorningCheck> = recent
        .iter()
        .filter_map(|c| match c {
            CheckIn::Morning(m) if m.date < first => Some(m),
            _ => None,
        })
        .collect();
    let Some(calm) = calm_from(&mornings, since, first, settings) else {
        return false;
    };
    // The newest morning on any day from `first` on is then this one or
    // later: its window starts after `since`, its sore days stop in the calm.
    mornings.iter().any(|m| m.date >= calm)
}

/// The first day of the earliest stretch of [`CALM_DAYS`] without a sore
/// morning that starts at least [`WINDOW_DAYS`] after `since` (what a
/// morning in it reads is all read) and ends before `first`; `None` when
/// there is none.
fn calm_from(
    mornings: &[&MorningCheck],
    since: Date,
    first: Date,
    settings: &EngineSettings,
) -> Option<Date> {
    let mut sore: Vec<Date> = mornings
        .iter()
        .filter(|m| m.soreness.get() >= settings.soreness_threshold)
        .map(|m| m.date)
        .collect();
    sore.sort();
    // Each stretch between sore mornings (the last one ending at `first`)
    // is calm; the first long enough wins.
    let mut start = since.checked_add((WINDOW_DAYS - 1).days()).ok()?;
    for next_sore in sore.into_iter().chain(std::iter::once(first)) {
        if next_sore < start {
            continue;
        }
        if start.checked_add(CALM_DAYS.days()).ok()? <= next_sore {
            return Some(start);
        }
        start = next_sore.tomorrow().ok()?;
    }
    None
}
