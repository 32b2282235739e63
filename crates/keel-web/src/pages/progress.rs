//! `/progress`: the best hold per session for each exercise, the weekly load
//! (session RPE x minutes, Foster 2001), and the acute:chronic ratio in its
//! three published forms with its criticism beside it. The numbers are the
//! insight `keel progress` and `keel report` read, and the charts are the
//! report's own SVG (keel_io); this page only lays them out, with a link to
//! download the whole report.

use axum::response::{Html, IntoResponse, Redirect, Response};
use keel_io::report::{HoldTrend, ReportData, acwr_chart, hold_chart, weekly_load_chart};
use maud::{Markup, PreEscaped, html};

use super::report::{self, Ready};
use crate::error::WebError;
use crate::layout::page;
use crate::routes::Routes;
use crate::viewer::Viewer;

pub fn routes() -> Routes {
    Routes::new().get("/progress", show)
}

fn ratio(v: Option<f64>) -> String {
    v.map_or("not enough data yet".to_string(), |v| format!("{v:.2}"))
}

fn short_date(d: jiff::civil::Date) -> String {
    d.strftime("%b %-d").to_string()
}

fn hold_view(h: &HoldTrend) -> Markup {
    html! {
        section.card {
            h3 { (h.name) }
            (PreEscaped(hold_chart(h)))
            @if let Some(slope) = h.slope_per_week {
                p.why { "Trend: " (format!("{slope:+.1}")) " s a week." }
            }
            details {
                summary { "Values" }
                ul { @for (d, v) in &h.points { li { (short_date(*d)) ": " (format!("{v:.0}")) " s" } } }
            }
        }
    }
}

fn body(data: &ReportData) -> Markup {
    html! {
        h1 { "Progress" }
        p { a href="/report" download { "Download report" }
            " (one HTML file with these charts, your assessments and the decisions, to share or print)" }
        section aria-labelledby="holds-h" {
            h2 #holds-h { "Hold times" }
            @if data.holds.is_empty() {
                p { "No holds logged yet. Your best hold per day appears here." }
            }
            @for h in &data.holds { (hold_view(h)) }
        }
        section.card aria-labelledby="load-h" {
            h2 #load-h { "Weekly load" }
            p.why { "Session load = session effort (0-10) x minutes (Foster 2001), summed per week." }
            @if data.weeks.iter().all(|w| w.load == 0.0) {
                p { "No session effort and minutes logged yet." }
            } @else {
                (PreEscaped(weekly_load_chart(&data.weeks)))
                details {
                    summary { "Values" }
                    ul { @for w in &data.weeks {
                        li { "Week of " (short_date(w.week_start)) ": " (format!("{:.0}", w.load)) }
                    } }
                }
            }
        }
        section.card aria-labelledby="acwr-h" {
            h2 #acwr-h { "Acute:chronic ratio" }
            p { "A description of " (data.acwr_meaning) "." }
            @if let Some(chart) = acwr_chart(&data.acwr) { (PreEscaped(chart)) }
            @match data.acwr.last() {
                Some(a) => dl {
                    dt { "Rolling, coupled" } dd { (ratio(a.coupled)) }
                    dt { "Rolling, uncoupled" } dd { (ratio(a.uncoupled)) }
                    dt { "Exponentially weighted" } dd { (ratio(a.ewma)) }
                },
                None => p { "Not enough data yet." },
            }
            p.why { (data.acwr_criticism) }
        }
    }
}

async fn show(viewer: Viewer) -> Result<Response, WebError> {
    let today = viewer.today();
    match viewer.with_store(move |s| report::gather(s, today)).await? {
        Ready::Data(data) => Ok(Html(page("Progress", body(&data)).into_string()).into_response()),
        Ready::Redirect(to) => Ok(Redirect::to(to).into_response()),
    }
}
