//! Every wrong answer of a long form at once, each beside its control: the
//! onboarding form is shown again with what was typed, a summary at the top
//! linking to each problem, and `aria-invalid`/`aria-describedby` on the
//! controls so a screen reader reads the message with the field.

use keel_core::InputError;
use maud::{Markup, html};

/// The problems of one posted form, by control id, in the form's order.
#[derive(Debug, Default)]
pub struct Problems(Vec<(String, String)>);

impl Problems {
    /// Records `err` against the control (or group) with id `id`.
    pub fn add(&mut self, id: impl Into<String>, err: &InputError) {
        self.0.push((id.into(), err.to_string()));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    fn of(&self, id: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == id)
            .map(|(_, m)| m.as_str())
    }

    /// `aria-invalid` for the control `id`: `Some("true")` when it has a problem.
    pub fn invalid(&self, id: &str) -> Option<&'static str> {
        self.of(id).map(|_| "true")
    }

    /// `aria-describedby` for the control `id`: its help text (if any) and
    /// its problem (if any).
    pub fn described_by(&self, id: &str, help: Option<&str>) -> Option<String> {
        let error = self.of(id).map(|_| error_id(id));
        match (help, error) {
            (Some(h), Some(e)) => Some(format!("{h} {e}")),
            (Some(h), None) => Some(h.to_string()),
            (None, Some(e)) => Some(e),
            (None, None) => None,
        }
    }

    /// The message beside the control `id`, or nothing.
    pub fn note(&self, id: &str) -> Markup {
        html! {
            @if let Some(message) = self.of(id) {
                p.field-error id=(error_id(id)) { (message) }
            }
        }
    }

    /// The summary at the top of the form: every problem, linked to its field.
    pub fn summary(&self) -> Markup {
        html! {
            @if !self.is_empty() {
                section.notice.error role="alert" aria-labelledby="problems-h" {
                    h2 #problems-h {
                        @if self.len() == 1 { "Please check 1 answer" }
                        @else { "Please check " (self.len()) " answers" }
                    }
                    p { "Nothing was changed. Everything you typed is still in the form below." }
                    ul {
                        @for (id, message) in &self.0 {
                            li { a href=(format!("#{id}")) { (message) } }
                        }
                    }
                }
            }
        }
    }
}

/// The id of the message beside control `id`.
pub fn error_id(id: &str) -> String {
    format!("{id}-error")
}
