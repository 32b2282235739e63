//! The test-only example endpoint's operation and schema (see
//! `api/example.rs`), added to the document only when it is served.

use serde_json::{Map, Value, json};

use super::wire::strict;
use super::{ok, responses, schema};

pub fn paths() -> Map<String, Value> {
    let mut paths = Map::new();
    paths.insert(
        "/api/v1/example/halt".into(),
        json!({"get": {
            "summary": "Test-only example: whether a red flag halts the program",
            "responses": responses(&[("200", ok("the halt state", schema("HaltState")))], false)
        }}),
    );
    paths
}

pub fn schemas() -> Map<String, Value> {
    let mut schemas = Map::new();
    schemas.insert(
        "HaltState".into(),
        strict(
            json!({
                "halted": {"type": "boolean"},
                "since": {"type": ["string", "null"], "format": "date", "description": "the day of the red-flag answer; null when not halted"}
            }),
            &[],
        ),
    );
    schemas
}
