//! Reads of one user's training log and imported history. As in
//! [`crate::read`], a bad row becomes [`keel_store::StoreError::Corrupt`];
//! the columns copied from a row's JSON must agree with it.

use std::collections::{HashMap, HashSet};

use crate::pool::Conn;
use jiff::civil::Date;
use keel_core::history::{ExerciseRef, ImportedSet};
use keel_core::measure::Rpe;
use keel_core::training::{LoggedSet, SlotDecision};
use postgres::types::ToSql;

use crate::codec::{
    JsonText, Origin, SlotColumns, check_in_kind_text, db_error, exposure_kind_text, get,
    slot_columns,
};
use keel_store::codec::halts;
use keel_store::{CheckIn, ImportBatch, Result, StoredSet, TrainingSession};

/// Restricts a query on a `date` column to `$2 <= date <= $3`, either bound optional.
const IN_RANGE: &str = "($2::date IS NULL OR date >= $2) AND ($3::date IS NULL OR date <= $3)";

pub(crate) fn sessions(
    client: &mut Conn,
    user: i64,
    from: Option<Date>,
    to: Option<Date>,
) -> Result<Vec<TrainingSession>> {
    sessions_where(client, user, IN_RANGE, &[&user, &from, &to])
}

/// The user's sessions linked to one plan version (indexed by `sessions_by_user_plan`).
pub(crate) fn sessions_of_plan(
    client: &mut Conn,
    user: i64,
    version: i64,
) -> Result<Vec<TrainingSession>> {
    sessions_where(client, user, "plan_version = $2", &[&user, &version])
}

