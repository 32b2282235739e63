//! `GET /`: the day as `keel today` shows it (each exercise's current
//! prescription, why it changed, what is done), a Start button for the next
//! set still to do; the clinician message and the resume form after a
//! red-flag halt (`POST /resume`, as `keel resume --confirm`).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use keel_app::enrol::RetestDue;
use keel_app::journal::Journal;
use keel_app::standing::{Standing, standing};
use keel_app::wording::{self, amount, day_header, name, week_header};
use keel_core::catalog::{Catalog, ExerciseId};
use keel_core::program::{Day, DayKind, Drill, Prescription, Program};
use keel_core::redflag::CLINICIAN_MESSAGE;
use keel_core::units::Units;
use keel_store::Store;
use maud::{Markup, html};

use super::history::session_summary;
use super::session::{self, Progress, SlotProgress};
use crate::error::WebError;
use crate::forms::{self, Fields};
use crate::kept_page::KeptPage;
use crate::layout;
use crate::routes::Routes;
use crate::state::AppState;
use crate::viewer::Viewer;

pub fn routes() -> Routes {
    Routes::new().get("/", today).post("/resume", resume)
}

/// What the store says about today, read in one go.
enum Found {
    NoProfile,
    Halted {
        since: jiff::civil::Date,
    },
    NoPlan,
    Outside {
        journal: Arc<Journal>,
    },
    Planned {
        journal: Arc<Journal>,
        progress: Option<Box<Progress>>,
        retest_due: Option<RetestDue>,
    },
}

async fn today(State(state): State<AppState>, viewer: Viewer) -> Result<Response, WebError> {
    let date = viewer.today();
    let kept = state.local().map(|local| &local.today_page);
    if let Some(html) = kept.and_then(|kept| kept.current(date)) {
        return Ok(Html(html).into_response());
    }
    // Before the data, for a page kept at it (see `kept_page`).
    let made_at = kept.and_then(KeptPage::mark);
    let day = viewer.with_store(move |store| read(store, date)).await?;
    // Only pages without a form are kept (see `kept_page`).
    let keepable = matches!(day, Found::Outside { .. } | Found::Planned { .. });
    let body = match day {
        Found::NoProfile => return Ok(Redirect::to(without_profile(&viewer)).into_response()),
        Found::Halted { since } => halted(since),
        Found::NoPlan => html! {
            h1 { "Today" }
            p { "You have no plan yet." }
            p { a.button href="/plan" { "Build your plan" } }
        },
        Found::Outside { journal } => outside(&journal.plan.program, date),
        Found::Planned {
            journal,
            progress,
            retest_due,
        } => html! {
            @if let Some(due) = &retest_due { (retest_notice(due)) }
            (planned(&journal, progress.as_deref(), date))
        },
    };
    let invited = invitations(&state, &viewer).await?;
    let body = html! { (invited) (body) };
    let html = Bytes::from(layout::page("Today", body).into_string());
    if let (Some(kept), Some(made_at), true) = (kept, made_at, keepable) {
        kept.keep(date, made_at, html.clone());
    }
    Ok(Html(html).into_response())
}

/// What the store says about `date`, read in one go.
fn read(store: &mut dyn Store, date: jiff::civil::Date) -> Result<Found, WebError> {
    let journal = match standing(store)? {
        Standing::NoProfile => return Ok(Found::NoProfile),
        Standing::Halted(halt) => return Ok(Found::Halted { since: halt.since }),
        Standing::NoPlan => return Ok(Found::NoPlan),
        Standing::Ready(journal) => journal,
    };
    if journal.plan.program.day(date).is_none() {
        return Ok(Found::Outside { journal });
    }
    let progress = session::progress(&journal, date)?.map(Box::new);
    let retest_due = keel_app::enrol::retest_due(store, date)?;
    Ok(Found::Planned {
        journal,
        progress,
        retest_due,
    })
}

/// Where `/` sends a viewer with no profile: a coach to their dashboard,
/// anyone else to onboarding.
fn without_profile(viewer: &Viewer) -> &'static str {
    #[cfg(feature = "postgres")]
    if viewer
        .account()
        .is_some_and(keel_app::accounts::starts_on_dashboard)
    {
        return "/coach";
    }
    let _ = viewer;
    "/onboarding"
}

