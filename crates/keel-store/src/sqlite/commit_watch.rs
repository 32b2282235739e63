//! Whether anyone has committed to a SQLite file since a given moment,
//! told without a read transaction.
//!
//! Why: the local app answers its kept Today page when nothing was
//! committed since the page was made (keel-web's `pages::today::kept`).
//! Asking SQLite means starting a read transaction, whose file locks
//! (`fcntl` on the shared-memory file) cost the server more than the rest
//! of the answer (issue 20, BENCHMARKS.md).
//!
//! How: in WAL mode every commit, by any connection of any process,
//! rewrites the WAL-index header at the start of the `-shm` file, whose
//! layout is SQLite's documented cross-process format (walformat.html):
//! two copies of a 48-byte header holding a counter incremented with each
//! transaction (`iChange`), the last valid frame and the WAL's salts and
//! checksums. A writer writes the second copy, then the first; readers of
//! a torn pair see two different copies. So equal header bytes at two
//! moments mean no commit in between, and a pair that differs is no
//! answer (the caller asks the database instead).
//!
//! The file read is an ordinary `pread` through the page cache, which is
//! where SQLite's shared mapping of the same file lives.

use std::fs::File;

use super::{SqliteStore, db_error};
use crate::Result;

/// The size of one copy of the WAL-index header.
const HEADER: usize = 48;
/// The byte of the header that is non-zero once it is initialised.
const IS_INIT: usize = 12;

/// A database file's WAL-index header, read from its `-shm` file.
pub struct CommitWatch {
    shm: File,
}

/// The state of a database file's commits at one moment: equal marks mean
/// nothing was committed in between.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommitMark([u8; HEADER]);

impl CommitWatch {
    /// The file's commit state now; `None` when it cannot be told without
    /// asking the database (a writer between the two copies, an unread or
    /// uninitialised header).
    pub fn mark(&self) -> Option<CommitMark> {
        let mut both = [0; 2 * HEADER];
        read_at(&self.shm, &mut both)?;
        let (first, second) = both.split_at(HEADER);
        if first != second || first[IS_INIT] == 0 {
            return None;
        }
        first.try_into().ok().map(CommitMark)
    }

    /// A second watch over the same file.
    pub fn try_clone(&self) -> Option<CommitWatch> {
        self.shm.try_clone().ok().map(|shm| CommitWatch { shm })
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8]) -> Option<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, 0).ok()
}

/// Elsewhere no mark is told, and the caller asks the database.
#[cfg(not(unix))]
fn read_at(_: &File, _: &mut [u8]) -> Option<()> {
    None
}

impl SqliteStore {
    /// A watch over this store's file's commits; `None` unless the file is
    /// in WAL mode with its `-shm` file open (an in-memory database, or a
    /// file system without WAL, has none).
    pub fn commit_watch(&self) -> Result<Option<CommitWatch>> {
        let Some(path) = self.conn.path().filter(|p| !p.is_empty()) else {
            return Ok(None);
        };
        let mode: String = self
            .conn
            .pragma_query_value(None, "journal_mode", |row| row.get(0))
            .map_err(db_error)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Ok(None);
        }
        let Ok(shm) = File::open(format!("{path}-shm")) else {
            return Ok(None);
        };
        let watch = CommitWatch { shm };
        Ok(watch.mark().is_some().then_some(watch))
    }
}

#[cfg(all(test, unix))]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::os::unix::fs::FileExt as _;

    use super::*;
    use crate::{Store, Write};

    fn a_commit(store: &mut SqliteStore) {
        store
            .apply(vec![Write::SaveProfile(crate::conformance::profile())])
            .unwrap();
    }

    #[test]
    fn the_mark_changes_with_every_commit_of_any_connection_and_only_then() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("keel.db");
        let mut store = SqliteStore::open(&file).unwrap();
        let watch = store.commit_watch().unwrap().unwrap();
        let before = watch.mark().unwrap();
        store.profile().unwrap();
        assert_eq!(watch.mark(), Some(before), "a read commits nothing");

        a_commit(&mut store);
        let after_own = watch.mark().unwrap();
        assert_ne!(after_own, before);

        a_commit(&mut SqliteStore::open(&file).unwrap());
        assert_ne!(watch.mark().unwrap(), after_own);
    }

    #[test]
    fn a_torn_header_is_no_mark() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("keel.db");
        let store = SqliteStore::open(&file).unwrap();
        let watch = store.commit_watch().unwrap().unwrap();
        // As a writer leaves it between its two copies: the second new.
        let shm = std::fs::OpenOptions::new()
            .write(true)
            .open(dir.path().join("keel.db-shm"))
            .unwrap();
        shm.write_all_at(&[0xff], (HEADER + 8) as u64).unwrap();
        assert_eq!(watch.mark(), None);
    }

    #[test]
    fn an_in_memory_database_has_no_watch() {
        let store = SqliteStore::open_in_memory().unwrap();
        assert!(store.commit_watch().unwrap().is_none());
    }
}
