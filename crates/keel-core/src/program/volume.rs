//! Weekly region volume and the cap that keeps any one region from being
//! overworked (METHOD.md section 3).
//!
//! Convention: a slot's work is its working seconds, sets x hold seconds
//! (x 2 per side, plus one set for a weaker-side extra) for holds, sets x
//! top-of-range reps x tempo seconds (x 2 per side) for reps, sets x seconds
//! (distance at walking pace) for carries. Region volume is that work times
//! the exercise's region weight, summed over the main block and the transfer
//! drill of the week's training days. Warm-up, between-set, cool-down and
//! light-day drills are unloaded mobility work and are not counted.

use std::collections::BTreeMap;

use super::prescribe::set_sets;
use super::rules;
use super::{Prescription, Session, Slot};
use crate::catalog::{Catalog, Region};
use crate::measure::Seconds;

/// Working seconds of one slot (the convention above).
pub fn work_seconds(prescription: &Prescription, tempo_fallback: u32) -> f64 {
    match prescription {
        Prescription::Hold {
            sets,
            seconds,
            per_side,
            extra_sets_on,
            ..
        } => {
            let sides = if *per_side { 2.0 } else { 1.0 };
            let extra = if extra_sets_on.is_some() { 1.0 } else { 0.0 };
            (f64::from(*sets) * sides + extra) * f64::from(seconds.get())
        }
        Prescription::Reps {
            sets,
            reps_max,
            per_side,
            tempo,
            ..
        } => {
            let sides = if *per_side { 2.0 } else { 1.0 };
            let rep = tempo.map(|t| t.rep_seconds()).unwrap_or(tempo_fallback);
            f64::from(*sets) * sides * f64::from(*reps_max) * f64::from(rep)
        }
        Prescription::Carry {
            sets,
            metres,
            seconds,
            ..
        } => {
            let each = match (seconds, metres) {
                (Some(s), _) => f64::from(s.get()),
                (None, Some(m)) => f64::from(*m) / rules::CARRY_METRES_PER_SECOND,
                (None, None) => 0.0,
            };
            f64::from(*sets) * each
        }
        Prescription::Drill { .. } => 0.0,
    }
}

fn slot_volume(slot: &Slot, catalog: &Catalog, into: &mut BTreeMap<Region, f64>, times: f64) {
    let Some(exercise) = catalog.get(&slot.exercise) else {
        return;
    };
    let work = work_seconds(&slot.prescription, rules::DEFAULT_REP_SECONDS) * times;
    for (region, weight) in &exercise.regions {
        *into.entry(*region).or_default() += work * f64::from(*weight);
    }
}

/// Region volume of sessions, each counted `times` over the week.
pub(crate) fn week_volume(
    sessions: &[(&Session, usize)],
    catalog: &Catalog,
) -> BTreeMap<Region, f64> {
    let mut volume = BTreeMap::new();
    for (session, times) in sessions {
        let times = *times as f64;
        for slot in session.main.iter().chain(session.transfer.iter()) {
            slot_volume(slot, catalog, &mut volume, times);
        }
    }
    volume
}

/// Each region's share of the total, percent, for every region.
pub(crate) fn shares(volume: &BTreeMap<Region, f64>) -> Vec<(Region, f32)> {
    let total: f64 = volume.values().sum();
    Region::ALL
        .iter()
        .map(|r| {
            let v = volume.get(r).copied().unwrap_or(0.0);
            let share = if total > 0.0 { v / total * 100.0 } else { 0.0 };
            // One decimal is plenty for display and keeps snapshots stable.
            (*r, ((share * 10.0).round() / 10.0) as f32)
        })
        .collect()
}

/// Upper bound on balancing steps; each step strictly lowers the excess,
/// so the pass ends long before this.
const MAX_STEPS: usize = 1000;

/// One change the balancing pass may make to a slot, in order of preference.
#[derive(Debug, Clone, Copy)]
enum Move {
    /// One set fewer (never below one).
    Trim,
    /// A shorter hold (never below the hold floor).
    Shorten,
    /// A lower top of the rep range, down to its bottom (deload weeks only:
    /// training ranges drive double progression).
    FewerReps,
    /// Drop a one-set slot from the main block (not on deload weeks).
    Remove,
    /// One set more, to dilute an overworked region (up to the slot's limit).
    Boost,
    /// A longer hold, back up to the slot's limit.
    Lengthen,
    /// A spare slot added to the session (training weeks only).
    Add(usize),
    /// A higher top of the rep range, back up to the slot's limit.
    MoreReps,
}

/// Changes that take volume away, tried first; adding volume is the fallback.
const REDUCING: [Move; 4] = [Move::Trim, Move::Shorten, Move::FewerReps, Move::Remove];
const ADDING: [Move; 2] = [Move::Boost, Move::Lengthen];

