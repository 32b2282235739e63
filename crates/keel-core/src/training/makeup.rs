//! Making up a missed session (docs/method.md §4.2): after a planned
//! training day passed with nothing logged, the next day that is not a
//! training day offers that session instead of rest, until the next planned
//! session comes or the missed one is made up.

use jiff::civil::Date;

use super::today::session_with;
use super::{LoggedSet, Replay};
use crate::catalog::{Catalog, Kit};
use crate::engine::{EngineSettings, ReadinessCheck};
use crate::program::Program;

/// The planned training day whose session `date` may make up, if any.
///
/// `date` must be a day of the program that is not a training day (a rest
/// or light day). The missed day is the last training (A or B) day before
/// `date`, in the program, with no set logged on it or on any day after it
/// up to `date` (light-session sets aside): a set logged in between means the session was done (on its
/// day or made up) and the week moved on. Only that one session is offered;
/// an older miss lapses once a later planned day has passed, so the plan's
/// order stays as written. `logged` are the sets logged before `date`
/// (others are ignored).
pub fn missed_day(program: &Program, logged: &[LoggedSet], date: Date) -> Option<Date> {
    let (_, today) = program.day(date)?;
    if today.kind.is_training() {
        return None;
    }
    let missed = program
        .weeks
        .iter()
        .flat_map(|w| &w.days)
        .filter(|d| d.date < date && d.kind.is_training() && d.session.is_some())
        .map(|d| d.date)
        .max()?;
    // A light session's sets do not make up a training day.
    let done_since = logged
        .iter()
        .any(|s| s.slot.day.is_training() && s.date >= missed && s.date < date);
    (!done_since).then_some(missed)
}

/// The missed session to make up on `date` (see [`missed_day`]): the
/// session of the missed day as the replay leaves it, with `date`'s
/// readiness applied. Its slots keep the missed day's keys, so sets logged
/// on `date` count for the missed session's exercises. `None` when there is
/// nothing to make up.
// The inputs of `session_with`, plus the sets logged so far.
#[allow(clippy::too_many_arguments)]
pub fn makeup_session(
    program: &Program,
    replay: &Replay,
    logged: &[LoggedSet],
    date: Date,
    readiness: Option<&ReadinessCheck>,
    settings: &EngineSettings,
    catalog: &Catalog,
    equipment: &Kit,
) -> Option<super::PlannedSession> {
    let missed = missed_day(program, logged, date)?;
    let mut session = session_with(
        program, replay, missed, readiness, settings, catalog, equipment,
    )?;
    session.date = date;
    session.makes_up = Some(missed);
    Some(session)
}
