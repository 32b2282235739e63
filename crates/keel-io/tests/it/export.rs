//! Export renderers: CSV quoting, the JSON document's shape, and an
//! iCalendar file that parses back with the icalendar crate.
#![allow(clippy::unwrap_used)]

use icalendar::{Calendar, Component, DatePerhapsTime};
use jiff::Timestamp;
use jiff::civil::{Date, date};
use keel_core::catalog::{Catalog, ExerciseId};
use keel_core::engine::{Action, Amount, Decision, ExposureKind, FormFault, SetLog};
use keel_core::measure::{Pain, Rpe, Seconds};
use keel_core::program::{
    Day, DayKind, Drill, Load, Phase, Prescription, Program, Session, Slot, Week,
};
use keel_core::settings::PlanSettings;
use keel_core::training::{LoggedSet, SlotDecision, SlotKey};
use keel_core::units::Units;
use keel_io::export::{self, PlanDecisions, Snapshot};
use keel_store::{SafetyEvent, SqliteStore, Store, StoredPlan, StoredSet, TrainingSession, Write};

fn hold(sets: u8, seconds: i64) -> Prescription {
    Prescription::Hold {
        sets,
        seconds: Seconds::new(seconds).unwrap(),
        per_side: false,
        extra_sets_on: None,
        load: Load::Bodyweight,
        pyramid: Vec::new(),
    }
}

fn logged(day: Date, note: Option<&str>) -> LoggedSet {
    LoggedSet {
        date: day,
        slot: SlotKey {
            block: 1,
            day: DayKind::A,
            planned: ExerciseId::new("prone-plank"),
        },
        exercise: ExerciseId::new("prone-plank"),
        prescription: hold(3, 30),
        kind: ExposureKind::Normal,
        set: SetLog {
            target: Amount::Seconds(Seconds::new(30).unwrap()),
            actual: Amount::Seconds(Seconds::new(25).unwrap()),
            sides: None,
            load: Load::Kg { kg: 2.5 },
            rpe: Some(Rpe::new(8).unwrap()),
            quality_reps: None,
            faults: vec![FormFault::RibFlare, FormFault::EarlyTermination],
            pain: Pain::new(2).unwrap(),
            sharp_pain: false,
            note: note.map(str::to_string),
        },
    }
}

fn session(note: &str) -> TrainingSession {
    let day = date(2026, 3, 2);
    TrainingSession {
        id: 7,
        date: day,
        plan_version: Some(1),
        minutes: Some(25),
        session_rpe: Some(Rpe::new(6).unwrap()),
        note: Some("fine".into()),
        more: Vec::new(),
        sets: vec![StoredSet {
            id: 42,
            number: 1,
            recorded_at: Timestamp::from_second(1_772_460_000).unwrap(),
            logged: logged(day, Some(note)),
        }],
    }
}

/// Splits RFC 4180 text into records of fields, honouring quotes.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => assert_eq!(chars.next(), Some('\n'), "CR not followed by LF"),
            (false, '\n') => panic!("bare LF ends a record"),
            (false, c) => field.push(c),
        }
        if !quoted && (c == '\r' || chars.peek().is_none()) {
            record.push(std::mem::take(&mut field));
            records.push(std::mem::take(&mut record));
        }
    }
    records
}

