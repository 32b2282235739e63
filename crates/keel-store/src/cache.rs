//! What a cache layer above a store needs from it, apart from the plain
//! reads and writes of [`crate::Store`]: the layer itself (the kept
//! journal, the guarded set write) is `keel_app::cache`, which the server
//! puts around its stores and the command line does not.
//!
//! - [`Revision`]: every [`crate::Store::apply`] that changes what a user
//!   entered counts the change of each [`Part`] it touches in the same
//!   transaction, in the database itself, so a write from any process (the
//!   CLI beside `keel serve`, a second server) makes a kept value stale.
//! - [`Revisioned`]: what a backend offers the layer (the revision, and a
//!   set write that lands only while the data is at a revision).
//! - [`Memos`]: where the layer keeps values derived from a user's data,
//!   each tagged with the revision it was made at. A backend handle may
//!   hold one for the layers built over its stores; it never reads it.
//! - [`Cache`]: the layer as a store hands it out ([`crate::Store::cache`]).

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use keel_core::training::LoggedSet;

use crate::{AddedSet, DecisionsTail, RequestKey, Result};

/// What a backend offers a cache layer above it; not part of
/// [`crate::Store`], as the plain path never needs it.
pub trait Revisioned {
    /// The revision of everything stored for this user, part by part.
    fn revision(&self) -> Result<Revision>;

    /// Logs `set` as [`crate::Write::AddSet`] does and rewrites the
    /// decisions of `decisions.plan_version` from position `decisions.kept`
    /// on, in one transaction, but only while every part in `unchanged` is
    /// still at its count in `at`, `decisions.plan_version` is the newest
    /// plan version, and the set's day has no session or one of that
    /// version. With `key`, stores it in the same transaction (see
    /// [`crate::Store::apply_keyed`]). Otherwise, or when `key` is stored
    /// already, `Ok(None)`, and nothing is written.
    ///
    /// The cache layer computes the new decisions from a journal kept at
    /// `at`; this stores them without reading back what it already holds.
    fn add_set_if_unchanged(
        &mut self,
        at: &Revision,
        unchanged: &[Part],
        set: &LoggedSet,
        decisions: &DecisionsTail,
        key: Option<&RequestKey>,
    ) -> Result<Option<AddedSet>>;
}

/// A backend's store: plain reads and writes, and what a cache layer needs.
pub trait RevisionedStore: crate::Store + Revisioned {}

impl<T: crate::Store + Revisioned + ?Sized> RevisionedStore for T {}

/// A cache layer around a store, as [`crate::Store::cache`] hands it out:
/// the store's revision and guarded write, and this user's kept values.
pub trait Cache: Revisioned {
    fn memo(&self) -> Memo<'_>;
}

/// What a write changes, part by part, so a kept value can be brought up
/// to date by re-reading only the parts that moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Profile, plan settings and engine settings.
    Setup,
    /// Plan versions.
    Plans,
    /// Logged sessions and their sets.
    Log,
    CheckIns,
    /// The safety log (red-flag screens, resumes).
    Safety,
    /// Assessments, imported history, outcome measures and loaded
    /// questionnaires.
    Records,
    /// The stored decisions, rewritten after every change to the log: what
    /// the replay derives, so the journal does not depend on it, but a
    /// summary read from the stored decisions does.
    Decisions,
}

impl Part {
    pub const ALL: [Part; PARTS] = [
        Part::Setup,
        Part::Plans,
        Part::Log,
        Part::CheckIns,
        Part::Safety,
        Part::Records,
        Part::Decisions,
    ];

    /// The part `write` changes.
    pub fn of(write: &crate::Write) -> Part {
        use crate::Write;
        match write {
            Write::SaveProfile(_)
            | Write::SaveSettings(_)
            | Write::SaveEngineSettings(_)
            | Write::SetTrainingTime(_)
            | Write::SaveCalendarEvents(_)
            | Write::SetCalendarFeed(_) => Part::Setup,
            Write::AddPlan { .. } => Part::Plans,
            Write::AddSet(_)
            | Write::UpdateSet { .. }
            | Write::DeleteSet { .. }
            | Write::DeleteSession { .. }
            | Write::SummarizeSession { .. }
            | Write::AddSessionPart { .. } => Part::Log,
            Write::AddCheckIn(_) => Part::CheckIns,
            Write::Safety(_) => Part::Safety,
            Write::AddAssessment(_)
            | Write::Import { .. }
            | Write::DeleteImported(_)
            | Write::AddOutcome(_)
            | Write::SaveQuestionnaire(_) => Part::Records,
            Write::ReplaceDecisions { .. } => Part::Decisions,
        }
    }

