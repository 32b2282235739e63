//! The training log's and imports' writes, each inside the caller's
//! transaction and scoped to one user. A write naming a row that does not
//! exist (for this user) is refused as invalid input, so the whole batch
//! rolls back.

use jiff::civil::Date;
use keel_core::InputError;
use keel_core::history::{ExerciseRef, ImportedSet};
use keel_core::training::{LoggedSet, SlotDecision};
use postgres::Transaction;

use crate::codec::{
    JsonText, MAX_SESSION_MINUTES, SlotColumns, check_in_kind_text, db_error, exposure_kind_text,
    get, to_json,
};
use crate::write::execute;
use keel_store::codec::halts;
use keel_store::{CheckIn, ImportedSelection, Result, SessionPart, SessionSummary, StoreError};

fn refuse(field: &str, message: String) -> StoreError {
    StoreError::Invalid(InputError::new(field, message))
}

/// The id of the user's session on `date`, created (linked to the newest
/// plan version, if any) when the day has none yet.
///
/// With `to_plan_in_force`, a session of an older plan version is moved to
/// the newest first: a set logged after a new plan is logged against the
/// plan in force, and its day's session must be among that plan's, or the
/// journal would never see the set.
fn session_id(
    tx: &mut Transaction<'_>,
    user: i64,
    date: Date,
    now: i64,
    to_plan_in_force: bool,
) -> Result<i64> {
    // Look first: an INSERT that conflicts would still use up an id of the
    // sequence. The batch holds the user's lock, so nobody adds it meanwhile.
    let found = tx
        .query_opt(
            "SELECT id FROM sessions WHERE user_id = $1 AND date = $2",
            &[&user, &date],
        )
        .map_err(db_error)?;
    if let Some(row) = found {
        let id: i64 = get(&row, 0)?;
        if to_plan_in_force {
            tx.execute(
                "UPDATE sessions
                 SET plan_version = (SELECT MAX(version) FROM plans WHERE user_id = $1)
                 WHERE id = $2 AND plan_version IS DISTINCT FROM
                       (SELECT MAX(version) FROM plans WHERE user_id = $1)",
                &[&user, &id],
            )
            .map_err(db_error)?;
        }
        return Ok(id);
    }
    let row = tx
        .query_one(
            "INSERT INTO sessions (user_id, date, plan_version, created_at)
             VALUES ($1, $2, (SELECT MAX(version) FROM plans WHERE user_id = $1), $3)
             RETURNING id",
            &[&user, &date, &now],
        )
        .map_err(db_error)?;
    get(&row, 0)
}

/// The SQL giving the next set number in session `$1`.
const NEXT_NUMBER: &str = "(SELECT COALESCE(MAX(number), 0) + 1 FROM sets WHERE session_id = $1)";

pub(crate) fn add_set(
    tx: &mut Transaction<'_>,
    user: i64,
    logged: &LoggedSet,
    now: i64,
) -> Result<()> {
    let session = session_id(tx, user, logged.date, now, true)?;
    let slot = SlotColumns::of(&logged.slot);
    let data = to_json("logged set", logged)?;
    execute(
        tx,
        &format!(
            "INSERT INTO sets (session_id, user_id, number, block, day_kind, planned_exercise,
                               exercise, kind, data, recorded_at)
             VALUES ($1, $2, {NEXT_NUMBER}, $3, $4, $5, $6, $7, $8, $9)"
        ),
        &[
            &session,
            &user,
            &slot.block,
            &slot.day_kind,
            &slot.planned,
            &logged.exercise.as_str(),
            &exposure_kind_text(logged.kind),
            &data,
            &now,
        ],
    )
}

