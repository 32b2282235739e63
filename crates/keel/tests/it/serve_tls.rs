//! `keel serve --tls-cert/--tls-key` on the real binary: HTTPS announced
//! with a certificate made here (from flags, and from the `--config` file
//! with names relative to it), and every unusable pair refused before the
//! server starts, naming the file. The HTTPS exchange itself is tested
//! against the listener in `crates/keel-web/tests/tls.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use common::Env;
use predicates::prelude::*;

fn keel(env: &Env) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("keel"));
    for name in [
        "KEEL_DB",
        "KEEL_TODAY",
        "KEEL_DATABASE_URL",
        "KEEL_BIND",
        "KEEL_CONFIG",
        "KEEL_TLS_CERT",
        "KEEL_TLS_KEY",
    ] {
        cmd.env_remove(name);
    }
    cmd.args(["--date", "2026-03-02", "--db"]).arg(env.db());
    cmd
}

/// A self-signed certificate for localhost as `cert.pem` and `key.pem` in `dir`.
fn self_signed(dir: &Path) {
    let made = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    std::fs::write(dir.join("cert.pem"), made.cert.pem()).unwrap();
    std::fs::write(dir.join("key.pem"), made.signing_key.serialize_pem()).unwrap();
}

/// Starts `cmd` and returns the address line of its banner; the server is killed.
fn banner(mut cmd: Command) -> String {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut running = None;
    loop {
        let mut line = String::new();
        if stdout.read_line(&mut line).unwrap() == 0 || line.starts_with("Press Ctrl-C") {
            break;
        }
        if line.starts_with("Keel is running at") {
            running = Some(line.trim().to_string());
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    running.expect("the banner names the address")
}

#[test]
fn https_is_announced_with_a_certificate_from_flags_or_the_config_file() {
    let env = Env::new();
    env.onboard();
    self_signed(env.dir.path());
    let mut by_flags = keel(&env);
    by_flags
        .args(["serve", "--bind", "127.0.0.1:0", "--tls-cert"])
        .arg(env.dir.path().join("cert.pem"))
        .arg("--tls-key")
        .arg(env.dir.path().join("key.pem"));
    let line = banner(by_flags);
    assert!(
        line.starts_with("Keel is running at https://127.0.0.1:"),
        "{line}"
    );

    // Relative names in the file are found beside it, wherever keel runs.
    let config = env.dir.path().join("serve.toml");
    std::fs::write(
        &config,
        "bind = \"127.0.0.1:0\"\ntls-cert = \"cert.pem\"\ntls-key = \"key.pem\"\n",
    )
    .unwrap();
    let mut by_file = keel(&env);
    by_file
        .current_dir(std::env::temp_dir())
        .args(["serve", "--config"])
        .arg(&config);
    let line = banner(by_file);
    assert!(line.starts_with("Keel is running at https://"), "{line}");
}

#[test]
fn unusable_certificate_or_key_stops_serve_naming_the_file() {
    let env = Env::new();
    env.onboard();
    self_signed(env.dir.path());
    let dir = env.dir.path();
    let serve = |cert: Option<&Path>, key: Option<&Path>| {
        let mut cmd = keel(&env);
        cmd.args(["serve", "--bind", "127.0.0.1:0"]);
        if let Some(cert) = cert {
            cmd.arg("--tls-cert").arg(cert);
        }
        if let Some(key) = key {
            cmd.arg("--tls-key").arg(key);
        }
        assert_cmd::Command::from_std(cmd)
    };
    let cert = dir.join("cert.pem");
    let key = dir.join("key.pem");
    let missing = dir.join("missing-cert.pem");
    serve(Some(&missing), Some(&key))
        .assert()
        .code(2)
        .stdout(predicate::str::contains("Keel is running").not())
        .stderr(predicate::str::contains("--tls-cert: cannot read"))
        .stderr(predicate::str::contains("missing-cert.pem"));

    let garbage = dir.join("notes.txt");
    std::fs::write(&garbage, "not a key\n").unwrap();
    serve(Some(&cert), Some(&garbage))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--tls-key:"))
        .stderr(predicate::str::contains("notes.txt holds no private key"));

    serve(Some(&cert), None)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("give --tls-key FILE"));
    serve(None, Some(&key))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("give --tls-cert FILE"));

    // From the file: the name resolved beside the file is the one reported.
    let config = dir.join("serve.toml");
    std::fs::write(&config, "tls-cert = \"gone.pem\"\ntls-key = \"key.pem\"\n").unwrap();
    let mut cmd = keel(&env);
    cmd.args(["serve", "--bind", "127.0.0.1:0", "--config"])
        .arg(&config);
    assert_cmd::Command::from_std(cmd)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            dir.join("gone.pem").display().to_string(),
        ));
}
