//! `GET /coach/athlete/{name}`: one athlete as their coach sees them:
//! today's session, progress numbers, outcome measure trends, settings and
//! the record of every settings change. `POST .../settings` changes one setting, validated as
//! the API validates a change ([`keel_app::settings::change`]), and saves
//! it together with the record of who changed it, in one transaction. The page
//! ends with the button that stops coaching this athlete ([`super::links`]).

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{Html, Redirect};
use keel_app::journal::Journal;
use keel_app::settings::{all_rows, engine_settings};
use keel_app::wording::{amount, name as exercise_name};
use keel_core::catalog::Catalog;
use keel_core::settings::SettingInfo;
use keel_store::Store;
use keel_store_postgres::SettingsChange;
use maud::{Markup, html};

use super::{athlete_of, backend, blocking, changes, coach};
use crate::error::WebError;
use crate::forms::Fields;
use crate::layout;
use crate::server::encode::path_segment;
use crate::state::AppState;
use crate::viewer::Viewer;
use keel_app::athlete_overview::{CoachSettings, Overview, summarize};
use keel_app::settings::change as setting_change;

/// Everything the page shows, read in one go.
struct Seen {
    overview: Overview,
    /// Today's planned exercises with their prescriptions, in words.
    today: Option<Vec<(String, String)>>,
    settings: Vec<SettingInfo>,
    changes: Vec<SettingsChange>,
    /// The athlete's outcome measure trends.
    outcomes: Vec<keel_core::outcome::Trend>,
}

pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(name): Path<String>,
) -> Result<Html<String>, WebError> {
    let me = coach(&viewer)?;
    let backend = backend(&state)?;
    let today = viewer.today();
    let shown = name.clone();
    let seen = blocking(move || {
        let athlete = athlete_of(&backend, &me, &name)?;
        let store = backend.store(athlete.id);
        let overview = summarize(&store, today, &CoachSettings::default())?;
        let today = match overview {
            Overview::NotStarted => None,
            Overview::Started(_) => today_session(&store, today)?,
        };
        let plan = store.settings()?;
        let engine = engine_settings(&store)?;
        Ok(Seen {
            overview,
            today,
            settings: all_rows(&plan, &engine),
            changes: backend.settings_changes(athlete.id)?,
            outcomes: keel_app::outcomes::overview(&store)?.trends,
        })
    })
    .await?;
    let title = format!("Athlete {shown}");
    Ok(Html(
        layout::page(&title, page(&shown, &seen)).into_string(),
    ))
}

fn today_session(
    store: &dyn Store,
    today: jiff::civil::Date,
) -> Result<Option<Vec<(String, String)>>, WebError> {
    let journal = Journal::load(store)?;
    let catalog = Catalog::builtin();
    // The day's session, or the missed one it makes up.
    Ok(journal.session_to_do_on(today).map(|s| {
        s.slots
            .iter()
            .chain(s.transfer.iter())
            .map(|slot| {
                (
                    exercise_name(catalog, &slot.exercise),
                    amount(&slot.prescription),
                )
            })
            .collect()
    }))
}

fn page(name: &str, seen: &Seen) -> Markup {
    let action = format!("/coach/athlete/{}/settings", path_segment(name));
    html! {
        h1 { (name) }
        p { a href="/coach" { "Back to your athletes" } }
        section.card aria-labelledby="progress-h" {
            h2 #progress-h { "Progress" }
            @match &seen.overview {
                Overview::NotStarted => p { "Not onboarded yet: no plan to follow." },
                Overview::Started(s) => dl {
                    dt { "Adherence" }
                    dd { @match s.adherence { Some(p) => { (format!("{p:.0} %")) }, None => "-" } }
                    dt { "Weekly load" }
                    dd { @match s.weekly_load { Some(l) => { (format!("{l:.0}")) }, None => "-" } }
                    dt { "Latest decision" }
                    dd { @match &s.latest {
                        Some(d) => { (d.action) " (" (d.date) "): " (d.reason) },
                        None => "-",
                    } }
                    dt { "Highest pain, last days" }
                    dd { @match s.flags.max_pain { Some(p) => { (p) "/10" }, None => "-" } }
                    @if let Some(since) = s.flags.halted_since {
                        dt { "Halted" } dd { "by a red flag since " (since) }
                    }
                },
            }
        }
        section.card aria-labelledby="outcomes-h" {
            h2 #outcomes-h { "Outcome measures" }
            @if seen.outcomes.is_empty() { p { "None recorded yet." } }
            @for t in &seen.outcomes {
                h3 { (t.name) }
                p {
                    @for (i, p) in t.points.iter().enumerate() {
                        @if i > 0 { ", " }
                        (p.date) ": " (keel_app::outcomes::number(p.score))
                        @if p.change.as_ref().is_some_and(|c| c.meaningful) { " (" strong { "a change that matters" } ")" }
                    }
                }
                p { (keel_app::outcomes::change_words(t)) }
            }
        }
        section.card aria-labelledby="today-h" {
            h2 #today-h { "Today" }
            @match &seen.today {
                Some(slots) if !slots.is_empty() => ul {
                    @for (exercise, dose) in slots { li { strong { (exercise) } ": " (dose) } }
                },
                _ => p { "No session planned today." },
            }
        }
        section.card aria-labelledby="settings-h" {
            h2 #settings-h { "Settings" }
            div.scroll role="region" aria-label="Settings table" tabindex="0" {
            table {
                thead { tr {
                    th scope="col" { "Setting" } th scope="col" { "Value" }
                    th scope="col" { "Default" } th scope="col" { "Range" }
                    th scope="col" { "Meaning" }
                } }
                tbody {
                    @for r in &seen.settings {
                        tr {
                            td { code { (r.key) } } td { (r.value) } td { (r.default) }
                            td { (r.min) "-" (r.max) } td { (r.meaning) }
                        }
                    }
                }
            }
            }
            form method="post" action=(action) {
                label for="key" { "Setting" }
                select #key name="key" required {
                    @for r in &seen.settings { option value=(r.key) { (r.key) } }
                }
                label for="value" { "New value" }
                input #value type="number" name="value" inputmode="numeric" required;
                button type="submit" { "Change" }
            }
        }
        (changes::list(&seen.changes))
        section.card aria-labelledby="drop-h" {
            h2 #drop-h { "Stop coaching " (name) }
            p.why { "You will no longer see " (name) "'s training or change their settings; "
                "their record of your changes stays. They can accept a new invitation later." }
            form method="post" action=(format!("/coach/athlete/{}/drop", path_segment(name))) {
                button.secondary type="submit" { "Stop coaching " (name) }
            }
        }
    }
}

pub async fn change(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(name): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Redirect, WebError> {
    let me = coach(&viewer)?;
    let backend = backend(&state)?;
    let key = fields.required("key", "Setting")?.to_string();
    let value = fields.required("value", "New value")?.to_string();
    let back = format!("/coach/athlete/{}", path_segment(&name));
    blocking(move || {
        let athlete = athlete_of(&backend, &me, &name)?;
        let store = backend.store(athlete.id);
        // Checked as on the athlete's own settings page; the change and its
        // record then commit together, or neither does.
        setting_change::by_coach(&*backend, athlete.id, &store, me.id, &[(key, value)])?;
        Ok(())
    })
    .await?;
    Ok(Redirect::to(&back))
}
