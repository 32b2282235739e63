//! [`keel_store::Revisioned::add_set_if_unchanged`] as one statement: set
//! logging is the server's busiest write, and each round trip of a
//! transaction (BEGIN, lock, find the session, insert, decisions, COMMIT)
//! costs PostgreSQL about as much CPU as the work itself.
//!
//! Every part of the statement hangs off `guard`, the user-row update that
//! counts the change: when the revision moved, `guard` matches no row and
//! nothing else is written. The row lock `guard` takes also keeps any other
//! write of this user's out until the statement commits.

use keel_core::training::LoggedSet;
use keel_store::codec::{SlotColumns, exposure_kind_text, halts, written_at};
use keel_store::{
    AddedSet, DecisionsTail, Part, RequestKey, Result, Revision, StoreError, StoredSet, counting,
    revision_columns,
};
use postgres::types::ToSql;

use crate::codec::{db_error, get, to_json};
use crate::pool::Conn;

/// The parameters before the revision counts `guard` compares.
const FIXED_PARAMS: usize = 18;

/// The statement for `unchanged` (the SQL differs only in which counts
/// `guard` compares) and, when `keyed`, a request key stored with the set
/// (its key and fingerprint the two parameters after the counts): `guard`
/// then also needs the key not stored yet.
fn statement(unchanged: &[Part], keyed: bool) -> String {
    let count = counting(&[Part::Log, Part::Decisions]).unwrap_or_default();
    let same: String = unchanged
        .iter()
        .enumerate()
        .map(|(i, part)| format!(" AND {} = ${}", part.column(), FIXED_PARAMS + 1 + i))
        .collect();
    let revision = revision_columns();
    let key = FIXED_PARAMS + 1 + unchanged.len();
    let (unused_key, store_key) = if keyed {
        (
            format!(
                " AND NOT EXISTS (SELECT 1 FROM idempotency_keys WHERE user_id = $1 AND key = ${key})"
            ),
            format!(
                "keyed AS (
            INSERT INTO idempotency_keys (user_id, key, fingerprint, created_at)
            SELECT $1, ${key}, ${}, $4 FROM guard
        ),
        ",
                key + 1
            ),
        )
    } else {
        (String::new(), String::new())
    };
    format!(
        "WITH guard AS (
            UPDATE users SET {count}
            WHERE id = $1{same}
              AND (SELECT MAX(version) FROM plans WHERE user_id = $1) = $2
              AND NOT EXISTS (SELECT 1 FROM sessions WHERE user_id = $1 AND date = $3
                                AND plan_version IS DISTINCT FROM $2){unused_key}
            RETURNING {revision}
        ),
        {store_key}found AS (
            SELECT id FROM sessions
            WHERE user_id = $1 AND date = $3 AND EXISTS (SELECT 1 FROM guard)
        ),
        made AS (
            INSERT INTO sessions (user_id, date, plan_version, created_at)
            SELECT $1, $3, $2, $4 FROM guard WHERE NOT EXISTS (SELECT 1 FROM found)
            RETURNING id
        ),
        session AS (
            SELECT id, FALSE AS made FROM found UNION ALL SELECT id, TRUE FROM made
        ),
        added AS (
            INSERT INTO sets (session_id, user_id, number, block, day_kind, planned_exercise,
                              exercise, kind, data, recorded_at)
            SELECT session.id, $1,
                   (SELECT COALESCE(MAX(number), 0) + 1 FROM sets WHERE session_id = session.id),
                   $5, $6, $7, $8, $9, $10, $4
            FROM session
            RETURNING id, number
        ),
        -- Positions from $11 on are gone; the tail's are rewritten in place,
        -- so no position is both deleted and inserted by this statement.
        dropped AS (
            DELETE FROM decisions
            WHERE user_id = $1 AND plan_version = $2 AND position >= $11
              AND EXISTS (SELECT 1 FROM guard)
        ),
        rewritten AS (
            INSERT INTO decisions (user_id, plan_version, position, date, block, day_kind,
                                   planned_exercise, data, halt)
            SELECT $1, $2, d.position, d.date, d.block, d.day_kind, d.planned, d.data, d.halt
            FROM unnest($12::bigint[], $13::date[], $14::bigint[], $15::text[], $16::text[],
                        $17::jsonb[], $18::boolean[])
                 AS d (position, date, block, day_kind, planned, data, halt)
            WHERE EXISTS (SELECT 1 FROM guard)
            ON CONFLICT (user_id, plan_version, position) DO UPDATE
            SET date = EXCLUDED.date, block = EXCLUDED.block, day_kind = EXCLUDED.day_kind,
                planned_exercise = EXCLUDED.planned_exercise, data = EXCLUDED.data,
                halt = EXCLUDED.halt
        )
        SELECT {revision}, session.id, session.made, added.id, added.number
        FROM guard, session, added"
    )
}

