//! The journal made from the check-ins `journal::check_ins` reads (every
//! morning, readiness from the plan's first day) answers exactly as one
//! made from every check-in, on a history with check-ins long before a new
//! plan version and after it.
#![allow(clippy::unwrap_used)]

use jiff::ToSpan;
use jiff::civil::Date;
use keel_core::engine::{MorningCheck, ReadinessCheck, morning_response};
use keel_core::measure::{Pain, Readiness};
use keel_store::{CheckIn, SqliteStore, Store, Write};

use super::check_ins::first_day;
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

/// Daily mornings and readiness check-ins for ten weeks, sore days in a row
/// running into the new plan (so the mornings before it count), then
/// training on it with next-morning check-ins.
#[test]
fn readiness_from_the_plans_first_day_answers_as_every_check_in() {
    let mut store = onboarded();
    check_in_daily(
        &mut store,
        0,
        80,
        |d| if (55..73).contains(&d) { 4 } else { 1 },
    );
    new_plan(&mut store, day(70), day(70)).unwrap();
    train(&mut store, day(70), 21);
    let journal = Journal::read(&store).unwrap().unwrap();
    assert_eq!(journal.plan.version, 2);
    let first = first_day(&journal.plan);
    assert_eq!(first, day(70));
    let every = with_every_check_in(&store, &journal);
    let readiness_before = |j: &Journal| {
        let before = |c: &&CheckIn| matches!(c, CheckIn::Readiness { date, .. } if *date < first);
        j.check_ins.iter().filter(before).count()
    };
    assert_eq!(readiness_before(&every), 70, "the history has them");
    assert_eq!(readiness_before(&journal), 0, "and the journal skips them");
    assert!(journal.readiness_on(first).is_some());
    assert!(
        !journal.replay.reactive_deloads.is_empty(),
        "the mornings before the plan trigger a deload"
    );
    assert_same_answers(&journal, &every);
}