#[test]
fn sets_csv_quotes_commas_quotes_and_line_breaks() {
    let note = "left side, \"wobbly\"\nthen better";
    let text = export::csv::sets(&[session(note)], Catalog::builtin(), Units::Kg).unwrap();
    assert!(text.ends_with("\r\n"));
    let rows = parse_csv(&text);
    assert_eq!(rows.len(), 2, "{text}");
    let header = &rows[0];
    assert_eq!(header, &export::csv::SET_COLUMNS.map(String::from).to_vec());
    let row = &rows[1];
    assert_eq!(row.len(), header.len());
    let col = |name: &str| {
        let i = header.iter().position(|h| h == name).unwrap();
        row[i].as_str()
    };
    assert_eq!(col("note"), note);
    assert_eq!(col("date"), "2026-03-02");
    assert_eq!(col("session_id"), "7");
    assert_eq!(col("set_id"), "42");
    assert_eq!(col("set_number"), "1");
    assert_eq!(col("exercise_name"), "Prone plank");
    assert_eq!(col("day_kind"), "a");
    assert_eq!(col("unit"), "seconds");
    assert_eq!(col("target"), "30");
    assert_eq!(col("actual"), "25");
    assert_eq!(col("load"), "2.5");
    assert_eq!(col("load_unit"), "kg");
    assert_eq!(col("rpe"), "8");
    assert_eq!(col("quality_reps"), "");
    assert_eq!(col("faults"), "rib-flare;early-termination");
    assert_eq!(col("pain"), "2");
    assert_eq!(col("sharp_pain"), "false");
    assert_eq!(col("session_minutes"), "25");
    assert_eq!(col("session_rpe"), "6");
    // The raw text quotes the note and doubles its quotes.
    assert!(text.contains("\"left side, \"\"wobbly\"\"\nthen better\""));
}

#[test]
fn decisions_csv_has_one_row_per_decision_with_reasons_joined() {
    let decision = Decision {
        action: Action::Repeat,
        exercise: ExerciseId::new("prone-plank"),
        prescription: hold(3, 30),
        next_kind: ExposureKind::Normal,
        working: hold(3, 30),
        reasons: vec![
            "Repeat, no progression.".into(),
            "Set 3 short; try again".into(),
        ],
        cues: vec![],
    };
    let plans = [PlanDecisions {
        plan_version: 2,
        decisions: vec![SlotDecision {
            date: date(2026, 3, 2),
            slot: logged(date(2026, 3, 2), None).slot,
            decision,
        }],
    }];
    let text = export::csv::decisions(&plans, Catalog::builtin(), &|p| {
        format!("{} sets", p.sets())
    })
    .unwrap();
    let rows = parse_csv(&text);
    assert_eq!(
        rows[0],
        export::csv::DECISION_COLUMNS.map(String::from).to_vec()
    );
    assert_eq!(
        rows[1],
        [
            "2",
            "2026-03-02",
            "1",
            "a",
            "prone-plank",
            "repeat",
            "prone-plank",
            "Prone plank",
            "normal",
            "3 sets",
            "Repeat, no progression. | Set 3 short; try again",
            ""
        ]
    );
}

#[test]
fn json_holds_everything_and_is_deterministic() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store
        .apply(vec![
            Write::SaveSettings(PlanSettings::default()),
            Write::Safety(SafetyEvent::Resume {
                date: date(2026, 3, 2),
                note: "cleared by my physio".into(),
            }),
            Write::AddOutcome(
                keel_core::outcome::psfs(date(2026, 3, 2), &[("sitting".into(), 4)]).unwrap(),
            ),
        ])
        .unwrap();
    let snapshot = Snapshot::read(&store).unwrap();
    let text = export::json::render(&snapshot).unwrap();
    assert_eq!(
        text,
        export::json::render(&Snapshot::read(&store).unwrap()).unwrap()
    );
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["format"], "keel-export");
    assert_eq!(doc["format_version"], 1);
    for key in [
        "profile",
        "settings",
        "engine_settings",
        "assessments",
        "safety_events",
        "plans",
        "sessions",
        "check_ins",
        "decisions",
        "imported_sets",
        "own_exercises",
        "outcomes",
        "questionnaires",
    ] {
        assert!(doc.get(key).is_some(), "missing {key}: {text}");
    }
    assert_eq!(doc["outcomes"][0]["instrument"], "psfs");
    assert_eq!(doc["outcomes"][0]["answers"][0]["item"], "sitting");
    assert_eq!(doc["safety_events"][0]["note"], "cleared by my physio");
    assert_eq!(doc["settings"]["blocks"], PlanSettings::default().blocks);
}

