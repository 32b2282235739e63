//! The OpenAPI 3.1 document of the API, written by hand (no generator
//! crate). The tests check its paths and methods against [`super::ROUTES`]
//! both ways, so the two cannot drift apart.

use axum::Json;
use serde_json::{Value, json};

use super::paging::{DEFAULT_PER_PAGE, MAX_PER_PAGE};

/// `GET /api/v1/openapi.json`.
pub async fn serve() -> Json<Value> {
    Json(document())
}

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    })
}

fn ok(description: &str, schema: Value) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": schema}}})
}

fn body(schema: &str) -> Value {
    json!({
        "required": true,
        "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}
    })
}

fn query(name: &str, description: &str, schema: Value) -> Value {
    json!({"name": name, "in": "query", "required": false, "description": description, "schema": schema})
}

fn paging() -> [Value; 2] {
    [
        query(
            "page",
            "1-based page number",
            json!({"type": "integer", "minimum": 1, "default": 1}),
        ),
        query(
            "per_page",
            "items per page",
            json!({"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": DEFAULT_PER_PAGE}),
        ),
    ]
}

fn page_of(item: Value) -> Value {
    json!({
        "type": "object",
        "required": ["items", "page", "per_page", "total", "pages", "next"],
        "properties": {
            "items": {"type": "array", "items": item},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
            "total": {"type": "integer"},
            "pages": {"type": "integer"},
            "next": {"type": ["string", "null"], "description": "URL of the next page; null on the last"}
        }
    })
}

/// The errors every authenticated operation may answer.
fn errors(with_body: bool) -> Value {
    let mut map = serde_json::Map::new();
    map.insert("401".into(), error_response("no valid bearer token"));
    map.insert(
        "422".into(),
        error_response("a value is out of range; nothing was written"),
    );
    if with_body {
        map.insert(
            "400".into(),
            error_response("malformed JSON or a wrong type"),
        );
        map.insert("413".into(), error_response("the body is over 64 KB"));
        map.insert("415".into(), error_response("the body is not JSON"));
    }
    Value::Object(map)
}

fn responses(success: &[(&str, Value)], with_body: bool) -> Value {
    let mut all = errors(with_body);
    if let Value::Object(map) = &mut all {
        for (code, response) in success {
            map.insert((*code).into(), response.clone());
        }
    }
    all
}

