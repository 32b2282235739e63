//! `GET /history`: logged sessions and check-ins, newest first, each set
//! with its edit and delete pages, each day with its delete page (as `keel
//! history`, `keel edit`, `keel delete [--session DATE]`). Corrections go through `journal::commit`, so every decision
//! that depended on the set is re-run.

use axum::extract::Path;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::civil::Date;
use keel_app::correction::{self, Corrected, SetChanges};
use keel_app::record::unit_of;
use keel_app::wording::{self, name, set_detail};
use keel_core::catalog::Catalog;
use keel_core::engine::{Amount, FormFault};
use keel_core::program::Load;
use keel_store::{CheckIn, Store, StoredSet, TrainingSession};
use maud::html;

use super::session::screen_form;
use crate::error::WebError;
use crate::forms::{self, Fields};
use crate::layout;
use crate::routes::Routes;
use crate::viewer::Viewer;

pub fn routes() -> Routes {
    Routes::new()
        .get("/history", history)
        .get("/history/set/{id}", edit_page)
        .post("/history/set/{id}", edit)
        .get("/history/set/{id}/delete", delete_page)
        .post("/history/set/{id}/delete", delete)
        .get("/history/day/{date}/delete", delete_day_page)
        .post("/history/day/{date}/delete", delete_day)
}

async fn history(viewer: Viewer) -> Result<Response, WebError> {
    let (sessions, check_ins, units) = viewer
        .with_store(|store| {
            Ok((
                store.sessions(None, None)?,
                store.check_ins()?,
                keel_app::profile::units(store)?,
            ))
        })
        .await?;
    let catalog = Catalog::builtin();
    let mut days: Vec<Date> = sessions
        .iter()
        .map(|s| s.date)
        .chain(check_ins.iter().map(CheckIn::date))
        .collect();
    days.sort();
    days.dedup();
    days.reverse();
    let body = html! {
        h1 { "History" }
        @if days.is_empty() {
            p { "Nothing logged yet. " a href="/" { "Start today's session" } "." }
        }
        @for day in &days {
            section.card {
                h2 { (day) }
                @for c in check_ins.iter().filter(|c| c.date() == *day) {
                    p { (check_in_text(c)) }
                }
                @for s in sessions.iter().filter(|s| s.date == *day) {
                    @if let Some(summary) = session_summary(s) { p { "Session: " (summary) } }
                    @if let Some(note) = &s.note { p { "Note: " (note) } }
                    @if s.sets.is_empty() { p { "(no sets logged)" } }
                    ul.sets {
                        @for set in &s.sets {
                            li #{"set-" (set.id)} {
                                "#" (set.id) " " (name(catalog, &set.logged.exercise)) ", set " (set.number) ": "
                                (set_detail(&set.logged.set, units))
                                " "
                                a href={"/history/set/" (set.id)} aria-label={"Edit set #" (set.id)} { "Edit" }
                                " "
                                a href={"/history/set/" (set.id) "/delete"} aria-label={"Delete set #" (set.id)} { "Delete" }
                            }
                        }
                    }
                    p { a href={"/history/day/" (day) "/delete"} aria-label={"Delete the day " (day)} { "Delete this day" } }
                }
            }
        }
    };
    Ok(layout::page("History", body).into_response())
}

