//! The OpenAPI 3.1 document of the API, written by hand (no generator
//! crate). The tests check its paths and methods against [`super::ROUTES`]
//! both ways, and validate every JSON answer they receive against its
//! schema for that (method, path, status) (`tests/it/common/contract.rs`):
//! answer objects are strict (`wire::strict`), so neither the routes nor
//! the fields can drift from what is served.

use axum::Json;
use axum::extract::State;
use serde_json::{Map, Value, json};

use super::paging::{DEFAULT_PER_PAGE, MAX_PER_PAGE};
use crate::state::AppState;
use wire::strict;

mod actions;
#[cfg(feature = "example-endpoint")]
mod example;
mod keys;
mod statuses;
mod wire;

/// `GET /api/v1/openapi.json`. The local app has no accounts, so its copy
/// asks for no token.
pub async fn serve(State(state): State<AppState>) -> Json<Value> {
    let mut doc = document();
    if !state.has_accounts() {
        doc["security"] = json!([]);
    }
    Json(doc)
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
            json!({"type": "integer", "minimum": 1, "maximum": u32::MAX, "default": 1}),
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
        "additionalProperties": false,
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
    json!({"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "minimum": i64::MIN, "maximum": i64::MAX}})
}

fn path_param(name: &str, description: &str) -> Value {
    json!({"name": name, "in": "path", "required": true, "description": description, "schema": {"type": "string"}})
}

fn schema(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

/// The answers of a coach-server route besides its success: 404
/// `accounts_only` on the local app, and what `extra` adds.
fn server_responses(success: &[(&str, Value)], with_body: bool, extra: &[(&str, &str)]) -> Value {
    let mut all = responses(success, with_body);
    if let Value::Object(map) = &mut all {
        map.insert(
            "404".into(),
            error_response(
                "code `accounts_only`: this is the local app, which has no accounts (the route is on the coach server only)",
            ),
        );
        for (code, description) in extra {
            let text = match map.get(*code).and_then(|r| r["description"].as_str()) {
                Some(before) => format!("{before}; or {description}"),
                None => (*description).to_string(),
            };
            map.insert((*code).into(), error_response(&text));
        }
    }
    all
}

/// The operations added to the document beside the first ones: settings,
/// progress, lists, and the coach server's routes.
fn more_paths() -> Map<String, Value> {
    let [page, per_page] = paging();
    let not_coach = ("403", "the account is not a coach (nor an admin)");
    let not_linked = (
        "404",
        "code `not_found`: no athlete of yours has that name (the same answer whether or not the name exists)",
    );
    let paths = json!({
        "/api/v1/checkins": {
            "get": {
                "summary": "Check-ins, oldest first",
                "parameters": [page.clone(), per_page.clone()],
                "responses": responses(&[("200", ok("a page of check-ins", page_of(schema("CheckIn"))))], false)
            }
        },
        "/api/v1/assessments": {
            "get": {
                "summary": "Assessments with their McGill ratios, oldest first",
                "parameters": [page.clone(), per_page.clone()],
                "responses": responses(&[("200", ok("a page of assessments", page_of(schema("Assessment"))))], false)
            }
        },
        "/api/v1/progress": {
            "get": {
                "summary": "The progress page's analytics: weekly load, monotony and strain, the acute:chronic ratio, hold trends and forecasts, balance, adherence",
                "parameters": [query("weeks", "calendar weeks covered, the running one last; every logged week when absent", json!({"type": "integer", "minimum": 1, "maximum": super::progress::MAX_WEEKS}))],
                "responses": responses(&[
                    ("200", ok("the analytics", schema("Progress"))),
                    ("404", error_response("no plan yet"))
                ], false)
            }
        },
        "/api/v1/export/fhir": {
            "get": {
                "summary": "Everything stored as a FHIR R4 Bundle (type collection): a pseudonymous Patient, an Observation per assessment test and per session's pain (LOINC 72514-3), the current plan as a CarePlan",
                "parameters": [query("patient", "the patient's pseudonym in the clinic's system (default keel-athlete; 1-64 characters, no control characters, no surrounding space)", json!({"type": "string", "minLength": 1, "maxLength": 64}))],
                "responses": responses(&[("200", ok("the Bundle", json!({"type": "object", "required": ["resourceType", "type", "entry"], "properties": {"resourceType": {"const": "Bundle"}, "type": {"const": "collection"}, "entry": {"type": "array", "items": {"type": "object"}}}})))], false)
            }
        },
        "/api/v1/calendar": {
            "get": {
                "summary": "The usual training time the calendar's events start at, and whether a feed URL exists",
                "responses": responses(&[("200", ok("the calendar settings", schema("CalendarSettings")))], false)
            },
            "patch": {
                "summary": "Set the usual training time (HH:MM, 24-hour); every event then starts at it",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "required": ["training_time"], "properties": {"training_time": {"type": "string", "pattern": "^[0-9]{1,2}:[0-9]{2}$"}}}}}},
                "responses": responses(&[("200", ok("the calendar settings now", schema("CalendarSettings")))], true)
            }
        },
        "/api/v1/calendar/feed": {
            "post": {
                "summary": "A new secret calendar feed URL (GET it without a login: text/calendar), replacing any earlier one, which then answers 404; the token is shown only here",
                "requestBody": {
                    "required": false,
                    "description": "no body is needed; if one is sent, it is `{}`",
                    "content": {"application/json": {"schema": {"type": "object", "maxProperties": 0}}}
                },
                "responses": responses(&[("200", ok("the feed", json!({"type": "object", "required": ["path", "token"], "properties": {"path": {"type": "string", "description": "/calendar/<token>.ics on this server"}, "token": {"type": "string", "pattern": "^[0-9a-f]{64}$"}}})))], false)
            },
            "delete": {
                "summary": "End the calendar feed: its URL answers 404 from now on",
                "responses": responses(&[("200", ok("whether there was a feed", json!({"type": "object", "required": ["revoked"], "properties": {"revoked": {"type": "boolean"}}})))], false)
            }
        },
        "/api/v1/settings": {
            "get": {
                "summary": "Every plan and engine setting with its value, default, range and meaning",
                "responses": responses(&[("200", ok("the settings", schema("Settings")))], false)
            },
            "patch": {
                "summary": "Change one or several settings, checked as a whole: all or nothing",
                "requestBody": body("SettingsPatch"),
                "responses": responses(&[("200", ok("the settings now, and what changed", schema("SettingsChanged")))], true)
            }
        },
        "/api/v1/settings/changes": {
            "get": {
                "summary": "Coach server: the settings changes coaches made to your settings, newest first",
                "parameters": [page.clone(), per_page.clone()],
                "responses": server_responses(&[("200", ok("a page of changes", page_of(schema("Change"))))], false, &[])
            }
        },
        "/api/v1/invitations": {
            "get": {
                "summary": "Coach server: the coaches' invitations waiting for your answer",
                "parameters": [page.clone(), per_page.clone()],
                "responses": server_responses(&[("200", ok("a page of invitations", page_of(schema("Invitation"))))], false, &[])
            }
        },
        "/api/v1/invitations/{coach}/accept": {
            "post": {
                "summary": "Coach server: accept a coach's invitation; that coach then sees your training and may change your settings (each change recorded)",
                "parameters": [path_param("coach", "the coach's account name")],
                "requestBody": {
                    "required": false,
                    "description": "no body is needed; one that is not `{}` is refused (400)",
                    "content": {"application/json": {"schema": {"type": "object", "maxProperties": 0}}}
                },
                "responses": server_responses(
                    &[("200", ok("accepted", json!({"type": "object", "properties": {"coach": {"type": "string"}, "status": {"const": "accepted"}}})))],
                    false,
                    &[("404", "code `not_found`: no pending invitation from that name")]
                )
            }
        },
        "/api/v1/coach/athletes": {
            "get": {
                "summary": "Coach server: your athletes, as the dashboard shows them (adherence, weekly load, latest decision, flags), by name",
                "parameters": [page.clone(), per_page.clone()],
                "responses": server_responses(&[("200", ok("a page of athletes", page_of(schema("AthleteRow"))))], false, &[not_coach])
            }
        },
        "/api/v1/coach/athletes/{name}": {
            "get": {
                "summary": "Coach server: one athlete's summary, today's session, settings and record of changes (paged by page/per_page)",
                "parameters": [path_param("name", "the athlete's account name"), page, per_page],
                "responses": server_responses(&[("200", ok("the athlete", schema("AthleteDetail")))], false, &[not_coach, not_linked])
            }
        },
        "/api/v1/coach/athletes/{name}/settings": {
            "patch": {
                "summary": "Coach server: change an athlete's settings, checked as on their own; saved together with the record of who changed what",
                "parameters": [path_param("name", "the athlete's account name")],
                "requestBody": body("SettingsPatch"),
                "responses": server_responses(&[("200", ok("the athlete's settings now, and what changed", schema("SettingsChanged")))], true, &[not_coach, not_linked])
            }
        },
        "/api/v1/coach/invitations": {
            "post": {
                "summary": "Coach server: invite an athlete by account name; inviting again while pending changes nothing",
                "requestBody": body("NewInvitation"),
                "responses": server_responses(
                    &[("201", ok("invited", json!({"type": "object", "properties": {"athlete": {"type": "string"}, "status": {"const": "invited"}}})))],
                    true,
                    &[not_coach, ("422", "no account has that name, or it is already your athlete")]
                )
            }
        }
    });
    match paths {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// The schemas of [`more_paths`].
fn more_schemas() -> Map<String, Value> {
    // The dashboard's row; one athlete's detail is the row and more.
    let athlete_row = json!({
        "name": {"type": "string"},
        "started": {"type": "boolean", "description": "false until the athlete has a profile and a plan"},
        "summary": {"description": "adherence, weekly load, latest decision and flags; null when not started or unreadable", "oneOf": [schema("AthleteSummary"), {"type": "null"}]},
        "error": {"type": ["string", "null"], "description": "why this athlete's data could not be read"}
    });
    let mut athlete_detail = athlete_row.clone();
    if let (Value::Object(detail), Value::Object(more)) = (
        &mut athlete_detail,
        json!({
            "today": {"description": "today's planned session", "oneOf": [schema("Session"), {"type": "null"}]},
            "settings": {"type": "array", "items": schema("Setting")},
            "changes": page_of(schema("Change")),
            "outcomes": {"type": "array", "description": "the athlete's outcome measure trends, as in GET /api/v1/outcomes", "items": schema("Trend")}
        }),
    ) {
        detail.extend(more);
    }
    let schemas = json!({
        "Setting": {
            "type": "object",
            "additionalProperties": false,
            "required": ["key", "scope", "value", "default", "min", "max", "description"],
            "properties": {
                "key": {"type": "string"},
                "scope": {"enum": ["plan", "engine"], "description": "plan settings apply to the next plan version; engine settings at once"},
                "value": {"type": "integer"},
                "default": {"type": "integer"},
                "min": {"type": "integer"},
                "max": {"type": "integer"},
                "description": {"type": "string"}
            }
        },
        "CalendarSettings": {
            "type": "object",
            "additionalProperties": false,
            "required": ["training_time", "feed"],
            "properties": {
                "training_time": {"type": "string", "description": "HH:MM, 24-hour; 18:00 until set"},
                "feed": {"type": "boolean", "description": "whether a feed URL exists"}
            }
        },
        "Settings": strict(json!({"settings": {"type": "array", "items": schema("Setting")}}), &[]),
        "SettingsPatch": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {"type": "integer"},
            "description": "setting keys and their new whole-number values, e.g. {\"block-weeks\": 4, \"hold-step\": 7}; a value out of range, an unknown key or a broken rule between settings is 422 naming the key, and nothing is saved"
        },
        "SettingsChanged": strict(json!({
            "settings": {"type": "array", "items": schema("Setting")},
            "changed": {"type": "array", "items": strict(
                json!({"key": {"type": "string"}, "old": {"type": "integer"}, "new": {"type": "integer"}}),
                &[]
            ), "description": "empty when every value given was already in force"}
        }), &[]),
        "Change": strict(json!({
            "id": {"type": "integer"},
            "changed_by": {"type": ["string", "null"], "description": "the coach; null once that account was deleted"},
            "key": {"type": "string"},
            "old": {"type": "string"},
            "new": {"type": "string"},
            "at": {"type": "string", "format": "date-time"}
        }), &[]),
        "Invitation": strict(json!({"coach": {"type": "string"}}), &[]),
        "NewInvitation": {
            "type": "object",
            "additionalProperties": false,
            "required": ["athlete"],
            "properties": {"athlete": {"type": "string", "description": "the athlete's account name"}}
        },
        "AthleteRow": strict(athlete_row, &[]),
        "AthleteDetail": strict(athlete_detail, &[])
    });
    match schemas {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

pub fn document() -> Value {
    let mut doc = first_document();
    if let Some(paths) = doc["paths"].as_object_mut() {
        // A path in both keeps the operations of each.
        let paths_of_routes = more_paths().into_iter().chain(actions::paths());
        #[cfg(feature = "example-endpoint")]
        let paths_of_routes = paths_of_routes.chain(example::paths());
        for (path, item) in paths_of_routes {
            match (paths.get_mut(&path), item) {
                (Some(Value::Object(have)), Value::Object(more)) => have.extend(more),
                (_, item) => {
                    paths.insert(path, item);
                }
            }
        }
    }
    if let Some(schemas) = doc["components"]["schemas"].as_object_mut() {
        schemas.extend(more_schemas());
        schemas.extend(actions::schemas());
        schemas.extend(wire::schemas());
        #[cfg(feature = "example-endpoint")]
        schemas.extend(example::schemas());
    }
    keys::add(&mut doc);
    statuses::complete(&mut doc);
    doc
}

/// The document's first operations: today, the plan, sets, check-ins and decisions.
fn first_document() -> Value {
    let [page, per_page] = paging();
    let object = json!({"type": "object"});
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Keel API",
            "version": "1",
            "description": "Progressive lower-back endurance training: today's session, logging sets, check-ins, the engine's decisions, progress and settings; on the coach server (PostgreSQL, with accounts) also coaching: athletes, invitations and recorded settings changes. Every error is {\"error\": {status, code, field, message}}."
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
                        ("404", error_response("no plan yet")),
                        ("409", error_response("code `halted`: the program is halted by a red-flag answer; no plan is shown"))
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
                    "responses": responses(&[("200", ok("a page of sets", page_of(schema("Set"))))], false)
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
                        ("200", ok("the corrected set", schema("Set"))),
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
            "/api/v1/sessions/{date}": {
                "delete": {
                    "summary": "Delete a whole day: its logged session (sets and summary) and the sets imported for it, in one batch, as `keel delete --session`",
                    "parameters": [{"name": "date", "in": "path", "required": true, "description": "the day, YYYY-MM-DD", "schema": {"type": "string", "format": "date"}}],
                    "responses": responses(&[
                        ("204", json!({"description": "deleted; dependent decisions re-run"})),
                        ("404", error_response("nothing is logged or imported on that day"))
                    ], false)
                }
            },
            "/api/v1/checkins": {
                "post": {
                    "summary": "Record today's readiness or morning check-in",
                    "requestBody": body("NewCheckIn"),
                    "responses": responses(&[("201", ok("the check-in and today's adjusted session", schema("CheckedIn")))], true)
                }
            },
            "/api/v1/decisions": {
                "get": {
                    "summary": "The engine's decisions for the current plan",
                    "parameters": [query("exercise", "only slots planned with this exercise id", json!({"type": "string"})), page, per_page],
                    "responses": responses(&[
                        ("200", ok("a page of decisions", page_of(schema("Decided")))),
                        ("404", error_response("there is no plan yet: onboard first")),
                        ("409", error_response("code `halted`: the program is halted by a red-flag answer; no decisions are shown"))
                    ], false)
                }
            }
        },
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "a token from `keel token create`"}
            },
            "schemas": {
                "NewSet": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["actual"],
                    "properties": {
                        "slot": {"type": "integer", "minimum": 0, "maximum": i64::MAX, "description": "index of the exercise in today's session"},
                        "exercise": {"type": "string", "description": "or the exercise id"},
                        "actual": {"type": "integer", "minimum": 0, "maximum": i64::MAX, "description": "seconds, reps or metres, as prescribed"},
                        "left": {"type": "integer", "minimum": 0, "maximum": i64::MAX, "description": "a per-side exercise: the left side's result; absent takes actual; the set's actual is stored as the weaker side's"},
                        "right": {"type": "integer", "minimum": 0, "maximum": i64::MAX, "description": "a per-side exercise: the right side's result; absent takes actual"},
                        "load": {"type": "number", "minimum": 0, "maximum": 1000, "description": "kilograms, or pounds with load_unit lb; 0 is bodyweight; absent for the prescribed load"},
                        "load_unit": {"type": "string", "enum": ["kg", "lb"], "default": "kg", "description": "the unit of load (the profile's units says how to show stored loads, which are kilograms)"},
                        "rpe": {"type": ["integer", "null"], "minimum": 0, "maximum": 10, "description": "absent or null: not rated (the set does not count towards progression)"},
                        "quality_reps": {"type": "integer", "minimum": 0, "maximum": 255, "description": "reps done without a fault; rep sets only, never more than the reps done (422)"},
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
                        "actual": {"type": "integer", "minimum": 0, "maximum": i64::MAX},
                        "load": {"type": "number", "minimum": 0, "maximum": 1000, "description": "kilograms, or pounds with load_unit lb; 0 is bodyweight"},
                        "load_unit": {"type": "string", "enum": ["kg", "lb"], "default": "kg"},
                        "rpe": {"type": ["integer", "null"], "minimum": 0, "maximum": 10, "description": "null removes the logged RPE (the set was not rated)"},
                        "quality_reps": {"type": "integer", "minimum": 0, "maximum": 255, "description": "rep sets only; never more than the reps done (422)"},
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The document's schemas come from several parts, merged by name: a
    /// name defined in two would silently keep only the last one.
    #[test]
    fn no_schema_is_named_in_two_parts() {
        let first = first_document()["components"]["schemas"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        let parts = [
            ("first_document", first),
            ("more_schemas", more_schemas()),
            ("actions", actions::schemas()),
            ("wire", wire::schemas()),
        ];
        let mut seen: Vec<(&str, &String)> = Vec::new();
        for (part, schemas) in &parts {
            for name in schemas.keys() {
                if let Some((other, _)) = seen.iter().find(|(_, n)| *n == name) {
                    panic!("schema {name} is defined in both {other} and {part}");
                }
                seen.push((part, name));
            }
        }
        assert!(seen.len() > 30, "{seen:?}");
    }
}
