//! Backup and restore of a whole SQLite database: a backup is a consistent
//! Keel file; a restore validates it, never drops data silently, and gives
//! back exactly what was backed up.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use jiff::civil::{Date, date};
use keel_core::InputError;
use keel_core::settings::PlanSettings;
use keel_store::{Revisioned, SafetyEvent, SqliteStore, Store, StoreError, Write};
use tempfile::TempDir;

fn resume(on: Date, note: &str) -> Write {
    Write::Safety(SafetyEvent::Resume {
        date: on,
        note: note.into(),
    })
}

fn notes(store: &SqliteStore) -> Vec<String> {
    store
        .safety_events()
        .unwrap()
        .into_iter()
        .map(|e| match e {
            SafetyEvent::Resume { note, .. } => note,
            SafetyEvent::Screen { .. } => String::new(),
        })
        .collect()
}

fn with_data(path: &Path, note: &str) -> SqliteStore {
    let mut store = SqliteStore::open(path).unwrap();
    let settings = PlanSettings {
        blocks: 3,
        ..PlanSettings::default()
    };
    store
        .apply(vec![
            Write::SaveSettings(settings),
            resume(date(2026, 3, 2), note),
            Write::AddOutcome(keel_core::outcome::nprs(date(2026, 3, 2), Some(5)).unwrap()),
            Write::SaveQuestionnaire(
                keel_core::outcome::Questionnaire::parse(
                    keel_store::conformance::DEMO_QUESTIONNAIRE,
                )
                .unwrap(),
            ),
        ])
        .unwrap();
    store
}

/// A backup, in `dir`, of a database whose one resume note is `note`.
fn backup_of(dir: &TempDir, note: &str) -> std::path::PathBuf {
    let backup = dir.path().join("backup.db");
    with_data(&dir.path().join("keel.db"), note)
        .backup_to(&backup)
        .unwrap();
    backup
}

fn invalid_field(err: StoreError) -> String {
    match err {
        StoreError::Invalid(InputError { field, .. }) => field,
        other => panic!("expected invalid input, got {other:?}"),
    }
}

#[test]
fn a_backup_holds_everything_including_what_is_still_in_the_wal() {
    let dir = TempDir::new().unwrap();
    let store = with_data(&dir.path().join("keel.db"), "first");
    // The store is open in WAL mode and not checkpointed: the backup must
    // still see the latest commit.
    assert!(dir.path().join("keel.db-wal").exists());
    let backup = dir.path().join("backup.db");
    store.backup_to(&backup).unwrap();

    SqliteStore::check_backup(&backup).unwrap();
    // One self-contained file: no WAL beside it.
    assert!(!dir.path().join("backup.db-wal").exists());
    let copy = SqliteStore::open(&backup).unwrap();
    assert_eq!(notes(&copy), ["first"]);
    assert_eq!(copy.settings().unwrap().blocks, 3);
}

#[test]
fn a_backup_never_overwrites_a_file() {
    let dir = TempDir::new().unwrap();
    let store = with_data(&dir.path().join("keel.db"), "first");
    let backup = dir.path().join("backup.db");
    std::fs::write(&backup, "precious").unwrap();
    assert_eq!(
        invalid_field(store.backup_to(&backup).unwrap_err()),
        "backup file"
    );
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), "precious");

    let nowhere = dir.path().join("missing").join("backup.db");
    assert_eq!(
        invalid_field(store.backup_to(&nowhere).unwrap_err()),
        "backup file"
    );
}

#[test]
fn check_backup_refuses_files_that_are_not_keel_databases() {
    let dir = TempDir::new().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(
        &text,
        "not a database at all, just some text that is long enough",
    )
    .unwrap();
    let foreign = dir.path().join("other.db");
    foreign_sqlite_file(&foreign);
    let empty_keel = dir.path().join("empty.db");
    std::fs::write(&empty_keel, "").unwrap();
    for path in [
        text.as_path(),
        foreign.as_path(),
        empty_keel.as_path(),
        dir.path(),
        &dir.path().join("missing.db"),
    ] {
        let err = SqliteStore::check_backup(path).unwrap_err();
        assert_eq!(invalid_field(err), "backup", "{}", path.display());
    }
    // Nothing was created or changed by checking.
    assert!(!dir.path().join("missing.db").exists());
    assert_eq!(std::fs::read(&empty_keel).unwrap(), b"");
}

/// A SQLite database of another application.
fn foreign_sqlite_file(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA application_id = 42; CREATE TABLE t (x INTEGER);")
        .unwrap();
}

