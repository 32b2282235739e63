//! One athlete at a glance for the coach pages: the same summary the coach
//! API answers with, defined once in [`crate::api::summary`].

pub use crate::api::summary::{CoachSettings, Overview, Summary, summarize};
