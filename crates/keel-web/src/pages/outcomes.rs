//! `/outcomes`: outcome measures. Each instrument's trend with the change
//! that matters marked, every taking, and forms to record the pain rating
//! (NPRS), the PSFS and any questionnaire loaded with `keel outcomes load`.
//! The same NPRS and PSFS fields are on the onboarding and retest forms
//! ([`outcome_fields`], [`parse_outcomes`]). Scoring and storing are
//! keel-app's (`keel_app::outcomes`).

use axum::extract::Form;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::civil::Date;
use keel_app::outcomes::{self, Measure, Overview, change_words, describe, number};
use keel_core::InputError;
use keel_core::outcome::{self, Outcome, PSFS_MAX_ACTIVITIES, Questionnaire};
use maud::{Markup, html};

use crate::error::WebError;
use crate::forms::Fields;
use crate::layout::page;
use crate::routes::Routes;
use crate::viewer::Viewer;

pub fn routes() -> Routes {
    Routes::new()
        .get("/outcomes", show)
        .post("/outcomes", record)
}

/// The NPRS and PSFS fields; `known` are the activities named last time.
pub fn outcome_fields(known: &[String]) -> Markup {
    outcome_fields_as_typed(known, None)
}

/// The NPRS and PSFS fields filled with what was `typed` (a form coming
/// back with errors), else with the `known` activities.
pub fn outcome_fields_as_typed(known: &[String], typed: Option<&Fields>) -> Markup {
    let typed_value = |name: &str| typed.and_then(|f| f.get(name)).unwrap_or("").to_string();
    html! {
        div.test {
            label for="o-pain" { "Back pain over the last 24 hours, 0 (none) to 10 (worst imaginable)" }
            input #o-pain type="number" name="pain_rating" min="0" max="10" step="1" inputmode="numeric"
                value=(typed_value("pain_rating"));
        }
        fieldset {
            legend { "Activities your back makes hard (up to five), each rated 0 (unable) to 10 (as before)" }
            @for i in 1..=PSFS_MAX_ACTIVITIES {
                @let name_id = format!("o-activity-{i}");
                @let rating_id = format!("o-rating-{i}");
                div.activity {
                    label for=(name_id) { "Activity " (i) }
                    input id=(name_id) type="text" name=(format!("activity_{i}")) maxlength="80"
                        value=(match typed {
                            Some(_) => typed_value(&format!("activity_{i}")),
                            None => known.get(i - 1).cloned().unwrap_or_default(),
                        });
                    label for=(rating_id) { "Rating for activity " (i) " (0-10)" }
                    input id=(rating_id) type="number" name=(format!("rating_{i}")) min="0" max="10" step="1" inputmode="numeric"
                        value=(typed_value(&format!("rating_{i}")));
                }
            }
        }
    }
}

/// The NPRS and PSFS answers of a form with [`outcome_fields`]; blank
/// fields are skipped, an activity without a rating (or the reverse) is refused.
pub fn parse_measures(f: &Fields) -> Result<Vec<Measure>, InputError> {
    let mut measures = Vec::new();
    if let Some(text) = f.get("pain_rating").filter(|t| !t.trim().is_empty()) {
        measures.push(Measure::Nprs(outcome::parse_rating("pain rating", text)?));
    }
    let mut ratings = Vec::new();
    for i in 1..=PSFS_MAX_ACTIVITIES {
        let name = f.get(&format!("activity_{i}")).unwrap_or("").trim();
        let rating = f.get(&format!("rating_{i}")).unwrap_or("").trim();
        match (name.is_empty(), rating.is_empty()) {
            (true, true) => {}
            (false, false) => ratings.push((
                name.to_string(),
                outcome::parse_rating(&format!("activity {i} rating"), rating)?,
            )),
            (false, true) => {
                return Err(InputError::new(
                    format!("activity {i}"),
                    format!("rate {name:?} from 0 to 10, or clear its name"),
                ));
            }
            (true, false) => {
                return Err(InputError::new(
                    format!("activity {i}"),
                    "name the activity you rated",
                ));
            }
        }
    }
    if !ratings.is_empty() {
        measures.push(Measure::Psfs(ratings));
    }
    Ok(measures)
}

/// The NPRS and PSFS takings of a form, scored for `date`.
pub fn parse_outcomes(f: &Fields, date: Date) -> Result<Vec<Outcome>, WebError> {
    let measures = parse_measures(f).map_err(|e| WebError::Invalid(e.to_string()))?;
    outcomes::builtin(date, measures).map_err(WebError::from)
}

