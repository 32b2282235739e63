//! The cache layer: what the server puts around its stores so a request
//! need not read and replay an athlete's whole journal. The command line
//! runs without it; [`crate::journal`] is the plain path, and this layer
//! must give exactly what that path gives (the equivalence tests below run
//! the same stories both ways).
//!
//! A store has the layer when it is a [`Cached`] (or wraps one): its
//! [`Store::cache`] then answers, and [`crate::journal::Journal::load`] and
//! [`crate::journal::commit`] come here. The layer's mechanisms, each
//! measured in BENCHMARKS.md ("Caching mechanisms"):
//!
//! - **the kept journal**: the journal made at the data's [`Revision`] is
//!   kept ([`keel_store::Memos`]) and returned while the revision of what
//!   it is made from has not moved; any process's write moves it, in the
//!   database, in the write's own transaction.
//! - **re-reading the moved parts** ([`reread`]): after a write, only the
//!   parts of the data that moved are read again, the rest taken from the
//!   kept journal.
//! - **the guarded set write** ([`append`]): a logged set joins the kept
//!   journal in memory and is stored with the decisions that changed in
//!   one write, which lands only while the data is as the journal saw it.
//! - **the planned session carried over**: the session planned on a day
//!   stays with the journal through the sets logged that day.
//! - **the coach overview** ([`crate::athlete_overview::summarize`]),
//!   kept at the revision it was made at.

mod append;
mod reread;

use std::sync::Arc;

use keel_core::training::LoggedSet;
use keel_store::{
    AddedSet, Cache, DecisionsTail, KeptAnswer, KeptKey, Memo, Memos, Part, RequestKey, Revision,
    Revisioned, RevisionedStore, Store, Write,
};

use crate::Result;
use crate::journal::{Journal, store_decisions, stored_before};

/// A store with the cache layer around it: the server's. Every read and
/// write is the inner store's; [`Store::cache`] is this layer.
#[derive(Clone)]
pub struct Cached<S> {
    store: S,
    memos: Arc<Memos>,
    user: i64,
}

impl<S: RevisionedStore> Cached<S> {
    /// `store` (the data of `user`), keeping values in `memos`, which may
    /// be shared by the stores of many users (a server's).
    pub fn new(store: S, memos: Arc<Memos>, user: keel_store::UserId) -> Cached<S> {
        Cached {
            store,
            memos,
            user: user.get(),
        }
    }

    pub fn inner(&self) -> &S {
        &self.store
    }

    pub fn inner_mut(&mut self) -> &mut S {
        &mut self.store
    }
}

/// Each mechanism of the layer, to measure what it gains (the
/// `cache-mechanisms` benchmark turns one off at a time; a server runs
/// with all of them on).
pub mod switches {
    use std::sync::atomic::{AtomicBool, Ordering};

    /// One mechanism's switch (on unless a benchmark turned it off).
    pub struct Switch(AtomicBool);

    impl Switch {
        const fn on() -> Switch {
            Switch(AtomicBool::new(true))
        }

        pub fn is_on(&self) -> bool {
            self.0.load(Ordering::Relaxed)
        }

        pub fn set(&self, on: bool) {
            self.0.store(on, Ordering::Relaxed);
        }
    }

    /// The kept journal (off: the layer reads afresh every time).
    pub static KEPT_JOURNAL: Switch = Switch::on();
    /// Re-reading only the parts that moved since the kept journal.
    pub static REREAD_MOVED: Switch = Switch::on();
    /// The guarded set write.
    pub static GUARDED_SET: Switch = Switch::on();
    /// The planned session carried over to the next journal.
    pub static CARRY_PLANNED: Switch = Switch::on();
    /// The coach overview kept at its revision.
    pub static OVERVIEW: Switch = Switch::on();
}

/// Every part a journal is made from (not assessments, imports or the
/// stored decisions).
pub(crate) const REPLAYED: [Part; 5] = [
    Part::Setup,
    Part::Plans,
    Part::Log,
    Part::CheckIns,
    Part::Safety,
];

/// Kept beside a journal at the revision where the store held exactly
/// that journal's decisions: the next set then writes only the decisions
/// that change.
struct DecisionsStored;

/// [`Journal::load_if_ready`] through the layer: the journal kept at the
/// data's current revision, else one read again (only the parts that moved
/// since a kept one, see [`reread`]) and kept.
pub(crate) fn journal(store: &dyn Store, cache: &dyn Cache) -> Result<Option<Arc<Journal>>> {
    journal_after(store, cache, &[])
}

/// As [`journal`] right after `store` applied `written` (see
/// [`reread::Earlier::written`]).
fn journal_after(
    store: &dyn Store,
    cache: &dyn Cache,
    written: &[Write],
) -> Result<Option<Arc<Journal>>> {
    if !switches::KEPT_JOURNAL.is_on() {
        return Ok(Journal::read(store)?.map(Arc::new));
    }
    let memo = cache.memo();
    // Read before the data, so a write in between only makes the kept
    // journal look stale (see `Memo::put`).
    let revision = cache.revision()?;
    let kept = memo.latest::<Journal>();
    if let Some((at, journal)) = &kept
        && at.same(&revision, &REPLAYED)
    {
        return Ok(Some(Arc::clone(journal)));
    }
    let journal = match &kept {
        Some((at, journal)) if switches::REREAD_MOVED.is_on() => {
            let earlier = reread::Earlier {
                made_at: *at,
                now: revision,
                journal,
                written,
            };
            reread::read(store, earlier)?
        }
        _ => Journal::read(store)?,
    };
    let Some(journal) = journal else {
        return Ok(None);
    };
    if let Some((_, earlier)) = &kept {
        carry_planned(earlier, &journal);
    }
    let journal = Arc::new(journal);
    memo.put(revision, Arc::clone(&journal));
    Ok(Some(journal))
}

