//! Every integration test of keel, in one binary (one link, one
//! process): each file here is a module, and the shared helpers are
//! declared once below.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

mod accounts;
mod assess;
mod calendar;
mod checkin;
mod drift;
mod exercises;
mod export;
mod go;
mod history;
mod history_import;
mod household;
mod import;
mod log;
mod makeup;
mod migrate_data;
mod onboard;
mod outcomes;
mod plan;
mod progress;
mod retest_loop;
mod safety;
mod same_outcome;
mod serve;
mod serve_ops;
mod serve_tls;
mod today_loop;
mod token_expiry;
mod units;
mod why;
