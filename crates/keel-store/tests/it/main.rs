//! Every integration test of keel-store, in one binary (one link, one
//! process): each file here is a module, and the shared helpers are
//! declared once below.

mod backup;
mod conformance;
mod household;
mod import;
mod sqlite;
mod training_log;