/// How far the pass may raise a slot: sets and hold seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limit {
    pub sets: u8,
    pub seconds: u16,
    pub reps_max: u8,
}

/// Where a slot sits: session index, and main-block index or `None` for the transfer.
type At = (usize, Option<usize>);

/// What the pass works on: the sessions of a week, how often each occurs,
/// each slot's limit (main slots in order, then the transfer), and spare
/// slots it may add (fresh exercises that keep the rotation rule).
pub(crate) struct Week<'s> {
    pub sessions: Vec<(&'s mut Session, usize)>,
    pub limits: Vec<Vec<Limit>>,
    pub spares: &'s [Slot],
}

/// Limits for a training week: up to [`rules::MAX_SETS`], never a longer hold.
pub(crate) fn training_limits(session: &Session) -> Vec<Limit> {
    slots(session).map(training_limits_of).collect()
}

fn training_limits_of(slot: &Slot) -> Limit {
    Limit {
        sets: slot.prescription.sets().max(rules::MAX_SETS),
        seconds: hold_seconds(&slot.prescription).unwrap_or(0),
        reps_max: reps_max(&slot.prescription).unwrap_or(0),
    }
}

fn reps_max(p: &Prescription) -> Option<u8> {
    match p {
        Prescription::Reps { reps_max, .. } => Some(*reps_max),
        _ => None,
    }
}

/// Limits for a deload week: never above the training week it was cut from.
pub(crate) fn deload_limits(training: &Session) -> Vec<Limit> {
    slots(training)
        .map(|s| Limit {
            sets: s.prescription.sets(),
            seconds: hold_seconds(&s.prescription).unwrap_or(0),
            reps_max: reps_max(&s.prescription).unwrap_or(0),
        })
        .collect()
}

fn slots(session: &Session) -> impl Iterator<Item = &Slot> {
    session.main.iter().chain(session.transfer.iter())
}

fn hold_seconds(p: &Prescription) -> Option<u16> {
    match p {
        Prescription::Hold { seconds, .. } => Some(seconds.get()),
        _ => None,
    }
}

/// Brings every region's share to `cap_percent` or under by greedy steps:
/// each step applies the change that most lowers the total excess over the
/// cap, preferring changes that take volume away, and the pass stops when
/// no change helps. Deterministic. On deload weeks no slot is removed (every
/// movement stays) and rep ranges may shorten instead.
pub(crate) fn balance(
    week: &mut Week<'_>,
    catalog: &Catalog,
    cap_percent: u8,
    min_hold: u16,
    deload: bool,
) {
    let cap = f64::from(cap_percent);
    let mut current = excess(&week.sessions, catalog, cap);
    for _ in 0..MAX_STEPS {
        if current <= 0.0 {
            return;
        }
        let adding: Vec<Move> = if deload {
            ADDING.to_vec()
        } else {
            ADDING
                .iter()
                .copied()
                .chain((0..week.spares.len()).map(Move::Add))
                .collect()
        };
        let Some((after, at, mv)) =
            best_move(week, catalog, cap, min_hold, deload, current, &REDUCING)
                .or_else(|| best_move(week, catalog, cap, min_hold, deload, current, &adding))
        else {
            return;
        };
        let spares = week.spares;
        let (session, _) = &mut week.sessions[at.0];
        apply(session, &mut week.limits[at.0], at.1, mv, min_hold, spares);
        current = after;
    }
    if deload {
        restore(week, catalog, cap, min_hold, current);
    }
}

/// Deload fallback when greedy steps stall: give volume back, one step at a
/// time (the step leaving the least excess), toward the limits. The limits
/// are a training week with the same A/B counts, which met the cap, so this
/// always ends under the cap, at worst at that week's sets without its load.
fn restore(week: &mut Week<'_>, catalog: &Catalog, cap: f64, min_hold: u16, mut current: f64) {
    const RESTORING: [Move; 3] = [Move::Boost, Move::Lengthen, Move::MoreReps];
    while current > 0.0 {
        let mut best: Option<(f64, At, Move)> = None;
        for at in positions(&week.sessions) {
            for mv in RESTORING {
                let mut trial: Vec<(Session, usize)> = week
                    .sessions
                    .iter()
                    .map(|(s, n)| ((**s).clone(), *n))
                    .collect();
                let mut limits = week.limits.clone();
                if !apply(
                    &mut trial[at.0].0,
                    &mut limits[at.0],
                    at.1,
                    mv,
                    min_hold,
                    &[],
                ) {
                    continue;
                }
                let view: Vec<(&mut Session, usize)> =
                    trial.iter_mut().map(|(s, n)| (s, *n)).collect();
                let after = excess(&view, catalog, cap);
                if best.is_none_or(|(b, _, _)| after < b - 1e-9) {
                    best = Some((after, at, mv));
                }
            }
        }
        // Nothing left to restore: every slot is at its limit.
        let Some((after, at, mv)) = best else {
            return;
        };
        let (session, _) = &mut week.sessions[at.0];
        apply(session, &mut week.limits[at.0], at.1, mv, min_hold, &[]);
        current = after;
    }
}

