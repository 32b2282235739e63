//! `keel backup FILE` and `keel restore FILE [--force]`: the whole database
//! to one file and back.

use std::path::PathBuf;
use std::process::ExitCode;

use keel_store::{SqliteStore, StoreError};

use crate::cli::GlobalArgs;
use crate::context::Ctx;

#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// The backup file to create; it must not exist yet
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// A backup made by `keel backup`
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Replace a database that holds data (it is saved beside itself first)
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
fn plain(err: StoreError) -> anyhow::Error {
    match err {
        StoreError::Invalid(input) => anyhow::Error::new(input),
        other => anyhow::Error::new(other),
    }
}