/// A notice of each coach's invitation not answered yet (accounts only).
async fn invitations(state: &AppState, viewer: &Viewer) -> Result<Markup, WebError> {
    #[cfg(feature = "postgres")]
    let pending = match (viewer.account(), state.server_backend()) {
        (Some(me), Some(server)) => {
            let (backend, me) = (server.backend().clone(), me.id);
            crate::blocking::run(move || keel_app::accounts::pending_invitations(&*backend, me))
                .await
                .map_err(|e| WebError::Internal(format!("background task failed: {e}")))??
        }
        _ => Vec::new(),
    };
    #[cfg(not(feature = "postgres"))]
    let pending: Vec<String> = {
        let _ = (state, viewer);
        Vec::new()
    };
    Ok(html! {
        @if !pending.is_empty() {
            section.notice role="status" aria-labelledby="invited-h" {
                h2 #invited-h {
                    @if pending.len() == 1 { "A coach invites you" }
                    @else { (pending.len()) " coaches invite you" }
                }
                p {
                    @for (i, coach) in pending.iter().enumerate() {
                        @if i > 0 { ", " }
                        strong { (coach) }
                    }
                    " would like to see your training. "
                    a href="/invitations" { "Answer on the Invitations page" }
                }
            }
        }
    })
}

/// While a red flag halts the program ([`keel_app::safety::halt`]): the
/// halted page titled `title`, which every training page shows instead.
pub(crate) async fn halted_page(
    viewer: &Viewer,
    title: &str,
) -> Result<Option<axum::response::Html<String>>, WebError> {
    let halt = viewer
        .with_store(|store| Ok(keel_app::safety::halt(store)?))
        .await?;
    Ok(halt.map(|h| axum::response::Html(layout::page(title, halted(h.since)).into_string())))
}

pub(crate) fn halted(since: jiff::civil::Date) -> Markup {
    html! {
        h1 { "Your program is paused" }
        section.notice.error role="alert" {
            p { (CLINICIAN_MESSAGE) }
            p { "Paused since " (since) "." }
        }
        section.card {
            h2 { "Resume" }
            p { "Keel resumes only on your explicit decision, ideally after a clinician has cleared you." }
            form method="post" action="/resume" {
                (crate::idempotency::field())
                label.check {
                    input type="checkbox" name="confirm" value="yes" required;
                    " I have seen a clinician (or decided with one) and want to continue"
                }
                label for="note" { "What was decided (optional)" }
                input #note type="text" name="note" maxlength=(forms::MAX_NOTE_CHARS)
                    placeholder="e.g. cleared by my physio on 2026-03-10";
                button type="submit" { "Resume my program" }
            }
        }
    }
}

async fn resume(
    viewer: Viewer,
    axum::Form(fields): axum::Form<Fields>,
) -> Result<Response, WebError> {
    let date = viewer.today();
    let confirmed = fields.checked("confirm");
    let note = forms::note(&fields, "note")?;
    viewer
        .with_store(move |store| {
            keel_app::safety::resume(store, date, confirmed, note).map_err(|e| match e {
                keel_app::Error::Invalid(e) if e.field == "confirm" => WebError::Invalid(
                    "Confirmation: tick the box to confirm you want to continue.".into(),
                ),
                other => other.into(),
            })
        })
        .await?;
    Ok(Redirect::to("/").into_response())
}

/// A retest is due (keel_app::enrol::retest_due): where to take it.
fn retest_notice(due: &RetestDue) -> Markup {
    html! {
        section.notice.retest role="status" {
            p {
                (due.message) " "
                a href="/assess" { "Take the retest" }
                ", then build your next plan."
            }
        }
    }
}

fn outside(program: &Program, date: jiff::civil::Date) -> Markup {
    let before = date < program.start;
    let next = if before {
        program.next_training_day(date)
    } else {
        None
    };
    html! {
        h1 { "Today" }
        @if before {
            p { "Your plan starts on " (program.start) "." }
        } @else {
            p {
                "Your plan finished on "
                (program.end().map(|d| d.to_string()).unwrap_or_default())
                ". Retest, then build the next plan."
            }
            p { a href="/plan" { "Plan" } }
        }
        @if let Some((_, day)) = next {
            (next_preview(day, None))
        }
    }
}

fn planned(journal: &Journal, progress: Option<&Progress>, date: jiff::civil::Date) -> Markup {
    let catalog = Catalog::builtin();
    let program = &journal.plan.program;
    let Some((week, day)) = program.day(date) else {
        return outside(program, date);
    };
    let next = if day.kind.is_training() {
        None
    } else {
        program.next_training_day(date)
    };
    let logged = journal.session_logged(date);
    let readiness_done = journal.readiness_on(date).is_some();
    html! {
        h1 { (day_header(day)) }
        p.muted { (week_header(week, program.weeks.len())) }
        @match progress.filter(|p| day.kind != DayKind::Rest || p.session.makes_up.is_some()) {
            Some(p) => {
                @if let Some(notice) = wording::makeup(&p.session, program) {
                    p.notice.makeup { (notice) }
                }
                (session_block(catalog, p, session_day(program, &p.session, day), readiness_done, journal.profile.units))
            }
            None => p { "Rest day: recovery is part of the plan." },
        }
        @if let Some(summary) = logged.and_then(session_summary) {
            p { "Logged today: " (summary) "." }
        }
        @if let Some((_, next_day)) = next {
            (next_preview(next_day, journal.session_on(next_day.date).map(|p| p.slots.into_iter().chain(p.transfer).map(|s| (s.exercise, s.prescription)).collect())))
        }
    }
}

