//! The training log in the SQLite backend: sets grouped into sessions and
//! numbered, corrections by id, summaries, check-ins, replaced decisions,
//! atomic batches, reopening, corrupt rows, and the upgrade from schema v1.
#![allow(clippy::unwrap_used)]

use std::error::Error as _;
use std::path::{Path, PathBuf};

use jiff::civil::{Date, date};
use keel_core::InputError;
use keel_core::assessment::{AssessmentInput, EnduranceHolds, Mobility, MovementQuality};
use keel_core::catalog::ExerciseId;
use keel_core::engine::{
    Action, Amount, Change, Decision, ExposureKind, FormFault, MorningCheck, ReadinessCheck, SetLog,
};
use keel_core::measure::{Pain, Readiness, Rpe, Seconds};
use keel_core::profile::{Profile, TrainingAge, TrainingDays};
use keel_core::program::{DayKind, Load, Prescription, Program};
use keel_core::settings::PlanSettings;
use keel_core::training::{LoggedSet, SlotDecision, SlotKey};
use keel_store::{
    CheckIn, SessionSummary, SqliteStore, Store, StoreError, StoredSet, TrainingSession, Write,
};
use tempfile::TempDir;

fn temp_db() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keel.db");
    (dir, path)
}

fn raw(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

fn secs(n: i64) -> Seconds {
    Seconds::new(n).unwrap()
}

fn slot(day: DayKind, planned: &str) -> SlotKey {
    SlotKey {
        block: 1,
        day,
        planned: ExerciseId::new(planned),
    }
}

fn hold(seconds: i64) -> Prescription {
    Prescription::Hold {
        sets: 3,
        seconds: secs(seconds),
        per_side: false,
        extra_sets_on: None,
        load: Load::Bodyweight,
    }
}

/// A hold set on `on` for the `planned` slot, held `actual` of 30 seconds.
fn set(on: Date, planned: &str, actual: i64) -> LoggedSet {
    LoggedSet {
        date: on,
        slot: slot(DayKind::A, planned),
        exercise: ExerciseId::new(planned),
        prescription: hold(30),
        kind: ExposureKind::Normal,
        set: SetLog {
            target: Amount::Seconds(secs(30)),
            actual: Amount::Seconds(secs(actual)),
            load: Load::Bodyweight,
            rpe: Some(Rpe::new(6).unwrap()),
            quality_reps: None,
            faults: vec![],
            pain: Pain::new(0).unwrap(),
            sharp_pain: false,
            note: None,
        },
    }
}

/// A loaded rep set with faults, a note and a swapped exercise: every field set.
fn rich_set(on: Date) -> LoggedSet {
    LoggedSet {
        date: on,
        slot: slot(DayKind::B, "kettlebell-deadlift"),
        exercise: ExerciseId::new("hip-hinge-dowel"),
        prescription: Prescription::Reps {
            sets: 3,
            reps_min: 8,
            reps_max: 12,
            per_side: false,
            tempo: None,
            load: Load::Kg { kg: 16.0 },
            target_rpe: Rpe::new(7).unwrap(),
        },
        kind: ExposureKind::Reduced,
        set: SetLog {
            target: Amount::Reps(12),
            actual: Amount::Reps(9),
            load: Load::Kg { kg: 16.0 },
            rpe: Some(Rpe::new(8).unwrap()),
            quality_reps: Some(7),
            faults: vec![FormFault::LumbarRounding, FormFault::EarlyTermination],
            pain: Pain::new(2).unwrap(),
            sharp_pain: false,
            note: Some("grip gave out".into()),
        },
    }
}

fn assessment(on: Date) -> AssessmentInput {
    AssessmentInput {
        date: on,
        holds: EnduranceHolds {
            extensor: Some(secs(120)),
            flexor: Some(secs(90)),
            side_bridge_right: Some(secs(60)),
            side_bridge_left: Some(secs(55)),
            prone_plank: None,
        },
        movement: MovementQuality {
            hip_hinge: None,
            bird_dog: None,
            dead_bug: None,
        },
        mobility: Mobility::default(),
        pain_now: None,
    }
}

fn plan_writes(on: Date) -> Vec<Write> {
    vec![
        Write::AddAssessment(assessment(on)),
        Write::AddPlan {
            created_on: on,
            program: Program {
                start: on,
                settings: PlanSettings::default(),
                weeks: vec![],
            },
            link_latest_assessment: true,
        },
    ]
}

fn decision(on: Date, planned: &str, to: i64) -> SlotDecision {
    SlotDecision {
        date: on,
        slot: slot(DayKind::A, planned),
        decision: Decision {
            action: Action::Progress {
                change: Change::Seconds {
                    from: secs(30),
                    to: secs(to),
                },
            },
            exercise: ExerciseId::new(planned),
            prescription: hold(to),
            next_kind: ExposureKind::Normal,
            working: hold(to),
            reasons: vec![format!("two sessions at target: {to} s next")],
            cues: vec![],
        },
    }
}

fn readiness(on: Date, sleep: i64) -> CheckIn {
    let r = |n| Readiness::new(n).unwrap();
    CheckIn::Readiness {
        date: on,
        check: ReadinessCheck {
            sleep: r(sleep),
            fatigue: r(2),
            stress: r(3),
            soreness: r(2),
        },
    }
}

fn morning(on: Date, soreness: i64) -> CheckIn {
    CheckIn::Morning(MorningCheck {
        date: on,
        pain_back_to_usual: true,
        stiffness_back_to_usual: false,
        soreness: Pain::new(soreness).unwrap(),
    })
}

fn all_sessions(store: &SqliteStore) -> Vec<TrainingSession> {
    store.sessions(None, None).unwrap()
}

fn logged(session: &TrainingSession) -> Vec<LoggedSet> {
    session.sets.iter().map(|s| s.logged.clone()).collect()
}

fn numbers(session: &TrainingSession) -> Vec<u32> {
    session.sets.iter().map(|s| s.number).collect()
}

fn set_ids(store: &SqliteStore) -> Vec<i64> {
    all_sessions(store)
        .iter()
        .flat_map(|s| s.sets.iter().map(|set| set.id))
        .collect()
}

/// The `InputError` a refused write carries (what makes the CLI exit 2).
fn refused(err: StoreError) -> InputError {
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    err.source()
        .and_then(|s| s.downcast_ref::<InputError>())
        .unwrap()
        .clone()
}

const MON: Date = date(2026, 3, 2);
const WED: Date = date(2026, 3, 4);
const FRI: Date = date(2026, 3, 6);

#[test]
fn sets_group_into_sessions_by_day_numbered_in_order() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    // Logged out of date order, and across batches.
    store
        .apply(vec![
            Write::AddSet(set(WED, "side-bridge", 30)),
            Write::AddSet(set(MON, "side-bridge", 25)),
        ])
        .unwrap();
    store
        .apply(vec![
            Write::AddSet(set(WED, "side-bridge", 28)),
            Write::AddSet(rich_set(WED)),
            Write::AddSet(set(MON, "bird-dog", 20)),
        ])
        .unwrap();

    let sessions = all_sessions(&store);
    let dates: Vec<Date> = sessions.iter().map(|s| s.date).collect();
    assert_eq!(dates, vec![MON, WED]);
    assert_eq!(numbers(&sessions[0]), vec![1, 2]);
    assert_eq!(
        logged(&sessions[0]),
        vec![set(MON, "side-bridge", 25), set(MON, "bird-dog", 20)]
    );
    assert_eq!(numbers(&sessions[1]), vec![1, 2, 3]);
    assert_eq!(
        logged(&sessions[1]),
        vec![
            set(WED, "side-bridge", 30),
            set(WED, "side-bridge", 28),
            rich_set(WED)
        ]
    );
    // No plan yet, no summary yet.
    assert_eq!(sessions[0].plan_version, None);
    assert_eq!(
        (
            sessions[0].minutes,
            sessions[0].session_rpe,
            &sessions[0].note
        ),
        (None, None, &None)
    );
}

