//! The current plan's sessions as an iCalendar file (RFC 5545): one all-day
//! VEVENT per training or light day, with the session in the description.
//!
//! UIDs are `keel-<plan version>-<date>@keel`, so re-importing the same plan
//! updates its events instead of duplicating them, and a new plan version
//! gets events of its own. The events are all-day (`DTSTART;VALUE=DATE`,
//! `DTEND` the next day) because the profile holds no training time.
//! The icalendar crate escapes text, folds lines at 75 octets and ends them
//! with CRLF.

use chrono::{DateTime, NaiveDate, Utc};
use icalendar::{Calendar, Component, EventLike};
use jiff::Timestamp;
use jiff::civil::Date;
use keel_core::program::{Day, Session, Week};
use keel_store::StoredPlan;

use super::ExportError;

/// The calendar's product identifier (RFC 5545 section 3.7.3).
pub const PRODID: &str = "-//Keel//Keel training plan//EN";

/// Closes every description: the calendar is the plan as generated.
const ADAPTS: &str =
    "Prescriptions adapt as you log: `keel today` shows the day's current session.";

/// The event UID of a plan day.
pub fn uid(plan_version: i64, date: Date) -> String {
    format!("keel-{plan_version}-{date}@keel")
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

/// The plan's sessions as an `.ics` file. `describe` words a session (the
/// binary passes its terminal rendering); `stamp` is the DTSTAMP of every
/// event (when the file was made).
pub fn render(
    plan: &StoredPlan,
    stamp: Timestamp,
    describe: &dyn Fn(&Session) -> String,
) -> Result<String, ExportError> {
    let stamp = utc(stamp)?;
    let mut calendar = Calendar::empty();
    calendar.append_property(("VERSION", "2.0"));
    calendar.append_property(("PRODID", PRODID));
    calendar.append_property(("CALSCALE", "GREGORIAN"));
    calendar.name("Keel training plan");
    for week in &plan.program.weeks {
        for day in &week.days {
            let Some(session) = &day.session else {
                continue;
            };
            let start = naive(day.date)?;
            let end = day
                .date
                .tomorrow()
                .map_err(|e| ExportError::Calendar(e.to_string()))
                .and_then(naive)?;
            let description = format!("{}\n{ADAPTS}", describe(session));
            // A bare CR is not allowed inside a content line.
            let description = description.replace('\r', "");
            let event = icalendar::Event::new()
                .uid(&uid(plan.version, day.date))
                .timestamp(stamp)
                .summary(&summary(week, day))
                .description(&description)
                .starts(start)
                .ends(end)
                // All-day training should not block the day as busy.
                .add_property("TRANSP", "TRANSPARENT")
                .done();
            calendar.push(event);
        }
    }
    Ok(calendar.done().to_string())
}

fn naive(date: Date) -> Result<NaiveDate, ExportError> {
    NaiveDate::from_ymd_opt(
        i32::from(date.year()),
        u32::from(date.month().unsigned_abs()),
        u32::from(date.day().unsigned_abs()),
    )
    .ok_or_else(|| ExportError::Calendar(format!("{date} has no calendar date")))
}

fn utc(stamp: Timestamp) -> Result<DateTime<Utc>, ExportError> {
    DateTime::from_timestamp(stamp.as_second(), 0)
        .ok_or_else(|| ExportError::Calendar(format!("{stamp} is out of range")))
}
