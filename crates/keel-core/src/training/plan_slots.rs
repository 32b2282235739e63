//! Finding slots in the program: which block a week belongs to, the slots
//! of a day, and when a slot comes round again.

use jiff::civil::Date;

use super::SlotKey;
use super::chains::Roots;
use crate::catalog::{Catalog, ExerciseId};
use crate::program::{Day, Prescription, Program, Slot, Week};

/// 1-based block number of each week: a block ends with its deload week.
pub fn block_of(program: &Program, week_number: u16) -> u8 {
    let deloads_before = program
        .weeks
        .iter()
        .filter(|w| w.number < week_number && w.deload)
        .count();
    u8::try_from(deloads_before + 1).unwrap_or(u8::MAX)
}

/// The main-block slots of a day, then its transfer drill, with their keys.
pub fn day_slots<'a>(program: &Program, week: &Week, day: &'a Day) -> Vec<(SlotKey, &'a Slot)> {
    let block = block_of(program, week.number);
    slots_of(day)
        .map(|slot| {
            (
                SlotKey {
                    block,
                    day: day.kind,
                    planned: slot.exercise.clone(),
                },
                slot,
            )
        })
        .collect()
}

/// Every planned day of the slot `key`, with its week and the slot: the
/// first slot of the day (main, then transfer) with the key's exercise, on
/// days of the key's kind in the key's block. The replay asks this for every
/// exposure, so nothing is allocated.
fn occurrences<'a>(
    program: &'a Program,
    key: &'a SlotKey,
) -> impl Iterator<Item = (&'a Week, &'a Day, &'a Slot)> + 'a {
    program
        .weeks
        .iter()
        .filter(move |week| block_of(program, week.number) == key.block)
        .flat_map(move |week| {
            week.days
                .iter()
                .filter(move |day| day.kind == key.day)
                .filter_map(move |day| {
                    slots_of(day)
                        .find(|slot| slot.exercise == key.planned)
                        .map(|slot| (week, day, slot))
                })
        })
}

/// The slot's prescription in its first training (non-deload) week.
pub fn planned_prescription(program: &Program, key: &SlotKey) -> Option<Prescription> {
    occurrences(program, key)
        .find(|(week, _, _)| !week.deload)
        .or_else(|| occurrences(program, key).next())
        .map(|(_, _, slot)| slot.prescription.clone())
}

/// Every planned slot of the program as (day, in a deload week, the id
/// naming its chain, as [`super::slot_chain`]), in date order: where each
/// chain comes round next, whatever the day kind.
pub fn chain_days<'a>(
    program: &'a Program,
    catalog: &'a Catalog,
) -> Vec<(Date, bool, &'a ExerciseId)> {
    let mut roots = Roots::new(catalog);
    let mut out = Vec::new();
    for week in &program.weeks {
        for day in &week.days {
            for slot in slots_of(day) {
                out.push((day.date, week.deload, roots.of(&slot.exercise)));
            }
        }
    }
    out.sort_by_key(|(date, _, _)| *date);
    out
}

/// A day's main-block slots, then its transfer drill.
fn slots_of(day: &Day) -> impl Iterator<Item = &Slot> {
    day.session
        .iter()
        .flat_map(|session| session.main.iter().chain(session.transfer.iter()))
}
