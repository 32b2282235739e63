//! When a retest is due (docs/method.md §2.5): `retest-weeks` weeks after
//! the latest assessment (onboarding's or a retest). One rule; `keel today`,
//! the Today page and `GET /api/v1/today` say it in their own words.

use jiff::ToSpan;
use jiff::civil::Date;
use keel_store::{Store, StoreError};
use serde::Serialize;

/// A retest that is due, with what it is due from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RetestDue {
    /// The date of the latest assessment.
    pub last_assessed: Date,
    /// The `retest-weeks` setting in force.
    pub every_weeks: u8,
    /// The day it became due: `every_weeks` weeks after `last_assessed`.
    pub due_since: Date,
    /// "A retest is due: your last assessment was on 2026-01-05, and
    /// retests come every 6 weeks (setting retest-weeks)."
    pub message: String,
}

/// Whether a retest is due on `today`, from the stored assessments and
/// settings; `None` before any assessment or when not yet due.
pub fn retest_due(store: &dyn Store, today: Date) -> Result<Option<RetestDue>, StoreError> {
    let Some(latest) = store.assessments()?.pop() else {
        return Ok(None);
    };
    let weeks = store.settings()?.retest_weeks;
    Ok(due_on(latest.input.date, weeks, today))
}

/// The rule itself: due from `last_assessed` plus `every_weeks` weeks
/// (that day included) on.
pub fn due_on(last_assessed: Date, every_weeks: u8, today: Date) -> Option<RetestDue> {
    let due_since = last_assessed
        .checked_add((i64::from(every_weeks) * 7).days())
        .ok()?;
    (today >= due_since).then(|| RetestDue {
        last_assessed,
        every_weeks,
        due_since,
        message: format!(
            "A retest is due: your last assessment was on {last_assessed}, and retests come \
             every {every_weeks} weeks (setting retest-weeks)."
        ),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use jiff::civil::date;
    use keel_core::assessment::{AssessmentInput, EnduranceHolds};
    use keel_core::measure::Seconds;
    use keel_core::redflag::Screen;
    use keel_store::{SqliteStore, Write};

    use super::*;
    use crate::enrol::{Onboarding, onboard, retest};
    use crate::profile::starting_profile;

    fn extensor_on(day: Date, seconds: i64) -> AssessmentInput {
        AssessmentInput {
            date: day,
            holds: EnduranceHolds {
                extensor: Some(Seconds::new(seconds).unwrap()),
                ..EnduranceHolds::default()
            },
            movement: Default::default(),
            mobility: Default::default(),
            pain_now: None,
        }
    }

    fn onboarded_on(day: Date) -> SqliteStore {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let answers = Onboarding {
            profile: starting_profile(),
            screen: Screen::clear(),
            tests: extensor_on(day, 90),
            start_over: false,
            outcomes: Vec::new(),
        };
        onboard(&mut store, day, answers).unwrap();
        store
    }

    #[test]
    fn due_exactly_retest_weeks_after_the_last_assessment() {
        let last = date(2026, 1, 5);
        assert_eq!(due_on(last, 6, date(2026, 2, 15)), None, "a day early");
        let due = due_on(last, 6, date(2026, 2, 16)).unwrap();
        assert_eq!(due.due_since, date(2026, 2, 16));
        assert_eq!(due.every_weeks, 6);
        assert!(due.message.contains("2026-01-05"), "{}", due.message);
        assert!(due.message.contains("every 6 weeks"), "{}", due.message);
        assert!(
            due_on(last, 6, date(2026, 5, 1)).is_some(),
            "still due later"
        );
        assert!(due_on(last, 4, date(2026, 2, 2)).is_some());
    }

    #[test]
    fn the_stored_setting_and_the_latest_assessment_decide() {
        let mut store = onboarded_on(date(2026, 1, 5));
        assert_eq!(retest_due(&store, date(2026, 2, 15)).unwrap(), None);
        assert!(retest_due(&store, date(2026, 2, 16)).unwrap().is_some());
        // A longer interval is read from the settings.
        let mut settings = store.settings().unwrap();
        settings.retest_weeks = 8;
        store.apply(vec![Write::SaveSettings(settings)]).unwrap();
        assert_eq!(retest_due(&store, date(2026, 2, 16)).unwrap(), None);
        assert!(retest_due(&store, date(2026, 3, 2)).unwrap().is_some());
        // A retest restarts the count.
        retest(&mut store, extensor_on(date(2026, 3, 2), 100)).unwrap();
        assert_eq!(retest_due(&store, date(2026, 3, 2)).unwrap(), None);
        assert_eq!(
            retest_due(&store, date(2026, 4, 27))
                .unwrap()
                .unwrap()
                .last_assessed,
            date(2026, 3, 2)
        );
    }

    #[test]
    fn nothing_is_due_before_any_assessment() {
        let store = SqliteStore::open_in_memory().unwrap();
        assert_eq!(retest_due(&store, date(2030, 1, 1)).unwrap(), None);
    }
}
