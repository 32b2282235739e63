//! The guided session in the browser, as `keel go` runs it in a terminal:
//! a set page (get-ready countdown, the hold timer per side, the cues) with
//! the quick log form under it, the red-flag screen after any pain, the rest
//! with the paired mobility drill, and the session summary.
//!
//! Where the user is comes from the store alone: the next set is the first
//! one of today's session not yet logged. A reload, a second tab or a
//! double-submitted form therefore resumes at the right set and never logs
//! a set twice. Each set is committed before the page moves on.

use axum::extract::Path;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::civil::Date;
use keel_app::journal::{self, Journal};
use keel_app::record::{self, SetAnswers, SideAnswers, target_of, unit_of};
use keel_app::steps::{self, Sides, Step};
use keel_app::summary::{self as day_summary, SummaryMode};
use keel_app::wording::{self, amount, name, set_detail};
use keel_core::InputError;
use keel_core::assessment::Side;
use keel_core::catalog::Catalog;
use keel_core::engine::{Amount, EngineSettings, FormFault, stop_exercise_now};
use keel_core::redflag::RedFlag;
use keel_core::training::{LoggedSet, PlannedSession, SessionSlot};
use keel_store::{ProgramStatus, SessionSummary, Store};
use maud::{Markup, html};

use crate::error::WebError;
use crate::forms::{self, Fields};
use crate::layout;
use crate::routes::Routes;
use crate::viewer::Viewer;

use super::workout;

/// Seconds of the get-ready countdown before each set (as `keel go`'s default).
pub const GET_READY_SECONDS: u16 = 5;

pub fn routes() -> Routes {
    Routes::new()
        .get("/session/{slot}/{set}", set_page)
        .get("/session/{slot}/{set}/rest", rest_page)
        .post("/session/log", log_set)
        .get("/session/done", done_page)
        .post("/session/summary", summary)
}

pub fn set_url(slot: usize, set: u8) -> String {
    format!("/session/{slot}/{set}")
}

// ---- Where the user is -------------------------------------------------

/// The sides in order, for the timer ("right,left", "left", "").
fn timer_sides(step: Step) -> &'static str {
    match step.sides {
        Sides::One => "",
        Sides::Both => "right,left",
        Sides::Only(Side::Left) => "left",
        Sides::Only(Side::Right) => "right",
    }
}

/// One exercise of today's session with what is already logged.
pub struct SlotProgress {
    pub index: usize,
    /// As prescribed today; once a set is logged, as that set was done.
    pub slot: SessionSlot,
    pub steps: Vec<Step>,
    pub done: usize,
    /// Why the exercise stopped today (sharp or red pain), if it did.
    pub stopped: Option<String>,
    pub logged: Vec<LoggedSet>,
}

impl SlotProgress {
    fn next_step(&self) -> Option<Step> {
        if self.stopped.is_some() {
            return None;
        }
        self.steps.get(self.done).copied()
    }
}

pub struct Progress {
    pub session: PlannedSession,
    pub slots: Vec<SlotProgress>,
}

impl Progress {
    /// The first set of the day not yet logged: (slot index, set number).
    pub fn next_set(&self) -> Option<(usize, u8)> {
        self.slots
            .iter()
            .find_map(|s| s.next_step().map(|step| (s.index, step.number)))
    }
}

/// Today's session with each slot's logged sets, or `None` on a day
/// without one. Read against the day as planned before anything was
/// logged, so logging a set never moves the prescription mid-session.
pub fn progress(journal: &Journal, date: Date) -> Result<Option<Progress>, WebError> {
    let Some(session) = journal.session_planned_on(date)? else {
        return Ok(None);
    };
    let logged = journal.session_logged(date);
    let slots = steps::today(&session, logged, &journal.settings)
        .into_iter()
        .enumerate()
        .map(|(index, t)| SlotProgress {
            index,
            stopped: t.stopped_by().map(|l| stop_reason(l, &journal.settings)),
            done: t.logged.len(),
            steps: t.steps,
            logged: t.logged,
            slot: t.slot,
        })
        .collect();
    Ok(Some(Progress { session, slots }))
}

