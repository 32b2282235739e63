//! The parts of `GET /api/v1/today` that come from keel-app: the red-flag
//! halt, a retest that is due, and what each exercise got last time.

use jiff::civil::Date;
use keel_app::enrol;
use keel_app::safety;
use keel_app::workout;
use serde::Serialize;

use super::sets::Done;

/// While a red flag halts the program: since when, why, and how to resume.
#[derive(Debug, Serialize)]
pub struct Halt {
    pub since: Date,
    /// The warning signs answered yes.
    pub red_flags: Vec<&'static str>,
    /// The clinician message.
    pub message: &'static str,
    /// How to resume.
    pub resume: &'static str,
}

/// A retest that is due.
#[derive(Debug, Serialize)]
pub struct RetestDue {
    pub last_assessed: Date,
    /// The `retest-weeks` setting in force.
    pub every_weeks: u8,
    pub due_since: Date,
    pub message: String,
}

/// What one exercise got on the latest earlier day it was done.
#[derive(Debug, Serialize)]
pub struct LastTime {
    pub exercise: String,
    pub date: Date,
    /// That day's sets of it, in the order they were done.
    pub sets: Vec<Done>,
}

impl From<safety::Halt> for Halt {
    fn from(halt: safety::Halt) -> Halt {
        Halt {
            since: halt.since,
            red_flags: halt.red_flags.iter().map(|f| f.slug()).collect(),
            message: halt.message,
            resume: halt.resume,
        }
    }
}

impl From<enrol::RetestDue> for RetestDue {
    fn from(due: enrol::RetestDue) -> RetestDue {
        RetestDue {
            last_assessed: due.last_assessed,
            every_weeks: due.every_weeks,
            due_since: due.due_since,
            message: due.message,
        }
    }
}

impl From<workout::LastTime> for LastTime {
    fn from(last: workout::LastTime) -> LastTime {
        LastTime {
            exercise: last.exercise.0,
            date: last.date,
            sets: last.sets.into_iter().map(Done::from).collect(),
        }
    }
}
