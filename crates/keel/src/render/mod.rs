//! Terminal rendering shared by commands.

pub mod decision;
pub mod history;
pub mod session;
