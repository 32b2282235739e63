//! The cache layer's own tests: what it keeps, what it reads, and that
//! whatever it answers is what the plain path reads ([`Journal::read`]).
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use jiff::civil::{Date, date};
use keel_core::assessment::{AssessmentInput, EnduranceHolds, Mobility, MovementQuality};
use keel_core::engine::MorningCheck;
use keel_core::measure::{Pain, Rpe};
use keel_core::training::{LoggedSet, SessionSlot};
use keel_store::{
    Cache, CheckIn, Memos, Part, Revisioned, SessionSummary, SqliteStore, Store, StoredPlan,
    TrainingSession, UserId, Write,
};

use super::{Cached, DecisionsStored};
use crate::journal::tests::{
    DAY1, answers, assert_commit_matches_a_fresh_load, assert_same_journal, onboarded,
    onboarded_file, train,
};
use crate::journal::{Journal, commit};
use crate::record::logged_set;

mod equivalence;

/// `store` with the cache layer around it, as a server builds it.
pub(crate) fn cached<S: keel_store::RevisionedStore>(store: S) -> Cached<S> {
    Cached::new(store, Arc::new(Memos::new(4)), UserId::new(1))
}

#[test]
fn the_journal_is_kept_until_the_data_changes() {
    let mut store = cached(onboarded());
    train(&mut store, DAY1, 7);
    let first = Journal::load(&store).unwrap();
    assert!(
        Arc::ptr_eq(&first, &Journal::load(&store).unwrap()),
        "nothing changed: the kept journal"
    );
    // The journal is not made from the stored decisions or assessments.
    store
        .apply(vec![
            Write::ReplaceDecisions {
                plan_version: first.plan.version,
                decisions: first.replay.decisions.clone(),
            },
            Write::AddAssessment(keel_core::assessment::AssessmentInput {
                date: DAY1,
                holds: EnduranceHolds::default(),
                movement: MovementQuality::default(),
                mobility: Mobility::default(),
                pain_now: None,
            }),
        ])
        .unwrap();
    assert!(Arc::ptr_eq(&first, &Journal::load(&store).unwrap()));

    // A write to what it is made from gives a fresh one.
    let profile = keel_core::profile::Profile {
        equipment: vec![],
        ..first.profile.clone()
    };
    store.apply(vec![Write::SaveProfile(profile)]).unwrap();
    let after = Journal::load(&store).unwrap();
    assert!(!Arc::ptr_eq(&first, &after));
    assert_same_journal(&after, &Journal::read(&store).unwrap().unwrap());
    assert!(after.profile.equipment.is_empty());
}

/// `keel serve` and the CLI open the same file: a set the CLI logs must show
/// on the server's next page, though the server's store kept a journal.
#[test]
fn a_write_through_another_connection_is_seen() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("keel.db");
    let mut cli = onboarded_file(&path);
    let server = cached(SqliteStore::open(&path).unwrap());
    let kept = Journal::load(&server).unwrap();
    assert!(kept.sessions.is_empty());

    let slot = kept.session_on(DAY1).unwrap().slots[0].clone();
    commit(
        &mut cli,
        vec![Write::AddSet(logged_set(&slot, DAY1, answers(20)).unwrap())],
    )
    .unwrap();
    let seen = Journal::load(&server).unwrap();
    assert_eq!(seen.sessions.len(), 1);
    assert_same_journal(&seen, &Journal::read(&cli).unwrap().unwrap());
}

/// The CLI's and the server's connections to one onboarded file in a fresh
/// directory (removed when the first is dropped), and DAY1's first slot.
fn cli_and_server() -> (
    tempfile::TempDir,
    SqliteStore,
    Cached<SqliteStore>,
    SessionSlot,
) {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("keel.db");
    let cli = onboarded_file(&path);
    let server = cached(SqliteStore::open(&path).unwrap());
    let slot = Journal::load(&server)
        .unwrap()
        .session_on(DAY1)
        .unwrap()
        .slots[0]
        .clone();
    (dir, cli, server, slot)
}

