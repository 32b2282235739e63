//! `keel backup FILE` and `keel restore FILE [--force]`: the whole database
//! to one file and back. With `--database URL` (PostgreSQL), one user's
//! history (`--user`) to a file and back (see `migrate_data`).

use std::path::PathBuf;
use std::process::ExitCode;

use keel_store::{SqliteStore, StoreError};

use crate::cli::GlobalArgs;
use crate::context::Ctx;

#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// The backup file to create; it must not exist yet (on a server: the
    /// --user's history only)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// A backup made by `keel backup` (on a server: replaces the --user's
    /// data only)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Replace a database (on a server: a user) that holds data; it is saved
    /// first (beside itself; a user's, beside FILE)
    #[arg(long)]
    pub force: bool,
}

pub fn backup(ctx: &mut Ctx, args: BackupArgs) -> anyhow::Result<ExitCode> {
    ctx.store.backup_to(&args.file).map_err(plain)?;
    println!(
        "Backed up {} to {}.",
        ctx.db_path.display(),
        args.file.display()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn restore(global: &GlobalArgs, args: RestoreArgs) -> anyhow::Result<ExitCode> {
    // On a server: the --user's data only, replaced from the file.
    #[cfg(feature = "postgres")]
    if let Some(url) = &global.database {
        return super::migrate_data::restore_user(global, url, &args);
    }
    // Before the database is opened (which creates it when missing), so a
    // bad backup file changes nothing at all.
    SqliteStore::check_backup(&args.file).map_err(plain)?;
    let Ctx {
        mut store, db_path, ..
    } = Ctx::open(global)?;
    // Restore replaces the SQLite file; refused on a PostgreSQL server.
    store.sqlite("restore").map_err(plain)?;
    drop(store);
    let saved = SqliteStore::restore_from(&args.file, &db_path, args.force).map_err(plain)?;
    if let Some(saved) = saved {
        println!("Saved the previous database as {}.", saved.display());
    }
    println!(
        "Restored {} from {}.",
        db_path.display(),
        args.file.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// A refusal reads as its own message ("backup: x is not a Keel database"),
/// still recognised as invalid input for the exit code.
pub(crate) fn plain(err: StoreError) -> anyhow::Error {
    match err {
        StoreError::Invalid(input) => anyhow::Error::new(input),
        other => anyhow::Error::new(other),
    }
}
