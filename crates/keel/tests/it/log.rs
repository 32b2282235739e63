//! `keel log`: sets by flags, the session summary, the red-flag screen on
//! pain, the halt, and bad input that exits 2 and writes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::Env;
use predicates::prelude::*;

fn stdout(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

fn history_json(env: &Env) -> serde_json::Value {
    let text = stdout(env.keel().args(["history", "--json"]));
    serde_json::from_str(&text).unwrap()
}

#[test]
fn a_clean_hold_is_logged_with_ids_and_its_next_decision() {
    let env = Env::new();
    env.onboard();
    // 2026-03-02 is an A day: McGill curl-up, 3 pyramid sets of 10 s holds. No --actual, no --sets:
    // the whole prescription, done as prescribed.
    let text = stdout(env.keel().args(["log", "mcgill-curl-up", "--rpe", "6"]));
    assert!(
        text.contains("Logged 3 sets of McGill curl-up on 2026-03-02"),
        "{text}"
    );
    assert!(text.contains("10 s of 10 s, bodyweight, RPE 6"), "{text}");
    assert!(text.contains("Next decision: repeat"), "{text}");
    assert!(text.contains("progression needs 2 in a row"), "{text}");

    let history = stdout(env.keel().arg("history"));
    assert!(history.contains("2026-03-02 (plan version 1)"), "{history}");
    assert!(
        history.contains("#1    McGill curl-up, set 1: 10 s of 10 s, bodyweight, RPE 6"),
        "{history}"
    );
    let value = history_json(&env);
    let sets = value["sessions"][0]["sets"].as_array().unwrap();
    assert_eq!(sets.len(), 3);
    assert!(sets[0]["id"].as_i64().is_some());
    assert_eq!(sets[0]["logged"]["exercise"], "mcgill-curl-up");
    assert_eq!(sets[0]["logged"]["set"]["rpe"], 6);
}

#[test]
fn actual_values_and_set_counts_follow_the_documented_rules() {
    let env = Env::new();
    env.onboard();
    // By name, one set per --actual value.
    let text = stdout(env.keel().args([
        "log",
        "McGill curl-up",
        "--actual",
        "10,8",
        "--rpe",
        "7",
        "--json",
    ]));
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let sets = value["sets"].as_array().unwrap();
    let actuals: Vec<i64> = sets
        .iter()
        .map(|s| s["logged"]["set"]["actual"]["value"].as_i64().unwrap())
        .collect();
    assert_eq!(actuals, [10, 8]);
    assert_eq!(value["decision"]["decision"]["action"]["kind"], "repeat");
    // --sets with one value: that many sets of it.
    stdout(
        env.keel()
            .args(["log", "mcgill-curl-up", "--sets", "1", "--actual", "9"]),
    );
    let value = history_json(&env);
    assert_eq!(value["sessions"][0]["sets"].as_array().unwrap().len(), 3);
    // Disagreeing counts are refused.
    env.keel()
        .args(["log", "mcgill-curl-up", "--sets", "2", "--actual", "1,2,3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--sets"));
}

#[test]
fn a_second_summary_for_the_day_needs_replace_in_a_script() {
    let env = Env::new();
    env.onboard();
    stdout(
        env.keel()
            .args(["log", "--session-rpe", "5", "--minutes", "30"]),
    );
    let before = env.db_bytes();
    // No terminal and no --replace: refused, and nothing is written (the
    // sets in the same command neither).
    for args in [
        &["log", "--session-rpe", "8", "--minutes", "20"][..],
        &["log", "--minutes", "20"][..],
        &["log", "mcgill-curl-up", "--rpe", "6", "--session-rpe", "8"][..],
    ] {
        env.keel()
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--replace"))
            .stderr(predicate::str::contains("30 minutes, session RPE 5"));
        assert_eq!(env.db_bytes(), before, "{args:?}");
    }
    let history = stdout(env.keel().arg("history"));
    assert!(history.contains("30 min, session RPE 5"), "{history}");

    stdout(
        env.keel()
            .args(["log", "--session-rpe", "8", "--minutes", "20", "--replace"]),
    );
    let history = stdout(env.keel().arg("history"));
    assert!(history.contains("20 min, session RPE 8"), "{history}");
    // A note alone replaces neither minutes nor the RPE.
    stdout(env.keel().args(["log", "--note", "windy"]));
}

#[test]
fn a_further_session_with_add_keeps_both_and_the_loads_add_up() {
    let env = Env::new();
    env.onboard();
    stdout(
        env.keel()
            .args(["log", "--session-rpe", "5", "--minutes", "30"]),
    );
    // The refusal names both ways on.
    env.keel()
        .args(["log", "--session-rpe", "8", "--minutes", "20"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--add"));
    // --add without the RPE: the load cannot be known; nothing written.
    let before = env.db_bytes();
    env.keel()
        .args(["log", "--minutes", "20", "--add"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("session_rpe"));
    assert_eq!(env.db_bytes(), before);
    let text = stdout(
        env.keel()
            .args(["log", "--session-rpe", "8", "--minutes", "20", "--add"]),
    );
    assert!(text.contains("2 sessions"), "{text}");
    assert!(text.contains("the day's load is 310"), "{text}");
    // The first session is kept as it was; JSON shows both and the sum.
    let json: serde_json::Value = serde_json::from_str(&stdout(env.keel().args([
        "log",
        "--session-rpe",
        "3",
        "--minutes",
        "10",
        "--add",
        "--json",
    ])))
    .unwrap();
    let session = &json["session"];
    assert_eq!(session["minutes"], 30, "{json}");
    assert_eq!(session["session_rpe"], 5, "{json}");
    assert_eq!(
        session["more_sessions"].as_array().unwrap().len(),
        2,
        "{json}"
    );
    assert_eq!(session["load"], 340, "{json}");
    // --add and --replace together are refused.
    env.keel()
        .args([
            "log",
            "--minutes",
            "5",
            "--session-rpe",
            "2",
            "--add",
            "--replace",
        ])
        .assert()
        .code(2);
}

#[test]
fn bad_input_exits_2_names_the_problem_and_writes_nothing() {
    let env = Env::new();
    env.onboard();
    let before = env.db_bytes();
    let cases: &[(&[&str], &str)] = &[
        (&["log", "mcgill-curl-up", "--rpe", "11"], "--rpe"),
        (&["log", "mcgill-curl-up", "--pain", "-1"], "--pain"),
        (
            &["log", "mcgill-curl-up", "--day", "2026-03-03"],
            "future date",
        ),
        (&["log", "mcgill-curl-up", "--day", "2026-02-30"], "--day"),
        (
            &["log", "kettlebell-deadlift", "--rpe", "6"],
            "not in the session of 2026-03-02",
        ),
        (&["log", "nonsense-exercise"], "unknown exercise"),
        (&["log", "mcgill-curl-up", "--fault", "wobble"], "--fault"),
        (&["log", "mcgill-curl-up", "--actual", "-5"], "--actual"),
        (&["log", "mcgill-curl-up", "--load", "heavy"], "--load"),
        (
            &["log", "mcgill-curl-up", "--quality-reps", "3"],
            "--quality-reps",
        ),
        (&["log", "mcgill-curl-up", "--sets", "0"], "--sets"),
        (
            &["log", "--session-rpe", "12", "--minutes", "30"],
            "--session-rpe",
        ),
        (&["log", "--minutes", "0"], "--minutes"),
        (&["log"], "nothing to log"),
        (&["log", "--rpe", "6"], "need an exercise"),
        // Pain asks the red-flag screen; a script must answer it.
        (&["log", "mcgill-curl-up", "--pain", "3"], "--no-red-flags"),
        (&["log", "mcgill-curl-up", "--sharp-pain"], "--no-red-flags"),
    ];
    for (args, message) in cases {
        env.keel()
            .args(*args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(*message));
    }
    // The exercise list names what the session has.
    env.keel()
        .args(["log", "kettlebell-deadlift"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("mcgill-curl-up"));
    // A day outside the plan has nothing to log against (a rest day with
    // nothing to make up neither: tests/makeup.rs).
    env.keel_on("2026-03-03")
        .args(["log", "mcgill-curl-up", "--day", "2026-03-01"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no session on 2026-03-01"));
    assert_eq!(env.db_bytes(), before);
}

#[test]
fn a_load_chosen_for_rpe_is_learned_from_the_log() {
    let env = Env::new();
    env.onboard();
    // The foundation is unloaded; block 2's B day chooses a load.
    let text = stdout(env.keel_on("2026-04-01").args([
        "log",
        "romanian-deadlift",
        "--load",
        "16",
        "--rpe",
        "6",
    ]));
    assert!(text.contains("16 kg"), "{text}");
    assert!(text.contains("next: Romanian deadlift"), "{text}");
    let value = history_json(&env);
    assert_eq!(
        value["sessions"][0]["sets"][0]["logged"]["set"]["load"]["kg"],
        16.0
    );
}

#[test]
fn the_session_summary_is_logged_alone_or_with_sets() {
    let env = Env::new();
    env.onboard();
    let text = stdout(env.keel().args([
        "log",
        "--session-rpe",
        "6",
        "--minutes",
        "35",
        "--note",
        "felt good",
    ]));
    assert!(
        text.contains("35 min, session RPE 6, note: felt good"),
        "{text}"
    );
    stdout(env.keel().args([
        "log",
        "mcgill-curl-up",
        "--rpe",
        "6",
        "--minutes",
        "40",
        "--replace",
    ]));
    let history = stdout(env.keel().arg("history"));
    assert!(
        history.contains("40 min, session RPE 6, load 240"),
        "{history}"
    );
    assert!(history.contains("note: felt good"), "{history}");
}

#[test]
fn pain_with_a_clear_screen_is_logged_and_holds_progress_back() {
    let env = Env::new();
    env.onboard();
    let text = stdout(env.keel().args([
        "log",
        "mcgill-curl-up",
        "--rpe",
        "6",
        "--pain",
        "4",
        "--no-red-flags",
    ]));
    assert!(text.contains("pain 4"), "{text}");
    assert!(text.contains("Next decision: repeat"), "{text}");
}

#[test]
fn a_red_flag_on_a_pain_entry_halts_until_resume() {
    let env = Env::new();
    env.onboard();
    let text = stdout(env.keel().args([
        "log",
        "mcgill-curl-up",
        "--rpe",
        "6",
        "--pain",
        "4",
        "--red-flag",
        "leg-weakness",
    ]));
    assert!(text.contains("STOP"), "{text}");
    assert!(text.contains("keel resume --confirm"), "{text}");
    // Today shows the clinician message and exits 1.
    env.keel()
        .arg("today")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("STOP"));
    // Logging training is refused, and nothing is written.
    let before = env.db_bytes();
    env.keel()
        .args(["log", "side-bridge", "--rpe", "6"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("STOP"))
        .stderr(predicate::str::contains("keel resume --confirm"));
    assert_eq!(env.db_bytes(), before);
    // Check-ins and history still work.
    stdout(env.keel().args([
        "checkin",
        "--sleep",
        "2",
        "--fatigue",
        "2",
        "--stress",
        "2",
        "--soreness",
        "2",
    ]));
    let history = stdout(env.keel().arg("history"));
    assert!(history.contains("pain 4"), "{history}");
    // The decision is a halt.
    let why = stdout(env.keel().args(["why", "mcgill-curl-up"]));
    assert!(
        why.contains("halt the program (red flag: leg-weakness)"),
        "{why}"
    );
    // An explicit resume re-enables logging.
    stdout(env.keel().args(["resume", "--confirm"]));
    stdout(env.keel().args(["log", "side-bridge", "--rpe", "6"]));
    env.keel().arg("today").assert().success();
}

/// Sets logged after a new plan made the same day belong to the plan in
/// force: none vanishes, and the day's earlier sets count against its cap.
#[test]
fn sets_logged_after_a_same_day_new_plan_count_in_that_plan() {
    let env = Env::new();
    env.onboard();
    let text = stdout(
        env.keel()
            .args(["log", "mcgill-curl-up", "--sets", "1", "--rpe", "6"]),
    );
    assert!(text.contains("Logged 1 set of McGill curl-up"), "{text}");
    let text = stdout(env.keel().args(["plan", "--new"]));
    assert!(text.contains("Plan version 2"), "{text}");

    let text = stdout(
        env.keel()
            .args(["log", "mcgill-curl-up", "--sets", "1", "--rpe", "6"]),
    );
    assert!(text.contains("Logged 1 set of McGill curl-up"), "{text}");
    assert!(text.contains("Next decision"), "{text}");
    let value = history_json(&env);
    let sessions = value["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 1, "{value}");
    assert_eq!(sessions[0]["plan_version"], 2, "{value}");
    assert_eq!(sessions[0]["sets"].as_array().unwrap().len(), 2);

    // 3 prescribed, 2 done today: 2 more is past the cap, 1 fits.
    env.keel()
        .args(["log", "mcgill-curl-up", "--sets", "2", "--rpe", "6"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--sets"))
        .stderr(predicate::str::contains("1 of 3"));
    let text = stdout(
        env.keel()
            .args(["log", "mcgill-curl-up", "--sets", "1", "--rpe", "6"]),
    );
    assert!(text.contains("Logged 1 set of McGill curl-up"), "{text}");
    env.keel()
        .args(["log", "mcgill-curl-up", "--sets", "1", "--rpe", "6"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "every set of this exercise is logged",
        ));
}

/// The terminal keeps the API's limits: no more sets than prescribed, no
/// note over 500 characters.
#[test]
fn the_terminal_keeps_the_apis_limits() {
    let env = Env::new();
    env.onboard();
    env.keel()
        .args(["log", "mcgill-curl-up", "--sets", "6", "--rpe", "6"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--sets"));
    let long = "x".repeat(501);
    env.keel()
        .args(["log", "mcgill-curl-up", "--rpe", "6", "--note", &long])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("at most 500 characters"));
    env.keel()
        .args([
            "log",
            "--session-rpe",
            "5",
            "--minutes",
            "20",
            "--note",
            &long,
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("at most 500 characters"));
    assert!(
        history_json(&env)["sessions"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let text = stdout(env.keel().args([
        "log",
        "mcgill-curl-up",
        "--rpe",
        "6",
        "--note",
        &"x".repeat(500),
    ]));
    assert!(text.contains("Logged 3 sets"), "{text}");
    let id = history_json(&env)["sessions"][0]["sets"][0]["id"]
        .as_i64()
        .unwrap();
    env.keel()
        .args(["edit", &id.to_string(), "--note", &long])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("at most 500 characters"));
}

/// The first day of week 1 with a per-side slot carrying the extra set on
/// the weaker side (the onboarding's side bridges are 60 s right, 55 s
/// left: the left is flagged), and that slot's exercise id.
fn day_with_extra_set(env: &Env) -> (String, String, serde_json::Value) {
    for d in 2..=8 {
        let date = format!("2026-03-{d:02}");
        let out = env
            .keel_on(&date)
            .args(["today", "--json"])
            .output()
            .unwrap();
        let Ok(json) = serde_json::from_slice::<serde_json::Value>(&out.stdout) else {
            continue;
        };
        let main = json["day"]["session"]["main"].as_array().cloned();
        for slot in main.unwrap_or_default() {
            if slot["prescription"]["extra_sets_on"] == "left" {
                let id = slot["exercise"].as_str().unwrap().to_string();
                return (date, id, slot["prescription"].clone());
            }
        }
    }
    panic!("no slot with the extra left set in week 1");
}

#[test]
fn each_side_is_logged_and_the_extra_weak_side_set_is_counted() {
    let env = Env::new();
    env.onboard();
    let (date, id, p) = day_with_extra_set(&env);
    let sets = p["sets"].as_u64().unwrap() as usize;
    let target = p["seconds"].as_i64().unwrap();
    let left = (target - 5).max(0);
    let text = stdout(env.keel_on(&date).args([
        "log",
        &id,
        "--left",
        &left.to_string(),
        "--right",
        &target.to_string(),
        "--rpe",
        "6",
        "--json",
    ]));
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let logged = value["sets"].as_array().unwrap();
    assert_eq!(logged.len(), sets + 1, "every set and the extra left set");
    for s in &logged[..sets] {
        let set = &s["logged"]["set"];
        assert_eq!(set["sides"]["left"]["value"], left, "{set}");
        assert_eq!(set["sides"]["right"]["value"], target, "{set}");
        assert_eq!(set["actual"]["value"], left, "actual is the weaker side");
    }
    let extra = &logged[sets]["logged"]["set"];
    assert_eq!(extra["sides"]["left"]["value"], left, "{extra}");
    assert!(extra["sides"].get("right").is_none(), "{extra}");
    // The decision names the side that fell short.
    let reasons = value["decision"]["decision"]["reasons"].to_string();
    assert!(
        reasons.contains(&format!("left held {left} s of {target} s")),
        "{reasons}"
    );
    // `keel today` counts the extra set: every set of the slot is done.
    let today = stdout(env.keel_on(&date).arg("today"));
    let done = format!("done today: {} of {} sets", sets + 1, sets + 1);
    assert!(today.contains(&done), "{today}");
    // Nothing is left to log for that slot.
    env.keel_on(&date)
        .args(["log", &id, "--sets", "1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--sets"));
}

#[test]
fn per_side_flags_are_checked_and_write_nothing() {
    let env = Env::new();
    env.onboard();
    let (date, id, _) = day_with_extra_set(&env);
    let before = env.db_bytes();
    // A bilateral exercise has no sides.
    env.keel()
        .args(["log", "mcgill-curl-up", "--left", "8"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--left"))
        .stderr(predicate::str::contains("not done per side"));
    env.keel_on(&date)
        .args(["log", &id, "--right", "-3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--right: must be 0 or more"));
    env.keel_on(&date)
        .args(["log", &id, "--sets", "2", "--left", "1,2,3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--left"));
    env.keel_on(&date)
        .args(["log", &id, "--left", "99999"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--left"));
    assert_eq!(env.db_bytes(), before, "nothing was written");
}
