//! `keel user add|list|reset-password|delete`: accounts on the SQLite file
//! or the PostgreSQL server, managed from the command line (whoever can run
//! this on the file, or with the database URL, is its operator). The first
//! account becomes the admin; on the SQLite file it also takes over the
//! file's data from before accounts. Both backends keep the same accounts
//! through [`Accounts`], whose rules are keel-store's.

use std::io::{IsTerminal, Read};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Subcommand;
use keel_app::auth::{self, AuthError, Role};
use keel_store::Accounts;

use crate::cli::GlobalArgs;
use crate::error::invalid;

#[derive(Debug, clap::Args)]
pub struct UserArgs {
    #[command(subcommand)]
    pub action: UserAction,
}

#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// Add an account (the server's first account becomes its admin)
    Add {
        /// The login name
        name: String,
        /// What the account may do
        #[arg(long, default_value = "athlete", value_parser = parse_role, value_name = "athlete|coach|admin")]
        role: Role,
        /// Read the password from standard input (one line) instead of prompting
        #[arg(long)]
        password_stdin: bool,
    },
    /// List the accounts (never their passwords)
    List {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Set a new password for an account (its browser sessions end)
    ResetPassword {
        name: String,
        /// Read the password from standard input (one line) instead of prompting
        #[arg(long)]
        password_stdin: bool,
    },
    /// Delete an account and all its data
    Delete {
        name: String,
        /// Confirm: the account's whole training history is deleted too
        #[arg(long)]
        yes: bool,
    },
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).map_err(|e| e.message)
}

pub fn run(global: &GlobalArgs, args: UserArgs) -> anyhow::Result<ExitCode> {
    let backend = accounts(global)?;
    let backend = backend.as_ref();
    match args.action {
        UserAction::Add {
            name,
            role,
            password_stdin,
        } => add(backend, &name, role, password_stdin),
        UserAction::List { json } => list(backend, json),
        UserAction::ResetPassword {
            name,
            password_stdin,
        } => reset_password(backend, &name, password_stdin),
        UserAction::Delete { name, yes } => delete(backend, &name, yes),
    }
}

fn add(backend: &dyn Accounts, name: &str, role: Role, stdin: bool) -> anyhow::Result<ExitCode> {
    let hash = hash_password(&read_password(stdin)?)?;
    let added = backend
        .add_user(name, role.slug(), &hash)
        .context("adding the account")?;
    let name = name.trim();
    if added.made_admin {
        println!(
            "Added {name:?} as admin: the first account is the admin \
             (asked for {role})."
        );
    } else {
        println!("Added {name:?} ({}).", added.role);
    }
    if added.claimed_existing {
        println!(
            "{name:?} takes over the training data already stored here; it is now this account's."
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn list(backend: &dyn Accounts, json: bool) -> anyhow::Result<ExitCode> {
    let users = backend.list_users().context("listing the accounts")?;
    if json {
        let rows: Vec<serde_json::Value> = users
            .iter()
            .map(|u| {
                serde_json::json!({
                    "id": u.id.get(),
                    "name": u.name,
                    "role": u.role,
                    "has_password": u.has_password,
                    "disabled": u.disabled,
                    "created_at": u.created_at.to_string(),
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(ExitCode::SUCCESS);
    }
    if users.is_empty() {
        println!("No accounts yet: add the first (the admin) with `keel user add NAME`.");
        return Ok(ExitCode::SUCCESS);
    }
    let width = users
        .iter()
        .map(|u| u.name.chars().count())
        .max()
        .unwrap_or(0)
        .max(4);
    println!("{:<width$}  {:<7}  {:<10}  NOTE", "NAME", "ROLE", "CREATED");
    for user in &users {
        let mut notes = Vec::new();
        if !user.has_password {
            notes.push("no password: cannot log in");
        }
        if user.disabled {
            notes.push("disabled");
        }
        let line = format!(
            "{:<width$}  {:<7}  {:<10}  {}",
            user.name,
            user.role,
            local_date(user.created_at),
            notes.join(", ")
        );
        println!("{}", line.trim_end());
    }
    Ok(ExitCode::SUCCESS)
}

fn reset_password(backend: &dyn Accounts, name: &str, stdin: bool) -> anyhow::Result<ExitCode> {
    if backend.user_by_name(name)?.is_none() {
        return Err(invalid(format!("NAME: there is no user called {name:?}")));
    }
    let hash = hash_password(&read_password(stdin)?)?;
    let reset = backend
        .set_password(name, &hash)
        .context("setting the password")?;
    println!(
        "Set a new password for {:?}; {}.",
        name.trim(),
        reset.summary()
    );
    Ok(ExitCode::SUCCESS)
}

fn delete(backend: &dyn Accounts, name: &str, yes: bool) -> anyhow::Result<ExitCode> {
    if !yes {
        return Err(invalid(format!(
            "--yes: deleting {name:?} deletes their whole training history; pass --yes to confirm"
        )));
    }
    backend.delete_user(name).context("deleting the account")?;
    println!("Deleted {:?} and all their data.", name.trim());
    Ok(ExitCode::SUCCESS)
}

/// The accounts of the PostgreSQL server of `--database`, else of the
/// SQLite file.
pub(crate) fn accounts(global: &GlobalArgs) -> anyhow::Result<Box<dyn Accounts>> {
    #[cfg(feature = "postgres")]
    if global.database.is_some() {
        return Ok(Box::new(server(global)?));
    }
    let path = crate::context::sqlite_path(global)?;
    let store = keel_store::SqliteStore::open(&path)
        .with_context(|| format!("opening the database {}", path.display()))?;
    Ok(Box::new(store))
}

/// The PostgreSQL server of `--database`.
#[cfg(feature = "postgres")]
pub fn server(global: &GlobalArgs) -> anyhow::Result<keel_store_postgres::PgBackend> {
    let Some(url) = &global.database else {
        return Err(invalid(
            "--database: no server database given; pass --database postgres://... \
             (or set KEEL_DATABASE_URL)",
        ));
    };
    keel_store_postgres::PgBackend::connect(url)
        .with_context(|| format!("opening the database {}", crate::context::redact(url)))
}

/// Argon2id with invalid input (a short password) kept recognisable for exit code 2.
fn hash_password(password: &str) -> anyhow::Result<String> {
    auth::hash_password(password).map_err(|err| match err {
        AuthError::Invalid(input) => anyhow::Error::new(input),
        other => anyhow::Error::new(other),
    })
}

/// The new password: one line from stdin with `--password-stdin`, else
/// typed twice without echo at a terminal.
fn read_password(from_stdin: bool) -> anyhow::Result<String> {
    if from_stdin {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading the password from standard input")?;
        // One trailing line break is the line's end, not the password.
        let password = text
            .strip_suffix('\n')
            .map(|t| t.strip_suffix('\r').unwrap_or(t))
            .unwrap_or(&text);
        return Ok(password.to_string());
    }
    if !std::io::stdin().is_terminal() {
        return Err(invalid(
            "password: no terminal to type it in; pipe it with --password-stdin",
        ));
    }
    let first = rpassword::prompt_password("New password: ").context("reading the password")?;
    let again = rpassword::prompt_password("Again: ").context("reading the password")?;
    if first != again {
        return Err(invalid("password: the two entries differ"));
    }
    Ok(first)
}

/// A stored time as the local calendar date.
pub fn local_date(at: jiff::Timestamp) -> String {
    at.to_zoned(jiff::tz::TimeZone::system()).date().to_string()
}
