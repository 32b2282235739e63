//! `/assess`: the retest form (the same tests as onboarding, each with its
//! one-line instruction), the report with the comparison against the
//! previous assessment, and `/assess/history`.

use axum::extract::Form;
use axum::response::Html;
use keel_app::enrol::{self, Refused, Retested, measured_anything};
use keel_core::assessment::instructions::{INSTRUCTIONS, Instruction, Kind};
use keel_core::assessment::{
    AssessmentReport, CarriedForward, Norms, RatioKind, RetestComparison, ratios_of,
};
use keel_core::measure::Seconds;
use keel_store::ProgramStatus;
use maud::{Markup, html};

use super::problems::Problems;
use crate::error::WebError;
use crate::forms::Fields;
use crate::forms::assessment::{parse_tests, test_id};
use crate::layout::page;
use crate::routes::Routes;
use crate::viewer::Viewer;

const NOTHING_MEASURED: &str = "tests: no test was recorded; fill in at least one.";

pub fn routes() -> Routes {
    Routes::new()
        .get("/assess", show)
        .post("/assess", submit)
        .get("/assess/history", history)
}

/// Every test as a labelled control with its instruction; all optional.
pub fn test_fields() -> Markup {
    test_fields_as_typed(None, &Problems::default())
}

/// The tests filled with what was `typed`, each of the `problems` shown
/// beside its test (the form coming back with errors).
pub fn test_fields_as_typed(typed: Option<&Fields>, problems: &Problems) -> Markup {
    html! {
        @for t in INSTRUCTIONS {
            @let id = test_id(t.key);
            @let help = format!("{id}-how");
            @let value = typed.and_then(|f| f.get(t.key)).unwrap_or("");
            div.test {
                label for=(id) { (t.question) " (" (t.kind.hint()) ")" }
                p.why id=(help) { (t.how) }
                (control(t, &id, &help, value, problems))
                (problems.note(&id))
            }
        }
    }
}

fn control(t: &Instruction, id: &str, help: &str, value: &str, problems: &Problems) -> Markup {
    let described = problems.described_by(id, Some(help));
    let invalid = problems.invalid(id);
    match t.kind {
        Kind::Score03 => html! {
            select id=(id) name=(t.key) aria-describedby=[described] aria-invalid=[invalid] {
                option value="" { "Skip" }
                @for n in 0..=3 {
                    @let n = n.to_string();
                    option value=(n) selected[value == n] { (n) }
                }
            }
        },
        Kind::PassFail => html! {
            select id=(id) name=(t.key) aria-describedby=[described] aria-invalid=[invalid] {
                option value="" { "Skip" }
                option value="pass" selected[value.eq_ignore_ascii_case("pass")] { "Pass" }
                option value="fail" selected[value.eq_ignore_ascii_case("fail")] { "Fail" }
            }
        },
        _ => html! {
            input id=(id) name=(t.key) type="text" inputmode="numeric"
                aria-describedby=[described] aria-invalid=[invalid] placeholder="skip"
                value=(value);
        },
    }
}

async fn show(viewer: Viewer) -> Result<Html<String>, WebError> {
    let (halted, known) = viewer
        .with_store(|s| {
            Ok((
                matches!(s.status()?, ProgramStatus::Halted { .. }),
                keel_app::outcomes::last_psfs_activities(s)?,
            ))
        })
        .await?;
    let body = html! {
        h1 { "Retest" }
        @if halted {
            section.notice.error role="alert" {
                p { "The program is halted by a red-flag answer. See a clinician, then record your decision before testing." }
            }
        } @else {
            p { "Leave a test blank to skip it. Keel compares each hold with your previous assessment." }
            form method="post" action="/assess" {
                (crate::idempotency::field())
                (test_fields())
                h2 { "How your back is doing" }
                (super::outcomes::outcome_fields(&known))
                button type="submit" { "Save the retest" }
            }
            p { a href="/assess/history" { "Earlier assessments" } }
        }
    };
    Ok(Html(page("Retest", body).into_string()))
}

async fn submit(viewer: Viewer, Form(f): Form<Fields>) -> Result<Html<String>, WebError> {
    let today = viewer.today();
    let input = parse_tests(&f, today)?;
    if !measured_anything(&input) {
        return Err(WebError::Invalid(NOTHING_MEASURED.into()));
    }
    let outcomes = super::outcomes::parse_outcomes(&f, today)?;
    let Retested {
        report,
        comparison,
        carried,
        ..
    } = viewer
        .with_store(move |store| {
            enrol::retest_with(store, input, outcomes).map_err(|err| match err {
                Refused::NoProfile => {
                    WebError::Invalid("profile: no profile yet; start with onboarding.".into())
                }
                Refused::Halted { since } => WebError::Invalid(format!(
                    "the program is halted by a red-flag answer on {since}; see a clinician first."
                )),
                Refused::NothingMeasured => WebError::Invalid(NOTHING_MEASURED.into()),
                Refused::Store(err) => err.into(),
                other => WebError::Invalid(format!("tests: {other}")),
            })
        })
        .await?;
    let body = html! {
        h1 { "Assessment saved" }
        (report_view(&report))
        (carried_view(&carried))
        @if let Some(c) = &comparison { (comparison_view(c)) }
        form method="post" action="/plan/new" {
            (crate::idempotency::field())
            p { "Rebuild your plan from this assessment (your log and earlier versions are kept)." }
            button type="submit" { "Build a new plan version" }
        }
    };
    Ok(Html(page("Assessment", body).into_string()))
}

