//! The progress report: one self-contained HTML document (inline CSS with
//! print rules, inline SVG charts, no scripts, no external references) a
//! user can hand to a coach or physio. Pure: [`render`] turns a
//! [`ReportData`] of plain values into a string; every piece of text is
//! escaped. Empty sections say "nothing logged yet" rather than vanish.

use std::fmt::Write as _;

use jiff::civil::Date;
use keel_core::analytics::{AcwrDay, Adherence, RatiosAt, WeekBalance};
use keel_core::assessment::{AssessmentInput, HoldTest, RetestComparison};

use crate::charts::{self, Band, Bar, BarSpec, ChartSpec, Line, Reference, escape, number};

/// A hold exercise's best hold per exposure, with its forecast.
#[derive(Debug, Clone, PartialEq)]
pub struct HoldTrend {
    pub name: String,
    /// (date, best hold seconds), oldest first.
    pub points: Vec<(Date, f64)>,
    pub slope_per_week: Option<f64>,
    /// The forecast's target hold, seconds.
    pub target: Option<f64>,
    /// The forecast in words, with its uncertainty or "not enough data yet".
    pub forecast: String,
}

/// One calendar week of load.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeekRow {
    pub week_start: Date,
    pub load: f64,
    pub monotony: Option<f64>,
    pub strain: Option<f64>,
}

/// One engine decision, already in words.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionRow {
    pub date: Date,
    /// The exercise actually done.
    pub exercise: String,
    /// The planned slot's exercise (the same unless swapped or regressed).
    pub planned: String,
    pub action: String,
    pub reasons: Vec<String>,
}

/// One entry of the safety history: a red-flag screen with its answers, a
/// halt, a resume with its note.
#[derive(Debug, Clone, PartialEq)]
pub struct SafetyRow {
    pub date: Date,
    pub event: String,
    pub detail: String,
    /// A halt or a yes answer: shown as a warning.
    pub alert: bool,
}

/// Pain over one day's session.
#[derive(Debug, Clone, PartialEq)]
pub struct PainRow {
    pub date: Date,
    pub sets: usize,
    /// The highest pain during a set, 0-10.
    pub highest: u8,
    pub mean: f64,
    /// A set was stopped for sharp pain.
    pub sharp: bool,
}

/// One check-in, in words.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckInRow {
    pub date: Date,
    /// "Readiness" or "Next morning".
    pub kind: String,
    pub answers: String,
}

/// One outcome measure's trend, in words.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeRow {
    pub name: String,
    /// (date, score, at least the change that matters since the first).
    pub points: Vec<(Date, f64, bool)>,
    /// Scores' band (a risk group), when the instrument has bands.
    pub bands: Vec<Option<String>>,
    /// The change since the first taking, with the change that matters.
    pub change: String,
    /// Per activity (PSFS).
    pub items: Vec<String>,
    /// Where the change that matters comes from.
    pub source: String,
}

/// A note the user wrote on a set or a session.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteRow {
    pub date: Date,
    /// The exercise, for a set's note.
    pub exercise: Option<String>,
    pub text: String,
}

/// Everything the report shows, as plain values.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportData {
    pub generated_on: Date,
    /// The period the load, trends, balance and decisions cover.
    pub from: Date,
    pub to: Date,
    /// Label and value rows about the person and the plan.
    pub summary: Vec<(String, String)>,
    /// The program status in words, with its halt and resume history.
    pub status: String,
    /// Whether the program is halted now.
    pub halted: bool,
    /// Every red-flag screen, halt and resume, oldest first.
    pub safety: Vec<SafetyRow>,
    /// Pain per session, oldest first.
    pub pain: Vec<PainRow>,
    /// Readiness and next-morning check-ins, oldest first.
    pub check_ins: Vec<CheckInRow>,
    /// Outcome measure trends.
    pub outcomes: Vec<OutcomeRow>,
    pub assessments: Vec<AssessmentInput>,
    pub ratios: Vec<RatiosAt>,
    pub retests: Vec<RetestComparison>,
    pub holds: Vec<HoldTrend>,
    pub weeks: Vec<WeekRow>,
    pub acwr: Vec<AcwrDay>,
    pub acwr_meaning: String,
    pub acwr_criticism: String,
    pub balance: Vec<WeekBalance>,
    pub adherence: Option<Adherence>,
    pub decisions: Vec<DecisionRow>,
    pub notes: Vec<NoteRow>,
}