/// The move among `moves` that lowers the excess most, if any lowers it.
fn best_move(
    week: &Week<'_>,
    catalog: &Catalog,
    cap: f64,
    min_hold: u16,
    deload: bool,
    current: f64,
    moves: &[Move],
) -> Option<(f64, At, Move)> {
    let mut best: Option<(f64, At, Move)> = None;
    for at in positions(&week.sessions) {
        for &mv in moves {
            let allowed = match mv {
                Move::Remove => !deload,
                Move::FewerReps => deload,
                _ => true,
            };
            if !allowed {
                continue;
            }
            let mut trial: Vec<(Session, usize)> = week
                .sessions
                .iter()
                .map(|(s, n)| ((**s).clone(), *n))
                .collect();
            let mut limits = week.limits.clone();
            if !apply(
                &mut trial[at.0].0,
                &mut limits[at.0],
                at.1,
                mv,
                min_hold,
                week.spares,
            ) {
                continue;
            }
            let view: Vec<(&mut Session, usize)> = trial.iter_mut().map(|(s, n)| (s, *n)).collect();
            let after = excess(&view, catalog, cap);
            if after < current - 1e-9 && best.is_none_or(|(b, _, _)| after < b - 1e-9) {
                best = Some((after, at, mv));
            }
        }
    }
    best
}

fn positions(sessions: &[(&mut Session, usize)]) -> Vec<At> {
    let mut out = Vec::new();
    for (si, (session, times)) in sessions.iter().enumerate() {
        if *times == 0 {
            continue;
        }
        out.extend((0..session.main.len()).map(|i| (si, Some(i))));
        if session.transfer.is_some() {
            out.push((si, None));
        }
    }
    out
}

/// Holds move by a tenth, at least a second.
fn hold_step(seconds: u16) -> u16 {
    (seconds / 10).max(1)
}

fn apply(
    session: &mut Session,
    limits: &mut Vec<Limit>,
    at: Option<usize>,
    mv: Move,
    min_hold: u16,
    spares: &[Slot],
) -> bool {
    let main_len = session.main.len();
    if let Move::Add(k) = mv {
        // Added once per session, on the session's first position only.
        let Some(spare) = spares.get(k) else {
            return false;
        };
        if at != Some(0) || session.main.iter().any(|s| s.exercise == spare.exercise) {
            return false;
        }
        limits.insert(main_len, training_limits_of(spare));
        session.main.push(spare.clone());
        return true;
    }
    let index = at.unwrap_or(main_len);
    let Some(limit) = limits.get(index).copied() else {
        return false;
    };
    let slot = match at {
        Some(i) => session.main.get_mut(i),
        None => session.transfer.as_mut(),
    };
    let Some(slot) = slot else { return false };
    let sets = slot.prescription.sets();
    match (mv, &mut slot.prescription) {
        (Move::Trim, p) if sets > 1 => set_sets(p, sets - 1),
        (Move::Boost, p) if sets < limit.sets => set_sets(p, sets + 1),
        (Move::Shorten, Prescription::Hold { seconds, .. }) if seconds.get() > min_hold => {
            let to = seconds
                .get()
                .saturating_sub(hold_step(seconds.get()))
                .max(min_hold);
            *seconds = Seconds::saturating(i64::from(to));
        }
        (Move::Lengthen, Prescription::Hold { seconds, .. }) if seconds.get() < limit.seconds => {
            let to = (seconds.get() + hold_step(seconds.get())).min(limit.seconds);
            *seconds = Seconds::saturating(i64::from(to));
        }
        (
            Move::FewerReps,
            Prescription::Reps {
                reps_min, reps_max, ..
            },
        ) if *reps_max > *reps_min => {
            *reps_max -= 1;
        }
        (Move::MoreReps, Prescription::Reps { reps_max, .. }) if *reps_max < limit.reps_max => {
            *reps_max += 1;
        }
        (Move::Remove, _) => match at {
            Some(i) if sets == 1 && main_len > 1 => {
                session.main.remove(i);
                limits.remove(i);
            }
            _ => return false,
        },
        _ => return false,
    }
    true
}

/// Sum over regions of the share above the cap, percentage points.
fn excess(sessions: &[(&mut Session, usize)], catalog: &Catalog, cap: f64) -> f64 {
    let view: Vec<(&Session, usize)> = sessions.iter().map(|(s, n)| (&**s, *n)).collect();
    let volume = week_volume(&view, catalog);
    let total: f64 = volume.values().sum();
    if total <= 0.0 {
        return 0.0;
    }
    volume
        .values()
        .map(|v| (v / total * 100.0 - cap).max(0.0))
        .sum()
}
