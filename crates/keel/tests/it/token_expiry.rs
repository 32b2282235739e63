//! `keel token create NAME --expires-in DAYS | --no-expiry`: tokens expire
//! (90 days unless told), out-of-range lifetimes exit 2 changing nothing,
//! `keel token list` shows when each expires and whether it has, and the
//! server refuses an expired token. Also `keel serve --trusted-proxy`'s
//! refusals. The PostgreSQL tests need KEEL_TEST_POSTGRES_URL; one schema
//! per test.
//!
//! No test sleeps until a token expires: the store is asked with a later
//! "now", or the token's stored times are moved into the past, as if the
//! days had gone by.
#![allow(clippy::unwrap_used)]

use crate::common;

use common::Env;
use predicates::prelude::*;

#[cfg(feature = "postgres")]
mod server {
    use jiff::{SignedDuration, Timestamp};
    use keel_app::auth;
    use predicates::prelude::*;
    use serde_json::Value;

    use super::common::Env;
    use super::common::pg::{Schema, json_list, keel, server};

    fn add(env: &Env, url: &str, name: &str) {
        keel(env, url, "root", &["user", "add", name, "--password-stdin"])
            .write_stdin("a long enough password\n")
            .assert()
            .success();
    }

    /// `keel token create ARGS...` as ana; the token printed.
    fn create(env: &Env, url: &str, args: &[&str]) -> String {
        let mut all = vec!["token", "create"];
        all.extend_from_slice(args);
        let out = keel(env, url, "ana", &all)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap().trim().to_string()
    }

    fn listed(env: &Env, url: &str) -> Vec<Value> {
        json_list(keel(env, url, "ana", &["token", "list", "--json"]))
    }

    /// A server with the accounts `root` (its admin) and `ana`.
    fn root_and_ana(prefix: &str, test: &str) -> Option<(Schema, Env, String)> {
        let (schema, env, url) = server(prefix, test)?;
        add(&env, &url, "root");
        add(&env, &url, "ana");
        Some((schema, env, url))
    }

    fn expires_in_seconds(token: &Value) -> i64 {
        let at: Timestamp = token["expires_at"].as_str().unwrap().parse().unwrap();
        at.as_second() - Timestamp::now().as_second()
    }

