//! The page shell: one stylesheet, the navigation, readable at arm's length.
//!
//! On the server the header also names the signed-in account. That name is
//! set once per request (by the session middleware) in a task-local, so the
//! many pages and error pages that build a shell need not each be handed it.

use std::future::Future;

use maud::{DOCTYPE, Markup, html};

/// Who the header shows as signed in.
#[derive(Debug, Clone)]
pub struct Shown {
    pub name: String,
    /// Admins also get the link to reset a password.
    pub admin: bool,
    /// Coaches and admins also get the link to their athletes.
    pub coach: bool,
}

tokio::task_local! {
    static SIGNED_IN_AS: Shown;
}

/// Runs `future` (the rest of a request) with `who` shown as signed in.
#[cfg_attr(not(feature = "postgres"), allow(dead_code))]
pub async fn signed_in_as<F: Future>(who: Shown, future: F) -> F::Output {
    SIGNED_IN_AS.scope(who, future).await
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
                        a href="/outcomes" { "Outcomes" }
                        a href="/settings" { "Settings" }
                    }
                    @if let Some(who) = account {
                        div.account {
                            span { "Signed in as " strong { (who.name) } }
                            @if who.coach {
                                " · "
                                a href="/coach" { "Your athletes" }
                            }
                            " · "
                            a href="/invitations" { "Invitations" }
                            @if who.admin {
                                " · "
                                a href="/admin/users" { "Accounts" }
                                " · "
                                a href="/admin/password" { "Reset a password" }
                            }
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
