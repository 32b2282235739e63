//! The journal made from the check-ins `journal::check_ins` reads answers
//! exactly as one made from every check-in, on histories with check-ins
//! long before a new plan version and after it: with the bounded read when
//! a calm stretch cuts what came before, with every check-in when a chain
//! of sore mornings runs into the plan.
#![allow(clippy::unwrap_used)]

use jiff::ToSpan;
use jiff::civil::Date;
use keel_core::engine::{MorningCheck, ReadinessCheck, morning_response};
use keel_core::measure::{Pain, Readiness};
use keel_store::{CheckIn, SqliteStore, Store, Write};

use super::check_ins::{earlier_cannot_matter, first_day};
use super::tests::{DAY1, onboarded, train};
use super::{Journal, pain_screens, replay, training_log};
use crate::enrol::new_plan;

fn day(offset: i32) -> Date {
    DAY1.checked_add(offset.days()).unwrap()
}

fn morning(on: Date, soreness: i64) -> CheckIn {
    CheckIn::Morning(MorningCheck {
        date: on,
        pain_back_to_usual: true,
        stiffness_back_to_usual: soreness < 2,
        soreness: Pain::new(soreness).unwrap(),
    })
}

fn readiness(on: Date) -> CheckIn {
    let r = |n| Readiness::new(n).unwrap();
    CheckIn::Readiness {
        date: on,
        check: ReadinessCheck {
            sleep: r(4),
            fatigue: r(2),
            stress: r(3),
            soreness: r(2),
        },
    }
}

/// A morning and a readiness check-in on each of days `from..to` from
/// DAY1, with the soreness `sore` gives the day.
fn check_in_daily(store: &mut SqliteStore, from: i32, to: i32, sore: impl Fn(i32) -> i64) {
    let writes = (from..to)
        .flat_map(|d| [morning(day(d), sore(d)), readiness(day(d))])
        .map(Write::AddCheckIn)
        .collect();
    store.apply(writes).unwrap();
}

/// `journal` made again from every stored check-in.
fn with_every_check_in(store: &dyn Store, journal: &Journal) -> Journal {
    let every = store.check_ins().unwrap();
    let screens = pain_screens(&store.safety_events().unwrap());
    let mut log = training_log(&journal.sessions, &every, screens);
    log.carried = journal.log.carried.clone();
    let replayed = replay(&journal.plan, &log, &journal.profile, &journal.settings).unwrap();
    Journal {
        check_ins: every,
        log,
        replay: replayed,
        planned: std::sync::Mutex::new(None),
        ..journal.clone()
    }
}

/// Every answer the commands and pages take from a journal, on every day
/// from the plan's first to past its last.
fn assert_same_answers(read: &Journal, every: &Journal) {
    assert_eq!(read.replay.decisions, every.replay.decisions);
    assert_eq!(read.replay.chains, every.replay.chains);
    // What `keel checkin` answers after a morning check-in.
    assert_eq!(
        morning_response(&read.log.mornings, None, &read.settings),
        morning_response(&every.log.mornings, None, &every.settings),
    );
    let first = first_day(&read.plan);
    let last = read
        .plan
        .program
        .end()
        .unwrap()
        .checked_add(7.days())
        .unwrap();
    let mut on = first;
    while on <= last {
        let covering = |j: &Journal| {
            let period = j.replay.reactive_deloads.iter().find(|d| d.covers(on));
            period.cloned()
        };
        assert_eq!(covering(read), covering(every), "deload on {on}");
        assert_eq!(read.session_on(on), every.session_on(on), "{on}");
        assert_eq!(
            read.session_to_do_on(on),
            every.session_to_do_on(on),
            "{on}"
        );
        assert_eq!(
            read.session_planned_on(on).unwrap(),
            every.session_planned_on(on).unwrap(),
            "planned on {on}"
        );
        assert_eq!(read.readiness_on(on), every.readiness_on(on), "{on}");
        on = on.tomorrow().unwrap();
    }
}

/// Sore streaks (soreness 4, over the threshold of 3) well before the new
/// plan, a calm month before it: only the recent weeks are read.
#[test]
fn a_calm_month_before_the_plan_cuts_what_came_before() {
    let mut store = onboarded();
    let sore = |d: i32| {
        if (0..10).contains(&d) || (40..45).contains(&d) {
            4
        } else {
            i64::from(d % 3)
        }
    };
    check_in_daily(&mut store, 0, 70, sore);
    new_plan(&mut store, day(70), day(70)).unwrap();
    // Sets and next-morning check-ins on the new plan, some sore.
    train(&mut store, day(70), 21);
    let journal = Journal::read(&store).unwrap().unwrap();
    assert_eq!(journal.plan.version, 2);
    let every = store.check_ins().unwrap();
    assert!(
        journal.check_ins.len() < every.len(),
        "the bounded read was taken"
    );
    assert!(journal.check_ins.len() > every.len() / 2);
    assert!(!journal.replay.decisions.is_empty());
    assert_same_answers(&journal, &with_every_check_in(&store, &journal));
}

/// Sore every day from before the bound up to the plan: the sore days in
/// a row (and a reactive deload running into the plan) reach back past
/// it, so every check-in is read.
#[test]
fn sore_days_running_into_the_plan_read_every_check_in() {
    let mut store = onboarded();
    check_in_daily(&mut store, 0, 70, |d| if d >= 20 { 4 } else { 1 });
    new_plan(&mut store, day(70), day(70)).unwrap();
    train(&mut store, day(70), 14);
    let journal = Journal::read(&store).unwrap().unwrap();
    let every = with_every_check_in(&store, &journal);
    assert_eq!(journal.check_ins, every.check_ins);
    assert_same_answers(&journal, &every);
}

/// The bound's edges: a calm stretch of exactly 20 days that starts 13
/// days after the bound and ends the day before the plan is enough, one a
/// day shorter at either end is not, nor is one without a morning in it.
#[test]
fn the_calm_stretch_must_be_twenty_days_inside_the_read() {
    let settings = keel_core::engine::EngineSettings::default();
    let first = day(70);
    let since = day(70 - 42);
    // Sore through `sore_until` (from DAY1 on), calm after it; mornings daily.
    let history = |sore_until: i32, calm_mornings: bool| -> Vec<CheckIn> {
        (28..70)
            .filter(|d| *d <= sore_until || calm_mornings)
            .map(|d| morning(day(d), if d <= sore_until { 4 } else { 1 }))
            .collect()
    };
    // Calm from day 50 (20 days before the plan): enough.
    assert!(earlier_cannot_matter(
        &history(49, true),
        since,
        first,
        &settings
    ));
    // Calm from day 51: 19 days, not enough.
    assert!(!earlier_cannot_matter(
        &history(50, true),
        since,
        first,
        &settings
    ));
    // Calm but without a morning in it: the newest morning is a sore one.
    assert!(!earlier_cannot_matter(
        &history(49, false),
        since,
        first,
        &settings
    ));
    // Calm from day 41, 13 days after the bound: a morning there reads
    // the 14 days back to the bound.
    let early = |first_calm: i32| -> Vec<CheckIn> {
        (28..70)
            .map(|d| {
                morning(
                    day(d),
                    if d < first_calm || d >= first_calm + 20 {
                        4
                    } else {
                        1
                    },
                )
            })
            .collect()
    };
    assert!(earlier_cannot_matter(&early(41), since, first, &settings));
    // Calm from day 40 only (sore from day 60): its first mornings' windows
    // reach past the bound, and the calm after 41 is 19 days.
    assert!(!earlier_cannot_matter(&early(40), since, first, &settings));
}
