//! `GET /coach`: every accepted athlete in one table, flags first to the eye.

use std::time::Duration;

use axum::extract::State;
use axum::response::Html;
use maud::{Markup, PreEscaped, html};

use super::cache::{self, EXACT_UP_TO, MAX_AGE};
use super::summary::summarize;
use super::summary::{CoachSettings, Overview, Summary};
use super::{backend, blocking, coach};
use crate::error::WebError;
use crate::layout;
use crate::state::AppState;
use crate::viewer::Viewer;

/// What a row shows of its athlete.
enum Shown {
    /// The overview, or the failure to read it (one athlete's unreadable
    /// data must not hide the others).
    Fresh(Result<Overview, WebError>),
    /// Cells rendered when the cache was last refreshed.
    Cached(std::sync::Arc<str>),
    /// Not summarized yet: a large roster is being filled in the background.
    Preparing,
}

/// How current a large roster's rows are.
struct Freshness {
    oldest: Duration,
    preparing: usize,
}

pub async fn show(State(state): State<AppState>, viewer: Viewer) -> Result<Html<String>, WebError> {
    let me = coach(&viewer)?;
    let backend = backend(&state)?;
    let today = viewer.today();
    let athletes = {
        let backend = backend.clone();
        blocking(move || Ok(backend.athletes_of(me.id)?)).await?
    };
    let (rows, freshness) = if athletes.len() <= EXACT_UP_TO {
        let rows = blocking(move || {
            let settings = CoachSettings::default();
            Ok(athletes
                .into_iter()
                .map(|a| {
                    let shown = Shown::Fresh(summarize(&backend.store(a.id), today, &settings));
                    (a.name, shown)
                })
                .collect::<Vec<_>>())
        })
        .await?;
        (rows, None)
    } else {
        let server = state
            .server_backend()
            .ok_or_else(|| WebError::NotFound("this app has no accounts".into()))?;
        let roster = cache::roster(server);
        let ids: Vec<i64> = athletes.iter().map(|a| a.id.get()).collect();
        let (cached, refresh) = roster.lookup(&ids, today);
        let refresh = refresh.into_iter().map(|i| athletes[i].id).collect();
        roster.refresh(backend, refresh, today, |overview| {
            overview_cells(overview).into_string()
        });
        let mut freshness = Freshness {
            oldest: Duration::ZERO,
            preparing: 0,
        };
        let rows = athletes
            .into_iter()
            .zip(cached)
            .map(|(a, cached)| {
                let shown = match cached {
                    Some(c) => {
                        freshness.oldest = freshness.oldest.max(c.age);
                        Shown::Cached(c.cells)
                    }
                    None => {
                        freshness.preparing += 1;
                        Shown::Preparing
                    }
                };
                (a.name, shown)
            })
            .collect();
        (rows, Some(freshness))
    };
    let body = html! {
        h1 { "Your athletes" }
        @if let Some(f) = &freshness { (freshness_note(rows.len(), f)) }
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

/// Why a large roster's rows may lag, and by how much.
fn freshness_note(athletes: usize, f: &Freshness) -> Markup {
    let oldest = f.oldest.as_secs();
    html! {
        p.why {
            "With " (athletes) " athletes, their rows are computed in the background and \
             refreshed once they are " (MAX_AGE.as_secs()) " seconds old; the oldest shown \
             is " (oldest) " s old."
            @if f.preparing > 0 {
                " " strong { (f.preparing) " still being prepared" } ": reload in a moment."
            }
        }
    }
}

fn row(name: &str, shown: &Shown) -> Markup {
    let link = format!("/coach/athlete/{}", super::super::percent_encode(name));
    html! {
        tr {
            th scope="row" { a href=(link) { (name) } }
            @match shown {
                Shown::Fresh(overview) => (overview_cells(overview)),
                Shown::Cached(cells) => (PreEscaped(&**cells)),
                Shown::Preparing => td colspan="4" { "Being prepared; reload in a moment." },
            }
        }
    }
}

/// The cells after the athlete's name.
fn overview_cells(overview: &Result<Overview, WebError>) -> Markup {
    html! {
        @match overview {
            Ok(Overview::NotStarted) => td colspan="4" { "Not onboarded yet." },
            Ok(Overview::Started(s)) => (cells(s)),
            Err(_) => td colspan="4" { "This athlete's data could not be read; open their page to see why." },
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