/// A set logged against a kept journal that another connection has made
/// stale (a set of the same day, then a check-in) is not added to it: the
/// write is refused and the commit reloads, so nothing is lost or doubled.
#[test]
fn a_set_is_not_added_to_a_stale_kept_journal() {
    let (_dir, mut cli, mut server, slot) = cli_and_server();
    let set = |actual| Write::AddSet(logged_set(&slot, DAY1, answers(actual)).unwrap());
    commit(&mut server, vec![set(20)]).unwrap();
    let at = server.revision().unwrap();
    assert!(
        server.memo().get::<DecisionsStored>(at).is_some(),
        "the set's write stored the kept journal's decisions"
    );

    let elsewhere: [Vec<Write>; 2] = [
        vec![set(22)],
        vec![Write::AddCheckIn(CheckIn::Morning(MorningCheck {
            date: DAY1,
            pain_back_to_usual: true,
            stiffness_back_to_usual: true,
            soreness: Pain::new(2).unwrap(),
        }))],
    ];
    for writes in elsewhere {
        commit(&mut cli, writes).unwrap();
        let committed = commit(&mut server, vec![set(25)]).unwrap();
        assert_commit_matches_a_fresh_load(&server, &committed);
    }
    let numbers: Vec<u32> = Journal::load(&server).unwrap().sessions[0]
        .sets
        .iter()
        .map(|s| s.number)
        .collect();
    assert_eq!(numbers, [1, 2, 3, 4]);
}

/// After a write to any one part, the journal brought up to date from the
/// kept one is the journal a fresh read gives.
#[test]
fn a_journal_brought_up_to_date_equals_a_fresh_read() {
    use keel_core::redflag::RedFlag;
    use keel_store::{SafetyEvent, ScreenContext};

    let mut store = cached(onboarded());
    train(&mut store, DAY1, 7);
    let day = date(2026, 3, 9);
    let writes = [
        Write::Safety(SafetyEvent::Screen {
            date: day,
            context: ScreenContext::PainEntry,
            flags: vec![RedFlag::LegWeakness],
        }),
        Write::Safety(SafetyEvent::Resume {
            date: day,
            note: "cleared".into(),
        }),
        Write::AddCheckIn(CheckIn::Morning(MorningCheck {
            date: day,
            pain_back_to_usual: false,
            stiffness_back_to_usual: false,
            soreness: Pain::new(6).unwrap(),
        })),
        Write::SaveSettings(keel_core::settings::PlanSettings {
            blocks: 2,
            ..keel_core::settings::PlanSettings::default()
        }),
        Write::DeleteSession {
            date: Journal::load(&store).unwrap().sessions[0].date,
        },
    ];
    for write in writes {
        let what = format!("{write:?}");
        Journal::load(&store).unwrap();
        store.apply(vec![write]).unwrap();
        let brought = Journal::load(&store).unwrap();
        let fresh = Journal::read(&store).unwrap().unwrap();
        assert_same_journal(&brought, &fresh);
        assert_eq!(brought.log, fresh.log, "{what}");
    }
}

/// A store that counts the reads a journal is made from, to tell a set
/// added to the kept journal from one that reloaded (with the cache layer
/// around it: [`counting_reads`]).
struct CountingReads {
    inner: SqliteStore,
    reads: std::cell::Cell<usize>,
    /// How many stored decisions the last added set kept.
    decisions_kept: std::cell::Cell<Option<usize>>,
}

/// An onboarded store, nothing counted yet, with the cache layer.
fn counting_reads() -> Cached<CountingReads> {
    cached(CountingReads {
        inner: onboarded(),
        reads: std::cell::Cell::new(0),
        decisions_kept: std::cell::Cell::new(None),
    })
}

impl CountingReads {
    fn read(&self) {
        self.reads.set(self.reads.get() + 1);
    }
}

