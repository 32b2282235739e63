//! The calendar end to end: `keel export --format ics` read back with an
//! iCalendar parser, SEQUENCEs that move only for the event the engine
//! changed, the training time, and the feed's secret URL.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::collections::BTreeMap;

use common::Env;
use icalendar::{Calendar, CalendarDateTime, Component, DatePerhapsTime};
use predicates::prelude::*;

fn stdout(cmd: &mut assert_cmd::Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

fn ics(env: &Env) -> String {
    stdout(env.keel().args(["export", "--format", "ics"]))
}

/// Each event's SEQUENCE, by UID.
fn sequences(text: &str) -> BTreeMap<String, u32> {
    let calendar: Calendar = text.parse().unwrap();
    calendar
        .events()
        .map(|e| (e.get_uid().unwrap().to_string(), e.get_sequence().unwrap()))
        .collect()
}

#[test]
fn events_are_timed_at_the_training_time_with_a_reminder() {
    let env = Env::new();
    env.onboard();
    let text = ics(&env);
    let calendar: Calendar = text.parse().unwrap();
    let events: Vec<_> = calendar.events().collect();
    assert!(events.len() > 10, "{} events", events.len());
    let first = events[0];
    assert_eq!(first.get_uid(), Some("keel-2026-03-02-a@keel"));
    assert_eq!(first.get_sequence(), Some(0));
    let at = |h, m| {
        chrono::NaiveDate::from_ymd_opt(2026, 3, 2)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    };
    // The default training time, 18:00.
    assert_eq!(
        first.get_start(),
        Some(DatePerhapsTime::DateTime(CalendarDateTime::Floating(at(
            18, 0
        ))))
    );
    let Some(DatePerhapsTime::DateTime(CalendarDateTime::Floating(end))) = first.get_end() else {
        panic!("no floating DTEND");
    };
    let minutes = (end - at(18, 0)).num_minutes();
    let unfolded = text.replace("\r\n ", "");
    assert!(
        unfolded.contains(&format!("About {minutes} minutes.")),
        "the event lasts the session's estimate: {minutes} min"
    );
    assert_eq!(
        text.matches("BEGIN:VALARM\r\n").count(),
        events.len(),
        "a reminder per event"
    );
    // RFC 5545 basics: CRLF, lines of at most 75 octets, DTSTAMP and UID.
    for line in text.split("\r\n") {
        assert!(!line.contains('\n') && !line.contains('\r'));
        assert!(line.len() <= 75, "{line:?}");
    }
    assert_eq!(text.matches("\r\nDTSTAMP:").count(), 2 * events.len());

    // The same plan exported again: the same UIDs and SEQUENCEs.
    assert_eq!(sequences(&ics(&env)), sequences(&text));
}

#[test]
fn a_changed_session_alone_gets_a_higher_sequence() {
    let env = Env::new();
    env.onboard();
    let before = sequences(&ics(&env));
    assert!(before.values().all(|s| *s == 0));
    // Poor readiness on Wednesday: the engine cuts that session's volume.
    env.keel_on("2026-03-04")
        .args([
            "checkin",
            "--sleep",
            "5",
            "--fatigue",
            "5",
            "--stress",
            "4",
            "--soreness",
            "4",
        ])
        .assert()
        .success();
    let after = sequences(&ics(&env));
    assert_eq!(after.len(), before.len());
    let changed: Vec<_> = after
        .iter()
        .filter(|(uid, seq)| before[*uid] != **seq)
        .collect();
    assert_eq!(
        changed,
        [(&"keel-2026-03-04-b@keel".to_string(), &1)],
        "only Wednesday's event changed"
    );
    // Nothing changed since: nothing moves.
    assert_eq!(sequences(&ics(&env)), after);
}

#[test]
fn the_training_time_moves_every_event_and_bad_input_changes_nothing() {
    let env = Env::new();
    env.onboard();
    let before = sequences(&ics(&env));
    env.keel()
        .args(["profile", "--training-time", "7:5"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("training-time").and(predicate::str::contains("HH:MM")));
    let bytes = env.db_bytes();
    env.keel()
        .args(["profile", "--training-time", "25:00"])
        .assert()
        .code(2);
    assert_eq!(env.db_bytes(), bytes, "a refused time changes nothing");
    // A good time with a bad profile answer: neither is stored.
    env.keel()
        .args(["profile", "--training-time", "07:30", "--pain", "11"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--pain"));
    assert_eq!(
        env.db_bytes(),
        bytes,
        "nothing of a refused command is stored"
    );
    let shown = stdout(env.keel().args(["profile", "--training-time", "07:30"]));
    assert!(shown.contains("Training time: 07:30"), "{shown}");
    let text = ics(&env);
    assert!(text.contains("DTSTART:20260302T073000\r\n"));
    let after = sequences(&text);
    assert!(after.iter().all(|(uid, seq)| *seq == before[uid] + 1));
}

#[test]
fn the_feed_url_is_made_once_renewed_and_revoked() {
    let env = Env::new();
    env.onboard();
    let url = stdout(env.keel().args(["calendar", "feed"]));
    let url = url.trim();
    let token = url
        .strip_prefix("http://127.0.0.1:7878/calendar/")
        .and_then(|t| t.strip_suffix(".ics"))
        .unwrap_or_else(|| panic!("{url}"));
    assert_eq!(token.len(), 64, "256 bits as hex");
    let again = stdout(env.keel().args(["calendar", "feed"]));
    assert!(again.contains("exists"), "{again}");
    assert!(!again.contains(token));
    let renewed = stdout(
        env.keel()
            .args(["calendar", "renew", "--base", "https://keel.example/"]),
    );
    assert!(renewed.starts_with("https://keel.example/calendar/"));
    assert!(!renewed.contains(token));
    let bytes = env.db_bytes();
    env.keel()
        .args(["calendar", "renew", "--base", "keel.example"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--base"));
    assert_eq!(env.db_bytes(), bytes, "a refused address renews nothing");
    let revoked = stdout(env.keel().args(["calendar", "revoke"]));
    assert!(revoked.contains("revoked"), "{revoked}");
    let none = stdout(env.keel().args(["calendar", "revoke"]));
    assert!(none.contains("no calendar feed"), "{none}");
}

#[test]
fn a_red_flag_calls_off_every_event_until_the_resume() {
    let env = Env::new();
    env.onboard();
    let before = sequences(&ics(&env));
    env.keel()
        .args(["log", "mcgill-curl-up", "--rpe", "6", "--pain", "4"])
        .args(["--red-flag", "leg-weakness"])
        .assert()
        .stdout(predicate::str::contains("STOP"));
    let halted = ics(&env);
    let calendar: Calendar = halted.parse().unwrap();
    for event in calendar.events() {
        assert_eq!(
            event.get_status(),
            Some(icalendar::EventStatus::Cancelled),
            "{:?}",
            event.get_uid()
        );
        assert!(event.get_summary().unwrap().starts_with("Paused: "));
    }
    assert!(
        !halted.contains("BEGIN:VALARM"),
        "no reminder calls to train"
    );
    let unfolded = halted.replace("\r\n ", "");
    assert!(unfolded.contains("See a clinician"), "{unfolded}");
    // Every event changed: each SEQUENCE went up, the UIDs stayed.
    let during = sequences(&halted);
    assert!(during.iter().all(|(uid, seq)| *seq == before[uid] + 1));

    env.keel()
        .args(["resume", "--confirm", "--note", "cleared by my physio"])
        .assert()
        .success();
    let resumed = ics(&env);
    assert!(!resumed.contains("STATUS:CANCELLED"));
    assert!(resumed.contains("BEGIN:VALARM"));
    let after = sequences(&resumed);
    assert!(after.iter().all(|(uid, seq)| *seq > during[uid]));
}
