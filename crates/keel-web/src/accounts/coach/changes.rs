//! The record of settings changes: shown to the coach on the athlete's page
//! and to the athlete at `GET /settings/changes`, so an athlete always sees
//! who changed their numbers.

use axum::extract::State;
use axum::response::Html;
use keel_store_postgres::SettingsChange;
use maud::{Markup, html};

use super::{account, backend, blocking};
use crate::error::WebError;
use crate::layout;
use crate::state::AppState;
use crate::viewer::Viewer;

/// The changes, newest first.
pub fn list(changes: &[SettingsChange]) -> Markup {
    html! {
        section.card aria-labelledby="changes-h" {
            h2 #changes-h { "Changes made" }
            @if changes.is_empty() {
                p { "No setting was changed by a coach yet." }
            } @else {
                ul.changes {
                    @for c in changes.iter().rev() {
                        li {
                            (c.at.strftime("%Y-%m-%d %H:%M UTC")) ": "
                            strong { (c.changed_by.as_deref().unwrap_or("a deleted account")) }
                            " changed " code { (c.key) } " from " (c.old) " to " (c.new)
                        }
                    }
                }
            }
        }
    }
}

/// The signed-in athlete's own record.
pub async fn mine(State(state): State<AppState>, viewer: Viewer) -> Result<Html<String>, WebError> {
    let me = account(&viewer)?;
    let backend = backend(&state)?;
    let changes = blocking(move || Ok(backend.settings_changes(me.id)?)).await?;
    let body = html! {
        h1 { "Changes to your settings" }
        p { a href="/settings" { "Your settings" } }
        (list(&changes))
    };
    Ok(Html(
        layout::page("Changes to your settings", body).into_string(),
    ))
}
