//! What only the PostgreSQL backend has: many users in one database, the
//! migration table, reconnecting after the server dropped connections, and
//! errors that name the server or the row.
#![allow(clippy::unwrap_used)]

use crate::common;

use jiff::civil::date;
use keel_core::catalog::ExerciseId;
use keel_core::engine::{Amount, ExposureKind, SetLog};
use keel_core::measure::{Pain, Seconds};
use keel_core::program::{DayKind, Load, Prescription, Program};
use keel_core::settings::PlanSettings;
use keel_core::training::{LoggedSet, SlotKey};
use keel_store::{Revisioned, Store, StoreError, Write};
use keel_store_postgres::{PgBackend, PoolOptions};

fn secs(n: i64) -> Seconds {
    Seconds::new(n).unwrap()
}

fn set(on: jiff::civil::Date, actual: i64) -> LoggedSet {
    LoggedSet {
        date: on,
        slot: SlotKey {
            block: 1,
            day: DayKind::A,
            planned: ExerciseId::new("side-bridge"),
        },
        exercise: ExerciseId::new("side-bridge"),
        prescription: Prescription::Hold {
            sets: 3,
            seconds: secs(30),
            per_side: false,
            extra_sets_on: None,
            load: Load::Bodyweight,
            pyramid: Vec::new(),
        },
        kind: ExposureKind::Normal,
        set: SetLog {
            target: Amount::Seconds(secs(30)),
            actual: Amount::Seconds(secs(actual)),
            sides: None,
            load: Load::Bodyweight,
            rpe: None,
            quality_reps: None,
            faults: vec![],
            pain: Pain::new(0).unwrap(),
            sharp_pain: false,
            note: None,
        },
    }
}

fn plan(on: jiff::civil::Date) -> Write {
    Write::AddPlan {
        created_on: on,
        program: Program {
            start: on,
            settings: PlanSettings::default(),
            weeks: vec![],
        },
        link_latest_assessment: false,
    }
}

const MON: jiff::civil::Date = date(2026, 3, 2);

#[test]
fn users_see_only_their_own_data() {
    let Some(schema) = common::TestSchema::new("users_see_only_their_own_data") else {
        return;
    };
    let backend = schema.backend();
    let mut ana = backend.store(backend.user("ana").unwrap());
    let mut ben = backend.store(backend.user("ben").unwrap());

    ana.apply(vec![
        plan(MON),
        Write::AddSet(set(MON, 30)),
        Write::AddSet(set(MON, 31)),
        Write::SaveSettings(PlanSettings {
            blocks: 2,
            ..PlanSettings::default()
        }),
    ])
    .unwrap();
    assert!(ben.sessions(None, None).unwrap().is_empty());
    assert!(ben.plans().unwrap().is_empty());
    assert_eq!(ben.settings().unwrap(), PlanSettings::default());

    // The same day and the same plan version exist once per user.
    ben.apply(vec![plan(MON), Write::AddSet(set(MON, 20))])
        .unwrap();
    let ana_sessions = ana.sessions(None, None).unwrap();
    let ben_sessions = ben.sessions(None, None).unwrap();
    assert_eq!(ana_sessions[0].sets.len(), 2);
    assert_eq!(ben_sessions[0].sets.len(), 1);
    assert_eq!(ben_sessions[0].sets[0].number, 1);
    assert_eq!(ben.plans().unwrap()[0].version, 1);
    assert_eq!(ben_sessions[0].plan_version, Some(1));

    // Ids of another user's rows are unknown, not reachable.
    let anas_set = ana_sessions[0].sets[0].id;
    let err = ben
        .apply(vec![Write::DeleteSet { id: anas_set }])
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    let err = ben
        .apply(vec![Write::UpdateSet {
            id: anas_set,
            logged: set(MON, 99),
        }])
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    assert_eq!(ana.sessions(None, None).unwrap(), ana_sessions);

    // Deleting a day deletes only that user's session.
    ben.apply(vec![Write::DeleteSession { date: MON }]).unwrap();
    assert_eq!(ana.sessions(None, None).unwrap(), ana_sessions);
}

#[test]
fn a_user_is_created_once_and_found_by_name() {
    let Some(schema) = common::TestSchema::new("a_user_is_created_once_and_found_by_name") else {
        return;
    };
    let backend = schema.backend();
    let first = backend.user("ana").unwrap();
    assert_eq!(backend.user("ana").unwrap(), first);
    assert_eq!(backend.user("  ana ").unwrap(), first, "trimmed");
    assert_ne!(backend.user("ben").unwrap(), first);
    let err = backend.user("   ").unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
}

