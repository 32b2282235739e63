//! The HTML report from hand-built data: every section, inline SVG, print
//! CSS, nothing external, and every piece of user text escaped.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jiff::civil::date;
use keel_core::analytics::{
    ACWR_CRITICISM, ACWR_MEANING, AcwrDay, Adherence, AdherenceCount, RegionShare, WeekAdherence,
    WeekBalance, ratios_over_time, retest_history,
};
use keel_core::assessment::{AssessmentInput, EnduranceHolds, Norms};
use keel_core::catalog::Region;
use keel_core::measure::Seconds;
use keel_io::report::{
    CheckInRow, DecisionRow, HoldTrend, NoteRow, OutcomeRow, PainRow, ReportData, SECTIONS,
    SafetyRow, WeekRow, render,
};

fn s(v: u16) -> Option<Seconds> {
    Some(Seconds::new(v.into()).unwrap())
}

fn assessment(day: i8, extensor: u16) -> AssessmentInput {
    AssessmentInput {
        date: date(2026, 3, day),
        holds: EnduranceHolds {
            extensor: s(extensor),
            flexor: s(100),
            side_bridge_right: s(60),
            side_bridge_left: s(55),
            prone_plank: s(70),
        },
        movement: Default::default(),
        mobility: Default::default(),
        pain_now: None,
    }
}

fn empty() -> ReportData {
    ReportData {
        generated_on: date(2026, 3, 30),
        from: date(2026, 3, 2),
        to: date(2026, 3, 30),
        summary: vec![],
        status: "active; no red-flag screen is recorded.".to_string(),
        halted: false,
        safety: vec![],
        pain: vec![],
        check_ins: vec![],
        outcomes: vec![],
        assessments: vec![],
        ratios: vec![],
        retests: vec![],
        holds: vec![],
        weeks: vec![],
        acwr: vec![],
        acwr_meaning: ACWR_MEANING.to_string(),
        acwr_criticism: ACWR_CRITICISM.to_string(),
        balance: vec![],
        adherence: None,
        decisions: vec![],
        notes: vec![],
    }
}

fn full() -> ReportData {
    let assessments = vec![assessment(2, 120), assessment(30, 150)];
    let norms = Norms::builtin();
    let count = |planned, done| AdherenceCount {
        planned,
        done,
        extra: 0,
        percent: Some(done as f64 / planned as f64 * 100.0),
    };
    ReportData {
        summary: vec![("Name".to_string(), "Ann <b>".to_string())],
        ratios: ratios_over_time(&assessments, norms),
        retests: retest_history(&assessments, norms),
        assessments,
        holds: vec![HoldTrend {
            name: "Prone plank".to_string(),
            points: vec![(date(2026, 3, 2), 10.0), (date(2026, 3, 9), 20.0)],
            slope_per_week: Some(10.0),
            target: Some(30.0),
            forecast: "not enough data yet: 2 performance tests".to_string(),
        }],
        weeks: vec![
            WeekRow {
                week_start: date(2026, 3, 2),
                load: 540.0,
                monotony: Some(0.8),
                strain: Some(432.0),
            },
            WeekRow {
                week_start: date(2026, 3, 9),
                load: 600.0,
                monotony: None,
                strain: None,
            },
        ],
        acwr: vec![AcwrDay {
            date: date(2026, 3, 29),
            acute_mean: Some(80.0),
            coupled: Some(1.1),
            uncoupled: Some(1.2),
            ewma_acute: 80.0,
            ewma_chronic: 70.0,
            ewma: Some(1.14),
        }],
        balance: vec![WeekBalance {
            week_start: date(2026, 3, 9),
            total_seconds: 100.0,
            cap_percent: 35,
            shares: vec![
                RegionShare {
                    region: Region::ObliquesQl,
                    seconds: 60.0,
                    percent: Some(60.0),
                    over_cap: true,
                },
                RegionShare {
                    region: Region::Glutes,
                    seconds: 40.0,
                    percent: Some(40.0),
                    over_cap: true,
                },
            ],
        }],
        adherence: Some(Adherence {
            total: count(6, 5),
            weeks: vec![WeekAdherence {
                number: 1,
                week_start: date(2026, 3, 2),
                count: count(3, 3),
            }],
        }),
        status: "active again since 2026-03-20, resumed after a red-flag halt on 2026-03-12"
            .to_string(),
        safety: vec![
            SafetyRow {
                date: date(2026, 3, 12),
                event: "Program halted".to_string(),
                detail: "see a clinician".to_string(),
                alert: true,
            },
            SafetyRow {
                date: date(2026, 3, 20),
                event: "Resumed".to_string(),
                detail: "GP cleared me <ok>".to_string(),
                alert: false,
            },
        ],
        pain: vec![
            PainRow {
                date: date(2026, 3, 2),
                sets: 3,
                highest: 2,
                mean: 1.5,
                sharp: false,
            },
            PainRow {
                date: date(2026, 3, 4),
                sets: 2,
                highest: 6,
                mean: 4.0,
                sharp: true,
            },
        ],
        check_ins: vec![CheckInRow {
            date: date(2026, 3, 3),
            kind: "Next morning".to_string(),
            answers: "soreness 3/10".to_string(),
        }],
        outcomes: vec![OutcomeRow {
            name: "Pain rating (NPRS, 0-10)".to_string(),
            points: vec![
                (date(2026, 3, 2), 6.0, false),
                (date(2026, 3, 30), 3.0, true),
            ],
            bands: vec![None, None],
            change: "-3 since 2026-03-02: better".to_string(),
            items: vec![],
            source: "Childs 2005".to_string(),
        }],
        decisions: vec![DecisionRow {
            date: date(2026, 3, 6),
            exercise: "Prone plank".to_string(),
            planned: "Long-lever plank".to_string(),
            action: "progress: hold 10 s -> 15 s".to_string(),
            reasons: vec!["all 5 sets done at RPE 6".to_string()],
        }],
        notes: vec![NoteRow {
            date: date(2026, 3, 4),
            exercise: None,
            text: "tight <script>alert(1)</script> today".to_string(),
        }],
        ..empty()
    }
}