fn id_param() -> Value {
    json!({"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}})
}

pub fn document() -> Value {
    let [page, per_page] = paging();
    let object = json!({"type": "object"});
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Keel API",
            "version": "1",
            "description": "Progressive lower-back endurance training: today's session, logging sets, check-ins and the engine's decisions. Every error is {\"error\": {status, code, field, message}}."
        },
        "security": [{"bearer": []}],
        "paths": {
            "/api/v1/openapi.json": {
                "get": {
                    "summary": "This document",
                    "security": [],
                    "responses": {"200": ok("the OpenAPI document", object.clone())}
                }
            },
            "/api/v1/today": {
                "get": {
                    "summary": "The session planned for today (or ?date=)",
                    "parameters": [query("date", "a day other than today", json!({"type": "string", "format": "date"}))],
                    "responses": responses(&[("200", ok("the day's session; null on a rest day", json!({"$ref": "#/components/schemas/Today"})))], false)
                }
            },
            "/api/v1/plan": {
                "get": {
                    "summary": "The current plan in brief",
                    "responses": responses(&[
                        ("200", ok("the plan", json!({"$ref": "#/components/schemas/Plan"}))),
                        ("404", error_response("no plan yet"))
                    ], false)
                }
            },
            "/api/v1/sets": {
                "get": {
                    "summary": "Logged sets, oldest first",
                    "parameters": [
                        query("from", "first day", json!({"type": "string", "format": "date"})),
                        query("to", "last day", json!({"type": "string", "format": "date"})),
                        page, per_page
                    ],
                    "responses": responses(&[("200", ok("a page of sets", page_of(json!({"$ref": "#/components/schemas/StoredSet"}))))], false)
                },
                "post": {
                    "summary": "Log the next set of one of today's exercises",
                    "requestBody": body("NewSet"),
                    "responses": responses(&[
                        ("201", ok("the stored set; halted when a warning sign was answered yes", json!({"$ref": "#/components/schemas/Logged"}))),
                        ("409", error_response("the program is halted"))
                    ], true)
                }
            },
            "/api/v1/sets/{id}": {
                "patch": {
                    "summary": "Correct a logged set; absent fields stay",
                    "parameters": [id_param()],
                    "requestBody": body("SetPatch"),
                    "responses": responses(&[
                        ("200", ok("the corrected set", json!({"$ref": "#/components/schemas/StoredSet"}))),
                        ("404", error_response("no such set"))
                    ], true)
                },
                "delete": {
                    "summary": "Delete a logged set",
                    "parameters": [id_param()],
                    "responses": responses(&[
                        ("204", json!({"description": "deleted; dependent decisions re-run"})),
                        ("404", error_response("no such set"))
                    ], false)
                }
            },
            "/api/v1/checkins": {
                "post": {
                    "summary": "Record today's readiness or morning check-in",
                    "requestBody": body("NewCheckIn"),
                    "responses": responses(&[("201", ok("the check-in and today's adjusted session", object.clone()))], true)
                }
            },
            "/api/v1/decisions": {
                "get": {
                    "summary": "The engine's decisions for the current plan",
                    "parameters": [query("exercise", "only slots planned with this exercise id", json!({"type": "string"})), page, per_page],
                    "responses": responses(&[("200", ok("a page of decisions", page_of(object.clone())))], false)
                }
            }
        },
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "a token from `keel token create`"}
            },
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {"error": {
                        "type": "object",
                        "required": ["status", "code", "message"],
                        "properties": {
                            "status": {"type": "integer"},
                            "code": {"type": "string"},
                            "field": {"type": ["string", "null"]},
                            "message": {"type": "string"}
                        }
                    }}
                },
                "Today": {
                    "type": "object",
                    "properties": {
                        "date": {"type": "string", "format": "date"},
                        "status": object.clone(),
                        "session": {"type": ["object", "null"]}
                    }
                },
                "Plan": {
                    "type": "object",
                    "properties": {
                        "version": {"type": "integer"},
                        "created_on": {"type": "string", "format": "date"},
                        "start": {"type": "string", "format": "date"},
                        "end": {"type": ["string", "null"], "format": "date"},
                        "status": object.clone(),
                        "weeks": {"type": "array", "items": object.clone()}
                    }
                },
                "StoredSet": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "number": {"type": "integer"},
                        "recorded_at": {"type": "string", "format": "date-time"},
                        "logged": object.clone()
                    }
                },
                "Logged": {
                    "type": "object",
                    "properties": {
                        "set": {"$ref": "#/components/schemas/StoredSet"},
                        "halted": {"type": "boolean"},
                        "status": object.clone()
                    }
                },
                "NewSet": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["actual", "rpe"],
                    "properties": {
                        "slot": {"type": "integer", "minimum": 0, "description": "index of the exercise in today's session"},
                        "exercise": {"type": "string", "description": "or the exercise id"},
                        "actual": {"type": "integer", "minimum": 0, "description": "seconds, reps or metres, as prescribed"},
                        "load": {"type": "number", "minimum": 0, "maximum": 1000, "description": "kg; absent for the prescribed load"},
                        "rpe": {"type": "integer", "minimum": 0, "maximum": 10},
                        "faults": {"type": "array", "items": {"type": "string"}},
                        "pain": {"type": "integer", "minimum": 0, "maximum": 10, "default": 0},
                        "sharp_pain": {"type": "boolean", "default": false},
                        "note": {"type": "string", "maxLength": crate::forms::MAX_NOTE_CHARS},
                        "red_flags": {"type": "array", "items": {"type": "string"}, "description": "the red-flag screen's yes answers; required (maybe empty) when pain > 0 or sharp_pain"}
                    }
                },
                "SetPatch": {
                    "type": "object",
                    "additionalProperties": false,
                    "properties": {
                        "actual": {"type": "integer", "minimum": 0},
                        "load": {"type": "number", "minimum": 0, "maximum": 1000},
                        "rpe": {"type": "integer", "minimum": 0, "maximum": 10},
                        "faults": {"type": "array", "items": {"type": "string"}},
                        "pain": {"type": "integer", "minimum": 0, "maximum": 10},
                        "sharp_pain": {"type": "boolean"},
                        "note": {"type": "string", "maxLength": crate::forms::MAX_NOTE_CHARS},
                        "red_flags": {"type": "array", "items": {"type": "string"}, "description": "required when the correction adds pain"}
                    }
                },
                "NewCheckIn": {
                    "oneOf": [
                        {
                            "type": "object",
                            "additionalProperties": false,
                            "required": ["kind", "sleep", "fatigue", "stress", "soreness"],
                            "properties": {
                                "kind": {"const": "readiness"},
                                "sleep": {"type": "integer", "minimum": 1, "maximum": 7},
                                "fatigue": {"type": "integer", "minimum": 1, "maximum": 7},
                                "stress": {"type": "integer", "minimum": 1, "maximum": 7},
                                "soreness": {"type": "integer", "minimum": 1, "maximum": 7}
                            }
                        },
                        {
                            "type": "object",
                            "additionalProperties": false,
                            "required": ["kind", "pain_back_to_usual", "stiffness_back_to_usual", "soreness"],
                            "properties": {
                                "kind": {"const": "morning"},
                                "pain_back_to_usual": {"type": "boolean"},
                                "stiffness_back_to_usual": {"type": "boolean"},
                                "soreness": {"type": "integer", "minimum": 0, "maximum": 10}
                            }
                        }
                    ]
                }
            }
        }
    })
}