#[test]
fn sessions_filter_by_an_inclusive_date_range() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store
        .apply(
            [MON, WED, FRI]
                .map(|d| Write::AddSet(set(d, "side-bridge", 30)))
                .to_vec(),
        )
        .unwrap();
    let dates = |from, to| -> Vec<Date> {
        store
            .sessions(from, to)
            .unwrap()
            .iter()
            .map(|s| s.date)
            .collect()
    };
    assert_eq!(dates(Some(WED), None), vec![WED, FRI]);
    assert_eq!(dates(None, Some(WED)), vec![MON, WED]);
    assert_eq!(dates(Some(WED), Some(WED)), vec![WED]);
    assert_eq!(
        dates(Some(date(2026, 3, 3)), Some(date(2026, 3, 5))),
        vec![WED]
    );
    assert!(dates(Some(FRI), Some(MON)).is_empty());
    let wed = store.sessions(Some(WED), Some(WED)).unwrap();
    assert_eq!(logged(&wed[0]), vec![set(WED, "side-bridge", 30)]);
}

#[test]
fn a_session_is_linked_to_the_plan_current_when_it_was_created() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store.apply(plan_writes(MON)).unwrap();
    store
        .apply(vec![Write::AddSet(set(MON, "side-bridge", 30))])
        .unwrap();
    // A new plan version: Monday keeps version 1, Wednesday gets version 2,
    // also for a set added to Monday afterwards.
    store.apply(plan_writes(WED)).unwrap();
    store
        .apply(vec![
            Write::AddSet(set(WED, "side-bridge", 30)),
            Write::AddSet(set(MON, "bird-dog", 20)),
        ])
        .unwrap();
    let versions: Vec<Option<i64>> = all_sessions(&store)
        .iter()
        .map(|s| s.plan_version)
        .collect();
    assert_eq!(versions, vec![Some(1), Some(2)]);
}