#[test]
fn json_sessions_carry_their_sets() {
    let snapshot = Snapshot {
        profile: None,
        settings: PlanSettings::default(),
        engine_settings: None,
        assessments: vec![],
        safety_events: vec![],
        plans: vec![],
        sessions: vec![session("ok")],
        check_ins: vec![],
        decisions: vec![],
        imported_sets: vec![],
        own_exercises: vec![],

        outcomes: vec![],
        questionnaires: vec![],
    };
    let doc: serde_json::Value =
        serde_json::from_str(&export::json::render(&snapshot).unwrap()).unwrap();
    let set = &doc["sessions"][0]["sets"][0];
    assert_eq!(set["id"], 42);
    assert_eq!(set["logged"]["exercise"], "prone-plank");
    assert_eq!(set["logged"]["set"]["note"], "ok");
}

fn day(date: Date, kind: DayKind, main: &[&str]) -> Day {
    let session = (kind != DayKind::Rest).then(|| Session {
        warmup: vec![Drill {
            exercise: ExerciseId::new("cat-camel"),
            prescription: Prescription::Drill {
                sets: 1,
                reps: Some(8),
                seconds: None,
                per_side: false,
            },
        }],
        main: main
            .iter()
            .map(|id| Slot {
                exercise: ExerciseId::new(*id),
                prescription: hold(3, 30),
                rest_seconds: 30,
                between_sets: None,
                note: None,
            })
            .collect(),
        transfer: None,
        cooldown: vec![],
        breathing_cue: "Brace, then breathe".into(),
        estimated_minutes: 20,
    });
    Day {
        date,
        kind,
        session,
    }
}

fn plan() -> StoredPlan {
    let start = date(2026, 3, 2);
    let days = vec![
        day(start, DayKind::A, &["prone-plank", "side-bridge"]),
        day(date(2026, 3, 3), DayKind::Rest, &[]),
        day(date(2026, 3, 4), DayKind::B, &["bird-dog"]),
        day(date(2026, 3, 5), DayKind::Light, &["dead-bug"]),
    ];
    StoredPlan {
        id: 1,
        version: 3,
        created_on: start,
        assessment_id: None,
        program: Program {
            start,
            settings: PlanSettings::default(),
            weeks: vec![Week {
                number: 2,
                phase: Phase::Foundation,
                week_in_block: 2,
                deload: false,
                days,
                region_share: vec![],
            }],
        },
    }
}

/// Names each exercise, with text that needs escaping and a long line
/// of multi-byte characters (folding must not split one).
fn describe(session: &Session) -> String {
    let names: Vec<String> = session
        .main
        .iter()
        .map(|s| format!("{}: 3 x 30 s; rest 30 s, then breathe", s.exercise))
        .collect();
    format!(
        "Main:\n{}\nA long line to fold: {}\n",
        names.join("\n"),
        "xé".repeat(100)
    )
}

/// The plan's session days as drafts, each at SEQUENCE `sequence`.
fn drafts(sequence: u32) -> Vec<(export::ics::Draft, u32)> {
    let plan = plan();
    let week = &plan.program.weeks[0];
    week.days
        .iter()
        .filter_map(|day| {
            let session = day.session.as_ref()?;
            Some((
                export::ics::Draft {
                    uid: export::ics::uid(day.date, day.kind),
                    date: day.date,
                    summary: export::ics::summary(week, day),
                    description: describe(session),
                    minutes: session.estimated_minutes,
                    cancelled: false,
                },
                sequence,
            ))
        })
        .collect()
}

fn seven_thirty() -> jiff::civil::Time {
    jiff::civil::time(7, 30, 0, 0)
}

