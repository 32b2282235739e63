//! Backup and restore of a whole Keel database as one SQLite file.
//!
//! A backup is `VACUUM INTO`: a compact, consistent snapshot that includes
//! what still sits in the WAL, in rollback-journal mode so it is one
//! self-contained file. A restore validates the backup first, never replaces
//! data silently (with `force` the old database is first saved beside it),
//! copies the pages with SQLite's online backup API (so other connections
//! see either the old or the new database), brings the schema up to date and
//! checkpoints the WAL.

use std::path::{Path, PathBuf};

use keel_core::InputError;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension};

use super::migrations::{self, APPLICATION_ID};
use super::{SqliteStore, codec, db_error};
use crate::{Part, Result, Revisioned, Store, StoreError};

/// Copy every page in one step: a Keel database is small, and one step is one
/// read transaction on the source, so the copy is a single snapshot.
const ALL_PAGES: std::ffi::c_int = -1;

fn refuse(field: &str, message: String) -> StoreError {
    StoreError::Invalid(InputError::new(field, message))
}

impl SqliteStore {
    /// Writes a consistent copy of the whole database to `path`, a new file.
    /// Refuses (as invalid input) when `path` exists or its directory does not.
    pub fn backup_to(&self, path: &Path) -> Result<()> {
        let shown = path.display();
        if path.symlink_metadata().is_ok() {
            return Err(refuse(
                "backup file",
                format!(
                    "{shown} already exists; choose a new file name (a backup never overwrites)"
                ),
            ));
        }
        if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty())
            && !dir.is_dir()
        {
            return Err(refuse(
                "backup file",
                format!("the directory {} does not exist", dir.display()),
            ));
        }
        let Some(text) = path.to_str() else {
            return Err(refuse(
                "backup file",
                format!("{shown} is not a UTF-8 path; choose another name"),
            ));
        };
        self.conn
            .execute("VACUUM INTO ?1", [text])
            .map_err(db_error)?;
        Ok(())
    }

    /// Checks, without changing it, that `path` is a Keel database this build
    /// can read: Keel's application id, a schema version from 1 up to
    /// [`SqliteStore::schema_version`], an intact file (`integrity_check`,
    /// every foreign key resolved) and every table and index of that schema
    /// version as Keel made it. Every failure is invalid input naming the
    /// file. [`SqliteStore::restore_from`] also reads every row of it.
    pub fn check_backup(path: &Path) -> Result<()> {
        let shown = path.display();
        let bad = |why: String| refuse("backup", format!("{shown} {why}"));
        if !path.is_file() {
            return Err(bad("is not a file".into()));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| bad(format!("cannot be opened ({e})")))?;
        let unreadable = |e: rusqlite::Error| match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => bad("is not a database file".into()),
            Some(ErrorCode::DatabaseCorrupt) => bad(format!("is damaged ({e})")),
            _ => bad(format!("cannot be read ({e})")),
        };
        let app_id: i64 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .map_err(unreadable)?;
        if app_id != APPLICATION_ID {
            return Err(bad("is not a Keel database".into()));
        }
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(unreadable)?;
        let known = SqliteStore::schema_version();
        if version > known {
            return Err(bad(format!(
                "was written by a newer Keel (schema version {version}, this Keel knows {known}); upgrade Keel"
            )));
        }
        if version < 1 {
            return Err(bad("is not a Keel database (no schema)".into()));
        }
        // The whole file, not just its structure (`quick_check`): every
        // index agrees with its table and every row is well formed.
        let check: String = conn
            .query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))
            .map_err(unreadable)?;
        if check != "ok" {
            return Err(bad(format!("is damaged ({check})")));
        }
        let dangling: Option<String> = conn
            .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
            .optional()
            .map_err(unreadable)?;
        if let Some(table) = dangling {
            return Err(bad(format!(
                "is damaged (a row of {table} names a row that is not stored)"
            )));
        }
        let found = migrations::schema_objects(&conn).map_err(unreadable)?;
        let expected = migrations::expected_objects(version).map_err(db_error)?;
        // Tables first: a missing table takes its indexes with it.
        let missing = expected
            .iter()
            .filter(|o| !found.contains(o))
            .min_by_key(|(kind, _, _)| kind != "table");
        if let Some((kind, name, _)) = missing {
            let why = if found.iter().any(|(k, n, _)| k == kind && n == name) {
                "differs from"
            } else {
                "is missing from"
            };
            return Err(bad(format!(
                "is not a whole Keel database: {kind} {name} {why} the schema of version {version}"
            )));
        }
        Ok(())
    }

    /// [`SqliteStore::check_backup`], then a copy of `backup` made in `dir`
    /// is brought up to this build's schema and every row of it read as
    /// Keel reads it. The copy is returned, to be restored from; nothing
    /// but the copy is written.
    fn verified_copy(backup: &Path, dir: &Path) -> Result<Scratch> {
        SqliteStore::check_backup(backup)?;
        let shown = backup.display();
        let scratch = Scratch::new(dir)?;
        let source = Connection::open_with_flags(
            backup,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(db_error)?;
        let mut conn = Connection::open(&scratch.path).map_err(db_error)?;
        copy_pages(&source, &mut conn)?;
        drop(source);
        migrations::migrate(&mut conn).map_err(|e| {
            let why = match migrations::into_store_error(e, &shown.to_string()) {
                StoreError::Open { reason, .. } => reason,
                other => other.to_string(),
            };
            refuse(
                "backup",
                format!("{shown} cannot be brought up to this Keel's schema ({why})"),
            )
        })?;
        let copy = SqliteStore {
            conn,
            user: super::OWNER,
        };
        read_everyones(copy).map_err(|e| match e {
            StoreError::Corrupt { .. } => refuse(
                "backup",
                format!("{shown} holds data this Keel cannot read: {e}"),
            ),
            other => other,
        })?;
        Ok(scratch)
    }

    /// Whether any table holds a row (the data revision, bookkeeping that
    /// every database has, aside).
    pub fn holds_data(&self) -> Result<bool> {
        let tables: Vec<String> = {
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT name FROM sqlite_schema \
                     WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
                     AND name NOT IN ('data_revision', 'users')",
                )
                .map_err(db_error)?;
            stmt.query_map([], |r| r.get(0))
                .map_err(db_error)?
                .collect::<rusqlite::Result<_>>()
                .map_err(db_error)?
        };
        // The file's owner is always there (migration 0012); accounts count
        // once one can log in.
        let accounts: bool = self
            .conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM users WHERE password_hash IS NOT NULL)",
                [],
                |r| r.get(0),
            )
            .map_err(db_error)?;
        if accounts {
            return Ok(true);
        }
        for table in tables {
            let quoted = table.replace('"', "\"\"");
            let any: bool = self
                .conn
                .query_row(
                    &format!("SELECT EXISTS (SELECT 1 FROM \"{quoted}\")"),
                    [],
                    |r| r.get(0),
                )
                .map_err(db_error)?;
            if any {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Replaces the database at `target` (created when missing) with the
    /// backup at `backup`. The backup is checked completely first
    /// ([`SqliteStore::check_backup`], then a copy of it beside `target` is
    /// brought up to this build's schema and every row read); only then is
    /// `target` opened. A target that holds data is refused unless `force`;
    /// then it is first saved beside itself as
    /// `<name>.before-restore-<unix seconds>.db`, whose path is returned.
    /// Nothing changes when a check fails.
    pub fn restore_from(backup: &Path, target: &Path, force: bool) -> Result<Option<PathBuf>> {
        if same_file(backup, target) {
            return Err(refuse(
                "backup",
                format!(
                    "{} is the database itself; restore from a backup file",
                    backup.display()
                ),
            ));
        }
        // The whole backup is checked on a copy before the target is
        // touched: a refused backup leaves the target as it was.
        let dir = match target.parent().filter(|p| !p.as_os_str().is_empty()) {
            Some(dir) => dir.to_path_buf(),
            None => PathBuf::from("."),
        };
        let checked = SqliteStore::verified_copy(backup, &dir)?;
        let mut store = SqliteStore::open(target)?;
        let saved = if store.holds_data()? {
            if !force {
                return Err(refuse(
                    "database",
                    format!(
                        "{} already holds data; pass --force to replace it (it is saved beside itself first)",
                        target.display()
                    ),
                ));
            }
            let aside = aside_path(target, codec::now_seconds());
            store.backup_to(&aside)?;
            Some(aside)
        } else {
            None
        };
        let before = revisions(&store.conn)?;
        let source = Connection::open_with_flags(
            &checked.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(db_error)?;
        copy_pages(&source, &mut store.conn)?;
        drop(source);
        drop(checked);
        // The copy is at this build's schema already; this only records it.
        migrations::migrate(&mut store.conn)
            .map_err(|e| migrations::into_store_error(e, &target.display().to_string()))?;
        // The backup's revisions may be ones a running `keel serve` has
        // seen on this file with other data; move every part of every
        // user past both, so nothing it kept passes for current.
        let users: Vec<i64> = {
            let mut stmt = store
                .conn
                .prepare("SELECT id FROM users")
                .map_err(db_error)?;
            stmt.query_map([], |r| r.get(0))
                .map_err(db_error)?
                .collect::<rusqlite::Result<_>>()
                .map_err(db_error)?
        };
        for user in users {
            let was = before
                .get(&user)
                .copied()
                .unwrap_or_else(|| crate::Revision::new([0; crate::PARTS]));
            let past = Part::ALL
                .iter()
                .map(|p| format!("{c} = MAX({c}, {}) + 1", was.of(*p), c = p.column()))
                .collect::<Vec<_>>()
                .join(", ");
            store
                .conn
                .execute(
                    "INSERT INTO data_revision (user_id) VALUES (?1)
                     ON CONFLICT (user_id) DO NOTHING",
                    [user],
                )
                .map_err(db_error)?;
            store
                .conn
                .execute(
                    &format!("UPDATE data_revision SET {past} WHERE user_id = ?1"),
                    [user],
                )
                .map_err(db_error)?;
        }
        // Leave the main file complete on its own.
        store
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .map_err(db_error)?;
        Ok(saved)
    }
}

/// Each user's revision in the file at `conn`.
fn revisions(conn: &Connection) -> Result<std::collections::HashMap<i64, crate::Revision>> {
    let users: Vec<i64> = {
        let mut stmt = conn
            .prepare("SELECT user_id FROM data_revision")
            .map_err(db_error)?;
        stmt.query_map([], |r| r.get(0))
            .map_err(db_error)?
            .collect::<rusqlite::Result<_>>()
            .map_err(db_error)?
    };
    users
        .into_iter()
        .map(|user| Ok((user, super::revision(conn, user)?)))
        .collect()
}

/// Reads every user's rows of the file the way Keel does.
fn read_everyones(mut store: SqliteStore) -> Result<()> {
    let users: Vec<i64> = {
        let mut stmt = store
            .conn
            .prepare("SELECT id FROM users ORDER BY id")
            .map_err(db_error)?;
        stmt.query_map([], |r| r.get(0))
            .map_err(db_error)?
            .collect::<rusqlite::Result<_>>()
            .map_err(db_error)?
    };
    for user in users {
        store.user = user;
        read_everything(&store)?;
    }
    Ok(())
}

/// Reads every row of `store` the way Keel does, so a row it cannot read
/// fails here (as [`StoreError::Corrupt`]) rather than after a restore.
fn read_everything(store: &SqliteStore) -> Result<()> {
    store.revision()?;
    store.profile()?;
    store.settings()?;
    store.engine_settings()?;
    store.assessments()?;
    store.safety_events()?;
    for plan in store.plans()? {
        store.decisions(plan.version)?;
    }
    store.sessions(None, None)?;
    store.check_ins()?;
    store.imported_sets(None, None)?;
    store.imported_keys()?;
    store.user_exercises()?;
    Ok(())
}

/// A file in a directory, removed (with its journal files) when dropped.
struct Scratch {
    path: PathBuf,
}

impl Scratch {
    fn new(dir: &Path) -> Result<Scratch> {
        if !dir.is_dir() {
            return Err(refuse(
                "database",
                format!("the directory {} does not exist", dir.display()),
            ));
        }
        let stamp = format!("{}-{}", std::process::id(), codec::now_seconds());
        let mut n = 1u32;
        loop {
            let path = dir.join(format!(".keel-restore-check-{stamp}-{n}.db"));
            if path.symlink_metadata().is_err() {
                return Ok(Scratch { path });
            }
            n += 1;
        }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let mut name = self.path.clone().into_os_string();
            name.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(name));
        }
    }
}

fn copy_pages(source: &Connection, target: &mut Connection) -> Result<()> {
    let backup = Backup::new(source, target).map_err(db_error)?;
    match backup.step(ALL_PAGES).map_err(db_error)? {
        StepResult::Done => Ok(()),
        StepResult::Busy | StepResult::Locked => Err(StoreError::Backend(
            "another program is using the database; close it and try again".into(),
        )),
        // One step of every page always finishes; anything else is a failure.
        _ => Err(StoreError::Backend("the restore did not finish".into())),
    }
}

/// `dir/keel.db` -> `dir/keel.before-restore-<secs>.db`, with `-2`, `-3`...
/// when that name is taken.
fn aside_path(target: &Path, now: i64) -> PathBuf {
    let stem = target
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "keel".into());
    let dir = target.parent().unwrap_or_else(|| Path::new(""));
    let mut n = 1u32;
    loop {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        let candidate = dir.join(format!("{stem}.before-restore-{now}{suffix}.db"));
        if candidate.symlink_metadata().is_err() {
            return candidate;
        }
        n += 1;
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