fn stop_reason(l: &LoggedSet, settings: &EngineSettings) -> String {
    if l.set.sharp_pain {
        "you felt sharp pain".to_string()
    } else {
        format!(
            "pain {} is in the red (over {})",
            l.set.pain, settings.pain_amber_max
        )
    }
}

/// Where a session page must send the user instead of showing itself.
pub(crate) enum Gate {
    Go(std::sync::Arc<Journal>, Box<Progress>),
    Redirect(&'static str),
}

pub(crate) fn gate(store: &dyn Store, date: Date) -> Result<Gate, WebError> {
    let Some(journal) = Journal::load_if_ready(store)? else {
        if store.profile()?.is_none() {
            return Ok(Gate::Redirect("/onboarding"));
        }
        // Today shows the plan's absence, with what to do.
        return Ok(Gate::Redirect("/"));
    };
    // Today shows the halt, with what to do.
    if matches!(journal.status, ProgramStatus::Halted { .. }) {
        return Ok(Gate::Redirect("/"));
    }
    match progress(&journal, date)? {
        Some(p) => Ok(Gate::Go(journal, Box::new(p))),
        None => Ok(Gate::Redirect("/")),
    }
}

fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// Where to go once `set` of `slot` is the current one no more.
pub(crate) fn next_url(p: &Progress) -> String {
    match p.next_set() {
        Some((slot, set)) => set_url(slot, set),
        None => "/session/done".to_string(),
    }
}

// ---- The set page ------------------------------------------------------

async fn set_page(
    viewer: Viewer,
    Path((slot, set)): Path<(usize, u8)>,
) -> Result<Response, WebError> {
    let date = viewer.today();
    let view = viewer
        .with_store(move |store| {
            let (journal, p) = match gate(store, date)? {
                Gate::Go(j, p) => (j, p),
                Gate::Redirect(to) => return Ok(Err(to.to_string())),
            };
            // Only an exercise's next set can be done (the list may start
            // any exercise's); any other address moves on to the day's next.
            let its_next = p.slots.get(slot).and_then(SlotProgress::next_step);
            if its_next.map(|step| step.number) != Some(set) {
                return Ok(Err(next_url(&p)));
            }
            Ok(Ok(set_view(&journal, &p, slot, set)))
        })
        .await?;
    Ok(match view {
        Ok(markup) => markup.into_response(),
        Err(to) => see_other(&to),
    })
}

fn set_view(journal: &Journal, p: &Progress, slot: usize, set: u8) -> Markup {
    let catalog = Catalog::builtin();
    let Some(s) = p.slots.get(slot) else {
        return layout::page("Set", html! { p { "Nothing to do here." } });
    };
    let Some(step) = s.next_step() else {
        return layout::page("Set", html! { p { "Nothing to do here." } });
    };
    let exercise = name(catalog, &s.slot.exercise);
    let target = target_of(&s.slot.prescription);
    let mut cues = catalog
        .get(&s.slot.exercise)
        .map(|e| e.cues.clone())
        .unwrap_or_default();
    for cue in &s.slot.revisit_cues {
        if !cues.contains(cue) {
            cues.push(cue.clone());
        }
    }
    let (hold, work) = match target {
        Amount::Seconds(secs) => (Some(secs.get()), format!("Hold {secs} s")),
        Amount::Reps(r) => (None, format!("Do {r} reps")),
        Amount::Metres(m) => (None, format!("Carry {m} m")),
    };
    let date = p.session.date;
    let body = html! {
        h1 { (exercise) }
        p.step { (step.title()) " " (workout::elapsed_clock(date, journal)) }
        p.big { (amount(&s.slot.prescription)) "; " (wording::load(&s.slot.prescription, journal.profile.units)) }
        section.timer-box #timer
            data-ready=(GET_READY_SECONDS)
            data-hold=[hold]
            data-sides=(timer_sides(step))
            aria-labelledby="timer-phase" {
            p.phase #timer-phase aria-live="polite" { (work) ": press Start when you are in position." }
            p.timer #timer-clock role="timer" aria-live="off" {
                @match hold { Some(h) => (clock(h)), None => "GO" }
            }
            p.controls {
                button.big type="button" #timer-start { "Start" }
                " "
                button.secondary type="button" #timer-stop hidden { "Stop early" }
            }
            noscript { p { "Time the set yourself, then log it below." } }
        }
        @if !cues.is_empty() {
            h2 { "Cues" }
            ul.cues { @for cue in &cues { li { (cue) } } }
        }
        p { strong { "Breathing: " } (p.session.breathing_cue) }
        (log_form(s, step, target, &journal.settings))
        p { a href="/session" { "All of today's sets" } }
        script src="/assets/timer.js" defer {}
        script src="/assets/workout.js" defer {}
    };
    layout::workout_page(&format!("{exercise}, set {set}"), body)
}

