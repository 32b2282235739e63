//! Request keys (`idempotency_keys`): stored with a write, then its answer.

use rusqlite::{Connection, OptionalExtension, params};

use super::db_error;
use crate::{InputError, KEY_TAKEN, KeptAnswer, KeptKey, RequestKey, Result, StoreError};

/// Stores `key` inside the caller's transaction; refused (the caller then
/// rolls back) when it is stored already.
pub(super) fn claim(conn: &Connection, user: i64, key: &RequestKey, now: i64) -> Result<()> {
    let added = conn
        .execute(
            "INSERT INTO idempotency_keys (key, fingerprint, created_at, user_id)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (user_id, key) DO NOTHING",
            params![key.key, key.fingerprint, now, user],
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

/// Whether `key` is stored.
pub(super) fn is_stored(conn: &Connection, user: i64, key: &str) -> Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM idempotency_keys WHERE user_id = ?1 AND key = ?2)",
        params![user, key],
        |row| row.get(0),
    )
    .map_err(db_error)
}

pub(super) fn kept(conn: &Connection, user: i64, key: &str) -> Result<Option<KeptKey>> {
    conn.query_row(
        "SELECT fingerprint, status, content_type, location, body
         FROM idempotency_keys WHERE user_id = ?1 AND key = ?2",
        params![user, key],
        |row| {
            let status: Option<u16> = row.get(1)?;
            Ok(KeptKey {
                fingerprint: row.get(0)?,
                answer: match status {
                    Some(status) => Some(KeptAnswer {
                        status,
                        content_type: row.get(2)?,
                        location: row.get(3)?,
                        body: row.get::<_, Option<Vec<u8>>>(4)?.unwrap_or_default(),
                    }),
                    None => None,
                },
            })
        },
    )
    .optional()
    .map_err(db_error)
}

pub(super) fn keep_answer(
    conn: &Connection,
    user: i64,
    key: &RequestKey,
    answer: &KeptAnswer,
    now: i64,
) -> Result<()> {
    conn.execute(
        "INSERT INTO idempotency_keys (key, fingerprint, status, content_type, location, body,
                                       created_at, user_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (user_id, key) DO UPDATE
         SET status = excluded.status, content_type = excluded.content_type,
             location = excluded.location, body = excluded.body
         WHERE idempotency_keys.status IS NULL
           AND idempotency_keys.fingerprint = excluded.fingerprint",
        params![
            key.key,
            key.fingerprint,
            answer.status,
            answer.content_type,
            answer.location,
            answer.body,
            now,
            user
        ],
    )
    .map_err(db_error)?;
    conn.execute(
        "UPDATE idempotency_keys
         SET status = NULL, content_type = NULL, location = NULL, body = NULL
         WHERE user_id = ?1 AND status IS NOT NULL AND created_at < ?2",
        params![user, crate::answers_let_go_before(now)],
    )
    .map_err(db_error)?;
    Ok(())
}