#[test]
fn migrations_are_recorded_and_a_newer_schema_is_refused() {
    let Some(schema) =
        common::TestSchema::new("migrations_are_recorded_and_a_newer_schema_is_refused")
    else {
        return;
    };
    let backend = schema.backend();
    let mut ana = backend.store(backend.user("ana").unwrap());
    ana.apply(vec![plan(MON)]).unwrap();
    let mut raw = schema.raw();
    let versions: Vec<i64> = raw
        .query(
            "SELECT version FROM keel_schema_migrations ORDER BY version",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let expected: Vec<i64> = (1..=PgBackend::schema_version()).collect();
    assert_eq!(versions, expected);

    // Connecting again migrates nothing and keeps the data.
    let again = schema.backend();
    assert_eq!(
        versions.len(),
        raw.query("SELECT 1 FROM keel_schema_migrations", &[])
            .unwrap()
            .len()
    );
    let ana_again = again.store(again.user("ana").unwrap());
    assert_eq!(ana_again.plans().unwrap().len(), 1);

    let newer = PgBackend::schema_version() + 1;
    raw.execute(
        "INSERT INTO keel_schema_migrations (version, applied_at) VALUES ($1, 0)",
        &[&newer],
    )
    .unwrap();
    let err = PgBackend::connect_with(&schema.url, Some(&schema.name), PoolOptions::default())
        .err()
        .unwrap();
    assert!(
        matches!(err, StoreError::TooNew { found, known } if found == newer && known == newer - 1),
        "{err:?}"
    );
}

#[test]
fn a_batch_failing_in_sql_leaves_nothing() {
    let Some(schema) = common::TestSchema::new("a_batch_failing_in_sql_leaves_nothing") else {
        return;
    };
    let backend = schema.backend();
    let mut ana = backend.store(backend.user("ana").unwrap());
    // The server itself rejects plan rows, so the failure comes at the last
    // statement, after the earlier writes of the batch ran.
    schema
        .raw()
        .batch_execute(
            "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS
                 $$ BEGIN RAISE EXCEPTION 'plans refused by test'; END $$;
             CREATE TRIGGER refuse_plans BEFORE INSERT ON plans
                 FOR EACH ROW EXECUTE FUNCTION refuse();",
        )
        .unwrap();
    let err = ana
        .apply(vec![Write::AddSet(set(MON, 30)), plan(MON)])
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Backend(m) if m.contains("plans refused by test")),
        "{err:?}"
    );
    assert!(ana.sessions(None, None).unwrap().is_empty());
}

