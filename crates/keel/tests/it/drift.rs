//! A test per drift between the front ends that issue 17 (point 1) found,
//! each driven through every front end that has the action, each requiring
//! the same answer and the same stored data:
//!
//! - correcting a set: quality reps above the reps done are refused (never
//!   clamped) by `keel edit`, the web history form and
//!   `PATCH /api/v1/sets/{id}`;
//! - reading a load: "16", "16kg", "35 lb", "bw" (and 0) are the same load
//!   in `keel log --load`, `keel go`, the web set form and the API; and no
//!   load given for a "choose a load" prescription is the same too (`keel
//!   log` refused it while the others record no load);
//! - logging the next set: a replayed post of the web's set form and a
//!   retried `POST /api/v1/sets` with the same `Idempotency-Key` log once;
//! - quality reps when logging a set: only `keel log --quality-reps` took
//!   them; now the web set form and `POST /api/v1/sets` do, and all refuse
//!   them above the reps done or on a set that is not counted in reps;
//! - a set without an RPE: only `keel log` took one; now every front end
//!   stores it as not rated;
//! - a note with a control character: the web and the API refused it,
//!   `keel log` stored it; now `keel_app::record::note` refuses it for all.

use keel_core::program::Load;
use serde_json::json;

use crate::common::fronts::{Athlete, Correction, Front, SetInput, put_api_load};
use crate::common::served::{form_defaults, serve_on};
use crate::common::stored::{assert_same, snapshot};

const MON: &str = "2026-03-02";
/// Week 5's B day: the Romanian deadlift, first, asks for a chosen load.
const LOADED_DAY: &str = "2026-04-01";

/// The bend and pick-up, a rep exercise on Monday.
const REPS_SLOT: usize = 5;

#[test]
fn drift_quality_reps_above_the_reps_done_are_refused_by_every_front_end() {
    let mut stored = Vec::new();
    for front in Front::ALL {
        let athlete = Athlete::new(front);
        athlete.env.onboard();
        athlete.log(
            MON,
            REPS_SLOT,
            SetInput {
                actual: Some(8),
                rpe: Some(7),
                ..SetInput::default()
            },
        );
        let id = athlete.set_id(0);
        athlete.correct(
            MON,
            id,
            Correction {
                quality_reps: Some(6),
                ..Correction::default()
            },
        );
        let before = snapshot(&athlete.env);
        let refusals = [
            // Fewer reps than the quality reps already logged.
            (
                Correction {
                    actual: Some(4),
                    ..Correction::default()
                },
                "quality reps (6) cannot exceed the reps done (4)",
            ),
            // More quality reps than the reps done.
            (
                Correction {
                    quality_reps: Some(9),
                    ..Correction::default()
                },
                "quality reps (9) cannot exceed the reps done (8)",
            ),
        ];
        for (correction, message) in refusals {
            let refusal = athlete
                .try_correct(MON, id, correction)
                .expect_err(&format!("{}: {correction:?} is refused", front.name()));
            assert!(
                refusal.contains(message),
                "{}: the refusal says {message:?}: {refusal}",
                front.name()
            );
            assert_same(
                "a refused correction",
                "before",
                &before,
                "after",
                &snapshot(&athlete.env),
            );
        }
        stored.push((front, before));
    }
    for (front, data) in &stored[1..] {
        assert_same(
            "quality reps",
            Front::Cli.name(),
            &stored[0].1,
            front.name(),
            data,
        );
    }
}

