//! `/settings`: every plan and engine setting with its range, default and
//! meaning, editable (like `keel settings`), and the profile, editable
//! (like `keel profile`). Every posted value is validated before anything is
//! saved; one wrong value changes nothing.

use axum::extract::Form;
use axum::response::{Html, Redirect};
use keel_app::settings::{all_rows, with_plan};
use keel_core::InputError;
use keel_store::Write;
use maud::html;

use super::profile_form::{parse_profile, profile_fields};
use crate::error::WebError;
use crate::forms::Fields;
use crate::layout::page;
use crate::routes::Routes;
use crate::viewer::Viewer;

pub fn routes() -> Routes {
    Routes::new()
        .get("/settings", show)
        .post("/settings", save_settings)
        .post("/settings/profile", save_profile)
}

async fn show(viewer: Viewer) -> Result<Html<String>, WebError> {
    let (plan, engine, profile) = viewer
        .with_store(|s| {
            let plan = s.settings()?;
            let engine = keel_app::settings::engine_settings(s)?;
            Ok((plan, engine, s.profile()?))
        })
        .await?;
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
            let mut plan = store.settings()?;
            let mut engine = keel_app::settings::engine_settings(store)?;
            let plan_keys: Vec<&str> = plan.describe().iter().map(|r| r.key).collect();
            for (key, value) in &f.0 {
                if plan_keys.contains(&key.as_str()) {
                    plan.set(key, value)?;
                } else {
                    engine.set(key, value).map_err(|e| {
                        if e.field == "setting" {
                            InputError::new(key.clone(), "not a setting Keel knows")
                        } else {
                            e
                        }
                    })?;
                }
            }
            // The shared numbers must still agree with the engine's rules.
            let engine = with_plan(engine, &plan);
            engine.validate()?;
            store.apply(vec![
                Write::SaveSettings(plan),
                Write::SaveEngineSettings(engine),
            ])?;
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
            store.apply(vec![Write::SaveProfile(profile)])?;
            Ok(())
        })
        .await?;
    Ok(Redirect::to("/settings"))
}
