//! The schemas of the API's wire types ([`crate::api::wire`]) and of the
//! error body, strict: every field the type always serializes is
//! `required`, and `additionalProperties: false` refuses any other. The
//! tests validate every answer they receive against these
//! (`tests/it/common/contract.rs`), so a field renamed in a wire type, or
//! here, fails them.

use serde_json::{Map, Value, json};

use super::schema;

/// An object schema with exactly `properties`: all required except the
/// `optional` ones (fields a type leaves out when empty), no others.
pub fn strict(properties: Value, optional: &[&str]) -> Value {
    let required: Vec<&String> = properties
        .as_object()
        .map(|p| {
            p.keys()
                .filter(|k| !optional.contains(&k.as_str()))
                .collect()
        })
        .unwrap_or_default();
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": required,
        "properties": properties
    })
}

/// [`strict`] with a `kind` tag fixed to `kind`, for one variant of a
/// tagged enum.
fn variant(tag: &str, kind: &str, mut properties: Value, optional: &[&str]) -> Value {
    if let Some(map) = properties.as_object_mut() {
        map.insert(tag.into(), json!({"const": kind}));
    }
    strict(properties, optional)
}

fn date() -> Value {
    json!({"type": "string", "format": "date"})
}

fn int() -> Value {
    json!({"type": "integer"})
}

fn int_or_null() -> Value {
    json!({"type": ["integer", "null"]})
}

fn boolean() -> Value {
    json!({"type": "boolean"})
}

fn text() -> Value {
    json!({"type": "string"})
}

/// A rep range, `[min, max]`.
fn pair() -> Value {
    json!({"type": "array", "prefixItems": [int(), int()], "items": false})
}

fn phase() -> Value {
    json!({"enum": ["foundation", "anti-flexion-endurance", "strength-endurance", "power-transfer"]})
}

