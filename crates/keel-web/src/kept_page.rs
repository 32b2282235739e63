//! The local app's Today page, kept as bytes with the moment of the data
//! it was made from, so that a request for the same day with nothing
//! committed since is answered on the async thread it arrived on.
//!
//! Why: handing each request to a blocking thread and back cost more of the
//! server's CPU (context switches, futex wake-ups) than making the page
//! (issue 20). Asking the database whether anything changed cost, in its
//! turn, a read transaction's file locks on every request; the store's
//! [`CommitWatch`] tells it from the file's WAL-index header instead, with
//! one read of the `-shm` file and no lock of the store or the database.
//!
//! Why it is current: every commit, from this server or any other process
//! (the CLI beside it), changes the mark, so a kept page whose mark still
//! equals the file's shows the data as it is. The mark is taken before the
//! data the page is made from is read, so a write in between only makes
//! the kept page look stale. The page also depends on the date, which is
//! part of the key, and on nothing else: only pages without a form (whose
//! fresh request key must not be reused) are kept.
//!
//! Only the local app (one SQLite file, one user for the life of its store)
//! keeps the page, beside its store ([`crate::state::Local`]), and only on
//! a file whose commits can be watched; the server's pages are per account
//! and go the usual way.

use std::sync::{Mutex, MutexGuard, PoisonError};

use axum::body::Bytes;
use jiff::civil::Date;
use keel_store::{CommitMark, CommitWatch};

/// A page made, and what it was made from.
struct Page {
    date: Date,
    made_at: CommitMark,
    html: Bytes,
}

/// The local app's Today page as last made.
pub(crate) struct KeptPage {
    /// The store's file's commits; `None` keeps no page (an in-memory
    /// store, or a file not in WAL mode).
    watch: Option<CommitWatch>,
    page: Mutex<Option<Page>>,
}

/// A lock whose holder panicked still guards a whole value: every change
/// under it is one assignment.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl KeptPage {
    pub(crate) fn new(watch: Option<CommitWatch>) -> KeptPage {
        KeptPage {
            watch,
            page: Mutex::new(None),
        }
    }

    /// The moment to make a page at: taken before its data is read. `None`
    /// when no page can be kept now.
    pub(crate) fn mark(&self) -> Option<CommitMark> {
        self.watch.as_ref()?.mark()
    }

    /// The page kept for `date`, when nothing was committed since it was
    /// made; otherwise the caller makes the page.
    pub(crate) fn current(&self, date: Date) -> Option<Bytes> {
        let now = self.mark()?;
        let page = lock(&self.page);
        let page = page.as_ref()?;
        (page.date == date && page.made_at == now).then(|| page.html.clone())
    }

    /// Keeps `html`, made for `date` from data read after `made_at`, in
    /// place of the page before.
    pub(crate) fn keep(&self, date: Date, made_at: CommitMark, html: Bytes) {
        *lock(&self.page) = Some(Page {
            date,
            made_at,
            html,
        });
    }
}

/// A copy watches the same file and makes its own page (a kept page is
/// only a shortcut).
impl Clone for KeptPage {
    fn clone(&self) -> KeptPage {
        KeptPage::new(self.watch.as_ref().and_then(CommitWatch::try_clone))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use jiff::civil::date;
    use keel_store::{SqliteStore, Store, Write};

    const MONDAY: Date = date(2026, 3, 2);

    fn a_write(store: &mut dyn Store) {
        store
            .apply(vec![Write::SaveProfile(
                keel_app::profile::starting_profile(),
            )])
            .unwrap();
    }

    /// A store on a file and its kept page.
    fn on_a_file(dir: &tempfile::TempDir) -> (SqliteStore, KeptPage) {
        let store = SqliteStore::open(&dir.path().join("keel.db")).unwrap();
        let kept = KeptPage::new(store.commit_watch().unwrap());
        (store, kept)
    }

    #[test]
    fn a_page_is_answered_for_its_date_while_nothing_is_committed() {
        let dir = tempfile::tempdir().unwrap();
        let (_store, kept) = on_a_file(&dir);
        assert_eq!(kept.current(MONDAY), None);
        kept.keep(MONDAY, kept.mark().unwrap(), Bytes::from_static(b"monday"));
        assert_eq!(kept.current(MONDAY).unwrap(), "monday");
        assert_eq!(kept.current(MONDAY).unwrap(), "monday");
        assert_eq!(kept.current(date(2026, 3, 3)), None);
    }

    #[test]
    fn a_commit_by_the_store_or_another_connection_makes_the_page_stale() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, kept) = on_a_file(&dir);
        kept.keep(MONDAY, kept.mark().unwrap(), Bytes::from_static(b"page"));
        a_write(&mut store);
        assert_eq!(kept.current(MONDAY), None);

        kept.keep(MONDAY, kept.mark().unwrap(), Bytes::from_static(b"page"));
        a_write(&mut SqliteStore::open(&dir.path().join("keel.db")).unwrap());
        assert_eq!(kept.current(MONDAY), None);
    }

    #[test]
    fn a_page_made_from_data_read_before_a_commit_is_stale() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, kept) = on_a_file(&dir);
        let made_at = kept.mark().unwrap();
        a_write(&mut store);
        kept.keep(MONDAY, made_at, Bytes::from_static(b"before the write"));
        assert_eq!(kept.current(MONDAY), None);
    }

    #[test]
    fn a_newer_page_replaces_the_older_and_a_copy_keeps_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let (_store, kept) = on_a_file(&dir);
        kept.keep(MONDAY, kept.mark().unwrap(), Bytes::from_static(b"old"));
        kept.keep(MONDAY, kept.mark().unwrap(), Bytes::from_static(b"new"));
        assert_eq!(kept.current(MONDAY).unwrap(), "new");
        let copy = kept.clone();
        assert_eq!(copy.current(MONDAY), None);
        copy.keep(MONDAY, copy.mark().unwrap(), Bytes::from_static(b"copy"));
        assert_eq!(copy.current(MONDAY).unwrap(), "copy");
    }

    #[test]
    fn an_in_memory_store_keeps_no_page() {
        let store = SqliteStore::open_in_memory().unwrap();
        let kept = KeptPage::new(store.commit_watch().unwrap());
        assert_eq!(kept.mark(), None);
        assert_eq!(kept.current(MONDAY), None);
    }
}
