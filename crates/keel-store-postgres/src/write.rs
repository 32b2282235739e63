//! One [`Write`] as SQL, inside the caller's transaction, scoped to one user.

use postgres::Transaction;

use crate::codec::{context_text, db_error, to_json};
use crate::log_write;
use keel_core::InputError;
use keel_store::{Result, SafetyEvent, StoreError, Write, counting, parts_changed};

/// A single-row-per-user table's upsert (profile, settings, engine settings).
fn upsert(table: &str) -> String {
    format!(
        "INSERT INTO {table} (user_id, data, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at"
    )
}

/// Sets one column of the user's calendar row, creating the row if needed.
fn calendar_column(column: &str) -> String {
    format!(
        "INSERT INTO calendar (user_id, {column}, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO UPDATE SET {column} = excluded.{column}, updated_at = excluded.updated_at"
    )
}

/// One user's batch inside the caller's transaction: the user's row is
/// locked first, which serialises that user's batches, so the reads made
/// inside a batch (latest assessment, next version, next set number) cannot
/// go stale; the same statement counts the change of each part of the
/// user's data the batch touches (see [`keel_store::Part`]). On an error the caller drops the
/// transaction, rolling it back.
pub(crate) fn apply_batch(
    tx: &mut Transaction<'_>,
    user: i64,
    writes: Vec<Write>,
    now: i64,
) -> Result<()> {
    let lock = match counting(&parts_changed(&writes)) {
        Some(count) => format!("UPDATE users SET {count} WHERE id = $1 RETURNING id"),
        None => "SELECT id FROM users WHERE id = $1 FOR UPDATE".to_string(),
    };
    let locked = tx.query_opt(&lock, &[&user]).map_err(db_error)?;
    if locked.is_none() {
        return Err(StoreError::Invalid(InputError::new(
            "user",
            format!("no user with id {user}"),
        )));
    }
    for one in writes {
        apply_one(tx, user, one, now)?;
    }
    Ok(())
}

