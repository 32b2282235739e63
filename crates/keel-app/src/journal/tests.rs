#![allow(clippy::unwrap_used)]

use jiff::ToSpan;
use jiff::civil::{Date, date};
use keel_core::assessment::{AssessmentInput, EnduranceHolds, Mobility, MovementQuality};
use keel_core::measure::{Pain, Rpe, Seconds};
use keel_core::program::Load;
use keel_store::{SessionSummary, SqliteStore};

use keel_core::engine::MorningCheck;
use keel_core::redflag::Screen;
use keel_core::training::SessionSlot;

use super::*;
use crate::enrol::{Onboarded, Onboarding, new_plan, onboard};
use crate::profile::starting_profile;
use crate::record::{SetAnswers, logged_set};

const DAY1: Date = date(2026, 3, 2);

pub(crate) fn onboarded() -> SqliteStore {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let answers = Onboarding {
        profile: starting_profile(),
        screen: Screen::clear(),
        tests: AssessmentInput {
            date: DAY1,
            holds: EnduranceHolds {
                extensor: Some(Seconds::new(90).unwrap()),
                flexor: Some(Seconds::new(60).unwrap()),
                ..EnduranceHolds::default()
            },
            movement: MovementQuality::default(),
            mobility: Mobility::default(),
            pain_now: None,
        },
        start_over: false,
        outcomes: Vec::new(),
    };
    let outcome = onboard(&mut store, DAY1, answers).unwrap();
    assert!(matches!(outcome, Onboarded::Planned { .. }));
    store
}

fn answers(actual: u32) -> SetAnswers {
    SetAnswers {
        actual,
        load: Load::Bodyweight,
        rpe: Some(Rpe::new(7).unwrap()),
        quality_reps: None,
        faults: vec![],
        pain: Pain::new(0).unwrap(),
        sharp_pain: false,
        note: None,
        sides: Default::default(),
    }
}

/// What `commit` returned and stored must be what a fresh load replays.
fn assert_commit_matches_a_fresh_load(store: &dyn Store, committed: &Journal) {
    // Read and replayed again, not the kept journal.
    let fresh = read::read(store, None).unwrap().unwrap();
    assert_same_journal(committed, &fresh);
    assert_eq!(
        store.decisions(fresh.plan.version).unwrap(),
        fresh.replay.decisions,
        "the stored decisions are the fresh replay's"
    );
}

fn assert_same_journal(committed: &Journal, fresh: &Journal) {
    assert_eq!(committed.plan, fresh.plan);
    assert_eq!(committed.sessions, fresh.sessions);
    assert_eq!(committed.log, fresh.log);
    assert_eq!(committed.check_ins, fresh.check_ins);
    assert_eq!(committed.replay.decisions, fresh.replay.decisions);
    assert_eq!(committed.profile, fresh.profile);
    assert_eq!(committed.status, fresh.status);
    assert_eq!(committed.settings, fresh.settings);
}

/// Logs every set of each planned session in `days` days from `from`, with
/// a next-morning check-in, committing and checking after each write.
fn train(store: &mut SqliteStore, from: Date, days: i32) -> usize {
    let mut logged = 0;
    for offset in 0..days {
        let day = from.checked_add(offset.days()).unwrap();
        let Some(session) = Journal::load(store).unwrap().session_on(day) else {
            continue;
        };
        for (index, slot) in session.slots.iter().enumerate() {
            // Some sets short of the target, some over, so decisions move.
            let actual = 8 + u32::try_from((offset + index as i32) % 5).unwrap() * 3;
            let set = logged_set(slot, day, answers(actual)).unwrap();
            // As set logging does: the session as planned, then the write.
            let planned = Journal::load(store)
                .unwrap()
                .session_planned_on(day)
                .unwrap();
            let committed = commit(store, vec![Write::AddSet(set)]).unwrap();
            assert_commit_matches_a_fresh_load(store, &committed);
            // Kept from the journal before the write, and still right.
            assert!(committed.planned.lock().unwrap().is_some());
            assert_eq!(committed.session_planned_on(day).unwrap(), planned);
            let fresh = read::read(store, None).unwrap().unwrap();
            assert_eq!(fresh.session_planned_on(day).unwrap(), planned);
            logged += 1;
        }
        let morning = CheckIn::Morning(MorningCheck {
            date: day.checked_add(1.day()).unwrap(),
            pain_back_to_usual: true,
            stiffness_back_to_usual: offset % 2 == 0,
            soreness: Pain::new(i64::from(offset % 4)).unwrap(),
        });
        let committed = commit(store, vec![Write::AddCheckIn(morning)]).unwrap();
        assert_commit_matches_a_fresh_load(store, &committed);
    }
    logged
}

