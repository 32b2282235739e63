//! Every integration test of keel-store, in one binary (one link, one
//! process): each file here is a module, and the shared helpers are
//! declared once below.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod backup;
mod conformance;
mod household;
mod import;
mod sqlite;
mod training_log;
