//! Everything a test's database holds for its athlete, as one JSON value,
//! and a readable difference between two of them: one line per value that
//! differs, named by its path.

use keel_store::{SqliteStore, Store};
use serde_json::{Value, json};

use super::Env;

/// The stored data of `env`'s database: profile, settings (plan and
/// engine), assessments, safety events, status, plan versions, every
/// session with its sets and summaries, check-ins, outcomes and the stored
/// decisions of every plan version.
///
/// Left out, because they legitimately differ between two databases fed
/// the same actions: `recorded_at`, the wall-clock time a set or an
/// assessment was written. Row ids are kept: the same actions in the same
/// order give the same ids.
pub fn snapshot(env: &Env) -> Value {
    let store = SqliteStore::open(&env.db()).expect("the database opens");
    let plans = store.plans().expect("plans");
    let decisions: Vec<Value> = plans
        .iter()
        .map(|p| {
            json!({
                "plan_version": p.version,
                "decisions": store.decisions(p.version).expect("decisions"),
            })
        })
        .collect();
    let mut all = json!({
        "profile": store.profile().expect("profile"),
        "plan_settings": store.settings().expect("settings"),
        "engine_settings": store.engine_settings().expect("engine settings"),
        "assessments": store.assessments().expect("assessments"),
        "safety_events": store.safety_events().expect("safety events"),
        "status": store.status().expect("status"),
        "plans": plans,
        "sessions": store.sessions(None, None).expect("sessions"),
        "check_ins": store.check_ins().expect("check-ins"),
        "outcomes": store.outcomes().expect("outcomes"),
        "decisions": decisions,
    });
    drop_keys(&mut all, &["recorded_at"]);
    all
}

/// Removes every object key in `keys`, at any depth.
fn drop_keys(value: &mut Value, keys: &[&str]) {
    match value {
        Value::Object(map) => {
            for key in keys {
                map.remove(*key);
            }
            map.values_mut().for_each(|v| drop_keys(v, keys));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| drop_keys(v, keys)),
        _ => {}
    }
}

/// Every leaf of `value` as `path = value`, in order.
fn leaves(value: &Value, path: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, v) in map {
                leaves(v, &format!("{path}.{key}"), out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, v) in items.iter().enumerate() {
                leaves(v, &format!("{path}[{i}]"), out);
            }
        }
        leaf => out.push((path.to_string(), leaf.to_string())),
    }
}

/// The paths where `a` and `b` differ, one line each (`path: a | b`);
/// empty when they are equal.
pub fn differences(a: &Value, b: &Value) -> Vec<String> {
    let (mut left, mut right) = (Vec::new(), Vec::new());
    leaves(a, "", &mut left);
    leaves(b, "", &mut right);
    let right_map: std::collections::BTreeMap<_, _> = right.iter().cloned().collect();
    let left_map: std::collections::BTreeMap<_, _> = left.iter().cloned().collect();
    let mut lines = Vec::new();
    for (path, value) in &left {
        match right_map.get(path) {
            Some(other) if other == value => {}
            Some(other) => lines.push(format!("{path}: {value} | {other}")),
            None => lines.push(format!("{path}: {value} | (absent)")),
        }
    }
    for (path, value) in &right {
        if !left_map.contains_key(path) {
            lines.push(format!("{path}: (absent) | {value}"));
        }
    }
    lines
}

/// Panics with the differences when the two front ends' data differ.
pub fn assert_same(what: &str, a_name: &str, a: &Value, b_name: &str, b: &Value) {
    let lines = differences(a, b);
    assert!(
        lines.is_empty(),
        "{what}: {a_name} and {b_name} stored different data ({} values; path: {a_name} | \
         {b_name}):\n{}",
        lines.len(),
        lines.join("\n")
    );
}