    /// The column that counts this part's changes (the same name on every
    /// backend).
    pub fn column(self) -> &'static str {
        match self {
            Part::Setup => "rev_setup",
            Part::Plans => "rev_plans",
            Part::Log => "rev_log",
            Part::CheckIns => "rev_check_ins",
            Part::Safety => "rev_safety",
            Part::Records => "rev_records",
            Part::Decisions => "rev_decisions",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// How many parts a revision counts.
pub const PARTS: usize = 7;

/// A version of one user's data: a count of changes for each [`Part`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Revision([i64; PARTS]);

impl Revision {
    /// From the counts in [`Part::ALL`]'s order.
    pub fn new(counts: [i64; PARTS]) -> Revision {
        Revision(counts)
    }

    /// From a row's columns `0..PARTS`, in [`revision_columns`]'s order.
    pub fn from_columns<E>(
        mut column: impl FnMut(usize) -> std::result::Result<i64, E>,
    ) -> std::result::Result<Revision, E> {
        let mut counts = [0; PARTS];
        for (i, count) in counts.iter_mut().enumerate() {
            *count = column(i)?;
        }
        Ok(Revision(counts))
    }

    pub fn of(&self, part: Part) -> i64 {
        self.0[part.index()]
    }

    /// Whether every one of `parts` is as in `other`.
    pub fn same(&self, other: &Revision, parts: &[Part]) -> bool {
        parts.iter().all(|p| self.of(*p) == other.of(*p))
    }

    /// This revision after one batch that wrote `writes`: each part it
    /// changes counts once a batch (see [`counting`]).
    pub fn after_batch(&self, writes: &[crate::Write]) -> Revision {
        let mut next = *self;
        for part in parts_changed(writes) {
            next.0[part.index()] += 1;
        }
        next
    }
}

/// The parts a batch changes, each once, in [`Part::ALL`]'s order.
pub fn parts_changed(writes: &[crate::Write]) -> Vec<Part> {
    let touched: Vec<Part> = writes.iter().map(Part::of).collect();
    Part::ALL
        .into_iter()
        .filter(|p| touched.contains(p))
        .collect()
}

/// The SQL that counts a change of `parts` (none: `None`), for a statement
/// `UPDATE <table> SET <this> WHERE ...`.
pub fn counting(parts: &[Part]) -> Option<String> {
    if parts.is_empty() {
        return None;
    }
    Some(
        parts
            .iter()
            .map(|p| format!("{c} = {c} + 1", c = p.column()))
            .collect::<Vec<_>>()
            .join(", "),
    )
}

/// The columns of every part, comma-separated, in [`Part::ALL`]'s order
/// (built once: every request reads the revision).
pub fn revision_columns() -> &'static str {
    static COLUMNS: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| Part::ALL.map(Part::column).join(", "));
    &COLUMNS
}

type Value = Arc<dyn Any + Send + Sync>;

struct Entry {
    revision: Revision,
    value: Value,
    /// When this entry was last read or written, for eviction.
    used: u64,
}

struct Entries {
    clock: u64,
    by_key: HashMap<(i64, TypeId), Entry>,
}

/// Kept values, one of each type for each user, up to `capacity` in all;
/// the least recently used is dropped to make room.
pub struct Memos {
    capacity: usize,
    entries: Mutex<Entries>,
}

impl Memos {
    pub fn new(capacity: usize) -> Memos {
        Memos {
            capacity,
            entries: Mutex::new(Entries {
                clock: 0,
                by_key: HashMap::new(),
            }),
        }
    }