#[test]
fn every_section_is_there_with_charts_and_print_css() {
    let html = render(&full());
    assert!(html.starts_with("<!DOCTYPE html>"));
    for heading in SECTIONS {
        assert!(
            html.contains(&format!("<h2>{}</h2>", heading.replace('&', "&amp;"))),
            "missing {heading}"
        );
    }
    // Pain, outcome, hold trend, weekly load, ratio and balance charts.
    assert_eq!(html.matches("<svg ").count(), 6, "{html}");
    assert!(html.contains("<main>") && html.contains("</main>"));
    // The first page: status with its history, then the sections in order.
    let at = |h: &str| html.find(&format!("<h2>{h}</h2>")).unwrap();
    for pair in SECTIONS.windows(2) {
        assert!(at(pair[0]) < at(pair[1]), "{} before {}", pair[0], pair[1]);
    }
    assert!(html.contains("resumed after a red-flag halt on 2026-03-12"));
    assert!(html.contains("GP cleared me &lt;ok&gt;"));
    assert!(html.contains("<tr class=\"alert\"><td>2026-03-12</td><td>Program halted"));
    assert!(html.contains("section.first{break-after:page}"));
    // Decisions by the exercise done, the planned slot beside it.
    assert!(
        html.contains("<td>Prone plank</td><td>Long-lever plank</td>"),
        "{html}"
    );
    assert!(html.contains("soreness 3/10"));
    assert!(html.contains("Childs 2005"));
    assert!(html.contains("@media print"));
    assert!(html.contains("role=\"img\""));
    // Retest with its measurement band, ratios, the criticism beside the ratio.
    assert!(html.contains("Retest 2026-03-30 against 2026-03-02"));
    assert!(html.contains("+30 s"), "{html}");
    assert!(html.contains("flexion/extension"));
    assert!(html.contains("Impellizzeri"));
    // Never labelled an injury risk: the words only appear in the criticism.
    assert_eq!(
        html.matches("injury risk").count(),
        html.matches("not an injury risk").count()
    );
    assert!(html.contains("0.80"));
    assert!(html.contains("5 of 6 planned sessions done (83 %)"));
    assert!(html.contains("over the cap"));
    assert!(html.contains("progress: hold 10 s -&gt; 15 s"));
    assert!(html.contains("not enough data yet: 2 performance tests"));
}

#[test]
fn nothing_external_and_no_script() {
    let html = render(&full());
    assert!(!html.contains("http"), "no URL of any kind");
    assert!(!html.contains("<script"));
    assert!(!html.contains("<link"));
    assert!(!html.contains("src="));
}

#[test]
fn user_text_is_escaped() {
    let html = render(&full());
    assert!(html.contains("tight &lt;script&gt;alert(1)&lt;/script&gt; today"));
    assert!(html.contains("Ann &lt;b&gt;"));
    assert!(!html.contains("Ann <b>"));
}

#[test]
fn empty_sections_say_nothing_logged_yet() {
    let html = render(&empty());
    for heading in SECTIONS {
        assert!(
            html.contains(heading.split(' ').next().unwrap()),
            "{heading}"
        );
    }
    assert_eq!(html.matches("Nothing logged yet.").count(), SECTIONS.len());
    assert!(!html.contains("<svg"));
    assert!(
        html.contains("Impellizzeri"),
        "the criticism shows even without data"
    );
}

#[test]
fn a_ratio_without_enough_history_says_so() {
    let mut data = full();
    data.acwr = vec![AcwrDay {
        date: date(2026, 3, 10),
        acute_mean: Some(80.0),
        coupled: None,
        uncoupled: None,
        ewma_acute: 80.0,
        ewma_chronic: 70.0,
        ewma: None,
    }];
    let html = render(&data);
    assert!(html.contains("Not enough data yet: the ratio needs a full"));
    assert_eq!(html.matches("<svg ").count(), 5, "no ratio chart");
}