/// The section headings, in order (tests and tables of contents use them).
/// The first page is the program status with its safety history.
pub const SECTIONS: [&str; 12] = [
    "Program status and safety",
    "Pain per session",
    "Check-ins",
    "Outcome measures",
    "Adherence",
    "Assessment and retests",
    "Decisions and why",
    "Hold-time trends",
    "Weekly load",
    "Load change (acute:chronic ratio)",
    "Region balance",
    "Notes",
];

const NOT_YET_RATIO: &str = "<p class=\"empty\">Not enough data yet: the ratio needs a full \
     chronic window (four weeks by default) of history.</p>";

const NOTHING: &str = "<p class=\"empty\">Nothing logged yet.</p>";

const CSS: &str = "\
*{box-sizing:border-box}\
body{font-family:system-ui,sans-serif;max-width:52rem;margin:1.5rem auto;padding:0 .75rem;color:#1a1a1a;line-height:1.4;overflow-wrap:anywhere}\
.wide{max-width:100%;overflow-x:auto}.wide:focus{outline:2px solid #1a4f8a}\
.status{font-size:1.05rem;padding:.5rem .7rem;border-left:4px solid #2d6a3e;background:#f3f8f4}\
.status.halted{border-left-color:#a33;background:#fbf1f1}\
tr.alert td{background:#fbf1f1}\
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;border-bottom:1px solid #ccc;margin-top:2rem}\
h3{font-size:1rem;margin-bottom:.3rem}\
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}\
th,td{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;vertical-align:top}\
td:first-child{white-space:nowrap}td.num{text-align:right;font-variant-numeric:tabular-nums}\
.flag{color:#a33;font-weight:bold}.empty,.meta{color:#555}\
.criticism{border-left:3px solid #b5532a;padding-left:.6rem;color:#333}\
svg.chart{max-width:100%;height:auto;display:block;margin:.4rem 0}\
@media print{body{max-width:none;margin:0;font-size:10.5pt;color:#000}\
section{break-inside:avoid-page}h2{break-after:avoid}svg.chart,table{break-inside:avoid}\
section.first{break-after:page}.wide{overflow:visible}\
a{color:inherit;text-decoration:none}.noprint{display:none}}";

/// The whole report as one HTML document.
pub fn render(data: &ReportData) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Keel training report {}</title><style>{CSS}</style></head><body>",
        data.generated_on
    );
    let _ = write!(
        out,
        "<main><h1>Keel training report</h1><p class=\"meta\">Period {} to {}; generated {}. \
         Keel is a training tool, not a diagnosis.</p>",
        data.from, data.to, data.generated_on
    );
    out.push_str("<section class=\"first\">");
    summary(&mut out, data);
    safety(&mut out, data);
    out.push_str("</section>");
    pain(&mut out, data);
    check_ins(&mut out, data);
    outcomes(&mut out, data);
    adherence(&mut out, data);
    assessment(&mut out, data);
    decisions(&mut out, data);
    holds(&mut out, data);
    weekly_load(&mut out, data);
    acwr(&mut out, data);
    balance(&mut out, data);
    notes(&mut out, data);
    out.push_str("</main></body></html>\n");
    out
}

fn safety(out: &mut String, data: &ReportData) {
    let _ = write!(out, "<h2>{}</h2>", escape(SECTIONS[0]));
    let _ = write!(
        out,
        "<p class=\"status{}\"><strong>Program status:</strong> {}</p>",
        if data.halted { " halted" } else { "" },
        escape(&data.status)
    );
    if data.safety.is_empty() {
        out.push_str(NOTHING);
        return;
    }
    out.push_str("<h3>Red-flag screens, halts and resumes</h3>");
    table_rows(
        out,
        &["Date", "Event", "Details"],
        &data
            .safety
            .iter()
            .map(|r| {
                (
                    r.alert,
                    vec![r.date.to_string(), escape(&r.event), escape(&r.detail)],
                )
            })
            .collect::<Vec<_>>(),
    );
}