    /// How many values are kept now.
    pub fn len(&self) -> usize {
        self.lock().by_key.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        // A panic elsewhere while holding the lock leaves the map whole
        // (every change below is a single insert or remove).
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn get<T: Any + Send + Sync>(&self, key: i64, revision: Revision) -> Option<Arc<T>> {
        let mut entries = self.lock();
        entries.clock += 1;
        let now = entries.clock;
        let entry = entries.by_key.get_mut(&(key, TypeId::of::<T>()))?;
        if entry.revision != revision {
            return None;
        }
        entry.used = now;
        Arc::clone(&entry.value).downcast::<T>().ok()
    }

    fn latest<T: Any + Send + Sync>(&self, key: i64) -> Option<(Revision, Arc<T>)> {
        let mut entries = self.lock();
        entries.clock += 1;
        let now = entries.clock;
        let entry = entries.by_key.get_mut(&(key, TypeId::of::<T>()))?;
        entry.used = now;
        let value = Arc::clone(&entry.value).downcast::<T>().ok()?;
        Some((entry.revision, value))
    }

    fn take_latest<T: Any + Send + Sync>(&self, key: i64) -> Option<(Revision, Arc<T>)> {
        let mut entries = self.lock();
        let entry = entries.by_key.remove(&(key, TypeId::of::<T>()))?;
        let value = entry.value.downcast::<T>().ok()?;
        Some((entry.revision, value))
    }

    fn put<T: Any + Send + Sync>(&self, key: i64, revision: Revision, value: Arc<T>) {
        if self.capacity == 0 {
            return;
        }
        let key = (key, TypeId::of::<T>());
        let mut entries = self.lock();
        entries.clock += 1;
        let used = entries.clock;
        if !entries.by_key.contains_key(&key) && entries.by_key.len() >= self.capacity {
            // A linear scan, only when a new user arrives at a full map.
            let oldest = entries
                .by_key
                .iter()
                .min_by_key(|(_, e)| e.used)
                .map(|(k, _)| *k);
            if let Some(oldest) = oldest {
                entries.by_key.remove(&oldest);
            }
        }
        entries.by_key.insert(
            key,
            Entry {
                revision,
                value: value as Value,
                used,
            },
        );
    }
}

/// One user's place in a [`Memos`]: what [`Cache::memo`] hands out.
#[derive(Clone, Copy)]
pub struct Memo<'a> {
    memos: &'a Memos,
    key: i64,
}