#[test]
fn the_next_request_reconnects_after_the_server_dropped_connections() {
    let Some(schema) =
        common::TestSchema::new("the_next_request_reconnects_after_the_server_dropped_connections")
    else {
        return;
    };
    // Tagged, so only this test's connections are terminated.
    let tag = format!("{}_app", schema.name);
    let separator = if schema.url.contains('?') { '&' } else { '?' };
    let url = format!("{}{separator}application_name={tag}", schema.url);
    let backend =
        PgBackend::connect_with(&url, Some(&schema.name), PoolOptions::default()).unwrap();
    let mut ana = backend.store(backend.user("ana").unwrap());
    ana.apply(vec![Write::AddSet(set(MON, 30))]).unwrap();
    let terminated: i64 = schema
        .raw()
        .query_one(
            "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                                   WHERE application_name = $1) AS t",
            &[&tag],
        )
        .unwrap()
        .get(0);
    assert!(terminated >= 1, "the pooled connection was found and ended");

    // Gone for sure before the read, so the read meets a dead connection.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while schema
        .raw()
        .query_one(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1",
            &[&tag],
        )
        .unwrap()
        .get::<_, i64>(0)
        > 0
    {
        assert!(std::time::Instant::now() < deadline, "the backend lingered");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // A read does not check its kept connection first: it finds it dead
    // and runs again on a new one.
    assert_eq!(ana.sessions(None, None).unwrap()[0].sets.len(), 1);
    schema
        .raw()
        .query_one(
            "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                                   WHERE application_name = $1) AS t",
            &[&tag],
        )
        .unwrap();
    // A write checks it first.
    ana.apply(vec![Write::AddSet(set(MON, 31))]).unwrap();
    let sessions = ana.sessions(None, None).unwrap();
    assert_eq!(sessions[0].sets.len(), 2);
}

#[test]
fn an_unreachable_server_is_named_without_the_password() {
    let err = PgBackend::connect_with(
        "postgres://keel:secret@127.0.0.1:1/nowhere?connect_timeout=2",
        None,
        PoolOptions::default(),
    )
    .err()
    .unwrap();
    let text = err.to_string();
    assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
    assert!(text.contains("127.0.0.1:1/nowhere"), "{text}");
    assert!(!text.contains("secret"), "{text}");
    let err = PgBackend::connect("not a url at all").err().unwrap();
    assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
    let err = PgBackend::connect_with(
        "postgres://keel@127.0.0.1:1/x",
        Some("bad; DROP"),
        PoolOptions::default(),
    )
    .err()
    .unwrap();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
}

#[test]
fn an_unreadable_row_is_corrupt_with_table_and_id() {
    let Some(schema) = common::TestSchema::new("an_unreadable_row_is_corrupt_with_table_and_id")
    else {
        return;
    };
    let backend = schema.backend();
    let mut ana = backend.store(backend.user("ana").unwrap());
    ana.apply(vec![Write::AddSet(set(MON, 30))]).unwrap();
    let id = ana.sessions(None, None).unwrap()[0].sets[0].id;
    schema
        .raw()
        .execute(
            "UPDATE sets SET data = '{\"not\": \"a set\"}' WHERE id = $1",
            &[&id],
        )
        .unwrap();
    let err = ana.sessions(None, None).unwrap_err();
    assert!(
        matches!(&err, StoreError::Corrupt { table: "sets", id: got, .. } if *got == id),
        "{err:?}"
    );
}

#[test]
fn a_set_of_another_user_in_a_users_session_is_corrupt() {
    let Some(schema) = common::TestSchema::new("a_set_of_another_user_is_corrupt") else {
        return;
    };
    let backend = schema.backend();
    let mut ana = backend.store(backend.user("ana").unwrap());
    let ben = backend.user("ben").unwrap();
    ana.apply(vec![Write::AddSet(set(MON, 30))]).unwrap();
    let id = ana.sessions(None, None).unwrap()[0].sets[0].id;
    schema
        .raw()
        .execute(
            "UPDATE sets SET user_id = $2 WHERE id = $1",
            &[&id, &ben.get()],
        )
        .unwrap();
    // Neither user reads it as theirs.
    let err = ana.sessions(None, None).unwrap_err();
    assert!(
        matches!(&err, StoreError::Corrupt { table: "sets", id: got, .. } if *got == id),
        "{err:?}"
    );
    assert!(backend.store(ben).sessions(None, None).unwrap().is_empty());
}

/// Migration 7 repairs what an earlier Keel left: a set logged after a new
/// plan went to its day's session of the older version. Such a session
/// moves to the newest version made before its latest set; one whose sets
/// came before the new plan, or in the same second (as `keel migrate-data`
/// records everything), stays; another user's sessions are not touched.
#[test]
fn sessions_that_took_sets_after_a_new_plan_move_to_it_on_migration() {
    let Some(schema) = common::TestSchema::new("sessions_moved_by_migration_7") else {
        return;
    };
    let wed = date(2026, 3, 4);
    let fri = date(2026, 3, 6);
    let backend = schema.backend();
    let mut ana = backend.store(backend.user("ana").unwrap());
    ana.apply(vec![plan(MON)]).unwrap();
    ana.apply(vec![
        Write::AddSet(set(MON, 30)),
        Write::AddSet(set(wed, 30)),
        Write::AddSet(set(fri, 30)),
    ])
    .unwrap();
    ana.apply(vec![plan(wed)]).unwrap();
    let mut ben = backend.store(backend.user("ben").unwrap());
    ben.apply(vec![plan(MON)]).unwrap();
    ben.apply(vec![Write::AddSet(set(wed, 30))]).unwrap();
    ben.apply(vec![plan(wed)]).unwrap();
    let before = ana.revision().unwrap();
    drop((ana, ben, backend));
    schema
        .raw()
        .batch_execute(
            "UPDATE sessions SET plan_version = 1;
             UPDATE plans SET recorded_at = 100 WHERE version = 1;
             UPDATE plans SET recorded_at = 200 WHERE version = 2;
             UPDATE sets SET recorded_at = 150;
             UPDATE sets SET recorded_at = 300 WHERE user_id = (SELECT id FROM users WHERE name = 'ana') AND session_id =
                 (SELECT id FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = 'ana') AND date = '2026-03-04');
             UPDATE sets SET recorded_at = 200 WHERE user_id = (SELECT id FROM users WHERE name = 'ana') AND session_id =
                 (SELECT id FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = 'ana') AND date = '2026-03-06');",
        )
        .unwrap();
    // The repair migration (0007), as it runs on a schema-6 database.
    schema
        .raw()
        .batch_execute(include_str!(
            "../../migrations/0007_sets_after_a_new_plan.sql"
        ))
        .unwrap();
    let backend = schema.backend();
    let ana = backend.store(backend.user("ana").unwrap());
    let versions: Vec<_> = ana
        .sessions(None, None)
        .unwrap()
        .iter()
        .map(|s| (s.date, s.plan_version))
        .collect();
    assert_eq!(
        versions,
        vec![(MON, Some(1)), (wed, Some(2)), (fri, Some(1))]
    );
    assert_ne!(ana.revision().unwrap(), before);
    let ben = backend.store(backend.user("ben").unwrap());
    let versions: Vec<_> = ben
        .sessions(None, None)
        .unwrap()
        .iter()
        .map(|s| s.plan_version)
        .collect();
    assert_eq!(versions, vec![Some(1)], "all of ben's sets came before");
}