/// The highest pain per session as a line (the report's pain chart).
pub fn pain_chart(rows: &[PainRow]) -> String {
    let first = rows.first().map(|p| p.date);
    let spec = ChartSpec {
        x_start: first.map(|d| d.to_string()).unwrap_or_default(),
        x_end: rows.last().map(|p| p.date.to_string()).unwrap_or_default(),
        y_unit: String::new(),
        ..ChartSpec::single(
            "Highest pain during a set, per session, 0-10",
            "highest pain",
            rows.iter()
                .map(|p| {
                    (
                        first.map_or(0.0, |f| day_x(f, p.date)),
                        f64::from(p.highest),
                    )
                })
                .collect(),
        )
    };
    charts::line_chart(&spec)
}

fn pain(out: &mut String, data: &ReportData) {
    section(out, SECTIONS[1]);
    if data.pain.is_empty() {
        out.push_str(NOTHING);
        out.push_str("</section>");
        return;
    }
    out.push_str(&pain_chart(&data.pain));
    let rows: Vec<(bool, Vec<String>)> = data
        .pain
        .iter()
        .map(|p| {
            (
                p.sharp,
                vec![
                    p.date.to_string(),
                    format!("\u{1}{}", p.sets),
                    format!("\u{1}{}", p.highest),
                    num(p.mean, 1),
                    if p.sharp {
                        "<span class=\"flag\">yes</span>".to_string()
                    } else {
                        "no".to_string()
                    },
                ],
            )
        })
        .collect();
    table_rows(
        out,
        &["Session", "Sets", "Highest pain", "Mean pain", "Sharp pain"],
        &rows,
    );
    out.push_str("</section>");
}

fn check_ins(out: &mut String, data: &ReportData) {
    section(out, SECTIONS[2]);
    out.push_str(
        "<p class=\"meta\">Readiness before a session: sleep, fatigue, stress and soreness, \
         1 (very, very good) to 7 (very, very bad). Next morning: pain and stiffness back to \
         usual, soreness 0-10.</p>",
    );
    if data.check_ins.is_empty() {
        out.push_str(NOTHING);
    } else {
        let rows: Vec<Vec<String>> = data
            .check_ins
            .iter()
            .map(|c| vec![c.date.to_string(), escape(&c.kind), escape(&c.answers)])
            .collect();
        table(out, &["Date", "Check-in", "Answers"], &rows);
    }
    out.push_str("</section>");
}

/// One outcome measure's scores as a line.
pub fn outcome_chart(row: &OutcomeRow) -> String {
    let first = row.points.first().map(|p| p.0);
    let spec = ChartSpec {
        x_start: first.map(|d| d.to_string()).unwrap_or_default(),
        x_end: row
            .points
            .last()
            .map(|p| p.0.to_string())
            .unwrap_or_default(),
        y_unit: String::new(),
        ..ChartSpec::single(
            &format!("{}: score per taking", row.name),
            "score",
            row.points
                .iter()
                .map(|(d, v, _)| (first.map_or(0.0, |f| day_x(f, *d)), *v))
                .collect(),
        )
    };
    charts::line_chart(&spec)
}

