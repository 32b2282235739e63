//! Request keys (`idempotency_keys`), one set per user: stored with a
//! write, then its answer.

use keel_core::InputError;
use keel_store::{KEY_TAKEN, KeptAnswer, KeptKey, RequestKey, Result, StoreError};
use postgres::Transaction;

use crate::codec::{db_error, get};
use crate::pool::Conn;

/// Stores `key` inside the caller's transaction; refused (the caller then
/// rolls back) when the user has it stored already. A concurrent request
/// with the same key waits here for the first to commit or roll back.
pub(crate) fn claim(tx: &mut Transaction<'_>, user: i64, key: &RequestKey, now: i64) -> Result<()> {
    let added = tx
        .execute(
            "INSERT INTO idempotency_keys (user_id, key, fingerprint, created_at)
             VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, key) DO NOTHING",
            &[&user, &key.key, &key.fingerprint, &now],
        )
        .map_err(db_error)?;
    if added == 0 {
        return Err(StoreError::Invalid(InputError::new(
            "Idempotency-Key",
            KEY_TAKEN,
        )));
    }
    Ok(())
}

pub(crate) fn kept(conn: &mut Conn, user: i64, key: &str) -> Result<Option<KeptKey>> {
    let Some(row) = conn
        .query_opt(
            "SELECT fingerprint, status, content_type, location, body
             FROM idempotency_keys WHERE user_id = $1 AND key = $2",
            &[&user, &key],
        )
        .map_err(db_error)?
    else {
        return Ok(None);
    };
    let status: Option<i32> = get(&row, 1)?;
    let answer = match status {
        Some(status) => Some(KeptAnswer {
            status: u16::try_from(status).map_err(|e| StoreError::Corrupt {
                table: "idempotency_keys",
                id: 0,
                reason: e.to_string(),
            })?,
            content_type: get(&row, 2)?,
            location: get(&row, 3)?,
            body: get::<Option<Vec<u8>>>(&row, 4)?.unwrap_or_default(),
        }),
        None => None,
    };
    Ok(Some(KeptKey {
        fingerprint: get(&row, 0)?,
        answer,
    }))
}

pub(crate) fn keep_answer(
    conn: &mut Conn,
    user: i64,
    key: &RequestKey,
    answer: &KeptAnswer,
    now: i64,
) -> Result<()> {
    let status = i32::from(answer.status);
    let let_go_before = keel_store::answers_let_go_before(now);
    // One statement: the old answers are let go in the same round trip.
    // The two parts never touch one row: the first only answered keys, the
    // second only a key without an answer (or a new one).
    conn.execute(
        "WITH let_go AS (
             UPDATE idempotency_keys
             SET status = NULL, content_type = NULL, location = NULL, body = NULL
             WHERE user_id = $1 AND status IS NOT NULL AND created_at < $9
         )
         INSERT INTO idempotency_keys (user_id, key, fingerprint, status, content_type, location,
                                       body, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (user_id, key) DO UPDATE
         SET status = EXCLUDED.status, content_type = EXCLUDED.content_type,
             location = EXCLUDED.location, body = EXCLUDED.body
         WHERE idempotency_keys.status IS NULL
           AND idempotency_keys.fingerprint = EXCLUDED.fingerprint",
        &[
            &user,
            &key.key,
            &key.fingerprint,
            &status,
            &answer.content_type,
            &answer.location,
            &answer.body,
            &now,
            &let_go_before,
        ],
    )
    .map_err(db_error)?;
    Ok(())
}
