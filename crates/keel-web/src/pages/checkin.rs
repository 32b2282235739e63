//! `GET /checkin`: readiness before a session (the four Hooper items, 1
//! best to 7 worst) and the next-morning check-in, as `keel checkin` asks
//! them; what each recorded answer does to the sessions is shown after it.

use axum::extract::Query;
use axum::response::{IntoResponse, Redirect, Response};
use keel_app::journal::{self, Journal};
use keel_core::engine::{
    MorningAdjustment, MorningCheck, ReadinessCheck, SessionAdjustment, morning_response,
    readiness_adjustment,
};
use keel_store::{CheckIn, Write};
use maud::{Markup, html};

use crate::error::WebError;
use crate::forms::{self, Fields};
use crate::layout;
use crate::routes::Routes;
use crate::viewer::Viewer;

pub fn routes() -> Routes {
    Routes::new()
        .get("/checkin", page)
        .post("/checkin/readiness", readiness)
        .post("/checkin/morning", morning)
}

/// The readiness items: form name, label, what 1 and 7 mean.
const ITEMS: [(&str, &str, &str, &str); 4] = [
    (
        "sleep",
        "Sleep quality",
        "slept very, very well",
        "very, very badly",
    ),
    ("fatigue", "Fatigue", "none at all", "very, very tired"),
    ("stress", "Stress", "none at all", "very, very stressed"),
    (
        "soreness",
        "Muscle soreness",
        "none at all",
        "very, very sore",
    ),
];

#[derive(serde::Deserialize)]
struct Saved {
    saved: Option<String>,
}

async fn page(viewer: Viewer, Query(saved): Query<Saved>) -> Result<Response, WebError> {
    let date = viewer.today();
    let journal = viewer
        .with_store(|store| {
            if store.profile()?.is_none() || store.current_plan()?.is_none() {
                return Ok(None);
            }
            Ok(Some((
                Journal::load(store)?,
                keel_app::safety::halt(store)?,
            )))
        })
        .await?;
    let Some((journal, halt)) = journal else {
        return Ok(Redirect::to("/").into_response());
    };
    let readiness = journal.readiness_on(date);
    let morning = journal.check_ins.iter().rev().find_map(|c| match c {
        CheckIn::Morning(m) if m.date == date => Some(m.clone()),
        _ => None,
    });
    let body = html! {
        h1 { "Check-in" }
        @if let Some(halt) = &halt {
            // While halted, check-ins are kept but give no training verdict.
            section.notice.error role="alert" {
                p { (halt.message) }
                p { (halt.paused_line()) }
                p { a href="/" { "Resume on the today page" } " once a clinician has cleared you." }
            }
        } @else if let Some(check) = readiness {
            (readiness_result(&journal, &check, saved.saved.as_deref() == Some("readiness")))
        }
        @if halt.is_none() && morning.is_some() {
            (morning_result(&journal, date, saved.saved.as_deref() == Some("morning")))
        }
        form.card method="post" action="/checkin/readiness" {
            (crate::idempotency::field())
            h2 { "Before a session: readiness" }
            p { "Each item from 1 (very, very good) to 7 (very, very bad), as in the Hooper index. \
                 A poor day cuts the session's volume or swaps it for the light session." }
            @for (field, label, best, worst) in ITEMS {
                label for=(field) { (label) }
                select #(field) name=(field) {
                    @for v in 1..=7u8 {
                        option value=(v) selected[v == 1] {
                            (v)
                            @if v == 1 { " - " (best) }
                            @if v == 7 { " - " (worst) }
                        }
                    }
                }
            }
            button.big type="submit" { "Save readiness" }
        }
        form.card method="post" action="/checkin/morning" {
            (crate::idempotency::field())
            h2 { "The morning after a session" }
            p { "Not back to usual reduces the next session; soreness that lasts or rises brings a deload." }
            (yes_no("pain_back_to_usual", "Is your back pain back to its usual level?"))
            (yes_no("stiffness_back_to_usual", "Is stiffness back to its usual level?"))
            label for="morning_soreness" { "Muscle soreness, 0-10" }
            select #morning_soreness name="soreness" {
                @for v in 0..=10u8 { option value=(v) selected[v == 0] { (v) } }
            }
            button.big type="submit" { "Save morning check-in" }
        }
    };
    Ok(layout::page("Check-in", body).into_response())
}