/// "35 min, session RPE 6", when either was logged.
pub fn session_summary(s: &TrainingSession) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(m) = s.minutes {
        parts.push(format!("{m} min"));
    }
    if let Some(rpe) = s.session_rpe {
        parts.push(format!("session RPE {rpe}"));
    }
    for part in &s.more {
        parts.push(format!(
            "then {} min, session RPE {}",
            part.minutes, part.session_rpe
        ));
    }
    if !s.more.is_empty()
        && let Some(load) = s.load()
    {
        parts.push(format!("day's load {load}"));
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn check_in_text(check: &CheckIn) -> String {
    match check {
        CheckIn::Readiness { check, .. } => format!("Readiness: {}", wording::readiness(check)),
        CheckIn::Morning(m) => format!("Morning: {}", wording::morning(m)),
    }
}

fn find_set(store: &dyn Store, id: i64) -> Result<StoredSet, WebError> {
    Ok(correction::find_set(store, id)?)
}

async fn edit_page(viewer: Viewer, Path(id): Path<i64>) -> Result<Response, WebError> {
    let (set, units) = viewer
        .with_store(move |store| Ok((find_set(store, id)?, keel_app::profile::units(store)?)))
        .await?;
    let catalog = Catalog::builtin();
    let s = &set.logged.set;
    let unit = unit_of(s.target);
    let body = html! {
        h1 { "Correct set #" (id) }
        p { (name(catalog, &set.logged.exercise)) ", " (set.logged.date) ", set " (set.number) ": " (set_detail(s, units)) }
        form.card method="post" action={"/history/set/" (id)} {
            (crate::idempotency::field())
            label for="actual" { "Actual " (unit) }
            input #actual type="number" name="actual" inputmode="numeric" min="0" value=(s.actual.value()) required;
            @if s.load.is_external() || set.logged.prescription.load().is_external() {
                label for="load" { (forms::load_label(units)) }
                input #load type="text" name="load" inputmode="decimal"
                    value=[wording::load_input(s.load, units)];
            }
            @if let Amount::Reps(_) = s.target {
                label for="quality" { "Quality reps (done without a fault)" }
                input #quality type="number" name="quality" inputmode="numeric" min="0"
                    value=[s.quality_reps];
            }
            label for="rpe" { "Effort, RPE 0-10" }
            select #rpe name="rpe" {
                option value="" selected[s.rpe.is_none()] { "not given" }
                @for v in 0..=10u8 {
                    option value=(v) selected[s.rpe.map(|r| r.get()) == Some(v)] { (v) }
                }
            }
            fieldset {
                legend { "Faults seen" }
                @for fault in FormFault::ALL {
                    label.check {
                        input type="checkbox" name="fault" value=(fault.slug()) checked[s.faults.contains(&fault)];
                        " " (fault.label())
                    }
                }
            }
            label for="pain" { "Pain during the set, 0-10" }
            select #pain name="pain" {
                @for v in 0..=10u8 {
                    option value=(v) selected[s.pain.get() == v] { (v) }
                }
            }
            label.check {
                input type="checkbox" name="sharp" value="yes" checked[s.sharp_pain];
                " Sharp pain"
            }
            label for="note" { "Note" }
            input #note type="text" name="note" maxlength=(forms::MAX_NOTE_CHARS) value=[s.note.as_deref()];
            button.big type="submit" { "Save correction" }
        }
        p { a href="/history" { "Cancel" } }
    };
    Ok(layout::page("Correct a set", body).into_response())
}

enum Edited {
    Done,
    Screen(Fields),
}