impl Revisioned for CountingReads {
    fn revision(&self) -> keel_store::Result<keel_store::Revision> {
        self.inner.revision()
    }
    fn add_set_if_unchanged(
        &mut self,
        at: &keel_store::Revision,
        unchanged: &[Part],
        set: &LoggedSet,
        decisions: &keel_store::DecisionsTail,
        key: Option<&keel_store::RequestKey>,
    ) -> keel_store::Result<Option<keel_store::AddedSet>> {
        self.decisions_kept.set(Some(decisions.kept));
        self.inner
            .add_set_if_unchanged(at, unchanged, set, decisions, key)
    }
}

impl Store for CountingReads {
    fn apply(&mut self, writes: Vec<Write>) -> keel_store::Result<()> {
        self.inner.apply(writes)
    }
    fn apply_keyed(
        &mut self,
        writes: Vec<Write>,
        key: &keel_store::RequestKey,
    ) -> keel_store::Result<()> {
        self.inner.apply_keyed(writes, key)
    }
    fn kept_key(&self, key: &str) -> keel_store::Result<Option<keel_store::KeptKey>> {
        self.inner.kept_key(key)
    }
    fn profile(&self) -> keel_store::Result<Option<keel_core::profile::Profile>> {
        self.read();
        self.inner.profile()
    }
    fn settings(&self) -> keel_store::Result<keel_core::settings::PlanSettings> {
        self.read();
        self.inner.settings()
    }
    fn engine_settings(&self) -> keel_store::Result<Option<keel_core::engine::EngineSettings>> {
        self.read();
        self.inner.engine_settings()
    }
    fn assessments(&self) -> keel_store::Result<Vec<keel_store::StoredAssessment>> {
        self.inner.assessments()
    }
    fn safety_events(&self) -> keel_store::Result<Vec<keel_store::SafetyEvent>> {
        self.read();
        self.inner.safety_events()
    }
    fn current_plan(&self) -> keel_store::Result<Option<StoredPlan>> {
        self.read();
        self.inner.current_plan()
    }
    fn plans(&self) -> keel_store::Result<Vec<StoredPlan>> {
        self.inner.plans()
    }
    fn sessions(
        &self,
        from: Option<Date>,
        to: Option<Date>,
    ) -> keel_store::Result<Vec<TrainingSession>> {
        self.read();
        self.inner.sessions(from, to)
    }
    fn sessions_of_plan(&self, version: i64) -> keel_store::Result<Vec<TrainingSession>> {
        self.read();
        self.inner.sessions_of_plan(version)
    }
    fn check_ins(&self) -> keel_store::Result<Vec<CheckIn>> {
        self.read();
        self.inner.check_ins()
    }
    fn mornings_and_readiness_since(
        &self,
        since: jiff::civil::Date,
    ) -> keel_store::Result<Vec<CheckIn>> {
        self.read();
        self.inner.mornings_and_readiness_since(since)
    }
    fn decisions(
        &self,
        plan_version: i64,
    ) -> keel_store::Result<Vec<keel_core::training::SlotDecision>> {
        self.read();
        self.inner.decisions(plan_version)
    }
    fn carried_decisions(
        &self,
        before_version: i64,
    ) -> keel_store::Result<Vec<(i64, keel_core::training::SlotDecision)>> {
        self.read();
        self.inner.carried_decisions(before_version)
    }
    fn imported_sets(
        &self,
        from: Option<Date>,
        to: Option<Date>,
    ) -> keel_store::Result<Vec<keel_core::history::ImportedSet>> {
        self.inner.imported_sets(from, to)
    }
    fn imported_keys(&self) -> keel_store::Result<std::collections::HashSet<String>> {
        self.inner.imported_keys()
    }
    fn user_exercises(&self) -> keel_store::Result<Vec<String>> {
        self.inner.user_exercises()
    }
    fn imports(&self) -> keel_store::Result<Vec<keel_store::ImportBatch>> {
        self.inner.imports()
    }

    fn outcomes(&self) -> keel_store::Result<Vec<keel_core::outcome::Outcome>> {
        self.inner.outcomes()
    }
    fn questionnaires(&self) -> keel_store::Result<Vec<keel_core::outcome::Questionnaire>> {
        self.inner.questionnaires()
    }

