//! The local app's Today page, kept as bytes with the revision of the data
//! it was made from, so that a request for the same day at the same revision
//! is answered on the async thread it arrived on.
//!
//! Why: handing each request to a blocking thread and back cost more of the
//! server's CPU (context switches, futex wake-ups) than making the page
//! (issue 20). Checking the kept page needs one read of the revision, a
//! single-row query on a prepared statement, cheap enough to run inline.
//!
//! Why it is current: every write, from this server or any other process
//! (the CLI beside it), counts its change in the database in the same
//! transaction (`keel_store::Revision`), so a kept page whose revision still
//! equals the database's shows the data as it is. The revision is read
//! before the data the page is made from, so a write in between only makes
//! the kept page look stale. The page also depends on the date, which is
//! part of the key, and on nothing else: only pages without a form (whose
//! fresh request key must not be reused) are kept.
//!
//! Only the local app (one SQLite file, one user for the life of its store)
//! keeps the page; the server's pages are per account and go the usual way.

use std::sync::{Arc, Mutex, PoisonError, Weak};

use axum::body::Bytes;
use jiff::civil::Date;
use keel_store::{Revision, Revisioned as _};

use crate::state::LocalStore;

/// A page made, and what it was made from.
struct Page {
    /// Whose page: the local app's store (a `Weak` cannot be mistaken for a
    /// later store at the same address, as it keeps the allocation).
    store: Weak<Mutex<LocalStore>>,
    date: Date,
    revision: Revision,
    html: Bytes,
}

/// The last page made for each local store alive: one in `keel serve`,
/// one per app in a test process.
pub(super) struct Kept(Mutex<Vec<Page>>);

/// The pages of this process.
pub(super) static PAGES: Kept = Kept::new();

impl Kept {
    pub(super) const fn new() -> Kept {
        Kept(Mutex::new(Vec::new()))
    }

    fn pages(&self) -> std::sync::MutexGuard<'_, Vec<Page>> {
        // Every change below is one push or retain: a poisoned lock still
        // holds whole pages.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The page kept for `store` on `date`, when it is current. Never
    /// waits: when another request holds the store (a write on a blocking
    /// thread) or the revision cannot be read, the caller makes the page.
    pub(super) fn current(&self, store: &Arc<Mutex<LocalStore>>, date: Date) -> Option<Bytes> {
        let revision = {
            let guard = store.try_lock().ok()?;
            guard.revision().ok()?
        };
        let pages = self.pages();
        let page = pages
            .iter()
            .find(|p| p.store.as_ptr() == Arc::as_ptr(store))?;
        (page.date == date && page.revision == revision).then(|| page.html.clone())
    }

    /// Keeps `html`, made for `date` from data read at `revision` or later,
    /// in place of the store's earlier page; forgets the pages of stores
    /// gone.
    pub(super) fn keep(
        &self,
        store: &Arc<Mutex<LocalStore>>,
        date: Date,
        revision: Revision,
        html: Bytes,
    ) {
        let mut pages = self.pages();
        pages.retain(|p| p.store.strong_count() > 0 && p.store.as_ptr() != Arc::as_ptr(store));
        pages.push(Page {
            store: Arc::downgrade(store),
            date,
            revision,
            html,
        });
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use jiff::civil::date;
    use keel_app::cache::Cached;
    use keel_store::{Memos, SqliteStore, Store as _, Write};

    const MONDAY: Date = date(2026, 3, 2);

    fn store() -> Arc<Mutex<LocalStore>> {
        let store = SqliteStore::open_in_memory().unwrap();
        let user = store.user();
        Arc::new(Mutex::new(Cached::new(
            store,
            Arc::new(Memos::new(1)),
            user,
        )))
    }

    fn revision(store: &Arc<Mutex<LocalStore>>) -> Revision {
        store.lock().unwrap().revision().unwrap()
    }

    #[test]
    fn a_page_is_answered_for_its_store_date_and_revision_only() {
        let kept = Kept::new();
        let (mine, other) = (store(), store());
        let at = revision(&mine);
        kept.keep(&mine, MONDAY, at, Bytes::from_static(b"monday"));
        assert_eq!(kept.current(&mine, MONDAY).unwrap(), "monday");
        assert_eq!(kept.current(&mine, date(2026, 3, 3)), None);
        assert_eq!(kept.current(&other, MONDAY), None);
    }

    #[test]
    fn a_write_makes_the_page_stale() {
        let kept = Kept::new();
        let mine = store();
        kept.keep(
            &mine,
            MONDAY,
            revision(&mine),
            Bytes::from_static(b"before"),
        );
        mine.lock()
            .unwrap()
            .apply(vec![Write::SaveProfile(
                keel_app::profile::starting_profile(),
            )])
            .unwrap();
        assert_eq!(kept.current(&mine, MONDAY), None);
    }

    #[test]
    fn a_busy_store_is_not_waited_for() {
        let kept = Kept::new();
        let mine = store();
        kept.keep(&mine, MONDAY, revision(&mine), Bytes::from_static(b"page"));
        let _writing = mine.lock().unwrap();
        assert_eq!(kept.current(&mine, MONDAY), None);
    }

    #[test]
    fn a_newer_page_replaces_the_older_and_gone_stores_are_forgotten() {
        let kept = Kept::new();
        let (mine, gone) = (store(), store());
        kept.keep(&gone, MONDAY, revision(&gone), Bytes::from_static(b"gone"));
        drop(gone);
        kept.keep(&mine, MONDAY, revision(&mine), Bytes::from_static(b"old"));
        kept.keep(&mine, MONDAY, revision(&mine), Bytes::from_static(b"new"));
        assert_eq!(kept.pages().len(), 1);
        assert_eq!(kept.current(&mine, MONDAY).unwrap(), "new");
    }
}