/// The sessions of `user` (`$1`) matching `filter` (a condition on the sessions
/// table over the other `params`), with their sets.
fn sessions_where(
    client: &mut Conn,
    user: i64,
    filter: &str,
    params: &[&(dyn ToSql + Sync)],
) -> Result<Vec<TrainingSession>> {
    let rows = client
        .query(
            &format!(
                "SELECT id, date, plan_version, minutes, session_rpe, note, more_sessions FROM sessions
                 WHERE user_id = $1 AND {filter} ORDER BY date"
            ),
            params,
        )
        .map_err(db_error)?;
    let mut sessions = rows
        .iter()
        .map(|r| {
            let id: i64 = get(r, 0)?;
            let origin = Origin::new("sessions", id);
            let minutes: Option<i64> = get(r, 3)?;
            let rpe: Option<i64> = get(r, 4)?;
            Ok(TrainingSession {
                id,
                date: get(r, 1)?,
                plan_version: get(r, 2)?,
                minutes: minutes.map(|m| origin.int("minutes", m)).transpose()?,
                session_rpe: rpe
                    .map(|r| Rpe::new(r).map_err(|e| origin.corrupt("session_rpe", e)))
                    .transpose()?,
                note: get(r, 5)?,
                more: origin.json("more_sessions", get::<JsonText>(r, 6)?.0)?,
                sets: Vec::new(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let index: HashMap<i64, usize> = sessions
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id, i))
        .collect();
    for (session_id, set) in sets(client, user, filter, params)? {
        // Sets come ordered by number, so pushing keeps each session's order.
        if let Some(session) = index.get(&session_id).and_then(|&i| sessions.get_mut(i)) {
            Origin::new("sets", set.id).agrees("date", &session.date, &set.logged.date)?;
            session.sets.push(set);
        }
    }
    Ok(sessions)
}

/// The sets of `user`'s sessions matching `filter`, with their session ids, by number.
fn sets(
    client: &mut Conn,
    user: i64,
    filter: &str,
    params: &[&(dyn ToSql + Sync)],
) -> Result<Vec<(i64, StoredSet)>> {
    let rows = client
        .query(
            &format!(
                "SELECT id, session_id, number, block, day_kind, planned_exercise, exercise, kind,
                        data, recorded_at, user_id
                 FROM sets
                 WHERE session_id IN (SELECT id FROM sessions WHERE user_id = $1 AND {filter})
                 ORDER BY session_id, number"
            ),
            params,
        )
        .map_err(db_error)?;
    rows.iter()
        .map(|r| {
            let id: i64 = get(r, 0)?;
            let origin = Origin::new("sets", id);
            // Checked here rather than in the query: with `sets.user_id = $1`
            // there, PostgreSQL intersected every one of the user's sets
            // (the user's slot index) with each session's, several times the
            // work (the reads after every write but a set's).
            let owner: i64 = get(r, 10)?;
            if owner != user {
                return Err(origin.corrupt(
                    "user_id",
                    format!("a set of user {owner} in a session of user {user}"),
                ));
            }
            let logged: LoggedSet = origin.json("data", get::<JsonText>(r, 8)?.0)?;
            origin.agrees("slot", &slot_columns(r, 3)?, &SlotColumns::of(&logged.slot))?;
            let exercise: String = get(r, 6)?;
            origin.agrees("exercise", &exercise.as_str(), &logged.exercise.as_str())?;
            let kind: String = get(r, 7)?;
            origin.agrees("kind", &kind.as_str(), &exposure_kind_text(logged.kind))?;
            let set = StoredSet {
                id,
                number: origin.int("number", get(r, 2)?)?,
                recorded_at: origin.timestamp("recorded_at", get(r, 9)?)?,
                logged,
            };
            Ok((get(r, 1)?, set))
        })
        .collect()
}

/// By date, then in the order recorded; with `readiness_since`, only the
/// readiness check-ins dated that day or later (the others' JSON is not
/// decoded).
pub(crate) fn check_ins(
    client: &mut Conn,
    user: i64,
    readiness_since: Option<Date>,
) -> Result<Vec<CheckIn>> {
    let rows = match readiness_since {
        None => client.query(
            "SELECT id, date, kind, data FROM check_ins WHERE user_id = $1 ORDER BY date, id",
            &[&user],
        ),
        Some(since) => client.query(
            "SELECT id, date, kind, data FROM check_ins
             WHERE user_id = $1 AND (kind = 'morning' OR date >= $2)
             ORDER BY date, id",
            &[&user, &since],
        ),
    }
    .map_err(db_error)?;
    rows.iter()
        .map(|r| {
            let origin = Origin::new("check_ins", get(r, 0)?);
            let check_in: CheckIn = origin.json("data", get::<JsonText>(r, 3)?.0)?;
            origin.agrees("date", &get::<Date>(r, 1)?, &check_in.date())?;
            let kind: String = get(r, 2)?;
            origin.agrees("kind", &kind.as_str(), &check_in_kind_text(&check_in))?;
            Ok(check_in)
        })
        .collect()
}

/// In the order the replay took them.
pub(crate) fn decisions(
    client: &mut Conn,
    user: i64,
    plan_version: i64,
) -> Result<Vec<SlotDecision>> {
    let rows = client
        .query(
            "SELECT id, plan_version, date, block, day_kind, planned_exercise, halt, data
             FROM decisions WHERE user_id = $1 AND plan_version = $2 ORDER BY position",
            &[&user, &plan_version],
        )
        .map_err(db_error)?;
    rows.iter()
        .map(|r| decoded_decision(r).map(|(_, decision)| decision))
        .collect()
}

/// Of each planned exercise, its newest decision that is not a halt among
/// the plan versions before `before_version`, in (version, position) order.
/// Only the rows it returns are decoded: the subquery finds them on the
/// `decisions_carried` index (one seek per planned exercise).
pub(crate) fn carried_decisions(
    client: &mut Conn,
    user: i64,
    before_version: i64,
) -> Result<Vec<(i64, SlotDecision)>> {
    let rows = client
        .query(
            "SELECT id, plan_version, date, block, day_kind, planned_exercise, halt, data
             FROM decisions
             WHERE id IN (
                 SELECT (SELECT newest.id FROM decisions newest
                         WHERE newest.user_id = $1 AND NOT newest.halt
                           AND newest.planned_exercise = exercise.planned_exercise
                           AND newest.plan_version < $2
                         ORDER BY newest.plan_version DESC, newest.position DESC
                         LIMIT 1)
                 FROM (SELECT DISTINCT planned_exercise FROM decisions
                       WHERE user_id = $1 AND NOT halt AND plan_version < $2) exercise)
             ORDER BY plan_version, position",
            &[&user, &before_version],
        )
        .map_err(db_error)?;
    rows.iter().map(decoded_decision).collect()
}

/// A `decisions` row (columns `id, plan_version, date, block, day_kind,
/// planned_exercise, halt, data`) as its plan version and decision; the
/// columns copied from the JSON must agree with it.
fn decoded_decision(r: &postgres::Row) -> Result<(i64, SlotDecision)> {
    let origin = Origin::new("decisions", get(r, 0)?);
    let decision: SlotDecision = origin.json("data", get::<JsonText>(r, 7)?.0)?;
    origin.agrees("date", &get::<Date>(r, 2)?, &decision.date)?;
    origin.agrees(
        "slot",
        &slot_columns(r, 3)?,
        &SlotColumns::of(&decision.slot),
    )?;
    origin.agrees("halt", &get::<bool>(r, 6)?, &halts(&decision))?;
    Ok((get(r, 1)?, decision))
}

/// Imported sets, oldest first; `from`/`to` inclusive when given.
pub(crate) fn imported_sets(
    client: &mut Conn,
    user: i64,
    from: Option<Date>,
    to: Option<Date>,
) -> Result<Vec<ImportedSet>> {
    let rows = client
        .query(
            &format!(
                "SELECT id, source_key, exercise, data FROM imported_sets
                 WHERE user_id = $1 AND {IN_RANGE}
                 ORDER BY date, started_at, id"
            ),
            &[&user, &from, &to],
        )
        .map_err(db_error)?;
    rows.iter()
        .map(|r| {
            let origin = Origin::new("imported_sets", get(r, 0)?);
            let set: ImportedSet = origin.json("data", get::<JsonText>(r, 3)?.0)?;
            let from_json = match &set.exercise {
                ExerciseRef::Catalog(id) => Some(id.as_str().to_string()),
                ExerciseRef::Own(_) => None,
            };
            origin.agrees("exercise", &get::<Option<String>>(r, 2)?, &from_json)?;
            origin.agrees("source_key", &get::<String>(r, 1)?, &set.key())?;
            Ok(set)
        })
        .collect()
}

pub(crate) fn imported_keys(client: &mut Conn, user: i64) -> Result<HashSet<String>> {
    let rows = client
        .query(
            "SELECT source_key FROM imported_sets WHERE user_id = $1",
            &[&user],
        )
        .map_err(db_error)?;
    rows.iter().map(|r| get(r, 0)).collect()
}

/// The user's own exercises, by name with ASCII case folded (as SQLite's NOCASE).
pub(crate) fn user_exercises(client: &mut Conn, user: i64) -> Result<Vec<String>> {
    let rows = client
        .query(
            "SELECT name FROM user_exercises WHERE user_id = $1
             ORDER BY lower(name COLLATE \"C\"), name COLLATE \"C\"",
            &[&user],
        )
        .map_err(db_error)?;
    rows.iter().map(|r| get(r, 0)).collect()
}

/// The user's imports, oldest first: sets grouped by when they were imported.
pub(crate) fn imports(client: &mut Conn, user: i64) -> Result<Vec<ImportBatch>> {
    let rows = client
        .query(
            "SELECT imported_at, min(source), count(*), min(date), max(date) FROM imported_sets
             WHERE user_id = $1 GROUP BY imported_at ORDER BY imported_at",
            &[&user],
        )
        .map_err(db_error)?;
    rows.iter()
        .map(|r| {
            let id: i64 = get(r, 0)?;
            let origin = Origin::new("imported_sets", id);
            let source: String = get(r, 1)?;
            Ok(ImportBatch {
                id,
                source: keel_core::history::ImportSource::from_slug(&source)
                    .ok_or_else(|| origin.corrupt("source", format!("{source:?} is no source")))?,
                sets: origin.int("count", get::<i64>(r, 2)?)?,
                first: get(r, 3)?,
                last: get(r, 4)?,
            })
        })
        .collect()
}
