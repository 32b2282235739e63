//! A place for a higher layer to keep one value derived from a user's data
//! between requests (the application keeps the replayed journal here), valid
//! only while that data's [`Revision`] is unchanged.
//!
//! The store never computes or reads these values; it only holds them. What
//! makes them safe is the revision: every [`crate::Store::apply`] that changes
//! what a user entered gives that user a new revision in the same
//! transaction, in the database itself, so a write from any process (the CLI
//! beside `keel serve`, a second server) makes the kept value stale.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A version of one user's entered data: everything the store holds for
/// them except the stored decisions, which are derived from the rest.
/// Compared for equality only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Revision(pub i64);

/// Whether a batch changes a user's revision: every write does except
/// replacing the stored decisions (derived data, rewritten after each change).
pub fn changes_revision(writes: &[crate::Write]) -> bool {
    writes
        .iter()
        .any(|w| !matches!(w, crate::Write::ReplaceDecisions { .. }))
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
    by_key: HashMap<i64, Entry>,
}

/// Kept values for up to `capacity` users, one value each; the least
/// recently used is dropped to make room.
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

    /// How many users' values are kept now.
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
        let entry = entries.by_key.get_mut(&key)?;
        if entry.revision != revision {
            return None;
        }
        entry.used = now;
        Arc::clone(&entry.value).downcast::<T>().ok()
    }

    fn put(&self, key: i64, revision: Revision, value: Value) {
        if self.capacity == 0 {
            return;
        }
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
                value,
                used,
            },
        );
    }
}

/// One user's place in a [`Memos`]: what [`crate::Store::memo`] hands out.
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

    /// Keeps `value` as derived from the data at `revision`. The caller
    /// must have read `revision` before reading what `value` was made from:
    /// then a write in between can only make the kept value look stale,
    /// never make a stale value look current.
    pub fn put<T: Any + Send + Sync>(&self, revision: Revision, value: Arc<T>) {
        self.memos.put(self.key, revision, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_returned_only_at_its_revision_and_type() {
        let memos = Memos::new(4);
        let memo = Memo::new(&memos, 7);
        memo.put(Revision(1), Arc::new(42_u32));
        assert_eq!(memo.get::<u32>(Revision(1)).as_deref(), Some(&42));
        assert!(memo.get::<u32>(Revision(2)).is_none());
        assert!(memo.get::<String>(Revision(1)).is_none());
        assert!(Memo::new(&memos, 8).get::<u32>(Revision(1)).is_none());
    }

    #[test]
    fn the_least_recently_used_user_makes_room() {
        let memos = Memos::new(2);
        Memo::new(&memos, 1).put(Revision(1), Arc::new(1_u8));
        Memo::new(&memos, 2).put(Revision(1), Arc::new(2_u8));
        // Reading user 1 makes user 2 the least recently used.
        assert!(Memo::new(&memos, 1).get::<u8>(Revision(1)).is_some());
        Memo::new(&memos, 3).put(Revision(1), Arc::new(3_u8));
        assert_eq!(memos.len(), 2);
        assert!(Memo::new(&memos, 2).get::<u8>(Revision(1)).is_none());
        assert!(Memo::new(&memos, 1).get::<u8>(Revision(1)).is_some());
        assert!(Memo::new(&memos, 3).get::<u8>(Revision(1)).is_some());
    }

    #[test]
    fn a_zero_capacity_keeps_nothing() {
        let memos = Memos::new(0);
        Memo::new(&memos, 1).put(Revision(1), Arc::new(1_u8));
        assert!(memos.is_empty());
    }

    #[test]
    fn only_decision_rewrites_keep_the_revision() {
        use crate::Write;
        let decisions = Write::ReplaceDecisions {
            plan_version: 1,
            decisions: Vec::new(),
        };
        assert!(!changes_revision(std::slice::from_ref(&decisions)));
        assert!(!changes_revision(&[]));
        assert!(changes_revision(&[decisions, Write::DeleteSet { id: 1 }]));
    }
}
