//! Every integration test of keel-store-postgres, in one binary (one link, one
//! process): each file here is a module, and the shared helpers are
//! declared once below.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

mod accounts;
mod coaching;
mod conformance;
mod postgres;
mod roles;
mod token_expiry;
