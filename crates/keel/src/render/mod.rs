//! Terminal rendering shared by commands.

pub mod session;
