//! `/plan`: the calendar (weeks with their A/B/light/rest days, phases and
//! deload weeks), `/plan/week/{n}` in full, and `POST /plan/new`, which
//! builds a new plan version from the profile, settings and latest
//! assessment (earlier versions and the log are kept).

use axum::extract::Path;
use axum::response::{Html, Redirect};
use keel_app::enrol::{self, Refused};
use keel_app::wording::{amount, drill, load, name};
use keel_core::catalog::Catalog;
use keel_core::profile::weekday_short;
use keel_core::program::{DayKind, Drill, Session, Slot};
use keel_core::redflag::CLINICIAN_MESSAGE;
use keel_core::units::Units;
use keel_store::StoredPlan;
use maud::{Markup, html};

use crate::error::WebError;
use crate::layout::page;
use crate::routes::Routes;
use crate::viewer::Viewer;

pub fn routes() -> Routes {
    Routes::new()
        .get("/plan", calendar)
        .get("/plan/week/{n}", week)
        .post("/plan/new", new_version)
}

fn letter(kind: DayKind) -> &'static str {
    match kind {
        DayKind::A => "A",
        DayKind::B => "B",
        DayKind::Light => "l",
        DayKind::Rest => "·",
    }
}

fn kind_class(kind: DayKind) -> &'static str {
    match kind {
        DayKind::A => "day a",
        DayKind::B => "day b",
        DayKind::Light => "day light",
        DayKind::Rest => "day rest",
    }
}

async fn current(viewer: &Viewer) -> Result<StoredPlan, WebError> {
    viewer
        .with_store(|s| {
            s.current_plan()?.ok_or_else(|| {
                WebError::NotFound("plan: no plan yet; start with onboarding".into())
            })
        })
        .await
}

async fn calendar(viewer: Viewer) -> Result<Html<String>, WebError> {
    if let Some(halted) = super::today::halted_page(&viewer, "Plan").await? {
        return Ok(halted);
    }
    let stored = current(&viewer).await?;
    let today = viewer.today();
    let p = &stored.program;
    let body = html! {
        h1 { "Plan" }
        p { "Version " (stored.version) ", built " (stored.created_on) ": "
            (p.weeks.len()) " weeks from " (p.start)
            @if let Some(end) = p.end() { " to " (end) } "." }
        p.why { "A = anti-flexion holds, B = posterior chain, l = optional light session, · = rest." }
        ol.weeks {
            @for w in &p.weeks {
                li.week.deload[w.deload] {
                    a href=(format!("/plan/week/{}", w.number)) {
                        span.wk { "Week " (w.number) }
                        span.phase { (w.phase.label()) @if w.deload { " · deload" } }
                        span.days aria-hidden="true" {
                            @for d in &w.days {
                                span class=(kind_class(d.kind)) .today[d.date == today]
                                    title=(format!("{} {}", weekday_short(d.date.weekday()), d.kind.label())) {
                                    (letter(d.kind))
                                }
                            }
                        }
                        span.visually-hidden {
                            @for d in &w.days { (weekday_short(d.date.weekday())) " " (d.kind.label()) ". " }
                        }
                    }
                }
            }
        }
        form method="post" action="/plan/new" {
            (crate::idempotency::field())
            p { "Build a new plan version from your profile, settings and latest assessment, starting today. Your log and earlier versions are kept." }
            button type="submit" { "Build a new plan version" }
        }
    };
    Ok(Html(page("Plan", body).into_string()))
}

fn drills(catalog: &Catalog, list: &[Drill]) -> String {
    let items: Vec<String> = list.iter().map(|d| drill(catalog, d)).collect();
    items.join("; ")
}

fn slot_view(catalog: &Catalog, s: &Slot, units: Units) -> Markup {
    html! {
        li {
            strong { (name(catalog, &s.exercise)) } ": " (amount(&s.prescription))
            br; span.why { (load(&s.prescription, units)) "; rest " (s.rest_seconds) " s" }
            @if let Some(b) = &s.between_sets { br; span.why { "Between sets: " (name(catalog, b)) } }
        }
    }
}

fn session_view(catalog: &Catalog, s: &Session, units: Units) -> Markup {
    html! {
        @if !s.warmup.is_empty() { p { strong { "Warm-up: " } (drills(catalog, &s.warmup)) } }
        ol { @for slot in &s.main { (slot_view(catalog, slot, units)) } }
        @if let Some(t) = &s.transfer { p { strong { "Transfer: " } } ul { (slot_view(catalog, t, units)) } }
        @if !s.cooldown.is_empty() { p { strong { "Cool-down: " } (drills(catalog, &s.cooldown)) } }
        p.why { (s.breathing_cue) " About " (s.estimated_minutes) " minutes." }
    }
}

async fn week(viewer: Viewer, Path(n): Path<String>) -> Result<Html<String>, WebError> {
    if let Some(halted) = super::today::halted_page(&viewer, "Plan").await? {
        return Ok(halted);
    }
    let stored = current(&viewer).await?;
    let units = viewer
        .with_store(|s| Ok(keel_app::profile::units(s)?))
        .await?;
    let weeks = &stored.program.weeks;
    let found = n
        .parse::<u16>()
        .ok()
        .and_then(|n| weeks.iter().find(|w| w.number == n));
    let Some(w) = found else {
        return Err(WebError::NotFound(format!(
            "week {n}: the plan has weeks 1 to {}",
            weeks.len()
        )));
    };
    let catalog = Catalog::builtin();
    let body = html! {
        p { a href="/plan" { "← All weeks" } }
        h1 { "Week " (w.number) " of " (weeks.len()) }
        p { (w.phase.label()) ", week " (w.week_in_block) " of the block"
            @if w.deload { strong { " · deload week" } } }
        @for d in &w.days {
            section.card {
                h2 { (weekday_short(d.date.weekday())) " " (d.date) ": " (d.kind.label()) }
                @match &d.session {
                    Some(s) => (session_view(catalog, s, units)),
                    None => p { "Rest." },
                }
            }
        }
    };
    Ok(Html(
        page(&format!("Week {}", w.number), body).into_string(),
    ))
}

async fn new_version(viewer: Viewer) -> Result<Redirect, WebError> {
    let today = viewer.today();
    viewer
        .with_store(move |store| {
            enrol::new_plan(store, today, today).map_err(|err| match err {
                Refused::NoProfile => {
                    WebError::Invalid("profile: no profile yet; start with onboarding.".into())
                }
                Refused::Halted { .. } => {
                    WebError::Invalid(format!("{CLINICIAN_MESSAGE} No plan was built."))
                }
                Refused::NoAssessment => {
                    WebError::Invalid("assessment: no assessment yet; take one first.".into())
                }
                Refused::Store(err) => err.into(),
                other => WebError::Invalid(format!("plan: {other}")),
            })
        })
        .await?;
    Ok(Redirect::to("/plan"))
}
