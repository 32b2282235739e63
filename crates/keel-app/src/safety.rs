//! The red-flag halt as every surface shows it. While a red-flag answer
//! stands (until an explicit resume), the program is halted: every command,
//! page and API read that would show or record training asks [`halt`] and
//! renders the [`Halt`] instead, so no surface offers a session, a plan or a
//! check-in verdict. After a resume, [`halt`] is `None` and nothing of the
//! halt remains.

use jiff::civil::Date;
use keel_core::InputError;
use keel_core::redflag::{CLINICIAN_MESSAGE, RedFlag};
use keel_store::{ProgramStatus, SafetyEvent, Store, Write};
use serde::Serialize;

use crate::Result;

/// The one way to resume, named the same on every surface.
pub const RESUME_HINT: &str = "When a clinician has cleared you, record your decision to \
resume (`keel resume --confirm`, or Resume on the today page) and continue.";

/// Why the program is halted, ready to render (`--json` and the API
/// serialise it as is).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Halt {
    /// The day of the red-flag answer that halted the program.
    pub since: Date,
    /// The warning signs answered yes, by slug.
    pub red_flags: Vec<RedFlag>,
    /// The clinician message.
    pub message: &'static str,
    /// How to resume.
    pub resume: &'static str,
}

impl Halt {
    /// The halt from a program status, if halted.
    pub fn from_status(status: &ProgramStatus) -> Option<Halt> {
        match status {
            ProgramStatus::Active => None,
            ProgramStatus::Halted { since, flags } => Some(Halt {
                since: *since,
                red_flags: flags.clone(),
                message: CLINICIAN_MESSAGE,
                resume: RESUME_HINT,
            }),
        }
    }

    /// One line saying since when the program is paused.
    pub fn paused_line(&self) -> String {
        format!(
            "Your program has been paused since {} (red flag: {}). No training is offered \
             while it is paused.",
            self.since,
            self.red_flags
                .iter()
                .map(|f| f.slug())
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

/// The halt in force, if any: the one question every surface asks before
/// showing or recording training.
pub fn halt(store: &dyn Store) -> Result<Option<Halt>> {
    Ok(Halt::from_status(&store.status()?))
}

/// What [`resume`] did.
#[derive(Debug, Clone, PartialEq)]
pub enum Resumed {
    /// The program was not halted: nothing was written.
    NotHalted,
    /// The decision to continue is recorded, with its note (maybe empty).
    Resumed { note: String },
}

/// Lifts a red-flag halt on the person's explicit decision: the one
/// implementation behind `keel resume --confirm`, the Today page's resume
/// form and `POST /api/v1/resume`. Refused without the confirmation
/// (field `confirm`): Keel never resumes on its own. The note is checked as
/// every note is (field `note`). With no halt in force nothing is written.
pub fn resume(
    store: &mut dyn Store,
    date: Date,
    confirmed: bool,
    note: Option<String>,
) -> Result<Resumed> {
    if !confirmed {
        return Err(InputError::new(
            "confirm",
            "confirm that you have seen a clinician (or decided with one) and want to continue",
        )
        .into());
    }
    let note = crate::record::note(note)?.unwrap_or_default();
    if halt(store)?.is_none() {
        return Ok(Resumed::NotHalted);
    }
    store.apply(vec![Write::Safety(SafetyEvent::Resume {
        date,
        note: note.clone(),
    })])?;
    Ok(Resumed::Resumed { note })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use keel_store::{SafetyEvent, ScreenContext, SqliteStore, Write};

    fn day(d: i8) -> Date {
        jiff::civil::date(2026, 1, d)
    }

    #[test]
    fn a_red_flag_halts_and_a_resume_leaves_nothing_of_it() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        assert_eq!(halt(&store).unwrap(), None);
        store
            .apply(vec![Write::Safety(SafetyEvent::Screen {
                date: day(5),
                context: ScreenContext::Onboarding,
                flags: vec![RedFlag::NightPain],
            })])
            .unwrap();
        let h = halt(&store).unwrap().unwrap();
        assert_eq!(h.since, day(5));
        assert_eq!(h.red_flags, vec![RedFlag::NightPain]);
        assert!(h.paused_line().contains("night-pain"));
        store
            .apply(vec![Write::Safety(SafetyEvent::Resume {
                date: day(9),
                note: "cleared".into(),
            })])
            .unwrap();
        assert_eq!(halt(&store).unwrap(), None);
    }
}
