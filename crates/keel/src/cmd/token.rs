//! `keel token create|list|revoke`: bearer tokens for the JSON API, for the
//! `--user` account on the PostgreSQL server. A token is shown once, when
//! created; the server keeps only its SHA-256.

use std::process::ExitCode;

use anyhow::Context as _;
use clap::Subcommand;
use jiff::Timestamp;
use keel_app::auth;
use keel_store_postgres::{PgBackend, UserId};

use crate::cli::GlobalArgs;
use crate::context::user_name;
use crate::error::invalid;

#[derive(Debug, clap::Args)]
pub struct TokenArgs {
    #[command(subcommand)]
    pub action: TokenAction,
}

#[derive(Debug, Subcommand)]
pub enum TokenAction {
    /// Create a token and print it (shown this once only)
    Create {
        /// What the token is for, e.g. "phone"
        #[arg(long)]
        name: String,
    },
    /// List the account's tokens (never the tokens themselves)
    List {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Revoke a token by its id (from `keel token list`)
    Revoke { id: i64 },
}

pub fn run(global: &GlobalArgs, args: TokenArgs) -> anyhow::Result<ExitCode> {
    let backend = crate::cmd::user::server(global)?;
    let name = user_name(global.user.as_deref());
    let Some(account) = backend.user_by_name(&name)? else {
        return Err(invalid(format!(
            "--user: there is no account called {name:?} (add it with `keel user add`)"
        )));
    };
    match args.action {
        TokenAction::Create { name: label } => create(&backend, account.id, &name, &label),
        TokenAction::List { json } => list(&backend, account.id, json),
        TokenAction::Revoke { id } => {
            backend
                .revoke_api_token(account.id, id)
                .context("revoking the token")?;
            println!("Revoked token {id}; it no longer works.");
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn create(backend: &PgBackend, user: UserId, owner: &str, label: &str) -> anyhow::Result<ExitCode> {
    let token = auth::new_token()?;
    let id = backend
        .create_api_token(user, label, &token.hash)
        .context("creating the token")?;
    // The token alone on stdout, for scripts; the explanation on stderr.
    eprintln!(
        "Token {id} ({:?}) for {owner:?}. Copy it now: it is not stored and cannot be shown again.",
        label.trim()
    );
    println!("{}", token.plaintext);
    Ok(ExitCode::SUCCESS)
}

fn list(backend: &PgBackend, user: UserId, json: bool) -> anyhow::Result<ExitCode> {
    let tokens = backend
        .list_api_tokens(user)
        .context("listing the tokens")?;
    if json {
        let rows: Vec<serde_json::Value> = tokens
            .iter()
            .map(|t| {
                serde_json::json!({
                    "id": t.id,
                    "name": t.name,
                    "created_at": t.created_at.to_string(),
                    "last_used_at": t.last_used_at.map(|at| at.to_string()),
                    "revoked_at": t.revoked_at.map(|at| at.to_string()),
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(ExitCode::SUCCESS);
    }
    if tokens.is_empty() {
        println!("No API tokens: create one with `keel token create --name NAME`.");
        return Ok(ExitCode::SUCCESS);
    }
    let width = tokens
        .iter()
        .map(|t| t.name.chars().count())
        .max()
        .unwrap_or(0)
        .max(4);
    println!(
        "{:>4}  {:<width$}  {:<10}  {:<10}  STATUS",
        "ID", "NAME", "CREATED", "LAST USED"
    );
    for token in &tokens {
        let status = match token.revoked_at {
            Some(at) => format!("revoked {}", local_date(at)),
            None => "active".to_string(),
        };
        println!(
            "{:>4}  {:<width$}  {:<10}  {:<10}  {status}",
            token.id,
            token.name,
            local_date(token.created_at),
            token
                .last_used_at
                .map(local_date)
                .unwrap_or_else(|| "never".into()),
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// A stored time as the local calendar date.
pub fn local_date(at: Timestamp) -> String {
    at.to_zoned(jiff::tz::TimeZone::system()).date().to_string()
}