fn as_map(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

pub fn schemas() -> Map<String, Value> {
    let amount = json!({"oneOf": [
        strict(json!({"kind": {"const": "seconds"}, "value": int()}), &[]),
        strict(json!({"kind": {"const": "reps"}, "value": int()}), &[]),
        strict(json!({"kind": {"const": "metres"}, "value": int()}), &[]),
    ]});
    let mut schemas = Map::new();
    schemas.extend(as_map(json!({
        "Error": strict(json!({"error": strict(json!({
            "status": int(),
            "code": text(),
            "field": {"type": ["string", "null"], "description": "the JSON field at fault, when one is"},
            "message": text(),
            "request_id": {"type": "string", "description": "on a server error (5xx) only: the id its cause is logged under, also sent as X-Request-Id"}
        }), &["request_id"])}), &[]),
        "ProgramStatus": {"oneOf": [
            variant("status", "active", json!({}), &[]),
            variant("status", "halted", json!({
                "since": date(),
                "flags": {"type": "array", "items": text(), "description": "the warning signs answered yes"}
            }), &[]),
        ]},
        "Amount": amount,
        "Load": {
            "description": "kilograms always; the profile's units says how to show them",
            "oneOf": [
                variant("kind", "bodyweight", json!({}), &[]),
                variant("kind", "choose-for-rpe", json!({}), &[]),
                variant("kind", "kg", json!({"kg": {"type": "number"}}), &[]),
            ]
        },
        "Prescription": {"oneOf": [
            variant("kind", "hold", json!({
                "sets": int(), "seconds": int(), "per_side": boolean(),
                "extra_sets_on": {"enum": ["left", "right", null]},
                "load": schema("Load"),
                "pyramid": {"type": "array", "items": int(), "description": "holds per set of a descending pyramid; absent for one hold a set"}
            }), &["pyramid"]),
            variant("kind", "reps", json!({
                "sets": int(), "reps_min": int(), "reps_max": int(), "per_side": boolean(),
                "tempo": {"type": ["string", "null"]},
                "load": schema("Load"), "target_rpe": int()
            }), &[]),
            variant("kind", "carry", json!({
                "sets": int(), "metres": int_or_null(), "seconds": int_or_null(),
                "load": schema("Load"), "target_rpe": int()
            }), &[]),
            variant("kind", "drill", json!({
                "sets": int(), "reps": int_or_null(), "seconds": int_or_null(), "per_side": boolean()
            }), &[]),
        ]}
    })));
    schemas.extend(as_map(json!({
        "Set": strict(json!({
            "id": int(),
            "number": {"type": "integer", "description": "1-based position within its day's session"},
            "recorded_at": {"type": "string", "format": "date-time"},
            "logged": strict(json!({
                "date": date(),
                "slot": schema("SlotKey"),
                "exercise": {"type": "string", "description": "the exercise done (differs from slot.planned after a swap)"},
                "prescription": schema("Prescription"),
                "kind": {"enum": ["normal", "deload", "reduced"]},
                "set": schema("SetDone")
            }), &[])
        }), &[]),
        "SetDone": strict(json!({
            "target": schema("Amount"),
            "actual": {"$ref": "#/components/schemas/Amount", "description": "for a per-side set, the weaker side's"},
            "sides": strict(json!({"left": schema("Amount"), "right": schema("Amount")}), &["left", "right"]),
            "load": schema("Load"),
            "rpe": int_or_null(),
            "quality_reps": int_or_null(),
            "faults": {"type": "array", "items": text()},
            "pain": int(),
            "sharp_pain": boolean(),
            "note": {"type": ["string", "null"]}
        }), &["sides"]),
        "Logged": strict(json!({
            "set": {"oneOf": [schema("Set"), {"type": "null"}]},
            "halted": {"type": "boolean", "description": "a warning sign was answered yes: the program is halted"},
            "status": schema("ProgramStatus"),
            "units": {"enum": ["kg", "lb"], "description": "the athlete's unit; stored loads are kilograms"}
        }), &[]),
        "CheckIn": {"oneOf": [
            variant("kind", "readiness", json!({
                "date": date(),
                "check": strict(json!({"sleep": int(), "fatigue": int(), "stress": int(), "soreness": int()}), &[])
            }), &[]),
            variant("kind", "morning", json!({
                "date": date(),
                "pain_back_to_usual": boolean(),
                "stiffness_back_to_usual": boolean(),
                "soreness": int()
            }), &[]),
        ]},
        "CheckedIn": strict(json!({
            "check_in": schema("CheckIn"),
            "session": {"description": "the day's session as adjusted (or a missed one it makes up); null on a day without one", "oneOf": [schema("Session"), {"type": "null"}]}
        }), &[])
    })));
    schemas.extend(as_map(json!({
        "Session": strict(json!({
            "date": date(),
            "week": int(),
            "weeks": int(),
            "phase": phase(),
            "day": {"enum": ["a", "b", "light", "rest"], "description": "the planned kind of day; light_instead says when readiness swapped it"},
            "deload": boolean(),
            "light_instead": boolean(),
            "warmup": {"type": "array", "items": schema("Drill")},
            "slots": {"type": "array", "items": schema("SessionExercise")},
            "transfer": {"oneOf": [schema("SessionExercise"), {"type": "null"}]},
            "cooldown": {"type": "array", "items": schema("Drill")},
            "breathing_cue": text(),
            "estimated_minutes": int(),
            "adjustments": {"type": "array", "items": text(), "description": "readiness adjustments applied today, with reasons"},
            "makes_up": {"type": "string", "format": "date", "description": "only on a day without training: the missed day this session makes up"}
        }), &["makes_up"]),
        "SessionExercise": strict(json!({
            "key": schema("SlotKey"),
            "exercise": text(),
            "prescription": schema("Prescription"),
            "kind": {"enum": ["normal", "deload", "reduced"]},
            "rest_seconds": int(),
            "between_sets": {"type": ["string", "null"]},
            "note": {"type": ["string", "null"], "description": "the program's note (why the slot exists)"},
            "why": {"type": "array", "items": text(), "description": "why this changed since the program: the last decision's reasons"},
            "revisit_cues": {"type": "array", "items": text(), "description": "technique cues to revisit after faults or pain"}
        }), &[]),
        "Drill": strict(json!({"exercise": text(), "prescription": schema("Prescription")}), &[]),
        "SlotKey": strict(json!({
            "block": int(),
            "day": {"enum": ["a", "b", "light", "rest"]},
            "planned": {"type": "string", "description": "the exercise the plan put in this slot"}
        }), &[])
    })));
    schemas.extend(as_map(json!({
        "Decided": strict(json!({
            "date": {"type": "string", "format": "date", "description": "the day of the exposure the decision followed"},
            "slot": schema("SlotKey"),
            "decision": strict(json!({
                "action": schema("Action"),
                "exercise": {"type": "string", "description": "the exercise for the next exposure"},
                "prescription": schema("Prescription"),
                "next_kind": {"enum": ["normal", "deload", "reduced"]},
                "working": schema("Prescription"),
                "reasons": {"type": "array", "items": text()},
                "cues": {"type": "array", "items": text()}
            }), &[])
        }), &[]),
        "Action": {"oneOf": [
            variant("kind", "progress", json!({"change": schema("DoseChange")}), &[]),
            variant("kind", "repeat", json!({}), &[]),
            variant("kind", "regress", json!({"change": schema("DoseChange")}), &[]),
            variant("kind", "swap-easier", json!({"from": text(), "to": text()}), &[]),
            variant("kind", "rotate-variant", json!({"from": text(), "to": text()}), &[]),
            variant("kind", "deload", json!({"cause": {"enum": ["scheduled", "stagnation", "soreness"]}}), &[]),
            variant("kind", "stop", json!({"cause": {"oneOf": [
                variant("kind", "sharp-pain", json!({}), &[]),
                variant("kind", "red-pain", json!({"pain": int()}), &[]),
            ]}}), &[]),
            variant("kind", "halt", json!({"flags": {"type": "array", "items": text()}}), &[]),
        ]},
        "DoseChange": {"oneOf": [
            variant("kind", "seconds", json!({"from": int(), "to": int()}), &[]),
            variant("kind", "load", json!({"from": schema("Load"), "to": schema("Load")}), &[]),
            variant("kind", "metres", json!({"from": int(), "to": int()}), &[]),
            variant("kind", "reps", json!({"from": pair(), "to": pair()}), &[]),
            variant("kind", "sets", json!({"from": int(), "to": int()}), &[]),
            variant("kind", "holds", json!({"from": {"type": "array", "items": int()}, "to": {"type": "array", "items": int()}}), &[]),
            variant("kind", "variant", json!({"from": text(), "to": text()}), &[]),
        ]}
    })));
    schemas.extend(as_map(json!({
        "ProfileReply": strict(json!({"profile": strict(json!({
            "name": {"type": ["string", "null"]},
            "sex": {"enum": ["male", "female", null]},
            "training_age": {"enum": ["novice", "intermediate", "advanced"]},
            "training_days": {"type": "array", "items": {"enum": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}},
            "light_days": boolean(),
            "equipment": {"type": "array", "items": text()},
            "pain_now": int(),
            "units": {"enum": ["kg", "lb"]},
            "inventory": strict(json!({
                "kettlebells": {"type": ["array", "null"], "items": {"type": "number"}},
                "dumbbells": {"oneOf": [strict(json!({"lightest": {"type": "number"}, "heaviest": {"type": "number"}, "step": {"type": "number"}}), &[]), {"type": "null"}]},
                "barbell": {"type": ["number", "null"]},
                "plate": {"type": ["number", "null"]}
            }), &[])
        }), &[])}), &[]),
        "Onboarded": {"oneOf": [
            variant("outcome", "planned", json!({"plan": schema("Plan")}), &[]),
            variant("outcome", "halted", json!({
                "status": schema("ProgramStatus"),
                "red_flags": {"type": "array", "items": text()},
                "message": {"type": "string", "description": "the clinician message"}
            }), &[]),
        ]}
    })));
    schemas.extend(as_map(json!({
        "Outcome": strict(json!({
            "date": date(),
            "instrument": {"type": "string", "description": "nprs, psfs or a loaded questionnaire's id"},
            "answers": {"type": "array", "items": strict(json!({
                "item": text(),
                "points": int_or_null(),
                "option": {"type": "integer", "description": "a questionnaire's chosen option (1-based)"}
            }), &["option"])},
            "score": {"type": "number"},
            "subscores": {"type": "array", "items": strict(json!({"name": text(), "score": {"type": "number"}}), &[])},
            "band": text()
        }), &["subscores", "band"]),
        "Trend": strict(json!({
            "instrument": text(),
            "name": text(),
            "mcid": strict(json!({
                "better": {"enum": ["lower", "higher"]},
                "score": {"type": ["number", "null"]},
                "item": {"type": ["number", "null"]},
                "source": {"type": ["string", "null"]}
            }), &[]),
            "points": {"type": "array", "items": strict(json!({
                "date": date(),
                "score": {"type": "number"},
                "band": {"type": ["string", "null"]},
                "change": {"oneOf": [schema("OutcomeChange"), {"type": "null"}]}
            }), &[])},
            "items": {"type": "array", "items": strict(json!({
                "item": text(), "first": int(), "latest": int(), "change": schema("OutcomeChange")
            }), &[])}
        }), &[]),
        "OutcomeChange": strict(json!({
            "delta": {"type": "number", "description": "later minus earlier"},
            "improved": boolean(),
            "meaningful": {"type": "boolean", "description": "at least the minimal important change"}
        }), &[]),
        "Outcomes": strict(json!({
            "outcomes": {"type": "array", "items": schema("Outcome")},
            "trends": {"type": "array", "items": schema("Trend")},
            "questionnaires": {"type": "array", "items": schema("Questionnaire"), "description": "the loaded definitions (docs/questionnaires.md)"}
        }), &[]),
        "Questionnaire": strict(json!({
            "id": text(),
            "name": text(),
            "rule": {"type": "string", "description": "the built-in rule it is scored by, when it names one"},
            "items": {"type": "array", "items": strict(json!({
                "text": text(),
                "options": {"type": "array", "items": strict(json!({"text": text(), "points": int()}), &[])}
            }), &[])},
            "scoring": strict(json!({
                "formula": {"enum": ["sum", "percent"]},
                "better": {"enum": ["lower", "higher"]},
                "max_missing": {"type": "integer", "description": "how many items may be left unanswered"},
                "mcid": {"type": "number", "description": "the minimal clinically important change of the score"},
                "mcid_source": text(),
                "subscales": {"type": "array", "items": strict(json!({
                    "name": text(),
                    "items": {"type": "array", "items": int(), "description": "item numbers, 1-based"}
                }), &[])},
                "bands": {"type": "array", "items": strict(json!({
                    "label": text(),
                    "subscale": {"type": "string", "description": "the subscale the range is of; the total score when absent"},
                    "min": {"type": "number"},
                    "max": {"type": "number"}
                }), &["subscale", "min", "max"])}
            }), &["mcid", "mcid_source", "subscales", "bands"])
        }), &["rule"])
    })));
    schemas.extend(as_map(json!({
        "AssessmentInput": strict(json!({
            "date": date(),
            "holds": strict(json!({
                "extensor": int_or_null(), "flexor": int_or_null(),
                "side_bridge_right": int_or_null(), "side_bridge_left": int_or_null(),
                "prone_plank": int_or_null()
            }), &[]),
            "movement": strict(json!({"hip_hinge": int_or_null(), "bird_dog": int_or_null(), "dead_bug": int_or_null()}), &[]),
            "mobility": strict(json!({
                "toe_touch_cm": int_or_null(), "aslr_degrees": int_or_null(),
                "thomas_left": {"type": ["boolean", "null"]}, "thomas_right": {"type": ["boolean", "null"]},
                "thoracic_rotation_left": int_or_null(), "thoracic_rotation_right": int_or_null(),
                "knee_to_wall_left_cm": int_or_null(), "knee_to_wall_right_cm": int_or_null()
            }), &[]),
            "pain_now": int_or_null()
        }), &[]),
        "StoredTests": strict(json!({
            "id": int(),
            "recorded_at": {"type": "string", "format": "date-time"},
            "input": schema("AssessmentInput")
        }), &[]),
        "Assessment": strict(json!({
            "id": int(),
            "recorded_at": {"type": "string", "format": "date-time"},
            "input": schema("AssessmentInput"),
            "ratios": {"type": "array", "items": schema("Ratio")}
        }), &[]),
        "Ratio": strict(json!({
            "ratio": {"enum": ["flexion-extension", "right-left-side-bridge", "side-bridge-extension"]},
            "label": text(),
            "value": {"type": ["number", "null"]},
            "healthy": text(),
            "flagged": boolean(),
            "meaning": text()
        }), &[]),
        "Plan": strict(json!({
            "version": int(),
            "created_on": date(),
            "start": date(),
            "end": {"type": ["string", "null"], "format": "date"},
            "status": schema("ProgramStatus"),
            "weeks": {"type": "array", "items": strict(json!({
                "number": int(),
                "phase": phase(),
                "deload": boolean(),
                "training_days": {"type": "array", "items": date()}
            }), &[])}
        }), &[]),
        "Today": strict(json!({
            "date": date(),
            "status": schema("ProgramStatus"),
            "halted": {"description": "only while halted by a red flag; session is then null", "allOf": [strict(json!({
                "since": date(),
                "red_flags": {"type": "array", "items": text()},
                "message": {"type": "string", "description": "the clinician message"},
                "resume": {"type": "string", "description": "how to resume"}
            }), &[])]},
            "session": {"description": "null on a rest day, outside the plan, or while halted; on a day without training, a missed session to make up carries makes_up (the missed day's date)", "oneOf": [schema("Session"), {"type": "null"}]},
            "retest_due": strict(json!({
                "last_assessed": date(),
                "every_weeks": {"type": "integer", "minimum": 4, "maximum": 12, "description": "the retest-weeks setting"},
                "due_since": date(),
                "message": text()
            }), &[]),
            "last_time": {
                "type": "array",
                "description": "each of the session's exercises done on an earlier day of this plan version: its latest such day and that day's sets of it",
                "items": strict(json!({
                    "exercise": text(),
                    "date": date(),
                    "sets": {"type": "array", "items": schema("SetDone")}
                }), &[])
            }
        }), &["halted", "retest_due"])
    })));
    schemas.extend(progress_schemas());
    schemas.extend(report_schemas());
    schemas.extend(as_map(json!({
        "AthleteSummary": strict(json!({
            "adherence": {"type": ["number", "null"], "description": "percent of planned sessions done"},
            "weekly_load": {"type": ["number", "null"], "description": "session RPE x minutes over the last 7 days"},
            "latest": {"description": "the latest decision", "oneOf": [strict(json!({
                "date": date(),
                "action": {"type": "string", "description": "the decision's action in words"},
                "reason": {"type": "string", "description": "its first reason"}
            }), &[]), {"type": "null"}]},
            "flags": strict(json!({
                "halted_since": {"type": ["string", "null"], "format": "date"},
                "max_pain": {"type": ["integer", "null"], "description": "highest pain in the pain window, 0-10"},
                "pain": {"type": "boolean", "description": "that pain is above the athlete's green zone"},
                "stagnation": {"type": "boolean"},
                "poor_readiness": {"type": ["integer", "null"], "description": "the latest readiness sum, when it reached the cut"}
            }), &[])
        }), &[])
    })));
    schemas
}

fn number() -> Value {
    json!({"type": "number"})
}

fn number_or_null() -> Value {
    json!({"type": ["number", "null"]})
}

fn date_or_null() -> Value {
    json!({"type": ["string", "null"], "format": "date"})
}

fn region() -> Value {
    json!({"enum": ["lumbar-extensors", "glutes", "hamstrings", "obliques-ql", "abdominal-wall", "hip-flexors", "upper-back", "grip"]})
}

/// `GET /api/v1/progress` ([`crate::api::wire::Progress`]) and the retest
/// comparison it shares with `POST /api/v1/assessments`.
fn progress_schemas() -> Map<String, Value> {
    let load = strict(
        json!({
            "date": date(), "load": number(), "weekly": number_or_null(),
            "monotony": number_or_null(), "strain": number_or_null()
        }),
        &[],
    );
    let acwr = strict(
        json!({
            "date": date(),
            "acute_mean": {"type": ["number", "null"], "description": "null before a full acute window"},
            "coupled": number_or_null(), "uncoupled": number_or_null(),
            "ewma_acute": number(), "ewma_chronic": number(), "ewma": number_or_null()
        }),
        &[],
    );
    let fit = strict(
        json!({
            "params": strict(json!({"p0": number(), "k1": number(), "tau1": number(), "k2": number(), "tau2": number()}), &[]),
            "sse": number(), "observations": int(), "residual_sd": number(), "loo_rmse": number()
        }),
        &[],
    );
    let forecast = json!({"oneOf": [
        variant("kind", "not-enough-data", json!({"reason": text()}), &[]),
        variant("kind", "reached", json!({
            "likely": date(), "likely_in_days": int(), "earliest": date(),
            "latest": date_or_null(), "band": number(), "fit": fit.clone()
        }), &[]),
        variant("kind", "not-within-horizon", json!({
            "horizon_end": date(), "best_predicted": number(),
            "earliest": date_or_null(), "fit": fit
        }), &[]),
    ]});
    let trend = strict(
        json!({
            "exercise": text(),
            "points": {"type": "array", "items": strict(json!({
                "date": date(), "sets": int(),
                "best_hold_seconds": number_or_null(), "mean_hold_seconds": number_or_null(),
                "quality_reps": int_or_null(), "reps": int_or_null(), "mean_rpe": number_or_null(),
                "faulted_sets": int(), "sets_on_target": int()
            }), &[])},
            "hold_slope_per_week": number_or_null(),
            "quality_reps_slope_per_week": number_or_null()
        }),
        &[],
    );
    let count = strict(
        json!({"planned": int(), "done": int(), "extra": int(), "percent": number_or_null()}),
        &[],
    );
    let region_seconds: Map<String, Value> = [
        "lumbar-extensors",
        "glutes",
        "hamstrings",
        "obliques-ql",
        "abdominal-wall",
        "hip-flexors",
        "upper-back",
        "grip",
    ]
    .iter()
    .map(|r| ((*r).to_string(), number()))
    .collect();
    let mut schemas = as_map(json!({
        "Progress": strict(json!({
                "latest": strict(json!({
                    "load": {"description": "the newest day's rolling weekly load, monotony and strain", "oneOf": [load.clone(), {"type": "null"}]},
                    "acwr": {"description": "the newest day's acute:chronic ratios (coupled, uncoupled, ewma)", "oneOf": [acwr.clone(), {"type": "null"}]}
                }), &[]),
                "today": date(),
                "from": date(),
                "to": date(),
                "plan_version": int(),
                "plan_start": date(),
                "region_cap_percent": {"type": "integer", "description": "the region-cap setting in force"},
                "hold_ceiling_seconds": {"type": "integer", "description": "the hold-ceiling setting in force"},
                "load": {"type": "array", "items": load, "description": "every day's load with its rolling values"},
                "acwr": {"type": "array", "items": acwr},
                "acwr_meaning": text(),
                "acwr_criticism": text(),
                "weeks": {"type": "array", "items": strict(json!({
                    "week_start": date(), "days": int(), "load": number(),
                    "monotony": number_or_null(), "strain": number_or_null()
                }), &[])},
                "exercises": {"type": "array", "description": "trends per exercise, with hold forecasts", "items": strict(json!({
                    "exercise": text(),
                    "name": text(),
                    "trend": trend,
                    "forecast": {"description": "hold exercises only", "oneOf": [strict(json!({
                        "best_seconds": number(),
                        "target_seconds": {"type": ["number", "null"], "description": "null when the best hold is already at the ceiling"},
                        "forecast": {"oneOf": [forecast, {"type": "null"}]},
                        "summary": text()
                    }), &[]), {"type": "null"}]}
                }), &[])},
                "tension": {"type": "array", "description": "seconds under tension per region and week", "items": strict(json!({
                    "week_start": date(),
                    "seconds": strict(Value::Object(region_seconds), &[])
                }), &[])},
                "balance": {"type": "array", "items": strict(json!({
                    "week_start": date(), "total_seconds": number(), "cap_percent": int(),
                    "shares": {"type": "array", "items": strict(json!({
                        "region": region(), "seconds": number(), "percent": number_or_null(), "over_cap": boolean()
                    }), &[])}
                }), &[])},
                "region_overruns": {"type": "array", "description": "program weeks whose logged sets took a region over the cap, each trimming the next week's sessions", "items": strict(json!({
                    "week": int(), "week_start": date(), "region": region(), "percent": number(), "cap_percent": int()
                }), &[])},
                "adherence": strict(json!({
                    "total": count.clone(),
                    "weeks": {"type": "array", "items": strict(json!({"number": int(), "week_start": date(), "count": count}), &[])}
                }), &[]),
                "assessments": {"type": "array", "items": schema("AssessmentInput")},
                "ratios": {"type": "array", "items": strict(json!({"date": date(), "ratios": {"type": "array", "items": schema("Ratio")}}), &[])},
                "retests": {"type": "array", "items": schema("Comparison")},
                "notes": {"type": "array", "items": strict(json!({
                    "date": date(),
                    "exercise": {"type": ["string", "null"], "description": "the set's exercise; null for a session's note"},
                    "text": text()
                }), &[])},
                "decisions_at": {"type": "string", "description": "where the decisions are"}
            }), &[]),
        "Comparison": strict(json!({
            "previous_date": date(),
            "current_date": date(),
            "band_seconds": {"type": "integer", "description": "a hold change smaller than this is within measurement error"},
            "band_source": text(),
            "holds": {"type": "array", "items": strict(json!({
                "test": {"enum": ["extensor", "flexor", "side-bridge-right", "side-bridge-left", "prone-plank"]},
                "label": text(),
                "before": int_or_null(),
                "after": int_or_null(),
                "change_seconds": int_or_null(),
                "within_measurement_error": boolean(),
                "summary": text()
            }), &[])},
            "ratios": {"type": "array", "items": strict(json!({
                "ratio": {"enum": ["flexion-extension", "right-left-side-bridge", "side-bridge-extension"]},
                "label": text(),
                "before": number_or_null(),
                "after": number_or_null(),
                "before_flagged": boolean(),
                "after_flagged": boolean()
            }), &[])}
        }), &[])
    }));
    if let Some(Value::Object(progress)) = schemas.get_mut("Progress") {
        progress.insert(
            "description".into(),
            "`keel progress --json` without the decisions (paged at /api/v1/decisions)".into(),
        );
    }
    schemas
}

/// A retest's scored report ([`crate::api::wire::Report`]).
fn report_schemas() -> Map<String, Value> {
    let sex = json!({"enum": ["male", "female"]});
    let holds = strict(
        json!({
            "extensor": int_or_null(), "flexor": int_or_null(),
            "side_bridge_right": int_or_null(), "side_bridge_left": int_or_null(),
            "prone_plank": int_or_null()
        }),
        &[],
    );
    let mobility_target = json!({"enum": ["hamstrings", "hip-flexors", "hips", "thoracic-spine", "ankles", "spine-flexion-extension"]});
    let imbalance = json!({"oneOf": [
        variant("kind", "weak-side", json!({"side": {"enum": ["left", "right"]}}), &[]),
        variant("kind", "extensors-weak", json!({}), &[]),
        variant("kind", "lateral-weak", json!({}), &[]),
    ]});
    let line = strict(
        json!({"test": text(), "shown": {"type": "string", "description": "the result in words, or skipped"}, "weak": boolean()}),
        &[],
    );
    let mut schemas = as_map(json!({
        "Report": strict(json!({
            "date": date(),
            "sex": {"enum": ["male", "female", null], "description": "the sex the norms were taken for; null shows both"},
            "holds": {"type": "array", "items": strict(json!({
                "test": {"enum": ["extensor", "flexor", "side-bridge-right", "side-bridge-left", "prone-plank"]},
                "label": text(),
                "seconds": int_or_null(),
                "norms": {"type": "array", "description": "one per sex the norms were taken for", "items": strict(json!({
                    "sex": sex,
                    "norm_seconds": int(),
                    "norm_sd_seconds": int_or_null(),
                    "percent_of_norm": {"type": ["integer", "null"], "description": "null when the test was skipped"}
                }), &[])},
                "source": text()
            }), &[])},
            "ratios": {"type": "array", "items": schema("Ratio")},
            "sorensen": strict(json!({
                "band": {"enum": ["below", "between", "above", null], "description": "the men's Biering-Sorensen band, when it applies"},
                "text": text(),
                "source": text()
            }), &[]),
            "movement": {"type": "array", "items": line.clone()},
            "mobility": {"type": "array", "items": line},
            "mobility_priorities": {"type": "array", "description": "mobility targets the warm-ups favour, weakest first", "items": strict(json!({
                "target": mobility_target.clone(),
                "label": text(),
                "deficit": {"type": "number", "description": "0-1"},
                "reason": text()
            }), &[])},
            "starting_levels": {"type": "array", "items": strict(json!({
                "pattern": {"enum": ["anti-flexion", "lateral", "hinge"]},
                "label": text(),
                "level": {"type": "integer", "minimum": 1, "maximum": 5},
                "reason": text()
            }), &[])},
            "imbalances": {"type": "array", "items": strict(json!({"imbalance": imbalance.clone(), "meaning": text()}), &[])},
            "pain_now": int_or_null(),
            "sources": {"type": "array", "items": text()},
            "tailoring": strict(json!({
                "levels": strict(json!({"anti_flexion": int(), "lateral": int(), "hinge": int()}), &[]),
                "holds": holds,
                "mobility_priorities": {"type": "array", "items": mobility_target},
                "imbalances": {"type": "array", "items": imbalance},
                "weak_movements": {"type": "array", "items": {"enum": ["hip-hinge", "bird-dog", "dead-bug"]}}
            }), &[])
        }), &[])
    }));
    if let Some(Value::Object(report)) = schemas.get_mut("Report") {
        report.insert(
            "description".into(),
            "holds against norms, ratios, starting levels, imbalances, mobility priorities".into(),
        );
    }
    schemas
}