#[test]
fn replacing_a_users_history_is_all_or_nothing_and_touches_no_one_else() {
    let Some(schema) = common::TestSchema::new("replace_history_all_or_nothing") else {
        return;
    };
    let backend = schema.backend();
    let mut ana = backend.store(backend.user("ana").unwrap());
    let mut ben = backend.store(backend.user("ben").unwrap());
    let history = vec![
        plan(MON),
        Write::AddSet(set(MON, 30)),
        Write::SaveSettings(PlanSettings {
            blocks: 2,
            ..PlanSettings::default()
        }),
    ];
    ana.apply(history.clone()).unwrap();
    ben.apply(history).unwrap();
    let ben_sessions = ben.sessions(None, None).unwrap();
    let ana_sessions = ana.sessions(None, None).unwrap();
    let before = ana.revision().unwrap();

    // A batch that fails (a linked plan with no assessment) leaves the
    // old history whole.
    let err = ana
        .replace_history(
            vec![Write::AddPlan {
                created_on: MON,
                program: Program {
                    start: MON,
                    settings: PlanSettings::default(),
                    weeks: vec![],
                },
                link_latest_assessment: true,
            }],
            None,
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    assert_eq!(ana.sessions(None, None).unwrap(), ana_sessions);
    assert_eq!(ana.settings().unwrap().blocks, 2);
    assert_eq!(ana.revision().unwrap(), before);

    // A good one replaces everything, moves every part of the revision,
    // and leaves ben as he was.
    // One that read the revision before a write since is refused.
    let seen = ana.revision().unwrap();
    ana.apply(vec![Write::AddSet(set(MON, 35))]).unwrap();
    let ana_sessions = ana.sessions(None, None).unwrap();
    let before = ana.revision().unwrap();
    let err = ana
        .replace_history(vec![plan(MON)], Some(&seen))
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Invalid(e) if e.message.contains("changed while")),
        "{err:?}"
    );
    assert_eq!(ana.sessions(None, None).unwrap(), ana_sessions);
    assert_eq!(ana.revision().unwrap(), before);

    ana.replace_history(vec![plan(MON), Write::AddSet(set(MON, 40))], Some(&before))
        .unwrap();
    let sessions = ana.sessions(None, None).unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].sets.len(), 1);
    assert_eq!(ana.plans().unwrap().len(), 1);
    assert_eq!(ana.settings().unwrap(), PlanSettings::default());
    let after = ana.revision().unwrap();
    for part in keel_store::Part::ALL {
        assert!(after.of(part) > before.of(part), "{part:?} moved");
    }
    assert_eq!(ben.sessions(None, None).unwrap(), ben_sessions);
    assert_eq!(ben.settings().unwrap().blocks, 2);
}

/// Migration 13 on a schema from before it: each stored decision gets its
/// `halt` from its JSON, and the carried read then passes over halts.
#[test]
fn decisions_stored_before_migration_13_get_their_halt() {
    use keel_store::conformance::{decision, halt, plan_writes};
    let Some(schema) = common::TestSchema::new("decision_halts_by_migration_13") else {
        return;
    };
    let on = date(2026, 3, 2);
    let stored = vec![
        decision(on, "side-bridge", 35),
        halt(on, "side-bridge"),
        decision(on, "bird-dog", 25),
    ];
    let backend = schema.backend();
    let mut ana = backend.store(backend.user("ana").unwrap());
    ana.apply(plan_writes(on)).unwrap();
    ana.apply(vec![Write::ReplaceDecisions {
        plan_version: 1,
        decisions: stored.clone(),
    }])
    .unwrap();
    drop((ana, backend));
    // Back to schema 12: no column, no index (nor 14's index).
    schema
        .raw()
        .batch_execute(
            "DROP INDEX idempotency_answers_by_age;
             DROP INDEX decisions_carried;
             ALTER TABLE decisions DROP COLUMN halt;
             DELETE FROM keel_schema_migrations WHERE version >= 13;",
        )
        .unwrap();

    let backend = schema.backend();
    let ana = backend.store(backend.user("ana").unwrap());
    let halts: Vec<(i64, bool)> = schema
        .raw()
        .query(
            "SELECT position, halt FROM decisions ORDER BY position",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(halts, vec![(0, false), (1, true), (2, false)]);
    assert_eq!(ana.decisions(1).unwrap(), stored, "reads back whole");
    assert_eq!(
        ana.carried_decisions(2).unwrap(),
        vec![(1, stored[0].clone()), (1, stored[2].clone())]
    );
}
