//! Every integration test of keel-io, in one binary (one link, one
//! process): each file here is a module, and the shared helpers are
//! declared once below.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod charts;
mod export;
mod import;
mod report;
