//! One [`Write`] as SQL, inside the caller's transaction.

use rusqlite::{Connection, OptionalExtension, params};

use super::codec::{context_text, date_text, to_json};
use super::{db_error, import_write, log_write};
use crate::{InputError, Result, SafetyEvent, StoreError, Write};

pub(super) fn apply_one(conn: &Connection, user: i64, write: Write, now: i64) -> Result<()> {
    match write {
        Write::AddSet(logged) => {
            log_write::add_set(conn, user, &logged, now)?;
        }
        Write::UpdateSet { id, logged } => log_write::update_set(conn, user, id, &logged, now)?,
        Write::DeleteSet { id } => log_write::delete_set(conn, user, id)?,
        Write::DeleteSession { date } => log_write::delete_session(conn, user, date)?,
        Write::SummarizeSession { date, summary } => {
            log_write::summarize_session(conn, user, date, &summary, now)?;
        }
        Write::AddSessionPart { date, part } => {
            log_write::add_session_part(conn, user, date, part, now)?;
        }
        Write::AddCheckIn(check_in) => log_write::add_check_in(conn, user, &check_in, now)?,
        Write::ReplaceDecisions {
            plan_version,
            decisions,
        } => log_write::replace_decisions(conn, user, plan_version, &decisions)?,
        Write::Import { sets } => import_write::import(conn, user, &sets, now)?,
        Write::DeleteImported(which) => import_write::delete(conn, user, which)?,

        Write::AddOutcome(outcome) => {
            outcome.validate().map_err(StoreError::Invalid)?;
            let data = to_json("outcome", &outcome)?;
            conn.execute(
                "INSERT INTO outcomes (date, instrument, data, recorded_at, user_id)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![date_text(outcome.date), outcome.instrument, data, now, user],
            )
            .map_err(db_error)?;
        }
        Write::SaveQuestionnaire(questionnaire) => {
            let data = to_json("questionnaire", &questionnaire)?;
            conn.execute(
                "INSERT INTO questionnaires (instrument, data, recorded_at, user_id)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (user_id, instrument) DO UPDATE SET data = excluded.data,
                     recorded_at = excluded.recorded_at",
                params![questionnaire.id, data, now, user],
            )
            .map_err(db_error)?;
        }
        Write::SaveProfile(profile) => {
            let data = to_json("profile", &profile)?;
            conn.execute(
                "INSERT INTO profile (user_id, data, updated_at) VALUES (?3, ?1, ?2)
                 ON CONFLICT (user_id) DO UPDATE
                 SET data = excluded.data, updated_at = excluded.updated_at",
                params![data, now, user],
            )
            .map_err(db_error)?;
        }
        Write::SaveSettings(settings) => {
            // Stored settings must read back valid, so refuse them here.
            settings.validate().map_err(StoreError::Invalid)?;
            let data = to_json("settings", &settings)?;
            conn.execute(
                "INSERT INTO settings (user_id, data, updated_at) VALUES (?3, ?1, ?2)
                 ON CONFLICT (user_id) DO UPDATE
                 SET data = excluded.data, updated_at = excluded.updated_at",
                params![data, now, user],
            )
            .map_err(db_error)?;
        }
        Write::SetTrainingTime(time) => calendar_column(conn, user, "training_time", time, now)?,
        Write::SaveCalendarEvents(events) => {
            let events = to_json("calendar events", &events)?;
            calendar_column(conn, user, "events", Some(events), now)?;
        }
        Write::SetCalendarFeed(hash) => {
            calendar_column(conn, user, "feed_token_sha256", hash, now)?;
        }
        Write::SaveEngineSettings(settings) => {
            settings.validate().map_err(StoreError::Invalid)?;
            let data = to_json("engine_settings", &settings)?;
            conn.execute(
                "INSERT INTO engine_settings (user_id, data, updated_at) VALUES (?3, ?1, ?2)
                 ON CONFLICT (user_id) DO UPDATE
                 SET data = excluded.data, updated_at = excluded.updated_at",
                params![data, now, user],
            )
            .map_err(db_error)?;
        }
        Write::AddAssessment(input) => {
            let data = to_json("assessment", &input)?;
            conn.execute(
                "INSERT INTO assessments (date, recorded_at, input, user_id)
                 VALUES (?1, ?2, ?3, ?4)",
                params![date_text(input.date), now, data, user],
            )
            .map_err(db_error)?;
        }
        Write::Safety(SafetyEvent::Screen {
            date,
            context,
            flags,
        }) => {
            let flags = to_json("red flags", &flags)?;
            conn.execute(
                "INSERT INTO safety_events (date, kind, context, flags, note, recorded_at, user_id)
                 VALUES (?1, 'screen', ?2, ?3, '', ?4, ?5)",
                params![date_text(date), context_text(context), flags, now, user],
            )
            .map_err(db_error)?;
        }
        Write::Safety(SafetyEvent::Resume { date, note }) => {
            conn.execute(
                "INSERT INTO safety_events (date, kind, context, flags, note, recorded_at, user_id)
                 VALUES (?1, 'resume', NULL, '[]', ?2, ?3, ?4)",
                params![date_text(date), note, now, user],
            )
            .map_err(db_error)?;
        }
        Write::AddPlan {
            created_on,
            program,
            link_latest_assessment,
        } => {
            let assessment_id = if link_latest_assessment {
                Some(latest_assessment_id(conn, user)?.ok_or_else(|| {
                    StoreError::Invalid(InputError::new(
                        "plan",
                        "no assessment is stored to build the plan from; record one first",
                    ))
                })?)
            } else {
                None
            };
            let data = to_json("program", &program)?;
            conn.execute(
                "INSERT INTO plans (version, created_on, assessment_id, program, recorded_at,
                                    user_id)
                 VALUES ((SELECT COALESCE(MAX(version), 0) + 1 FROM plans WHERE user_id = ?5),
                         ?1, ?2, ?3, ?4, ?5)",
                params![date_text(created_on), assessment_id, data, now, user],
            )
            .map_err(db_error)?;
        }
    }
    Ok(())
}

/// The newest assessment: the latest date, then the last recorded that day
/// (the same order [`crate::Store::assessments`] returns).
fn latest_assessment_id(conn: &Connection, user: i64) -> Result<Option<i64>> {
    conn.query_row(
        "SELECT id FROM assessments WHERE user_id = ?1 ORDER BY date DESC, id DESC LIMIT 1",
        [user],
        |r| r.get(0),
    )
    .optional()
    .map_err(db_error)
}

/// Sets one column of the calendar's row, creating the row if needed.
fn calendar_column(
    conn: &Connection,
    user: i64,
    column: &str,
    value: Option<String>,
    now: i64,
) -> Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO calendar (user_id, {column}, updated_at) VALUES (?3, ?1, ?2)
             ON CONFLICT (user_id) DO UPDATE
             SET {column} = excluded.{column}, updated_at = excluded.updated_at"
        ),
        params![value, now, user],
    )
    .map_err(db_error)?;
    Ok(())
}