/// "0:30", "1:05".
pub(crate) fn clock(seconds: u16) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// The quick log form: every question of `keel go` with its one-tap default.
fn log_form(s: &SlotProgress, step: Step, target: Amount, settings: &EngineSettings) -> Markup {
    let unit = unit_of(target);
    let rpe = record::default_rpe(&s.slot.prescription, settings).get();
    let load = s.slot.prescription.load();
    html! {
        form.card #log method="post" action="/session/log" data-queue {
            (crate::idempotency::field())
            h2 { "Log this set" }
            input type="hidden" name="slot" value=(s.index);
            input type="hidden" name="set" value=(step.number);
            @for (name, label) in amount_fields(step, unit) {
                label for=(name) { (label) }
                input id=(name) type="number" name=(name) inputmode="numeric" min="0"
                    value=(record::default_actual(&s.slot.prescription)) required;
            }
            @if load.is_external() {
                label for="load" { (forms::load_label(settings.units)) }
                input #load type="text" name="load" inputmode="decimal"
                    value=[wording::load_input(load, settings.units)]
                    placeholder={ (settings.units) " used, or leave blank" };
            }
            @if matches!(target, Amount::Reps(_)) {
                label for="quality" { "Quality reps (done without a fault, optional)" }
                input #quality type="number" name="quality" inputmode="numeric" min="0" max="255";
            }
            (workout::rpe_chips("Effort, RPE 0-10", rpe))
            fieldset {
                legend { "Faults seen" }
                @for fault in FormFault::ALL {
                    label.check {
                        input type="checkbox" name="fault" value=(fault.slug());
                        " " (fault.label())
                    }
                }
            }
            (workout::chips("pain", "Pain during the set, 0-10", 0))
            label.check {
                input type="checkbox" name="sharp" value="yes";
                " Sharp pain"
            }
            label for="note" { "Note (optional)" }
            input #note type="text" name="note" maxlength=(forms::MAX_NOTE_CHARS);
            button.big type="submit" { "Save set" }
        }
    }
}

/// The form fields for what a set got: "actual" for a bilateral set; one
/// per side, right first (the order they are done in), for a per-side set;
/// the one side of the extra set on the weaker side.
fn amount_fields(step: Step, unit: &str) -> Vec<(&'static str, String)> {
    let side = |s: Side| (s.label(), format!("{} side, {unit}", title_case(s.label())));
    match step.sides {
        Sides::One => vec![("actual", format!("Actual {unit}"))],
        Sides::Both => vec![side(Side::Right), side(Side::Left)],
        Sides::Only(s) => vec![side(s)],
    }
}

