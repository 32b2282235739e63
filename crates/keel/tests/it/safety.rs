//! Safety through every CLI surface: an unanswered red-flag screen is never
//! "no" (flags, prompts, a blank line, closed input), and while a red flag
//! halts the program every command says so and offers no training; after a
//! resume nothing of the halt remains.
#![allow(clippy::unwrap_used)]

use crate::common;

use common::Env;
use keel_core::redflag::RedFlag;
use keel_store::{SafetyEvent, ScreenContext, SqliteStore, Store, Write};
use predicates::prelude::*;

/// The profile questions `keel onboard` asks before the screen.
const PROFILE_ANSWERS: &str = "Sam\nfemale\n1\nmon,wed,fri\nn\nkg\ndowel,band\n2\n";

fn assert_nothing_stored(env: &Env) {
    env.keel().args(["profile"]).assert().code(2);
    assert!(
        env.db_bytes().is_empty() || !String::from_utf8_lossy(&env.db_bytes()).contains("dowel")
    );
}

#[test]
fn onboarding_with_input_closed_during_the_screen_refuses_and_writes_nothing() {
    let env = Env::new();
    // Three answers, then the input ends.
    let answers = format!("{PROFILE_ANSWERS}n\nn\nn\n");
    env.keel()
        .arg("onboard")
        .write_stdin(answers)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("red-flag screen was not answered"))
        .stdout(predicate::str::contains("Plan version").not());
    assert_nothing_stored(&env);
}

#[test]
fn onboarding_with_a_blank_screen_answer_refuses_and_writes_nothing() {
    let env = Env::new();
    let answers = format!("{PROFILE_ANSWERS}n\n\n{}90\n", "n\n".repeat(6));
    env.keel()
        .arg("onboard")
        .write_stdin(answers)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("red-flag screen was not answered"));
    assert_nothing_stored(&env);
}

#[test]
fn scripted_onboarding_without_screen_flags_refuses_and_writes_nothing() {
    let env = Env::new();
    env.keel()
        .args(["onboard", "--days-per-week", "3", "--extensor", "100"])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("red-flag screen was not answered"));
    assert_nothing_stored(&env);
}

fn halt(env: &Env) {
    let mut store = SqliteStore::open(&env.db()).unwrap();
    store
        .apply(vec![Write::Safety(SafetyEvent::Screen {
            date: jiff::civil::date(2026, 3, 2),
            context: ScreenContext::PainEntry,
            flags: vec![RedFlag::NightPain],
        })])
        .unwrap();
}

fn json(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).unwrap_or_else(|e| {
        panic!("not JSON ({e}): {}", String::from_utf8_lossy(out));
    })
}

#[test]
fn while_halted_every_command_says_so_and_after_resume_nothing_remains() {
    let env = Env::new();
    env.onboard();
    halt(&env);

    for args in [
        vec!["plan"],
        vec!["plan", "--weeks"],
        vec!["plan", "--week", "1"],
        vec!["plan", "--history"],
        vec!["today"],
    ] {
        env.keel()
            .args(&args)
            .assert()
            .code(1)
            .stdout(predicate::str::contains("paused since 2026-03-02"))
            .stdout(predicate::str::contains("night-pain"))
            .stdout(predicate::str::contains("Week").not())
            .stdout(predicate::str::contains("Plan version").not());
    }
    for args in [
        vec!["plan", "--json"],
        vec!["plan", "--week", "1", "--json"],
        vec!["today", "--json"],
    ] {
        let out = env
            .keel()
            .args(&args)
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone();
        let value = json(&out);
        assert_eq!(value["halted"]["since"], "2026-03-02", "{args:?}: {value}");
        assert_eq!(value["halted"]["red_flags"][0], "night-pain", "{args:?}");
        assert!(
            value.get("weeks").is_none() && value.get("session").is_none(),
            "{args:?}"
        );
    }
    env.keel()
        .args(["plan", "--new"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("clinician"))
        .stdout(predicate::str::contains("Plan version").not());
    env.keel()
        .arg("go")
        .write_stdin("")
        .assert()
        .code(2)
        .stdout(predicate::str::contains("paused since 2026-03-02"));
    // A check-in is kept, but gives no training verdict.
    let readiness = [
        "checkin",
        "--sleep",
        "2",
        "--fatigue",
        "2",
        "--stress",
        "2",
        "--soreness",
        "2",
    ];
    env.keel()
        .args(readiness)
        .assert()
        .success()
        .stdout(predicate::str::contains("paused since 2026-03-02"))
        .stdout(predicate::str::contains("train as planned").not());
    let out = env
        .keel()
        .args(readiness)
        .arg("--json")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let value = json(&out);
    assert_eq!(value["halted"]["since"], "2026-03-02");
    assert!(value.get("adjustment").is_none());

    env.keel()
        .args(["resume", "--confirm", "--note", "cleared"])
        .assert()
        .success();
    for args in [vec!["plan"], vec!["today"], vec!["plan", "--weeks"]] {
        env.keel()
            .args(&args)
            .assert()
            .success()
            .stdout(predicate::str::contains("paused").not())
            .stdout(predicate::str::contains("clinician").not())
            .stdout(predicate::str::contains("STOP").not());
    }
    let out = env
        .keel()
        .args(["today", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let value = json(&out);
    assert!(value.get("halted").is_none(), "{value}");
    assert!(!String::from_utf8_lossy(&out).contains("clinician"));
    env.keel()
        .args(readiness)
        .assert()
        .success()
        .stdout(predicate::str::contains("Today: train as planned"));
}

#[test]
fn after_a_resume_no_session_carries_the_halt_as_its_why() {
    let env = Env::new();
    env.onboard();
    env.keel()
        .args([
            "log",
            "mcgill-curl-up",
            "--actual",
            "10",
            "--pain",
            "4",
            "--red-flag",
            "night-pain",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("paused"));
    env.keel().args(["resume", "--confirm"]).assert().success();
    // The next A day, with the McGill curl-up again.
    let text = env
        .keel_on("2026-03-06")
        .arg("today")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8_lossy(&text);
    assert!(text.contains("McGill curl-up"), "{text}");
    for halt_word in ["halted", "Red flag", "clinician", "paused"] {
        assert!(!text.contains(halt_word), "{halt_word:?} in {text}");
    }
    let json = env
        .keel_on("2026-03-06")
        .args(["today", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json = String::from_utf8_lossy(&json);
    assert!(
        !json.contains("halted") && !json.contains("Red flag"),
        "{json}"
    );
}
