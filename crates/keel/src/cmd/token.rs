//! `keel token create|list|revoke`: bearer tokens for the JSON API, for the
//! `--user` account, on the PostgreSQL server or the SQLite file (whose
//! accounts follow the same rules, `keel_store::accounts`). A token is shown once, when
//! created; the server keeps only its SHA-256. A token expires after
//! `--expires-in DAYS` (90 unless told; `--no-expiry` for one that never
//! does), and the API refuses it from then on.

use std::process::ExitCode;

use anyhow::Context as _;
use clap::Subcommand;
use jiff::Timestamp;
use keel_app::auth;
use keel_store::accounts::{Accounts, ApiToken, UserId};

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
        #[arg(value_name = "NAME", required_unless_present = "label")]
        name: Option<String>,
        /// The same as NAME (the form before NAME was positional)
        #[arg(
            long = "name",
            id = "label",
            value_name = "NAME",
            conflicts_with = "name"
        )]
        label: Option<String>,
        /// Days until the token stops working, 1 to 1825 [default: 90]
        #[arg(
            long,
            value_name = "DAYS",
            allow_negative_numbers = true,
            conflicts_with = "no_expiry"
        )]
        expires_in: Option<i64>,
        /// Make a token that never expires (revoke it when it is no longer needed)
        #[arg(long)]
        no_expiry: bool,
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
    let backend = crate::cmd::user::accounts(global)?;
    let backend = backend.as_ref();
    let name = user_name(global.user.as_deref());
    let Some(account) = backend.user_by_name(&name)? else {
        return Err(invalid(format!(
            "--user: there is no account called {name:?} (add it with `keel user add`)"
        )));
    };
    match args.action {
        TokenAction::Create {
            name: positional,
            label,
            expires_in,
            no_expiry,
        } => {
            let label = positional.or(label).unwrap_or_default();
            let expires_at = expiry(Timestamp::now(), expires_in, no_expiry)?;
            create(backend, account.id, &name, &label, expires_at)
        }
        TokenAction::List { json } => list(backend, account.id, json),
        TokenAction::Revoke { id } => {
            backend
                .revoke_api_token(account.id, id)
                .context("revoking the token")?;
            println!("Revoked token {id}; it no longer works.");
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// When a token made at `now` expires: `--expires-in` days, the default,
/// or never with `--no-expiry`; a number of days out of range exits 2.
fn expiry(
    now: Timestamp,
    expires_in: Option<i64>,
    no_expiry: bool,
) -> anyhow::Result<Option<Timestamp>> {
    if no_expiry {
        return Ok(None);
    }
    let days = expires_in.unwrap_or(auth::DEFAULT_TOKEN_DAYS);
    auth::token_expiry(now, days)
        .map(Some)
        .map_err(|e| invalid(format!("--expires-in: {}", e.message)))
}

fn create(
    backend: &dyn Accounts,
    user: UserId,
    owner: &str,
    label: &str,
    expires_at: Option<Timestamp>,
) -> anyhow::Result<ExitCode> {
    let token = auth::new_token()?;
    let id = backend
        .create_api_token_until(user, label, &token.hash, expires_at)
        .context("creating the token")?;
    let lasts = match expires_at {
        Some(at) => format!("It expires on {}.", local_date(at)),
        None => "It never expires: revoke it when it is no longer needed.".to_string(),
    };
    // The token alone on stdout, for scripts; the explanation on stderr.
    eprintln!(
        "Token {id} ({:?}) for {owner:?}. {lasts} Copy it now: it is not stored and cannot be \
         shown again.",
        label.trim()
    );
    println!("{}", token.plaintext);
    Ok(ExitCode::SUCCESS)
}

fn list(backend: &dyn Accounts, user: UserId, json: bool) -> anyhow::Result<ExitCode> {
    let tokens = backend
        .list_api_tokens(user)
        .context("listing the tokens")?;
    let now = Timestamp::now();
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
                    "expires_at": t.expires_at.map(|at| at.to_string()),
                    "expired": t.is_expired(now),
                    "status": status(t, now).0,
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(ExitCode::SUCCESS);
    }
    if tokens.is_empty() {
        println!("No API tokens: create one with `keel token create NAME`.");
        return Ok(ExitCode::SUCCESS);
    }
    let width = tokens
        .iter()
        .map(|t| t.name.chars().count())
        .max()
        .unwrap_or(0)
        .max(4);
    println!(
        "{:>4}  {:<width$}  {:<10}  {:<10}  {:<10}  STATUS",
        "ID", "NAME", "CREATED", "LAST USED", "EXPIRES"
    );
    for token in &tokens {
        let (word, since) = status(token, now);
        let status = match since {
            Some(at) => format!("{word} {}", local_date(at)),
            None => word.to_string(),
        };
        println!(
            "{:>4}  {:<width$}  {:<10}  {:<10}  {:<10}  {status}",
            token.id,
            token.name,
            local_date(token.created_at),
            token
                .last_used_at
                .map(local_date)
                .unwrap_or_else(|| "never".into()),
            token
                .expires_at
                .map(local_date)
                .unwrap_or_else(|| "never".into()),
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Whether a token works at `now` ("active"), or since when it does not
/// ("revoked", "expired"); a revoked token that also expired says revoked.
fn status(token: &ApiToken, now: Timestamp) -> (&'static str, Option<Timestamp>) {
    match (token.revoked_at, token.expires_at) {
        (Some(at), _) => ("revoked", Some(at)),
        (None, Some(at)) if at <= now => ("expired", Some(at)),
        _ => ("active", None),
    }
}

/// A stored time as the local calendar date.
pub use crate::cmd::user::local_date;