#[test]
fn commit_stores_the_decisions_a_fresh_load_replays() {
    let mut store = onboarded();
    assert!(train(&mut store, DAY1, 14) > 0, "sets were logged");
    let first = Journal::load(&store).unwrap();
    assert!(!first.replay.decisions.is_empty());

    // A correction and a deletion replay too.
    let last = first.sessions.last().unwrap();
    let (edited, deleted) = (&last.sets[0], last.sets.last().unwrap());
    let mut corrected = edited.logged.clone();
    corrected.set.rpe = Some(Rpe::new(9).unwrap());
    let committed = commit(
        &mut store,
        vec![Write::UpdateSet {
            id: edited.id,
            logged: corrected,
        }],
    )
    .unwrap();
    assert_commit_matches_a_fresh_load(&store, &committed);
    let committed = commit(&mut store, vec![Write::DeleteSet { id: deleted.id }]).unwrap();
    assert_commit_matches_a_fresh_load(&store, &committed);
}

#[test]
fn the_journal_reads_only_the_current_plan_versions_sessions() {
    let mut store = onboarded();
    train(&mut store, DAY1, 14);
    let old = Journal::load(&store).unwrap();
    let day2 = date(2026, 3, 16);
    let plan = new_plan(&mut store, day2, day2).unwrap();
    assert_eq!(plan.version, 2);
    let fresh = Journal::load(&store).unwrap();
    assert!(fresh.sessions.is_empty(), "nothing logged on version 2 yet");
    assert!(fresh.replay.decisions.is_empty());

    assert!(train(&mut store, day2, 7) > 0);
    let now = Journal::load(&store).unwrap();
    assert!(now.sessions.iter().all(|s| s.plan_version == Some(2)));
    let all = store.sessions(None, None).unwrap();
    let of_v2: Vec<_> = all
        .into_iter()
        .filter(|s| s.plan_version == Some(2))
        .collect();
    assert_eq!(now.sessions, of_v2);
    assert_eq!(
        store.decisions(1).unwrap(),
        old.replay.decisions,
        "version 1's decisions stay as they were"
    );
}

#[test]
fn the_journal_is_kept_until_the_data_changes() {
    let mut store = onboarded();
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
    assert_same_journal(&after, &read::read(&store, None).unwrap().unwrap());
    assert!(after.profile.equipment.is_empty());
}

/// A database file onboarded through one connection (the CLI's), for tests
/// that open a second one (the server's).
fn onboarded_file(path: &std::path::Path) -> SqliteStore {
    let mut cli = SqliteStore::open(path).unwrap();
    let answers_given = Onboarding {
        profile: starting_profile(),
        screen: Screen::clear(),
        tests: AssessmentInput {
            date: DAY1,
            holds: EnduranceHolds::default(),
            movement: MovementQuality::default(),
            mobility: Mobility::default(),
            pain_now: None,
        },
        start_over: false,
        outcomes: Vec::new(),
    };
    onboard(&mut cli, DAY1, answers_given).unwrap();
    cli
}

/// `keel serve` and the CLI open the same file: a set the CLI logs must show
/// on the server's next page, though the server's store kept a journal.
#[test]
fn a_write_through_another_connection_is_seen() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("keel.db");
    let mut cli = onboarded_file(&path);
    let server = SqliteStore::open(&path).unwrap();
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
    assert_same_journal(&seen, &read::read(&cli, None).unwrap().unwrap());
}

/// The CLI's and the server's connections to one onboarded file in a fresh
/// directory (removed when the first is dropped), and DAY1's first slot.
fn cli_and_server() -> (tempfile::TempDir, SqliteStore, SqliteStore, SessionSlot) {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("keel.db");
    let cli = onboarded_file(&path);
    let server = SqliteStore::open(&path).unwrap();
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
    let kept = commit(&mut server, vec![set(20)]).unwrap();
    assert!(kept.decisions_stored_at().is_some());

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

#[test]
fn the_session_as_planned_is_kept_per_date() {
    let mut store = onboarded();
    train(&mut store, DAY1, 7);
    let journal = Journal::load(&store).unwrap();
    let day = journal.sessions.last().map(|s| s.date).unwrap();
    let first = journal.session_planned_on(day).unwrap();
    assert_eq!(journal.session_planned_on(day).unwrap(), first);
    assert_eq!(journal.replay_before(day).unwrap(), first);
    let other = DAY1;
    assert_eq!(
        journal.session_planned_on(other).unwrap(),
        journal.replay_before(other).unwrap()
    );
}

/// After a write to any one part, the journal brought up to date from the
/// kept one is the journal a fresh read gives.
#[test]
fn a_journal_brought_up_to_date_equals_a_fresh_read() {
    use keel_core::redflag::RedFlag;
    use keel_store::{SafetyEvent, ScreenContext};

    let mut store = onboarded();
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
        let fresh = read::read(&store, None).unwrap().unwrap();
        assert_same_journal(&brought, &fresh);
        assert_eq!(brought.log, fresh.log, "{what}");
    }
}

