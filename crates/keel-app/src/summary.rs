//! A session summary (minutes and session RPE) for a day, as `keel log`,
//! `keel go`, the summary page and the API record it. A day that already
//! has a summary is never silently overwritten: the caller says
//! [`SummaryMode::Add`] (a further session that day: its minutes and session
//! RPE are kept beside the first's and its load adds to the day's) or
//! [`SummaryMode::Replace`], or is told the day already has one.

use jiff::civil::Date;
use keel_core::InputError;
use keel_core::measure::Rpe;
use keel_store::{SessionPart, SessionSummary, Store, Write};

use crate::Result;
use crate::journal::{self, Journal};

/// The longest session a summary records, minutes: more than ten hours of
/// training in one day is a typo, not a session.
pub const MAX_SESSION_MINUTES: u16 = 600;

/// A session's minutes as typed or sent: a whole number from 1 to
/// [`MAX_SESSION_MINUTES`]. The error's field is `"minutes"`; a front end
/// renames it to its flag or label with [`InputError::in_field`].
pub fn minutes(value: i64) -> std::result::Result<u16, InputError> {
    u16::try_from(value)
        .ok()
        .filter(|m| (1..=MAX_SESSION_MINUTES).contains(m))
        .ok_or_else(|| {
            InputError::new(
                "minutes",
                format!("must be a whole number from 1 to {MAX_SESSION_MINUTES}, got {value}"),
            )
        })
}

/// What to do when the day already has a summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SummaryMode {
    /// The new summary takes the place of the day's earlier one.
    Replace,
    /// The new summary is a further session of the day: kept beside the
    /// earlier one, its load (RPE x minutes) adds to the day's.
    Add,
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
    earlier(journal, date, summary)
}

