//! The workout screen's rules, shared by the session pages and any other
//! front end: what an exercise got last time, and undoing the last set.
//!
//! Undo is not an action of its own: it is the one way a set is deleted
//! ([`delete_set`], as `keel delete`, the history page and `DELETE
//! /api/v1/sets/{id}` do it), aimed at the set logged last today and
//! refused unless the caller names that very set, so a double tap or a
//! stale page never deletes a second one.

use jiff::civil::Date;
use keel_core::InputError;
use keel_core::catalog::ExerciseId;
use keel_core::engine::SetLog;
use keel_core::program::Load;
use keel_core::training::PlannedSession;
use keel_core::units::Units;
use keel_store::{Store, StoredSet};

use crate::Result;
use crate::journal::Journal;

/// What one exercise got on the latest earlier day it was done.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LastTime {
    pub exercise: ExerciseId,
    pub date: Date,
    /// That day's sets of the exercise, in the order they were done.
    pub sets: Vec<SetLog>,
}

impl LastTime {
    /// "2026-03-02: 30 s (RPE 6), 8 reps at 16 kg (RPE 7, pain 2)", the
    /// numbers a set row shows beside today's, loads in `units`.
    pub fn describe(&self, units: Units) -> String {
        let sets: Vec<String> = self.sets.iter().map(|s| short(s, units)).collect();
        format!("{}: {}", self.date, sets.join(", "))
    }
}

fn short(set: &SetLog, units: Units) -> String {
    let mut text = crate::wording::amount_value(set.actual);
    if let Load::Kg { kg } = set.load {
        text.push_str(&format!(" at {}", units.show(kg)));
    }
    let mut extra = Vec::new();
    if let Some(rpe) = set.rpe {
        extra.push(format!("RPE {rpe}"));
    }
    if set.pain.get() > 0 {
        extra.push(format!("pain {}", set.pain));
    }
    if !extra.is_empty() {
        text.push_str(&format!(" ({})", extra.join(", ")));
    }
    text
}

/// The sets of `exercise` on the latest day before `before` that has any,
/// among the sessions of the journal's plan version (the journal reads no
/// older ones; the first session of a new plan version has no last time).
pub fn last_time(journal: &Journal, exercise: &ExerciseId, before: Date) -> Option<LastTime> {
    journal
        .sessions
        .iter()
        .rev()
        .filter(|s| s.date < before)
        .find_map(|s| {
            let sets: Vec<SetLog> = s
                .sets
                .iter()
                .filter(|set| &set.logged.exercise == exercise)
                .map(|set| set.logged.set.clone())
                .collect();
            (!sets.is_empty()).then(|| LastTime {
                exercise: exercise.clone(),
                date: s.date,
                sets,
            })
        })
}

/// [`last_time`] of each exercise of `session` (its slots and its
/// transfer slot) that has one, in the session's order.
pub fn last_times(journal: &Journal, session: &PlannedSession) -> Vec<LastTime> {
    session
        .slots
        .iter()
        .chain(session.transfer.iter())
        .filter_map(|slot| last_time(journal, &slot.exercise, session.date))
        .collect()
}

/// The set logged last on `date` (latest recorded; the higher id between
/// two recorded in the same instant): the one [`undo_last_set`] deletes.
pub fn last_set_on(journal: &Journal, date: Date) -> Option<&StoredSet> {
    journal
        .session_logged(date)?
        .sets
        .iter()
        .max_by_key(|s| (s.recorded_at, s.id))
}

