//! The document's entries for the page actions: a retest, the profile,
//! onboarding, a new plan version, resuming after a halt, the session
//! summary, ending a coaching link, and the admin's accounts.

use serde_json::{Map, Value, json};

use super::{
    body, error_response, ok, page_of, paging, path_param, query, responses, schema,
    server_responses,
};

/// A route refused while the program is halted by a red flag.
fn halted() -> (&'static str, Value) {
    (
        "409",
        error_response(
            "code `halted`: the program is halted by a red-flag answer; the message carries the clinician advice. Resume with POST /api/v1/resume",
        ),
    )
}

/// The request body of an action that takes none.
fn no_body() -> Value {
    json!({
        "required": false,
        "description": "no body is needed; one that is not `{}` is refused (400)",
        "content": {"application/json": {"schema": {"type": "object", "maxProperties": 0}}}
    })
}

/// An answer object with exactly `properties`, all required
/// ([`super::wire::strict`]).
fn object_with(properties: Value) -> Value {
    super::wire::strict(properties, &[])
}

fn as_map(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

pub fn paths() -> Map<String, Value> {
    let [page, per_page] = paging();
    let not_admin = ("403", "the account is not an admin");
    let not_coach = ("403", "the account is not a coach (nor an admin)");
    let no_account = (
        "404",
        "code `not_found`: there is no account with that name",
    );
    let name = path_param("name", "the account's name");
    as_map(json!({
        "/api/v1/assessments": {
            "post": {
                "summary": "Save a retest, as the retest page: the tests checked, scored against the norms and compared with the previous assessment",
                "requestBody": body("NewAssessment"),
                "responses": responses(&[
                    ("201", ok("the assessment saved, its report and the comparison", schema("Retest"))),
                    halted()
                ], true)
            }
        },
        "/api/v1/profile": {
            "get": {
                "summary": "The profile, as the settings page shows it",
                "responses": responses(&[
                    ("200", ok("the profile", schema("ProfileReply"))),
                    ("404", error_response("no profile yet: onboard first"))
                ], false)
            },
            "put": {
                "summary": "Replace the profile, checked as the settings page checks it; the next plan version uses it",
                "requestBody": body("Profile"),
                "responses": responses(&[("200", ok("the profile saved", schema("ProfileReply")))], true)
            }
        },
        "/api/v1/onboarding": {
            "post": {
                "summary": "Onboard as the onboarding page does: profile, red-flag screen and baseline tests, written with the first plan in one batch. A warning sign answered yes records only the profile and the screen, halts the program and answers with the clinician message",
                "requestBody": body("Onboarding"),
                "responses": responses(&[
                    ("201", ok("onboarded: the first plan (outcome `planned`)", schema("Onboarded"))),
                    ("200", ok("a warning sign was answered yes (outcome `halted`): see a clinician; no plan was built", schema("Onboarded")))
                ], true)
            }
        },
        "/api/v1/plan": {
            "post": {
                "summary": "Build a new plan version from the profile, settings and latest assessment, starting today; the log and earlier versions are kept; at most 5 a day (422 past that)",
                "requestBody": no_body(),
                "responses": responses(&[
                    ("201", ok("the new plan in brief", schema("Plan"))),
                    halted()
                ], false)
            }
        },
        "/api/v1/resume": {
            "post": {
                "summary": "Resume after a red-flag halt, only on an explicit confirmation (as `keel resume --confirm`); nothing is written when not halted",
                "requestBody": body("Resume"),
                "responses": responses(&[("200", ok("whether the program was resumed, and its status", object_with(json!({
                    "resumed": {"type": "boolean"},
                    "status": schema("ProgramStatus")
                }))))], true)
            }
        },
        "/api/v1/outcomes": {
            "get": {
                "summary": "Outcome measures: every taking (NPRS, PSFS, loaded questionnaires), each instrument's trend with the minimal important change marked, and the questionnaires loaded",
                "responses": responses(&[("200", ok("the outcomes, trends and questionnaires", schema("Outcomes")))], false)
            },
            "post": {
                "summary": "Record a pain rating (NPRS), PSFS activities and/or a loaded questionnaire's answers, as the outcomes page (`keel outcomes record`); all stored or none",
                "requestBody": body("NewOutcomes"),
                "responses": responses(&[("201", ok("the takings stored, scored", object_with(json!({
                    "outcomes": {"type": "array", "items": schema("Outcome")}
                }))))], true)
            }
        },
        "/api/v1/session/summary": {
            "post": {
                "summary": "Today's session minutes and session effort (RPE), as the session summary page records them",
                "requestBody": body("SessionSummary"),
                "responses": responses(&[
                    ("200", ok("the summary saved", schema("SessionSummaryReply"))),
                    ("404", error_response("no plan yet")),
                    ("409", error_response("code `day_has_summary`: today already has a session summary and the body has no `mode`; nothing was written. Send `\"mode\": \"replace\"` to record the new one in its place, or `\"mode\": \"add\"` to keep it as a further session (the loads add up)"))
                ], true)
            }
        },
        "/api/v1/invitations/{coach}/withdraw": {
            "post": {
                "summary": "Coach server: withdraw a coach's access, or decline a pending invitation; the changes the coach made stay in your record",
                "parameters": [path_param("coach", "the coach's account name")],
                "requestBody": no_body(),
                "responses": server_responses(
                    &[("200", ok("withdrawn", object_with(json!({"coach": {"type": "string"}, "status": {"const": "withdrawn"}}))))],
                    false,
                    &[("404", "code `not_found`: that name is not your coach and has not invited you")]
                )
            }
        },
        "/api/v1/coach/athletes/{name}": {
            "delete": {
                "summary": "Coach server: stop coaching an athlete, or cancel an invitation",
                "parameters": [path_param("name", "the athlete's account name")],
                "responses": server_responses(
                    &[("200", ok("dropped", object_with(json!({"athlete": {"type": "string"}, "status": {"const": "dropped"}}))))],
                    false,
                    &[not_coach, ("404", "code `not_found`: no athlete of yours has that name (the same answer whether or not the name exists)")]
                )
            }
        },
        "/api/v1/admin/users": {
            "get": {
                "summary": "Coach server, admin: every account by name",
                "parameters": [page, per_page],
                "responses": server_responses(&[("200", ok("a page of accounts", page_of(schema("User"))))], false, &[not_admin])
            },
            "post": {
                "summary": "Coach server, admin: add an account (the password is hashed with argon2id)",
                "requestBody": body("NewUser"),
                "responses": server_responses(
                    &[("201", ok("added", object_with(json!({"name": {"type": "string"}, "role": {"type": "string"}}))))],
                    true,
                    &[not_admin, ("422", "the name is taken or not allowed, the role unknown, or the password too short")]
                )
            }
        },
        "/api/v1/admin/users/{name}": {
            "patch": {
                "summary": "Coach server, admin: change an account's role; the server's last admin cannot be demoted (422)",
                "parameters": [name.clone()],
                "requestBody": body("RoleChange"),
                "responses": server_responses(
                    &[("200", ok("the role now", object_with(json!({"name": {"type": "string"}, "role": {"type": "string"}}))))],
                    true,
                    &[not_admin, no_account, ("422", "the server's last admin cannot be demoted")]
                )
            },
            "delete": {
                "summary": "Coach server, admin: delete an account and all its data; needs ?confirm=NAME; the server's last admin cannot be deleted (422)",
                "parameters": [name.clone(), query("confirm", "the account's name again: the typed confirmation (required)", json!({"type": "string"}))],
                "responses": server_responses(
                    &[("200", ok("deleted", object_with(json!({"name": {"type": "string"}, "status": {"const": "deleted"}}))))],
                    false,
                    &[not_admin, no_account, ("422", "`confirm` is missing or differs, or this is the server's last admin")]
                )
            }
        },
        "/api/v1/admin/users/{name}/password": {
            "post": {
                "summary": "Coach server, admin: set a new password for an account; its sessions end",
                "parameters": [name],
                "requestBody": body("NewPassword"),
                "responses": server_responses(
                    &[("200", ok("reset", object_with(json!({"name": {"type": "string"}, "status": {"const": "password-reset"}, "sessions_ended": {"type": "integer", "minimum": 0}, "tokens_revoked": {"type": "integer", "minimum": 0, "description": "the account's API tokens revoked by the reset"}, "message": {"type": "string"}}))))],
                    true,
                    &[not_admin, no_account]
                )
            }
        }
    }))
}

pub fn schemas() -> Map<String, Value> {
    let tests = json!({
        "type": "object",
        "description": "results by test key (extensor, flexor, side-bridge-right, side-bridge-left, prone-plank in seconds; hip-hinge, bird-dog, dead-bug, thoracic-left/right 0-3; toe-touch cm; aslr degrees; thomas-left/right \"pass\"/\"fail\"; knee-to-wall-left/right cm; pain-now 0-10); a test left out or null is skipped",
        "additionalProperties": {"type": ["integer", "string", "null"]}
    });
    let profile = json!({
        "type": "object",
        "required": ["training_days", "pain_now"],
        "additionalProperties": false,
        "properties": {
            "name": {"type": ["string", "null"]},
            "sex": {"enum": ["male", "female", null], "description": "for norms only; null shows both"},
            "training_age": {"enum": ["novice", "intermediate", "advanced"]},
            "training_days": {"type": "array", "items": {"enum": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}, "minItems": 2, "maxItems": 6},
            "light_days": {"type": "boolean", "default": false},
            "equipment": {"type": "array", "items": {"type": "string"}, "description": "none: bodyweight only"},
            "pain_now": {"type": "integer", "minimum": 0, "maximum": 10},
            "units": {"enum": ["kg", "lb", null], "description": "the unit every load is read and shown in (stored loads are kilograms); absent or null keeps the current one (kg for a new user)"},
            "kettlebells": {"type": ["string", "null"], "maxLength": 200, "description": "kettlebell sizes owned, in the profile's unit: \"8, 12, 16\"; blank: the common sizes; \"none\": no kettlebell; absent keeps the current"},
            "dumbbells": {"type": ["string", "null"], "maxLength": 200, "description": "dumbbells owned, lightest-heaviest/step in the profile's unit: \"2-30/2\", or one pair: \"10\"; blank: the common run"},
            "barbell": {"type": ["string", "null"], "maxLength": 200, "description": "the bar's own mass, in the profile's unit; blank: 20 kg or 45 lb"},
            "plates": {"type": ["string", "null"], "maxLength": 200, "description": "the smallest plate, loaded in pairs, in the profile's unit; blank: 1.25 kg or 2.5 lb"},
            "inventory": {"type": ["object", "null"], "additionalProperties": false, "description": "the sizes in kilograms, as GET answers them; a size also given as text above gives way to it", "properties": {
                "kettlebells": {"type": ["array", "null"], "maxItems": 40, "items": {"type": "number", "exclusiveMinimum": 0, "maximum": 100}},
                "dumbbells": {"type": ["object", "null"], "required": ["lightest", "heaviest", "step"], "additionalProperties": false, "properties": {
                    "lightest": {"type": "number", "exclusiveMinimum": 0, "maximum": 100},
                    "heaviest": {"type": "number", "exclusiveMinimum": 0, "maximum": 100},
                    "step": {"type": "number", "minimum": 0.25, "maximum": 100}
                }},
                "barbell": {"type": ["number", "null"], "minimum": 0, "maximum": 50},
                "plate": {"type": ["number", "null"], "minimum": 0.25, "maximum": 25}
            }}
        }
    });
    as_map(json!({
        "NewAssessment": {
            "type": "object",
            "required": ["tests"],
            "additionalProperties": false,
            "properties": {"tests": tests.clone(), "outcomes": schema("OutcomeAnswers")}
        },
        "OutcomeAnswers": {
            "type": "object",
            "additionalProperties": false,
            "description": "outcome measures taken today; all optional",
            "properties": {
                "pain_rating": {"type": ["integer", "null"], "minimum": 0, "maximum": 10, "description": "NPRS: back pain over the last 24 hours"},
                "activities": {"type": "array", "maxItems": 5, "description": "PSFS: activities the back makes hard, each 0 (unable) to 10 (as before)", "items": {
                    "type": "object", "required": ["name", "rating"], "additionalProperties": false,
                    "properties": {"name": {"type": "string", "maxLength": 80}, "rating": {"type": "integer", "minimum": 0, "maximum": 10}}
                }}
            }
        },
        "NewOutcomes": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
                "date": {"type": ["string", "null"], "format": "date", "description": "the day taken; today when left out; never in the future"},
                "pain_rating": {"type": ["integer", "null"], "minimum": 0, "maximum": 10},
                "activities": {"type": "array", "maxItems": 5, "items": {
                    "type": "object", "additionalProperties": false, "required": ["name", "rating"],
                    "properties": {"name": {"type": "string"}, "rating": {"type": "integer", "minimum": 0, "maximum": 10}}
                }},
                "questionnaire": {"type": ["object", "null"], "additionalProperties": false, "required": ["id", "answers"], "properties": {
                    "id": {"type": "string", "description": "a questionnaire loaded with `keel outcomes load`"},
                    "answers": {"type": "array", "items": {"type": ["integer", "null"], "minimum": 1, "maximum": u8::MAX}, "description": "each item's chosen option, 1-based; null when left unanswered"}
                }}
            }
        },
        "Retest": object_with(json!({
            "assessment": schema("StoredTests"),
            "report": schema("Report"),
            "comparison": {"description": "against the previous assessment, with the measurement-error band; null for the first", "oneOf": [schema("Comparison"), {"type": "null"}]},
            "carried_forward": {"type": "array", "description": "the tests this retest skipped, kept from the latest assessment that took them (the report counts them)", "items": object_with(json!({
                "test": {"type": "string", "description": "the test's key, e.g. side-bridge-left"},
                "label": {"type": "string"},
                "value": {"type": "string", "description": "with its unit, e.g. 40 s"},
                "measured_on": {"type": "string", "format": "date"}
            }))}
        })),
        "Profile": profile.clone(),
        "Onboarding": {
            "type": "object",
            "required": ["profile", "red_flags"],
            "additionalProperties": false,
            "properties": {
                "profile": profile,
                "red_flags": {"type": "array", "items": {"type": "string"}, "description": "the warning signs answered yes; an empty list when none (required: never taken as clear)"},
                "tests": tests,
                "outcomes": schema("OutcomeAnswers")
            }
        },
        "Resume": {
            "type": "object",
            "required": ["confirm"],
            "additionalProperties": false,
            "properties": {
                "confirm": {"const": true, "description": "I have seen a clinician (or decided with one) and want to continue"},
                "note": {"type": ["string", "null"], "description": "what was decided"}
            }
        },
        "SessionSummary": {
            "type": "object",
            "required": ["minutes"],
            "additionalProperties": false,
            "properties": {
                "minutes": {"type": "integer", "minimum": 1, "maximum": keel_app::summary::MAX_SESSION_MINUTES},
                "session_rpe": {"type": ["integer", "null"], "minimum": 0, "maximum": 10},
                "note": {"type": "string", "maxLength": crate::forms::MAX_NOTE_CHARS, "description": "a note on the session, as `keel log --note` without an exercise"},
                "mode": {"enum": ["replace", "add", null], "description": "when today already has a summary: `replace` records this one in its place; `add` keeps it as a further session beside the earlier one (needs `session_rpe`; the day's load is the sum of RPE x minutes); without it (or null) the answer is 409 and nothing is written"}
            }
        },
        "SessionSummaryReply": object_with(json!({
            "date": {"type": "string", "format": "date"},
            "minutes": {"type": "integer"},
            "session_rpe": {"type": ["integer", "null"]},
            "note": {"type": ["string", "null"]}
        })),
        "User": object_with(json!({
            "name": {"type": "string"},
            "role": {"enum": ["athlete", "coach", "admin"]},
            "has_password": {"type": "boolean"},
            "disabled": {"type": "boolean"},
            "created_at": {"type": "string", "format": "date-time"}
        })),
        "NewUser": {
            "type": "object",
            "required": ["name", "role", "password"],
            "additionalProperties": false,
            "properties": {
                "name": {"type": "string"},
                "role": {"enum": ["athlete", "coach", "admin"]},
                "password": {"type": "string", "description": "exactly as typed"}
            }
        },
        "RoleChange": {
            "type": "object",
            "required": ["role"],
            "additionalProperties": false,
            "properties": {"role": {"enum": ["athlete", "coach", "admin"]}}
        },
        "NewPassword": {
            "type": "object",
            "required": ["password"],
            "additionalProperties": false,
            "properties": {"password": {"type": "string", "description": "exactly as typed"}}
        }
    }))
}
