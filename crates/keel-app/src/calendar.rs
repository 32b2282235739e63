//! The calendar that follows the plan: the current plan's sessions as
//! timed events at the athlete's usual training time, each with a UID that
//! survives new plan versions and replays, and a SEQUENCE that goes up only
//! when that event's content changes (kept in the store, see
//! [`keel_store::CalendarState`]). The same text is `keel export --format
//! ics` and the server's feed at a secret URL, which the athlete creates,
//! renews and revokes here.

use jiff::Timestamp;
use jiff::civil::Time;
use keel_core::InputError;
use keel_core::catalog::Catalog;
use keel_core::training::{PlannedSession, SessionSlot};
use keel_core::units::Units;
use keel_io::export::ics::{self, Draft};
use keel_store::{CalendarState, EventStamp, ProgramStatus, Store, StoreError, Write};

use crate::journal::Journal;
use crate::{Result, auth, wording};

/// The training time when the athlete has set none.
pub const DEFAULT_TRAINING_TIME: Time = Time::constant(18, 0, 0, 0);

/// The feed's path on the server for `token`.
pub fn feed_path(token: &str) -> String {
    format!("/calendar/{token}.ics")
}

/// "HH:MM" (24-hour clock) as a time of day; anything else is invalid input
/// naming `training-time`.
pub fn parse_time(text: &str) -> std::result::Result<Time, InputError> {
    let bad = || {
        InputError::new(
            "training-time",
            format!("use HH:MM on a 24-hour clock, e.g. 07:30 or 18:00; got {text:?}"),
        )
    };
    let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return Err(bad());
    }
    let h: i8 = h.parse().map_err(|_| bad())?;
    let m: i8 = m.parse().map_err(|_| bad())?;
    Time::new(h, m, 0, 0).map_err(|_| bad())
}

/// The athlete's usual training time (the default when none is set).
pub fn training_time(store: &dyn Store) -> Result<Time> {
    Ok(time_of(&store.calendar()?))
}

fn time_of(state: &CalendarState) -> Time {
    state
        .training_time
        .as_deref()
        .and_then(|t| parse_time(t).ok())
        .unwrap_or(DEFAULT_TRAINING_TIME)
}

/// Sets the usual training time from "HH:MM"; bad input changes nothing.
pub fn set_training_time(store: &mut dyn Store, text: &str) -> Result<Time> {
    let (time, write) = training_time_write(text)?;
    store.apply(vec![write])?;
    Ok(time)
}

/// The write that sets the usual training time from "HH:MM", for a caller
/// that stores it in one batch with other changes (`keel profile`).
pub fn training_time_write(text: &str) -> std::result::Result<(Time, Write), InputError> {
    let time = parse_time(text)?;
    let text = format!("{:02}:{:02}", time.hour(), time.minute());
    Ok((time, Write::SetTrainingTime(Some(text))))
}

/// Whether the athlete has a feed URL.
pub fn has_feed(store: &dyn Store) -> Result<bool> {
    Ok(store.calendar()?.feed_token_sha256.is_some())
}

/// A new secret feed token (256 random bits), replacing any earlier one,
/// whose URL then stops working. Only its hash is stored: the token is
/// shown once.
pub fn renew_feed(store: &mut dyn Store) -> Result<String> {
    let token = auth::new_token().map_err(|e| StoreError::Unavailable(e.to_string()))?;
    store.apply(vec![Write::SetCalendarFeed(Some(token.hash))])?;
    Ok(token.plaintext)
}

/// Ends the feed: its URL answers 404 from now on. False when there was none.
pub fn revoke_feed(store: &mut dyn Store) -> Result<bool> {
    if !has_feed(store)? {
        return Ok(false);
    }
    store.apply(vec![Write::SetCalendarFeed(None)])?;
    Ok(true)
}

/// Whether `token` opens this store's feed (the single-user app; a server
/// finds the user by the token's hash).
pub fn feed_token_matches(store: &dyn Store, token: &str) -> Result<bool> {
    Ok(store.calendar()?.feed_token_sha256 == Some(auth::token_hash(token)))
}

/// The calendar of the current plan, made at `stamp`: every session day as
/// an event with the session as the engine now prescribes it. Each event
/// whose content differs from what was last exported gets SEQUENCE + 1 (a
/// new event starts at 0), and what was exported is stored, so the next
/// export of an unchanged plan gives the same SEQUENCEs.
pub fn export(store: &mut dyn Store, stamp: Timestamp) -> Result<String> {
    let journal = Journal::load(store)?;
    let drafts = drafts(&journal, Catalog::builtin());
    let mut state = store.calendar()?;
    let start = time_of(&state);
    let events = sequenced(&mut state, drafts, start);
    if events.changed {
        // Only the events: a token revoked or a time set meanwhile stays so.
        store.apply(vec![Write::SaveCalendarEvents(state.events)])?;
    }
    ics::render(&events.list, start, stamp)
        .map_err(|e| InputError::new("calendar", e.to_string()).into())
}

