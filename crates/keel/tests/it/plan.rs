//! `keel plan` and `keel today` against a temp database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::Env;
use predicates::prelude::*;

fn stdout(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn today_on_a_training_day_shows_the_session() {
    let env = Env::new();
    env.onboard();
    // 2026-03-02, a Monday and the plan's first day: an A day.
    let text = stdout(env.keel().arg("today"));
    assert!(text.contains("A: anti-flexion holds"), "{text}");
    assert!(text.contains("Week 1 of 16 (Foundation)"), "{text}");
    assert!(text.contains("Side bridge"), "{text}");
    assert!(
        text.contains("sets of 5-3-1 holds of 10 s"),
        "pyramid: {text}"
    );
    assert!(
        text.contains("+1 set on the left side"),
        "weaker side: {text}"
    );
    // The warm-up starts with the spine (docs/method.md 4.3).
    let warmup = text
        .lines()
        .find(|l| l.to_lowercase().contains("warm-up"))
        .unwrap_or_default();
    assert!(warmup.contains("Cat-camel"), "{text}");
    // Pyramids of 10 s holds with 30 s rests: no drill fits between
    // their sets...
    let curl_up = text
        .split("McGill curl-up:")
        .nth(1)
        .and_then(|rest| rest.split("\n  4.").next())
        .unwrap_or_default();
    assert!(!curl_up.is_empty(), "{text}");
    assert!(!curl_up.contains("between sets:"), "{text}");
    // ...while the week's rep work (90 s rests) has one.
    let week = stdout(env.keel().args(["plan", "--week", "1"]));
    assert!(week.contains("between sets:"), "{week}");
    assert!(text.contains("cues:"), "{text}");
    assert!(
        text.contains("Brace, then breathe behind the brace"),
        "{text}"
    );
    assert!(text.contains("minutes"), "{text}");
    // Bare `keel` is the same command.
    assert_eq!(stdout(&mut env.keel()), text);
}

#[test]
fn today_on_a_rest_day_says_rest_and_shows_the_next_session() {
    let env = Env::new();
    env.onboard();
    // Monday trained, so Tuesday has nothing to make up.
    stdout(env.keel().args(["log", "mcgill-curl-up", "--rpe", "6"]));
    let text = stdout(env.keel_on("2026-03-03").arg("today"));
    assert!(text.contains("Rest day"), "{text}");
    assert!(
        text.contains("Next session: Wed 2026-03-04: B: posterior chain"),
        "{text}"
    );
    assert!(text.contains("reps"), "{text}");
}

#[test]
fn today_json_parses_and_carries_the_next_session_on_rest_days() {
    let env = Env::new();
    env.onboard();
    // Monday trained, so Tuesday has nothing to make up.
    stdout(env.keel().args(["log", "mcgill-curl-up", "--rpe", "6"]));
    let text = stdout(env.keel_on("2026-03-03").args(["today", "--json"]));
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["day"]["kind"], "rest");
    assert_eq!(value["next_session"]["day"]["date"], "2026-03-04");
    assert_eq!(value["next_session"]["day"]["kind"], "b");
    let text = stdout(env.keel().args(["today", "--json"]));
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["day"]["kind"], "a");
    assert!(value["day"]["session"]["main"].as_array().unwrap().len() >= 2);
    assert!(value["next_session"].is_null());
}

#[test]
fn plan_weeks_shows_a_deload_week_per_block() {
    let env = Env::new();
    env.onboard();
    let text = stdout(env.keel().args(["plan", "--weeks"]));
    let deloads: Vec<&str> = text.lines().filter(|l| l.contains("DELOAD")).collect();
    assert_eq!(deloads.len(), 4, "{text}");
    assert!(deloads[0].starts_with("week  4"), "{text}");
    assert!(text.contains("A.B.A.."), "{text}");
}

#[test]
fn plan_deload_weeks_keep_a_share_of_the_load_with_fewer_sets() {
    let env = Env::new();
    env.onboard();
    let text = stdout(env.keel().args(["plan", "--week", "4"]));
    assert!(text.contains("deload week"), "{text}");
    // The strength block's deload (week 12): loaded drills keep about 55 %.
    let text = stdout(env.keel().args(["plan", "--week", "12"]));
    assert!(text.contains("deload week"), "{text}");
    assert!(text.contains("about 55 % of your working load"), "{text}");
    let json = stdout(env.keel().args(["plan", "--week", "12", "--json"]));
    let week: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(week["deload"], true);
    let mut loaded = 0;
    for day in week["days"].as_array().unwrap() {
        let Some(session) = day["session"].as_object() else {
            continue;
        };
        for slot in session["main"].as_array().unwrap() {
            if slot["prescription"]["load"]["kind"] != "bodyweight" {
                loaded += 1;
                let note = slot["note"].as_str().unwrap_or("");
                assert!(note.contains("55 %"), "{slot}");
            }
        }
    }
    assert!(loaded > 0, "{json}");
    // A training week of the strength block carries load too.
    let text = stdout(env.keel().args(["plan", "--week", "9"]));
    assert!(text.contains("choose a load"), "{text}");
}