/// Takes `earlier`'s planned session when nothing it was made from has
/// changed: logging today's sets does not move today's plan, so set
/// logging need not replay it again after every set.
fn carry_planned(earlier: &Journal, journal: &Journal) {
    if !switches::CARRY_PLANNED.is_on() {
        return;
    }
    let same_setup = (Arc::ptr_eq(&earlier.plan, &journal.plan) || earlier.plan == journal.plan)
        && earlier.profile == journal.profile
        && earlier.settings == journal.settings;
    if let Some((date, session)) = earlier.planned_session()
        && same_setup
        && crate::journal::Before(date).agree(&earlier.log, &journal.log)
    {
        *journal
            .planned
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some((date, session));
    }
}

/// [`crate::journal::commit`] through the layer. A single set, the most
/// common write, goes through the guarded set write ([`append`]) when the
/// layer keeps a journal at the data's revision; anything else is applied,
/// then the journal is read again (only the parts the writes moved) and
/// its decisions stored.
pub(crate) fn commit(store: &mut dyn Store, writes: Vec<Write>) -> Result<Arc<Journal>> {
    if let [Write::AddSet(set)] = writes.as_slice()
        && switches::GUARDED_SET.is_on()
        && let Some(journal) = append::add_set(store, set)?
    {
        return Ok(journal);
    }
    // A small batch the kept journal can take in memory is kept, so the
    // plan's log need not be read back (see `reread::Earlier::written`).
    let written = reread::applies_in_memory(&writes).then(|| writes.clone());
    store.apply(writes)?;
    load_and_store_decisions(store, written.as_deref().unwrap_or_default()).map_err(stored_before)
}

/// The journal as stored now, right after `store` applied `written` (or
/// whatever it did: `written` may be empty), with its decisions stored.
fn load_and_store_decisions(store: &mut dyn Store, written: &[Write]) -> Result<Arc<Journal>> {
    let Some(cache) = store.cache() else {
        // A store loses its layer only if built so; take the plain path.
        let journal = Journal::load(store)?;
        store.apply(vec![store_decisions(&journal)])?;
        return Ok(journal);
    };
    let before = cache.revision()?;
    let journal = match journal_after(store, cache, written)? {
        Some(journal) => journal,
        None => Journal::load(store)?,
    };
    store.apply(vec![store_decisions(&journal)])?;
    // The store holds these decisions if nothing the journal was made from
    // moved, and no other decisions were stored, since `before`; the
    // journal is then kept at the revision that says so, for the next set.
    let Some(cache) = store.cache() else {
        return Ok(journal);
    };
    let after = cache.revision()?;
    if after.same(&before, &REPLAYED) && after.of(Part::Decisions) == before.of(Part::Decisions) + 1
    {
        let memo = cache.memo();
        memo.put(after, Arc::clone(&journal));
        memo.put(after, Arc::new(DecisionsStored));
    }
    Ok(journal)
}

/// `value` kept for this store's user at the data's revision, made by
/// `make` when none is kept (or the store has no cache layer, or `enabled`
/// is off). The revision is read before `make` reads the data (see
/// [`Memo::put`]).
pub(crate) fn kept_or<T: Send + Sync + 'static>(
    store: &dyn Store,
    enabled: bool,
    reuse: impl Fn(&T) -> bool,
    make: impl FnOnce() -> Result<T>,
) -> Result<Arc<T>> {
    let Some(cache) = store.cache().filter(|_| enabled) else {
        return make().map(Arc::new);
    };
    let memo = cache.memo();
    let revision = cache.revision()?;
    if let Some(kept) = memo.get::<T>(revision)
        && reuse(&kept)
    {
        return Ok(kept);
    }
    let value = Arc::new(make()?);
    memo.put(revision, Arc::clone(&value));
    Ok(value)
}

impl<S: RevisionedStore> Revisioned for Cached<S> {
    fn revision(&self) -> keel_store::Result<Revision> {
        self.store.revision()
    }

    fn add_set_if_unchanged(
        &mut self,
        at: &Revision,
        unchanged: &[Part],
        set: &LoggedSet,
        decisions: &DecisionsTail,
        key: Option<&RequestKey>,
    ) -> keel_store::Result<Option<AddedSet>> {
        self.store
            .add_set_if_unchanged(at, unchanged, set, decisions, key)
    }
}

impl<S: RevisionedStore> Cache for Cached<S> {
    fn memo(&self) -> Memo<'_> {
        Memo::new(&self.memos, self.user)
    }
}

impl<S: RevisionedStore> Store for Cached<S> {
    fn cache(&self) -> Option<&dyn Cache> {
        Some(self)
    }

    fn cache_mut(&mut self) -> Option<&mut dyn Cache> {
        Some(self)
    }

    fn apply(&mut self, writes: Vec<Write>) -> keel_store::Result<()> {
        self.store.apply(writes)
    }

    fn apply_keyed(&mut self, writes: Vec<Write>, key: &RequestKey) -> keel_store::Result<()> {
        self.store.apply_keyed(writes, key)
    }

    fn kept_key(&self, key: &str) -> keel_store::Result<Option<KeptKey>> {
        self.store.kept_key(key)
    }

    fn keep_answer(&mut self, key: &RequestKey, answer: &KeptAnswer) -> keel_store::Result<()> {
        self.store.keep_answer(key, answer)
    }

    keel_store::forward_reads!(self => self.store);
}

#[cfg(test)]
mod tests;