struct Sequenced {
    list: Vec<(Draft, u32)>,
    changed: bool,
}

/// Each draft with its SEQUENCE, recording new content in `state`. Events
/// no longer in the plan keep their entry, so one that comes back counts on.
fn sequenced(state: &mut CalendarState, drafts: Vec<Draft>, start: Time) -> Sequenced {
    let mut changed = false;
    let mut list = Vec::with_capacity(drafts.len());
    for draft in drafts {
        let hash = auth::token_hash(&draft.content(start));
        let sequence = match state.events.get(&draft.uid) {
            Some(last) if last.hash == hash => last.sequence,
            Some(last) => last.sequence.saturating_add(1),
            None => 0,
        };
        let stamp = EventStamp { hash, sequence };
        if state.events.get(&draft.uid) != Some(&stamp) {
            state.events.insert(draft.uid.clone(), stamp);
            changed = true;
        }
        list.push((draft, sequence));
    }
    Sequenced { list, changed }
}

/// Each session day as an event; while a red flag halts the program, each
/// one called off, saying why (a halt is lifted only by a recorded resume).
fn drafts(journal: &Journal, catalog: &Catalog) -> Vec<Draft> {
    let halted = match &journal.status {
        ProgramStatus::Halted { since, .. } => Some(format!(
            "Paused: your program has been halted by a red-flag answer since {since}. \
             See a clinician; when they have cleared you, record it with `keel resume \
             --confirm` (or on the web) and your sessions come back here."
        )),
        ProgramStatus::Active => None,
    };
    let mut drafts = Vec::new();
    for week in &journal.plan.program.weeks {
        for day in &week.days {
            if day.session.is_none() {
                continue;
            }
            let Some(session) = journal.session_on(day.date) else {
                continue;
            };
            let (summary, description) = match &halted {
                Some(why) => (format!("Paused: {}", ics::summary(week, day)), why.clone()),
                None => (
                    ics::summary(week, day),
                    describe(catalog, &session, journal.profile.units),
                ),
            };
            drafts.push(Draft {
                uid: ics::uid(day.date, day.kind),
                date: day.date,
                summary,
                description,
                minutes: session.estimated_minutes,
                cancelled: halted.is_some(),
            });
        }
    }
    drafts
}

/// The session in words: each exercise with its prescription.
fn describe(catalog: &Catalog, session: &PlannedSession, units: Units) -> String {
    let line = |slot: &SessionSlot| {
        format!(
            "- {}: {}; {}",
            wording::name(catalog, &slot.exercise),
            wording::amount(&slot.prescription),
            wording::load(&slot.prescription, units)
        )
    };
    let mut lines = vec![format!("About {} minutes.", session.estimated_minutes)];
    if session.deload {
        lines.push("Deload week: lighter on purpose.".to_string());
    }
    lines.extend(session.slots.iter().map(line));
    if let Some(transfer) = &session.transfer {
        lines.push(format!("Transfer {}", line(transfer)));
    }
    lines.join("\n")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn draft(day: i8, what: &str) -> Draft {
        let d = date(2026, 3, day);
        Draft {
            uid: ics::uid(d, keel_core::program::DayKind::A),
            date: d,
            summary: "Keel: A".into(),
            description: what.into(),
            minutes: 30,
            cancelled: false,
        }
    }

    #[test]
    fn a_changed_event_alone_gets_the_next_sequence() {
        let mut state = CalendarState::default();
        let start = DEFAULT_TRAINING_TIME;
        let first = sequenced(&mut state, vec![draft(2, "x"), draft(4, "y")], start);
        assert!(first.changed);
        assert_eq!(first.list.iter().map(|e| e.1).collect::<Vec<_>>(), [0, 0]);
        let same = sequenced(&mut state, vec![draft(2, "x"), draft(4, "y")], start);
        assert!(!same.changed, "an unchanged plan stores nothing");
        assert_eq!(same.list.iter().map(|e| e.1).collect::<Vec<_>>(), [0, 0]);
        let edited = sequenced(&mut state, vec![draft(2, "x"), draft(4, "z")], start);
        assert_eq!(edited.list.iter().map(|e| e.1).collect::<Vec<_>>(), [0, 1]);
        // A new training time moves every event.
        let later = Time::constant(7, 30, 0, 0);
        let moved = sequenced(&mut state, vec![draft(2, "x"), draft(4, "z")], later);
        assert_eq!(moved.list.iter().map(|e| e.1).collect::<Vec<_>>(), [1, 2]);
    }

    #[test]
    fn training_time_is_hh_mm() {
        assert_eq!(parse_time("07:30").unwrap(), Time::constant(7, 30, 0, 0));
        assert_eq!(parse_time("7:05").unwrap(), Time::constant(7, 5, 0, 0));
        for bad in [
            "", "7", "24:00", "12:60", "12:5", "noon", "-1:00", "12:00:00",
        ] {
            let err = parse_time(bad).unwrap_err();
            assert_eq!(err.field, "training-time", "{bad:?}");
        }
    }
}