fn secs(s: Option<Seconds>) -> String {
    s.map_or("-".to_string(), |s| format!("{s} s"))
}

fn ratio(v: Option<f64>) -> String {
    v.map_or("-".to_string(), |v| format!("{v:.2}"))
}

/// The assessment report: holds against norms, ratios, levels, priorities.
pub fn report_view(r: &AssessmentReport) -> Markup {
    html! {
        section.card aria-labelledby="holds-h" {
            h2 #holds-h { "Endurance holds" }
            table {
                thead { tr { th scope="col" { "Test" } th scope="col" { "Result" } th scope="col" { "Norm" } } }
                tbody {
                    @for h in &r.holds {
                        tr {
                            th scope="row" { (h.label) }
                            td { (secs(h.seconds)) }
                            td {
                                @for n in &h.norms {
                                    span.norm { (n.norm_seconds) " s"
                                        @if let Some(p) = n.percent_of_norm { " (" (p) " %)" } }
                                    " "
                                }
                            }
                        }
                    }
                }
            }
        }
        section.card aria-labelledby="ratios-h" {
            h2 #ratios-h { "Ratios" }
            ul {
                @for x in &r.ratios {
                    li {
                        strong { (x.label) ": " (ratio(x.value)) }
                        @if x.flagged { " (outside " (x.healthy) ")" }
                        br; span.why { (x.meaning) }
                    }
                }
            }
            p.why { "Biering-Sorensen (information, not a diagnosis): " (r.sorensen.text) }
        }
        section.card aria-labelledby="levels-h" {
            h2 #levels-h { "Starting levels (1-5)" }
            ul { @for d in &r.starting_levels { li { strong { (d.label) ": level " (d.level) } br; span.why { (d.reason) } } } }
            @if !r.imbalances.is_empty() {
                h3 { "Imbalances the plan works on" }
                ul { @for i in &r.imbalances { li { (i.meaning) } } }
            }
            @if !r.mobility_priorities.is_empty() {
                h3 { "Mobility priorities" }
                ol { @for p in &r.mobility_priorities { li { (p.label) ": " (p.reason) } } }
            }
        }
    }
}

/// The tests a partial retest kept from before (docs/method.md §2.5).
fn carried_view(carried: &[CarriedForward]) -> Markup {
    html! {
        @if !carried.is_empty() {
            section.card aria-labelledby="carried-h" {
                h2 #carried-h { "Carried forward" }
                p { "Not tested today; the latest measurement counts for your report and your next plan." }
                ul {
                    @for c in carried {
                        li { strong { (c.label) ": " (c.value) } " (measured " (c.measured_on) ")" }
                    }
                }
            }
        }
    }
}

/// The retest comparison, with the measurement-error band spelled out.
pub fn comparison_view(c: &RetestComparison) -> Markup {
    html! {
        section.card aria-labelledby="cmp-h" {
            h2 #cmp-h { "Compared with " (c.previous_date) }
            p.why { "Changes under " (c.band_seconds) " s are within measurement error (" (c.band_source) ")." }
            ul {
                @for h in &c.holds {
                    li { strong { (h.label) ": " (secs(h.before)) " → " (secs(h.after)) } br; (h.summary) }
                }
            }
        }
    }
}

async fn history(viewer: Viewer) -> Result<Html<String>, WebError> {
    let stored = viewer.with_store(|s| Ok(s.assessments()?)).await?;
    let norms = Norms::builtin();
    let body = html! {
        h1 { "Assessments" }
        @if stored.is_empty() {
            p { "No assessments yet." }
        } @else {
            div.scroll {
                table {
                    caption { "Holds in seconds; * = outside the healthy range" }
                    thead { tr {
                        th scope="col" { "Date" } th scope="col" { "Ext" } th scope="col" { "Flex" }
                        th scope="col" { "SB R" } th scope="col" { "SB L" } th scope="col" { "Plank" }
                        th scope="col" { "F/E" } th scope="col" { "R/L" } th scope="col" { "SB/E" }
                    } }
                    tbody {
                        @for a in stored.iter().rev() {
                            @let h = &a.input.holds;
                            @let ratios = ratios_of(h, norms);
                            @let r = |k: RatioKind| ratios.iter().find(|r| r.ratio == k)
                                .map_or("-".to_string(), |r| format!("{}{}", ratio(r.value), if r.flagged { "*" } else { "" }));
                            tr {
                                th scope="row" { (a.input.date) }
                                @for v in [h.extensor, h.flexor, h.side_bridge_right, h.side_bridge_left, h.prone_plank] {
                                    td { (v.map_or("-".to_string(), |v| v.to_string())) }
                                }
                                td { (r(RatioKind::FlexionExtension)) }
                                td { (r(RatioKind::RightLeftSideBridge)) }
                                td { (r(RatioKind::SideBridgeExtension)) }
                            }
                        }
                    }
                }
            }
        }
        p { a.button href="/assess" { "Retest now" } }
    };
    Ok(Html(page("Assessments", body).into_string()))
}
