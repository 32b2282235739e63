//! The self-contained progress report (`keel report`, the web's "Download
//! report"): the insight put in the report's plain values, decisions and
//! notes in words, with the program status and its whole safety history,
//! pain per session, check-ins and outcome trends read from the store.
//! keel_io::report draws it.

use jiff::civil::Date;
use keel_core::catalog::Catalog;
use keel_core::outcome::Better;
use keel_core::profile::Profile;
use keel_core::redflag::RedFlag;
use keel_io::report::{
    CheckInRow, DecisionRow, HoldTrend, NoteRow, OutcomeRow, PainRow, ReportData, SafetyRow,
    WeekRow,
};
use keel_store::{CheckIn, ProgramStatus, SafetyEvent, ScreenContext, Store, TrainingSession};

use crate::insight::Insight;
use crate::{outcomes, wording};

/// Everything the report reads beside the insight.
pub struct Records {
    pub profile: Option<Profile>,
    pub safety: Vec<SafetyEvent>,
    /// Sessions inside the report's window.
    pub sessions: Vec<TrainingSession>,
    /// Check-ins inside the report's window.
    pub check_ins: Vec<CheckIn>,
    pub outcomes: outcomes::Overview,
}

impl Records {
    /// Reads what the report shows for the insight's window.
    pub fn read(store: &dyn Store, data: &Insight) -> crate::Result<Records> {
        let inside = |d: Date| d >= data.from && d <= data.to;
        Ok(Records {
            profile: store.profile()?,
            safety: store.safety_events()?,
            sessions: store.sessions(Some(data.from), Some(data.to))?,
            check_ins: store
                .check_ins()?
                .into_iter()
                .filter(|c| inside(c.date()))
                .collect(),
            outcomes: outcomes::overview(store)?,
        })
    }
}

/// The report's data for the insight's window, read from `store`.
pub fn gather(store: &dyn Store, data: &Insight) -> crate::Result<ReportData> {
    let records = Records::read(store, data)?;
    Ok(report_data(data, &records))
}

fn context_words(context: ScreenContext) -> &'static str {
    match context {
        ScreenContext::Onboarding => "at onboarding",
        ScreenContext::PainEntry => "with a pain entry",
        ScreenContext::Retest => "at a retest",
    }
}

/// The safety log as rows (each screen with its answers, each halt, each
/// resume with its note) and the status in words with its history.
pub fn safety_rows(events: &[SafetyEvent]) -> (Vec<SafetyRow>, String, bool) {
    let mut rows = Vec::new();
    let mut halted_since: Option<Date> = None;
    let mut last_resume: Option<(Date, Date)> = None;
    let mut halts = 0;
    for event in events {
        match event {
            SafetyEvent::Screen {
                date,
                context,
                flags,
            } => {
                let detail = if flags.is_empty() {
                    format!("No to all {} questions.", RedFlag::ALL.len())
                } else {
                    let yes: Vec<&str> = flags.iter().map(|f| f.question()).collect();
                    format!(
                        "Yes to: {} No to the other {}.",
                        yes.join(" "),
                        RedFlag::ALL.len().saturating_sub(flags.len())
                    )
                };
                rows.push(SafetyRow {
                    date: *date,
                    event: format!("Red-flag screen {}", context_words(*context)),
                    detail,
                    alert: !flags.is_empty(),
                });
                if !flags.is_empty() && halted_since.is_none() {
                    halted_since = Some(*date);
                    halts += 1;
                    rows.push(SafetyRow {
                        date: *date,
                        event: "Program halted".to_string(),
                        detail: "A red-flag answer halted the program: see a clinician before \
                                 training again."
                            .to_string(),
                        alert: true,
                    });
                }
            }
            SafetyEvent::Resume { date, note } => {
                rows.push(SafetyRow {
                    date: *date,
                    event: "Resumed".to_string(),
                    detail: if note.trim().is_empty() {
                        "Resumed by the user's recorded decision (no note).".to_string()
                    } else {
                        format!("Resumed by the user's recorded decision: \"{note}\"")
                    },
                    alert: false,
                });
                if let Some(since) = halted_since.take() {
                    last_resume = Some((since, *date));
                }
            }
        }
    }
    let status = match (halted_since, last_resume) {
        (Some(since), _) => format!(
            "HALTED since {since} by a red-flag answer; see a clinician. Only a recorded \
             resume lifts the halt."
        ),
        (None, Some((since, resumed))) => format!(
            "active again since {resumed}, resumed after a red-flag halt on {since}{}; \
             see the history below.",
            if halts > 1 {
                format!(" ({halts} halts in all)")
            } else {
                String::new()
            }
        ),
        (None, None) if events.is_empty() => "active; no red-flag screen is recorded.".to_string(),
        (None, None) => "active; every red-flag screen was answered no.".to_string(),
    };
    (rows, status, halted_since.is_some())
}

