//! `keel user` and `--user` on the SQLite file: a household on one file.
//! The first account takes over the data the file held before accounts;
//! each account sees only its own training; the other account commands
//! work as on the server.
#![allow(clippy::unwrap_used)]

use crate::common;

use common::{Env, ONBOARD_ARGS};
use predicates::prelude::*;

fn add(env: &Env, name: &str, role: &str, password: &str) -> assert_cmd::assert::Assert {
    env.keel()
        .env_remove("KEEL_USER")
        .args(["user", "add", name, "--role", role, "--password-stdin"])
        .write_stdin(format!("{password}\n"))
        .assert()
}

fn as_user(env: &Env, name: &str) -> assert_cmd::Command {
    let mut cmd = env.keel();
    cmd.env_remove("KEEL_USER").args(["--user", name]);
    cmd
}

fn names_and_roles(env: &Env) -> Vec<(String, String)> {
    let out = env
        .keel()
        .args(["user", "list", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out).unwrap();
    list.iter()
        .map(|u| {
            (
                u["name"].as_str().unwrap().to_string(),
                u["role"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_household_shares_one_file_and_each_keeps_their_own_training() {
    let env = Env::new();
    // Keel used alone first: the file's data, without any account.
    env.onboard();
    let before = env.keel().arg("plan").assert().success();
    let plan = String::from_utf8(before.get_output().stdout.clone()).unwrap();
    env.keel()
        .args(["user", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("no password: cannot log in"));

    add(&env, "ana", "athlete", "ana's long password")
        .success()
        .stdout(predicate::str::contains("as admin"))
        .stdout(predicate::str::contains("takes over the training data"));
    add(&env, "ben", "athlete", "ben's long password")
        .success()
        .stdout(predicate::str::contains("takes over").not());
    assert_eq!(
        names_and_roles(&env),
        [
            ("ana".to_string(), "admin".to_string()),
            ("ben".to_string(), "athlete".to_string())
        ]
    );

    // Ana is the file's first account: her plan is the one made before.
    as_user(&env, "ana")
        .arg("plan")
        .assert()
        .success()
        .stdout(plan.clone());
    // Ben has no plan until he onboards; then his own.
    let bens_plan = as_user(&env, "ben").arg("plan").assert();
    let bens_plan = String::from_utf8(bens_plan.get_output().stdout.clone()).unwrap();
    assert_ne!(bens_plan, plan);
    as_user(&env, "ben").args(ONBOARD_ARGS).assert().success();
    as_user(&env, "ben").arg("plan").assert().success();
    // Without --user, the command line is still the file's first account.
    env.keel().arg("plan").assert().success().stdout(plan);

    // An account the file does not have is refused, and nothing is made.
    as_user(&env, "cy")
        .arg("plan")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("has no account \"cy\""));
    assert_eq!(names_and_roles(&env).len(), 2);

    // The rules are the server's: the last admin stays, deleting needs --yes.
    env.keel()
        .args(["user", "delete", "ana", "--yes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("last admin"));
    env.keel().args(["user", "delete", "ben"]).assert().code(2);
    env.keel()
        .args(["user", "delete", "ben", "--yes"])
        .assert()
        .success();
    as_user(&env, "ben").arg("plan").assert().code(2);
    as_user(&env, "ana").arg("plan").assert().success();
}

/// API tokens on the file, as on a server: shown once, listed without the
/// token, revoked; another account sees none of them.
#[test]
fn api_tokens_live_on_the_file_too() {
    let env = Env::new();
    add(&env, "ana", "athlete", "ana's long password").success();
    add(&env, "ben", "athlete", "ben's long password").success();
    let out = as_user(&env, "ana")
        .args(["token", "create", "phone"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let token = String::from_utf8(out).unwrap();
    assert!(token.trim().len() >= 32, "{token}");
    let listed = as_user(&env, "ana")
        .args(["token", "list", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let listed: Vec<serde_json::Value> = serde_json::from_slice(&listed).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["name"], "phone");
    assert_eq!(listed[0]["status"], "active");
    assert!(!String::from_utf8_lossy(&serde_json::to_vec(&listed).unwrap()).contains(token.trim()));
    as_user(&env, "ben")
        .args(["token", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("No API tokens"));
    let id = listed[0]["id"].as_i64().unwrap().to_string();
    as_user(&env, "ana")
        .args(["token", "revoke", &id])
        .assert()
        .success();
    as_user(&env, "ana")
        .args(["token", "list", "--json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"revoked\""));
}
