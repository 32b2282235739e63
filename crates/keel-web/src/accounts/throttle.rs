//! The login throttle's counts, kept in the database so every server
//! process on it shares them; the throttle's rules are keel-app's
//! ([`LoginThrottle`]).

use jiff::Timestamp;
use keel_app::auth::{KeptCounts, Locked, LoginThrottle, ThrottleKey};

use crate::error::WebError;
use crate::server::Server;

/// Whether any of `keys` is locked at `now`, by the failed logins kept in
/// the database.
pub async fn check(
    server: &Server,
    keys: &[ThrottleKey],
    now: Timestamp,
) -> Result<Result<(), Locked>, WebError> {
    let backend = server.backend().clone();
    let settings = server.settings().throttle;
    let keys = keys.to_vec();
    crate::blocking::run(move || {
        let stored: Vec<String> = keys.iter().map(ThrottleKey::stored).collect();
        let rows = backend.throttle_rows(&stored)?;
        let throttle = LoginThrottle::with_counts(settings, kept(&keys, rows));
        Ok(throttle.check(&keys, now))
    })
    .await
    .map_err(|e| WebError::Internal(format!("background task failed: {e}")))?
}

/// Applies `outcome` (a failure or a success) to the counts of `keys` in
/// the database, atomically; then whether any of them is locked.
pub async fn record(
    server: &Server,
    keys: &[ThrottleKey],
    now: Timestamp,
    outcome: fn(&mut LoginThrottle, &[ThrottleKey], Timestamp),
) -> Result<Result<(), Locked>, WebError> {
    let backend = server.backend().clone();
    let settings = server.settings().throttle;
    let keys = keys.to_vec();
    crate::blocking::run(move || {
        let stored: Vec<String> = keys.iter().map(ThrottleKey::stored).collect();
        // Rows idle this long are gone from every count.
        let stale = now
            .checked_sub(settings.window)
            .and_then(|t| t.checked_sub(settings.lockout))
            .unwrap_or(now);
        let mut verdict = Ok(());
        backend.update_throttle(
            &stored,
            now.as_microsecond(),
            stale.as_microsecond(),
            &mut |rows: Vec<keel_store_postgres::ThrottleRow>| {
                let mut throttle = LoginThrottle::with_counts(settings, kept(&keys, rows));
                outcome(&mut throttle, &keys, now);
                verdict = throttle.check(&keys, now);
                keys.iter()
                    .map(|key| {
                        let counts = throttle.counts(key);
                        keel_store_postgres::ThrottleRow {
                            key: key.stored(),
                            failures: counts
                                .failures
                                .into_iter()
                                .map(Timestamp::as_microsecond)
                                .collect(),
                            locked_until: counts.locked_until.map(|t| t.as_microsecond()),
                        }
                    })
                    .collect()
            },
        )?;
        Ok(verdict)
    })
    .await
    .map_err(|e| WebError::Internal(format!("background task failed: {e}")))?
}

/// The kept rows of `keys` as the throttle's counts (a row whose times are
/// out of range counts as none).
fn kept(
    keys: &[ThrottleKey],
    rows: Vec<keel_store_postgres::ThrottleRow>,
) -> Vec<(ThrottleKey, KeptCounts)> {
    let time = |us: i64| Timestamp::from_microsecond(us).ok();
    rows.into_iter()
        .filter_map(|row| {
            let key = keys.iter().find(|k| k.stored() == row.key)?.clone();
            let counts = KeptCounts {
                failures: row.failures.into_iter().filter_map(time).collect(),
                locked_until: row.locked_until.and_then(time),
            };
            Some((key, counts))
        })
        .collect()
}