/// `Before::agree` says two logs are the same exactly when `log_before`
/// would build the same log from them.
#[test]
fn logs_agree_before_a_day_exactly_when_what_is_kept_is_equal() {
    let mut store = onboarded();
    train(&mut store, DAY1, 7);
    let journal = Journal::load(&store).unwrap();
    let day = journal.sessions.last().unwrap().date;
    let keep = Before(day);
    let with = |change: &dyn Fn(&mut TrainingLog)| {
        let mut log = journal.log.clone();
        change(&mut log);
        log
    };
    let that_day = with(&|log| {
        let set = log.sets.iter_mut().find(|s| s.date == day).unwrap();
        set.set.rpe = Some(Rpe::new(10).unwrap());
    });
    let a_day_before = with(&|log| {
        let set = log.sets.iter_mut().find(|s| s.date < day).unwrap();
        set.set.rpe = Some(Rpe::new(10).unwrap());
    });
    let shorter = with(&|log| {
        log.sets.remove(0);
    });
    for (other, agrees) in [
        (&journal.log, true),
        (&that_day, true),
        (&a_day_before, false),
        (&shorter, false),
    ] {
        assert_eq!(keep.agree(&journal.log, other), agrees);
        let rebuilt = Journal {
            log: other.clone(),
            ..read::read(&store, None).unwrap().unwrap()
        };
        assert_eq!(journal.log_before(day) == rebuilt.log_before(day), agrees);
    }
}

/// A store that counts the reads a journal is made from, to tell a set
/// added to the kept journal from one that reloaded.
struct CountingReads {
    inner: SqliteStore,
    reads: std::cell::Cell<usize>,
    /// How many stored decisions the last added set kept.
    decisions_kept: std::cell::Cell<Option<usize>>,
}

impl CountingReads {
    /// An onboarded store, nothing counted yet.
    fn onboarded() -> CountingReads {
        CountingReads {
            inner: onboarded(),
            reads: std::cell::Cell::new(0),
            decisions_kept: std::cell::Cell::new(None),
        }
    }

    fn read(&self) {
        self.reads.set(self.reads.get() + 1);
    }
}

