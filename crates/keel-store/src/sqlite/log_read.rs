//! The training log's reads. As in [`super::read`], raw column values are
//! collected first and decoded after, so a bad row becomes
//! [`crate::StoreError::Corrupt`]; the columns copied from a row's JSON must
//! agree with it.

use std::collections::HashMap;

use jiff::civil::Date;
use keel_core::measure::Rpe;
use keel_core::training::{LoggedSet, SlotDecision};
use rusqlite::{Connection, OptionalExtension, params};

use super::codec::{Row, SlotColumns, check_in_kind_text, date_text, exposure_kind_text};
use super::db_error;
use super::read::rows;
use crate::codec::halts;
use crate::{CheckIn, Result, StoredSet, TrainingSession};

/// Restricts a query on a `date` column to `?1 <= date <= ?2`, either bound optional.
const IN_RANGE: &str = "user_id = ?1 AND (?2 IS NULL OR date >= ?2) AND (?3 IS NULL OR date <= ?3)";

pub(super) fn sessions(
    conn: &Connection,
    user: i64,
    from: Option<Date>,
    to: Option<Date>,
) -> Result<Vec<TrainingSession>> {
    let (from, to) = (from.map(date_text), to.map(date_text));
    sessions_where(conn, IN_RANGE, params![user, from, to])
}

/// The sessions linked to one plan version (indexed by `sessions_by_plan`).
pub(super) fn sessions_of_plan(
    conn: &Connection,
    user: i64,
    version: i64,
) -> Result<Vec<TrainingSession>> {
    sessions_where(
        conn,
        "user_id = ?1 AND plan_version = ?2",
        params![user, version],
    )
}

/// The sessions matching `filter` (a condition on the sessions table over
/// `params`), with their sets.
/// The newest plan version, if any plan is stored.
pub(super) fn newest_plan_version(conn: &Connection, user: i64) -> Result<Option<i64>> {
    conn.query_row(
        "SELECT MAX(version) FROM plans WHERE user_id = ?1",
        [user],
        |r| r.get(0),
    )
    .map_err(db_error)
}

/// The plan version of `date`'s session: `None` when the day has no
/// session, `Some(None)` when it was logged before any plan.
pub(super) fn session_plan_version(
    conn: &Connection,
    user: i64,
    date: Date,
) -> Result<Option<Option<i64>>> {
    conn.query_row(
        "SELECT plan_version FROM sessions WHERE user_id = ?1 AND date = ?2",
        params![user, date_text(date)],
        |r| r.get(0),
    )
    .optional()
    .map_err(db_error)
}

