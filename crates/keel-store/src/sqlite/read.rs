//! Reads: each query collects raw column values, then decodes them so a bad
//! row becomes [`crate::StoreError::Corrupt`] instead of a panic.

use keel_core::engine::EngineSettings;
use rusqlite::{Connection, OptionalExtension};

use super::codec::Row;
use super::db_error;
use crate::{PlanSettings, Profile, Result, SafetyEvent, StoredAssessment, StoredPlan};

// The single-row tables (profile, settings, engine settings, calendar)
// keep one row per user, keyed by `user_id`.

pub(super) fn profile(conn: &Connection, user: i64) -> Result<Option<Profile>> {
    let Some(data) = single_row(conn, user, "SELECT data FROM profile WHERE user_id = ?1")? else {
        return Ok(None);
    };
    Row::new("profile", user).json("data", &data).map(Some)
}

pub(super) fn settings(conn: &Connection, user: i64) -> Result<PlanSettings> {
    let Some(data) = single_row(conn, user, "SELECT data FROM settings WHERE user_id = ?1")? else {
        return Ok(PlanSettings::default());
    };
    let row = Row::new("settings", user);
    let settings: PlanSettings = row.json("data", &data)?;
    settings.validate().map_err(|e| row.corrupt("data", e))?;
    Ok(settings)
}

pub(super) fn engine_settings(conn: &Connection, user: i64) -> Result<Option<EngineSettings>> {
    let sql = "SELECT data FROM engine_settings WHERE user_id = ?1";
    let Some(data) = single_row(conn, user, sql)? else {
        return Ok(None);
    };
    let row = Row::new("engine_settings", user);
    let settings: EngineSettings = row.json("data", &data)?;
    settings.validate().map_err(|e| row.corrupt("data", e))?;
    Ok(Some(settings))
}

pub(super) fn calendar(conn: &Connection, user: i64) -> Result<crate::CalendarState> {
    let found = conn
        .query_row(
            "SELECT training_time, events, feed_token_sha256 FROM calendar WHERE user_id = ?1",
            [user],
            |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            },
        )
        .optional()
        .map_err(db_error)?;
    let Some((training_time, events, feed_token_sha256)) = found else {
        return Ok(crate::CalendarState::default());
    };
    let row = Row::new("calendar", user);
    Ok(crate::CalendarState {
        training_time,
        feed_token_sha256,
        events: row.json("events", &events)?,
    })
}

/// Runs a query and collects each row's raw column values. Decoding them
/// into domain values happens after, so a bad row becomes `Corrupt`.
pub(super) fn rows<T, P: rusqlite::Params>(
    conn: &Connection,
    sql: &str,
    params: P,
    map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql).map_err(db_error)?;
    stmt.query_map(params, map)
        .and_then(Iterator::collect)
        .map_err(db_error)
}

fn single_row(conn: &Connection, user: i64, sql: &str) -> Result<Option<String>> {
    conn.query_row(sql, [user], |r| r.get(0))
        .optional()
        .map_err(db_error)
}

pub(super) fn assessments(conn: &Connection, user: i64) -> Result<Vec<StoredAssessment>> {
    let raw = rows(
        conn,
        "SELECT id, date, recorded_at, input FROM assessments WHERE user_id = ?1
         ORDER BY date, id",
        [user],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
            ))
        },
    )?;
    raw.into_iter()
        .map(|(id, date, recorded_at, input)| {
            let row = Row::new("assessments", id);
            let date = row.date("date", &date)?;
            let input: keel_core::assessment::AssessmentInput = row.json("input", &input)?;
            // The date column is a copy for querying; it must agree with the input.
            if input.date != date {
                return Err(row.corrupt(
                    "date",
                    format!("{date} differs from the input's date {}", input.date),
                ));
            }
            Ok(StoredAssessment {
                id,
                recorded_at: row.timestamp("recorded_at", recorded_at)?,
                input,
            })
        })
        .collect()
}

/// In the order recorded, which is the order that decides the program status.
pub(super) fn safety_events(conn: &Connection, user: i64) -> Result<Vec<SafetyEvent>> {
    let raw = rows(
        conn,
        "SELECT id, date, kind, context, flags, note FROM safety_events WHERE user_id = ?1
         ORDER BY id",
        [user],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        },
    )?;
    raw.into_iter()
        .map(|(id, date, kind, context, flags, note)| {
            let row = Row::new("safety_events", id);
            let date = row.date("date", &date)?;
            match (kind.as_str(), context) {
                ("screen", Some(context)) => Ok(SafetyEvent::Screen {
                    date,
                    context: row.context("context", &context)?,
                    flags: row.json("flags", &flags)?,
                }),
                ("resume", None) => Ok(SafetyEvent::Resume { date, note }),
                (kind, context) => Err(row.corrupt(
                    "kind",
                    format!("a {kind:?} event with context {context:?} is not a known event"),
                )),
            }
        })
        .collect()
}

/// Which plan versions to read.
pub(super) enum PlanOrder {
    /// Every version, oldest first.
    All,
    /// Only the highest version.
    NewestOnly,
}

pub(super) fn plans(conn: &Connection, user: i64, which: PlanOrder) -> Result<Vec<StoredPlan>> {
    let sql = match which {
        PlanOrder::All => {
            "SELECT id, version, created_on, assessment_id, program FROM plans
             WHERE user_id = ?1 ORDER BY version"
        }
        PlanOrder::NewestOnly => {
            "SELECT id, version, created_on, assessment_id, program FROM plans
             WHERE user_id = ?1 ORDER BY version DESC LIMIT 1"
        }
    };
    let raw = rows(conn, sql, [user], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<i64>>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    raw.into_iter()
        .map(|(id, version, created_on, assessment_id, program)| {
            let row = Row::new("plans", id);
            Ok(StoredPlan {
                id,
                version,
                created_on: row.date("created_on", &created_on)?,
                assessment_id,
                program: row.json("program", &program)?,
            })
        })
        .collect()
}

/// Every outcome measure, by date then as recorded.
pub(super) fn outcomes(conn: &Connection, user: i64) -> Result<Vec<keel_core::outcome::Outcome>> {
    let raw = rows(
        conn,
        "SELECT id, date, data FROM outcomes WHERE user_id = ?1 ORDER BY date, id",
        [user],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        },
    )?;
    raw.into_iter()
        .map(|(id, date, data)| {
            let row = Row::new("outcomes", id);
            let date = row.date("date", &date)?;
            let outcome: keel_core::outcome::Outcome = row.json("data", &data)?;
            if outcome.date != date {
                return Err(row.corrupt(
                    "date",
                    format!("{date} differs from the outcome's date {}", outcome.date),
                ));
            }
            outcome.validate().map_err(|e| row.corrupt("data", e))?;
            Ok(outcome)
        })
        .collect()
}

/// The loaded questionnaire definitions, by id.
pub(super) fn questionnaires(
    conn: &Connection,
    user: i64,
) -> Result<Vec<keel_core::outcome::Questionnaire>> {
    let raw = rows(
        conn,
        "SELECT id, data FROM questionnaires WHERE user_id = ?1 ORDER BY instrument",
        [user],
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
    )?;
    raw.into_iter()
        .map(|(id, data)| Row::new("questionnaires", id).json("data", &data))
        .collect()
}
