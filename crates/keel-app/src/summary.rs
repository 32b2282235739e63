//! A session summary (minutes and session RPE) for a day, as `keel log`,
//! `keel go`, the summary page and the API record it. A day that already
//! has a summary is never silently overwritten: the caller must say
//! [`SummaryMode::Replace`], or is told the day already has one.

use jiff::civil::Date;
use keel_core::measure::Rpe;
use keel_store::{SessionSummary, Store, Write};

use crate::Result;
use crate::journal::{self, Journal};

/// What to do when the day already has a summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SummaryMode {
    /// The new summary takes the place of the day's earlier one.
    Replace,
}

/// What [`summarize`] did.
#[derive(Debug, Clone, PartialEq)]
pub enum Summarized {
    /// The summary was stored.
    Stored,
    /// The day already has a summary and no mode was given: nothing was
    /// written. Holds what the day has.
    DayHasSummary {
        minutes: Option<u16>,
        session_rpe: Option<Rpe>,
    },
}

impl Summarized {
    /// What the day already has, in words (`None` when stored).
    pub fn describe(&self, date: Date) -> Option<String> {
        match self {
            Summarized::Stored => None,
            Summarized::DayHasSummary {
                minutes,
                session_rpe,
            } => {
                let minutes =
                    minutes.map_or_else(|| "no minutes".to_string(), |m| format!("{m} minutes"));
                let rpe = session_rpe.map_or_else(
                    || "no session RPE".to_string(),
                    |r| format!("session RPE {}", r.get()),
                );
                Some(format!(
                    "{date} already has a session summary ({minutes}, {rpe})"
                ))
            }
        }
    }

    /// The refusal in words, naming how to go on (`how` is the front end's
    /// way to say replace: a flag, a field).
    pub fn refusal(&self, date: Date, how: &str) -> Option<String> {
        self.describe(date).map(|had| {
            format!("{had}; nothing was written. To record the new one in its place, {how}")
        })
    }
}

/// The day's earlier summary (minutes or session RPE), when it has one: a
/// form shows the replace choice from it.
pub fn existing(journal: &Journal, date: Date) -> Option<Summarized> {
    let full = SessionSummary {
        minutes: Some(1),
        session_rpe: Some(Rpe::saturating(0)),
        note: None,
    };
    conflict(journal, date, &full, None)
}

/// The day's earlier summary when `summary` would overwrite part of it (its
/// minutes or its session RPE) and `mode` is `None`. Filling in what the day
/// does not have yet (the session RPE asked 30 minutes after, a note) is no
/// replacement. Every front end that records a summary asks this first
/// (`keel log` batches it with the day's sets).
pub fn conflict(
    journal: &Journal,
    date: Date,
    summary: &SessionSummary,
    mode: Option<SummaryMode>,
) -> Option<Summarized> {
    if mode.is_some() {
        return None;
    }
    journal
        .sessions
        .iter()
        .find(|s| {
            s.date == date
                && ((summary.minutes.is_some() && s.minutes.is_some())
                    || (summary.session_rpe.is_some() && s.session_rpe.is_some()))
        })
        .map(|s| Summarized::DayHasSummary {
            minutes: s.minutes,
            session_rpe: s.session_rpe,
        })
}

/// Stores `summary` for `date`, unless it would overwrite the day's earlier
/// summary and `mode` is `None` (see [`conflict`]): then nothing is written
/// and the earlier one is returned. A plan must exist: the summary belongs
/// to a planned session.
pub fn summarize(
    store: &mut dyn Store,
    date: Date,
    summary: SessionSummary,
    mode: Option<SummaryMode>,
) -> Result<Summarized> {
    let journal = Journal::load(store)?;
    if let Some(earlier) = conflict(&journal, date, &summary, mode) {
        return Ok(earlier);
    }
    journal::commit(store, vec![Write::SummarizeSession { date, summary }])?;
    Ok(Summarized::Stored)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use jiff::civil::date;

    use super::*;
    use crate::journal::tests::onboarded;

    fn summary(minutes: u16, rpe: i64) -> SessionSummary {
        SessionSummary {
            minutes: Some(minutes),
            session_rpe: Some(Rpe::new(rpe).unwrap()),
            note: None,
        }
    }

    fn day_of(store: &dyn keel_store::Store, day: Date) -> (Option<u16>, Option<u8>) {
        let journal = Journal::load(store).unwrap();
        let s = journal.sessions.iter().find(|s| s.date == day).unwrap();
        (s.minutes, s.session_rpe.map(|r| r.get()))
    }

    #[test]
    fn a_second_summary_without_a_mode_is_refused_and_writes_nothing() {
        let mut store = onboarded();
        let day = date(2026, 3, 3);
        let first = summarize(&mut store, day, summary(30, 5), None).unwrap();
        assert_eq!(first, Summarized::Stored);
        let second = summarize(&mut store, day, summary(20, 8), None).unwrap();
        assert_eq!(
            second,
            Summarized::DayHasSummary {
                minutes: Some(30),
                session_rpe: Some(Rpe::new(5).unwrap()),
            }
        );
        let text = second.refusal(day, "pass --replace").unwrap();
        assert!(text.contains("30 minutes, session RPE 5"), "{text}");
        assert!(text.contains("pass --replace"), "{text}");
        assert_eq!(day_of(&store, day), (Some(30), Some(5)));
    }

    #[test]
    fn replace_takes_the_place_of_the_earlier_summary() {
        let mut store = onboarded();
        let day = date(2026, 3, 3);
        summarize(&mut store, day, summary(30, 5), None).unwrap();
        let again = summarize(&mut store, day, summary(20, 8), Some(SummaryMode::Replace));
        assert_eq!(again.unwrap(), Summarized::Stored);
        assert_eq!(day_of(&store, day), (Some(20), Some(8)));
    }

    #[test]
    fn filling_in_the_session_rpe_later_is_no_replacement() {
        let mut store = onboarded();
        let day = date(2026, 3, 3);
        let minutes_only = SessionSummary {
            minutes: Some(30),
            ..SessionSummary::default()
        };
        summarize(&mut store, day, minutes_only, None).unwrap();
        let rpe_only = SessionSummary {
            session_rpe: Some(Rpe::new(6).unwrap()),
            ..SessionSummary::default()
        };
        let done = summarize(&mut store, day, rpe_only, None).unwrap();
        assert_eq!(done, Summarized::Stored);
        assert_eq!(day_of(&store, day), (Some(30), Some(6)));
        // Now both are there: new minutes would replace them.
        let again = summarize(&mut store, day, summary(10, 6), None).unwrap();
        assert!(matches!(again, Summarized::DayHasSummary { .. }));
        assert_eq!(day_of(&store, day), (Some(30), Some(6)));
    }
}
