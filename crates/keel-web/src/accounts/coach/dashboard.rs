//! `GET /coach[?page=N]`: the accepted athletes, those who need the coach
//! first (halted, unreadable, in pain, otherwise flagged), a page at a time.

use std::time::Duration;

use axum::extract::{Query, State};
use axum::response::Html;
use maud::{Markup, PreEscaped, html};

use super::cache::{self, Attention, EXACT_UP_TO, MAX_AGE, Rendered};
use super::{backend, blocking, coach};
use crate::error::WebError;
use crate::forms::{self, Fields};
use crate::layout;
use crate::server::encode::path_segment;
use crate::state::AppState;
use crate::viewer::Viewer;
use keel_app::athlete_overview::{CoachSettings, Overview, Summary, summarize};

/// How many athletes one page of the dashboard lists.
pub const ROWS_PER_PAGE: usize = 50;

/// What a row shows of its athlete.
enum Shown {
    /// Rendered now, or when the cache was last refreshed.
    Ready(Rendered),
    /// Not summarized yet: a large roster is being filled in the background.
    Preparing,
}

impl Shown {
    fn attention(&self) -> Attention {
        match self {
            Shown::Ready(row) => row.attention,
            Shown::Preparing => Attention::Preparing,
        }
    }
}

/// How current a large roster's rows are.
struct Freshness {
    oldest: Duration,
    preparing: usize,
}

pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<Fields>,
) -> Result<Html<String>, WebError> {
    let me = coach(&viewer)?;
    let backend = backend(&state)?;
    let today = viewer.today();
    let asked = match query.get("page") {
        None => 1,
        Some(_) => forms::whole(&query, "page", "Page")?,
    };
    let (athletes, sent) = {
        let backend = backend.clone();
        blocking(move || {
            Ok((
                backend.athletes_of(me.id)?,
                backend.invitations_sent(me.id)?,
            ))
        })
        .await?
    };
    let (mut rows, freshness) = if athletes.len() <= EXACT_UP_TO {
        let rows = blocking(move || {
            let settings = CoachSettings::default();
            Ok(athletes
                .into_iter()
                .map(|a| {
                    let overview = summarize(&backend.store(a.id), today, &settings);
                    (a.name, Shown::Ready(render(&overview)))
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
        // Every kept row is checked against the database before it is shown.
        let current = {
            let backend = backend.clone();
            let ids = ids.clone();
            blocking(move || Ok(backend.revisions(&ids)?)).await?
        };
        let (cached, refresh) = roster.lookup(&ids, today, &current);
        let refresh = refresh.into_iter().map(|i| athletes[i].id).collect();
        roster.refresh(backend, refresh, today, render);
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
                        Shown::Ready(c.row)
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
    // Who needs the coach first; by name within each kind (a stable sort
    // keeps the roster's order, which is by name).
    rows.sort_by_key(|(_, shown)| shown.attention());
    let total = rows.len();
    let needing = rows
        .iter()
        .filter(|(_, shown)| shown.attention() < Attention::None)
        .count();
    let pages = total.div_ceil(ROWS_PER_PAGE).max(1);
    let page = usize::try_from(asked)
        .ok()
        .filter(|p| (1..=pages).contains(p))
        .ok_or_else(|| {
            WebError::Invalid(format!(
                "Page: give a page from 1 to {pages} (got {asked})."
            ))
        })?;
    let shown = rows
        .iter()
        .skip((page - 1) * ROWS_PER_PAGE)
        .take(ROWS_PER_PAGE);
    let body = html! {
        h1 { "Your athletes" }
        @if let Some(f) = &freshness { (freshness_note(total, f)) }
        @if rows.is_empty() {
            p { "No athlete has accepted an invitation yet." }
        } @else {
            p.why {
                (athletes_count(total)) "; " (needing)
                @if needing == 1 { " needs" } @else { " need" }
                " your attention, listed first."
            }
            div.scroll role="region" aria-label="Athletes table" tabindex="0" {
            table.coach {
                thead { tr {
                    th scope="col" { "Athlete" }
                    th scope="col" { "Adherence" }
                    th scope="col" { "Weekly load" }
                    th scope="col" { "Latest decision" }
                    th scope="col" { "Flags" }
                } }
                tbody {
                    @for (name, overview) in shown { (row(name, overview)) }
                }
            }
            }
            @if pages > 1 { (pager(page, pages)) }
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
            h3 { "Invitations you sent" }
            @if sent.is_empty() {
                p { "None waiting for an answer." }
            } @else {
                p.why { "Waiting for the athlete to accept:" }
                ul.sent { @for a in &sent { li { (a.name) } } }
            }
        }
    };
    Ok(Html(layout::page("Your athletes", body).into_string()))
}

/// "1 athlete", "2 athletes".
fn athletes_count(n: usize) -> String {
    if n == 1 {
        "1 athlete".to_string()
    } else {
        format!("{n} athletes")
    }
}

/// Links to the previous and next page.
fn pager(page: usize, pages: usize) -> Markup {
    html! {
        nav.pager aria-label="Pages of athletes" {
            @if page > 1 { a href={ "/coach?page=" (page - 1) } rel="prev" { "Previous" } " " }
            "Page " (page) " of " (pages)
            @if page < pages { " " a href={ "/coach?page=" (page + 1) } rel="next" { "Next" } }
        }
    }
}

/// Why a large roster's rows may lag, and by how much.
fn freshness_note(athletes: usize, f: &Freshness) -> Markup {
    let oldest = f.oldest.as_secs();
    html! {
        p.why {
            "With " (athletes_count(athletes)) ", their rows are computed in the background and \
             refreshed once they are " (MAX_AGE.as_secs()) " seconds old; the oldest shown \
             is " (oldest) " s old."
            @if f.preparing > 0 {
                " " strong { (f.preparing) " still being prepared" } ": reload in a moment."
            }
        }
    }
}

fn row(name: &str, shown: &Shown) -> Markup {
    let link = format!("/coach/athlete/{}", path_segment(name));
    html! {
        tr {
            th scope="row" { a href=(link) { (name) } }
            @match shown {
                Shown::Ready(rendered) => (PreEscaped(&*rendered.cells)),
                Shown::Preparing => td colspan="4" { "Being prepared; reload in a moment." },
            }
        }
    }
}

/// An athlete's row: the cells after their name, and how urgent it is.
fn render(overview: &keel_app::Result<Overview>) -> Rendered {
    let attention = match overview {
        Ok(Overview::NotStarted) => Attention::NotStarted,
        Err(_) => Attention::Unreadable,
        Ok(Overview::Started(s)) if s.flags.halted_since.is_some() => Attention::Halted,
        Ok(Overview::Started(s)) if s.flags.pain => Attention::Pain,
        Ok(Overview::Started(s)) if s.flags.any() => Attention::Flagged,
        Ok(Overview::Started(_)) => Attention::None,
    };
    Rendered {
        cells: overview_cells(overview).into_string().into(),
        attention,
    }
}

/// The cells after the athlete's name.
fn overview_cells(overview: &keel_app::Result<Overview>) -> Markup {
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
