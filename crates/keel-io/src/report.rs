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
    pub exercise: String,
    pub action: String,
    pub reasons: Vec<String>,
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
pub const SECTIONS: [&str; 8] = [
    "Assessment and retests",
    "Hold-time trends",
    "Weekly load",
    "Load change (acute:chronic ratio)",
    "Decisions and why",
    "Region balance",
    "Adherence",
    "Notes",
];

const NOT_YET_RATIO: &str = "<p class=\"empty\">Not enough data yet: the ratio needs a full \
     chronic window (four weeks by default) of history.</p>";

const NOTHING: &str = "<p class=\"empty\">Nothing logged yet.</p>";

const CSS: &str = "\
body{font-family:system-ui,sans-serif;max-width:52rem;margin:1.5rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.4}\
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
        "<h1>Keel training report</h1><p class=\"meta\">Period {} to {}; generated {}. \
         Keel is a training tool, not a diagnosis.</p>",
        data.from, data.to, data.generated_on
    );
    summary(&mut out, data);
    assessment(&mut out, data);
    holds(&mut out, data);
    weekly_load(&mut out, data);
    acwr(&mut out, data);
    decisions(&mut out, data);
    balance(&mut out, data);
    adherence(&mut out, data);
    notes(&mut out, data);
    out.push_str("</body></html>\n");
    out
}

fn section(out: &mut String, heading: &str) {
    let _ = write!(out, "<section><h2>{}</h2>", escape(heading));
}

/// A table; `rows` hold HTML already escaped. Numeric cells start with '\u{1}'.
fn table(out: &mut String, head: &[&str], rows: &[Vec<String>]) {
    out.push_str("<table><thead><tr>");
    for h in head {
        let _ = write!(out, "<th>{}</th>", escape(h));
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        out.push_str("<tr>");
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
    out.push_str("</tbody></table>");
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
    out.push_str("<section><table><tbody>");
    for (label, value) in &data.summary {
        let _ = write!(
            out,
            "<tr><th>{}</th><td>{}</td></tr>",
            escape(label),
            escape(value)
        );
    }
    out.push_str("</tbody></table></section>");
}

fn assessment(out: &mut String, data: &ReportData) {
    section(out, SECTIONS[0]);
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
    section(out, SECTIONS[1]);
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
    section(out, SECTIONS[2]);
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
    section(out, SECTIONS[3]);
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
    section(out, SECTIONS[4]);
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
                    escape(&d.action),
                    d.reasons
                        .iter()
                        .map(|r| escape(r))
                        .collect::<Vec<_>>()
                        .join("<br>"),
                ]
            })
            .collect();
        table(out, &["Date", "Exercise", "Decision", "Why"], &rows);
    }
    out.push_str("</section>");
}

fn balance(out: &mut String, data: &ReportData) {
    section(out, SECTIONS[5]);
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
    section(out, SECTIONS[6]);
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
    section(out, SECTIONS[7]);
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
