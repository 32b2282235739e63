//! `/onboarding`: one long phone-first form, like `keel onboard`: the
//! disclaimer, the profile, the red-flag screen, the baseline assessment
//! and the outcome measures (NPRS, PSFS).
//! Everything is validated first, every problem at once: the form comes
//! back with what was typed and each problem beside its field. Then
//! profile, screen, assessment and the first plan are written in one batch
//! and the page shows the assessment report. A red flag records the screen
//! and profile, shows the clinician message, and stops there.

use axum::extract::Form;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use keel_app::enrol::{self, Onboarded, Onboarding, Refused};
use keel_app::profile::starting_profile;
use keel_core::InputError;
use keel_core::redflag::{self, RedFlag};
use maud::{Markup, html};

use super::assess::{report_view, test_fields_as_typed};
use super::outcomes::{outcome_fields_as_typed, parse_outcomes};
use super::problems::Problems;
use super::profile_form::profile_fields_as_typed;
use crate::error::WebError;
use crate::forms::assessment::check_tests;
use crate::forms::profile::check_profile;
use crate::forms::{self, Fields};
use crate::layout::page;
use crate::routes::Routes;
use crate::viewer::Viewer;

/// The id of the warning-sign section, for a problem with the screen as a whole.
const FLAGS_ID: &str = "flags";
/// The id of the outcome section, for a problem with its answers.
const OUTCOMES_ID: &str = "outcomes";

pub fn routes() -> Routes {
    Routes::new()
        .get("/onboarding", show)
        .post("/onboarding", submit)
}

async fn show(viewer: Viewer) -> Result<Html<String>, WebError> {
    let done = viewer
        .with_store(|s| {
            if s.profile()?.is_none() {
                return Ok(None);
            }
            enrol::latest_report(s).map(Some).map_err(|err| match err {
                Refused::Store(err) => err.into(),
                other => WebError::Invalid(format!("onboarding: {other}")),
            })
        })
        .await?;
    if let Some(report) = done {
        return Ok(Html(page("Your assessment", set_up(report)).into_string()));
    }
    Ok(Html(
        page("Onboarding", form(None, &Problems::default())).into_string(),
    ))
}

/// The page after onboarding (and on a later visit): the assessment report
/// with the way on.
fn set_up(report: Option<(jiff::civil::Date, keel_core::assessment::AssessmentReport)>) -> Markup {
    html! {
        h1 { "You are set up" }
        @if let Some((date, report)) = &report {
            p { "Your assessment of " (date) ": each hold against its norm, the ratios between them, and where your plan starts." }
            (report_view(report))
            p { a.button href="/" { "Go to today's session" } }
        }
        p { "You are already set up. Change your answers in " a href="/settings" { "settings" } ", retest in "
            a href="/assess" { "assessment" } ", or build a new plan version on the "
            a href="/plan" { "plan" } " page." }
    }
}

/// The form, empty or as `typed` with its `problems` beside their fields.
fn form(typed: Option<&Fields>, problems: &Problems) -> Markup {
    let answer = |name: &str| typed.and_then(|f| f.get(name)).unwrap_or("");
    html! {
        h1 { "Welcome to Keel" }
        (problems.summary())
        section.notice role="note" { p { (redflag::DISCLAIMER) } }
        form method="post" action="/onboarding" {
            (crate::idempotency::field())
            section.card aria-labelledby="about-h" {
                h2 #about-h { "About you" }
                (profile_fields_as_typed(&starting_profile(), typed, problems))
            }
            section.card #(FLAGS_ID) aria-labelledby="flags-h" {
                h2 #flags-h { "Warning signs" }
                p { "Answer each question for how you are now: yes or no. Every question needs an answer." }
                (problems.note(FLAGS_ID))
                @for f in RedFlag::ALL {
                    @let name = format!("flag-{}", f.slug());
                    @let given = answer(&name);
                    fieldset id=(name) aria-invalid=[problems.invalid(&name)]
                        aria-describedby=[problems.described_by(&name, None)] {
                        legend { (f.question()) }
                        label.check for=(format!("{name}-yes")) {
                            input id=(format!("{name}-yes")) type="radio" name=(name) value="yes" required
                                checked[given == "yes"];
                            " Yes"
                        }
                        label.check for=(format!("{name}-no")) {
                            input id=(format!("{name}-no")) type="radio" name=(name) value="no"
                                checked[given == "no"];
                            " No"
                        }
                        (problems.note(&name))
                    }
                }
            }
            section.card aria-labelledby="tests-h" {
                h2 #tests-h { "Baseline assessment" }
                p { "Each test has a one-line instruction. Leave a test blank to skip it." }
                (test_fields_as_typed(typed, problems))
            }
            section.card #(OUTCOMES_ID) aria-labelledby="outcomes-h" {
                h2 #outcomes-h { "How your back is doing" }
                p { "Optional; asked again at every retest to show the change over time." }
                (problems.note(OUTCOMES_ID))
                (outcome_fields_as_typed(&[], typed))
            }
            button type="submit" { "Build my plan" }
        }
    }
}

async fn submit(viewer: Viewer, Form(f): Form<Fields>) -> Result<Response, WebError> {
    let today = viewer.today();
    let mut problems = Problems::default();
    let profile = check_profile(&f, starting_profile())
        .map_err(|all| all.iter().for_each(|(id, e)| problems.add(*id, e)))
        .ok();
    let screen = forms::check_screen(&f)
        .map_err(|all| {
            for (flag, e) in &all {
                match flag {
                    Some(flag) => problems.add(format!("flag-{}", flag.slug()), e),
                    None => problems.add(FLAGS_ID, e),
                }
            }
        })
        .ok();
    let tests = check_tests(&f, today)
        .map_err(|all| all.iter().for_each(|(id, e)| problems.add(id.clone(), e)))
        .ok();
    let outcomes = match parse_outcomes(&f, today) {
        Ok(outcomes) => Some(outcomes),
        Err(WebError::Invalid(message)) => {
            problems.add(
                OUTCOMES_ID,
                &InputError::new("How your back is doing", message),
            );
            None
        }
        Err(other) => return Err(other),
    };
    let (Some(profile), Some(screen), Some(tests), Some(outcomes)) =
        (profile, screen, tests, outcomes)
    else {
        let body = form(Some(&f), &problems);
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Html(page("Onboarding: please check your answers", body).into_string()),
        )
            .into_response());
    };

    let halted = viewer
        .with_store(move |store| {
            let answers = Onboarding::first(profile, screen, tests, outcomes);
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
    // The report, on a page a reload does not post again.
    Ok(Redirect::to("/onboarding").into_response())
}