/// The program's day a session is compared with: the missed day for a
/// make-up, else `day` itself.
fn session_day<'a>(
    program: &'a Program,
    session: &keel_core::training::PlannedSession,
    day: &'a Day,
) -> &'a Day {
    session
        .makes_up
        .and_then(|missed| program.day(missed))
        .map_or(day, |(_, missed)| missed)
}

fn session_block(
    catalog: &Catalog,
    p: &Progress,
    day: &Day,
    readiness_done: bool,
    units: Units,
) -> Markup {
    let planned = &p.session;
    let next = p.next_set();
    let started = p.slots.iter().any(|s| s.done > 0);
    html! {
        @for adjustment in &planned.adjustments {
            p.notice { (adjustment) }
        }
        @if planned.light_instead {
            p { "Today is the light activation session instead of the planned " (day.kind.label()) " day." }
        } @else if day.kind == DayKind::Light {
            p { "Optional: a short session to move and wake the trunk up. Skipping it is fine." }
        }
        @if !readiness_done && !started {
            p { a href="/checkin" { "Check in first" } ": how you slept and feel can adjust today's session." }
        }
        @match next {
            Some((slot, set)) => {
                p {
                    a.button.big href=(session::set_url(slot, set)) {
                        @if started { "Continue" } @else { "Start" }
                    }
                }
                // The same session as rows to tick off, the guided set a tap away.
                p { a.button.secondary href="/session" { "All sets, to tick off" } }
            }
            None if started => {
                p.ok { "All of today's sets are logged. " a href="/session/done" { "Session summary" } }
            }
            None => {}
        }
        @if !planned.warmup.is_empty() {
            h2 { "Warm-up" }
            (drills(catalog, &planned.warmup))
        }
        h2 { "Main" }
        @if p.slots.is_empty() {
            p { "None today, just the mobility work." }
        }
        ol.slots {
            @for s in &p.slots {
                li { (slot_card(catalog, s, day, units)) }
            }
        }
        @if !planned.cooldown.is_empty() {
            h2 { "Cool-down" }
            (drills(catalog, &planned.cooldown))
        }
        p { strong { "Breathing: " } (planned.breathing_cue) }
        p { "About " (planned.estimated_minutes) " minutes." }
    }
}

fn slot_card(catalog: &Catalog, s: &SlotProgress, day: &Day, units: Units) -> Markup {
    let slot = &s.slot;
    let program_slot = day.session.as_ref().and_then(|session| {
        session
            .main
            .iter()
            .chain(session.transfer.iter())
            .find(|p| p.exercise == slot.key.planned)
    });
    let changed = program_slot
        .is_none_or(|p| p.exercise != slot.exercise || p.prescription != slot.prescription);
    let cues = catalog
        .get(&slot.exercise)
        .map(|e| e.cues.clone())
        .unwrap_or_default();
    html! {
        article.card {
            h3 { (name(catalog, &slot.exercise)) }
            p.big { (amount(&slot.prescription)) }
            p { (wording::load(&slot.prescription, units)) "; rest " (slot.rest_seconds) " s" }
            @if !cues.is_empty() {
                p { strong { "Cues: " } (cues.join("; ")) }
            }
            @if let Some(between) = &slot.between_sets {
                p { strong { "Between sets: " } (name(catalog, between)) }
            }
            @if let Some(note) = &slot.note {
                p.why { strong { "Why: " } (note) }
            }
            @if !slot.why.is_empty() {
                p.why {
                    strong { @if changed { "Why this changed: " } @else { "Last decision: " } }
                    (slot.why.join(" "))
                }
            }
            @if !slot.revisit_cues.is_empty() {
                p { strong { "Revisit technique: " } (slot.revisit_cues.join("; ")) }
            }
            p {
                "Done today: " (s.done) " of " (s.steps.len()) " sets"
                @if let Some(why) = &s.stopped { " (stopped: " (why) ")" }
            }
        }
    }
}

fn drills(catalog: &Catalog, list: &[Drill]) -> Markup {
    html! {
        ul {
            @for d in list {
                li { (wording::drill(catalog, d)) }
            }
        }
    }
}

fn next_preview(day: &Day, planned: Option<Vec<(ExerciseId, Prescription)>>) -> Markup {
    let catalog = Catalog::builtin();
    let items: Vec<(ExerciseId, Prescription)> = planned.unwrap_or_else(|| {
        day.session
            .iter()
            .flat_map(|s| s.main.iter().chain(s.transfer.iter()))
            .map(|s| (s.exercise.clone(), s.prescription.clone()))
            .collect()
    });
    html! {
        section.card {
            h2 { "Next session: " (day_header(day)) }
            ul {
                @for (exercise, p) in &items {
                    li { (name(catalog, exercise)) ": " (amount(p)) }
                }
            }
        }
    }
}