async fn show(viewer: Viewer) -> Result<Html<String>, WebError> {
    let (view, known) = viewer
        .with_store(|store| {
            Ok((
                outcomes::overview(store)?,
                outcomes::last_psfs_activities(store)?,
            ))
        })
        .await?;
    Ok(Html(page("Outcomes", body(&view, &known)).into_string()))
}

fn body(view: &Overview, known: &[String]) -> Markup {
    html! {
        h1 { "Outcome measures" }
        p { "How your back is doing over time: pain (0-10) and the activities it makes hard. \
             A change at least as large as the one that matters is marked." }
        @if view.trends.is_empty() {
            p { "Nothing recorded yet." }
        }
        @for t in &view.trends {
            section.card aria-label=(t.name) {
                h2 { (t.name) }
                @if t.points.len() > 1 {
                    (keel_io::report::outcome_chart(&keel_io::report::OutcomeRow {
                        name: t.name.clone(),
                        points: t.points.iter().map(|p| (p.date, p.score, p.change.as_ref().is_some_and(|c| c.meaningful))).collect(),
                        bands: Vec::new(),
                        change: String::new(),
                        items: Vec::new(),
                        source: String::new(),
                    }))
                }
                ul {
                    @for p in &t.points {
                        li {
                            (p.date) ": " (number(p.score))
                            @if let Some(b) = &p.band { " (" (b) ")" }
                            @if p.change.as_ref().is_some_and(|c| c.meaningful) { " - " strong { "a change that matters" } }
                        }
                    }
                }
                p { (change_words(t)) }
                @for i in &t.items {
                    p { (i.item) ": " (i.first) " to " (i.latest)
                        @if i.change.meaningful { " - " strong { "a change that matters" } } }
                }
                p.why { @match &t.mcid.source {
                    Some(s) => { "Change that matters: " (s) "." }
                    None => { "No published minimal important change." }
                } }
            }
        }
        section.card aria-labelledby="record-h" {
            h2 #record-h { "Record today" }
            form method="post" action="/outcomes" {
                (outcome_fields(known))
                button type="submit" { "Save" }
            }
        }
        @for q in &view.questionnaires {
            (questionnaire_form(q))
        }
        @if !view.outcomes.is_empty() {
            section.card aria-labelledby="all-h" {
                h2 #all-h { "Every taking" }
                ul { @for o in view.outcomes.iter().rev() { li { (o.date) ": " (describe(o)) } } }
            }
        }
    }
}

fn questionnaire_form(q: &Questionnaire) -> Markup {
    let heading = format!("q-{}-h", q.id);
    html! {
        section.card aria-labelledby=(heading) {
            h2 id=(heading) { (q.name) }
            form method="post" action="/outcomes" {
                input type="hidden" name="questionnaire" value=(q.id);
                @for (i, item) in q.items.iter().enumerate() {
                    fieldset {
                        legend { (i + 1) ". " (item.text) }
                        @for (j, option) in item.options.iter().enumerate() {
                            @let id = format!("q-{}-{}-{}", q.id, i + 1, j + 1);
                            label.check for=(id) {
                                input id=(id) type="radio" name=(format!("item_{}", i + 1)) value=(j + 1);
                                (option.text)
                            }
                        }
                    }
                }
                button type="submit" { "Save " (q.name) }
            }
        }
    }
}

async fn record(viewer: Viewer, Form(f): Form<Fields>) -> Result<Response, WebError> {
    let today = viewer.today();
    let mut measures = parse_measures(&f).map_err(|e| WebError::Invalid(e.to_string()))?;
    let questionnaire = f.get("questionnaire").map(str::to_string);
    // An item left unanswered sends nothing; the questionnaire's own item
    // count (read below) cuts the list.
    let answers = (1..=outcome::MAX_ITEMS)
        .map(
            |i| match f.get(&format!("item_{i}")).filter(|t| !t.is_empty()) {
                None => Ok(None),
                Some(t) => t
                    .parse::<u8>()
                    .map(Some)
                    .map_err(|_| WebError::Invalid(format!("item {i}: choose one of its options"))),
            },
        )
        .collect::<Result<Vec<_>, _>>()?;
    viewer
        .with_store(move |store| {
            if let Some(id) = questionnaire {
                let count = store
                    .questionnaires()?
                    .iter()
                    .find(|q| q.id == id)
                    .map_or(0, |q| q.items.len());
                measures.push(Measure::Questionnaire {
                    id,
                    choices: answers.into_iter().take(count).collect(),
                });
            }
            outcomes::record(store, today, today, measures)?;
            Ok(())
        })
        .await?;
    Ok(Redirect::to("/outcomes").into_response())
}