fn apply_one(tx: &mut Transaction<'_>, user: i64, write: Write, now: i64) -> Result<()> {
    match write {
        Write::AddSet(logged) => log_write::add_set(tx, user, &logged, now),
        Write::UpdateSet { id, logged } => log_write::update_set(tx, user, id, &logged, now),
        Write::DeleteSet { id } => log_write::delete_set(tx, user, id),
        Write::DeleteSession { date } => log_write::delete_session(tx, user, date),
        Write::SummarizeSession { date, summary } => {
            log_write::summarize_session(tx, user, date, &summary, now)
        }
        Write::AddSessionPart { date, part } => {
            log_write::add_session_part(tx, user, date, part, now)
        }
        Write::AddCheckIn(check_in) => log_write::add_check_in(tx, user, &check_in, now),
        Write::ReplaceDecisions {
            plan_version,
            decisions,
        } => log_write::replace_decisions(tx, user, plan_version, &decisions),
        Write::Import { sets } => log_write::import(tx, user, &sets, now),
        Write::DeleteImported(which) => log_write::delete_imported(tx, user, which),

        Write::AddOutcome(outcome) => {
            outcome.validate().map_err(StoreError::Invalid)?;
            let data = to_json("outcome", &outcome)?;
            execute(
                tx,
                "INSERT INTO outcomes (user_id, date, instrument, data, recorded_at)
                 VALUES ($1, $2, $3, $4, $5)",
                &[&user, &outcome.date, &outcome.instrument, &data, &now],
            )
        }
        Write::SaveQuestionnaire(questionnaire) => {
            let data = to_json("questionnaire", &questionnaire)?;
            execute(
                tx,
                "INSERT INTO questionnaires (user_id, instrument, data, recorded_at)
                 VALUES ($1, $2, $3, $4)
                 ON CONFLICT (user_id, instrument) DO UPDATE SET data = excluded.data,
                     recorded_at = excluded.recorded_at",
                &[&user, &questionnaire.id, &data, &now],
            )
        }
        Write::SaveProfile(profile) => {
            let data = to_json("profile", &profile)?;
            execute(tx, &upsert("profile"), &[&user, &data, &now])
        }
        Write::SaveSettings(settings) => {
            // Stored settings must read back valid, so refuse them here.
            settings.validate().map_err(StoreError::Invalid)?;
            let data = to_json("settings", &settings)?;
            execute(tx, &upsert("settings"), &[&user, &data, &now])
        }
        Write::SetTrainingTime(time) => {
            execute(tx, &calendar_column("training_time"), &[&user, &time, &now])
        }
        Write::SaveCalendarEvents(events) => {
            let events = to_json("calendar events", &events)?;
            execute(tx, &calendar_column("events"), &[&user, &events, &now])
        }
        Write::SetCalendarFeed(hash) => execute(
            tx,
            &calendar_column("feed_token_sha256"),
            &[&user, &hash, &now],
        ),
        Write::SaveEngineSettings(settings) => {
            settings.validate().map_err(StoreError::Invalid)?;
            let data = to_json("engine_settings", &settings)?;
            execute(tx, &upsert("engine_settings"), &[&user, &data, &now])
        }
        Write::AddAssessment(input) => {
            let data = to_json("assessment", &input)?;
            execute(
                tx,
                "INSERT INTO assessments (user_id, date, recorded_at, input) VALUES ($1, $2, $3, $4)",
                &[&user, &input.date, &now, &data],
            )
        }
        Write::Safety(SafetyEvent::Screen {
            date,
            context,
            flags,
        }) => {
            let flags = to_json("red flags", &flags)?;
            execute(
                tx,
                "INSERT INTO safety_events (user_id, date, kind, context, flags, note, recorded_at)
                 VALUES ($1, $2, 'screen', $3, $4, '', $5)",
                &[&user, &date, &context_text(context), &flags, &now],
            )
        }
        Write::Safety(SafetyEvent::Resume { date, note }) => execute(
            tx,
            "INSERT INTO safety_events (user_id, date, kind, context, flags, note, recorded_at)
             VALUES ($1, $2, 'resume', NULL, '[]', $3, $4)",
            &[&user, &date, &note, &now],
        ),
        Write::AddPlan {
            created_on,
            program,
            link_latest_assessment,
        } => {
            let assessment_id = if link_latest_assessment {
                Some(latest_assessment_id(tx, user)?.ok_or_else(|| {
                    StoreError::Invalid(InputError::new(
                        "plan",
                        "no assessment is stored to build the plan from; record one first",
                    ))
                })?)
            } else {
                None
            };
            let data = to_json("program", &program)?;
            execute(
                tx,
                "INSERT INTO plans (user_id, version, created_on, assessment_id, program, recorded_at)
                 VALUES ($1, (SELECT COALESCE(MAX(version), 0) + 1 FROM plans WHERE user_id = $1),
                         $2, $3, $4, $5)",
                &[&user, &created_on, &assessment_id, &data, &now],
            )
        }
    }
}

pub(crate) fn execute(
    tx: &mut Transaction<'_>,
    sql: &str,
    params: &[&(dyn postgres::types::ToSql + Sync)],
) -> Result<()> {
    tx.execute(sql, params).map(drop).map_err(db_error)
}

/// The newest assessment: the latest date, then the last recorded that day
/// (the order [`keel_store::Store::assessments`] returns).
fn latest_assessment_id(tx: &mut Transaction<'_>, user: i64) -> Result<Option<i64>> {
    let row = tx
        .query_opt(
            "SELECT id FROM assessments WHERE user_id = $1 ORDER BY date DESC, id DESC LIMIT 1",
            &[&user],
        )
        .map_err(db_error)?;
    row.map(|r| crate::codec::get(&r, 0)).transpose()
}