fn pain_rows(sessions: &[TrainingSession]) -> Vec<PainRow> {
    sessions
        .iter()
        .filter(|s| !s.sets.is_empty())
        .map(|s| {
            let pains: Vec<u8> = s.sets.iter().map(|x| x.logged.set.pain.get()).collect();
            let total: f64 = pains.iter().map(|p| f64::from(*p)).sum();
            PainRow {
                date: s.date,
                sets: pains.len(),
                highest: pains.iter().copied().max().unwrap_or(0),
                mean: total / pains.len() as f64,
                sharp: s.sets.iter().any(|x| x.logged.set.sharp_pain),
            }
        })
        .collect()
}

/// Each decision labelled by the exercise actually done (the set logged
/// that day in its slot), with the planned slot's exercise beside it.
pub fn decision_rows(
    decisions: &[keel_core::training::SlotDecision],
    sessions: &[TrainingSession],
    units: keel_core::units::Units,
) -> Vec<DecisionRow> {
    let catalog = Catalog::builtin();
    let done = |date: Date, slot: &keel_core::training::SlotKey| {
        sessions
            .iter()
            .filter(|s| s.date == date)
            .flat_map(|s| s.sets.iter())
            .find(|x| x.logged.slot == *slot)
            .map(|x| x.logged.exercise.clone())
    };
    decisions
        .iter()
        .map(|d| DecisionRow {
            date: d.date,
            exercise: wording::name(
                catalog,
                &done(d.date, &d.slot).unwrap_or_else(|| d.slot.planned.clone()),
            ),
            planned: wording::name(catalog, &d.slot.planned),
            action: wording::action(catalog, &d.decision.action, units),
            reasons: d.decision.reasons.clone(),
        })
        .collect()
}

fn yes_no(v: bool) -> &'static str {
    if v { "yes" } else { "no" }
}

fn check_in_rows(check_ins: &[CheckIn]) -> Vec<CheckInRow> {
    check_ins
        .iter()
        .map(|c| match c {
            CheckIn::Readiness { date, check } => CheckInRow {
                date: *date,
                kind: "Readiness".to_string(),
                answers: check
                    .items()
                    .iter()
                    .map(|(name, v)| format!("{name} {}", v.get()))
                    .collect::<Vec<_>>()
                    .join(", "),
            },
            CheckIn::Morning(m) => CheckInRow {
                date: m.date,
                kind: "Next morning".to_string(),
                answers: format!(
                    "pain back to usual: {}; stiffness back to usual: {}; soreness {}/10",
                    yes_no(m.pain_back_to_usual),
                    yes_no(m.stiffness_back_to_usual),
                    m.soreness.get()
                ),
            },
        })
        .collect()
}

fn outcome_rows(view: &outcomes::Overview) -> Vec<OutcomeRow> {
    view.trends
        .iter()
        .map(|t| OutcomeRow {
            name: t.name.clone(),
            points: t
                .points
                .iter()
                .map(|p| {
                    (
                        p.date,
                        p.score,
                        p.change.as_ref().is_some_and(|c| c.meaningful),
                    )
                })
                .collect(),
            bands: t.points.iter().map(|p| p.band.clone()).collect(),
            change: format!(
                "{} ({} is better.)",
                outcomes::change_words(t),
                match t.mcid.better {
                    Better::Lower => "lower",
                    Better::Higher => "higher",
                }
            ),
            items: t
                .items
                .iter()
                .map(|i| {
                    format!(
                        "{}: {} to {} ({})",
                        i.item,
                        i.first,
                        i.latest,
                        if i.change.meaningful {
                            "a change that matters"
                        } else {
                            "less than the change that matters"
                        }
                    )
                })
                .collect(),
            source: match &t.mcid.source {
                Some(source) => format!("Change that matters: {source}."),
                None => "No published minimal important change.".to_string(),
            },
        })
        .collect()
}

fn profile_rows(data: &Insight, profile: Option<&Profile>) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    if let Some(p) = profile {
        if let Some(name) = &p.name {
            rows.push(("Name".to_string(), name.clone()));
        }
        if let Some(sex) = p.sex {
            rows.push(("Sex".to_string(), format!("{sex:?}").to_lowercase()));
        }
        rows.push((
            "Training age".to_string(),
            format!("{:?}", p.training_age).to_lowercase(),
        ));
        let days: Vec<String> = p
            .training_days
            .days()
            .iter()
            .map(|d| format!("{d:?}"))
            .collect();
        rows.push(("Training days".to_string(), days.join(", ")));
        rows.push(("Units".to_string(), p.units.symbol().to_string()));
    }
    rows.push((
        "Plan".to_string(),
        format!("version {}, started {}", data.plan_version, data.plan_start),
    ));
    rows
}

