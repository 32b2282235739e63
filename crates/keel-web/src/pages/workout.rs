//! The workout screen: today's whole session as rows to tick off (`GET
//! /session`), each exercise with last time's numbers, the next set of each
//! a one-tap form (defaults prefilled; effort and pain as chips, a note),
//! the guided set (`/session/{slot}/{set}`, with its timer) one tap away,
//! the rest after a tick, undo of the last set (`POST /session/undo`), and
//! the session clock. The pieces the guided pages share (chips, the clock,
//! undo, the rest controls) are here too.
//!
//! The rules are keel-app's: `workout::last_time`, `workout::undo_last_set`
//! (the one delete of a set, aimed at the last one), and set logging is the
//! guided form's own `POST /session/log`. Without JavaScript every control
//! is a plain form: chips are radio buttons, the rest's "Next set" link is
//! its skip.

use axum::extract::RawQuery;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::civil::Date;
use keel_app::journal::Journal;
use keel_app::record::{self, target_of, unit_of};
use keel_app::steps::Step;
use keel_app::wording::{self, amount, name, set_detail};
use keel_app::workout;
use keel_core::catalog::Catalog;
use keel_core::engine::EngineSettings;
use maud::{Markup, html};

use super::session::{self, Gate, Progress, SlotProgress, gate, next_url, set_url};
use crate::error::WebError;
use crate::forms::{self, Fields};
use crate::layout;
use crate::routes::Routes;
use crate::viewer::Viewer;

pub fn routes() -> Routes {
    Routes::new()
        .get("/session", list_page)
        .post("/session/undo", undo)
}

/// Where a form on the list asks to come back to (hidden field `return`).
pub const BACK_TO_LIST: &str = "list";

// ---- Shared pieces -----------------------------------------------------

/// A 0-10 scale as one-tap chips: radio buttons styled as chips, so it
/// works without JavaScript and each value is one tap (44 x 44 px).
pub fn chips(name: &str, legend: &str, checked: u8) -> Markup {
    html! {
        fieldset.chips {
            legend { (legend) }
            @for v in 0..=10u8 {
                label.chip {
                    input type="radio" name=(name) value=(v) checked[v == checked];
                    span { (v) }
                }
            }
        }
    }
}

/// The set's effort as [`chips`], with a first chip for "not rated": a
/// set without an RPE is legitimate on every front end
/// (`keel_app::record::SetAnswers::rpe`); it posts an empty value.
pub fn rpe_chips(legend: &str, checked: u8) -> Markup {
    html! {
        fieldset.chips {
            legend { (legend) }
            label.chip {
                input type="radio" name="rpe" value="";
                span { "not rated" }
            }
            @for v in 0..=10u8 {
                label.chip {
                    input type="radio" name="rpe" value=(v) checked[v == checked];
                    span { (v) }
                }
            }
        }
    }
}

/// The session clock, filled by `assets/workout.js`: from when the session
/// started on this phone (kept in localStorage for the day), or from the
/// day's first set when that is earlier (another phone, cleared storage).
/// Hidden without JavaScript, which it needs.
pub fn elapsed_clock(date: Date, journal: &Journal) -> Markup {
    let first = first_set_millis(journal, date);
    html! {
        span.elapsed #elapsed data-date=(date) data-first-set=[first] hidden {
            "Session time "
            span #elapsed-clock role="timer" aria-live="off" { "0:00" }
        }
    }
}

/// When `date`'s first set was recorded, in ms since the epoch.
pub fn first_set_millis(journal: &Journal, date: Date) -> Option<i64> {
    journal
        .session_logged(date)?
        .sets
        .iter()
        .map(|s| s.recorded_at.as_millisecond())
        .min()
}

/// The rest timer's -15 s, +15 s and skip, shown by `assets/timer.js`.
pub fn rest_controls() -> Markup {
    html! {
        button.secondary type="button" #rest-minus hidden { "−15 s" }
        " "
        button.secondary type="button" #rest-plus hidden { "+15 s" }
        " "
        button.secondary type="button" #rest-skip hidden { "Skip" }
    }
}

