//! `GET /report`: the same self-contained HTML report as `keel report`
//! (inline CSS and SVG, no scripts), as a download. The progress page reads
//! the same data.

use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::civil::Date;
use keel_app::insight::{self, InsightSettings};
use keel_app::report;
use keel_core::analytics::AnalyticsSettings;
use keel_io::report::ReportData;
use keel_store::Store;

use crate::error::WebError;
use crate::routes::Routes;
use crate::viewer::Viewer;

/// The report's Content-Security-Policy: its inline stylesheet and
/// nothing else (no script, no requests, no framing).
const REPORT_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

pub fn routes() -> Routes {
    Routes::new().get("/report", download)
}

/// The report's data, or where to go first when there is nothing to report on.
pub enum Ready {
    Data(Box<ReportData>),
    Redirect(&'static str),
}

/// Every logged week with the default analytics, as `keel report` without flags.
pub fn gather(store: &dyn Store, today: Date) -> Result<Ready, WebError> {
    if store.profile()?.is_none() {
        return Ok(Ready::Redirect("/onboarding"));
    }
    // Today says what to do without a plan.
    if store.current_plan()?.is_none() {
        return Ok(Ready::Redirect("/"));
    }
    let data = insight::gather(
        store,
        today,
        None,
        &AnalyticsSettings::default(),
        &InsightSettings::default(),
    )?;
    Ok(Ready::Data(Box::new(report::gather(store, &data)?)))
}

async fn download(viewer: Viewer) -> Result<Response, WebError> {
    let today = viewer.today();
    let data = match viewer.with_store(move |s| gather(s, today)).await? {
        Ready::Data(data) => data,
        Ready::Redirect(to) => return Ok(Redirect::to(to).into_response()),
    };
    let html = keel_io::report::render(&data);
    let filename = format!("attachment; filename=\"keel-report-{today}.html\"");
    Ok((
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, filename),
            // Self-contained: its own inline CSS, and no script at all.
            (header::CONTENT_SECURITY_POLICY, REPORT_POLICY.to_string()),
        ],
        html,
    )
        .into_response())
}