#[test]
fn a_set_is_updated_and_deleted_by_id() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store
        .apply(vec![
            Write::AddSet(set(MON, "side-bridge", 25)),
            Write::AddSet(set(MON, "side-bridge", 26)),
            Write::AddSet(set(MON, "side-bridge", 27)),
        ])
        .unwrap();
    let before = all_sessions(&store).remove(0);
    let (first, second, third) = (&before.sets[0], &before.sets[1], &before.sets[2]);

    store
        .apply(vec![Write::UpdateSet {
            id: second.id,
            logged: rich_set(MON),
        }])
        .unwrap();
    let after = all_sessions(&store).remove(0);
    assert_eq!(
        after.sets[1],
        StoredSet {
            logged: rich_set(MON),
            ..second.clone()
        },
        "same id, number and recording time; new content"
    );
    assert_eq!(after.sets[0], *first);
    assert_eq!(after.sets[2], *third);

    store
        .apply(vec![Write::DeleteSet { id: first.id }])
        .unwrap();
    let after = all_sessions(&store).remove(0);
    assert_eq!(
        after.sets.iter().map(|s| s.id).collect::<Vec<_>>(),
        vec![second.id, third.id]
    );
    // Numbers are positions at insert; a new set goes after the highest.
    store
        .apply(vec![Write::AddSet(set(MON, "bird-dog", 20))])
        .unwrap();
    assert_eq!(numbers(&all_sessions(&store)[0]), vec![2, 3, 4]);
}

#[test]
fn correcting_a_sets_date_moves_it_to_that_days_session() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store
        .apply(vec![
            Write::AddSet(set(MON, "side-bridge", 25)),
            Write::AddSet(set(MON, "side-bridge", 26)),
            Write::AddSet(set(WED, "side-bridge", 30)),
        ])
        .unwrap();
    let moved = all_sessions(&store)[0].sets[0].id;
    store
        .apply(vec![Write::UpdateSet {
            id: moved,
            logged: set(WED, "side-bridge", 25),
        }])
        .unwrap();
    let sessions = all_sessions(&store);
    assert_eq!(logged(&sessions[0]), vec![set(MON, "side-bridge", 26)]);
    assert_eq!(
        logged(&sessions[1]),
        vec![set(WED, "side-bridge", 30), set(WED, "side-bridge", 25)]
    );
    assert_eq!(sessions[1].sets[1].id, moved);
    assert_eq!(numbers(&sessions[1]), vec![1, 2]);
}