fn outcomes(out: &mut String, data: &ReportData) {
    section(out, SECTIONS[3]);
    if data.outcomes.is_empty() {
        out.push_str(NOTHING);
        out.push_str("</section>");
        return;
    }
    for o in &data.outcomes {
        let _ = write!(out, "<h3>{}</h3>", escape(&o.name));
        if o.points.len() > 1 {
            out.push_str(&outcome_chart(o));
        }
        let rows: Vec<(bool, Vec<String>)> = o
            .points
            .iter()
            .zip(&o.bands)
            .map(|((d, v, marked), band)| {
                (
                    false,
                    vec![
                        d.to_string(),
                        format!("\u{1}{}", number(*v)),
                        escape(band.as_deref().unwrap_or("")),
                        if *marked {
                            "<strong>yes</strong>".to_string()
                        } else {
                            "-".to_string()
                        },
                    ],
                )
            })
            .collect();
        table_rows(
            out,
            &[
                "Date",
                "Score",
                "Band",
                "Change that matters since the first",
            ],
            &rows,
        );
        let _ = write!(out, "<p>{}</p>", escape(&o.change));
        if !o.items.is_empty() {
            out.push_str("<ul>");
            for item in &o.items {
                let _ = write!(out, "<li>{}</li>", escape(item));
            }
            out.push_str("</ul>");
        }
        let _ = write!(out, "<p class=\"meta\">{}</p>", escape(&o.source));
    }
    out.push_str("</section>");
}

fn section(out: &mut String, heading: &str) {
    let _ = write!(out, "<section><h2>{}</h2>", escape(heading));
}

/// A table; `rows` hold HTML already escaped. Numeric cells start with '\u{1}'.
fn table(out: &mut String, head: &[&str], rows: &[Vec<String>]) {
    let marked: Vec<(bool, Vec<String>)> = rows.iter().map(|r| (false, r.clone())).collect();
    table_rows(out, head, &marked);
}