async fn edit(
    viewer: Viewer,
    Path(id): Path<i64>,
    axum::Form(fields): axum::Form<Fields>,
) -> Result<Response, WebError> {
    let screen = forms::screen(&fields)?;
    let outcome = viewer
        .with_store(move |store| {
            let old = find_set(store, id)?.logged.set;
            let units = keel_app::profile::units(store)?;
            let label = format!("Actual {}", unit_of(old.target));
            let default_load = if old.load.is_external() {
                Load::ChooseForRpe
            } else {
                old.load
            };
            let quality_label = "Quality reps";
            let changes = SetChanges {
                actual: Some(forms::amount(&fields, "actual", &label)?),
                load: Some(forms::load(&fields, "load", default_load, units)?),
                rpe: Some(forms::optional_rpe(&fields, "rpe", "Effort (RPE)")?),
                // Rep sets' forms carry the field; left empty, it is removed.
                quality_reps: match (old.target, fields.get("quality")) {
                    (Amount::Reps(_), None) => Some(None),
                    (Amount::Reps(_), Some(_)) => {
                        Some(Some(forms::count(&fields, "quality", quality_label)?))
                    }
                    _ => None,
                },
                faults: Some(forms::faults(&fields)?),
                pain: Some(forms::pain(&fields, "pain", "Pain")?),
                sharp_pain: Some(fields.checked("sharp")),
                note: Some(forms::note(&fields, "note")?),
            };
            let corrected =
                correction::correct_set(store, id, changes, screen).map_err(|e| match e {
                    keel_app::Error::Invalid(input) if input.field == "actual" => {
                        input.in_field(&label).into()
                    }
                    keel_app::Error::Invalid(input) if input.field == "quality-reps" => {
                        input.in_field(quality_label).into()
                    }
                    other => WebError::from(other),
                })?;
            Ok(match corrected {
                Corrected::ScreenNeeded => Edited::Screen(fields),
                Corrected::Unchanged(_) | Corrected::Stored { .. } => Edited::Done,
            })
        })
        .await?;
    Ok(match outcome {
        Edited::Done => Redirect::to(&format!("/history#set-{id}")).into_response(),
        Edited::Screen(fields) => layout::page(
            "Safety screen",
            screen_form(&format!("/history/set/{id}"), &fields, "Save correction"),
        )
        .into_response(),
    })
}

async fn delete_page(viewer: Viewer, Path(id): Path<i64>) -> Result<Response, WebError> {
    let (set, units) = viewer
        .with_store(move |store| Ok((find_set(store, id)?, keel_app::profile::units(store)?)))
        .await?;
    let catalog = Catalog::builtin();
    let body = html! {
        h1 { "Delete set #" (id) "?" }
        p {
            (name(catalog, &set.logged.exercise)) ", " (set.logged.date) ", set " (set.number) ": "
            (set_detail(&set.logged.set, units))
        }
        p { "The decisions that depended on it are re-run." }
        form method="post" action={"/history/set/" (id) "/delete"} {
            (crate::idempotency::field())
            input type="hidden" name="confirm" value="yes";
            button.big.danger type="submit" { "Delete this set" }
        }
        p { a href="/history" { "Keep it" } }
    };
    Ok(layout::page("Delete a set", body).into_response())
}

async fn delete(
    viewer: Viewer,
    Path(id): Path<i64>,
    axum::Form(fields): axum::Form<Fields>,
) -> Result<Response, WebError> {
    if !fields.checked("confirm") {
        return Err(WebError::Invalid(
            "Confirmation: deleting a set needs confirming on its delete page.".into(),
        ));
    }
    viewer
        .with_store(move |store| Ok(correction::delete_set(store, id).map(|_| ())?))
        .await?;
    Ok(Redirect::to("/history").into_response())
}

/// The confirmation step of deleting a whole day: what it holds, as
/// keel-app counts it for `keel delete --session` and the API.
async fn delete_day_page(viewer: Viewer, Path(date): Path<Date>) -> Result<Response, WebError> {
    let day = viewer
        .with_store(move |store| Ok(correction::day(store, date)?))
        .await?;
    let body = html! {
        h1 { "Delete " (date) "?" }
        p { "This deletes " (day.describe()) ". The decisions that depended on it are re-run." }
        form method="post" action={"/history/day/" (date) "/delete"} {
            (crate::idempotency::field())
            input type="hidden" name="confirm" value="yes";
            button.big.danger type="submit" { "Delete this day" }
        }
        p { a href="/history" { "Keep it" } }
    };
    Ok(layout::page("Delete a day", body).into_response())
}

async fn delete_day(
    viewer: Viewer,
    Path(date): Path<Date>,
    axum::Form(fields): axum::Form<Fields>,
) -> Result<Response, WebError> {
    if !fields.checked("confirm") {
        return Err(WebError::Invalid(
            "Confirmation: deleting a day needs confirming on its delete page.".into(),
        ));
    }
    viewer
        .with_store(move |store| Ok(correction::delete_day(store, date).map(|_| ())?))
        .await?;
    Ok(Redirect::to("/history").into_response())
}
