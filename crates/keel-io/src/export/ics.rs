//! The plan's sessions as an iCalendar file or feed (RFC 5545): one timed
//! VEVENT per training or light day, at the athlete's usual training time,
//! lasting the session's estimated minutes, with a reminder before it.
//!
//! While a red flag halts the program every event is CANCELLED, without a
//! reminder, so no calendar calls the athlete to train.
//!
//! UIDs are `keel-<date>-<day kind>@keel`: the same session keeps its UID
//! across plan versions and replays, so a calendar that subscribed to the
//! feed updates its events instead of duplicating them. Each event carries
//! the SEQUENCE the caller gives (keel-app keeps it, raising it when the
//! event's content changes). Times are floating (no time zone): the
//! session is at the training time wherever the athlete is.
//! The icalendar crate escapes text and ends lines with CRLF; its folding
//! can leave a line over 75 octets when escapes fall near a fold, so the
//! text is folded again here ([`fold`]).

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc};
use icalendar::{Alarm, Calendar, Component, EventLike, EventStatus, Trigger};
use jiff::Timestamp;
use jiff::civil::{Date, Time};
use keel_core::program::{Day, DayKind, Week};

use super::ExportError;

/// The calendar's product identifier (RFC 5545 section 3.7.3).
pub const PRODID: &str = "-//Keel//Keel training plan//EN";

/// How long before a session its reminder goes off.
pub const REMINDER_MINUTES: i64 = 30;

/// Closes every description: what `keel today` shows is the word of the day.
const ADAPTS: &str =
    "Prescriptions adapt as you log: `keel today` shows the day's current session.";

/// The event UID of a plan day: its date and kind, nothing that a new plan
/// version or a replay changes.
pub fn uid(date: Date, kind: DayKind) -> String {
    let kind = match kind {
        DayKind::A => "a",
        DayKind::B => "b",
        DayKind::Light => "light",
        DayKind::Rest => "rest",
    };
    format!("keel-{date}-{kind}@keel")
}

/// "Keel: A anti-flexion holds (week 3, Foundation)"; deload weeks say so.
pub fn summary(week: &Week, day: &Day) -> String {
    let what = day.kind.label().replacen(": ", " ", 1);
    let deload = if week.deload { ", deload" } else { "" };
    format!(
        "Keel: {what} (week {}, {}{deload})",
        week.number,
        week.phase.label()
    )
}

/// One session as an event, before its SEQUENCE is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub uid: String,
    pub date: Date,
    pub summary: String,
    /// The session in words (without the closing note).
    pub description: String,
    /// How long the event lasts: the session's estimated minutes.
    pub minutes: u16,
    /// Called off (STATUS:CANCELLED, no reminder): the program is halted.
    pub cancelled: bool,
}

impl Draft {
    /// Everything a calendar shows of the event at `start`, as one text:
    /// when it changes, the event changed (its SEQUENCE goes up).
    pub fn content(&self, start: Time) -> String {
        format!(
            "{}\n{start}\n{}\n{}\n{}\n{}",
            self.date, self.minutes, self.cancelled, self.summary, self.description
        )
    }
}

/// The calendar: each draft with its SEQUENCE, at `start` on its day.
/// `stamp` is the DTSTAMP of every event (when the file was made).
pub fn render(
    events: &[(Draft, u32)],
    start: Time,
    stamp: Timestamp,
) -> Result<String, ExportError> {
    let stamp = utc(stamp)?;
    let mut calendar = Calendar::empty();
    calendar.append_property(("VERSION", "2.0"));
    calendar.append_property(("PRODID", PRODID));
    calendar.append_property(("CALSCALE", "GREGORIAN"));
    calendar.name("Keel training plan");
    for (draft, sequence) in events {
        let begin = NaiveDateTime::new(naive(draft.date)?, naive_time(start)?);
        let end = begin + TimeDelta::minutes(i64::from(draft.minutes.max(1)));
        let description = format!("{}\n{ADAPTS}", draft.description);
        // A bare CR is not allowed inside a content line.
        let description = description.replace('\r', "");
        let mut reminder = Alarm::display(
            &draft.summary,
            Trigger::before_start(TimeDelta::minutes(REMINDER_MINUTES)),
        );
        // Fixed, or the crate would add a random UID and the current time,
        // and the same plan would never give the same text.
        reminder
            .uid(&format!("{}-reminder", draft.uid))
            .timestamp(stamp);
        let mut event = icalendar::Event::new();
        event
            .uid(&draft.uid)
            .sequence(*sequence)
            .timestamp(stamp)
            .summary(&draft.summary)
            .description(&description)
            .starts(begin)
            .ends(end);
        if draft.cancelled {
            event.status(EventStatus::Cancelled);
        } else {
            event.alarm(reminder);
        }
        calendar.push(event.done());
    }
    Ok(fold(&calendar.done().to_string()))
}

/// Content lines folded at 75 octets (RFC 5545 section 3.1): continuation
/// lines start with one space, and a fold never splits a character.
fn fold(text: &str) -> String {
    let unfolded = text.replace("\r\n ", "");
    let mut out = String::with_capacity(text.len() + text.len() / 64);
    for line in unfolded.split_terminator("\r\n") {
        let mut room = 75;
        let mut used = 0;
        for c in line.chars() {
            if used + c.len_utf8() > room {
                out.push_str("\r\n ");
                room = 74;
                used = 0;
            }
            out.push(c);
            used += c.len_utf8();
        }
        out.push_str("\r\n");
    }
    out
}

fn naive(date: Date) -> Result<NaiveDate, ExportError> {
    NaiveDate::from_ymd_opt(
        i32::from(date.year()),
        u32::from(date.month().unsigned_abs()),
        u32::from(date.day().unsigned_abs()),
    )
    .ok_or_else(|| ExportError::Calendar(format!("{date} has no calendar date")))
}

fn naive_time(time: Time) -> Result<NaiveTime, ExportError> {
    NaiveTime::from_hms_opt(
        u32::from(time.hour().unsigned_abs()),
        u32::from(time.minute().unsigned_abs()),
        0,
    )
    .ok_or_else(|| ExportError::Calendar(format!("{time} is not a time of day")))
}

fn utc(stamp: Timestamp) -> Result<DateTime<Utc>, ExportError> {
    DateTime::from_timestamp(stamp.as_second(), 0)
        .ok_or_else(|| ExportError::Calendar(format!("{stamp} is out of range")))
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_at_75_octets_without_splitting_a_character() {
        let long = format!("DESCRIPTION:{}\\, é{}\\n", "a".repeat(70), "ü".repeat(80));
        let folded = fold(&format!("BEGIN:VEVENT\r\n{long}\r\n END\r\n"));
        for line in folded.split_terminator("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        }
        assert_eq!(
            folded.replace("\r\n ", ""),
            format!("BEGIN:VEVENT\r\n{long}END\r\n")
        );
    }
}