#[test]
fn an_unknown_id_or_date_is_refused_and_changes_nothing() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store
        .apply(vec![
            Write::AddSet(set(MON, "side-bridge", 25)),
            Write::AddSet(set(MON, "side-bridge", 26)),
        ])
        .unwrap();
    let before = all_sessions(&store);
    let unknown = set_ids(&store).iter().max().unwrap() + 100;

    let err = refused(
        store
            .apply(vec![
                Write::AddSet(set(WED, "side-bridge", 30)),
                Write::UpdateSet {
                    id: unknown,
                    logged: set(MON, "side-bridge", 30),
                },
            ])
            .unwrap_err(),
    );
    assert_eq!(err.field, "set");
    assert!(
        err.message
            .contains(&format!("no logged set with id {unknown}")),
        "{err}"
    );

    let err = refused(
        store
            .apply(vec![
                Write::DeleteSet {
                    id: before[0].sets[0].id,
                },
                Write::DeleteSet { id: unknown },
            ])
            .unwrap_err(),
    );
    assert!(err.message.contains("no logged set with id"), "{err}");

    let err = refused(
        store
            .apply(vec![
                Write::DeleteSession { date: MON },
                Write::DeleteSession { date: FRI },
            ])
            .unwrap_err(),
    );
    assert_eq!(err.field, "session");
    assert!(
        err.message.contains("no session logged on 2026-03-06"),
        "{err}"
    );

    assert_eq!(all_sessions(&store), before);
}

#[test]
fn a_batch_failing_at_its_last_write_leaves_no_set() {
    let (_dir, path) = temp_db();
    let mut store = SqliteStore::open(&path).unwrap();
    let err = store
        .apply(vec![
            Write::AddSet(set(MON, "side-bridge", 30)),
            Write::SummarizeSession {
                date: MON,
                summary: SessionSummary {
                    minutes: Some(25),
                    ..SessionSummary::default()
                },
            },
            Write::AddCheckIn(morning(MON, 2)),
            Write::UpdateSet {
                id: 12345,
                logged: set(MON, "side-bridge", 31),
            },
        ])
        .unwrap_err();
    refused(err);
    assert!(all_sessions(&store).is_empty());
    assert!(store.check_ins().unwrap().is_empty());
    drop(store);
    let store = SqliteStore::open(&path).unwrap();
    assert!(all_sessions(&store).is_empty());
}

#[test]
fn deleting_a_session_deletes_its_sets() {
    let (_dir, path) = temp_db();
    let mut store = SqliteStore::open(&path).unwrap();
    store
        .apply(vec![
            Write::AddSet(set(MON, "side-bridge", 25)),
            Write::AddSet(set(MON, "bird-dog", 20)),
            Write::AddSet(set(WED, "side-bridge", 30)),
        ])
        .unwrap();
    store
        .apply(vec![Write::DeleteSession { date: MON }])
        .unwrap();
    let sessions = all_sessions(&store);
    assert_eq!(sessions.len(), 1);
    assert_eq!(logged(&sessions[0]), vec![set(WED, "side-bridge", 30)]);
    let rows: i64 = raw(&path)
        .query_row("SELECT count(*) FROM sets", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 1, "Monday's sets are gone, not orphaned");

    // A new set on the deleted day starts a fresh session at number 1.
    store
        .apply(vec![Write::AddSet(set(MON, "bird-dog", 22))])
        .unwrap();
    assert_eq!(numbers(&all_sessions(&store)[0]), vec![1]);
}

#[test]
fn deleting_the_last_set_keeps_the_session_and_its_summary() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store
        .apply(vec![
            Write::AddSet(set(MON, "side-bridge", 25)),
            Write::SummarizeSession {
                date: MON,
                summary: SessionSummary {
                    minutes: Some(20),
                    ..SessionSummary::default()
                },
            },
        ])
        .unwrap();
    let id = set_ids(&store)[0];
    store.apply(vec![Write::DeleteSet { id }]).unwrap();
    let sessions = all_sessions(&store);
    assert_eq!(sessions.len(), 1);
    assert!(sessions[0].sets.is_empty());
    assert_eq!(sessions[0].minutes, Some(20));
}

