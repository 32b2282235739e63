//! Keel's file formats. Parsing and rendering only: these functions take and
//! return plain values and bytes; the binary reads files and talks to the store.

pub mod charts;
pub mod export;
pub mod import;
pub mod report;