/// The spellings of a load and the load each is; `None`: no load given.
fn spellings() -> [(Option<&'static str>, Load); 6] {
    [
        (Some("16"), Load::Kg { kg: 16.0 }),
        (Some("16kg"), Load::Kg { kg: 16.0 }),
        (Some("35 lb"), Load::Kg { kg: 15.875_733 }),
        (Some("bw"), Load::Bodyweight),
        // Zero is an empty hand: bodyweight, not 0 kg.
        (Some("0"), Load::Bodyweight),
        // Not said: the prescription's "choose a load", asked again next time.
        (None, Load::ChooseForRpe),
    ]
}

/// The set's load as stored, after `front` logged the loaded day's first
/// set with `spelling`; `keel go` stands for itself ([`Front::Cli`] is
/// `keel log`).
fn stored_load(front: Option<Front>, spelling: Option<&str>) -> Load {
    let athlete = Athlete::new(front.unwrap_or(Front::Cli));
    athlete.env.onboard();
    let slot = athlete.slot_of(LOADED_DAY, "romanian-deadlift");
    match front {
        Some(_) => athlete.log(
            LOADED_DAY,
            slot,
            SetInput {
                actual: Some(8),
                load: spelling,
                rpe: Some(7),
                ..SetInput::default()
            },
        ),
        None => {
            // The first set's answers: reps (8), the load, then the
            // defaults; input ends before the second set.
            assert_eq!(slot, 0, "keel go starts with the Romanian deadlift");
            athlete
                .env
                .keel_on(LOADED_DAY)
                .args(["go", "--no-timer"])
                .write_stdin(format!("8\n{}\n\n\n\n\n", spelling.unwrap_or("")))
                .assert()
                .success();
        }
    }
    let sets = athlete.sets();
    assert_eq!(sets.len(), 1, "{spelling:?}: one set stored");
    sets[0].logged.set.load
}

#[test]
fn drift_the_load_spellings_read_the_same_by_every_front_end() {
    let fronts = [
        (Some(Front::Cli), "keel log --load"),
        (None, "keel go"),
        (Some(Front::Web), "the web set form"),
        (Some(Front::Api), "POST /api/v1/sets"),
    ];
    for (spelling, expected) in spellings() {
        for (front, name) in fronts {
            let load = stored_load(front, spelling);
            let same = match (load, expected) {
                (Load::Kg { kg }, Load::Kg { kg: want }) => (kg - want).abs() < 1e-3,
                (got, want) => got == want,
            };
            assert!(
                same,
                "{name} read {spelling:?} as {load:?}, not {expected:?}"
            );
        }
    }
}

/// The answers of Monday's first set (the bird dog, per side), as the set
/// page's form sends them.
fn first_set_form(page: &str) -> Vec<(String, String)> {
    let mut form = form_defaults(page, "/session/log");
    for (name, value) in [("right", "10"), ("left", "9"), ("rpe", "7")] {
        form.retain(|(k, _)| k != name);
        form.push((name.into(), value.into()));
    }
    form
}

#[test]
fn drift_a_replayed_or_retried_next_set_is_logged_once() {
    // The web: the set form as its page shows it, posted twice (a second
    // tap, a reload that resends it); then again without its request key.
    let web = Athlete::new(Front::Web);
    web.env.onboard();
    {
        let server = serve_on(&web.env, MON);
        let page = server.get("/session/0/1");
        assert_eq!(page.status, 200, "{}", page.body);
        let form = first_set_form(&page.body);
        assert!(
            form.iter().any(|(k, _)| k == "idempotency_key"),
            "the form carries its request key: {form:?}"
        );
        let keyless: Vec<(String, String)> = form
            .iter()
            .filter(|(k, _)| k != "idempotency_key")
            .cloned()
            .collect();
        for body in [&form, &form, &keyless] {
            let pairs: Vec<(&str, String)> =
                body.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
            let reply = server.form("/session/log", &pairs);
            assert_eq!(reply.status, 303, "{}", reply.body);
        }
    }
    assert_eq!(web.sets().len(), 1, "the web logged the set once");

    // The API: a client that retries after a timeout sends the same
    // request with the same key, and gets the first answer again.
    let api = Athlete::new(Front::Api);
    api.env.onboard();
    {
        let server = serve_on(&api.env, MON);
        let mut body = json!({"slot": 0, "actual": 9, "right": 10, "left": 9, "rpe": 7});
        put_api_load(&mut body, "bw");
        let text = body.to_string();
        let send = || {
            server.send(
                "POST",
                "/api/v1/sets",
                "application/json",
                &[("Idempotency-Key", "retry-after-timeout-1")],
                &text,
            )
        };
        let first = send();
        assert_eq!(first.status, 201, "{}", first.body);
        let retried = send();
        assert_eq!(retried.status, 201, "{}", retried.body);
        assert_eq!(
            retried.json(),
            first.json(),
            "the retry answers as the first"
        );
    }
    assert_eq!(api.sets().len(), 1, "the API logged the set once");

    // Both stored the same set.
    assert_same(
        "the replayed set",
        Front::Web.name(),
        &snapshot(&web.env),
        Front::Api.name(),
        &snapshot(&api.env),
    );
}

#[test]
fn drift_a_note_with_a_control_character_is_refused_by_every_front_end() {
    for front in Front::ALL {
        let athlete = Athlete::new(front);
        athlete.env.onboard();
        let before = snapshot(&athlete.env);
        let refusal = athlete
            .try_log(
                MON,
                0,
                SetInput {
                    actual: Some(10),
                    rpe: Some(7),
                    note: Some("bell\u{7} here"),
                    ..SetInput::default()
                },
            )
            .expect_err(&format!("{}: a bell in a note is refused", front.name()));
        assert!(
            refusal.contains("control characters"),
            "{}: {refusal}",
            front.name()
        );
        assert_same(
            "a refused note",
            "before",
            &before,
            "after",
            &snapshot(&athlete.env),
        );
        // Line breaks and tabs are a person's own typing: kept.
        athlete.log(
            MON,
            0,
            SetInput {
                actual: Some(10),
                rpe: Some(7),
                note: Some("left\tfine\nright shaky"),
                ..SetInput::default()
            },
        );
        let note = athlete.sets()[0].logged.set.note.clone();
        assert_eq!(
            note.as_deref(),
            Some("left\tfine\nright shaky"),
            "{}",
            front.name()
        );
    }
}

#[test]
fn drift_quality_reps_when_logging_are_stored_or_refused_alike_by_every_front_end() {
    let mut stored = Vec::new();
    for front in Front::ALL {
        let athlete = Athlete::new(front);
        athlete.env.onboard();
        let before = snapshot(&athlete.env);
        let refusals = [
            (
                REPS_SLOT,
                SetInput {
                    actual: Some(8),
                    quality_reps: Some(9),
                    rpe: Some(7),
                    ..SetInput::default()
                },
                "quality reps (9) cannot exceed the reps done (8)",
            ),
            // The bird dog is a hold: seconds, not reps.
            (
                0,
                SetInput {
                    actual: Some(10),
                    quality_reps: Some(3),
                    rpe: Some(7),
                    ..SetInput::default()
                },
                "quality reps are only for rep sets",
            ),
        ];
        for (slot, set, message) in refusals {
            let refusal = athlete
                .try_log(MON, slot, set)
                .expect_err(&format!("{}: {set:?} is refused", front.name()));
            assert!(
                refusal.contains(message),
                "{}: the refusal says {message:?}: {refusal}",
                front.name()
            );
            assert_same(
                "a refused set",
                "before",
                &before,
                "after",
                &snapshot(&athlete.env),
            );
        }
        athlete.log(
            MON,
            REPS_SLOT,
            SetInput {
                actual: Some(8),
                quality_reps: Some(6),
                rpe: Some(7),
                ..SetInput::default()
            },
        );
        assert_eq!(
            athlete.sets()[0].logged.set.quality_reps,
            Some(6),
            "{}",
            front.name()
        );
        stored.push((front, snapshot(&athlete.env)));
    }
    for (front, data) in &stored[1..] {
        assert_same(
            "quality reps at logging",
            Front::Cli.name(),
            &stored[0].1,
            front.name(),
            data,
        );
    }
}

#[test]
fn drift_a_set_without_an_rpe_is_stored_as_not_rated_by_every_front_end() {
    let mut stored = Vec::new();
    for front in Front::ALL {
        let athlete = Athlete::new(front);
        athlete.env.onboard();
        athlete.log(
            MON,
            REPS_SLOT,
            SetInput {
                actual: Some(8),
                rpe: None,
                ..SetInput::default()
            },
        );
        assert_eq!(
            athlete.sets()[0].logged.set.rpe,
            None,
            "{}: not rated",
            front.name()
        );
        stored.push((front, snapshot(&athlete.env)));
    }
    for (front, data) in &stored[1..] {
        assert_same(
            "a set not rated",
            Front::Cli.name(),
            &stored[0].1,
            front.name(),
            data,
        );
    }
}