fn title_case(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// Each side's value from the form, when given (the label names the side).
fn side_answers(fields: &Fields, unit: &str) -> Result<SideAnswers, InputError> {
    let side = |s: Side| -> Result<Option<u32>, InputError> {
        match fields.get(s.label()) {
            None => Ok(None),
            Some(_) => {
                let label = format!("{} side, {unit}", title_case(s.label()));
                forms::amount(fields, s.label(), &label).map(Some)
            }
        }
    };
    Ok(SideAnswers {
        left: side(Side::Left)?,
        right: side(Side::Right)?,
    })
}

// ---- Logging a set -----------------------------------------------------

/// How the set form names its quality reps field in a refusal.
const QUALITY_LABEL: &str = "Quality reps";

enum Logged {
    To(String),
    /// Pain was logged: the red-flag screen must be answered first.
    Screen(Fields),
}

async fn log_set(
    viewer: Viewer,
    axum::Form(fields): axum::Form<Fields>,
) -> Result<Response, WebError> {
    let date = viewer.today();
    let slot = forms::whole(&fields, "slot", "Exercise")?;
    let set = forms::whole(&fields, "set", "Set number")?;
    let screen = forms::screen(&fields)?;
    let to_list = fields.get("return") == Some(workout::BACK_TO_LIST);
    let outcome = viewer
        .with_store(move |store| {
            if matches!(store.status()?, ProgramStatus::Halted { .. }) {
                return Err(WebError::Invalid(
                    "Your program is paused after a warning sign; see Today for what to do.".into(),
                ));
            }
            let (journal, p) = match gate(store, date)? {
                Gate::Go(j, p) => (j, p),
                Gate::Redirect(to) => return Ok(Logged::To(to.to_string())),
            };
            let settings = journal.settings.clone();
            let s = usize::try_from(slot)
                .ok()
                .and_then(|i| p.slots.get(i))
                .ok_or_else(|| {
                    WebError::Invalid(format!(
                        "Exercise: today's session has no exercise number {slot}."
                    ))
                })?;
            // Already stored (a reload or a second tap): move on, write nothing.
            if usize::try_from(set).is_ok_and(|n| n >= 1 && n <= s.done) {
                return Ok(Logged::To(if to_list {
                    "/session".to_string()
                } else {
                    next_url(&p)
                }));
            }
            let step = s
                .next_step()
                .filter(|step| i64::from(step.number) == set)
                .ok_or_else(|| {
                    WebError::Invalid(format!(
                        "Set number: set {set} is not the next set of this exercise."
                    ))
                })?;
            let target = target_of(&s.slot.prescription);
            let unit = unit_of(target);
            let sides = side_answers(&fields, unit)?;
            // A per-side set's form has a field per side and no "actual".
            let actual = if sides.any() && fields.get("actual").is_none() {
                record::default_actual(&s.slot.prescription)
            } else {
                forms::amount(&fields, "actual", &format!("Actual {unit}"))?
            };
            let answers = SetAnswers {
                actual,
                load: forms::load(&fields, "load", s.slot.prescription.load(), settings.units)?,
                rpe: forms::optional_rpe(&fields, "rpe", "Effort (RPE)")?,
                quality_reps: match fields.get("quality") {
                    None => None,
                    Some(_) => Some(forms::count(&fields, "quality", QUALITY_LABEL)?),
                },
                faults: forms::faults(&fields)?,
                pain: forms::pain(&fields, "pain", "Pain")?,
                sharp_pain: fields.checked("sharp"),
                note: step.note_with(forms::note(&fields, "note")?),
                sides,
            };
            let logged = record::logged_step(&s.slot, date, step, answers).map_err(|e| match e
                .field
                .as_str()
            {
                "note" => e.in_field("Note"),
                "quality-reps" => e.in_field(QUALITY_LABEL),
                "left" | "right" => {
                    let label = format!("{} side, {unit}", title_case(&e.field));
                    e.in_field(label)
                }
                _ => e.in_field(format!("Actual {unit}")),
            })?;
            if record::needs_screen(std::slice::from_ref(&logged)) && screen.is_none() {
                return Ok(Logged::Screen(fields));
            }
            let halts = screen.as_ref().is_some_and(|s| !s.is_clear());
            let stop = stop_exercise_now(&logged.set, &settings);
            let writes = record::writes(vec![logged], screen.map(|s| (date, s)));
            // Let go of the kept journal, so the set can join it in place.
            drop(journal);
            let journal = journal::commit(store, writes)?;
            if halts {
                return Ok(Logged::To("/".to_string()));
            }
            if to_list {
                // The list, with the rest of the set just stored at its top.
                return Ok(Logged::To(
                    match keel_app::workout::last_set_on(&journal, date) {
                        Some(last) => format!("/session?rest={}", last.id),
                        None => "/session".to_string(),
                    },
                ));
            }
            let last_of_session = !stop
                && p.slots
                    .iter()
                    .filter(|other| other.index != s.index)
                    .all(|other| other.next_step().is_none())
                && s.done + 1 >= s.steps.len();
            Ok(Logged::To(if last_of_session {
                "/session/done".to_string()
            } else {
                format!("/session/{}/{}/rest", s.index, step.number)
            }))
        })
        .await?;
    Ok(match outcome {
        Logged::To(to) => see_other(&to),
        Logged::Screen(fields) => layout::page(
            "Safety screen",
            screen_form("/session/log", &fields, "Save set"),
        )
        .into_response(),
    })
}

/// The red-flag screen as a form: the answers so far ride along as hidden
/// fields, so the set is committed together with the screen, or not at all.
pub fn screen_form(action: &str, fields: &Fields, submit: &str) -> Markup {
    html! {
        h1 { "Safety screen" }
        p { "You logged pain. Answer each question honestly; nothing is saved until you do." }
        form.card method="post" action=(action) {
            (crate::idempotency::field())
            @for (k, v) in fields.0.iter().filter(|(k, _)| k != "screened" && k != "flag") {
                input type="hidden" name=(k) value=(v);
            }
            input type="hidden" name="screened" value="yes";
            fieldset {
                legend { "Tick each one that is true for you" }
                @for flag in RedFlag::ALL {
                    label.check {
                        input type="checkbox" name="flag" value=(flag.slug());
                        " " (flag.question())
                    }
                }
            }
            button.big type="submit" { (submit) }
        }
    }
}

// ---- Rest --------------------------------------------------------------

async fn rest_page(
    viewer: Viewer,
    Path((slot, set)): Path<(usize, u8)>,
) -> Result<Response, WebError> {
    let date = viewer.today();
    let view = viewer
        .with_store(move |store| {
            let (journal, p) = match gate(store, date)? {
                Gate::Go(j, p) => (j, p),
                Gate::Redirect(to) => return Ok(Err(to.to_string())),
            };
            let Some(done) = p.slots.get(slot) else {
                return Ok(Err(next_url(&p)));
            };
            // The same exercise's next set while it has one (the list may
            // have started any exercise), else the day's next.
            let same = done.next_step().map(|step| (done.index, step.number));
            let Some(next) = same.or_else(|| p.next_set()) else {
                return Ok(Err("/session/done".to_string()));
            };
            Ok(Ok(rest_view(&journal, date, &p, done, set, next)))
        })
        .await?;
    Ok(match view {
        Ok(markup) => markup.into_response(),
        Err(to) => see_other(&to),
    })
}

fn rest_view(
    journal: &Journal,
    date: Date,
    p: &Progress,
    done: &SlotProgress,
    set: u8,
    next: (usize, u8),
) -> Markup {
    let catalog = Catalog::builtin();
    let exercise = name(catalog, &done.slot.exercise);
    let next_slot = p.slots.get(next.0);
    let body = html! {
        h1 { "Rest" }
        p { "Saved set " (set) " of " (exercise) ". " (workout::elapsed_clock(date, journal)) }
        @if let Some(why) = &done.stopped {
            section.notice.error role="alert" {
                h2 { "Stop " (exercise) " now" }
                p { "Because " (why) ", its remaining sets are skipped today, and it is regressed next time." }
                @let cues = catalog.get(&done.slot.exercise).map(|e| e.cues.clone()).unwrap_or_default();
                @if !cues.is_empty() || !done.slot.revisit_cues.is_empty() {
                    p { "Revisit the technique:" }
                    ul {
                        @for cue in cues.iter().chain(done.slot.revisit_cues.iter()) { li { (cue) } }
                    }
                }
            }
        }
        section.timer-box #timer data-rest=(done.slot.rest_seconds)
            data-skip-to=(set_url(next.0, next.1)) aria-labelledby="timer-phase" {
            p.phase #timer-phase aria-live="polite" { "Rest " (done.slot.rest_seconds) " s" }
            p.timer #timer-clock role="timer" aria-live="off" { (clock(done.slot.rest_seconds)) }
            p.controls {
                button.secondary type="button" #timer-start { "Pause" }
                " "
                (workout::rest_controls())
            }
        }
        @match next_slot {
            Some(n) if n.index == done.index && done.stopped.is_none() => {
                @if let Some(drill) = &done.slot.between_sets {
                    section.card {
                        h2 { "Between sets: " (name(catalog, drill)) }
                        @if let Some(e) = catalog.get(drill) { p { (e.how) } }
                    }
                }
            }
            Some(n) => {
                p.big { "Next: " (name(catalog, &n.slot.exercise)) " (" (amount(&n.slot.prescription)) ")" }
            }
            None => {}
        }
        p { a.button.big #next href=(set_url(next.0, next.1)) { "Next set" } }
        (workout::undo_form(journal, date, None))
        p { a href="/session" { "All of today's sets" } }
        p { a href="/" { "End here (every saved set is kept)" } }
        script src="/assets/timer.js" defer {}
        script src="/assets/workout.js" defer {}
    };
    layout::workout_page("Rest", body)
}

// ---- End of the session ------------------------------------------------

async fn done_page(viewer: Viewer) -> Result<Response, WebError> {
    let date = viewer.today();
    let view = viewer
        .with_store(move |store| {
            let (journal, p) = match gate(store, date)? {
                Gate::Go(j, p) => (j, p),
                Gate::Redirect(to) => return Ok(Err(to.to_string())),
            };
            Ok(Ok(done_view(&journal, &p, date)))
        })
        .await?;
    Ok(match view {
        Ok(markup) => markup.into_response(),
        Err(to) => see_other(&to),
    })
}

fn done_view(journal: &Journal, p: &Progress, date: Date) -> Markup {
    let catalog = Catalog::builtin();
    let logged = journal.session_logged(date);
    let remaining = p.next_set();
    let minutes_logged = logged.and_then(|s| s.minutes);
    let default_minutes = minutes_logged.unwrap_or(p.session.estimated_minutes.max(1));
    let earlier = day_summary::existing(journal, date).and_then(|e| e.describe(date));
    let body = html! {
        h1 { "Session summary" }
        p { (workout::elapsed_clock(date, journal)) }
        @if let Some(next) = remaining {
            p { "Sets remain today. " a href=(set_url(next.0, next.1)) { "Continue" } }
        }
        @for s in p.slots.iter().filter(|s| !s.logged.is_empty()) {
            section.card {
                h2 { (name(catalog, &s.slot.exercise)) }
                ol { @for l in &s.logged { li { (set_detail(&l.set, journal.profile.units)) } } }
                @if let Some(why) = &s.stopped {
                    p.notice { "Stopped today because " (why) "; it is regressed next time." }
                }
                @if let Some(state) = journal.replay.state_of(&s.slot.key, catalog) {
                    p { strong { "Next time: " } (state.last.decision.action.label()) ", " (amount(&state.next)) }
                    @for reason in &state.last.decision.reasons { p.why { (reason) } }
                }
            }
        }
        @if !p.session.cooldown.is_empty() {
            h2 { "Cool-down" }
            ul { @for d in &p.session.cooldown { li { (name(catalog, &d.exercise)) " (" (amount(&d.prescription)) ")" } } }
        }
        form.card #summary method="post" action="/session/summary" {
            (crate::idempotency::field())
            h2 { "How did it go?" }
            label for="minutes" { "Session minutes" }
            // The session clock fills it (workout.js) until minutes are logged.
            input #minutes type="number" name="minutes" inputmode="numeric" min="1"
                max=(day_summary::MAX_SESSION_MINUTES) value=(default_minutes) required
                data-elapsed-fill[minutes_logged.is_none()] aria-describedby="minutes-from";
            p.why #minutes-from {
                @if minutes_logged.is_some() { "As logged earlier today." }
                @else { "The plan's estimate; the session clock replaces it where it ran." }
            }
            label for="session_rpe" { "Session effort, RPE 0-10 (best asked about 30 minutes after)" }
            select #session_rpe name="session_rpe" {
                option value="" { "skip for now" }
                @for v in 0..=10u8 { option value=(v) { (v) } }
            }
            label for="session_note" { "Note on the session (optional)" }
            textarea #session_note name="note" rows="2" maxlength=(forms::MAX_NOTE_CHARS) {}
            @if let Some(had) = &earlier {
                p.notice { (had) ". A further session today is kept beside it (the loads add up; give its effort); replacing records this one in its place." }
                button.big type="submit" name="mode" value="add" { "Add as a further session" }
                button type="submit" name="mode" value="replace" { "Replace the earlier summary" }
                a href="/" { "Keep the earlier one" }
            } @else {
                button.big type="submit" { "Save" }
            }
        }
        script src="/assets/workout.js" defer {}
    };
    layout::page("Session summary", body)
}

