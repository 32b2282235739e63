//! The page shell: one stylesheet, the navigation, readable at arm's length.
//!
//! On the server the header also names the signed-in account. That name is
//! set once per request (by the session middleware) in a task-local, so the
//! many pages and error pages that build a shell need not each be handed it.

use std::future::Future;

use maud::{DOCTYPE, Markup, html};

tokio::task_local! {
    static SIGNED_IN_AS: String;
}

/// Runs `future` (the rest of a request) with `name` shown as signed in.
#[cfg_attr(not(feature = "postgres"), allow(dead_code))]
pub async fn signed_in_as<F: Future>(name: String, future: F) -> F::Output {
    SIGNED_IN_AS.scope(name, future).await
}

/// A full page with the shared head and navigation.
pub fn page(title: &str, body: Markup) -> Markup {
    let account = SIGNED_IN_AS.try_with(Clone::clone).ok();
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light dark";
                title { (title) " - Keel" }
                link rel="stylesheet" href="/assets/style.css";
            }
            body {
                a.skip href="#main" { "Skip to content" }
                header {
                    nav aria-label="Main" {
                        a href="/" { "Today" }
                        a href="/plan" { "Plan" }
                        a href="/progress" { "Progress" }
                        a href="/history" { "History" }
                        a href="/checkin" { "Check-in" }
                        a href="/settings" { "Settings" }
                    }
                    @if let Some(name) = account {
                        div.account {
                            span { "Signed in as " strong { (name) } }
                            " · "
                            form method="post" action="/logout" {
                                button.link type="submit" { "Log out" }
                            }
                        }
                    }
                }
                main #main { (body) }
            }
        }
    }
}