/// "Undo set 2 of Bird dog (30 s of 30 s, ...)": deletes the set logged
/// last today, named by its id so a second tap deletes nothing more.
pub fn undo_form(journal: &Journal, date: Date, back: Option<&str>) -> Markup {
    let Some(last) = workout::last_set_on(journal, date) else {
        return html! {};
    };
    let catalog = Catalog::builtin();
    html! {
        form.undo method="post" action="/session/undo" {
            (crate::idempotency::field())
            input type="hidden" name="set" value=(last.id);
            @if let Some(back) = back { input type="hidden" name="return" value=(back); }
            button.secondary type="submit" {
                "Undo the last set"
            }
            span.why {
                " " (name(catalog, &last.logged.exercise)) ", set " (last.number) ": "
                (set_detail(&last.logged.set, journal.profile.units))
            }
        }
    }
}

// ---- The list ----------------------------------------------------------

async fn list_page(viewer: Viewer, RawQuery(query): RawQuery) -> Result<Response, WebError> {
    let date = viewer.today();
    // `?rest=ID` after a tick: the rest of set ID runs at the top, while
    // ID is still the day's last set (a stale address shows no rest).
    let rest_after = query
        .as_deref()
        .and_then(|q| q.strip_prefix("rest="))
        .and_then(|id| id.parse::<i64>().ok());
    let view = viewer
        .with_store(move |store| {
            let (journal, p) = match gate(store, date)? {
                Gate::Go(j, p) => (j, p),
                Gate::Redirect(to) => return Ok(Err(to.to_string())),
            };
            Ok(Ok(list_view(&journal, &p, date, rest_after)))
        })
        .await?;
    Ok(match view {
        Ok(markup) => markup.into_response(),
        Err(to) => Redirect::to(&to).into_response(),
    })
}

fn list_view(journal: &Journal, p: &Progress, date: Date, rest_after: Option<i64>) -> Markup {
    let catalog = Catalog::builtin();
    let next = p.next_set();
    let resting = rest_after
        .filter(|_| next.is_some())
        .and_then(|id| workout::last_set_on(journal, date).filter(|last| last.id == id))
        .and_then(|last| p.slots.iter().find(|s| s.slot.key == last.logged.slot));
    let body = html! {
        h1 { "Today's sets" }
        p.step { (elapsed_clock(date, journal)) }
        @if let Some(done) = resting {
            section.timer-box #timer data-rest=(done.slot.rest_seconds) aria-labelledby="timer-phase" {
                p.phase #timer-phase aria-live="polite" { "Rest " (done.slot.rest_seconds) " s" }
                p.timer #timer-clock role="timer" aria-live="off" { (session::clock(done.slot.rest_seconds)) }
                p.controls {
                    button.secondary type="button" #timer-start { "Pause" }
                    " "
                    (rest_controls())
                }
            }
        }
        @match next {
            Some((slot, set)) => {
                p {
                    a.button.big #next href=(set_url(slot, set)) {
                        "Guided: "
                        (p.slots.get(slot).map(|s| name(catalog, &s.slot.exercise)).unwrap_or_default())
                        ", set " (set)
                    }
                }
            }
            None => p.ok { "Every set of today is logged." },
        }
        (undo_form(journal, date, Some(BACK_TO_LIST)))
        ol.rows {
            @for s in &p.slots {
                li.card id={"slot-" (s.index)} { (slot_rows(journal, s, date, &journal.settings)) }
            }
        }
        p { a.button href="/session/done" { "Finish: the session summary" } }
        script src="/assets/workout.js" defer {}
        @if resting.is_some() { script src="/assets/timer.js" defer {} }
    };
    layout::workout_page("Today's sets", body)
}

