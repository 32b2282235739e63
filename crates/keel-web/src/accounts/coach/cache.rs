//! The dashboard's summaries of a large roster, kept in memory.
//!
//! A coach with up to [`EXACT_UP_TO`] athletes gets every row computed on
//! each request (a few milliseconds an athlete). Beyond that, computing a
//! thousand rows per request would take seconds, so the rows come from
//! here: each athlete's row as last computed and rendered, refreshed in the
//! background (one blocking thread, one athlete at a time) once it is
//! [`MAX_AGE`] old or was computed for another day. The page says how old
//! the oldest row is and how many are still being prepared.
//!
//! Each row keeps the athlete's data revision it was computed at, and is
//! shown only while the database still has that revision: a set, a check-in
//! or a red flag recorded through any process (another `keel serve`, the
//! CLI) makes the row "being prepared" until it is computed again.
//!
//! One cache per server (the app state's accounts server), so two apps in
//! one process (tests) never see each other's athletes.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError, Weak};
use std::time::{Duration, Instant};

use jiff::civil::Date;
use keel_store::{Revision, Revisioned as _};
use keel_store_postgres::UserId;

use crate::server::Db;

use crate::server::Server;
use keel_app::athlete_overview::{CoachSettings, Overview, summarize};

/// Rosters up to this size are summarized afresh on every request.
pub const EXACT_UP_TO: usize = 25;
/// A cached row older than this is recomputed in the background.
pub const MAX_AGE: Duration = Duration::from_secs(60);

/// One athlete's row as cached: its cells, rendered once per refresh, and
/// how urgently it needs the coach, so a page is sorting and copying.
#[derive(Debug, Clone)]
pub struct Cached {
    pub row: Rendered,
    pub age: Duration,
}

/// A row as the dashboard shows it.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub cells: Arc<str>,
    pub attention: Attention,
}

/// How urgently a row needs the coach; the dashboard lists the most
/// urgent first (the order of the variants).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Attention {
    /// Halted by a red flag: the athlete should see a clinician.
    Halted,
    /// The athlete's data could not be read.
    Unreadable,
    /// Pain above the green zone.
    Pain,
    /// Stagnation or poor readiness.
    Flagged,
    None,
    NotStarted,
    /// Not summarized yet.
    Preparing,
}

/// Renders an athlete's row from their overview (or the failure to read it).
pub type Render = fn(&keel_app::Result<Overview>) -> Rendered;

#[derive(Default)]
pub struct Roster {
    entries: Mutex<HashMap<i64, Entry>>,
    /// A background refresh is running (at most one per server).
    refreshing: AtomicBool,
}

struct Entry {
    today: Date,
    at: Instant,
    /// The athlete's revision when the row was computed (`None`: unknown,
    /// so never shown).
    revision: Option<Revision>,
    row: Rendered,
}

type Rosters = Mutex<Vec<(Weak<Server>, Arc<Roster>)>>;

/// The cache of `server`'s rosters.
pub fn roster(server: &Arc<Server>) -> Arc<Roster> {
    static ROSTERS: OnceLock<Rosters> = OnceLock::new();
    let mut all = lock(ROSTERS.get_or_init(Rosters::default));
    // A dropped server's cache goes with it (and its address may be reused).
    all.retain(|(owner, _)| owner.strong_count() > 0);
    if let Some((_, roster)) = all
        .iter()
        .find(|(owner, _)| std::ptr::eq(owner.as_ptr(), Arc::as_ptr(server)))
    {
        return Arc::clone(roster);
    }
    let roster = Arc::new(Roster::default());
    all.push((Arc::downgrade(server), Arc::clone(&roster)));
    roster
}

impl Roster {
    /// The cached row of each athlete, by user id (`None`: not computed for
    /// `today` yet, or computed at another revision than the athlete's in
    /// `current`, read from the database), and which of them to recompute,
    /// as positions in `athletes`: missing ones first, then stale ones.
    pub fn lookup(
        &self,
        athletes: &[i64],
        today: Date,
        current: &HashMap<i64, Revision>,
    ) -> (Vec<Option<Cached>>, Vec<usize>) {
        let entries = lock(&self.entries);
        let mut missing = Vec::new();
        let mut stale = Vec::new();
        let rows = athletes
            .iter()
            .enumerate()
            .map(|(i, id)| match entries.get(id) {
                Some(entry)
                    if entry.today == today
                        && entry.revision.is_some()
                        && entry.revision.as_ref() == current.get(id) =>
                {
                    let age = entry.at.elapsed();
                    if age >= MAX_AGE {
                        stale.push(i);
                    }
                    Some(Cached {
                        row: entry.row.clone(),
                        age,
                    })
                }
                _ => {
                    missing.push(i);
                    None
                }
            })
            .collect();
        missing.extend(stale);
        (rows, missing)
    }

    /// Recomputes `athletes` on a blocking thread, unless a refresh is
    /// already running (the next request asks again for what is left).
    pub fn refresh(
        self: Arc<Self>,
        backend: Db,
        athletes: Vec<UserId>,
        today: Date,
        render: Render,
    ) {
        if athletes.is_empty()
            || self
                .refreshing
                .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
                .is_err()
        {
            return;
        }
        tokio::task::spawn_blocking(move || {
            // Cleared however the work ends, a panic included.
            struct Done<'a>(&'a AtomicBool);
            impl Drop for Done<'_> {
                fn drop(&mut self) {
                    self.0.store(false, Ordering::Release);
                }
            }
            let _done = Done(&self.refreshing);
            let settings = CoachSettings::default();
            for id in athletes {
                let store = backend.store(id);
                // Read before summarizing: a write in between leaves the
                // row at an older revision, so it is computed again.
                let revision = store.revision().ok();
                let row = render(&summarize(&store, today, &settings));
                lock(&self.entries).insert(
                    id.get(),
                    Entry {
                        today,
                        at: Instant::now(),
                        revision,
                        row,
                    },
                );
            }
        });
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // The map stays consistent even if a holder panicked.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn missing_rows_come_first_then_stale_and_another_day_is_missing() {
        let roster = Roster::default();
        let today = date(2026, 3, 2);
        let now = Instant::now();
        let old = now
            .checked_sub(MAX_AGE + Duration::from_secs(1))
            .unwrap_or(now);
        {
            let mut entries = lock(&roster.entries);
            for (n, at, day) in [
                (1, now, today),
                (2, old, today),
                (3, now, date(2026, 3, 1)),
                (5, now, today),
            ] {
                entries.insert(
                    n,
                    Entry {
                        today: day,
                        at,
                        revision: Some(Revision::new([n; keel_store::PARTS])),
                        row: Rendered {
                            cells: Arc::from("<td>row</td>"),
                            attention: Attention::None,
                        },
                    },
                );
            }
        }
        // The database's revisions: id 5's data changed since its row.
        let current: HashMap<i64, Revision> = [1, 2, 3, 4, 5]
            .into_iter()
            .map(|n| (n, Revision::new([n; keel_store::PARTS])))
            .chain([(5, Revision::new([6; keel_store::PARTS]))])
            .collect();
        let (rows, refresh) = roster.lookup(&[1, 2, 3, 4, 5], today, &current);
        assert!(rows[0].is_some() && rows[1].is_some());
        assert!(rows[2].is_none() && rows[3].is_none() && rows[4].is_none());
        assert!(rows[1].as_ref().is_some_and(|c| c.age >= MAX_AGE));
        // Positions: ids 3, 4 and 5 missing, then id 2 stale.
        assert_eq!(refresh, vec![2, 3, 4, 1]);
    }
}
