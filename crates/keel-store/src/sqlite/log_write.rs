//! The training log's writes: sets, sessions, check-ins and decisions, each
//! inside the caller's transaction. A write naming a row that does not exist
//! is refused as invalid input, so the whole batch rolls back.

use jiff::civil::Date;
use keel_core::training::{LoggedSet, SlotDecision};
use rusqlite::{Connection, OptionalExtension, params};

use super::codec::{
    MAX_SESSION_MINUTES, Row, SlotColumns, check_in_kind_text, date_text, exposure_kind_text,
    to_json,
};
use super::db_error;
use crate::codec::halts;
use crate::{CheckIn, InputError, Result, SessionPart, SessionSummary, StoreError};

fn refuse(field: &str, message: String) -> StoreError {
    StoreError::Invalid(InputError::new(field, message))
}

/// The id of the day's session, created (linked to the newest plan version,
/// if any) when the day has none yet; and whether it was created.
///
/// With `to_plan_in_force`, a session of an older plan version is moved to
/// the newest first: a set logged after a new plan (the same day, or for an
/// earlier day) is logged against the plan in force, and its day's session
/// must be among that plan's, or the journal would never see the set.
fn session_id(
    conn: &Connection,
    user: i64,
    date: Date,
    now: i64,
    to_plan_in_force: bool,
) -> Result<(i64, bool)> {
    let day = date_text(date);
    let created = conn
        .execute(
            "INSERT INTO sessions (date, plan_version, created_at, user_id)
             VALUES (?1, (SELECT MAX(version) FROM plans WHERE user_id = ?3), ?2, ?3)
             ON CONFLICT (user_id, date) DO NOTHING",
            params![day, now, user],
        )
        .map_err(db_error)?;
    if created == 0 && to_plan_in_force {
        conn.prepare_cached(
            "UPDATE sessions SET plan_version = (SELECT MAX(version) FROM plans WHERE user_id = ?2)
             WHERE user_id = ?2 AND date = ?1
               AND plan_version IS NOT (SELECT MAX(version) FROM plans WHERE user_id = ?2)",
        )
        .and_then(|mut relink| relink.execute(params![day, user]))
        .map_err(db_error)?;
    }
    let id = conn
        .query_row(
            "SELECT id FROM sessions WHERE user_id = ?1 AND date = ?2",
            params![user, day],
            |r| r.get(0),
        )
        .map_err(db_error)?;
    Ok((id, created == 1))
}

/// The SQL giving the next set number in session `?1`.
const NEXT_NUMBER: &str = "(SELECT COALESCE(MAX(number), 0) + 1 FROM sets WHERE session_id = ?1)";

/// Where [`add_set`] put a set.
pub(super) struct Placed {
    pub session: i64,
    pub new_session: bool,
    pub id: i64,
    pub number: u32,
}

pub(super) fn add_set(
    conn: &Connection,
    user: i64,
    logged: &LoggedSet,
    now: i64,
) -> Result<Placed> {
    let (session, new_session) = session_id(conn, user, logged.date, now, true)?;
    let slot = SlotColumns::of(&logged.slot);
    let data = to_json("logged set", logged)?;
    let (id, number) = conn
        .prepare_cached(&format!(
            "INSERT INTO sets (session_id, number, block, day_kind, planned_exercise,
                               exercise, kind, data, recorded_at, user_id)
             VALUES (?1, {NEXT_NUMBER}, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             RETURNING id, number"
        ))
        .and_then(|mut insert| {
            insert.query_row(
                params![
                    session,
                    slot.block,
                    slot.day_kind,
                    slot.planned,
                    logged.exercise.as_str(),
                    exposure_kind_text(logged.kind),
                    data,
                    now,
                    user
                ],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
        })
        .map_err(db_error)?;
    Ok(Placed {
        session,
        new_session,
        id,
        number,
    })
}

/// Corrects a set in place. A corrected date moves the set to that day's
/// session, as its last set; the row id and recording time stay.
pub(super) fn update_set(
    conn: &Connection,
    user: i64,
    id: i64,
    logged: &LoggedSet,
    now: i64,
) -> Result<()> {
    // Another user's set is "no logged set" here: its id tells nothing.
    let current: Option<i64> = conn
        .query_row(
            "SELECT session_id FROM sets WHERE id = ?1 AND user_id = ?2",
            [id, user],
            |r| r.get(0),
        )
        .optional()
        .map_err(db_error)?;
    let Some(current) = current else {
        return Err(refuse("set", format!("no logged set with id {id}")));
    };
    let (session, _) = session_id(conn, user, logged.date, now, false)?;
    if session != current {
        conn.execute(
            &format!("UPDATE sets SET session_id = ?1, number = {NEXT_NUMBER} WHERE id = ?2"),
            params![session, id],
        )
        .map_err(db_error)?;
    }
    let slot = SlotColumns::of(&logged.slot);
    let data = to_json("logged set", logged)?;
    conn.execute(
        "UPDATE sets SET block = ?1, day_kind = ?2, planned_exercise = ?3, exercise = ?4,
                         kind = ?5, data = ?6
         WHERE id = ?7",
        params![
            slot.block,
            slot.day_kind,
            slot.planned,
            logged.exercise.as_str(),
            exposure_kind_text(logged.kind),
            data,
            id
        ],
    )
    .map_err(db_error)?;
    Ok(())
}

/// Deletes one set; its session stays (it may hold minutes or an RPE).
pub(super) fn delete_set(conn: &Connection, user: i64, id: i64) -> Result<()> {
    let deleted = conn
        .execute(
            "DELETE FROM sets WHERE id = ?1 AND user_id = ?2",
            [id, user],
        )
        .map_err(db_error)?;
    if deleted == 0 {
        return Err(refuse("set", format!("no logged set with id {id}")));
    }
    Ok(())
}

/// Deletes a day's session; its sets go with it (ON DELETE CASCADE).
pub(super) fn delete_session(conn: &Connection, user: i64, date: Date) -> Result<()> {
    let deleted = conn
        .execute(
            "DELETE FROM sessions WHERE user_id = ?1 AND date = ?2",
            params![user, date_text(date)],
        )
        .map_err(db_error)?;
    if deleted == 0 {
        return Err(refuse("session", format!("no session logged on {date}")));
    }
    Ok(())
}

pub(super) fn summarize_session(
    conn: &Connection,
    user: i64,
    date: Date,
    summary: &SessionSummary,
    now: i64,
) -> Result<()> {
    if let Some(minutes) = summary.minutes.filter(|m| *m > MAX_SESSION_MINUTES) {
        return Err(refuse(
            "minutes",
            format!("a session lasts at most {MAX_SESSION_MINUTES} minutes, got {minutes}"),
        ));
    }
    let (session, _) = session_id(conn, user, date, now, false)?;
    conn.execute(
        "UPDATE sessions SET minutes = COALESCE(?1, minutes),
                             session_rpe = COALESCE(?2, session_rpe),
                             note = COALESCE(?3, note)
         WHERE id = ?4",
        params![
            summary.minutes,
            summary.session_rpe.map(|r| r.get()),
            summary.note,
            session
        ],
    )
    .map_err(db_error)?;
    Ok(())
}

/// Appends a further session to the day's (see [`crate::Write::AddSessionPart`]).
pub(super) fn add_session_part(
    conn: &Connection,
    user: i64,
    date: Date,
    part: SessionPart,
    now: i64,
) -> Result<()> {
    crate::codec::check_session_part(&part)?;
    let (session, _) = session_id(conn, user, date, now, false)?;
    let stored: String = conn
        .query_row(
            "SELECT more_sessions FROM sessions WHERE id = ?1",
            params![session],
            |r| r.get(0),
        )
        .map_err(db_error)?;
    let mut more: Vec<SessionPart> =
        Row::new("sessions", session).json("more_sessions", &stored)?;
    more.push(part);
    conn.execute(
        "UPDATE sessions SET more_sessions = ?1 WHERE id = ?2",
        params![to_json("further sessions", &more)?, session],
    )
    .map_err(db_error)?;
    Ok(())
}

pub(super) fn add_check_in(
    conn: &Connection,
    user: i64,
    check_in: &CheckIn,
    now: i64,
) -> Result<()> {
    let data = to_json("check-in", check_in)?;
    conn.execute(
        "INSERT INTO check_ins (date, kind, data, recorded_at, user_id)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            date_text(check_in.date()),
            check_in_kind_text(check_in),
            data,
            now,
            user
        ],
    )
    .map_err(db_error)?;
    Ok(())
}