#[test]
fn restore_into_an_empty_database_gives_back_what_was_backed_up() {
    let dir = TempDir::new().unwrap();
    let original = with_data(&dir.path().join("keel.db"), "first");
    let backup = dir.path().join("backup.db");
    original.backup_to(&backup).unwrap();

    // A missing target is created.
    let target = dir.path().join("new.db");
    let saved = SqliteStore::restore_from(&backup, &target, false).unwrap();
    assert_eq!(saved, None);
    let restored = SqliteStore::open(&target).unwrap();
    assert_eq!(
        restored.safety_events().unwrap(),
        original.safety_events().unwrap()
    );
    assert_eq!(restored.settings().unwrap(), original.settings().unwrap());
    // Outcome measures and loaded questionnaires come back too.
    assert_eq!(restored.outcomes().unwrap(), original.outcomes().unwrap());
    assert_eq!(restored.outcomes().unwrap().len(), 1);
    assert_eq!(
        restored.questionnaires().unwrap(),
        original.questionnaires().unwrap()
    );

    // An existing but empty Keel database is replaced without --force.
    let empty = dir.path().join("empty.db");
    drop(SqliteStore::open(&empty).unwrap());
    SqliteStore::restore_from(&backup, &empty, false).unwrap();
    assert_eq!(notes(&SqliteStore::open(&empty).unwrap()), ["first"]);
}

#[test]
fn restore_onto_data_needs_force_and_then_keeps_the_old_database() {
    let dir = TempDir::new().unwrap();
    let backup = backup_of(&dir, "from backup");
    let target = dir.path().join("target.db");
    drop(with_data(&target, "current"));

    let err = SqliteStore::restore_from(&backup, &target, false).unwrap_err();
    assert_eq!(invalid_field(err), "database");
    assert_eq!(notes(&SqliteStore::open(&target).unwrap()), ["current"]);

    let saved = SqliteStore::restore_from(&backup, &target, true)
        .unwrap()
        .unwrap();
    assert_eq!(saved.parent(), target.parent());
    let name = saved.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("target.before-restore-") && name.ends_with(".db"),
        "{name}"
    );
    assert_eq!(notes(&SqliteStore::open(&saved).unwrap()), ["current"]);
    assert_eq!(notes(&SqliteStore::open(&target).unwrap()), ["from backup"]);
    // The WAL was checkpointed into the main file.
    let wal = dir.path().join("target.db-wal");
    assert!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) == 0);
}

#[test]
fn a_store_open_on_the_target_sees_the_restored_data() {
    let dir = TempDir::new().unwrap();
    let backup = backup_of(&dir, "restored");
    let target = dir.path().join("target.db");
    let open = SqliteStore::open(&target).unwrap();
    assert!(!open.holds_data().unwrap());
    SqliteStore::restore_from(&backup, &target, false).unwrap();
    assert!(open.holds_data().unwrap());
    assert_eq!(notes(&open), ["restored"]);
}

#[test]
fn restore_refuses_a_bad_backup_and_the_database_itself() {
    let dir = TempDir::new().unwrap();
    let target = dir.path().join("keel.db");
    drop(with_data(&target, "current"));
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, "junk").unwrap();
    let missing_target = dir.path().join("never.db");
    assert_eq!(
        invalid_field(SqliteStore::restore_from(&junk, &missing_target, true).unwrap_err()),
        "backup"
    );
    assert!(!missing_target.exists(), "a bad backup creates nothing");
    assert_eq!(
        invalid_field(SqliteStore::restore_from(&target, &target, true).unwrap_err()),
        "backup"
    );
    assert_eq!(notes(&SqliteStore::open(&target).unwrap()), ["current"]);
}

/// A server beside the CLI keeps the journal made at the file's revision; a
/// backup made with as many writes has the same number, so a restore must
/// move past it or the server would go on showing the replaced data.
#[test]
fn a_restore_gives_the_target_a_revision_it_never_had() {
    let dir = TempDir::new().unwrap();
    let backup = backup_of(&dir, "restored");
    let target = dir.path().join("target.db");
    let open = with_data(&target, "replaced");
    let before = open.revision().unwrap();
    assert_eq!(
        SqliteStore::open(&backup).unwrap().revision().unwrap(),
        before,
        "the backup and the target start at the same revision"
    );
    SqliteStore::restore_from(&backup, &target, true).unwrap();
    assert_eq!(notes(&open), ["restored"]);
    assert_ne!(open.revision().unwrap(), before);
}

