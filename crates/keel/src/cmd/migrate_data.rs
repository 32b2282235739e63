//! Moving one user's history between the two databases, and a user's backup
//! and restore on PostgreSQL:
//!
//! - `keel migrate-data --from SQLITE --to POSTGRES [--user NAME]`: a SQLite
//!   file's history (its only account's, or on a household file the account
//!   NAME) onto the server as NAME, refused when NAME has data there;
//! - `keel migrate-data --from POSTGRES --to SQLITE [--user NAME] [--force]`:
//!   NAME's history from the server into a SQLite file, refused when the
//!   file holds data unless forced (it is then saved beside itself first);
//! - `keel --database URL backup FILE` and `keel --database URL restore FILE
//!   [--force]` (with `--user NAME`): NAME's history to a new SQLite file,
//!   and back, replacing NAME's data and nobody else's.
//!
//! Each is one batch (all or nothing), built by
//! [`keel_app::transfer::history_writes`]; a file is checked completely
//! before anything is written anywhere.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use keel_app::transfer;
use keel_store::{Accounts as _, Revisioned, SqliteStore, Store};

use crate::cli::GlobalArgs;
use crate::cmd::backup::{RestoreArgs, plain};
use crate::cmd::log::app_error_as_flag;
use crate::context::{open_existing_postgres, open_postgres, redact, user_name};
use crate::error::invalid;

#[derive(Debug, clap::Args)]
pub struct MigrateDataArgs {
    /// Copy from: a SQLite database file (left unchanged), or a PostgreSQL
    /// server (postgres://user@host/dbname) to copy --user's history from
    #[arg(long, value_name = "SQLITE_PATH|POSTGRES_URL")]
    pub from: String,

    /// Copy to: a PostgreSQL server, or (when --from is a server) a SQLite file
    #[arg(long, value_name = "POSTGRES_URL|SQLITE_PATH")]
    pub to: String,

    /// From a server: replace a SQLite file that holds data (it is saved
    /// beside itself first)
    #[arg(long)]
    pub force: bool,
}

fn is_server(place: &str) -> bool {
    place.starts_with("postgres://") || place.starts_with("postgresql://")
}

pub fn run(global: &GlobalArgs, args: MigrateDataArgs) -> anyhow::Result<ExitCode> {
    let user = user_name(global.user.as_deref());
    match (is_server(&args.from), is_server(&args.to)) {
        (false, true) => to_server(&args, &user),
        (true, false) => from_server(&args, &user),
        (true, true) => Err(invalid(
            "--to: both --from and --to are servers; copy through a file \
             (--from the server --to a file, then --from that file --to the other server)",
        )),
        (false, false) => Err(invalid(
            "--to: one of --from and --to must be a PostgreSQL server (postgres://...); \
             to copy a SQLite file use `keel backup`",
        )),
    }
}

fn to_server(args: &MigrateDataArgs, user: &str) -> anyhow::Result<ExitCode> {
    if args.force {
        return Err(invalid(
            "--force: a user's data on the server is never replaced by migrate-data; \
             use `keel --database URL --user NAME restore FILE --force`",
        ));
    }
    let from = Path::new(&args.from);
    if !from.is_file() {
        return Err(invalid(format!(
            "--from: {} is not a database file",
            from.display()
        )));
    }
    let mut source = SqliteStore::open(from)
        .with_context(|| format!("opening the database {}", from.display()))?;
    let accounts = source.list_users()?;
    let account = transfer::source_account(&accounts, user).map_err(app_error_as_flag)?;
    source.switch_user(account)?;
    let mut target = open_postgres(&args.to, user)?;
    if transfer::has_data(&target)? {
        return Err(invalid(format!(
            "--user: {user:?} already has data on {}; nothing was copied \
             (choose another --user, or remove that user's data first)",
            redact(&args.to)
        )));
    }
    let writes = transfer::history_writes(&source)?;
    let count = writes.len();
    target
        .apply(writes)
        .context("copying the history (nothing was copied)")?;
    println!(
        "Copied {} to {} as user {user:?} ({count} changes in one transaction).",
        from.display(),
        redact(&args.to)
    );
    Ok(ExitCode::SUCCESS)
}

