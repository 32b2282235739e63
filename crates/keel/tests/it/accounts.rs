//! `keel user` and `keel token` on a PostgreSQL server: accounts added,
//! listed, reset and deleted; API tokens shown once, stored as hashes,
//! listed and revoked. Needs KEEL_TEST_POSTGRES_URL; one schema per test.
#![cfg(feature = "postgres")]
#![allow(clippy::unwrap_used)]

use crate::common;

use common::Env;
use common::pg::{json_list, keel, server};
use keel_app::auth;
use keel_store_postgres::PgBackend;
use predicates::prelude::*;

fn add(env: &Env, url: &str, name: &str, role: &str, password: &str) -> assert_cmd::assert::Assert {
    keel(
        env,
        url,
        "root",
        &["user", "add", name, "--role", role, "--password-stdin"],
    )
    .write_stdin(format!("{password}\n"))
    .assert()
}

fn users_json(env: &Env, url: &str) -> Vec<serde_json::Value> {
    json_list(keel(env, url, "root", &["user", "list", "--json"]))
}

fn hash_of(backend: &PgBackend, name: &str) -> String {
    backend
        .user_by_name(name)
        .unwrap()
        .unwrap()
        .password_hash
        .unwrap()
}

#[test]
fn users_are_added_listed_reset_and_deleted() {
    let Some((schema, env, url)) = server(
        "keel_cli_accounts",
        "users_are_added_listed_reset_and_deleted",
    ) else {
        return;
    };

    add(&env, &url, "root", "athlete", "first password")
        .success()
        .stdout(predicate::str::contains("as admin"));
    add(&env, &url, "cy", "coach", "coach password").success();
    add(&env, &url, "ana", "athlete", "athlete password").success();
    // Refused, changing nothing: a short password, a taken name, a bad role.
    add(&env, &url, "ben", "athlete", "short")
        .code(2)
        .stderr(predicate::str::contains("password"));
    add(&env, &url, "ana", "coach", "another password")
        .code(2)
        .stderr(predicate::str::contains("already an account"));
    add(&env, &url, "ben", "root", "another password").code(2);

    let users = users_json(&env, &url);
    let summary: Vec<(&str, &str)> = users
        .iter()
        .map(|u| (u["name"].as_str().unwrap(), u["role"].as_str().unwrap()))
        .collect();
    assert_eq!(
        summary,
        [("ana", "athlete"), ("cy", "coach"), ("root", "admin")]
    );
    assert!(users.iter().all(|u| u["has_password"] == true));
    let table = keel(&env, &url, "root", &["user", "list"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let table = String::from_utf8(table).unwrap();
    assert!(table.contains("cy") && table.contains("coach"), "{table}");
    assert!(!table.contains("$argon2"), "{table}");

    // The stored hash is Argon2id and verifies the password given.
    let backend = schema.backend();
    let before = hash_of(&backend, "ana");
    assert!(before.starts_with("$argon2id$"));
    assert!(auth::verify_password("athlete password", &before));

    // ana's API token is revoked by the reset, which says so.
    keel(&env, &url, "ana", &["token", "create", "phone"])
        .assert()
        .success();
    keel(
        &env,
        &url,
        "root",
        &["user", "reset-password", "ana", "--password-stdin"],
    )
    .write_stdin("a new password\n")
    .assert()
    .success()
    .stdout(predicate::str::contains("1 API token revoked"));
    let ana = backend.user_by_name("ana").unwrap().unwrap();
    let tokens = backend.list_api_tokens(ana.id).unwrap();
    assert_eq!(tokens.len(), 1);
    assert!(tokens[0].revoked_at.is_some(), "{tokens:?}");
    let after = hash_of(&backend, "ana");
    assert!(auth::verify_password("a new password", &after));
    assert!(!auth::verify_password("athlete password", &after));
    keel(
        &env,
        &url,
        "root",
        &["user", "reset-password", "nobody", "--password-stdin"],
    )
    .write_stdin("a new password\n")
    .assert()
    .code(2);

    // No terminal and no --password-stdin: refused.
    keel(&env, &url, "root", &["user", "add", "dee"])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--password-stdin"));

    keel(&env, &url, "root", &["user", "delete", "ana"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--yes"));
    keel(&env, &url, "root", &["user", "delete", "root", "--yes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("last admin"));
    keel(&env, &url, "root", &["user", "delete", "ana", "--yes"])
        .assert()
        .success();
    let names: Vec<String> = users_json(&env, &url)
        .iter()
        .map(|u| u["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["cy", "root"]);
}

#[test]
fn tokens_are_shown_once_stored_as_hashes_and_revoked() {
    let Some((schema, env, url)) = server(
        "keel_cli_accounts",
        "tokens_are_shown_once_stored_as_hashes_and_revoked",
    ) else {
        return;
    };
    add(&env, &url, "root", "admin", "first password").success();
    add(&env, &url, "ana", "athlete", "athlete password").success();

    let out = keel(&env, &url, "ana", &["token", "create", "--name", "phone"])
        .assert()
        .success()
        .stderr(predicate::str::contains("cannot be shown again"))
        .get_output()
        .stdout
        .clone();
    let token = String::from_utf8(out).unwrap().trim().to_string();
    assert_eq!(token.len(), 64, "{token:?}");

    // The server knows the token by its hash only.
    let backend = schema.backend();
    let owner = backend
        .token_user(&auth::token_hash(&token), jiff::Timestamp::now())
        .unwrap()
        .unwrap();
    assert_eq!(owner.name, "ana");
    // The plaintext (also 64 hex digits) is not what is stored.
    assert!(
        backend
            .token_user(&token, jiff::Timestamp::now())
            .unwrap()
            .is_none()
    );

    let list = keel(&env, &url, "ana", &["token", "list", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(!String::from_utf8_lossy(&list).contains(&token));
    let list: Vec<serde_json::Value> = serde_json::from_slice(&list).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["name"], "phone");
    assert!(list[0]["last_used_at"].is_string(), "used once above");
    assert!(list[0]["revoked_at"].is_null());
    let id = list[0]["id"].as_i64().unwrap().to_string();

    // Another account sees none of ana's tokens and cannot revoke them.
    keel(&env, &url, "root", &["token", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("No API tokens"));
    keel(&env, &url, "root", &["token", "revoke", &id])
        .assert()
        .code(2);

    keel(&env, &url, "ana", &["token", "revoke", &id])
        .assert()
        .success();
    assert!(
        backend
            .token_user(&auth::token_hash(&token), jiff::Timestamp::now())
            .unwrap()
            .is_none()
    );
    keel(&env, &url, "ana", &["token", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("revoked"));
    keel(&env, &url, "ana", &["token", "revoke", &id])
        .assert()
        .code(2);
    keel(&env, &url, "nobody", &["token", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no account"));
}

#[test]
fn api_tokens_on_the_file_need_an_account_of_that_name() {
    // (Tokens of the file's accounts: tests/household.rs.)
    let env = Env::new();
    let mut cmd = env.keel();
    cmd.env_remove("KEEL_DATABASE_URL")
        .args(["--user", "zed", "token", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no account called \"zed\""));
}
