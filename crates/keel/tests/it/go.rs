//! `keel go` driven through piped stdin (its non-terminal mode): whole
//! sessions, faults and pain with the red-flag screen, pain stops, end of
//! input and a killed process keeping every confirmed set, refusals.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::collections::BTreeMap;
use std::io::Write as _;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{Env, ONBOARD_ARGS};
use keel_core::engine::{Amount, FormFault};
use keel_store::{ProgramStatus, SafetyEvent, ScreenContext, SqliteStore, Store, TrainingSession};
use predicates::prelude::*;

/// Lines a clean set takes: actual, RPE, faults, pain, sharp pain.
const SET_LINES: usize = 5;
/// Lines of the red-flag screen.
const SCREEN_LINES: usize = 8;
/// Lines of the after-session questions: minutes, session RPE.
const SUMMARY_LINES: usize = 2;

fn blanks(n: usize) -> String {
    "\n".repeat(n)
}

/// Explicit "no" answers: the red-flag screen has no default.
fn noes(n: usize) -> String {
    "n\n".repeat(n)
}

/// Sets per main (and transfer) slot of the day, from `keel today --json`:
/// a per-side set counts once, the extra set on the weaker side once more.
fn planned_sets(env: &Env) -> Vec<usize> {
    let out = env.keel().args(["today", "--json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let session = &json["day"]["session"];
    let mut slots: Vec<&serde_json::Value> = session["main"].as_array().unwrap().iter().collect();
    if !session["transfer"].is_null() {
        slots.push(&session["transfer"]);
    }
    slots
        .iter()
        .map(|s| {
            let p = &s["prescription"];
            let sets = p["sets"].as_u64().unwrap() as usize;
            sets + usize::from(!p["extra_sets_on"].is_null())
        })
        .collect()
}

/// Answer lines per main (and transfer) slot of the day for blank answers:
/// a set asks SET_LINES questions, a per-side set one more (each side's
/// result), the extra set on the weaker side SET_LINES (its side only).
fn planned_lines(env: &Env) -> Vec<usize> {
    let out = env.keel().args(["today", "--json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let session = &json["day"]["session"];
    let mut slots: Vec<&serde_json::Value> = session["main"].as_array().unwrap().iter().collect();
    if !session["transfer"].is_null() {
        slots.push(&session["transfer"]);
    }
    slots
        .iter()
        .map(|s| {
            let p = &s["prescription"];
            let sets = p["sets"].as_u64().unwrap() as usize;
            let per_side = p["per_side"].as_bool().unwrap_or(false);
            let extra = usize::from(!p["extra_sets_on"].is_null());
            sets * (SET_LINES + usize::from(per_side)) + extra * SET_LINES
        })
        .collect()
}

fn store(env: &Env) -> SqliteStore {
    SqliteStore::open(&env.db()).expect("the database opens")
}

fn sessions(env: &Env) -> Vec<TrainingSession> {
    store(env).sessions(None, None).unwrap()
}

fn stored_sets(env: &Env) -> usize {
    sessions(env).iter().map(|s| s.sets.len()).sum()
}

/// Stored sets per slot, in the order the slots were first logged.
fn sets_per_slot(env: &Env) -> Vec<usize> {
    let mut order = Vec::new();
    let mut counts = BTreeMap::new();
    for set in sessions(env).iter().flat_map(|s| &s.sets) {
        let key = set.logged.slot.clone();
        if !counts.contains_key(&key) {
            order.push(key.clone());
        }
        *counts.entry(key).or_insert(0) += 1;
    }
    order.iter().map(|k| counts[k]).collect()
}

#[test]
fn a_session_of_blank_answers_logs_every_set_clean() {
    let env = Env::new();
    env.onboard();
    let planned = planned_sets(&env);
    let total: usize = planned.iter().sum();
    let lines: usize = planned_lines(&env).iter().sum();
    env.keel()
        .arg("go")
        .write_stdin(blanks(lines + SUMMARY_LINES))
        .assert()
        .success()
        .stdout(predicate::str::contains("(timer skipped: not a terminal)"))
        // Week 1's A day pairs a drill with its rep work (90 s rests)
        // only: none fits the pyramids' 30 s rests (docs/method.md 4.3).
        .stdout(predicate::str::contains("Between sets:"))
        .stdout(predicate::str::contains(format!("Logged {total} sets")))
        .stdout(predicate::str::contains("Next time:"))
        .stdout(predicate::str::contains("keel log --session-rpe"));
    let stored = sessions(&env);
    assert_eq!(stored.len(), 1);
    let session = &stored[0];
    assert_eq!(session.date.to_string(), "2026-03-02");
    assert!(session.minutes.is_some(), "minutes default to the estimate");
    assert_eq!(session.session_rpe, None, "session RPE skipped by default");
    assert_eq!(sets_per_slot(&env), planned);
    for set in &session.sets {
        let s = &set.logged.set;
        // Blank answers log the prescription: a hold's seconds, a rep
        // range's current target (its bottom, issue 16 point 9).
        match &set.logged.prescription {
            keel_core::program::Prescription::Reps { reps_min, .. } => assert_eq!(
                s.actual,
                keel_core::engine::Amount::Reps(*reps_min),
                "{s:?}"
            ),
            _ => assert!(s.reached_target(), "{s:?}"),
        }
        assert!(
            s.faults.is_empty() && s.pain.get() == 0 && !s.sharp_pain,
            "{s:?}"
        );
        assert!(s.rpe.is_some(), "RPE defaults to the target");
    }
    // The extra set on the weaker side says which side.
    assert!(
        session
            .sets
            .iter()
            .any(|s| s.logged.set.note.as_deref() == Some("left side only"))
    );

    // Nothing left to do: a second run says so.
    env.keel()
        .arg("go")
        .write_stdin("")
        .assert()
        .success()
        .stdout(predicate::str::contains("already fully logged"));
    assert_eq!(stored_sets(&env), total);
}

#[test]
fn a_fault_and_pain_with_a_clear_screen_are_stored() {
    let env = Env::new();
    env.onboard();
    // The first exercise is per side: right 8 s, left 8 s, then RPE 8.
    let input = format!("8\n8\n8\npr\n3\nn\n{}", noes(SCREEN_LINES));
    env.keel()
        .arg("go")
        .write_stdin(input)
        .assert()
        .success()
        .stdout(predicate::str::contains("Safety screen"))
        .stdout(predicate::str::contains("Input ended"));
    let sets = &sessions(&env)[0].sets;
    assert_eq!(sets.len(), 1);
    let s = &sets[0].logged.set;
    assert!(matches!(s.actual, Amount::Seconds(sec) if sec.get() == 8));
    assert_eq!(s.rpe.map(|r| r.get()), Some(8));
    assert_eq!(s.faults, vec![FormFault::PelvisShift, FormFault::RibFlare]);
    assert_eq!(s.pain.get(), 3);
    assert!(!s.sharp_pain);
    let store = store(&env);
    let screens: Vec<_> = store
        .safety_events()
        .unwrap()
        .into_iter()
        .filter(|e| {
            matches!(e, SafetyEvent::Screen { context: ScreenContext::PainEntry, flags, .. } if flags.is_empty())
        })
        .collect();
    assert_eq!(screens.len(), 1, "the pain entry's screen is recorded");
    assert_eq!(store.status().unwrap(), ProgramStatus::Active);
}

#[test]
fn sharp_pain_stops_the_exercise_and_moves_on() {
    let env = Env::new();
    env.onboard();
    let planned = planned_sets(&env);
    let rest: usize = planned_lines(&env)[1..].iter().sum();
    let input = format!(
        "\n\n\n\n2\ny\n{}{}",
        noes(SCREEN_LINES),
        blanks(rest + SUMMARY_LINES)
    );
    env.keel()
        .arg("go")
        .write_stdin(input)
        .assert()
        .success()
        .stdout(predicate::str::contains("now: you felt sharp pain"))
        .stdout(predicate::str::contains("Revisit the technique:"));
    let mut expected = vec![1];
    expected.extend_from_slice(&planned[1..]);
    assert_eq!(
        sets_per_slot(&env),
        expected,
        "the stopped exercise's other sets were not asked"
    );
}

#[test]
fn red_pain_stops_the_exercise() {
    let env = Env::new();
    env.onboard();
    let planned = planned_sets(&env);
    // A clean first set, then pain 6 (red) on the second.
    let input = format!(
        "{}\n\n\n\n6\nn\n{}{}",
        blanks(SET_LINES + 1),
        noes(SCREEN_LINES),
        blanks(planned_lines(&env)[1])
    );
    env.keel()
        .arg("go")
        .write_stdin(input)
        .assert()
        .success()
        .stdout(predicate::str::contains("pain 6 is in the red"));
    assert_eq!(sets_per_slot(&env), vec![2, planned[1]]);
}

#[test]
fn a_red_flag_after_pain_halts_the_program() {
    let env = Env::new();
    env.onboard();
    let input = format!("\n\n\n\n4\nn\ny\n{}{}", noes(SCREEN_LINES - 1), blanks(40));
    env.keel()
        .arg("go")
        .write_stdin(input)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "STOP: one or more of your answers",
        ))
        .stdout(predicate::str::contains("keel resume --confirm"))
        .stdout(predicate::str::contains("Safety screen"))
        .stdout(predicate::str::contains("set 2 of").not());
    assert_eq!(stored_sets(&env), 1, "the set with the pain is kept");
    assert!(matches!(
        store(&env).status().unwrap(),
        ProgramStatus::Halted { .. }
    ));
    // And the next session refuses to start.
    env.keel()
        .arg("go")
        .write_stdin(blanks(10))
        .assert()
        .code(2)
        .stdout(predicate::str::contains("keel resume --confirm"));
    assert_eq!(stored_sets(&env), 1);
}

#[test]
fn end_of_input_midway_keeps_the_confirmed_sets_and_resumes_there() {
    let env = Env::new();
    env.onboard();
    let planned = planned_sets(&env);
    // Two full sets, then half of the third.
    env.keel()
        .arg("go")
        .write_stdin(blanks(2 * SET_LINES + 2))
        .assert()
        .success()
        .stdout(predicate::str::contains("Input ended"));
    assert_eq!(stored_sets(&env), 2);
    // The next run continues with the remaining sets only.
    env.keel()
        .arg("go")
        .write_stdin(blanks(
            planned_lines(&env).iter().sum::<usize>() - 2 * SET_LINES + SUMMARY_LINES,
        ))
        .assert()
        .success()
        .stdout(predicate::str::contains("You already logged 2 sets today"))
        .stdout(predicate::str::contains("set 3 of"));
    assert_eq!(sets_per_slot(&env), planned);
}

#[test]
fn a_killed_process_keeps_every_confirmed_set() {
    let env = Env::new();
    env.onboard();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("keel"))
        .env_remove("KEEL_DB")
        .env_remove("KEEL_TODAY")
        .arg("--db")
        .arg(env.db())
        .args(["--date", "2026-03-02", "go"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // The first set confirmed, the second half answered; stdin stays open.
    stdin.write_all(blanks(SET_LINES + 2).as_bytes()).unwrap();
    stdin.flush().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while stored_sets(&env) < 1 {
        assert!(
            Instant::now() < deadline,
            "the first set never reached the database"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    drop(stdin);
    let stored = sessions(&env);
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].sets.len(), 1);
    assert!(stored[0].sets[0].logged.set.reached_target());
    // The database still works for the next command.
    env.keel().arg("today").assert().success();
}

#[test]
fn a_bad_piped_answer_exits_2_naming_the_question_and_keeps_earlier_sets() {
    let env = Env::new();
    env.onboard();
    env.keel()
        .arg("go")
        .write_stdin(format!("{}\n\n11\n", blanks(SET_LINES + 1)))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Effort, RPE 0-10"))
        .stderr(predicate::str::contains("RPE must be between 0 and 10"));
    assert_eq!(stored_sets(&env), 1);
}

#[test]
fn a_halted_program_refuses_to_start() {
    let env = Env::new();
    let args: Vec<&str> = ONBOARD_ARGS
        .iter()
        .map(|a| {
            if *a == "--no-red-flags" {
                "--red-flag=leg-weakness"
            } else {
                a
            }
        })
        .collect();
    env.keel().args(&args).assert().success();
    let before = env.db_bytes();
    env.keel()
        .arg("go")
        .write_stdin("")
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "STOP: one or more of your answers",
        ))
        .stdout(predicate::str::contains("keel resume --confirm"));
    assert_eq!(env.db_bytes(), before);
}

#[test]
fn a_rest_day_says_rest_and_shows_the_next_session() {
    let env = Env::new();
    env.onboard();
    // Monday trained, so Tuesday has nothing to make up.
    env.keel()
        .args(["log", "mcgill-curl-up", "--rpe", "6"])
        .assert()
        .success();
    let before = stored_sets(&env);
    env.keel_on("2026-03-03")
        .arg("go")
        .write_stdin("")
        .assert()
        .success()
        .stdout(predicate::str::contains("rest day"))
        .stdout(predicate::str::contains("Next session: Wed 2026-03-04"));
    assert_eq!(stored_sets(&env), before);
}

#[test]
fn get_ready_out_of_range_is_refused() {
    let env = Env::new();
    env.onboard();
    env.keel()
        .args(["go", "--get-ready", "999"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--get-ready"));
}

/// In a pseudo-terminal (util-linux `script`), the guide clears the screen
/// and draws big digits; q stops a hold early (logged as an early
/// termination after confirming) and q at a rest ends the session.
#[test]
fn in_a_terminal_q_stops_a_hold_early_and_ends_the_session() {
    let has_script = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_script {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    let env = Env::new();
    env.onboard();
    let keel = assert_cmd::cargo::cargo_bin("keel");
    let command = format!(
        "'{}' --db '{}' --date 2026-03-02 go --get-ready 0",
        keel.display(),
        env.db().display()
    );
    // Start; q during the hold and confirm; six blank answers; q at the
    // rest and confirm; minutes and session RPE by default.
    // The first exercise is per side: one more answer (each side's seconds).
    let input = "\nq\n\n\n\n\n\n\n\nq\ny\n\n\n";
    let mut child = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("NO_COLOR", "1")
        .env_remove("KEEL_DB")
        .env_remove("KEEL_TODAY")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{screen}");
    assert!(
        screen.contains("\x1b[2J"),
        "the screen is cleared per phase"
    );
    assert!(screen.contains('█'), "big digits are drawn");
    assert!(screen.contains("Stop this set early at 0 s?"), "{screen}");
    assert!(screen.contains("Session ended early"), "{screen}");
    let sets = &sessions(&env)[0].sets;
    assert_eq!(sets.len(), 1);
    let s = &sets[0].logged.set;
    assert_eq!(s.faults, vec![FormFault::EarlyTermination]);
    assert!(matches!(s.actual, Amount::Seconds(sec) if sec.get() == 0));
}

#[test]
fn a_blank_answer_to_the_screen_after_pain_is_refused_and_writes_nothing() {
    let env = Env::new();
    env.onboard();
    // Pain 3 on the first set, then a blank line at the first red-flag question.
    let input = format!("8\n8\n8\n\n3\nn\n{}", blanks(SCREEN_LINES));
    env.keel()
        .arg("go")
        .write_stdin(input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("red-flag screen was not answered"));
    assert_eq!(stored_sets(&env), 0, "the set with the pain was not stored");
    assert!(
        store(&env).safety_events().unwrap().len() == 1,
        "only the onboarding screen is recorded"
    );
    assert_eq!(store(&env).status().unwrap(), ProgramStatus::Active);
}

#[test]
fn a_day_with_a_summary_keeps_it_unless_the_person_says_add_or_replace() {
    // The first question: a further session today (kept beside the first)?
    // The second, when not: replace the earlier summary?
    let first = (Some(15), Some(4));
    let second = (Some(50), Some(7));
    for (answer, want, more) in [
        ("\n", first, 0),
        ("n\nn\n", first, 0),
        ("n\ny\n", second, 0),
        ("y\n", first, 1),
    ] {
        let env = Env::new();
        env.onboard();
        env.keel()
            .args(["log", "--minutes", "15", "--session-rpe", "4"])
            .assert()
            .success();
        let total: usize = planned_sets(&env).iter().sum();
        let lines: usize = planned_lines(&env).iter().sum();
        // Every set blank, minutes 50, session RPE 7, then the answers.
        let input = format!("{}50\n7\n{answer}", blanks(lines));
        env.keel()
            .arg("go")
            .write_stdin(input)
            .assert()
            .success()
            .stdout(predicate::str::contains(
                "2026-03-02 already has a session summary (15 minutes, session RPE 4)",
            ));
        let stored = sessions(&env);
        assert_eq!(stored.len(), 1);
        let got = (stored[0].minutes, stored[0].session_rpe.map(|r| r.get()));
        assert_eq!(got, want, "answer {answer:?}");
        assert_eq!(stored[0].more.len(), more, "answer {answer:?}");
        if more == 1 {
            // Both kept: the day's load adds up, 15 x 4 + 50 x 7.
            assert_eq!(stored[0].load(), Some(60 + 350), "answer {answer:?}");
        }
        assert_eq!(stored_sets(&env), total, "the sets are kept either way");
    }
}

#[test]
fn a_per_side_set_asks_each_side_and_closed_input_between_them_saves_nothing() {
    let env = Env::new();
    env.onboard();
    // The first exercise (bird dog) is per side: right 10 s, left 7 s,
    // then the four other answers by default; input ends in the next set.
    env.keel()
        .arg("go")
        .write_stdin(format!("10\n7\n{}10\n", blanks(SET_LINES - 1)))
        .assert()
        .success()
        .stdout(predicate::str::contains("Actual seconds, right side"))
        .stdout(predicate::str::contains("Actual seconds, left side"))
        .stdout(predicate::str::contains("right 10 s, left 7 s, RPE"))
        .stdout(predicate::str::contains(
            "Input ended before set 2 of 3 (right, then left) was confirmed: that set is not \
             saved.",
        ))
        .stdout(predicate::str::contains(
            "Input ended: the session stops here.",
        ));
    let sets = &sessions(&env)[0].sets;
    assert_eq!(sets.len(), 1, "only the confirmed set is stored");
    let s = &sets[0].logged.set;
    let sides = s.sides.expect("each side's result is stored");
    assert!(matches!(sides.right, Some(Amount::Seconds(v)) if v.get() == 10));
    assert!(matches!(sides.left, Some(Amount::Seconds(v)) if v.get() == 7));
    assert!(
        matches!(s.actual, Amount::Seconds(v) if v.get() == 7),
        "actual is the weaker side"
    );
}

#[test]
fn the_extra_weak_side_set_asks_only_its_side() {
    let env = Env::new();
    env.onboard();
    let lines = planned_lines(&env);
    let planned = planned_sets(&env);
    // Bird dog, then the side bridge's sets both sides, then its extra
    // left set: one answer for the left side, held 12 s.
    let before_extra = lines[0] + (planned[1] - 1) * (SET_LINES + 1);
    let input = format!("{}12\n{}", blanks(before_extra), blanks(SET_LINES - 1));
    let out = env.keel().arg("go").write_stdin(input).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    let extra = text
        .find("on the left side only")
        .unwrap_or_else(|| panic!("the extra set is guided: {text}"));
    let questions = &text[extra..];
    let questions = &questions[..questions.find("Saved").unwrap_or(questions.len())];
    assert!(
        questions.contains("Actual seconds, left side") && !questions.contains("right side"),
        "{questions}"
    );
    let sets: Vec<_> = sessions(&env)[0]
        .sets
        .iter()
        .filter(|s| s.logged.exercise.as_str() == "side-bridge")
        .map(|s| s.logged.set.clone())
        .collect();
    assert_eq!(sets.len(), planned[1], "every set and the extra one");
    let last = sets.last().unwrap().sides.expect("the extra set's side");
    assert!(matches!(last.left, Some(Amount::Seconds(v)) if v.get() == 12));
    assert_eq!(last.right, None);
}
