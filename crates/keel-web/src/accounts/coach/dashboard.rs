//! `GET /coach`: every accepted athlete in one table, flags first to the eye.

use axum::extract::State;
use axum::response::Html;
use maud::{Markup, html};

use super::summary::{CoachSettings, Overview, Summary, summarize};
use super::{backend, blocking, coach};
use crate::error::WebError;
use crate::layout;
use crate::state::AppState;
use crate::viewer::Viewer;

pub async fn show(State(state): State<AppState>, viewer: Viewer) -> Result<Html<String>, WebError> {
    let me = coach(&viewer)?;
    let backend = backend(&state)?;
    let today = viewer.today();
    let rows = blocking(move || {
        let settings = CoachSettings::default();
        Ok(backend
            .athletes_of(me.id)?
            .into_iter()
            // One athlete's unreadable data must not hide the others.
            .map(|a| (a.name, summarize(&backend.store(a.id), today, &settings)))
            .collect::<Vec<_>>())
    })
    .await?;
    let body = html! {
        h1 { "Your athletes" }
        @if rows.is_empty() {
            p { "No athlete has accepted an invitation yet." }
        } @else {
            table.coach {
                thead { tr {
                    th scope="col" { "Athlete" }
                    th scope="col" { "Adherence" }
                    th scope="col" { "Weekly load" }
                    th scope="col" { "Latest decision" }
                    th scope="col" { "Flags" }
                } }
                tbody {
                    @for (name, overview) in &rows { (row(name, overview)) }
                }
            }
        }
        section.card aria-labelledby="invite-h" {
            h2 #invite-h { "Invite an athlete" }
            p.why { "They see the invitation on their Invitations page and accept it there." }
            form method="post" action="/coach/invite" {
                label for="athlete" { "Athlete's account name" }
                input #athlete type="text" name="athlete" autocomplete="off"
                    autocapitalize="none" required;
                button type="submit" { "Invite" }
            }
        }
    };
    Ok(Html(layout::page("Your athletes", body).into_string()))
}

fn row(name: &str, overview: &Result<Overview, WebError>) -> Markup {
    let link = format!("/coach/athlete/{}", super::super::percent_encode(name));
    html! {
        tr {
            th scope="row" { a href=(link) { (name) } }
            @match overview {
                Ok(Overview::NotStarted) => td colspan="4" { "Not onboarded yet." },
                Ok(Overview::Started(s)) => (cells(s)),
                Err(_) => td colspan="4" { "This athlete's data could not be read; open their page to see why." },
            }
        }
    }
}

fn cells(s: &Summary) -> Markup {
    let f = &s.flags;
    html! {
        td { @match s.adherence { Some(p) => { (format!("{p:.0} %")) }, None => "-" } }
        td { @match s.weekly_load { Some(l) => { (format!("{l:.0}")) }, None => "-" } }
        td {
            @match &s.latest {
                Some(d) => { strong { (d.action) } " (" (d.date) "): " (d.reason) },
                None => "-",
            }
        }
        td.flags {
            @if let Some(since) = f.halted_since { span.flag { "Halted by a red flag since " (since) } " " }
            @if f.pain { @if let Some(p) = f.max_pain { span.flag { "Pain " (p) "/10" } " " } }
            @if f.stagnation { span.flag { "Stagnation" } " " }
            @if let Some(sum) = f.poor_readiness { span.flag { "Poor readiness (" (sum) ")" } }
            @if !f.any() { "None" }
        }
    }
}
