//! `/onboarding`: one long phone-first form, like `keel onboard`: the
//! disclaimer, the profile, the red-flag screen, the baseline assessment
//! and the outcome measures (NPRS, PSFS).
//! Everything is validated first; then profile, screen, assessment and the
//! first plan are written in one batch. A red flag records the screen and
//! profile, shows the clinician message, and stops there.

use axum::extract::Form;
use axum::response::{Html, IntoResponse, Redirect, Response};
use keel_app::enrol::{self, Onboarded, Onboarding, Refused};
use keel_app::profile::starting_profile;
use keel_core::redflag::{self, RedFlag};
use maud::html;

use super::assess::{parse_tests, test_fields};
use super::outcomes::{outcome_fields, parse_outcomes};
use super::profile_form::{parse_profile, profile_fields};
use crate::error::WebError;
use crate::forms::{self, Fields};
use crate::layout::page;
use crate::routes::Routes;
use crate::viewer::Viewer;

pub fn routes() -> Routes {
    Routes::new()
        .get("/onboarding", show)
        .post("/onboarding", submit)
}

async fn show(viewer: Viewer) -> Result<Html<String>, WebError> {
    let onboarded = viewer.with_store(|s| Ok(s.profile()?.is_some())).await?;
    if onboarded {
        let body = html! {
            h1 { "You are already set up" }
            p { "Change your answers in " a href="/settings" { "settings" } ", retest in "
                a href="/assess" { "assessment" } ", or build a new plan version on the "
                a href="/plan" { "plan" } " page." }
        };
        return Ok(Html(page("Onboarding", body).into_string()));
    }
    let body = html! {
        h1 { "Welcome to Keel" }
        section.notice role="note" { p { (redflag::DISCLAIMER) } }
        form method="post" action="/onboarding" {
            (crate::idempotency::field())
            section.card aria-labelledby="about-h" {
                h2 #about-h { "About you" }
                (profile_fields(&starting_profile()))
            }
            section.card aria-labelledby="flags-h" {
                h2 #flags-h { "Warning signs" }
                p { "Answer each question for how you are now: yes or no. Every question needs an answer." }
                @for f in RedFlag::ALL {
                    @let name = format!("flag-{}", f.slug());
                    fieldset {
                        legend { (f.question()) }
                        label.check for=(format!("{name}-yes")) {
                            input id=(format!("{name}-yes")) type="radio" name=(name) value="yes" required;
                            " Yes"
                        }
                        label.check for=(format!("{name}-no")) {
                            input id=(format!("{name}-no")) type="radio" name=(name) value="no";
                            " No"
                        }
                    }
                }
            }
            section.card aria-labelledby="tests-h" {
                h2 #tests-h { "Baseline assessment" }
                p { "Each test has a one-line instruction. Leave a test blank to skip it." }
                (test_fields())
            }
            section.card aria-labelledby="outcomes-h" {
                h2 #outcomes-h { "How your back is doing" }
                p { "Optional; asked again at every retest to show the change over time." }
                (outcome_fields(&[]))
            }
            button type="submit" { "Build my plan" }
        }
    };
    Ok(Html(page("Onboarding", body).into_string()))
}

async fn submit(viewer: Viewer, Form(f): Form<Fields>) -> Result<Response, WebError> {
    let today = viewer.today();
    let profile = parse_profile(&f, starting_profile())?;
    let screen = forms::screen_answers(&f)?;
    let tests = parse_tests(&f, today)?;
    let outcomes = parse_outcomes(&f, today)?;

    let halted = viewer
        .with_store(move |store| {
            let answers = Onboarding {
                profile,
                screen,
                tests,
                start_over: false,
                outcomes,
            };
            match enrol::onboard(store, today, answers) {
                Ok(outcome) => Ok(matches!(outcome, Onboarded::Halted { .. })),
                Err(Refused::AlreadyOnboarded) => Err(WebError::Invalid(
                    "onboarding: you are already set up; change answers in settings".into(),
                )),
                Err(Refused::Store(err)) => Err(err.into()),
                Err(other) => Err(WebError::Invalid(format!("onboarding: {other}"))),
            }
        })
        .await?;
    if halted {
        let body = html! {
            section.notice.error role="alert" {
                h1 { "Please see a clinician first" }
                p { (redflag::CLINICIAN_MESSAGE) }
                p { "Your answers were recorded. When a clinician has cleared you, record that decision, then take the assessment." }
            }
        };
        return Ok(Html(page("See a clinician", body).into_string()).into_response());
    }
    Ok(Redirect::to("/").into_response())
}