#[test]
fn ics_parses_back_with_a_timed_event_and_reminder_per_session_day() {
    let stamp = Timestamp::from_second(1_772_460_000).unwrap();
    let text = export::ics::render(&drafts(4), seven_thirty(), stamp).unwrap();

    // RFC 5545 section 3.1: CRLF line ends, lines of at most 75 octets.
    assert!(text.ends_with("\r\n"));
    for line in text.split("\r\n") {
        assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    assert!(text.contains("\r\n "), "the long description is folded");
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
    // Section 3.3.11: commas in text are escaped.
    assert!(text.contains("week 2\\, Foundation"));

    let calendar: Calendar = text.parse().unwrap();
    assert_eq!(calendar.property_value("VERSION"), Some("2.0"));
    assert_eq!(calendar.property_value("PRODID"), Some(export::ics::PRODID));
    let events: Vec<_> = calendar.events().collect();
    assert_eq!(events.len(), 3, "A, B and light days; not the rest day");
    let uids: Vec<_> = events.iter().map(|e| e.get_uid().unwrap()).collect();
    assert_eq!(
        uids,
        [
            "keel-2026-03-02-a@keel",
            "keel-2026-03-04-b@keel",
            "keel-2026-03-05-light@keel"
        ]
    );
    let first = events[0];
    assert_eq!(
        first.get_summary(),
        Some("Keel: A anti-flexion holds (week 2, Foundation)")
    );
    assert_eq!(first.get_sequence(), Some(4));
    assert!(first.get_timestamp().is_some(), "DTSTAMP");
    // At the training time, floating (no zone), for the estimated minutes.
    let at = |h, m| {
        chrono::NaiveDate::from_ymd_opt(2026, 3, 2)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    };
    assert_eq!(
        first.get_start(),
        Some(DatePerhapsTime::DateTime(
            icalendar::CalendarDateTime::Floating(at(7, 30))
        ))
    );
    assert_eq!(
        first.get_end(),
        Some(DatePerhapsTime::DateTime(
            icalendar::CalendarDateTime::Floating(at(7, 50))
        ))
    );
    assert!(text.contains("DTSTART:20260302T073000\r\n"));
    // A display reminder 30 minutes before each event.
    let alarms: Vec<&str> = text
        .split("BEGIN:VALARM\r\n")
        .skip(1)
        .map(|a| a.split("END:VALARM").next().unwrap())
        .collect();
    assert_eq!(alarms.len(), 3);
    for alarm in alarms {
        assert!(alarm.contains("ACTION:DISPLAY\r\n"), "{alarm}");
        assert!(
            alarm.contains("TRIGGER;RELATED=START:-PT1800S\r\n"),
            "{alarm}"
        );
        assert!(alarm.contains("DESCRIPTION:"), "{alarm}");
    }
    // The description comes back unescaped and unfolded, word for word.
    let description = first.get_description().unwrap();
    assert!(description.starts_with(&describe(
        plan().program.weeks[0].days[0].session.as_ref().unwrap()
    )));
    assert!(description.contains("prone-plank: 3 x 30 s; rest 30 s, then breathe"));
    assert!(description.contains("side-bridge"));
    assert!(events[1].get_description().unwrap().contains("bird-dog"));
    assert!(events[2].get_description().unwrap().contains("dead-bug"));
}

#[test]
fn ics_cancelled_events_have_no_reminder() {
    let stamp = Timestamp::from_second(1_772_460_000).unwrap();
    let mut events = drafts(1);
    events[1].0.cancelled = true;
    let text = export::ics::render(&events, seven_thirty(), stamp).unwrap();
    let calendar: Calendar = text.parse().unwrap();
    let status: Vec<_> = calendar.events().map(|e| e.get_status()).collect();
    assert_eq!(
        status,
        [None, Some(icalendar::EventStatus::Cancelled), None]
    );
    assert_eq!(text.matches("BEGIN:VALARM").count(), 2);
}

#[test]
fn ics_uid_is_the_day_not_the_plan_version() {
    let mut later = plan();
    later.version = 9;
    let day = &later.program.weeks[0].days[2];
    assert_eq!(
        export::ics::uid(day.date, day.kind),
        "keel-2026-03-04-b@keel"
    );
}

#[test]
fn ics_of_the_same_events_and_stamp_is_the_same_text() {
    let stamp = Timestamp::from_second(1_772_460_000).unwrap();
    let a = export::ics::render(&drafts(0), seven_thirty(), stamp).unwrap();
    let b = export::ics::render(&drafts(0), seven_thirty(), stamp).unwrap();
    assert_eq!(a, b);
    assert!(a.contains("DTSTAMP:20260302T"));
}

#[test]
fn json_holds_imported_sets_and_own_exercises() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let parsed = keel_io::import::parse(
        "strong_export.csv",
        include_bytes!("../fixtures/strong_export.csv"),
    )
    .unwrap();
    let count = parsed.sets.len();
    store
        .apply(vec![Write::Import { sets: parsed.sets }])
        .unwrap();
    let text = export::json::render(&Snapshot::read(&store).unwrap()).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let sets = doc["imported_sets"].as_array().unwrap();
    assert_eq!(sets.len(), count);
    assert_eq!(sets[0]["exercise_name"], "Deadlift (Barbell)");
    assert_eq!(sets[0]["weight_kg"], 60.0);
    // Each set reads back as the core's type, so the document is complete.
    let back: keel_core::history::ImportedSet = serde_json::from_value(sets[2].clone()).unwrap();
    assert_eq!(back.reps, Some(0));
    let own: Vec<&str> = doc["own_exercises"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(own.contains(&"Lat Pulldown (Cable)"), "{own:?}");
}

// FHIR: the Bundle validated by a real FHIR R4 validator (the npm package
// `fhir`, installed by tests/fhir/setup.sh; .ci/run runs it).

mod fhir {
    use std::path::{Path, PathBuf};
    use std::process::Command;

    use keel_core::assessment::{AssessmentInput, EnduranceHolds, Mobility, MovementQuality};
    use keel_core::measure::{KneeToWallCm, LegRaiseDegrees, ReachCm, Score03};
    use keel_core::profile::{Profile, Sex, TrainingAge, TrainingDays};
    use keel_core::redflag::RedFlag;
    use keel_store::{ScreenContext, StoredAssessment};
    use serde_json::Value;

    use super::*;

    const PATIENT: &str = "K-0042";

    /// `node` and the installed package, or `None` (a skip) outside CI;
    /// under CI a missing validator fails the test.
    fn validator() -> Option<(PathBuf, PathBuf)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let modules = std::env::var_os("KEEL_FHIR_JS")
            .map_or_else(|| root.join("target/fhir-js"), PathBuf::from)
            .join("node_modules");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fhir/validate.js");
        let node = Command::new("node").arg("--version").output().is_ok();
        if node && modules.join("fhir/package.json").exists() {
            return Some((modules, script));
        }
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but the FHIR validator is missing (node, or {}): run crates/keel-io/tests/fhir/setup.sh",
            modules.display()
        );
        eprintln!("skipping: no FHIR validator; run crates/keel-io/tests/fhir/setup.sh");
        None
    }

    /// Runs the validator on `doc`: (passed, its messages).
    fn validate(doc: &Value) -> Option<(bool, String)> {
        let (modules, script) = validator()?;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("bundle.json");
        std::fs::write(&file, serde_json::to_string(doc).unwrap()).unwrap();
        let out = Command::new("node")
            .arg(&script)
            .arg(&file)
            .env("NODE_PATH", &modules)
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "the validator did not run: {text}"
        );
        Some((out.status.success(), text))
    }

    fn snapshot(halted: bool) -> Snapshot {
        let day = date(2026, 3, 2);
        let mut safety_events = vec![SafetyEvent::Screen {
            date: day,
            context: ScreenContext::Onboarding,
            flags: vec![],
        }];
        if halted {
            safety_events.push(SafetyEvent::Screen {
                date: date(2026, 3, 4),
                context: ScreenContext::PainEntry,
                flags: vec![RedFlag::LegWeakness],
            });
        }
        Snapshot {
            profile: Some(Profile {
                name: Some("Ada Lovelace".into()),
                sex: Some(Sex::Female),
                training_age: TrainingAge::Novice,
                training_days: TrainingDays::spread(3).unwrap(),
                light_days: true,
                equipment: vec![],
                pain_now: Pain::new(3).unwrap(),
                units: Default::default(),
                inventory: Default::default(),
            }),
            settings: PlanSettings::default(),
            engine_settings: None,
            assessments: vec![StoredAssessment {
                id: 1,
                recorded_at: Timestamp::from_second(1_772_400_000).unwrap(),
                input: AssessmentInput {
                    date: day,
                    holds: EnduranceHolds {
                        extensor: Some(Seconds::new(95).unwrap()),
                        flexor: Some(Seconds::new(80).unwrap()),
                        side_bridge_right: Some(Seconds::new(50).unwrap()),
                        side_bridge_left: Some(Seconds::new(41).unwrap()),
                        prone_plank: None,
                    },
                    movement: MovementQuality {
                        hip_hinge: Some(Score03::new(2).unwrap()),
                        bird_dog: Some(Score03::new(3).unwrap()),
                        dead_bug: None,
                    },
                    mobility: Mobility {
                        toe_touch_cm: Some(ReachCm::new(-6).unwrap()),
                        aslr_degrees: Some(LegRaiseDegrees::new(70).unwrap()),
                        thomas_left: Some(true),
                        thomas_right: Some(false),
                        thoracic_rotation_left: None,
                        thoracic_rotation_right: None,
                        knee_to_wall_left_cm: Some(KneeToWallCm::new(9).unwrap()),
                        knee_to_wall_right_cm: None,
                    },
                    pain_now: Some(Pain::new(3).unwrap()),
                },
            }],
            safety_events,
            plans: vec![plan()],
            sessions: vec![session("ok")],
            check_ins: vec![],
            decisions: vec![],
            imported_sets: vec![],
            own_exercises: vec![],
            outcomes: vec![
                keel_core::outcome::nprs(day, Some(6)).unwrap(),
                keel_core::outcome::psfs(
                    day,
                    &[
                        ("Sitting in the car".into(), 4),
                        ("Lifting a child".into(), 3),
                    ],
                )
                .unwrap(),
            ],
            questionnaires: vec![],
        }
    }

    /// Each outcome measure taken is a QuestionnaireResponse of the
    /// patient: its answers as items, then its score.
    #[test]
    fn outcome_measures_are_questionnaire_responses() {
        let (_, doc) = bundle(&snapshot(false));
        let patient_url = doc["entry"][0]["fullUrl"].as_str().unwrap();
        let responses = resources(&doc, "QuestionnaireResponse");
        assert_eq!(responses.len(), 2);
        let nprs = responses
            .iter()
            .find(|r| r["questionnaire"].as_str().unwrap().ends_with("/nprs"))
            .unwrap();
        assert_eq!(nprs["subject"]["reference"], patient_url);
        assert_eq!(nprs["authored"], "2026-03-02");
        assert_eq!(nprs["item"][0]["answer"][0]["valueInteger"], 6);
        let psfs = responses
            .iter()
            .find(|r| r["questionnaire"].as_str().unwrap().ends_with("/psfs"))
            .unwrap();
        assert_eq!(psfs["item"][0]["text"], "Sitting in the car");
        assert_eq!(psfs["item"][1]["answer"][0]["valueInteger"], 3);
        let score = psfs["item"].as_array().unwrap().last().unwrap();
        assert_eq!(score["linkId"], "score");
        assert_eq!(score["answer"][0]["valueDecimal"], 3.5);
    }

    fn bundle(snapshot: &Snapshot) -> (String, Value) {
        let text = export::fhir::render(
            snapshot,
            PATIENT,
            Catalog::builtin(),
            &export::fhir::Wording {
                prescription: &|_| "3 x 30 s holds".into(),
            },
        )
        .unwrap();
        let doc = serde_json::from_str(&text).unwrap();
        (text, doc)
    }

    fn resources<'d>(doc: &'d Value, kind: &str) -> Vec<&'d Value> {
        doc["entry"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| &e["resource"])
            .filter(|r| r["resourceType"] == kind)
            .collect()
    }

    #[test]
    fn bundle_validates_against_fhir_r4() {
        for halted in [false, true] {
            let (_, doc) = bundle(&snapshot(halted));
            if let Some((passed, messages)) = validate(&doc) {
                assert!(passed, "halted {halted}: {messages}");
            }
        }
    }

    #[test]
    fn the_validator_refuses_a_broken_bundle() {
        let (_, mut doc) = bundle(&snapshot(false));
        // An Observation without its required status, a made-up gender.
        let entries = doc["entry"].as_array_mut().unwrap();
        entries[0]["resource"]["gender"] = "sometimes".into();
        entries[1]["resource"]
            .as_object_mut()
            .unwrap()
            .remove("status");
        if let Some((passed, messages)) = validate(&doc) {
            assert!(!passed, "{messages}");
            assert!(messages.contains("Observation.status"), "{messages}");
            assert!(messages.contains("Patient.gender"), "{messages}");
        }
    }

    #[test]
    fn bundle_holds_a_pseudonymous_patient_tests_pain_and_the_plan() {
        let (text, doc) = bundle(&snapshot(true));
        assert_eq!(doc["resourceType"], "Bundle");
        assert_eq!(doc["type"], "collection");
        assert!(!text.contains("Ada"), "the name left Keel: {text}");
        let patient = resources(&doc, "Patient");
        assert_eq!(patient.len(), 1);
        assert_eq!(patient[0]["identifier"][0]["value"], PATIENT);
        assert_eq!(patient[0]["gender"], "female");
        let patient_url = doc["entry"][0]["fullUrl"].as_str().unwrap();
        assert!(patient_url.starts_with("urn:uuid:"), "{patient_url}");

        let observations = resources(&doc, "Observation");
        // 4 holds, 2 movement scores, 5 mobility tests, pain at the
        // assessment, and the session's pain.
        assert_eq!(observations.len(), 4 + 2 + 5 + 1 + 1);
        assert!(
            observations
                .iter()
                .all(|o| o["subject"]["reference"] == patient_url)
        );
        let pain: Vec<&&Value> = observations
            .iter()
            .filter(|o| o["code"]["coding"][0]["system"] == "http://loinc.org")
            .collect();
        assert_eq!(pain.len(), 2);
        assert!(
            pain.iter()
                .all(|o| o["code"]["coding"][0]["code"] == "72514-3")
        );
        let session_pain = pain
            .iter()
            .find(|o| {
                o["effectiveDateTime"] == "2026-03-02" && o["code"]["text"] == "Pain 0-10 (session)"
            })
            .unwrap();
        assert_eq!(session_pain["valueInteger"], 2);
        let extensor = observations
            .iter()
            .find(|o| o["code"]["coding"][0]["code"] == "extensor-hold")
            .unwrap();
        assert_eq!(extensor["valueQuantity"]["value"], 95);
        assert_eq!(extensor["valueQuantity"]["code"], "s");
        assert!(
            extensor["code"]["coding"][0]["system"]
                .as_str()
                .unwrap()
                .starts_with(export::fhir::CODE_SYSTEMS)
        );

        let care_plans = resources(&doc, "CarePlan");
        assert_eq!(care_plans.len(), 1);
        let care_plan = care_plans[0];
        assert_eq!(care_plan["status"], "on-hold");
        let codes: Vec<&str> = care_plan["activity"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["detail"]["code"]["coding"][0]["code"].as_str().unwrap())
            .collect();
        assert_eq!(
            codes,
            ["prone-plank", "side-bridge", "bird-dog", "dead-bug"]
        );
        assert_eq!(
            care_plan["activity"][0]["detail"]["description"],
            "3 x 30 s holds"
        );
        // One per outcome measure taken (the NPRS and the PSFS).
        assert_eq!(resources(&doc, "QuestionnaireResponse").len(), 2);
    }

    #[test]
    fn bundle_is_deterministic_with_unique_names() {
        let (text, doc) = bundle(&snapshot(false));
        assert_eq!(text, bundle(&snapshot(false)).0);
        let urls: std::collections::HashSet<&str> = doc["entry"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["fullUrl"].as_str().unwrap())
            .collect();
        assert_eq!(urls.len(), doc["entry"].as_array().unwrap().len());
        assert_eq!(resources(&doc, "CarePlan")[0]["status"], "active");
    }

    #[test]
    fn pseudonyms_are_checked() {
        assert!(export::fhir::check_pseudonym("K-0042").is_ok());
        for bad in ["", " K", "K\n1", &"x".repeat(65)] {
            assert!(export::fhir::check_pseudonym(bad).is_err(), "{bad:?}");
        }
    }
}