    #[test]
    fn tokens_expire_after_the_days_asked_and_are_refused_afterwards() {
        let Some((schema, env, url)) = root_and_ana(
            "keel_cli_token_expiry",
            "tokens_expire_after_the_days_asked_and_are_refused_afterwards",
        ) else {
            return;
        };
        let day = 86_400;

        // The default: 90 days, said when created.
        let default = create(&env, &url, &["phone"]);
        keel(&env, &url, "ana", &["token", "create", "tablet"])
            .assert()
            .success()
            .stderr(predicate::str::contains("It expires on"));
        let week = create(&env, &url, &["laptop", "--expires-in", "7"]);
        let forever = create(&env, &url, &["--name", "server", "--no-expiry"]);
        let tokens = listed(&env, &url);
        let names: Vec<&str> = tokens.iter().map(|t| t["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["phone", "tablet", "laptop", "server"]);
        for (token, days) in [(&tokens[0], 90), (&tokens[1], 90), (&tokens[2], 7)] {
            let left = expires_in_seconds(token);
            assert!(
                (days * day - 120..=days * day).contains(&left),
                "{token}: {left}s left"
            );
            assert_eq!(token["expired"], false);
            assert_eq!(token["status"], "active");
        }
        assert!(tokens[3]["expires_at"].is_null());
        assert_eq!(tokens[3]["status"], "active");

        // Out of range or contradictory: exit 2, naming the flag, nothing made.
        for args in [
            &["bad", "--expires-in", "0"][..],
            &["bad", "--expires-in", "-1"],
            &["bad", "--expires-in=-30"],
            &["bad", "--expires-in", "1826"],
            &["bad", "--expires-in", "99999999999"],
        ] {
            let mut all = vec!["token", "create"];
            all.extend_from_slice(args);
            keel(&env, &url, "ana", &all)
                .assert()
                .code(2)
                .stdout(predicate::str::is_empty())
                .stderr(
                    predicate::str::contains("--expires-in")
                        .and(predicate::str::contains("1 to 1825")),
                );
        }
        for args in [
            &["bad", "--expires-in", "ninety"][..],
            &["bad", "--expires-in", "1.5"],
            &["bad", "--expires-in", "7", "--no-expiry"],
            &["bad", "--name", "other"],
            &["--expires-in", "7"],
        ] {
            let mut all = vec!["token", "create"];
            all.extend_from_slice(args);
            keel(&env, &url, "ana", &all)
                .assert()
                .code(2)
                .stdout(predicate::str::is_empty());
        }
        assert_eq!(listed(&env, &url).len(), 4, "no token was made");

        // Each works now; a token past its expiry is refused (the server
        // asks with its clock's "now"; see `an_expired_token_...` below for
        // one that has expired).
        let backend = schema.backend();
        let now = Timestamp::now();
        for token in [&default, &week, &forever] {
            let owner = backend
                .token_user(&auth::token_hash(token), now)
                .unwrap()
                .unwrap();
            assert_eq!(owner.name, "ana");
        }
        // And each one stops working at its expiry, not before.
        let in_90 = now + SignedDuration::from_hours(24 * 90 + 1);
        assert!(
            backend
                .token_user(&auth::token_hash(&default), in_90)
                .unwrap()
                .is_none()
        );
        assert!(
            backend
                .token_user(&auth::token_hash(&forever), in_90)
                .unwrap()
                .is_some()
        );
        let in_8 = now + SignedDuration::from_hours(24 * 8);
        assert!(
            backend
                .token_user(&auth::token_hash(&week), in_8)
                .unwrap()
                .is_none()
        );
        assert!(
            backend
                .token_user(
                    &auth::token_hash(&week),
                    now + SignedDuration::from_hours(24 * 6)
                )
                .unwrap()
                .is_some()
        );
    }

    #[test]
    fn token_names_are_stored_verbatim_whatever_they_contain() {
        let Some((schema, env, url)) = root_and_ana(
            "keel_cli_token_names",
            "token_names_are_stored_verbatim_whatever_they_contain",
        ) else {
            return;
        };
        let root_tokens = {
            create_as(&env, &url, "root", "root's own");
            schema
                .backend()
                .list_api_tokens(schema.backend().user_by_name("root").unwrap().unwrap().id)
                .unwrap()
        };
        // NUL cannot be passed as an argument at all; the rest can.
        let hostile = [
            "'; DROP TABLE users; --",
            "\" OR 1=1 --",
            "\\",
            "%_",
            "ünïcödé 💪 漢字",
            "Robert'); DELETE FROM api_tokens WHERE ('1'='1",
        ];
        for name in hostile {
            let token = create(&env, &url, &[name]);
            assert_eq!(token.len(), 64, "{name:?}");
        }
        let names: Vec<String> = listed(&env, &url)
            .iter()
            .map(|t| t["name"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(names, hostile);
        // Control characters are refused naming the field, making nothing.
        for name in ["tab\there", "bell\u{7}", "   "] {
            keel(&env, &url, "ana", &["token", "create", name])
                .assert()
                .code(2)
                .stderr(predicate::str::contains("name"));
        }
        assert_eq!(listed(&env, &url).len(), hostile.len());
        // The schema is intact and the other user's data unchanged.
        let backend = schema.backend();
        let users: Vec<String> = backend
            .list_users()
            .unwrap()
            .into_iter()
            .map(|a| a.name)
            .collect();
        assert_eq!(users, ["ana", "root"]);
        let root = backend.user_by_name("root").unwrap().unwrap().id;
        assert_eq!(backend.list_api_tokens(root).unwrap(), root_tokens);
    }

    fn create_as(env: &Env, url: &str, user: &str, name: &str) {
        keel(env, url, user, &["token", "create", name])
            .assert()
            .success();
    }
}

#[test]
fn trusted_proxies_need_a_server_database_and_an_address() {
    let env = Env::new();
    env.keel()
        .args(["serve", "--trusted-proxy", "10.0.0.2"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("--trusted-proxy").and(predicate::str::contains("--database")),
        );
    for bad in ["proxy.example", "10.0.0.300", "10.0.0.0/8", ""] {
        env.keel()
            .args(["serve", "--trusted-proxy", bad])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--trusted-proxy"));
    }
    assert!(!env.db().exists(), "nothing was created");
}

/// A token whose lifetime has passed: `keel token list` says expired (in
/// JSON and in the table), the store refuses it, and once revoked it says
/// revoked. On the SQLite file, whose accounts follow the server's rules.
#[test]
fn an_expired_token_is_listed_as_expired_and_refused() {
    use jiff::Timestamp;
    use keel_store::accounts::Accounts as _;

    let env = Env::new();
    env.keel()
        .env_remove("KEEL_USER")
        .args(["user", "add", "ana", "--password-stdin"])
        .write_stdin("a long enough password\n")
        .assert()
        .success();
    let as_ana = || {
        let mut cmd = env.keel();
        cmd.env_remove("KEEL_USER").args(["--user", "ana"]);
        cmd
    };
    let listed = || -> Vec<serde_json::Value> {
        let out = as_ana()
            .args(["token", "list", "--json"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&out).unwrap()
    };
    let out = as_ana()
        .args(["token", "create", "short", "--expires-in", "1"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let token = String::from_utf8(out).unwrap().trim().to_string();
    assert_eq!(listed()[0]["status"], "active");

    // Two days go by: the token's stored times move two days back.
    let two_days = 2 * 86_400;
    let moved = rusqlite::Connection::open(env.db())
        .unwrap()
        .execute(
            "UPDATE api_tokens SET created_at = created_at - ?1, expires_at = expires_at - ?1",
            [two_days],
        )
        .unwrap();
    assert_eq!(moved, 1);

    let tokens = listed();
    assert_eq!(tokens[0]["name"], "short");
    assert_eq!(tokens[0]["expired"], true);
    assert_eq!(tokens[0]["status"], "expired");
    as_ana()
        .args(["token", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("EXPIRES").and(predicate::str::contains("expired")));
    let store = keel_store::SqliteStore::open(&env.db()).unwrap();
    let hash = keel_app::auth::token_hash(&token);
    assert!(store.token_user(&hash, Timestamp::now()).unwrap().is_none());

    // Revoked and expired says revoked.
    let id = tokens[0]["id"].as_i64().unwrap().to_string();
    as_ana().args(["token", "revoke", &id]).assert().success();
    assert_eq!(listed()[0]["status"], "revoked");
}
