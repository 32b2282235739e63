//! Reads: each query collects raw column values, then decodes them so a bad
//! row becomes [`crate::StoreError::Corrupt`] instead of a panic.

use keel_core::engine::EngineSettings;
use rusqlite::{Connection, OptionalExtension};

use super::codec::Row;
use super::db_error;
use crate::{PlanSettings, Profile, Result, SafetyEvent, StoredAssessment, StoredPlan};

/// The single-row tables keep their row at this id.
const SINGLE_ROW: i64 = 1;

pub(super) fn profile(conn: &Connection) -> Result<Option<Profile>> {
    let Some(data) = single_row(conn, "SELECT data FROM profile WHERE id = ?1")? else {
        return Ok(None);
    };
    Row::new("profile", SINGLE_ROW)
        .json("data", &data)
        .map(Some)
}

pub(super) fn settings(conn: &Connection) -> Result<PlanSettings> {
    let Some(data) = single_row(conn, "SELECT data FROM settings WHERE id = ?1")? else {
        return Ok(PlanSettings::default());
    };
    let row = Row::new("settings", SINGLE_ROW);
    let settings: PlanSettings = row.json("data", &data)?;
    settings.validate().map_err(|e| row.corrupt("data", e))?;
    Ok(settings)
}

pub(super) fn engine_settings(conn: &Connection) -> Result<Option<EngineSettings>> {
    let Some(data) = single_row(conn, "SELECT data FROM engine_settings WHERE id = ?1")? else {
        return Ok(None);
    };
    let row = Row::new("engine_settings", SINGLE_ROW);
    let settings: EngineSettings = row.json("data", &data)?;
    settings.validate().map_err(|e| row.corrupt("data", e))?;
    Ok(Some(settings))
}

pub(super) fn calendar(conn: &Connection) -> Result<crate::CalendarState> {
    let found = conn
        .query_row(
            "SELECT training_time, events, feed_token_sha256 FROM calendar WHERE id = 1",
            [],
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
    let row = Row::new("calendar", SINGLE_ROW);
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

fn single_row(conn: &Connection, sql: &str) -> Result<Option<String>> {
    conn.query_row(sql, [SINGLE_ROW], |r| r.get(0))
        .optional()
        .map_err(db_error)
}

pub(super) fn assessments(conn: &Connection) -> Result<Vec<StoredAssessment>> {
    let raw = rows(
        conn,
        "SELECT id, date, recorded_at, input FROM assessments ORDER BY date, id",
        [],
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
pub(super) fn safety_events(conn: &Connection) -> Result<Vec<SafetyEvent>> {
    let raw = rows(
        conn,
        "SELECT id, date, kind, context, flags, note FROM safety_events ORDER BY id",
        [],
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

pub(super) fn plans(conn: &Connection, which: PlanOrder) -> Result<Vec<StoredPlan>> {
    let sql = match which {
        PlanOrder::All => {
            "SELECT id, version, created_on, assessment_id, program FROM plans ORDER BY version"
        }
        PlanOrder::NewestOnly => {
            "SELECT id, version, created_on, assessment_id, program FROM plans
             ORDER BY version DESC LIMIT 1"
        }
    };
    let raw = rows(conn, sql, [], |r| {
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
pub(super) fn outcomes(conn: &Connection) -> Result<Vec<keel_core::outcome::Outcome>> {
    let raw = rows(
        conn,
        "SELECT id, date, data FROM outcomes ORDER BY date, id",
        [],
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
pub(super) fn questionnaires(conn: &Connection) -> Result<Vec<keel_core::outcome::Questionnaire>> {
    let raw = rows(
        conn,
        "SELECT id, data FROM questionnaires ORDER BY instrument",
        [],
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
    )?;
    raw.into_iter()
        .map(|(id, data)| Row::new("questionnaires", id).json("data", &data))
        .collect()
}