fn position(i: usize) -> Result<i64> {
    i64::try_from(i).map_err(|e| StoreError::Backend(e.to_string()))
}

/// The decisions' tail as the statement's column arrays.
struct TailColumns {
    positions: Vec<i64>,
    dates: Vec<jiff::civil::Date>,
    blocks: Vec<i64>,
    day_kinds: Vec<String>,
    planned: Vec<String>,
    data: Vec<serde_json::Value>,
    halts: Vec<bool>,
}

impl TailColumns {
    fn of(decisions: &DecisionsTail) -> Result<TailColumns> {
        let mut columns = TailColumns {
            positions: Vec::with_capacity(decisions.tail.len()),
            dates: Vec::with_capacity(decisions.tail.len()),
            blocks: Vec::with_capacity(decisions.tail.len()),
            day_kinds: Vec::with_capacity(decisions.tail.len()),
            planned: Vec::with_capacity(decisions.tail.len()),
            data: Vec::with_capacity(decisions.tail.len()),
            halts: Vec::with_capacity(decisions.tail.len()),
        };
        for (i, decision) in decisions.tail.iter().enumerate() {
            let slot = SlotColumns::of(&decision.slot);
            columns.positions.push(position(decisions.kept + i)?);
            columns.dates.push(decision.date);
            columns.blocks.push(slot.block);
            columns.day_kinds.push(slot.day_kind);
            columns.planned.push(slot.planned);
            columns.data.push(to_json("decision", decision)?);
            columns.halts.push(halts(decision));
        }
        Ok(columns)
    }
}

/// What the statement stores: the set, and the request's key when it
/// sent one.
pub(crate) struct NewSet<'a> {
    pub set: &'a LoggedSet,
    pub key: Option<&'a RequestKey>,
}

pub(crate) fn add_set_if_unchanged(
    conn: &mut Conn,
    user: i64,
    at: &Revision,
    unchanged: &[Part],
    new: NewSet<'_>,
    decisions: &DecisionsTail,
    now: i64,
) -> Result<Option<AddedSet>> {
    let NewSet { set, key } = new;
    let slot = SlotColumns::of(&set.slot);
    let data = to_json("logged set", set)?;
    let end = position(decisions.kept + decisions.tail.len())?;
    let tail = TailColumns::of(decisions)?;
    let counts: Vec<i64> = unchanged.iter().map(|part| at.of(*part)).collect();
    let (exercise, kind) = (set.exercise.as_str(), exposure_kind_text(set.kind));
    let mut params: Vec<&(dyn ToSql + Sync)> = vec![
        &user,
        &decisions.plan_version,
        &set.date,
        &now,
        &slot.block,
        &slot.day_kind,
        &slot.planned,
        &exercise,
        &kind,
        &data,
        &end,
        &tail.positions,
        &tail.dates,
        &tail.blocks,
        &tail.day_kinds,
        &tail.planned,
        &tail.data,
        &tail.halts,
    ];
    params.extend(counts.iter().map(|c| c as &(dyn ToSql + Sync)));
    if let Some(key) = key {
        params.push(&key.key);
        params.push(&key.fingerprint);
    }
    let row = conn
        .query_opt(&statement(unchanged, key.is_some()), &params)
        .map_err(db_error)?;
    let Some(row) = row else {
        return Ok(None);
    };
    let revision = Revision::from_columns(|i| get(&row, i))?;
    let at = keel_store::PARTS;
    let number: i64 = get(&row, at + 3)?;
    Ok(Some(AddedSet {
        revision,
        session_id: get(&row, at)?,
        new_session: get(&row, at + 1)?,
        set: StoredSet {
            id: get(&row, at + 2)?,
            number: u32::try_from(number).map_err(|e| StoreError::Backend(e.to_string()))?,
            recorded_at: written_at(now)?,
            logged: set.clone(),
        },
    }))
}
