//! Correcting and deleting a logged set, and deleting a whole day: the one
//! implementation behind `keel edit`/`keel delete`, the web's history forms
//! and `PATCH`/`DELETE /api/v1/sets/{id}`, `DELETE /api/v1/sessions/{date}`.
//! Each goes through [`journal::commit`], so every decision that depended
//! on what changed is re-run.

use std::sync::Arc;

use jiff::civil::Date;

use keel_core::InputError;
use keel_core::engine::{Amount, FormFault};
use keel_core::measure::{Pain, Rpe};
use keel_core::program::Load;
use keel_core::redflag::Screen;
use keel_core::training::{LoggedSet, SlotKey};
use keel_store::{ImportedSelection, Store, StoredSet, Write};

use crate::journal::{self, Journal};
use crate::record;
use crate::{Error, Result};

/// The values a correction gives; `None` keeps what was logged.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SetChanges {
    /// In the set's own unit (seconds, reps or metres).
    pub actual: Option<u32>,
    pub load: Option<Load>,
    /// `Some(None)` removes the logged RPE.
    pub rpe: Option<Option<Rpe>>,
    /// Only for rep sets; `Some(None)` removes it.
    pub quality_reps: Option<Option<u8>>,
    pub faults: Option<Vec<FormFault>>,
    pub pain: Option<Pain>,
    pub sharp_pain: Option<bool>,
    /// `Some(None)` (or an empty note) removes the note.
    pub note: Option<Option<String>>,
}

/// What a correction did.
pub enum Corrected {
    /// Every value given was the one already logged: nothing was written.
    Unchanged(StoredSet),
    /// The correction adds pain, so the red-flag screen must be answered
    /// first; nothing was written. Ask it, then correct again with it.
    ScreenNeeded,
    /// Stored, with the journal before and after (whose replays show which
    /// decisions the correction changed).
    Stored {
        old: LoggedSet,
        new: LoggedSet,
        /// The screen answered with it raised a red flag: the program halts.
        halts: bool,
        before: Arc<Journal>,
        after: Arc<Journal>,
    },
}

/// The set with `id`, or a not-found error naming it.
pub fn find_set(store: &dyn Store, id: i64) -> Result<StoredSet> {
    store
        .sessions(None, None)?
        .into_iter()
        .flat_map(|s| s.sets)
        .find(|s| s.id == id)
        .ok_or_else(|| Error::NotFound(InputError::new("set", format!("there is no set #{id}"))))
}

/// `old` with `changes` applied, checked as a newly logged set is: the
/// amount fits the set's unit, quality reps only on rep sets and never more
/// than the reps done. Refused, never clamped: the person fixes it.
pub fn apply(old: &LoggedSet, changes: SetChanges) -> std::result::Result<LoggedSet, InputError> {
    let mut new = old.clone();
    let set = &mut new.set;
    if let Some(actual) = changes.actual {
        let corrected = record::amount_like(set.target, actual)?;
        if corrected != set.actual {
            // The corrected number is the set's result now; the per-side
            // results it replaces no longer describe it (docs/method.md §5.8).
            set.sides = None;
        }
        set.actual = corrected;
    }
    if let Some(load) = changes.load {
        set.load = load;
    }
    if let Some(rpe) = changes.rpe {
        set.rpe = rpe;
    }
    if let Some(quality) = changes.quality_reps {
        if quality.is_some() && !matches!(set.target, Amount::Reps(_)) {
            return Err(InputError::new(
                "quality-reps",
                format!(
                    "quality reps are only for rep sets; this set is logged in {}",
                    record::unit_of(set.target)
                ),
            ));
        }
        set.quality_reps = quality;
    }
    if let Some(faults) = changes.faults {
        set.faults = faults;
    }
    if let Some(pain) = changes.pain {
        set.pain = pain;
    }
    if let Some(sharp) = changes.sharp_pain {
        set.sharp_pain = sharp;
    }
    if let Some(note) = changes.note {
        set.note = record::note(note)?;
    }
    if let (Amount::Reps(done), Some(quality)) = (set.actual, set.quality_reps)
        && quality > done
    {
        return Err(InputError::new(
            "quality-reps",
            format!(
                "quality reps ({quality}) cannot exceed the reps done ({done}); \
                 correct the quality reps too"
            ),
        ));
    }
    Ok(new)
}

/// A correction that reports more pain than was logged needs the red-flag
/// screen, as logging that pain would have.
pub fn adds_pain(old: &LoggedSet, new: &LoggedSet) -> bool {
    new.set.pain > old.set.pain || (new.set.sharp_pain && !old.set.sharp_pain)
}