    fn calendar(&self) -> keel_store::Result<keel_store::CalendarState> {
        self.inner.calendar()
    }
}

/// With a kept journal, logging a set reads nothing back: the set joins
/// the kept journal and is stored with its decisions in one write, and
/// what is returned is still what a fresh read gives. A write of anything
/// else reloads; the set after it is added to the kept journal again.
#[test]
fn a_set_added_to_the_kept_journal_reads_nothing_back() {
    let mut store = counting_reads();
    let session = Journal::load(&store).unwrap().session_on(DAY1).unwrap();
    let log_set = |store: &mut Cached<CountingReads>, index: usize, actual: u32| {
        let set = logged_set(&session.slots[index], DAY1, answers(actual)).unwrap();
        let reads = store.inner().reads.get();
        let committed = commit(store, vec![Write::AddSet(set)]).unwrap();
        assert_eq!(store.inner().reads.get(), reads, "read back to log a set");
        assert_commit_matches_a_fresh_load(&store.inner().inner, &committed);
        committed
    };
    // The first set rewrites every decision (the kept journal was read,
    // not known stored); the next ones keep those that stay.
    log_set(&mut store, 0, 12);
    assert_eq!(store.inner().decisions_kept.get(), Some(0));
    log_set(&mut store, 0, 30);
    log_set(&mut store, 1, 8);
    assert!(store.inner().decisions_kept.get() > Some(0));
    let morning = CheckIn::Morning(MorningCheck {
        date: DAY1,
        pain_back_to_usual: true,
        stiffness_back_to_usual: false,
        soreness: Pain::new(3).unwrap(),
    });
    let reads = store.inner().reads.get();
    commit(&mut store, vec![Write::AddCheckIn(morning)]).unwrap();
    assert!(store.inner().reads.get() > reads, "a check-in reloads");
    store.inner().decisions_kept.set(None);
    let last = log_set(&mut store, 1, 9);
    assert!(
        store.inner().decisions_kept.get() > Some(0),
        "the check-in's commit stored the decisions the set starts from"
    );
    assert_eq!(last.sessions[0].sets.len(), 4);
}

#[test]
fn a_set_added_while_another_request_holds_the_journal_leaves_that_one_as_it_was() {
    let mut store = counting_reads();
    let session = Journal::load(&store).unwrap().session_on(DAY1).unwrap();
    let set = |actual| Write::AddSet(logged_set(&session.slots[0], DAY1, answers(actual)).unwrap());
    commit(&mut store, vec![set(12)]).unwrap();
    // Another request of the same user reads the kept journal meanwhile:
    // the set joins a copy, and what that request holds does not move.
    let held = Journal::load(&store).unwrap();
    let as_held = (*held).clone();
    let reads = store.inner().reads.get();
    let committed = commit(&mut store, vec![set(30)]).unwrap();
    assert_eq!(store.inner().reads.get(), reads, "read back to log a set");
    assert_same_journal(&held, &as_held);
    assert_eq!(committed.log.sets.len(), held.log.sets.len() + 1);
    assert_commit_matches_a_fresh_load(&store.inner().inner, &committed);
    // Once both are let go of, the kept journal takes the next set in place.
    drop((held, committed));
    let committed = commit(&mut store, vec![set(20)]).unwrap();
    assert_eq!(store.inner().reads.get(), reads);
    assert_eq!(committed.log.sets.len(), 3);
    assert_commit_matches_a_fresh_load(&store.inner().inner, &committed);
}

fn summary(minutes: Option<u16>, rpe: Option<i64>, note: Option<&str>) -> Write {
    Write::SummarizeSession {
        date: DAY1,
        summary: SessionSummary {
            minutes,
            session_rpe: rpe.map(|r| Rpe::new(r).unwrap()),
            note: note.map(str::to_string),
        },
    }
}

