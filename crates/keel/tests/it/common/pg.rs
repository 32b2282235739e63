//! A private PostgreSQL schema per test (on KEEL_TEST_POSTGRES_URL), dropped
//! when the test ends.
#![allow(clippy::unwrap_used)]

use assert_cmd::Command;
use keel_store_postgres::{PgBackend, PoolOptions};
use serde_json::Value;

use super::Env;

/// A private schema with Keel's tables, dropped afterwards (also when the
/// test fails).
pub struct Schema {
    base: String,
    name: String,
}

impl Schema {
    /// A fresh schema named after `prefix`, or `None` (after one line saying
    /// so) when KEEL_TEST_POSTGRES_URL is unset.
    pub fn new(prefix: &str, test: &str) -> Option<Schema> {
        let Some(base) = std::env::var("KEEL_TEST_POSTGRES_URL")
            .ok()
            .filter(|u| !u.is_empty())
        else {
            // In CI a missing service is a failure, never a silent skip.
            assert!(
                std::env::var_os("CI").is_none(),
                "KEEL_TEST_POSTGRES_URL is unset, but CI is set: the PostgreSQL test {test} must run, not skip"
            );
            println!("KEEL_TEST_POSTGRES_URL is unset: skipping the PostgreSQL test {test}");
            return None;
        };
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let name = format!("{prefix}_{}_{nanos}", std::process::id());
        let schema = Schema { base, name };
        schema.backend();
        Some(schema)
    }

    /// The server URL with Keel's tables in this schema.
    pub fn url(&self) -> String {
        let separator = if self.base.contains('?') { '&' } else { '?' };
        format!(
            "{}{separator}options=-csearch_path%3D{}",
            self.base, self.name
        )
    }

    pub fn backend(&self) -> PgBackend {
        PgBackend::connect_with(&self.base, Some(&self.name), PoolOptions::default()).unwrap()
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        if let Err(e) = PgBackend::drop_schema(&self.base, &self.name) {
            eprintln!("could not drop the test schema {}: {e}", self.name);
        }
    }
}

/// A fresh schema, a temporary folder for the CLI and the URL that points
/// the CLI at that schema; `None` when KEEL_TEST_POSTGRES_URL is unset.
pub fn server(prefix: &str, test: &str) -> Option<(Schema, Env, String)> {
    let schema = Schema::new(prefix, test)?;
    let url = schema.url();
    Some((schema, Env::new(), url))
}

/// `keel --database URL --user USER ARGS...`, with no database or user
/// taken from the environment.
pub fn keel(env: &Env, url: &str, user: &str, args: &[&str]) -> Command {
    let mut cmd = env.keel();
    cmd.env_remove("KEEL_DATABASE_URL")
        .env_remove("KEEL_USER")
        .args(["--database", url, "--user", user])
        .args(args);
    cmd
}

/// The JSON list a successful command printed.
pub fn json_list(mut cmd: Command) -> Vec<Value> {
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).unwrap()
}
