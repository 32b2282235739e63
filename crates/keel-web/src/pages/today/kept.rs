//! The local app's Today page, kept as bytes with the revision of the data
//! it was made from, so that a request for the same day at the same revision
//! is answered on the async thread it arrived on.
//!
//! Why: handing each request to a blocking thread and back cost more of the
//! server's CPU (context switches, futex wake-ups) than making the page
//! (issue 20). Checking the kept page needs one read of the revision, a
//! single-row query on a prepared statement, cheap enough to run inline.
//! It runs on a read-only connection of its own
//! ([`keel_store::RevisionReader`]): through the store it waited for no one
//! but gave up whenever another request held the store, which at 64
//! connections sent most requests the long way.
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
use keel_store::{Revision, RevisionReader, Revisioned as _};

use crate::state::LocalStore;

/// A page made, and what it was made from.
#[derive(Clone)]
struct Page {
    date: Date,
    revision: Revision,
    html: Bytes,
}

/// What is kept for one local store.
struct Entry {
    /// Whose: the local app's store (a `Weak` cannot be mistaken for a
    /// later store at the same address, as it keeps the allocation).
    store: Weak<Mutex<LocalStore>>,
    /// The store's revision on a connection of its own, so that a check
    /// never waits for the store's lock (`None` for an in-memory store).
    reader: Option<Arc<Mutex<RevisionReader>>>,
    page: Page,
}

/// The last page made for each local store alive: one in `keel serve`,
/// one per app in a test process.
pub(super) struct Kept(Mutex<Vec<Entry>>);

/// The pages of this process.
pub(super) static PAGES: Kept = Kept::new();

/// A lock whose holder panicked still guards whole values: every change
/// under these locks is one assignment, push or retain.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Kept {
    pub(super) const fn new() -> Kept {
        Kept(Mutex::new(Vec::new()))
    }

    /// The page kept for `store` on `date`, when it is current. Never
    /// waits for the store: the revision comes from the store's own reader
    /// (its lock is held only for that one read), or, without one, from
    /// the store when no other request holds it. When neither answers, the
    /// caller makes the page.
    pub(super) fn current(&self, store: &Arc<Mutex<LocalStore>>, date: Date) -> Option<Bytes> {
        let (reader, page) = {
            let entries = lock(&self.0);
            let entry = entries
                .iter()
                .find(|e| e.store.as_ptr() == Arc::as_ptr(store))?;
            (entry.reader.clone(), entry.page.clone())
        };
        if page.date != date {
            return None;
        }
        let revision = match reader {
            Some(reader) => lock(&reader).revision().ok()?,
            None => store.try_lock().ok()?.revision().ok()?,
        };
        (page.revision == revision).then_some(page.html)
    }

    /// Keeps `html`, made for `date` from data read at `revision` or later,
    /// in place of the store's earlier page; forgets the pages of stores
    /// gone. The store's revision reader is opened with its first page.
    pub(super) fn keep(
        &self,
        store: &Arc<Mutex<LocalStore>>,
        date: Date,
        revision: Revision,
        html: Bytes,
    ) {
        let page = Page {
            date,
            revision,
            html,
        };
        let mut entries = lock(&self.0);
        entries.retain(|e| e.store.strong_count() > 0);
        match entries
            .iter_mut()
            .find(|e| e.store.as_ptr() == Arc::as_ptr(store))
        {
            Some(entry) => {
                entry.page = page;
                if entry.reader.is_none() {
                    entry.reader = open_reader(store);
                }
            }
            None => entries.push(Entry {
                store: Arc::downgrade(store),
                reader: open_reader(store),
                page,
            }),
        }
    }
}

/// A revision reader for `store`, when it has a file and is free to ask;
/// otherwise the page is checked through the store until a later page
/// opens one.
fn open_reader(store: &Arc<Mutex<LocalStore>>) -> Option<Arc<Mutex<RevisionReader>>> {
    let store = store.try_lock().ok()?;
    let reader = store.inner().revision_reader().ok()??;
    Some(Arc::new(Mutex::new(reader)))
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

    /// A store on a file, which gets a revision reader of its own.
    fn store_on_file(dir: &tempfile::TempDir) -> Arc<Mutex<LocalStore>> {
        let store = SqliteStore::open(&dir.path().join("keel.db")).unwrap();
        let user = store.user();
        Arc::new(Mutex::new(Cached::new(
            store,
            Arc::new(Memos::new(1)),
            user,
        )))
    }

    #[test]
    fn on_a_file_the_page_is_checked_without_the_stores_lock() {
        let dir = tempfile::tempdir().unwrap();
        let kept = Kept::new();
        let mine = store_on_file(&dir);
        kept.keep(&mine, MONDAY, revision(&mine), Bytes::from_static(b"page"));
        {
            // Another request holding the store does not send this one
            // the long way.
            let _busy = mine.lock().unwrap();
            assert_eq!(kept.current(&mine, MONDAY).unwrap(), "page");
        }
        // A write, by this store or another process, is seen by the reader.
        let mut other = SqliteStore::open(&dir.path().join("keel.db")).unwrap();
        other
            .apply(vec![Write::SaveProfile(
                keel_app::profile::starting_profile(),
            )])
            .unwrap();
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
        assert_eq!(lock(&kept.0).len(), 1);
        assert_eq!(kept.current(&mine, MONDAY).unwrap(), "new");
    }
}