/// The day's summary `summary` would overwrite part of, whatever the mode.
fn earlier(journal: &Journal, date: Date, summary: &SessionSummary) -> Option<Summarized> {
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

/// The writes that record `summary` for `date` under `mode`, or the day's
/// earlier summary when it would be overwritten and `mode` is `None` (see
/// [`conflict`]). The one rule every front end follows (`keel log` batches
/// the writes with the day's sets).
///
/// With [`SummaryMode::Add`] on a day that has a summary, the new one is a
/// further session ([`Write::AddSessionPart`]): it needs both minutes and a
/// session RPE (its load is RPE x minutes), and a note is refused when the
/// day has one already (a note is never replaced without `Replace`). On a
/// day without a summary, `Add` records it as the day's first.
pub fn writes(
    journal: &Journal,
    date: Date,
    summary: SessionSummary,
    mode: Option<SummaryMode>,
) -> Result<std::result::Result<Vec<Write>, Summarized>> {
    if let Some(earlier) = conflict(journal, date, &summary, mode) {
        return Ok(Err(earlier));
    }
    if mode != Some(SummaryMode::Add) || earlier(journal, date, &summary).is_none() {
        return Ok(Ok(vec![Write::SummarizeSession { date, summary }]));
    }
    let needs = |field: &str| {
        InputError::new(
            field,
            format!(
                "a further session on {date} needs its minutes and its session RPE: its load \
                 (RPE x minutes) adds to the day's"
            ),
        )
    };
    let minutes = summary.minutes.ok_or_else(|| needs("minutes"))?;
    let session_rpe = summary.session_rpe.ok_or_else(|| needs("session_rpe"))?;
    let mut writes = vec![Write::AddSessionPart {
        date,
        part: SessionPart {
            minutes,
            session_rpe,
        },
    }];
    if let Some(note) = summary.note {
        let has_note = journal
            .sessions
            .iter()
            .any(|s| s.date == date && s.note.is_some());
        if has_note {
            return Err(InputError::new(
                "note",
                format!("{date} already has a note; a further session cannot replace it"),
            )
            .into());
        }
        writes.push(Write::SummarizeSession {
            date,
            summary: SessionSummary {
                note: Some(note),
                ..SessionSummary::default()
            },
        });
    }
    Ok(Ok(writes))
}

/// The day's sessions in words, when it has more than one ("2 sessions:
/// 30 min at RPE 5, 20 min at RPE 8; load 310"), for a front end to confirm
/// an added session with.
pub fn day_sessions(journal: &Journal, date: Date) -> Option<String> {
    let session = journal.sessions.iter().find(|s| s.date == date)?;
    let parts = session.parts();
    if parts.len() < 2 {
        return None;
    }
    let each: Vec<String> = parts
        .iter()
        .map(|p| format!("{} min at RPE {}", p.minutes, p.session_rpe.get()))
        .collect();
    Some(format!(
        "{date}: {} sessions ({}); the day's load is {} (RPE x minutes, added up)",
        parts.len(),
        each.join(", "),
        session.load().unwrap_or(0)
    ))
}

/// Stores `summary` for `date` as [`writes`] says, unless it would overwrite
/// the day's earlier summary and `mode` is `None`: then nothing is written
/// and the earlier one is returned. A plan must exist: the summary belongs
/// to a planned session.
pub fn summarize(
    store: &mut dyn Store,
    date: Date,
    summary: SessionSummary,
    mode: Option<SummaryMode>,
) -> Result<Summarized> {
    let journal = Journal::load(store)?;
    match writes(&journal, date, summary, mode)? {
        Err(earlier) => Ok(earlier),
        Ok(writes) => {
            journal::commit(store, writes)?;
            Ok(Summarized::Stored)
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use jiff::civil::date;

    use super::*;
    use crate::journal::tests::onboarded;

    #[test]
    fn minutes_are_a_whole_number_from_1_to_600_everywhere() {
        assert_eq!(minutes(1).unwrap(), 1);
        assert_eq!(minutes(600).unwrap(), 600);
        for bad in [0, -5, 601, 70_000] {
            let err = minutes(bad).unwrap_err();
            assert_eq!(err.field, "minutes");
            assert!(err.message.contains(&bad.to_string()), "{}", err.message);
        }
    }

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
    fn add_keeps_both_sessions_and_their_loads_add_up() {
        let mut store = onboarded();
        let day = date(2026, 3, 3);
        summarize(&mut store, day, summary(30, 5), None).unwrap();
        let again = summarize(&mut store, day, summary(20, 8), Some(SummaryMode::Add));
        assert_eq!(again.unwrap(), Summarized::Stored);
        // The first stays as it was; the second is kept beside it.
        assert_eq!(day_of(&store, day), (Some(30), Some(5)));
        let journal = Journal::load(&store).unwrap();
        let s = journal.sessions.iter().find(|s| s.date == day).unwrap();
        assert_eq!(s.load(), Some(30 * 5 + 20 * 8));
        assert_eq!(s.total_minutes(), Some(50));
        let said = day_sessions(&journal, day).unwrap();
        assert!(said.contains("2 sessions"), "{said}");
        assert!(said.contains("310"), "{said}");
        // A third adds again.
        summarize(&mut store, day, summary(10, 3), Some(SummaryMode::Add)).unwrap();
        let journal = Journal::load(&store).unwrap();
        let s = journal.sessions.iter().find(|s| s.date == day).unwrap();
        assert_eq!(s.load(), Some(310 + 30));
    }

    #[test]
    fn add_on_a_day_without_a_summary_records_the_first() {
        let mut store = onboarded();
        let day = date(2026, 3, 3);
        summarize(&mut store, day, summary(25, 6), Some(SummaryMode::Add)).unwrap();
        assert_eq!(day_of(&store, day), (Some(25), Some(6)));
        let journal = Journal::load(&store).unwrap();
        let s = journal.sessions.iter().find(|s| s.date == day).unwrap();
        assert!(s.more.is_empty());
    }

    #[test]
    fn a_further_session_needs_minutes_and_rpe_and_writes_nothing_without() {
        let mut store = onboarded();
        let day = date(2026, 3, 3);
        summarize(&mut store, day, summary(30, 5), None).unwrap();
        let minutes_only = SessionSummary {
            minutes: Some(20),
            ..SessionSummary::default()
        };
        let err = summarize(&mut store, day, minutes_only, Some(SummaryMode::Add)).unwrap_err();
        assert!(err.to_string().contains("session_rpe"), "{err}");
        let journal = Journal::load(&store).unwrap();
        let s = journal.sessions.iter().find(|s| s.date == day).unwrap();
        assert_eq!((s.load(), s.more.len()), (Some(150), 0));
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
