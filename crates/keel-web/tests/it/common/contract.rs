//! The API's contract, checked on every answer the tests get: the shared
//! clients ([`super::sqlite::SqliteApp::send_json`], [`super::bearer::send`])
//! validate each JSON body against the OpenAPI document's schema for its
//! (method, path, status). The document's response objects list their
//! fields as `required` with `additionalProperties: false`, so a field
//! renamed or added in a response, or a status the document does not
//! list, fails the test that received it.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

/// Panics unless `body`, answered `status` to `method uri`, is what the
/// document says that operation answers with that status. A path outside
/// the document (the API's catch-all, a page) must carry the error shape.
pub fn check(method: &Method, uri: &str, status: StatusCode, body: &Value) {
    if let Err(problems) = problems(method, uri, status, body) {
        panic!(
            "{method} {uri} answered {status}, which breaks the API contract:\n{problems}\nbody: {body}"
        );
    }
}

/// What is wrong with `body` as the answer `status` to `method uri`.
pub fn problems(
    method: &Method,
    uri: &str,
    status: StatusCode,
    body: &Value,
) -> Result<(), String> {
    let doc = keel_web::api::openapi::document();
    let path = uri.split('?').next().unwrap_or(uri);
    let operation = template_of(&doc, path)
        .map(|template| &doc["paths"][template][method.as_str().to_ascii_lowercase()])
        .filter(|op| op.is_object());
    let schema = match operation {
        Some(op) => {
            let response = &op["responses"][status.as_str()];
            if !response.is_object() {
                return Err(format!("the document lists no {status} answer for it"));
            }
            response["content"]["application/json"]["schema"].clone()
        }
        // No such operation: 404 or 405, always in the error shape.
        None => json!({"$ref": "#/components/schemas/Error"}),
    };
    validate(&doc, &schema, body)
}

/// `body` against `schema`, whose `$ref`s point into `doc`'s components.
pub fn validate(doc: &Value, schema: &Value, body: &Value) -> Result<(), String> {
    let mut root = match schema {
        Value::Object(map) => map.clone(),
        // No schema given: any JSON.
        _ => serde_json::Map::new(),
    };
    root.insert("components".into(), doc["components"].clone());
    let validator = jsonschema::draft202012::new(&Value::Object(root))
        .map_err(|e| format!("the document's schema does not compile: {e}"))?;
    let errors: Vec<String> = validator
        .iter_errors(body)
        .map(|e| format!("  at {}: {e}", e.instance_path()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

/// The document's path that `path` is an instance of (`/api/v1/sets/7` is
/// `/api/v1/sets/{id}`); a literal segment wins over a parameter.
fn template_of<'a>(doc: &'a Value, path: &str) -> Option<&'a str> {
    let segments: Vec<&str> = path.split('/').collect();
    doc["paths"]
        .as_object()?
        .keys()
        .filter(|template| {
            let parts: Vec<&str> = template.split('/').collect();
            parts.len() == segments.len()
                && parts
                    .iter()
                    .zip(&segments)
                    .all(|(part, seg)| part == seg || part.starts_with('{'))
        })
        .min_by_key(|template| template.matches('{').count())
        .map(String::as_str)
}
