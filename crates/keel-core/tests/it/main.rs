//! Every integration test of keel-core, in one binary (one link, one
//! process): each file here is a module, and the shared helpers are
//! declared once below.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod chain_sim;
mod sim;

mod analytics;
mod banister;
mod chain_state;
mod engine_props;
mod engine_sim;
mod makeup;
mod program;
mod training;
mod week_forms;