/// Undoes the set logged last on `date`, which must be set `id` (the one
/// the page showed): anything else is refused, naming field `set`, and
/// nothing is deleted. Returns the set removed.
pub fn undo_last_set(store: &mut dyn Store, date: Date, id: i64) -> Result<StoredSet> {
    let journal = Journal::load(store)?;
    let last = last_set_on(&journal, date).cloned().ok_or_else(|| {
        InputError::new(
            "set",
            format!("no set is logged on {date}: nothing to undo"),
        )
    })?;
    if last.id != id {
        return Err(InputError::new(
            "set",
            format!(
                "set #{id} is not the last set logged on {date} (that is #{}): nothing was undone",
                last.id
            ),
        )
        .into());
    }
    drop(journal);
    crate::correction::delete_set(store, id)?;
    Ok(last)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use jiff::civil::date;
    use keel_core::measure::{Pain, Rpe};
    use keel_core::training::LoggedSet;

    use super::*;
    use crate::journal::tests::onboarded;
    use crate::record::{self, SetAnswers, logged_set};
    use crate::steps;

    const MONDAY: Date = date(2026, 3, 2);

    fn answers(actual: u32, rpe: i64) -> SetAnswers {
        SetAnswers {
            actual,
            load: Load::Bodyweight,
            rpe: Some(Rpe::new(rpe).unwrap()),
            quality_reps: None,
            faults: vec![],
            pain: Pain::new(0).unwrap(),
            sharp_pain: false,
            note: None,
            sides: Default::default(),
        }
    }

    /// Logs the next set of slot `slot` on `day` with `actual` and `rpe`.
    fn log(store: &mut dyn Store, day: Date, slot: usize, actual: u32, rpe: i64) -> LoggedSet {
        let journal = Journal::load(store).unwrap();
        let session = journal.session_planned_on(day).unwrap().unwrap();
        let today = steps::today(&session, journal.session_logged(day), &journal.settings);
        let set = logged_set(&today[slot].slot, day, answers(actual, rpe)).unwrap();
        drop(journal);
        crate::journal::commit(store, record::writes(vec![set.clone()], None)).unwrap();
        set
    }

    #[test]
    fn last_time_is_the_latest_earlier_day_of_that_exercise_only() {
        let mut store = onboarded();
        let first = log(&mut store, MONDAY, 0, 10, 6);
        log(&mut store, MONDAY, 0, 11, 7);
        log(&mut store, MONDAY, 1, 12, 8);
        let exercise = first.exercise.clone();
        let journal = Journal::load(&store).unwrap();

        // On Monday itself there is no earlier day.
        assert_eq!(last_time(&journal, &exercise, MONDAY), None);
        let later = last_time(&journal, &exercise, date(2026, 3, 9)).unwrap();
        assert_eq!(later.date, MONDAY);
        let got: Vec<(u32, Option<u8>)> = later
            .sets
            .iter()
            .map(|s| (s.actual.value(), s.rpe.map(|r| r.get())))
            .collect();
        // The other exercise's set (12 at RPE 8) is not this one's.
        assert_eq!(got, [(10, Some(6)), (11, Some(7))]);
        let unit = crate::wording::amount_value(later.sets[0].actual);
        let unit = unit.trim_start_matches("10");
        assert_eq!(
            later.describe(Units::Kg),
            format!("2026-03-02: 10{unit} (RPE 6), 11{unit} (RPE 7)")
        );
        // A week on, the same session's exercises each have theirs.
        let next_monday = journal
            .session_planned_on(date(2026, 3, 9))
            .unwrap()
            .unwrap();
        let all = last_times(&journal, &next_monday);
        let done_monday: Vec<_> = journal.log.sets.iter().map(|s| &s.exercise).collect();
        let expected: Vec<_> = next_monday
            .slots
            .iter()
            .chain(next_monday.transfer.iter())
            .map(|slot| &slot.exercise)
            .filter(|e| done_monday.contains(e))
            .collect();
        assert!(!expected.is_empty());
        assert_eq!(
            all.iter().map(|l| &l.exercise).collect::<Vec<_>>(),
            expected
        );
        assert!(all.iter().all(|l| l.date == MONDAY), "{all:?}");
    }

    #[test]
    fn undo_deletes_the_last_set_of_the_day_and_nothing_else() {
        let mut store = onboarded();
        log(&mut store, MONDAY, 0, 10, 6);
        log(&mut store, MONDAY, 1, 12, 8);
        let journal = Journal::load(&store).unwrap();
        let sets = journal.session_logged(MONDAY).unwrap().sets.clone();
        let last = last_set_on(&journal, MONDAY).unwrap().clone();
        assert_eq!(last.id, sets[1].id);
        drop(journal);

        // The first set is not the last one: refused, nothing deleted.
        let refused = undo_last_set(&mut store, MONDAY, sets[0].id).unwrap_err();
        assert!(
            refused.to_string().contains("is not the last set"),
            "{refused}"
        );
        assert_eq!(store.sessions(None, None).unwrap()[0].sets.len(), 2);

        let undone = undo_last_set(&mut store, MONDAY, last.id).unwrap();
        assert_eq!(undone.id, last.id);
        let left = &store.sessions(None, None).unwrap()[0].sets;
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].id, sets[0].id);

        // The same undo again (a second tap) finds another last set: refused.
        assert!(undo_last_set(&mut store, MONDAY, last.id).is_err());
        assert_eq!(store.sessions(None, None).unwrap()[0].sets.len(), 1);

        // The stored decisions are the replay of the log without it.
        let journal = Journal::load(&store).unwrap();
        assert_eq!(journal.log.sets.len(), 1);
        assert_eq!(
            store.decisions(journal.plan.version).unwrap(),
            journal.replay.decisions
        );
    }

    #[test]
    fn undo_on_a_day_without_sets_says_there_is_nothing() {
        let mut store = onboarded();
        let refused = undo_last_set(&mut store, MONDAY, 1).unwrap_err();
        assert!(refused.to_string().contains("nothing to undo"), "{refused}");
    }
}
