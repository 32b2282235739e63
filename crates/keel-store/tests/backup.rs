//! Backup and restore of a whole SQLite database: a backup is a consistent
//! Keel file; a restore validates it, never drops data silently, and gives
//! back exactly what was backed up.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use jiff::civil::{Date, date};
use keel_core::InputError;
use keel_core::settings::PlanSettings;
use keel_store::{SafetyEvent, SqliteStore, Store, StoreError, Write};
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