#[test]
fn a_new_plan_keeps_the_old_version_in_history() {
    let env = Env::new();
    env.onboard();
    let text = stdout(env.keel().args(["plan", "--new", "--start", "2026-03-09"]));
    assert!(text.contains("Plan version 2"), "{text}");
    let history = stdout(env.keel().args(["plan", "--history"]));
    assert!(history.contains("version 1"), "{history}");
    assert!(history.contains("version 2"), "{history}");
    assert!(history.contains("(current)"), "{history}");
    // Before the new start date, `today` says when it starts.
    let text = stdout(env.keel().arg("today"));
    assert!(text.contains("starts on 2026-03-09"), "{text}");
}

#[test]
fn malformed_dates_and_weeks_exit_2_and_change_nothing() {
    let env = Env::new();
    env.onboard();
    let before = env.db_bytes();
    env.keel_on("2026-13-01")
        .arg("today")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--date"));
    env.keel()
        .args(["plan", "--new", "--start", "2026-02-30"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--start"));
    env.keel()
        .args(["plan", "--week", "99"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("weeks 1 to 16"));
    assert_eq!(env.db_bytes(), before);
}

#[test]
fn plan_without_profile_or_assessment_refuses() {
    let env = Env::new();
    env.keel()
        .args(["plan", "--new"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("keel onboard"));
}

#[test]
fn after_the_plan_ends_today_says_to_retest() {
    let env = Env::new();
    env.onboard();
    let text = stdout(env.keel_on("2026-07-01").arg("today"));
    assert!(text.contains("finished on 2026-06-21"), "{text}");
    assert!(text.contains("keel plan --new"), "{text}");
}

#[test]
fn a_red_flag_halt_stops_today_and_plan() {
    let env = Env::new();
    let args: Vec<&str> = common::ONBOARD_ARGS
        .iter()
        .copied()
        .map(|a| {
            if a == "--no-red-flags" {
                "--red-flag"
            } else {
                a
            }
        })
        .flat_map(|a| {
            if a == "--red-flag" {
                vec![a, "night-pain"]
            } else {
                vec![a]
            }
        })
        .collect();
    env.keel().args(&args).assert().success();
    env.keel()
        .arg("today")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("clinician"))
        .stdout(predicate::str::contains("keel resume --confirm"));
    env.keel()
        .args(["plan", "--new"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("clinician"));
}

#[test]
fn plan_versions_are_limited_per_day() {
    let env = Env::new();
    env.onboard();
    // Onboarding made version 1; four more fit on the same day.
    for version in 2..=5 {
        let text = stdout(env.keel().args(["plan", "--new"]));
        assert!(text.contains(&format!("Plan version {version}")), "{text}");
    }
    env.keel()
        .args(["plan", "--new"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("at most 5 a day"));
    // The next day, a new one is allowed again.
    let text = stdout(env.keel_on("2026-03-03").args(["plan", "--new"]));
    assert!(text.contains("Plan version 6"), "{text}");
}

/// A new plan version starts each movement from the level earned, not from
/// the baseline, and its first session says where it starts and why.
#[test]
fn a_new_plan_version_carries_the_levels_earned() {
    let env = Env::new();
    env.onboard();
    for day in ["2026-03-02", "2026-03-06"] {
        stdout(
            env.keel_on(day)
                .args(["log", "mcgill-curl-up", "--rpe", "6"]),
        );
    }
    let text = stdout(
        env.keel_on("2026-03-07")
            .args(["plan", "--new", "--start", "2026-03-09"]),
    );
    assert!(text.contains("Plan version 2"), "{text}");
    // The new version's first day with the curl-up shows the level earned
    // on version 1 (6-4-2 holds, not the baseline's 5-3-1) and why.
    let mut found = false;
    for day in [
        "2026-03-09",
        "2026-03-10",
        "2026-03-11",
        "2026-03-12",
        "2026-03-13",
    ] {
        let json = stdout(env.keel_on(day).args(["today", "--json"]));
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let Some(slot) = value["session"]["slots"]
            .as_array()
            .and_then(|slots| slots.iter().find(|s| s["exercise"] == "mcgill-curl-up"))
        else {
            continue;
        };
        assert_eq!(
            slot["prescription"]["pyramid"],
            serde_json::json!([6, 4, 2]),
            "{day}: {slot}"
        );
        let why = slot["why"].to_string();
        assert!(
            why.contains("Carried over from plan version 1"),
            "{day}: {why}"
        );
        let text = stdout(env.keel_on(day).arg("today"));
        assert!(
            text.contains("McGill curl-up: 3 sets of 6-4-2 holds of 10 s"),
            "{text}"
        );
        assert!(text.contains("Carried over from plan version 1"), "{text}");
        found = true;
        break;
    }
    assert!(found, "no curl-up in the new plan's first week");
    let why = stdout(env.keel_on("2026-03-09").args(["why", "mcgill-curl-up"]));
    assert!(why.contains("Carried over from plan version 1"), "{why}");
}