fn sessions_where(
    conn: &Connection,
    filter: &str,
    params: &[&dyn rusqlite::ToSql],
) -> Result<Vec<TrainingSession>> {
    let raw = rows(
        conn,
        &format!(
            "SELECT id, date, plan_version, minutes, session_rpe, note, more_sessions FROM sessions
             WHERE {filter} ORDER BY date"
        ),
        params,
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, Option<i64>>(3)?,
                r.get::<_, Option<i64>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, String>(6)?,
            ))
        },
    )?;
    let mut sessions = raw
        .into_iter()
        .map(|(id, date, plan_version, minutes, rpe, note, more)| {
            let row = Row::new("sessions", id);
            Ok(TrainingSession {
                id,
                date: row.date("date", &date)?,
                plan_version,
                minutes: minutes.map(|m| row.int("minutes", m)).transpose()?,
                session_rpe: rpe
                    .map(|r| Rpe::new(r).map_err(|e| row.corrupt("session_rpe", e)))
                    .transpose()?,
                note,
                more: row.json("more_sessions", &more)?,
                sets: Vec::new(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let index: HashMap<i64, usize> = sessions
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id, i))
        .collect();
    for (session_id, set) in sets(conn, filter, params)? {
        // Sets come ordered by number, so pushing keeps each session's order.
        if let Some(session) = index.get(&session_id).and_then(|&i| sessions.get_mut(i)) {
            Row::new("sets", set.id).agrees("date", &session.date, &set.logged.date)?;
            session.sets.push(set);
        }
    }
    Ok(sessions)
}

/// The sets of the sessions matching `filter`, with their session ids, by number.
fn sets(
    conn: &Connection,
    filter: &str,
    params: &[&dyn rusqlite::ToSql],
) -> Result<Vec<(i64, StoredSet)>> {
    let raw = rows(
        conn,
        &format!(
            "SELECT id, session_id, number, block, day_kind, planned_exercise, exercise, kind,
                    data, recorded_at
             FROM sets
             WHERE session_id IN (SELECT id FROM sessions WHERE {filter})
             ORDER BY session_id, number"
        ),
        params,
        |r| {
            Ok((
                (
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                ),
                SlotColumns {
                    block: r.get(3)?,
                    day_kind: r.get(4)?,
                    planned: r.get(5)?,
                },
                (r.get::<_, String>(6)?, r.get::<_, String>(7)?),
                (r.get::<_, String>(8)?, r.get::<_, i64>(9)?),
            ))
        },
    )?;
    raw.into_iter()
        .map(
            |((id, session_id, number), slot, (exercise, kind), (data, recorded_at))| {
                let row = Row::new("sets", id);
                let logged: LoggedSet = row.json("data", &data)?;
                row.agrees("slot", &slot, &SlotColumns::of(&logged.slot))?;
                row.agrees("exercise", &exercise.as_str(), &logged.exercise.as_str())?;
                row.agrees("kind", &kind.as_str(), &exposure_kind_text(logged.kind))?;
                let set = StoredSet {
                    id,
                    number: row.int("number", number)?,
                    recorded_at: row.timestamp("recorded_at", recorded_at)?,
                    logged,
                };
                Ok((session_id, set))
            },
        )
        .collect()
}

/// By date, then in the order recorded; with `readiness_since`, only the
/// readiness check-ins dated that day or later (the others' JSON is not
/// decoded).
pub(super) fn check_ins(
    conn: &Connection,
    user: i64,
    readiness_since: Option<Date>,
) -> Result<Vec<CheckIn>> {
    // "date >= ''" holds for every stored date: one statement for both.
    let since = readiness_since.map(date_text).unwrap_or_default();
    let raw = rows(
        conn,
        "SELECT id, date, kind, data FROM check_ins
         WHERE user_id = ?1 AND (kind = 'morning' OR date >= ?2)
         ORDER BY date, id",
        params![user, since],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        },
    )?;
    raw.into_iter()
        .map(|(id, date, kind, data)| {
            let row = Row::new("check_ins", id);
            let check_in: CheckIn = row.json("data", &data)?;
            row.agrees("date", &row.date("date", &date)?, &check_in.date())?;
            row.agrees("kind", &kind.as_str(), &check_in_kind_text(&check_in))?;
            Ok(check_in)
        })
        .collect()
}

/// In the order the replay took them.
pub(super) fn decisions(
    conn: &Connection,
    user: i64,
    plan_version: i64,
) -> Result<Vec<SlotDecision>> {
    let raw = rows(
        conn,
        "SELECT id, plan_version, date, block, day_kind, planned_exercise, halt, data
             FROM decisions WHERE user_id = ?1 AND plan_version = ?2 ORDER BY position",
        [user, plan_version],
        DecisionRow::of,
    )?;
    raw.into_iter()
        .map(|row| row.decode().map(|(_, decision)| decision))
        .collect()
}

/// Of each planned exercise, its newest decision that is not a halt among
/// the plan versions before `before_version`, in (version, position) order.
/// Only the rows it returns are decoded: the subquery finds them on the
/// `decisions_carried` index (one seek per planned exercise).
pub(super) fn carried_decisions(
    conn: &Connection,
    user: i64,
    before_version: i64,
) -> Result<Vec<(i64, SlotDecision)>> {
    let raw = rows(
        conn,
        "SELECT id, plan_version, date, block, day_kind, planned_exercise, halt, data
             FROM decisions
             WHERE id IN (
                 SELECT (SELECT newest.id FROM decisions newest
                         WHERE newest.user_id = ?1 AND newest.halt = 0
                           AND newest.planned_exercise = exercise.planned_exercise
                           AND newest.plan_version < ?2
                         ORDER BY newest.plan_version DESC, newest.position DESC
                         LIMIT 1)
                 FROM (SELECT DISTINCT planned_exercise FROM decisions
                       WHERE user_id = ?1 AND halt = 0 AND plan_version < ?2) exercise)
             ORDER BY plan_version, position",
        [user, before_version],
        DecisionRow::of,
    )?;
    raw.into_iter().map(DecisionRow::decode).collect()
}

/// A `decisions` row as read, before its JSON is decoded.
struct DecisionRow {
    id: i64,
    plan_version: i64,
    date: String,
    slot: SlotColumns,
    halt: bool,
    data: String,
}

impl DecisionRow {
    /// The columns `id, plan_version, date, block, day_kind,
    /// planned_exercise, halt, data`, in that order.
    fn of(r: &rusqlite::Row<'_>) -> rusqlite::Result<DecisionRow> {
        Ok(DecisionRow {
            id: r.get(0)?,
            plan_version: r.get(1)?,
            date: r.get(2)?,
            slot: SlotColumns {
                block: r.get(3)?,
                day_kind: r.get(4)?,
                planned: r.get(5)?,
            },
            halt: r.get(6)?,
            data: r.get(7)?,
        })
    }

    /// Its plan version and decision; the columns copied from the JSON
    /// must agree with it.
    fn decode(self) -> Result<(i64, SlotDecision)> {
        let row = Row::new("decisions", self.id);
        let decision: SlotDecision = row.json("data", &self.data)?;
        row.agrees("date", &row.date("date", &self.date)?, &decision.date)?;
        row.agrees("slot", &self.slot, &SlotColumns::of(&decision.slot))?;
        row.agrees("halt", &self.halt, &halts(&decision))?;
        Ok((self.plan_version, decision))
    }
}