pub(super) fn replace_decisions(
    conn: &Connection,
    user: i64,
    plan_version: i64,
    decisions: &[SlotDecision],
) -> Result<()> {
    let known: Option<i64> = conn
        .query_row(
            "SELECT version FROM plans WHERE user_id = ?1 AND version = ?2",
            [user, plan_version],
            |r| r.get(0),
        )
        .optional()
        .map_err(db_error)?;
    if known.is_none() {
        return Err(refuse(
            "plan_version",
            format!("no plan with version {plan_version}"),
        ));
    }
    // A replay after one more set usually changes only its tail, so the
    // stored decisions whose JSON equals the new ones' start stay and the
    // rest is rewritten (as on PostgreSQL): the same rows as a full
    // replace, a few inserts instead of one per decision of the plan.
    let encoded = decisions
        .iter()
        .map(|d| to_json("decision", d))
        .collect::<Result<Vec<String>>>()?;
    let stored: Vec<String> = {
        let mut select = conn
            .prepare_cached(
                "SELECT data FROM decisions WHERE user_id = ?1 AND plan_version = ?2
                 ORDER BY position",
            )
            .map_err(db_error)?;
        select
            .query_map([user, plan_version], |r| r.get(0))
            .map_err(db_error)?
            .collect::<rusqlite::Result<_>>()
            .map_err(db_error)?
    };
    let kept = stored
        .iter()
        .zip(&encoded)
        .take_while(|(old, new)| old == new)
        .count();
    rewrite_decisions(
        conn,
        user,
        plan_version,
        kept,
        &decisions[kept..],
        encoded.into_iter().skip(kept),
    )
}

/// Replaces plan `plan_version`'s decisions from position `from` on with
/// `tail` (`encoded`: their JSON).
pub(super) fn rewrite_decisions(
    conn: &Connection,
    user: i64,
    plan_version: i64,
    from: usize,
    tail: &[SlotDecision],
    encoded: impl Iterator<Item = String>,
) -> Result<()> {
    let from = i64::try_from(from).map_err(|e| StoreError::Backend(e.to_string()))?;
    conn.prepare_cached(
        "DELETE FROM decisions WHERE user_id = ?3 AND plan_version = ?1 AND position >= ?2",
    )
    .and_then(|mut delete| delete.execute([plan_version, from, user]))
    .map_err(db_error)?;
    let mut insert = conn
        .prepare_cached(
            "INSERT INTO decisions (plan_version, position, date, block, day_kind,
                                    planned_exercise, data, user_id, halt)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .map_err(db_error)?;
    for ((position, decision), data) in (from..).zip(tail).zip(encoded) {
        let slot = SlotColumns::of(&decision.slot);
        insert
            .execute(params![
                plan_version,
                position,
                date_text(decision.date),
                slot.block,
                slot.day_kind,
                slot.planned,
                data,
                user,
                halts(decision)
            ])
            .map_err(db_error)?;
    }
    Ok(())
}
