//! The self-contained progress report (`keel report`, the web's "Download
//! report"): the insight put in the report's plain values, decisions and
//! notes in words. keel_io::report draws it.

use keel_core::catalog::Catalog;
use keel_core::profile::Profile;
use keel_io::report::{DecisionRow, HoldTrend, NoteRow, ReportData, WeekRow};
use keel_store::ProgramStatus;

use crate::insight::Insight;
use crate::wording;

fn profile_rows(
    data: &Insight,
    profile: Option<&Profile>,
    status: &ProgramStatus,
) -> Vec<(String, String)> {
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
    }
    rows.push((
        "Plan".to_string(),
        format!("version {}, started {}", data.plan_version, data.plan_start),
    ));
    rows.push((
        "Program status".to_string(),
        match status {
            ProgramStatus::Active => "active".to_string(),
            ProgramStatus::Halted { since, .. } => {
                format!("halted by a red-flag answer on {since}; see a clinician")
            }
        },
    ));
    rows
}

/// The insight as the report's plain values, decisions put in words.
pub fn report_data(
    data: &Insight,
    profile: Option<&Profile>,
    status: &ProgramStatus,
) -> ReportData {
    let catalog = Catalog::builtin();
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
        summary: profile_rows(data, profile, status),
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
        decisions: data
            .decisions
            .iter()
            .map(|d| DecisionRow {
                date: d.date,
                exercise: wording::name(catalog, &d.slot.planned),
                action: wording::action(catalog, &d.decision.action),
                reasons: d.decision.reasons.clone(),
            })
            .collect(),
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
