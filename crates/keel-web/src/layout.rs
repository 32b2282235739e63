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
    shell(title, body, false)
}

/// A page of the guided session (a set, a rest): the navigation folds
/// into a "Menu" so the timer and its button fill the first screen.
pub fn workout_page(title: &str, body: Markup) -> Markup {
    shell(title, body, true)
}

fn shell(title: &str, body: Markup, folded: bool) -> Markup {
    let account = SIGNED_IN_AS.try_with(Clone::clone).ok();
    let navigation = navigation(account);
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light dark";
                title { (title) " - Keel" }
                meta name="theme-color" content=(crate::assets::THEME_COLOR);
                link rel="stylesheet" href="/assets/style.css";
                link rel="manifest" href="/assets/manifest.webmanifest";
                link rel="icon" href="/favicon.ico" sizes="32x32";
                link rel="apple-touch-icon" href="/assets/icon-192.png";
                script src="/assets/app.js" defer {}
            }
            body class=[folded.then_some("workout")] {
                a.skip href="#main" { "Skip to content" }
                header {
                    @if folded {
                        details.menu {
                            summary { "Menu" }
                            (navigation)
                        }
                    } @else {
                        (navigation)
                    }
                }
                main #main { (body) }
            }
        }
    }
}

/// The main navigation and who is signed in.
fn navigation(account: Option<Shown>) -> Markup {
    html! {
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
}