/// The end of every session (its summary) and deleting a day change the
/// kept journal in memory instead of reading the plan's log back.
#[test]
fn a_session_summary_or_a_deleted_day_joins_the_kept_journal() {
    let mut store = counting_reads();
    let session = Journal::load(&store).unwrap().session_on(DAY1).unwrap();
    for (index, actual) in [(0, 12), (1, 8)] {
        let set = logged_set(&session.slots[index], DAY1, answers(actual)).unwrap();
        commit(&mut store, vec![Write::AddSet(set)]).unwrap();
    }
    let reads = store.inner().reads.get();
    let mut commit_in_memory = |writes: Vec<Write>| {
        let committed = commit(&mut store, writes).unwrap();
        assert_eq!(store.inner().reads.get(), reads, "the log was read back");
        assert_commit_matches_a_fresh_load(&store.inner().inner, &committed);
        committed
    };
    let summarized = commit_in_memory(vec![summary(Some(25), Some(6), Some("solid"))]);
    assert_eq!(summarized.sessions[0].minutes, Some(25));
    // As the store does, only what a summary gives changes.
    let again = commit_in_memory(vec![summary(None, Some(7), None)]);
    assert_eq!(again.sessions[0].minutes, Some(25));
    assert_eq!(again.sessions[0].note.as_deref(), Some("solid"));
    assert!(
        commit_in_memory(vec![Write::DeleteSession { date: DAY1 }])
            .sessions
            .is_empty()
    );

    // A summary of a day with no session makes one, whose id only the
    // store knows: that is read back.
    let made = commit(&mut store, vec![summary(Some(10), None, None)]).unwrap();
    assert!(store.inner().reads.get() > reads);
    assert_eq!(made.sessions.len(), 1);
    assert_commit_matches_a_fresh_load(&store.inner().inner, &made);
}

/// When another connection wrote since the journal was kept, the summary's
/// commit reads the log back: the kept journal plus the summary is not what
/// is stored.
#[test]
fn a_summary_after_another_connections_write_reads_the_log_back() {
    let (_dir, mut cli, mut server, slot) = cli_and_server();
    let set = |actual| Write::AddSet(logged_set(&slot, DAY1, answers(actual)).unwrap());
    commit(&mut server, vec![set(20)]).unwrap();
    commit(&mut cli, vec![set(22)]).unwrap();
    let committed = commit(&mut server, vec![summary(Some(30), Some(8), None)]).unwrap();
    assert_eq!(committed.sessions[0].sets.len(), 2);
    assert_commit_matches_a_fresh_load(&server, &committed);
}

/// Through the cache layer, a keyed request's set takes the guarded write
/// with its key: the key is stored with the set, and the same key sent
/// again by another request writes nothing more.
#[test]
fn a_keyed_set_through_the_layer_is_stored_once_with_its_key() {
    use crate::idempotency::{Claim, Keyed};
    let mut store = counting_reads();
    let session = Journal::load(&store).unwrap().session_on(DAY1).unwrap();
    let set = || Write::AddSet(logged_set(&session.slots[0], DAY1, answers(20)).unwrap());
    let first = Claim::new("k1".into(), "f".into());
    let reads = store.inner().reads.get();
    commit(&mut Keyed::new(&mut store, &first), vec![set()]).unwrap();
    assert_eq!(
        store.inner().reads.get(),
        reads,
        "the guarded write, no read"
    );
    assert!(first.written());
    assert!(
        store.kept_key("k1").unwrap().is_some(),
        "stored with the set"
    );

    let again = Claim::new("k1".into(), "f".into());
    let refused = commit(&mut Keyed::new(&mut store, &again), vec![set()]);
    match refused {
        Err(crate::Error::Store(keel_store::StoreError::Invalid(input))) => {
            assert_eq!(input.message, keel_store::KEY_TAKEN);
        }
        _ => panic!("the key is taken"),
    }
    assert!(!again.written());
    let sets = Journal::read(&store).unwrap().unwrap().log.sets.len();
    assert_eq!(sets, 1);
}