/// What a refused restore must leave: the target's bytes as they were, no
/// file saved aside, and no copy of the backup left behind.
fn assert_refused_and_untouched(backup: &Path, why: &str) {
    let dir = backup.parent().unwrap();
    let target = dir.join("target.db");
    drop(with_data(&target, "current"));
    let before = std::fs::read(&target).unwrap();
    let listing = || {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let files = listing();
    let err = SqliteStore::restore_from(backup, &target, true).unwrap_err();
    let message = match &err {
        StoreError::Invalid(InputError { field, message }) => {
            assert_eq!(field, "backup", "{err:?}");
            message.clone()
        }
        other => panic!("expected a refused backup, got {other:?}"),
    };
    assert!(message.contains(why), "{message}");
    assert_eq!(
        std::fs::read(&target).unwrap(),
        before,
        "the database is byte for byte as it was"
    );
    assert_eq!(listing(), files, "nothing saved aside, no copy left");
    assert_eq!(notes(&SqliteStore::open(&target).unwrap()), ["current"]);
}

#[test]
fn a_backup_missing_a_table_is_refused_before_anything_is_replaced() {
    let dir = TempDir::new().unwrap();
    let backup = backup_of(&dir, "from backup");
    std::fs::remove_file(dir.path().join("keel.db")).unwrap();
    let conn = rusqlite::Connection::open(&backup).unwrap();
    conn.execute_batch("DROP TABLE check_ins").unwrap();
    drop(conn);
    let err = SqliteStore::check_backup(&backup).unwrap_err();
    assert_eq!(invalid_field(err), "backup");
    assert_refused_and_untouched(&backup, "table check_ins is missing");
}

#[test]
fn a_backup_with_a_changed_table_is_refused() {
    let dir = TempDir::new().unwrap();
    let backup = backup_of(&dir, "from backup");
    std::fs::remove_file(dir.path().join("keel.db")).unwrap();
    let conn = rusqlite::Connection::open(&backup).unwrap();
    conn.execute_batch("ALTER TABLE user_exercises DROP COLUMN created_at")
        .unwrap();
    drop(conn);
    assert_refused_and_untouched(&backup, "table user_exercises differs");
}

#[test]
fn a_damaged_backup_is_refused_before_anything_is_replaced() {
    let dir = TempDir::new().unwrap();
    let backup = backup_of(&dir, "from backup");
    std::fs::remove_file(dir.path().join("keel.db")).unwrap();
    // Overwrite every page but the first (the header and schema) with
    // garbage: the file still opens as a Keel database.
    let mut bytes = std::fs::read(&backup).unwrap();
    let page = 4096;
    assert!(bytes.len() > 2 * page);
    for (i, b) in bytes.iter_mut().enumerate().skip(page) {
        *b = (i % 251) as u8;
    }
    std::fs::write(&backup, &bytes).unwrap();
    assert_refused_and_untouched(&backup, "damaged");
}

#[test]
fn a_backup_with_a_row_keel_cannot_read_is_refused() {
    let dir = TempDir::new().unwrap();
    let backup = backup_of(&dir, "from backup");
    std::fs::remove_file(dir.path().join("keel.db")).unwrap();
    let conn = rusqlite::Connection::open(&backup).unwrap();
    // Valid JSON, so SQLite's own checks pass; not plan settings.
    conn.execute("UPDATE settings SET data = '{\"blocks\": \"many\"}'", [])
        .unwrap();
    drop(conn);
    SqliteStore::check_backup(&backup).unwrap();
    assert_refused_and_untouched(&backup, "cannot read");
}

/// A backup from an older Keel (schema version 1) passes the schema check
/// of its own version and is upgraded by the restore; a version 1 backup
/// missing one of version 1's tables is refused.
#[test]
fn an_older_backup_is_checked_against_its_own_schema_and_upgraded() {
    let dir = TempDir::new().unwrap();
    let old = |name: &str, extra: &str| {
        let path = dir.path().join(name);
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("../../migrations/sqlite/0001_initial.sql"))
            .unwrap();
        conn.execute_batch(extra).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.pragma_update(None, "application_id", 0x4B45_454C_i64)
            .unwrap();
        conn.execute(
            "INSERT INTO safety_events (date, kind, note, recorded_at)
             VALUES ('2026-03-02', 'resume', 'from v1', 0)",
            [],
        )
        .unwrap();
        path
    };
    let whole = old("v1.db", "");
    SqliteStore::check_backup(&whole).unwrap();
    let target = dir.path().join("target.db");
    SqliteStore::restore_from(&whole, &target, false).unwrap();
    assert_eq!(notes(&SqliteStore::open(&target).unwrap()), ["from v1"]);

    let partial = old("v1-partial.db", "DROP TABLE settings");
    let err = SqliteStore::check_backup(&partial).unwrap_err();
    assert_eq!(invalid_field(err), "backup");
}