impl Store for CountingReads {
    fn apply(&mut self, writes: Vec<Write>) -> keel_store::Result<()> {
        self.inner.apply(writes)
    }
    fn revision(&self) -> keel_store::Result<keel_store::Revision> {
        self.inner.revision()
    }
    fn add_set_if_unchanged(
        &mut self,
        at: &keel_store::Revision,
        unchanged: &[Part],
        set: &LoggedSet,
        decisions: &keel_store::DecisionsTail,
    ) -> keel_store::Result<Option<keel_store::AddedSet>> {
        self.decisions_kept.set(Some(decisions.kept));
        self.inner
            .add_set_if_unchanged(at, unchanged, set, decisions)
    }
    fn memo(&self) -> Option<keel_store::Memo<'_>> {
        self.inner.memo()
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
    fn decisions(
        &self,
        plan_version: i64,
    ) -> keel_store::Result<Vec<keel_core::training::SlotDecision>> {
        self.read();
        self.inner.decisions(plan_version)
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
    let mut store = CountingReads::onboarded();
    let session = Journal::load(&store).unwrap().session_on(DAY1).unwrap();
    let log_set = |store: &mut CountingReads, index: usize, actual: u32| {
        let set = logged_set(&session.slots[index], DAY1, answers(actual)).unwrap();
        let reads = store.reads.get();
        let committed = commit(store, vec![Write::AddSet(set)]).unwrap();
        assert_eq!(store.reads.get(), reads, "read back to log a set");
        assert_commit_matches_a_fresh_load(&store.inner, &committed);
        committed
    };
    // The first set rewrites every decision (the kept journal was read,
    // not known stored); the next ones keep those that stay.
    log_set(&mut store, 0, 12);
    assert_eq!(store.decisions_kept.get(), Some(0));
    log_set(&mut store, 0, 30);
    log_set(&mut store, 1, 8);
    assert!(store.decisions_kept.get() > Some(0));
    let morning = CheckIn::Morning(MorningCheck {
        date: DAY1,
        pain_back_to_usual: true,
        stiffness_back_to_usual: false,
        soreness: Pain::new(3).unwrap(),
    });
    let reads = store.reads.get();
    commit(&mut store, vec![Write::AddCheckIn(morning)]).unwrap();
    assert!(store.reads.get() > reads, "a check-in reloads");
    store.decisions_kept.set(None);
    let last = log_set(&mut store, 1, 9);
    assert!(
        store.decisions_kept.get() > Some(0),
        "the check-in's commit stored the decisions the set starts from"
    );
    assert_eq!(last.sessions[0].sets.len(), 4);
}

#[test]
fn a_set_added_while_another_request_holds_the_journal_leaves_that_one_as_it_was() {
    let mut store = CountingReads::onboarded();
    let session = Journal::load(&store).unwrap().session_on(DAY1).unwrap();
    let set = |actual| Write::AddSet(logged_set(&session.slots[0], DAY1, answers(actual)).unwrap());
    commit(&mut store, vec![set(12)]).unwrap();
    // Another request of the same user reads the kept journal meanwhile:
    // the set joins a copy, and what that request holds does not move.
    let held = Journal::load(&store).unwrap();
    let as_held = (*held).clone();
    let reads = store.reads.get();
    let committed = commit(&mut store, vec![set(30)]).unwrap();
    assert_eq!(store.reads.get(), reads, "read back to log a set");
    assert_same_journal(&held, &as_held);
    assert_eq!(committed.log.sets.len(), held.log.sets.len() + 1);
    assert_commit_matches_a_fresh_load(&store.inner, &committed);
    // Once both are let go of, the kept journal takes the next set in place.
    drop((held, committed));
    let committed = commit(&mut store, vec![set(20)]).unwrap();
    assert_eq!(store.reads.get(), reads);
    assert_eq!(committed.log.sets.len(), 3);
    assert_commit_matches_a_fresh_load(&store.inner, &committed);
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
    let mut store = CountingReads::onboarded();
    let session = Journal::load(&store).unwrap().session_on(DAY1).unwrap();
    for (index, actual) in [(0, 12), (1, 8)] {
        let set = logged_set(&session.slots[index], DAY1, answers(actual)).unwrap();
        commit(&mut store, vec![Write::AddSet(set)]).unwrap();
    }
    let reads = store.reads.get();
    let mut commit_in_memory = |writes: Vec<Write>| {
        let committed = commit(&mut store, writes).unwrap();
        assert_eq!(store.reads.get(), reads, "the log was read back");
        assert_commit_matches_a_fresh_load(&store.inner, &committed);
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
    assert!(store.reads.get() > reads);
    assert_eq!(made.sessions.len(), 1);
    assert_commit_matches_a_fresh_load(&store.inner, &made);
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

/// A set logged after a new plan made the same day joins the day's session
/// under the plan in force, with the day's earlier set: it is in the
/// journal, the decisions and today's count.
#[test]
fn a_set_logged_after_a_same_day_new_plan_joins_the_plan_in_force() {
    let mut store = onboarded();
    let day = (0..7)
        .map(|n| DAY1.checked_add(n.days()).unwrap())
        .find(|d| Journal::load(&store).unwrap().session_on(*d).is_some())
        .expect("a training day in the first week");
    let planned = Journal::load(&store)
        .unwrap()
        .session_planned_on(day)
        .unwrap()
        .unwrap();
    let first = logged_set(&planned.slots[0], day, answers(10)).unwrap();
    commit(&mut store, vec![Write::AddSet(first.clone())]).unwrap();

    let plan = new_plan(&mut store, day, day).unwrap();
    assert_eq!(plan.version, 2);
    let planned = Journal::load(&store)
        .unwrap()
        .session_planned_on(day)
        .unwrap()
        .unwrap();
    let slot = planned
        .slots
        .iter()
        .find(|s| s.key == first.slot)
        .expect("the same slot in the new plan");
    let second = logged_set(slot, day, answers(12)).unwrap();
    let committed = commit(&mut store, vec![Write::AddSet(second.clone())]).unwrap();
    assert_commit_matches_a_fresh_load(&store, &committed);
    let logged = committed
        .session_logged(day)
        .expect("the day's session is among the new plan's");
    assert_eq!(logged.plan_version, Some(2));
    let sets: Vec<&LoggedSet> = logged.sets.iter().map(|s| &s.logged).collect();
    assert_eq!(sets, [&first, &second]);
    assert!(committed.log.sets.contains(&second));
    assert!(
        committed
            .replay
            .decisions
            .iter()
            .any(|d| d.date == day && d.slot == first.slot),
        "the sets were decided on"
    );
    let today = crate::steps::today(&planned, Some(logged), &committed.settings);
    let counted = today.iter().find(|t| t.slot.key == first.slot).unwrap();
    assert_eq!(counted.logged.len(), 2, "both count against the cap");
}