fn yes_no(name: &str, question: &str) -> Markup {
    html! {
        fieldset {
            legend { (question) }
            label.check { input type="radio" name=(name) value="yes" required; " Yes" }
            label.check { input type="radio" name=(name) value="no"; " No" }
        }
    }
}

fn readiness_result(journal: &Journal, check: &ReadinessCheck, just_saved: bool) -> Markup {
    let adjustment = readiness_adjustment(check, &journal.settings);
    let what = match adjustment.adjustment {
        SessionAdjustment::Proceed => "train as planned".to_string(),
        SessionAdjustment::CutVolume { percent } => {
            format!("cut the session's volume by about {percent} %")
        }
        SessionAdjustment::LightSession => "do the light activation session instead".to_string(),
    };
    html! {
        section.card.ok role=[just_saved.then_some("status")] {
            h2 { @if just_saved { "Readiness saved" } @else { "Today's readiness" } }
            p { "Sum " (check.sum()) " of 28 (1 best, 7 worst per item). Today: " (what) "." }
            @for reason in &adjustment.reasons { p.why { (reason) } }
            p { a href="/" { "See today's session" } }
        }
    }
}

fn morning_result(journal: &Journal, date: jiff::civil::Date, just_saved: bool) -> Markup {
    let last_session = journal
        .sessions
        .iter()
        .map(|s| s.date)
        .filter(|d| *d < date)
        .max();
    let response = morning_response(&journal.log.mornings, last_session, &journal.settings);
    let what = match response.adjustment {
        MorningAdjustment::Proceed => "train as planned".to_string(),
        MorningAdjustment::Reduce { percent } => {
            format!("reduce the next session by about {percent} %, no progression")
        }
        MorningAdjustment::Deload => "deload: lighter loads, less volume".to_string(),
    };
    html! {
        section.card.ok role=[just_saved.then_some("status")] {
            h2 { @if just_saved { "Morning check-in saved" } @else { "This morning" } }
            p { "Next session: " (what) "." }
            @for reason in &response.reasons { p.why { (reason) } }
        }
    }
}

async fn readiness(
    viewer: Viewer,
    axum::Form(fields): axum::Form<Fields>,
) -> Result<Response, WebError> {
    let date = viewer.today();
    let check = ReadinessCheck {
        sleep: forms::readiness(&fields, "sleep", "Sleep quality")?,
        fatigue: forms::readiness(&fields, "fatigue", "Fatigue")?,
        stress: forms::readiness(&fields, "stress", "Stress")?,
        soreness: forms::readiness(&fields, "soreness", "Muscle soreness")?,
    };
    save(&viewer, CheckIn::Readiness { date, check }).await?;
    Ok(Redirect::to("/checkin?saved=readiness").into_response())
}

async fn morning(
    viewer: Viewer,
    axum::Form(fields): axum::Form<Fields>,
) -> Result<Response, WebError> {
    let date = viewer.today();
    let check = MorningCheck {
        date,
        pain_back_to_usual: forms::yes_no(
            &fields,
            "pain_back_to_usual",
            "Back pain back to usual",
        )?,
        stiffness_back_to_usual: forms::yes_no(
            &fields,
            "stiffness_back_to_usual",
            "Stiffness back to usual",
        )?,
        soreness: forms::pain(&fields, "soreness", "Muscle soreness")?,
    };
    save(&viewer, CheckIn::Morning(check)).await?;
    Ok(Redirect::to("/checkin?saved=morning").into_response())
}

/// Stores a check-in (a plan must exist: check-ins adjust its sessions).
async fn save(viewer: &Viewer, entry: CheckIn) -> Result<(), WebError> {
    viewer
        .with_store(move |store| {
            Journal::load(store)?;
            journal::commit(store, vec![Write::AddCheckIn(entry)])?;
            Ok(())
        })
        .await
}
