//! Imported history shows in `keel history`, as text and JSON.
#![allow(clippy::unwrap_used)]

use crate::common;

use common::Env;
use predicates::prelude::*;

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../keel-io/tests/fixtures")
        .join(name)
}

#[test]
fn imported_sets_appear_in_history() {
    let env = Env::new();
    env.keel()
        .arg("import")
        .arg(fixture("strong_export.csv"))
        .assert()
        .success();
    env.keel()
        .arg("history")
        .assert()
        .success()
        .stdout(predicate::str::contains("Imported history"))
        .stdout(predicate::str::contains(
            "Hip Thrust (Barbell): 40 kg, 8 reps",
        ))
        .stdout(predicate::str::contains("(your own exercise)"));
    let out = env.keel().args(["history", "--json"]).output().unwrap();
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["imported"].as_array().unwrap().len(), 10);
    // The range filters imported sets too.
    let out = env
        .keel()
        .args(["history", "--json", "--from", "2024-07-01"])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(value["imported"].as_array().unwrap().len() < 10);
}
