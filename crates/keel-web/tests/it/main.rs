//! Every integration test of keel-web, in one binary (one link, one
//! process): each file here is a module, and the shared helpers are
//! declared once below.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

mod accounts;
mod api;
mod api_actions;
mod api_admin;
mod api_coach;
mod api_document;
mod api_example;
mod api_more;
mod browser;
mod calendar;
mod coach;
mod hosts;
mod idempotency;
mod limits;
mod matrix;
mod pages;
mod probes;
mod roles;
mod security;
mod server;
mod tls;
mod today_kept;
mod today_notices;
mod workout;
