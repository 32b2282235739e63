//! Dates and day kinds: weeks of seven days from the start date, training
//! days from the profile, A and B alternating over consecutive training days
//! across the whole program (3 days a week: A-B-A, then B-A-B).

use jiff::civil::Date;

use super::DayKind;
use crate::profile::Profile;

/// The dates and kinds of one week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WeekLayout {
    pub days: Vec<(Date, DayKind)>,
}

impl WeekLayout {
    pub fn count(&self, kind: DayKind) -> usize {
        self.days.iter().filter(|(_, k)| *k == kind).count()
    }
}

/// Lays out `weeks` weeks from `start`. Stops early only at the end of the
/// calendar (year 9999), which no real plan reaches.
pub(crate) fn layout(profile: &Profile, start: Date, weeks: usize) -> Vec<WeekLayout> {
    let mut training_seen = 0usize;
    let mut out = Vec::with_capacity(weeks);
    for week in 0..weeks {
        let mut days = Vec::with_capacity(7);
        for offset in 0..7 {
            let index = i64::try_from(week * 7 + offset).unwrap_or(i64::MAX);
            let Ok(date) = start.checked_add(jiff::Span::new().days(index)) else {
                return out;
            };
            let kind = if profile.training_days.contains(date.weekday()) {
                training_seen += 1;
                if training_seen % 2 == 1 {
                    DayKind::A
                } else {
                    DayKind::B
                }
            } else if profile.light_days {
                DayKind::Light
            } else {
                DayKind::Rest
            };
            days.push((date, kind));
        }
        out.push(WeekLayout { days });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::Pain;
    use crate::profile::{TrainingAge, TrainingDays};

    fn profile(days: u8, light: bool) -> Profile {
        Profile {
            name: None,
            sex: None,
            training_age: TrainingAge::Novice,
            training_days: TrainingDays::spread(days).unwrap_or_else(|e| panic!("{e}")),
            light_days: light,
            equipment: Vec::new(),
            pain_now: Pain::saturating(0),
            units: Default::default(),
            inventory: Default::default(),
        }
    }

    #[test]
    fn three_days_alternate_aba_then_bab() {
        let start: Date = "2026-03-02".parse().unwrap_or_else(|e| panic!("{e}"));
        let weeks = layout(&profile(3, false), start, 2);
        let kinds: Vec<Vec<DayKind>> = weeks
            .iter()
            .map(|w| w.days.iter().map(|(_, k)| *k).collect())
            .collect();
        use DayKind::*;
        assert_eq!(kinds[0], vec![A, Rest, B, Rest, A, Rest, Rest]);
        assert_eq!(kinds[1], vec![B, Rest, A, Rest, B, Rest, Rest]);
        assert_eq!(weeks[1].days[0].0.to_string(), "2026-03-09");
    }

    #[test]
    fn light_days_fill_non_training_days() {
        let start: Date = "2026-03-04".parse().unwrap_or_else(|e| panic!("{e}"));
        let weeks = layout(&profile(2, true), start, 1);
        assert_eq!(weeks[0].count(DayKind::Light), 5);
        // Starts on a Wednesday: Thursday is the first training day.
        assert_eq!(weeks[0].days[1].1, DayKind::A);
        assert_eq!(weeks[0].days[5].1, DayKind::B);
    }
}
