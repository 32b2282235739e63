//! What every command needs: the open store and today's date.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use jiff::civil::Date;
use keel_store::SqliteStore;

use crate::cli::GlobalArgs;
use crate::error::invalid;

mod backend;
pub use backend::AnyStore;

pub struct Ctx {
    pub store: AnyStore,
    pub today: Date,
    /// Where the data is: the SQLite file, or (on PostgreSQL) the server and
    /// user, for messages only.
    pub db_path: PathBuf,
}

impl Ctx {
    /// The athlete's unit of mass (the profile's; kg before onboarding):
    /// every load a command reads bare or prints is in it.
    pub fn units(&self) -> anyhow::Result<keel_core::units::Units> {
        use keel_store::Store as _;
        Ok(self.store.profile()?.map(|p| p.units).unwrap_or_default())
    }

    pub fn open(global: &GlobalArgs) -> anyhow::Result<Ctx> {
        let today = resolve_today(global.date.as_deref())?;
        #[cfg(feature = "postgres")]
        if let Some(url) = &global.database {
            let user = user_name(global.user.as_deref());
            let store = open_postgres(url, &user)?;
            return Ok(Ctx {
                store: AnyStore::Postgres(store),
                today,
                db_path: PathBuf::from(format!("{} (user {user})", redact(url))),
            });
        }
        let db_path = sqlite_path(global)?;
        let mut store = SqliteStore::open(&db_path)
            .with_context(|| format!("opening the database {}", db_path.display()))?;
        if let Some(name) = &global.user {
            act_as(&mut store, name, &db_path)?;
        }
        Ok(Ctx {
            store: AnyStore::Sqlite(store),
            today,
            db_path,
        })
    }
}

/// The SQLite file of `--db`, else the default one.
pub fn sqlite_path(global: &GlobalArgs) -> anyhow::Result<PathBuf> {
    match &global.db {
        Some(path) => {
            check_parent_exists(path)?;
            Ok(path.clone())
        }
        None => default_db_path(),
    }
}

/// Makes `store` read and write the data of the file's account `name`
/// (`--user` on the SQLite file); reading never creates an account.
fn act_as(store: &mut SqliteStore, name: &str, path: &Path) -> anyhow::Result<()> {
    use keel_store::Accounts as _;
    let found = store
        .user_by_name(name)
        .with_context(|| format!("--user: finding the account {name:?}"))?;
    let Some(found) = found else {
        return Err(invalid(format!(
            "--user: {} has no account {name:?}; add it with `keel user add {name}`",
            path.display()
        )));
    };
    store
        .switch_user(found.id)
        .with_context(|| format!("--user: opening the data of {name:?}"))
}

/// `--user`/`KEEL_USER`, else the OS user name, else "me".
#[cfg(feature = "postgres")]
pub fn user_name(given: Option<&str>) -> String {
    given
        .map(str::to_string)
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "me".to_string())
}

/// One user's store on the PostgreSQL server at `url`.
#[cfg(feature = "postgres")]
pub fn open_postgres(url: &str, user: &str) -> anyhow::Result<keel_store_postgres::PgStore> {
    let backend = keel_store_postgres::PgBackend::connect(url)
        .with_context(|| format!("opening the database {}", redact(url)))?;
    let id = backend
        .user(user)
        .with_context(|| format!("--user: finding the user {user:?}"))?;
    Ok(backend.store(id))
}

/// The store of `user`, who must exist on the server at `url` (reading a
/// user's data never creates an account).
#[cfg(feature = "postgres")]
pub fn open_existing_postgres(
    url: &str,
    user: &str,
) -> anyhow::Result<keel_store_postgres::PgStore> {
    let backend = keel_store_postgres::PgBackend::connect(url)
        .with_context(|| format!("opening the database {}", redact(url)))?;
    let found = backend
        .user_by_name(user)
        .with_context(|| format!("--user: finding the user {user:?}"))?;
    let Some(found) = found else {
        return Err(invalid(format!(
            "--user: there is no user {user:?} on {}",
            redact(url)
        )));
    };
    Ok(backend.store(found.id))
}

/// The URL without its password, for messages.
#[cfg(feature = "postgres")]
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return "the PostgreSQL URL".to_string();
    };
    match rest.split_once('@') {
        Some((credentials, host)) => {
            let user = credentials.split(':').next().unwrap_or("");
            format!("{scheme}://{user}@{host}")
        }
        None => url.to_string(),
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
