//! The `keel` binary: a thin shell that parses the command line, reads the
//! store, hands plain values to keel-core and renders what it decided.

mod cli;
mod cmd;
mod context;
mod error;
mod prompt;
mod render;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cmd::run(cli) {
        Ok(code) => code,
        Err(err) => error::report(&err),
    }
}