/// Corrects a set in place. A corrected date moves the set to that day's
/// session, as its last set; the row id and recording time stay.
pub(crate) fn update_set(
    tx: &mut Transaction<'_>,
    user: i64,
    id: i64,
    logged: &LoggedSet,
    now: i64,
) -> Result<()> {
    let current = tx
        .query_opt(
            "SELECT session_id FROM sets WHERE id = $1 AND user_id = $2",
            &[&id, &user],
        )
        .map_err(db_error)?;
    let Some(current) = current else {
        return Err(refuse("set", format!("no logged set with id {id}")));
    };
    let current: i64 = get(&current, 0)?;
    let session = session_id(tx, user, logged.date, now, false)?;
    if session != current {
        execute(
            tx,
            &format!("UPDATE sets SET session_id = $1, number = {NEXT_NUMBER} WHERE id = $2"),
            &[&session, &id],
        )?;
    }
    let slot = SlotColumns::of(&logged.slot);
    let data = to_json("logged set", logged)?;
    execute(
        tx,
        "UPDATE sets SET block = $1, day_kind = $2, planned_exercise = $3, exercise = $4,
                         kind = $5, data = $6
         WHERE id = $7 AND user_id = $8",
        &[
            &slot.block,
            &slot.day_kind,
            &slot.planned,
            &logged.exercise.as_str(),
            &exposure_kind_text(logged.kind),
            &data,
            &id,
            &user,
        ],
    )
}

/// Deletes one set; its session stays (it may hold minutes or an RPE).
pub(crate) fn delete_set(tx: &mut Transaction<'_>, user: i64, id: i64) -> Result<()> {
    let deleted = tx
        .execute(
            "DELETE FROM sets WHERE id = $1 AND user_id = $2",
            &[&id, &user],
        )
        .map_err(db_error)?;
    if deleted == 0 {
        return Err(refuse("set", format!("no logged set with id {id}")));
    }
    Ok(())
}

/// Deletes a day's session; its sets go with it (ON DELETE CASCADE).
pub(crate) fn delete_session(tx: &mut Transaction<'_>, user: i64, date: Date) -> Result<()> {
    let deleted = tx
        .execute(
            "DELETE FROM sessions WHERE user_id = $1 AND date = $2",
            &[&user, &date],
        )
        .map_err(db_error)?;
    if deleted == 0 {
        return Err(refuse("session", format!("no session logged on {date}")));
    }
    Ok(())
}

pub(crate) fn summarize_session(
    tx: &mut Transaction<'_>,
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
    let session = session_id(tx, user, date, now, false)?;
    execute(
        tx,
        "UPDATE sessions SET minutes = COALESCE($1, minutes),
                             session_rpe = COALESCE($2, session_rpe),
                             note = COALESCE($3, note)
         WHERE id = $4",
        &[
            &summary.minutes.map(i64::from),
            &summary.session_rpe.map(|r| i64::from(r.get())),
            &summary.note,
            &session,
        ],
    )
}

/// Appends a further session to the day's (see [`keel_store::Write::AddSessionPart`]).
pub(crate) fn add_session_part(
    tx: &mut Transaction<'_>,
    user: i64,
    date: Date,
    part: SessionPart,
    now: i64,
) -> Result<()> {
    keel_store::codec::check_session_part(&part)?;
    let session = session_id(tx, user, date, now, false)?;
    execute(
        tx,
        "UPDATE sessions SET more_sessions = more_sessions || $1::jsonb WHERE id = $2",
        &[&to_json("further session", &vec![part])?, &session],
    )
}

pub(crate) fn add_check_in(
    tx: &mut Transaction<'_>,
    user: i64,
    check_in: &CheckIn,
    now: i64,
) -> Result<()> {
    let data = to_json("check-in", check_in)?;
    execute(
        tx,
        "INSERT INTO check_ins (user_id, date, kind, data, recorded_at) VALUES ($1, $2, $3, $4, $5)",
        &[
            &user,
            &check_in.date(),
            &check_in_kind_text(check_in),
            &data,
            &now,
        ],
    )
}