#[test]
fn summarize_sets_only_the_given_fields_and_leaves_the_sets() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store.apply(plan_writes(MON)).unwrap();
    store
        .apply(vec![
            Write::AddSet(set(MON, "side-bridge", 25)),
            Write::AddSet(set(MON, "side-bridge", 26)),
        ])
        .unwrap();
    let sets_before = all_sessions(&store)[0].sets.clone();

    store
        .apply(vec![Write::SummarizeSession {
            date: MON,
            summary: SessionSummary {
                minutes: Some(35),
                session_rpe: Some(Rpe::new(6).unwrap()),
                note: None,
            },
        }])
        .unwrap();
    store
        .apply(vec![Write::SummarizeSession {
            date: MON,
            summary: SessionSummary {
                minutes: None,
                session_rpe: Some(Rpe::new(7).unwrap()),
                note: Some("felt strong".into()),
            },
        }])
        .unwrap();
    let session = all_sessions(&store).remove(0);
    assert_eq!(session.minutes, Some(35), "kept when not given");
    assert_eq!(session.session_rpe, Some(Rpe::new(7).unwrap()));
    assert_eq!(session.note.as_deref(), Some("felt strong"));
    assert_eq!(session.sets, sets_before);
    assert_eq!(session.plan_version, Some(1));
}

#[test]
fn summarize_creates_the_session_when_the_day_has_none() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store.apply(plan_writes(MON)).unwrap();
    store
        .apply(vec![Write::SummarizeSession {
            date: FRI,
            summary: SessionSummary {
                minutes: Some(12),
                session_rpe: None,
                note: Some("light day".into()),
            },
        }])
        .unwrap();
    let sessions = all_sessions(&store);
    assert_eq!(sessions.len(), 1);
    let s = &sessions[0];
    assert_eq!(
        (s.date, s.plan_version, s.minutes, s.session_rpe),
        (FRI, Some(1), Some(12), None)
    );
    assert!(s.sets.is_empty());
}

#[test]
fn minutes_longer_than_a_day_are_refused() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let err = refused(
        store
            .apply(vec![
                Write::AddSet(set(MON, "side-bridge", 25)),
                Write::SummarizeSession {
                    date: MON,
                    summary: SessionSummary {
                        minutes: Some(1441),
                        ..SessionSummary::default()
                    },
                },
            ])
            .unwrap_err(),
    );
    assert_eq!(err.field, "minutes");
    assert!(all_sessions(&store).is_empty());
}

#[test]
fn check_ins_of_both_kinds_read_back_by_date_then_as_recorded() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store
        .apply(vec![
            Write::AddCheckIn(morning(WED, 4)),
            Write::AddCheckIn(readiness(MON, 2)),
        ])
        .unwrap();
    store
        .apply(vec![
            Write::AddCheckIn(readiness(WED, 5)),
            // A second readiness on Monday: kept, after the first.
            Write::AddCheckIn(readiness(MON, 6)),
        ])
        .unwrap();
    assert_eq!(
        store.check_ins().unwrap(),
        vec![
            readiness(MON, 2),
            readiness(MON, 6),
            morning(WED, 4),
            readiness(WED, 5),
        ]
    );
}