async fn summary(
    viewer: Viewer,
    axum::Form(fields): axum::Form<Fields>,
) -> Result<Response, WebError> {
    let date = viewer.today();
    let minutes = forms::whole(&fields, "minutes", "Session minutes")?;
    let minutes = day_summary::minutes(minutes).map_err(|e| e.in_field("Session minutes"))?;
    let session_rpe = forms::optional_rpe(&fields, "session_rpe", "Session effort (RPE)")?;
    let mode = match fields.get("mode") {
        None | Some("") => None,
        Some("replace") => Some(SummaryMode::Replace),
        Some("add") => Some(SummaryMode::Add),
        Some(other) => {
            return Err(WebError::Invalid(format!(
                "Mode: must be \"replace\" or \"add\" when given, got {other:?}"
            )));
        }
    };
    let summary = SessionSummary {
        minutes: Some(minutes),
        session_rpe,
        note: forms::note(&fields, "note")?,
    };
    let done = viewer
        .with_store(move |store| Ok(day_summary::summarize(store, date, summary, mode)?))
        .await?;
    if let Some(message) = done.refusal(
        date,
        "choose \"Replace the earlier summary\" (or \"Add as a further session\")",
    ) {
        return Err(WebError::Invalid(message));
    }
    Ok(see_other("/"))
}

#[cfg(test)]
mod tests {
    use keel_core::measure::Seconds;
    use keel_core::program::{Load, Prescription};

    use super::*;

    #[test]
    fn the_timer_runs_each_side_of_a_step() {
        let p = Prescription::Hold {
            sets: 2,
            seconds: Seconds::saturating(20),
            per_side: true,
            extra_sets_on: Some(Side::Left),
            load: Load::Bodyweight,
            pyramid: Vec::new(),
        };
        let s = steps::steps(&p);
        assert_eq!(timer_sides(s[0]), "right,left");
        assert_eq!(timer_sides(s[2]), "left");
        assert_eq!(s[2].title(), "Set 3 of 3 (left side only)");
    }
}