/// Corrects set `id`. `screen` is the red-flag screen, when the front end
/// has asked it; a correction that adds pain without one writes nothing and
/// answers [`Corrected::ScreenNeeded`] (an unanswered screen is never "no").
/// A screen with a red flag is always stored, pain or not.
pub fn correct_set(
    store: &mut dyn Store,
    id: i64,
    changes: SetChanges,
    screen: Option<Screen>,
) -> Result<Corrected> {
    let stored = find_set(store, id)?;
    let old = stored.logged.clone();
    let new = apply(&old, changes)?;
    if new == old {
        return Ok(Corrected::Unchanged(stored));
    }
    let screen = match (adds_pain(&old, &new), screen) {
        (true, None) => return Ok(Corrected::ScreenNeeded),
        (false, Some(screen)) if screen.is_clear() => None,
        (_, screen) => screen,
    };
    let halts = screen.as_ref().is_some_and(|s| !s.is_clear());
    let before = Journal::load(store)?;
    let mut writes = vec![Write::UpdateSet {
        id,
        logged: new.clone(),
    }];
    writes.extend(record::writes(Vec::new(), screen.map(|s| (new.date, s))));
    let after = journal::commit(store, writes)?;
    Ok(Corrected::Stored {
        old,
        new,
        halts,
        before,
        after,
    })
}

/// What [`delete_set`] removed, with the journal before and after.
pub struct Deleted {
    pub set: StoredSet,
    pub before: Arc<Journal>,
    pub after: Arc<Journal>,
}

/// Deletes set `id`; the decisions that depended on it re-run.
pub fn delete_set(store: &mut dyn Store, id: i64) -> Result<Deleted> {
    let set = find_set(store, id)?;
    let before = Journal::load(store)?;
    let after = journal::commit(store, vec![Write::DeleteSet { id }])?;
    Ok(Deleted { set, before, after })
}

/// What a day holds, to be deleted with it: what the confirmation names.
#[derive(Debug, Clone, PartialEq)]
pub struct Day {
    pub date: Date,
    /// The day has a logged session (sets, or only its summary).
    pub session: bool,
    /// Sets logged that day.
    pub sets: usize,
    /// Sets imported for that day (history from another app).
    pub imported: usize,
    /// The slots of the logged sets, whose decisions re-run.
    pub slots: Vec<SlotKey>,
}

impl Day {
    /// "the session of 2026-03-02 with its 3 sets and 2 imported sets of
    /// 2026-03-02", for a confirmation or a report.
    pub fn describe(&self) -> String {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let mut parts = Vec::new();
        if self.session {
            parts.push(format!(
                "the session of {} with its {} set{}",
                self.date,
                self.sets,
                plural(self.sets)
            ));
        }
        if self.imported > 0 {
            parts.push(format!(
                "{} imported set{} of {}",
                self.imported,
                plural(self.imported),
                self.date
            ));
        }
        parts.join(" and ")
    }
}

/// What `date` holds; not found (field `date`) when nothing is logged or
/// imported on it.
pub fn day(store: &dyn Store, date: Date) -> Result<Day> {
    let session = store
        .sessions(Some(date), Some(date))?
        .into_iter()
        .find(|s| s.date == date);
    let imported = store.imported_sets(Some(date), Some(date))?.len();
    let Some(session) = session else {
        if imported == 0 {
            return Err(nothing_on(date));
        }
        return Ok(Day {
            date,
            session: false,
            sets: 0,
            imported,
            slots: Vec::new(),
        });
    };
    let mut slots: Vec<SlotKey> = session.sets.iter().map(|s| s.logged.slot.clone()).collect();
    slots.sort();
    slots.dedup();
    Ok(Day {
        date,
        session: true,
        sets: session.sets.len(),
        imported,
        slots,
    })
}

fn nothing_on(date: Date) -> Error {
    Error::NotFound(InputError::new(
        "date",
        format!("nothing is logged or imported on {date}"),
    ))
}

/// What [`delete_day`] removed; the journals before and after when the day
/// had a logged session (imported history alone moves no decision).
pub struct DeletedDay {
    pub day: Day,
    pub journals: Option<(Arc<Journal>, Arc<Journal>)>,
}

/// Deletes everything `date` holds, logged and imported, in one batch:
/// all of it or nothing. The decisions that depended on it re-run.
pub fn delete_day(store: &mut dyn Store, date: Date) -> Result<DeletedDay> {
    let day = day(store, date)?;
    let mut writes = Vec::new();
    if day.session {
        writes.push(Write::DeleteSession { date });
    }
    if day.imported > 0 {
        writes.push(Write::DeleteImported(ImportedSelection::Day(date)));
    }
    if !day.session {
        // Imported history only: it needs no profile or plan.
        store.apply(writes)?;
        return Ok(DeletedDay {
            day,
            journals: None,
        });
    }
    let before = Journal::load(store)?;
    let after = journal::commit(store, writes)?;
    Ok(DeletedDay {
        day,
        journals: Some((before, after)),
    })
}

#[cfg(test)]
mod tests;