/// One exercise: its prescription, last time, and a row per set.
fn slot_rows(journal: &Journal, s: &SlotProgress, date: Date, settings: &EngineSettings) -> Markup {
    let catalog = Catalog::builtin();
    let exercise = name(catalog, &s.slot.exercise);
    let last = workout::last_time(journal, &s.slot.exercise, date);
    html! {
        h2 { (exercise) }
        p { (amount(&s.slot.prescription)) "; " (wording::load(&s.slot.prescription, settings.units)) "; rest " (s.slot.rest_seconds) " s" }
        p.why.last {
            strong { "Last time: " }
            @match &last {
                Some(l) => (l.describe(settings.units)),
                None => "not done earlier in this plan",
            }
        }
        ol.sets {
            @for (i, step) in s.steps.iter().enumerate() {
                @if let Some(l) = s.logged.get(i) {
                    li.done { span aria-hidden="true" { "✓ " } (step.title()) ": " (set_detail(&l.set, settings.units)) }
                } @else if s.stopped.is_some() {
                    li.todo { (step.title()) ": skipped today" }
                } @else if i == s.done {
                    li.next data-set=(step.number) data-step=(step.label()) {
                        (tick_form(s, *step, &exercise, settings))
                    }
                } @else {
                    // Offline, app.js moves the form here once the row
                    // before is kept on the phone.
                    li.todo data-set=(step.number) data-step=(step.label()) {
                        (step.title()) ": " (wording::amount_value(target_of(&s.slot.prescription)))
                    }
                }
            }
        }
        @if let Some(why) = &s.stopped {
            p.notice { "Stopped today because " (why) "." }
        }
    }
}

/// The next set of an exercise as a one-tap form: the defaults every front
/// end prefills, effort and pain as chips and a note folded away.
fn tick_form(s: &SlotProgress, step: Step, exercise: &str, settings: &EngineSettings) -> Markup {
    let target = target_of(&s.slot.prescription);
    let unit = unit_of(target);
    let load = s.slot.prescription.load();
    let rpe = record::default_rpe(&s.slot.prescription, settings).get();
    let i = s.index;
    html! {
        form.tick method="post" action="/session/log" data-queue data-exercise=(exercise) data-unit=(unit) {
            (crate::idempotency::field())
            input type="hidden" name="slot" value=(i);
            input type="hidden" name="set" value=(step.number);
            input type="hidden" name="return" value=(BACK_TO_LIST);
            label for={"actual-" (i)} { (step.title()) ", " (unit) }
            input id={"actual-" (i)} type="number" name="actual" inputmode="numeric" min="0"
                value=(record::default_actual(&s.slot.prescription)) required;
            @if load.is_external() {
                label for={"load-" (i)} { (crate::forms::load_label(settings.units)) }
                input id={"load-" (i)} type="text" name="load" inputmode="decimal"
                    value=[wording::load_input(load, settings.units)]
                    placeholder={ (settings.units) " used, or leave blank" };
            }
            details.more {
                summary { "Effort, pain, note (RPE " (rpe) ", pain 0)" }
                (rpe_chips("Effort, RPE 0-10", rpe))
                (chips("pain", "Pain during the set, 0-10", 0))
                label.check {
                    input type="checkbox" name="sharp" value="yes";
                    " Sharp pain"
                }
                label for={"note-" (i)} { "Note (optional)" }
                input id={"note-" (i)} type="text" name="note" maxlength=(forms::MAX_NOTE_CHARS);
            }
            p.row-actions {
                button type="submit" aria-label={"Done: " (exercise) ", " (step.label())} { "✓ Done" }
                " "
                a.button.secondary href=(set_url(i, step.number)) aria-label={"Guided: " (exercise) ", " (step.label())} { "Guided" }
            }
        }
    }
}

// ---- Undo --------------------------------------------------------------

async fn undo(
    viewer: Viewer,
    axum::Form(fields): axum::Form<Fields>,
) -> Result<Response, WebError> {
    let date = viewer.today();
    let id = forms::whole(&fields, "set", "Set")?;
    let to_list = fields.get("return") == Some(BACK_TO_LIST);
    let to = viewer
        .with_store(move |store| {
            workout::undo_last_set(store, date, id)?;
            if to_list {
                return Ok("/session".to_string());
            }
            // Back to the set it undid (the next one to do again).
            Ok(match gate(store, date)? {
                Gate::Go(_, p) => next_url(&p),
                Gate::Redirect(to) => to.to_string(),
            })
        })
        .await?;
    Ok(Redirect::to(&to).into_response())
}
