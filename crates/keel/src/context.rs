//! What every command needs: the open store and today's date.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use jiff::civil::Date;
use keel_store::SqliteStore;

use crate::cli::GlobalArgs;
use crate::error::invalid;

pub struct Ctx {
    pub store: SqliteStore,
    pub today: Date,
    pub db_path: PathBuf,
}

impl Ctx {
    pub fn open(global: &GlobalArgs) -> anyhow::Result<Ctx> {
        let today = resolve_today(global.date.as_deref())?;
        let db_path = match &global.db {
            Some(path) => {
                check_parent_exists(path)?;
                path.clone()
            }
            None => default_db_path()?,
        };
        let store = SqliteStore::open(&db_path)
            .with_context(|| format!("opening the database {}", db_path.display()))?;
        Ok(Ctx {
            store,
            today,
            db_path,
        })
    }
}

/// `--date`/`KEEL_TODAY`, else the system's local date.
pub fn resolve_today(date: Option<&str>) -> anyhow::Result<Date> {
    match date {
        Some(text) => parse_date(text, "--date"),
        None => Ok(jiff::Zoned::now().date()),
    }
}

pub fn parse_date(text: &str, field: &str) -> anyhow::Result<Date> {
    text.trim().parse::<Date>().map_err(|_| {
        invalid(format!(
            "{field}: {text:?} is not a date; use YYYY-MM-DD, e.g. 2026-03-02"
        ))
    })
}

fn check_parent_exists(path: &Path) -> anyhow::Result<()> {
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(dir) = parent
        && !dir.is_dir()
    {
        return Err(invalid(format!(
            "--db: the directory {} does not exist; create it first or choose another path",
            dir.display()
        )));
    }
    Ok(())
}

/// `$XDG_DATA_HOME/keel/keel.db` (created on first use).
fn default_db_path() -> anyhow::Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "keel")
        .context("cannot find a home directory for Keel's data; pass --db PATH")?;
    let dir = dirs.data_dir();
    std::fs::create_dir_all(dir)
        .with_context(|| format!("creating the data directory {}", dir.display()))?;
    Ok(dir.join("keel.db"))
}