impl<'a> Memo<'a> {
    pub fn new(memos: &'a Memos, key: i64) -> Memo<'a> {
        Memo { memos, key }
    }

    /// The value kept at `revision`, if it is still that and of type `T`.
    pub fn get<T: Any + Send + Sync>(&self, revision: Revision) -> Option<Arc<T>> {
        self.memos.get(self.key, revision)
    }

    /// The value kept last, whatever its revision: what a caller may bring
    /// up to date by re-reading the parts that moved since.
    pub fn latest<T: Any + Send + Sync>(&self) -> Option<(Revision, Arc<T>)> {
        self.memos.latest(self.key)
    }

    /// As [`Memo::latest`], no longer kept: a caller that then holds the
    /// only reference may change the value in place instead of copying it,
    /// and [`Memo::put`]s the result back.
    pub fn take_latest<T: Any + Send + Sync>(&self) -> Option<(Revision, Arc<T>)> {
        self.memos.take_latest(self.key)
    }

    /// Keeps `value` as derived from the data at `revision`. The caller
    /// must have read `revision` before reading what `value` was made from:
    /// then a write in between can only make the kept value look stale,
    /// never make a stale value look current.
    pub fn put<T: Any + Send + Sync>(&self, revision: Revision, value: Arc<T>) {
        self.memos.put(self.key, revision, value);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_returned_only_at_its_revision_and_type() {
        let memos = Memos::new(4);
        let memo = Memo::new(&memos, 7);
        memo.put(Revision::new([1; PARTS]), Arc::new(42_u32));
        assert_eq!(
            memo.get::<u32>(Revision::new([1; PARTS])).as_deref(),
            Some(&42)
        );
        assert!(memo.get::<u32>(Revision::new([2; PARTS])).is_none());
        assert!(memo.get::<String>(Revision::new([1; PARTS])).is_none());
        // One value of each type: a second type sits beside the first.
        memo.put(Revision::new([1; PARTS]), Arc::new(String::from("kept")));
        assert_eq!(
            memo.get::<u32>(Revision::new([1; PARTS])).as_deref(),
            Some(&42)
        );
        assert_eq!(memo.latest::<String>().unwrap().1.as_str(), "kept");
        assert!(
            Memo::new(&memos, 8)
                .get::<u32>(Revision::new([1; PARTS]))
                .is_none()
        );
    }

    #[test]
    fn a_batch_moves_each_part_it_changes_once() {
        use crate::{CheckIn, Write};
        let check_in = Write::AddCheckIn(CheckIn::Morning(keel_core::engine::MorningCheck {
            date: jiff::civil::date(2026, 1, 5),
            pain_back_to_usual: true,
            stiffness_back_to_usual: true,
            soreness: keel_core::measure::Pain::new(0).unwrap(),
        }));
        let delete = Write::DeleteSession {
            date: jiff::civil::date(2026, 1, 5),
        };
        let at = Revision::new([3; PARTS]);
        let after = at.after_batch(&[delete.clone(), check_in, delete]);
        assert_eq!(after.of(Part::Log), 4);
        assert_eq!(after.of(Part::CheckIns), 4);
        assert!(after.same(
            &at,
            &[Part::Setup, Part::Plans, Part::Safety, Part::Decisions]
        ));
        assert_eq!(at.after_batch(&[]), at);
    }

    #[test]
    fn a_taken_value_is_no_longer_kept() {
        let memos = Memos::new(4);
        let memo = Memo::new(&memos, 7);
        memo.put(Revision::new([1; PARTS]), Arc::new(42_u32));
        memo.put(Revision::new([1; PARTS]), Arc::new(String::from("kept")));
        assert!(memo.take_latest::<u64>().is_none());
        let (revision, value) = memo.take_latest::<u32>().unwrap();
        assert_eq!((revision, *value), (Revision::new([1; PARTS]), 42));
        // The taker holds the only reference, so it may change it in place.
        assert!(Arc::try_unwrap(value).is_ok());
        assert!(memo.latest::<u32>().is_none());
        assert!(memo.take_latest::<u32>().is_none());
        assert_eq!(memo.latest::<String>().unwrap().1.as_str(), "kept");
        assert_eq!(memos.len(), 1);
    }

    #[test]
    fn the_least_recently_used_user_makes_room() {
        let memos = Memos::new(2);
        Memo::new(&memos, 1).put(Revision::new([1; PARTS]), Arc::new(1_u8));
        Memo::new(&memos, 2).put(Revision::new([1; PARTS]), Arc::new(2_u8));
        // Reading user 1 makes user 2 the least recently used.
        assert!(
            Memo::new(&memos, 1)
                .get::<u8>(Revision::new([1; PARTS]))
                .is_some()
        );
        Memo::new(&memos, 3).put(Revision::new([1; PARTS]), Arc::new(3_u8));
        assert_eq!(memos.len(), 2);
        assert!(
            Memo::new(&memos, 2)
                .get::<u8>(Revision::new([1; PARTS]))
                .is_none()
        );
        assert!(
            Memo::new(&memos, 1)
                .get::<u8>(Revision::new([1; PARTS]))
                .is_some()
        );
        assert!(
            Memo::new(&memos, 3)
                .get::<u8>(Revision::new([1; PARTS]))
                .is_some()
        );
    }

    #[test]
    fn a_zero_capacity_keeps_nothing() {
        let memos = Memos::new(0);
        Memo::new(&memos, 1).put(Revision::new([1; PARTS]), Arc::new(1_u8));
        assert!(memos.is_empty());
    }

    #[test]
    fn a_batch_counts_each_part_it_changes_once() {
        use crate::Write;
        let decisions = Write::ReplaceDecisions {
            plan_version: 1,
            decisions: Vec::new(),
        };
        assert_eq!(
            parts_changed(std::slice::from_ref(&decisions)),
            [Part::Decisions]
        );
        assert_eq!(counting(&[]), None);
        let parts = parts_changed(&[
            Write::DeleteSet { id: 2 },
            decisions,
            Write::DeleteSet { id: 1 },
            Write::SaveSettings(keel_core::settings::PlanSettings::default()),
        ]);
        assert_eq!(parts, [Part::Setup, Part::Log, Part::Decisions]);
        assert_eq!(
            counting(&parts).as_deref(),
            Some(
                "rev_setup = rev_setup + 1, rev_log = rev_log + 1, rev_decisions = rev_decisions + 1"
            )
        );
    }

    #[test]
    fn the_latest_value_is_kept_whatever_its_revision() {
        let memos = Memos::new(1);
        let memo = Memo::new(&memos, 1);
        assert!(memo.latest::<u8>().is_none());
        let at = Revision::new([1, 2, 3, 4, 5, 6, 7]);
        memo.put(at, Arc::new(9_u8));
        let (revision, value) = memo.latest::<u8>().unwrap();
        assert_eq!((revision, *value), (at, 9));
        assert_eq!(revision.of(Part::Records), 6);
        assert_eq!(revision.of(Part::Decisions), 7);
        let other = Revision::new([1, 2, 0, 0, 0, 0, 0]);
        assert!(revision.same(&other, &[Part::Setup, Part::Plans]));
        assert!(!revision.same(&other, &[Part::Setup, Part::Log]));
    }
}