#[test]
fn replacing_decisions_replaces_only_that_plan_versions() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store.apply(plan_writes(MON)).unwrap();
    store.apply(plan_writes(WED)).unwrap();
    assert!(store.decisions(1).unwrap().is_empty());

    let first = vec![
        decision(MON, "side-bridge", 35),
        decision(MON, "bird-dog", 25),
        decision(WED, "side-bridge", 40),
    ];
    let other = vec![decision(WED, "dead-bug", 45)];
    store
        .apply(vec![
            Write::ReplaceDecisions {
                plan_version: 1,
                decisions: first.clone(),
            },
            Write::ReplaceDecisions {
                plan_version: 2,
                decisions: other.clone(),
            },
        ])
        .unwrap();
    assert_eq!(store.decisions(1).unwrap(), first);
    assert_eq!(store.decisions(2).unwrap(), other);

    let replayed = vec![
        decision(WED, "side-bridge", 40),
        decision(MON, "bird-dog", 30),
    ];
    store
        .apply(vec![Write::ReplaceDecisions {
            plan_version: 1,
            decisions: replayed.clone(),
        }])
        .unwrap();
    assert_eq!(
        store.decisions(1).unwrap(),
        replayed,
        "the new list, in its order"
    );
    assert_eq!(store.decisions(2).unwrap(), other);

    store
        .apply(vec![Write::ReplaceDecisions {
            plan_version: 1,
            decisions: vec![],
        }])
        .unwrap();
    assert!(store.decisions(1).unwrap().is_empty());
}

#[test]
fn decisions_for_a_plan_version_that_does_not_exist_are_refused() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store.apply(plan_writes(MON)).unwrap();
    let err = refused(
        store
            .apply(vec![
                Write::ReplaceDecisions {
                    plan_version: 1,
                    decisions: vec![decision(MON, "side-bridge", 35)],
                },
                Write::ReplaceDecisions {
                    plan_version: 7,
                    decisions: vec![decision(MON, "side-bridge", 35)],
                },
            ])
            .unwrap_err(),
    );
    assert_eq!(err.field, "plan_version");
    assert!(store.decisions(1).unwrap().is_empty());
}

#[test]
fn the_whole_log_reads_back_identical_after_reopening() {
    let (_dir, path) = temp_db();
    let written = {
        let mut store = SqliteStore::open(&path).unwrap();
        store.apply(plan_writes(MON)).unwrap();
        store
            .apply(vec![
                Write::AddCheckIn(readiness(MON, 2)),
                Write::AddSet(set(MON, "side-bridge", 30)),
                Write::AddSet(rich_set(MON)),
                Write::SummarizeSession {
                    date: MON,
                    summary: SessionSummary {
                        minutes: Some(40),
                        session_rpe: Some(Rpe::new(7).unwrap()),
                        note: Some("ok".into()),
                    },
                },
                Write::AddCheckIn(morning(date(2026, 3, 3), 3)),
                Write::AddSet(set(WED, "side-bridge", 30)),
                Write::ReplaceDecisions {
                    plan_version: 1,
                    decisions: vec![
                        decision(MON, "side-bridge", 35),
                        decision(WED, "side-bridge", 40),
                    ],
                },
            ])
            .unwrap();
        (
            all_sessions(&store),
            store.check_ins().unwrap(),
            store.decisions(1).unwrap(),
        )
    };
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(all_sessions(&store), written.0);
    assert_eq!(store.check_ins().unwrap(), written.1);
    assert_eq!(store.decisions(1).unwrap(), written.2);
    assert_eq!(written.0.len(), 2);
    assert_eq!(
        logged(&written.0[0]),
        vec![set(MON, "side-bridge", 30), rich_set(MON)]
    );
    assert_eq!(written.0[0].minutes, Some(40));
    assert_eq!(written.1.len(), 2);
    assert_eq!(written.2.len(), 2);
}