/// The insight and the records as the report's plain values, decisions
/// put in words: each labelled by the exercise actually done, with the
/// planned slot beside it.
pub fn report_data(data: &Insight, records: &Records) -> ReportData {
    let catalog = Catalog::builtin();
    let (safety, status, halted) = safety_rows(&records.safety);
    debug_assert_eq!(
        halted,
        matches!(
            keel_store::program_status(&records.safety),
            ProgramStatus::Halted { .. }
        )
    );
    let holds = data
        .exercises
        .iter()
        .filter_map(|ex| {
            let points: Vec<_> = ex
                .trend
                .points
                .iter()
                .filter_map(|p| p.best_hold_seconds.map(|h| (p.date, h)))
                .collect();
            (!points.is_empty()).then(|| HoldTrend {
                name: ex.name.clone(),
                points,
                slope_per_week: ex.trend.hold_slope_per_week,
                target: ex.forecast.as_ref().and_then(|f| f.target_seconds),
                forecast: ex
                    .forecast
                    .as_ref()
                    .map_or_else(|| "not enough data yet".to_string(), |f| f.summary.clone()),
            })
        })
        .collect();
    ReportData {
        generated_on: data.today,
        from: data.from,
        to: data.to,
        summary: profile_rows(data, records.profile.as_ref()),
        status,
        halted,
        safety,
        pain: pain_rows(&records.sessions),
        check_ins: check_in_rows(&records.check_ins),
        outcomes: outcome_rows(&records.outcomes),
        assessments: data.assessments.clone(),
        ratios: data.ratios.clone(),
        retests: data.retests.clone(),
        holds,
        weeks: data
            .weeks
            .iter()
            .map(|w| WeekRow {
                week_start: w.week_start,
                load: w.load,
                monotony: w.monotony,
                strain: w.strain,
            })
            .collect(),
        acwr: data.acwr.clone(),
        acwr_meaning: data.acwr_meaning.to_string(),
        acwr_criticism: data.acwr_criticism.to_string(),
        balance: data.balance.clone(),
        adherence: Some(data.adherence.clone()),
        decisions: decision_rows(
            &data.decisions,
            &records.sessions,
            records
                .profile
                .as_ref()
                .map(|p| p.units)
                .unwrap_or_default(),
        ),
        notes: data
            .notes
            .iter()
            .map(|n| NoteRow {
                date: n.date,
                exercise: n.exercise.as_ref().map(|e| wording::name(catalog, e)),
                text: n.text.clone(),
            })
            .collect(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use jiff::civil::date;
    use keel_core::catalog::ExerciseId;
    use keel_store::{SafetyEvent, ScreenContext, StoredSet, TrainingSession};

    use super::*;

    #[test]
    fn a_decision_is_labelled_by_the_exercise_done_beside_its_slot() {
        let day = date(2026, 3, 6);
        let mut logged = keel_store::conformance::set(day, "prone-plank", 20);
        logged.exercise = ExerciseId::new("side-bridge");
        let session = TrainingSession {
            id: 1,
            date: day,
            plan_version: Some(1),
            minutes: None,
            session_rpe: None,
            note: None,
            more: Vec::new(),
            sets: vec![StoredSet {
                id: 1,
                number: 1,
                recorded_at: jiff::Timestamp::UNIX_EPOCH,
                logged,
            }],
        };
        let decisions = vec![
            keel_store::conformance::decision(day, "prone-plank", 25),
            // No set that day in the slot: the planned exercise names it.
            keel_store::conformance::decision(date(2026, 3, 9), "prone-plank", 30),
        ];
        let rows = decision_rows(&decisions, &[session], Default::default());
        assert_eq!(rows[0].exercise, "Side bridge");
        assert_eq!(rows[0].planned, "Prone plank");
        assert_eq!(rows[1].exercise, "Prone plank");
        assert_eq!(rows[1].planned, "Prone plank");
    }

    #[test]
    fn the_status_tells_the_halt_and_the_resume() {
        let screen = |d, flags| SafetyEvent::Screen {
            date: d,
            context: ScreenContext::PainEntry,
            flags,
        };
        let events = vec![
            SafetyEvent::Screen {
                date: date(2026, 3, 2),
                context: ScreenContext::Onboarding,
                flags: vec![],
            },
            screen(date(2026, 3, 4), vec![RedFlag::LegWeakness]),
            SafetyEvent::Resume {
                date: date(2026, 3, 5),
                note: "GP cleared me".into(),
            },
        ];
        let (rows, status, halted) = safety_rows(&events);
        assert!(!halted);
        assert!(
            status.contains(
                "active again since 2026-03-05, resumed after a red-flag halt on 2026-03-04"
            ),
            "{status}"
        );
        let events_text: Vec<&str> = rows.iter().map(|r| r.event.as_str()).collect();
        assert_eq!(
            events_text,
            [
                "Red-flag screen at onboarding",
                "Red-flag screen with a pain entry",
                "Program halted",
                "Resumed"
            ]
        );
        assert!(rows[3].detail.contains("GP cleared me"));
        // Halted again, without a resume: the status says so.
        let mut again = events.clone();
        again.push(screen(date(2026, 3, 9), vec![RedFlag::NightPain]));
        let (_, status, halted) = safety_rows(&again);
        assert!(halted);
        assert!(status.starts_with("HALTED since 2026-03-09"), "{status}");
        let (_, status, _) = safety_rows(&[]);
        assert!(status.contains("no red-flag screen"), "{status}");
    }
}
