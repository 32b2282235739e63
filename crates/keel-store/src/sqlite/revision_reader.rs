//! A store's revision read on a connection of its own.
//!
//! Why: the local app answers its kept Today page after one revision read
//! (keel-web's `pages::today::kept`). Through the store that read needs the
//! store's lock, and when two workers check at once the loser gave up and
//! made the whole page on a blocking thread (issue 20, BENCHMARKS.md). A
//! second connection to the same file never waits for the store: in WAL
//! mode a read sees the last committed write without taking a lock a
//! writer holds.

use rusqlite::{Connection, OpenFlags};

use super::{SqliteStore, db_error, revision};
use crate::{Result, Revision};

/// Reads one user's [`Revision`] of one database file, and nothing else.
pub struct RevisionReader {
    conn: Connection,
    user: i64,
}

impl RevisionReader {
    /// The revision of the user's data as last committed, by any process.
    pub fn revision(&self) -> Result<Revision> {
        revision(&self.conn, self.user)
    }
}

impl SqliteStore {
    /// A reader of this store's revision for its user, on a new read-only
    /// connection to the same file; `None` for an in-memory database,
    /// which no second connection can reach.
    pub fn revision_reader(&self) -> Result<Option<RevisionReader>> {
        let Some(path) = self.conn.path().filter(|p| !p.is_empty()) else {
            return Ok(None);
        };
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(db_error)?;
        // Never waits: a busy file makes the caller take the usual way.
        conn.busy_timeout(std::time::Duration::ZERO)
            .map_err(db_error)?;
        conn.pragma_update(None, "query_only", true)
            .map_err(db_error)?;
        Ok(Some(RevisionReader {
            conn,
            user: self.user,
        }))
    }
}