fn from_server(args: &MigrateDataArgs, user: &str) -> anyhow::Result<ExitCode> {
    let to = PathBuf::from(&args.to);
    let source = open_existing_postgres(&args.from, user)?;
    let copy = HistoryFile::of(&source)?;
    let HistoryFile {
        store,
        scratch,
        count,
    } = copy;
    drop(store);
    let saved = SqliteStore::restore_from(&scratch.0, &to, args.force).map_err(plain)?;
    if let Some(saved) = saved {
        println!("Saved the previous database as {}.", saved.display());
    }
    println!(
        "Copied user {user:?} from {} to {} ({count} changes in one transaction).",
        redact(&args.from),
        to.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `keel --database URL --user NAME backup FILE`: NAME's whole history as a
/// new SQLite file (the format `keel backup` writes), refused when FILE exists.
pub fn backup_user(global: &GlobalArgs, file: &Path) -> anyhow::Result<ExitCode> {
    let url = global.database.as_deref().unwrap_or_default();
    let user = user_name(global.user.as_deref());
    let source = open_existing_postgres(url, &user)?;
    let shown = format!("{} (user {user})", redact(url));
    if !transfer::has_data(&source)? {
        return Err(invalid(format!(
            "--user: nothing is stored for {shown}; no backup was written"
        )));
    }
    let copy = HistoryFile::of(&source)?;
    copy.store.backup_to(file).map_err(plain)?;
    println!("Backed up {shown} to {}.", file.display());
    Ok(ExitCode::SUCCESS)
}

/// `keel --database URL --user NAME restore FILE [--force]`: the file is
/// checked completely, then NAME's data is replaced with its history in one
/// transaction; other users are not touched. A user with data is replaced
/// only with --force, after their data is saved beside FILE.
pub fn restore_user(
    global: &GlobalArgs,
    url: &str,
    args: &RestoreArgs,
) -> anyhow::Result<ExitCode> {
    // The whole file, before the server is touched: a checked copy at this
    // Keel's schema, every row read, every link reproducible.
    SqliteStore::check_backup(&args.file).map_err(plain)?;
    let scratch = Scratch::new()?;
    SqliteStore::restore_from(&args.file, &scratch.0, false).map_err(plain)?;
    let source = SqliteStore::open(&scratch.0).context("reading the checked copy")?;
    let writes = transfer::history_writes(&source)?;
    let count = writes.len();

    let user = user_name(global.user.as_deref());
    let mut target = open_postgres(url, &user)?;
    let shown = format!("{} (user {user})", redact(url));
    // What is checked and saved aside below is what gets replaced: a write
    // in between makes the replacement refuse.
    let seen = target.revision()?;
    if transfer::has_data(&target)? {
        if !args.force {
            return Err(invalid(format!(
                "--user: {user:?} already has data on {}; pass --force to replace it \
                 (it is backed up beside the file first)",
                redact(url)
            )));
        }
        transfer::check_keeps_halt(&target, &source)?;
        let aside = aside_path(&args.file, &user);
        HistoryFile::of(&target)?
            .store
            .backup_to(&aside)
            .map_err(plain)?;
        println!("Saved {shown}'s previous data as {}.", aside.display());
    }
    target
        .replace_history(writes, Some(&seen))
        .context("restoring the history (nothing was changed)")?;
    println!(
        "Restored {shown} from {} ({count} changes in one transaction).",
        args.file.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `<dir of file>/<user>.before-restore-<unix seconds>[-n].db`, not yet taken.
fn aside_path(file: &Path, user: &str) -> PathBuf {
    let dir = file.parent().unwrap_or(Path::new(""));
    let safe: String = user
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let stamp = jiff::Timestamp::now().as_second();
    let mut path = dir.join(format!("{safe}.before-restore-{stamp}.db"));
    let mut n = 1;
    while path.symlink_metadata().is_ok() {
        n += 1;
        path = dir.join(format!("{safe}.before-restore-{stamp}-{n}.db"));
    }
    path
}

/// A user's history written into a new SQLite database (a scratch file,
/// removed when dropped).
struct HistoryFile {
    // Declared before the scratch file: closed before it is removed.
    store: SqliteStore,
    scratch: Scratch,
    count: usize,
}

impl HistoryFile {
    fn of(source: &dyn Store) -> anyhow::Result<HistoryFile> {
        let writes = transfer::history_writes(source)?;
        let count = writes.len();
        let scratch = Scratch::new()?;
        let mut store = SqliteStore::open(&scratch.0)
            .with_context(|| format!("creating the copy {}", scratch.0.display()))?;
        store
            .apply(writes)
            .context("writing the copy (nothing was written)")?;
        Ok(HistoryFile {
            store,
            scratch,
            count,
        })
    }
}

/// A new file in the temporary directory, removed (with its journal
/// files) when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> anyhow::Result<Scratch> {
        let dir = std::env::temp_dir();
        let stamp = format!(
            "{}-{}",
            std::process::id(),
            jiff::Timestamp::now().as_nanosecond()
        );
        for n in 1..1000 {
            let path = dir.join(format!(".keel-transfer-{stamp}-{n}.db"));
            if path.symlink_metadata().is_err() {
                return Ok(Scratch(path));
            }
        }
        anyhow::bail!("no free scratch file name in {}", dir.display())
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut path = self.0.clone().into_os_string();
            path.push(suffix);
            // Gone already, or never made: nothing to clean.
            let _ = std::fs::remove_file(path);
        }
    }
}
