//! The answers every operation may give besides its own: one pass over the
//! finished document, so no route can leave one out. Each is added only
//! where the operation does not already describe it (its own words win).
//!
//! - 400: a malformed or unknown query parameter, a path id that is not a
//!   whole number, malformed JSON (any operation with parameters or a body).
//! - 401: no valid bearer token (on the coach server; not this document).
//! - 403: code `cross_site`, a write sent from a page of another site.
//! - 413 / 415: a body over 64 KB, or not JSON (operations with a body).
//! - 421: code `unknown_host`, a `Host` this server does not answer for.
//! - 503: code `unavailable`, the database cannot be reached (with
//!   `Retry-After`); nothing is read or written.

use serde_json::{Value, json};

use super::error_response;

/// Adds the common answers to every operation of `doc`.
pub fn complete(doc: &mut Value) {
    let Some(paths) = doc["paths"].as_object_mut() else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(operations) = item.as_object_mut() else {
            continue;
        };
        for (method, operation) in operations.iter_mut() {
            let parameters = operation["parameters"]
                .as_array()
                .is_some_and(|p| !p.is_empty());
            let body = operation.get("requestBody").is_some();
            let write = method != "get";
            let Some(responses) = operation["responses"].as_object_mut() else {
                continue;
            };
            let mut add = |code: &str, response: Value| {
                responses.entry(code).or_insert(response);
            };
            add(
                "421",
                error_response(
                    "code `unknown_host`: the Host header names a host this server does not answer for (see `keel serve --allowed-host`)",
                ),
            );
            if path == "/api/v1/openapi.json" {
                continue;
            }
            if parameters || body {
                add(
                    "400",
                    error_response(
                        "a query parameter that is unknown or malformed, a path id that is not a whole number, or a body that is not the JSON described",
                    ),
                );
            }
            add("401", error_response("no valid bearer token"));
            if write {
                add(
                    "403",
                    error_response(
                        "code `cross_site`: sent from a page of another site; nothing was written",
                    ),
                );
            }
            if body {
                add("413", error_response("the body is over 64 KB"));
                add("415", error_response("the body is not JSON"));
            }
            add("503", unavailable());
        }
    }
}

/// The 503 of a database that cannot be reached, with its `Retry-After`.
fn unavailable() -> Value {
    let mut response = error_response(
        "code `unavailable`: the database cannot be reached right now (a restart, an outage); send the request again after Retry-After seconds",
    );
    response["headers"] = json!({
        "Retry-After": {
            "description": "seconds to wait before trying again",
            "schema": {"type": "integer", "minimum": 1}
        }
    });
    response
}

#[cfg(test)]
mod tests {
    use super::super::document;

    /// Every operation of the document, as (path, method, responses).
    fn operations(doc: &serde_json::Value) -> Vec<(String, String, serde_json::Value)> {
        let mut all = Vec::new();
        for (path, item) in doc["paths"].as_object().into_iter().flatten() {
            for (method, op) in item.as_object().into_iter().flatten() {
                all.push((path.clone(), method.clone(), op["responses"].clone()));
            }
        }
        all
    }

    #[test]
    fn every_operation_lists_the_answers_any_route_can_give() {
        let doc = document();
        let all = operations(&doc);
        assert!(all.len() > 30, "{}", all.len());
        for (path, method, responses) in all {
            let has = |code: &str| responses.get(code).is_some();
            assert!(has("421"), "{method} {path}");
            if path == "/api/v1/openapi.json" {
                continue;
            }
            for code in ["401", "422", "503"] {
                assert!(has(code), "{method} {path}: {code}");
            }
            let op = &doc["paths"][&path][&method];
            if op["parameters"].as_array().is_some_and(|p| !p.is_empty())
                || op.get("requestBody").is_some()
            {
                assert!(has("400"), "{method} {path}: 400");
            }
            if op.get("requestBody").is_some() {
                assert!(has("413") && has("415"), "{method} {path}");
            }
            if method != "get" {
                assert!(has("403"), "{method} {path}: 403");
            }
        }
        // Before a plan there are no decisions to list.
        assert!(
            doc["paths"]["/api/v1/decisions"]["get"]["responses"]
                .get("404")
                .is_some()
        );
    }
}
