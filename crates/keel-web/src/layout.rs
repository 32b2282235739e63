//! The page shell: one stylesheet, the navigation, readable at arm's length.

use maud::{DOCTYPE, Markup, html};

/// A full page with the shared head and navigation.
pub fn page(title: &str, body: Markup) -> Markup {
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
                }
                main #main { (body) }
            }
        }
    }
}