/// A table whose rows may be marked as alerts. Wide tables scroll inside
/// their own focusable region, so the page never overflows a phone.
fn table_rows(out: &mut String, head: &[&str], rows: &[(bool, Vec<String>)]) {
    let label = head.join(", ");
    // Numbered, so every scrolling region has its own name.
    let number = out.matches("<div class=\"wide\" role=\"region\"").count() + 1;
    let _ = write!(
        out,
        "<div class=\"wide\" role=\"region\" tabindex=\"0\" aria-label=\"Table {number}: {}\"><table><thead><tr>",
        escape(&label)
    );
    for h in head {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(h));
    }
    out.push_str("</tr></thead><tbody>");
    for (alert, row) in rows {
        out.push_str(if *alert {
            "<tr class=\"alert\">"
        } else {
            "<tr>"
        });
        for cell in row {
            match cell.strip_prefix('\u{1}') {
                Some(num) => {
                    let _ = write!(out, "<td class=\"num\">{num}</td>");
                }
                None => {
                    let _ = write!(out, "<td>{cell}</td>");
                }
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
}

fn num(v: f64, decimals: usize) -> String {
    format!("\u{1}{v:.decimals$}")
}

fn opt(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(|| "\u{1}-".to_string(), |v| num(v, decimals))
}

/// Days from `from` to `d`, as a chart x value.
fn day_x(from: Date, d: Date) -> f64 {
    d.since(from).map_or(0.0, |s| f64::from(s.get_days()))
}

fn summary(out: &mut String, data: &ReportData) {
    if data.summary.is_empty() {
        return;
    }
    out.push_str("<div class=\"wide\"><table><tbody>");
    for (label, value) in &data.summary {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
            escape(label),
            escape(value)
        );
    }
    out.push_str("</tbody></table></div>");
}

fn assessment(out: &mut String, data: &ReportData) {
    section(out, SECTIONS[5]);
    if data.assessments.is_empty() {
        out.push_str(NOTHING);
        out.push_str("</section>");
        return;
    }
    let mut head = vec!["Test"];
    let dates: Vec<String> = data
        .assessments
        .iter()
        .map(|a| a.date.to_string())
        .collect();
    head.extend(dates.iter().map(String::as_str));
    let rows: Vec<Vec<String>> = HoldTest::ALL
        .iter()
        .map(|t| {
            let mut row = vec![escape(t.label())];
            row.extend(data.assessments.iter().map(|a| {
                t.of(&a.holds).map_or_else(
                    || "\u{1}skipped".to_string(),
                    |s| format!("\u{1}{} s", s.get()),
                )
            }));
            row
        })
        .collect();
    out.push_str("<h3>Endurance holds</h3>");
    table(out, &head, &rows);
    if !data.ratios.is_empty() {
        out.push_str("<h3>Ratios</h3>");
        let mut head = vec!["Ratio", "Healthy"];
        let dates: Vec<String> = data.ratios.iter().map(|r| r.date.to_string()).collect();
        head.extend(dates.iter().map(String::as_str));
        let kinds = data
            .ratios
            .first()
            .map(|r| r.ratios.clone())
            .unwrap_or_default();
        let rows: Vec<Vec<String>> = kinds
            .iter()
            .map(|k| {
                let mut row = vec![escape(k.label), escape(&k.healthy)];
                for at in &data.ratios {
                    let r = at.ratios.iter().find(|r| r.ratio == k.ratio);
                    row.push(match r {
                        Some(r) => {
                            let v = r
                                .value
                                .map_or_else(|| "-".to_string(), |v| format!("{v:.2}"));
                            if r.flagged {
                                format!("<span class=\"flag\">{v} (outside)</span>")
                            } else {
                                v
                            }
                        }
                        None => "-".to_string(),
                    });
                }
                row
            })
            .collect();
        table(out, &head, &rows);
    }
    for r in &data.retests {
        let _ = write!(
            out,
            "<h3>Retest {} against {}</h3><p class=\"meta\">Changes under {} s are within \
             measurement error ({}).</p>",
            r.current_date,
            r.previous_date,
            r.band_seconds,
            escape(&r.band_source)
        );
        let rows: Vec<Vec<String>> = r
            .holds
            .iter()
            .map(|h| vec![escape(h.label), escape(&h.summary)])
            .collect();
        table(out, &["Test", "Change"], &rows);
    }
    out.push_str("</section>");
}

/// A hold exercise's best hold per exposure, with its target as a
/// reference line (the report's and the web progress page's chart).
pub fn hold_chart(h: &HoldTrend) -> String {
    let first = h.points.first().map(|p| p.0);
    let spec = ChartSpec {
        reference: h.target.map(|t| Reference {
            y: t,
            label: format!("target {} s", number(t)),
        }),
        x_start: first.map(|d| d.to_string()).unwrap_or_default(),
        x_end: h.points.last().map(|p| p.0.to_string()).unwrap_or_default(),
        y_unit: " s".to_string(),
        ..ChartSpec::single(
            &format!("{}: best hold per session, seconds", h.name),
            "best hold",
            h.points
                .iter()
                .map(|(d, v)| (first.map_or(0.0, |f| day_x(f, *d)), *v))
                .collect(),
        )
    };
    charts::line_chart(&spec)
}

fn holds(out: &mut String, data: &ReportData) {
    section(out, SECTIONS[7]);
    if data.holds.is_empty() {
        out.push_str(NOTHING);
    }
    for h in &data.holds {
        let _ = write!(out, "<h3>{}</h3>", escape(&h.name));
        out.push_str(&hold_chart(h));
        let trend = match (h.points.first(), h.points.last(), h.slope_per_week) {
            (Some(a), Some(b), Some(s)) => format!(
                "{} s on {} to {} s on {}; trend {s:+.1} s a week.",
                number(a.1),
                a.0,
                number(b.1),
                b.0
            ),
            (Some(a), _, _) => format!("{} s on {}.", number(a.1), a.0),
            _ => String::new(),
        };
        let _ = write!(
            out,
            "<p>{}</p><p>Forecast: {}</p>",
            escape(&trend),
            escape(&h.forecast)
        );
    }
    out.push_str("</section>");
}

/// Each calendar week's load as a bar.
pub fn weekly_load_chart(weeks: &[WeekRow]) -> String {
    let spec = BarSpec {
        title: "Weekly load (session effort x minutes)".to_string(),
        width: 480,
        height: 160,
        bars: weeks
            .iter()
            .map(|w| Bar {
                label: w.week_start.to_string(),
                value: w.load,
                highlight: false,
            })
            .collect(),
        reference: None,
        y_unit: String::new(),
    };
    charts::bar_chart(&spec)
}

fn weekly_load(out: &mut String, data: &ReportData) {
    section(out, SECTIONS[8]);
    out.push_str(
        "<p class=\"meta\">Session load = session effort (0-10) x minutes (Foster 2001); \
         monotony = mean daily load / its standard deviation over the week, rest days as 0; \
         strain = weekly load x monotony (Foster 1998).</p>",
    );
    if data.weeks.iter().all(|w| w.load == 0.0) {
        out.push_str(NOTHING);
        out.push_str("</section>");
        return;
    }
    out.push_str(&weekly_load_chart(&data.weeks));
    let rows: Vec<Vec<String>> = data
        .weeks
        .iter()
        .map(|w| {
            vec![
                w.week_start.to_string(),
                num(w.load, 0),
                opt(w.monotony, 2),
                opt(w.strain, 0),
            ]
        })
        .collect();
    table(out, &["Week of", "Load", "Monotony", "Strain"], &rows);
    out.push_str("</section>");
}

/// The ratio's three forms over time, from the first day with a ratio (the
/// chronic window's end); `None` before that day.
pub fn acwr_chart(acwr: &[AcwrDay]) -> Option<String> {
    let has_ratio = |d: &&AcwrDay| d.coupled.is_some() || d.uncoupled.is_some() || d.ewma.is_some();
    let from = acwr.iter().find(has_ratio)?.date;
    let series = |f: fn(&AcwrDay) -> Option<f64>| -> Vec<(f64, f64)> {
        acwr.iter()
            .filter_map(|d| f(d).map(|v| (day_x(from, d.date), v)))
            .collect()
    };
    let lines = vec![
        Line {
            label: "rolling coupled".to_string(),
            points: series(|d| d.coupled),
        },
        Line {
            label: "rolling uncoupled".to_string(),
            points: series(|d| d.uncoupled),
        },
        Line {
            label: "EWMA".to_string(),
            points: series(|d| d.ewma),
        },
    ];
    let spec = ChartSpec {
        title: "Acute:chronic load ratio, three forms".to_string(),
        width: 480,
        height: 160,
        lines,
        band: None::<Band>,
        reference: Some(Reference {
            y: 1.0,
            label: "1 = same as usual".to_string(),
        }),
        x_start: from.to_string(),
        x_end: acwr.last().map(|d| d.date.to_string()).unwrap_or_default(),
        y_unit: String::new(),
    };
    Some(charts::line_chart(&spec))
}

fn acwr(out: &mut String, data: &ReportData) {
    section(out, SECTIONS[9]);
    let _ = write!(
        out,
        "<p>Shown as {}.</p><p class=\"criticism\">{}</p>",
        escape(&data.acwr_meaning),
        escape(&data.acwr_criticism)
    );
    if data.acwr.is_empty() {
        out.push_str(NOTHING);
        out.push_str("</section>");
        return;
    }
    let Some(chart) = acwr_chart(&data.acwr) else {
        out.push_str(NOT_YET_RATIO);
        out.push_str("</section>");
        return;
    };
    out.push_str(&chart);
    out.push_str(
        "<p class=\"meta\">Lines: rolling coupled (blue), rolling uncoupled (orange), \
         EWMA (green) (Williams et al. 2017).</p>",
    );
    if let Some(last) = data.acwr.last() {
        table(
            out,
            &["On", "Rolling coupled", "Rolling uncoupled", "EWMA"],
            &[vec![
                last.date.to_string(),
                opt(last.coupled, 2),
                opt(last.uncoupled, 2),
                opt(last.ewma, 2),
            ]],
        );
    }
    out.push_str("</section>");
}

fn decisions(out: &mut String, data: &ReportData) {
    section(out, SECTIONS[6]);
    if data.decisions.is_empty() {
        out.push_str(NOTHING);
    } else {
        let rows: Vec<Vec<String>> = data
            .decisions
            .iter()
            .map(|d| {
                vec![
                    d.date.to_string(),
                    escape(&d.exercise),
                    if d.planned == d.exercise {
                        "same".to_string()
                    } else {
                        escape(&d.planned)
                    },
                    escape(&d.action),
                    d.reasons
                        .iter()
                        .map(|r| escape(r))
                        .collect::<Vec<_>>()
                        .join("<br>"),
                ]
            })
            .collect();
        table(
            out,
            &["Date", "Exercise done", "Planned slot", "Decision", "Why"],
            &rows,
        );
    }
    out.push_str("</section>");
}

fn balance(out: &mut String, data: &ReportData) {
    section(out, SECTIONS[10]);
    let Some(latest) = data.balance.iter().rev().find(|w| w.total_seconds > 0.0) else {
        out.push_str(NOTHING);
        out.push_str("</section>");
        return;
    };
    let _ = write!(
        out,
        "<p>Share of the week's time under tension per region, week of {}; the cap is {} %.</p>",
        latest.week_start, latest.cap_percent
    );
    let spec = BarSpec {
        title: format!("Region shares, week of {}", latest.week_start),
        width: 480,
        height: 160,
        bars: latest
            .shares
            .iter()
            .map(|s| Bar {
                label: s.region.label().to_string(),
                value: s.percent.unwrap_or(0.0),
                highlight: s.over_cap,
            })
            .collect(),
        reference: Some(Reference {
            y: f64::from(latest.cap_percent),
            label: format!("cap {} %", latest.cap_percent),
        }),
        y_unit: " %".to_string(),
    };
    out.push_str(&charts::bar_chart(&spec));
    let rows: Vec<Vec<String>> = latest
        .shares
        .iter()
        .map(|s| {
            let share = s
                .percent
                .map_or_else(|| "-".to_string(), |p| format!("{p:.1} %"));
            vec![
                escape(s.region.label()),
                format!("\u{1}{}", number(s.seconds)),
                if s.over_cap {
                    format!("\u{1}<span class=\"flag\">{share} (over the cap)</span>")
                } else {
                    format!("\u{1}{share}")
                },
            ]
        })
        .collect();
    table(out, &["Region", "Seconds", "Share"], &rows);
    let over: Vec<String> = data
        .balance
        .iter()
        .filter(|w| w.over_cap().next().is_some())
        .map(|w| {
            let regions: Vec<&str> = w.over_cap().map(|r| r.label()).collect();
            format!("{}: {}", w.week_start, regions.join(", "))
        })
        .collect();
    if !over.is_empty() {
        let _ = write!(
            out,
            "<p>Weeks over the cap: {}.</p>",
            escape(&over.join("; "))
        );
    }
    out.push_str("</section>");
}

fn adherence(out: &mut String, data: &ReportData) {
    section(out, SECTIONS[4]);
    match &data.adherence {
        Some(a) if a.total.planned > 0 => {
            let pct = a
                .total
                .percent
                .map_or_else(|| "-".to_string(), |p| format!("{p:.0} %"));
            let _ = write!(
                out,
                "<p>{} of {} planned sessions done ({pct}); {} extra sessions on other days.</p>",
                a.total.done, a.total.planned, a.total.extra
            );
            let rows: Vec<Vec<String>> = a
                .weeks
                .iter()
                .map(|w| {
                    vec![
                        format!("\u{1}{}", w.number),
                        w.week_start.to_string(),
                        format!("\u{1}{}", w.count.planned),
                        format!("\u{1}{}", w.count.done),
                        opt(w.count.percent, 0),
                    ]
                })
                .collect();
            table(out, &["Week", "Starts", "Planned", "Done", "%"], &rows);
        }
        _ => out.push_str(NOTHING),
    }
    out.push_str("</section>");
}

fn notes(out: &mut String, data: &ReportData) {
    section(out, SECTIONS[11]);
    if data.notes.is_empty() {
        out.push_str(NOTHING);
    } else {
        let rows: Vec<Vec<String>> = data
            .notes
            .iter()
            .map(|n| {
                vec![
                    n.date.to_string(),
                    escape(n.exercise.as_deref().unwrap_or("session")),
                    escape(&n.text),
                ]
            })
            .collect();
        table(out, &["Date", "On", "Note"], &rows);
    }
    out.push_str("</section>");
}
