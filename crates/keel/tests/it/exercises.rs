//! `keel exercises` and `keel exercise ID`: catalog listing and detail.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use predicates::prelude::*;
use predicates::str::contains;

fn stdout_of(args: &[&str]) -> String {
    let env = common::Env::new();
    let out = env.keel().args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn json_of(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&stdout_of(args)).expect("valid JSON")
}

#[test]
fn lists_the_catalog_as_a_table() {
    let out = stdout_of(&["exercises"]);
    for needle in [
        "ID",
        "PATTERN",
        "EQUIPMENT",
        "side-bridge",
        "kettlebell-swing",
        "sled-drag",
        "open-book",
    ] {
        assert!(out.contains(needle), "{needle} missing in\n{out}");
    }
    assert!(out.lines().count() > 40, "{out}");
}

#[test]
fn filters_by_pattern_surface_and_equipment() {
    let out = stdout_of(&["exercises", "--pattern", "swing"]);
    assert!(out.contains("kettlebell-swing"), "{out}");
    assert!(!out.contains("side-bridge"), "{out}");

    let list = json_of(&[
        "exercises",
        "--pattern",
        "anti-lateral-flexion-hold",
        "--surface",
        "elevated",
        "--json",
    ]);
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["side-bridge-feet-elevated"]);

    let bodyweight = json_of(&["exercises", "--equipment", "none", "--json"]);
    let bodyweight = bodyweight.as_array().unwrap();
    assert!(!bodyweight.is_empty());
    assert!(
        bodyweight
            .iter()
            .all(|e| e["equipment"].as_array().is_none_or(|q| q.is_empty())),
        "{bodyweight:?}"
    );
    let kb = json_of(&[
        "exercises",
        "--equipment",
        "kettlebell, band",
        "--pattern",
        "swing",
        "--json",
    ]);
    assert_eq!(kb.as_array().unwrap().len(), 2);
}

#[test]
fn json_list_has_full_records() {
    let list = json_of(&["exercises", "--json"]);
    let list = list.as_array().unwrap();
    assert!(list.len() >= 40);
    let side = list.iter().find(|e| e["id"] == "side-bridge").unwrap();
    assert_eq!(side["pattern"], "anti-lateral-flexion-hold");
    assert_eq!(side["modality"], "hold-seconds");
    assert_eq!(side["level"], 2);
    assert!(side["regions"]["obliques-ql"].as_f64().unwrap() > 0.5);
    assert!(!side["cues"].as_array().unwrap().is_empty());
}

#[test]
fn shows_one_exercise_with_its_chain() {
    let out = stdout_of(&["exercise", "side-bridge"]);
    for needle in [
        "Side bridge (side-bridge)",
        "How:",
        "Brace, then breathe behind the brace",
        "Common faults",
        "obliques/QL",
        "60 %",
        "side-bridge-knees",
        "side-bridge-perturbation",
        "<- this one",
    ] {
        assert!(out.contains(needle), "{needle} missing in\n{out}");
    }
    let marked: Vec<&str> = out.lines().filter(|l| l.contains("<- this one")).collect();
    assert_eq!(marked.len(), 1);
    assert!(marked[0].contains("side-bridge ") && marked[0].trim_start().starts_with('>'));

    let rdl = stdout_of(&["exercise", "romanian-deadlift"]);
    assert!(rdl.contains("Tempo: 3-1-1-0"), "{rdl}");
}

#[test]
fn show_accepts_an_import_name_and_prints_json() {
    let value = json_of(&["exercise", "Farmers Walk", "--json"]);
    assert_eq!(value["id"], "farmer-carry");
    assert_eq!(
        value["chain"],
        serde_json::json!(["household-carry", "farmer-carry", "suitcase-carry"])
    );
}

#[test]
fn unknown_id_exits_2_naming_it_with_suggestions() {
    let env = common::Env::new();
    env.keel()
        .args(["exercise", "side-brige"])
        .assert()
        .code(2)
        .stderr(contains("side-brige").and(contains("did you mean side-bridge")));
    assert!(!env.db().exists(), "show must not create a database");
}

#[test]
fn unknown_filters_exit_2_naming_the_flag() {
    let env = common::Env::new();
    env.keel()
        .args(["exercises", "--pattern", "squat"])
        .assert()
        .code(2)
        .stderr(
            contains("--pattern")
                .and(contains("squat"))
                .and(contains("hinge")),
        )
        .stdout(predicate::str::is_empty());
    env.keel()
        .args(["exercises", "--surface", "wall"])
        .assert()
        .code(2)
        .stderr(contains("--surface"));
    env.keel()
        .args(["exercises", "--equipment", "kettlebell,rowing-machine"])
        .assert()
        .code(2)
        .stderr(contains("--equipment").and(contains("rowing-machine")));
}