/// Stored JSON that no longer parses, or that disagrees with its query
/// columns, names the table and row instead of panicking.
#[test]
fn unreadable_log_rows_are_corrupt_with_table_and_id() {
    let (_dir, path) = temp_db();
    let mut store = SqliteStore::open(&path).unwrap();
    store.apply(plan_writes(MON)).unwrap();
    store
        .apply(vec![
            Write::AddSet(set(MON, "side-bridge", 30)),
            Write::AddCheckIn(readiness(MON, 2)),
            Write::ReplaceDecisions {
                plan_version: 1,
                decisions: vec![decision(MON, "side-bridge", 35)],
            },
        ])
        .unwrap();
    let set_id = set_ids(&store)[0];
    let corrupt = |err: StoreError| match err {
        StoreError::Corrupt { table, id, reason } => (table, id, reason),
        other => panic!("expected Corrupt, got {other:?}"),
    };

    let conn = raw(&path);
    conn.execute_batch(
        r#"UPDATE sets SET data = '{"date": "2026-03-02"}';
           UPDATE check_ins SET data = '{"kind": "morning"}';
           UPDATE decisions SET data = '[]';"#,
    )
    .unwrap();
    let (table, id, _) = corrupt(store.sessions(None, None).unwrap_err());
    assert_eq!((table, id), ("sets", set_id));
    let (table, _, reason) = corrupt(store.check_ins().unwrap_err());
    assert_eq!(table, "check_ins");
    assert!(reason.contains("data"), "{reason}");
    let (table, _, _) = corrupt(store.decisions(1).unwrap_err());
    assert_eq!(table, "decisions");

    // Valid JSON whose slot disagrees with the slot columns.
    let other_slot = serde_json::to_string(&LoggedSet {
        slot: slot(DayKind::B, "side-bridge"),
        ..set(MON, "side-bridge", 30)
    })
    .unwrap();
    conn.execute("UPDATE sets SET data = ?1", [other_slot])
        .unwrap();
    let (table, id, reason) = corrupt(store.sessions(None, None).unwrap_err());
    assert_eq!((table, id), ("sets", set_id));
    assert!(reason.contains("slot"), "{reason}");

    // A session RPE outside 0-10 cannot be written through the schema's
    // CHECK, so out-of-range reads are not reachable; a bad date is.
    conn.execute_batch(
        "DELETE FROM sets;
         UPDATE sessions SET date = '2026-13-45';",
    )
    .unwrap();
    let (table, _, reason) = corrupt(store.sessions(None, None).unwrap_err());
    assert_eq!(table, "sessions");
    assert!(reason.contains("date"), "{reason}");
}

/// A database written at schema v1 (before the training log existed) opens,
/// gains the log tables, and keeps its data.
#[test]
fn a_v1_database_upgrades_and_keeps_its_data() {
    let (_dir, path) = temp_db();
    let profile = Profile {
        name: Some("Ana".into()),
        sex: None,
        training_age: TrainingAge::Novice,
        training_days: TrainingDays::parse("mon,wed,fri").unwrap(),
        light_days: false,
        equipment: vec![],
        pain_now: Pain::new(1).unwrap(),
    };
    let program = Program {
        start: MON,
        settings: PlanSettings::default(),
        weeks: vec![],
    };
    {
        // Exactly what a v1 Keel leaves: the 0001 schema, version 1, Keel's id.
        let conn = raw(&path);
        conn.execute_batch(include_str!("../migrations/sqlite/0001_initial.sql"))
            .unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.pragma_update(None, "application_id", 0x4B45_454C_i64)
            .unwrap();
        conn.execute(
            "INSERT INTO profile (id, data, updated_at) VALUES (1, ?1, 0)",
            [serde_json::to_string(&profile).unwrap()],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO assessments (date, recorded_at, input) VALUES ('2026-03-02', 0, ?1)",
            [serde_json::to_string(&assessment(MON)).unwrap()],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO plans (version, created_on, assessment_id, program, recorded_at)
             VALUES (1, '2026-03-02', 1, ?1, 0)",
            [serde_json::to_string(&program).unwrap()],
        )
        .unwrap();
    }

    let mut store = SqliteStore::open(&path).unwrap();
    let version: i64 = raw(&path)
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, SqliteStore::schema_version());
    assert!(version >= 2);
    assert_eq!(store.profile().unwrap(), Some(profile));
    assert_eq!(store.assessments().unwrap()[0].input, assessment(MON));
    let plan = store.current_plan().unwrap().unwrap();
    assert_eq!((plan.version, plan.assessment_id), (1, Some(1)));
    assert_eq!(plan.program, program);

    // The log works on the upgraded file and links to the v1 plan.
    store
        .apply(vec![Write::AddSet(set(MON, "side-bridge", 30))])
        .unwrap();
    let sessions = all_sessions(&store);
    assert_eq!(sessions[0].plan_version, Some(1));
    assert_eq!(logged(&sessions[0]), vec![set(MON, "side-bridge", 30)]);
}
