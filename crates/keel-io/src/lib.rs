//! Keel's file formats. Parsing and rendering: these functions take and
//! return plain values and bytes; the binary reads files and writes the
//! store. One reads a store: [`export::Snapshot::read`] gathers what an
//! export holds through the `Store` trait's read methods, never writing.

pub mod charts;
pub mod export;
pub mod import;
pub mod report;