pub(crate) fn replace_decisions(
    tx: &mut Transaction<'_>,
    user: i64,
    plan_version: i64,
    decisions: &[SlotDecision],
) -> Result<()> {
    let known = tx
        .query_opt(
            "SELECT version FROM plans WHERE user_id = $1 AND version = $2",
            &[&user, &plan_version],
        )
        .map_err(db_error)?;
    if known.is_none() {
        return Err(refuse(
            "plan_version",
            format!("no plan with version {plan_version}"),
        ));
    }
    // A replay after one more set usually changes only its tail, so the
    // stored decisions equal to the new ones' start stay and the rest is
    // rewritten: the same rows as a full replace, a few inserts instead of
    // one per decision. A stored row that no longer parses counts as changed.
    let stored = tx
        .query(
            "SELECT data FROM decisions WHERE user_id = $1 AND plan_version = $2
             ORDER BY position",
            &[&user, &plan_version],
        )
        .map_err(db_error)?;
    let kept = stored
        .iter()
        .zip(decisions)
        .take_while(|(row, new)| {
            row.try_get::<_, JsonText>(0)
                .ok()
                .and_then(|data| serde_json::from_slice::<SlotDecision>(data.0).ok())
                .is_some_and(|old| &old == *new)
        })
        .count();
    let first_changed = i64::try_from(kept).map_err(|e| StoreError::Backend(e.to_string()))?;
    execute(
        tx,
        "DELETE FROM decisions WHERE user_id = $1 AND plan_version = $2 AND position >= $3",
        &[&user, &plan_version, &first_changed],
    )?;
    let insert = tx
        .prepare(
            "INSERT INTO decisions (user_id, plan_version, position, date, block, day_kind,
                                    planned_exercise, data, halt)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .map_err(db_error)?;
    for (position, decision) in (first_changed..).zip(decisions.iter().skip(kept)) {
        let slot = SlotColumns::of(&decision.slot);
        let data = to_json("decision", decision)?;
        tx.execute(
            &insert,
            &[
                &user,
                &plan_version,
                &position,
                &decision.date,
                &slot.block,
                &slot.day_kind,
                &slot.planned,
                &data,
                &halts(decision),
            ],
        )
        .map_err(db_error)?;
    }
    Ok(())
}

/// Adds each imported set not stored yet (by key), and each own exercise
/// not listed yet (names compare without ASCII case).
pub(crate) fn import(
    tx: &mut Transaction<'_>,
    user: i64,
    sets: &[ImportedSet],
    now: i64,
) -> Result<()> {
    let add_set = tx
        .prepare(
            "INSERT INTO imported_sets (user_id, source_key, source, date, started_at, exercise,
                                        exercise_name, data, imported_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (user_id, source_key) DO NOTHING",
        )
        .map_err(db_error)?;
    let add_own = tx
        .prepare(
            "INSERT INTO user_exercises (user_id, name, created_at) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING",
        )
        .map_err(db_error)?;
    let mut last_own: Option<&str> = None;
    for set in sets {
        let catalog_id = match &set.exercise {
            ExerciseRef::Catalog(id) => Some(id.as_str()),
            ExerciseRef::Own(name) => {
                // Consecutive sets share an exercise; skip the repeat statement.
                if last_own != Some(name.as_str()) {
                    tx.execute(&add_own, &[&user, name, &now])
                        .map_err(db_error)?;
                    last_own = Some(name.as_str());
                }
                None
            }
        };
        let data = to_json("imported set", set)?;
        tx.execute(
            &add_set,
            &[
                &user,
                &set.key(),
                &set.source.slug(),
                &set.date(),
                &set.started_at,
                &catalog_id,
                &set.exercise_name,
                &data,
                &now,
            ],
        )
        .map_err(db_error)?;
    }
    Ok(())
}

/// Deletes the imported sets `which` selects.
pub(crate) fn delete_imported(
    tx: &mut Transaction<'_>,
    user: i64,
    which: ImportedSelection,
) -> Result<()> {
    match which {
        ImportedSelection::Day(date) => execute(
            tx,
            "DELETE FROM imported_sets WHERE user_id = $1 AND date = $2",
            &[&user, &date],
        ),
        ImportedSelection::Import(id) => execute(
            tx,
            "DELETE FROM imported_sets WHERE user_id = $1 AND imported_at = $2",
            &[&user, &id],
        ),
    }
}
