//! The request key of every write operation (`Idempotency-Key`), added to
//! the document in one place: the header parameter, the answers a key can
//! give, and the replay header.

use serde_json::{Map, Value, json};

use super::error_response;
use crate::idempotency::STORED_EARLIER;

/// The methods that write.
const WRITES: [&str; 4] = ["post", "put", "patch", "delete"];

/// Adds the key to every write operation of `doc`.
pub(super) fn add(doc: &mut Value) {
    if let Some(paths) = doc["paths"].as_object_mut() {
        for item in paths.values_mut() {
            for method in WRITES {
                if let Some(operation) = item.get_mut(method).and_then(Value::as_object_mut) {
                    keyed(operation);
                }
            }
        }
    }
    if let Some(components) = doc["components"].as_object_mut() {
        components.insert("parameters".into(), json!({"IdempotencyKey": parameter()}));
    }
    if let Some(schemas) = doc["components"]["schemas"].as_object_mut() {
        schemas.insert(
            "StoredEarlier".into(),
            json!({
                "type": "object",
                "required": ["stored", "message"],
                "properties": {
                    "stored": {"const": true},
                    "message": {"type": "string", "examples": [STORED_EARLIER]}
                }
            }),
        );
    }
}

fn parameter() -> Value {
    json!({
        "name": "Idempotency-Key",
        "in": "header",
        "required": false,
        "description": "A key of your choosing (1 to 255 visible ASCII characters, e.g. a UUID), new for each change. Sending the request again with the same key (after a timeout, a lost connection, or a 503) writes nothing more and answers what the first request was answered, with `Idempotent-Replayed: true`; the same key with another path or body is refused (422). Keys are per account.",
        "schema": {"type": "string", "minLength": 1, "maxLength": keel_app::idempotency::MAX_KEY_CHARS, "pattern": "^[!-~]+$"}
    })
}

fn keyed(operation: &mut Map<String, Value>) {
    let reference = json!({"$ref": "#/components/parameters/IdempotencyKey"});
    match operation
        .get_mut("parameters")
        .and_then(Value::as_array_mut)
    {
        Some(parameters) => parameters.push(reference),
        None => {
            operation.insert("parameters".into(), json!([reference]));
        }
    }
    let Some(responses) = operation
        .get_mut("responses")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let mut also = |code: &str, description: &str, fresh: Value| match responses
        .get_mut(code)
        .and_then(Value::as_object_mut)
    {
        Some(response) => {
            let before = response["description"].as_str().unwrap_or_default();
            let text = format!("{before}; or {description}");
            response.insert("description".into(), Value::String(text));
        }
        None => {
            responses.insert(code.into(), fresh);
        }
    };
    let bad_key =
        "code `bad_idempotency_key`: the Idempotency-Key is empty, too long or not visible ASCII";
    also("400", bad_key, error_response(bad_key));
    let reused = "field `Idempotency-Key`: the key was used before with another request (or is being stored by one); nothing was written";
    also("422", reused, error_response(reused));
    let unknown = "code `unavailable`: the database cannot be reached, nothing was changed; or code `outcome_unknown`: the connection was lost while saving, so the change may have been stored: retry with the same Idempotency-Key";
    also("503", unknown, error_response(unknown));
    let earlier = "a retry whose first request was stored but whose answer was not kept (`Idempotent-Replayed: true`)";
    also(
        "200",
        earlier,
        json!({
            "description": earlier,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StoredEarlier"}}}
        }),
    );
}
