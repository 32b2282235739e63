//! `/settings`: every plan and engine setting with its range, default and
//! meaning, editable (like `keel settings`), and the profile, editable
//! (like `keel profile`). Every posted value is validated before anything is
//! saved; one wrong value changes nothing. The calendar section sets the
//! usual training time and makes, renews or revokes the feed's secret URL
//! (like `keel profile --training-time` and `keel calendar`).

use axum::extract::Form;
use axum::http::{HeaderMap, header};
use axum::response::{Html, Redirect};
use keel_app::settings::all_rows;
use keel_store::Write;
use maud::html;

use super::profile_form::profile_fields;
use crate::error::WebError;
use crate::forms::Fields;
use crate::forms::profile::parse_profile;
use crate::layout::page;
use crate::routes::Routes;
use crate::viewer::Viewer;

pub fn routes() -> Routes {
    Routes::new()
        .get("/settings", show)
        .post("/settings", save_settings)
        .post("/settings/profile", save_profile)
        .post("/settings/calendar", save_calendar)
        .post("/settings/calendar/feed", renew_feed)
        .post("/settings/calendar/revoke", revoke_feed)
}

async fn show(viewer: Viewer) -> Result<Html<String>, WebError> {
    let (plan, engine, profile) = viewer
        .with_store(|s| {
            let plan = s.settings()?;
            let engine = keel_app::settings::engine_settings(s)?;
            Ok((plan, engine, s.profile()?))
        })
        .await?;
    let (time, has_feed) = viewer
        .with_store(|s| {
            Ok((
                keel_app::calendar::training_time(s)?,
                keel_app::calendar::has_feed(s)?,
            ))
        })
        .await?;
    let time = format!("{:02}:{:02}", time.hour(), time.minute());
    let rows = all_rows(&plan, &engine);
    let body = html! {
        h1 { "Settings" }
        @if let Some(p) = &profile {
            section.card aria-labelledby="profile-h" {
                h2 #profile-h { "Your profile" }
                form method="post" action="/settings/profile" {
                    (crate::idempotency::field())
                    (profile_fields(p))
                    button type="submit" { "Save profile" }
                }
            }
        }
        section.card aria-labelledby="calendar-h" {
            h2 #calendar-h { "Calendar" }
            form method="post" action="/settings/calendar" {
                label for="training-time" { "Usual training time" }
                p.why id="training-time-help" { "Your planned sessions start at this time in your calendar, with a reminder 30 minutes before." }
                input id="training-time" name="training-time" type="time" required
                    value=(time) aria-describedby="training-time-help";
                button type="submit" { "Save training time" }
            }
            @if has_feed {
                p { "Your calendar feed is on. Its address was shown once, when made; a new one replaces it." }
                form method="post" action="/settings/calendar/feed" {
                    button type="submit" { "New feed address" }
                }
                form method="post" action="/settings/calendar/revoke" {
                    button type="submit" { "Turn the feed off" }
                }
            } @else {
                p { "A feed is a secret address your phone's calendar subscribes to: your plan's sessions, updated as the plan changes." }
                form method="post" action="/settings/calendar/feed" {
                    button type="submit" { "Make a feed address" }
                }
            }
        }
        section.card aria-labelledby="settings-h" {
            h2 #settings-h { "Method settings" }
            p.why { "Plan settings apply to the next plan version; engine settings apply at once." }
            form method="post" action="/settings" {
                (crate::idempotency::field())
                @for r in &rows {
                    @let id = format!("s-{}", r.key);
                    @let help = format!("{id}-help");
                    label for=(id) { (r.key) }
                    p.why id=(help) { (r.meaning) ". Range " (r.min) "-" (r.max) ", default " (r.default)
                        @if r.value != r.default { " (changed)" } "." }
                    input id=(id) name=(r.key) type="number" inputmode="numeric"
                        min=(r.min) max=(r.max) required value=(r.value) aria-describedby=(help);
                }
                button type="submit" { "Save settings" }
            }
        }
    };
    Ok(Html(page("Settings", body).into_string()))
}

async fn save_settings(viewer: Viewer, Form(f): Form<Fields>) -> Result<Redirect, WebError> {
    viewer
        .with_store(move |store| {
            keel_app::settings::change::prepare(store, &f.0)?.save(store)?;
            Ok(())
        })
        .await?;
    Ok(Redirect::to("/settings"))
}

async fn save_profile(viewer: Viewer, Form(f): Form<Fields>) -> Result<Redirect, WebError> {
    viewer
        .with_store(move |store| {
            let base = store.profile()?.ok_or_else(|| {
                WebError::Invalid("profile: no profile yet; start with onboarding.".into())
            })?;
            let profile = parse_profile(&f, base)?;
            keel_app::profile::save(store, vec![Write::SaveProfile(profile)])?;
            Ok(())
        })
        .await?;
    Ok(Redirect::to("/settings"))
}

async fn save_calendar(viewer: Viewer, Form(f): Form<Fields>) -> Result<Redirect, WebError> {
    viewer
        .with_store(move |store| {
            let text = f.required("training-time", "usual training time")?;
            keel_app::calendar::set_training_time(store, text)?;
            Ok(())
        })
        .await?;
    Ok(Redirect::to("/settings"))
}

/// A new feed address, shown on this page only: just its hash is stored.
async fn renew_feed(viewer: Viewer, headers: HeaderMap) -> Result<Html<String>, WebError> {
    let token = viewer
        .with_store(|store| Ok(keel_app::calendar::renew_feed(store)?))
        .await?;
    let path = keel_app::calendar::feed_path(&token);
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1:7878");
    let scheme = match headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
    {
        Some("https") => "https",
        _ => "http",
    };
    let url = format!("{scheme}://{host}{path}");
    let body = html! {
        h1 { "Your calendar feed" }
        section.card aria-labelledby="feed-h" {
            h2 #feed-h { "Subscribe to this address" }
            p { "In your calendar app, add a calendar by URL (subscribe) and paste:" }
            p { code.feed-url { (url) } }
            p.why { "Anyone with this address can read your plan: keep it secret. It is shown only now; any earlier address no longer works." }
            p { a href="/settings" { "Back to settings" } }
        }
    };
    Ok(Html(page("Calendar feed", body).into_string()))
}

async fn revoke_feed(viewer: Viewer) -> Result<Redirect, WebError> {
    viewer
        .with_store(|store| Ok(keel_app::calendar::revoke_feed(store).map(|_| ())?))
        .await?;
    Ok(Redirect::to("/settings"))
}
