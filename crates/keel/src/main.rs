//! The `keel` binary: a thin shell that parses the command line, reads the
//! store, hands plain values to keel-core and renders what it decided.

mod cli;
mod cmd;
mod context;
mod error;
mod output;
mod prompt;
mod render;
mod screen;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc rather than glibc's malloc: under load, allocating and freeing
/// across the server's many threads took a tenth of the machine's CPU.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let cli = cli::Cli::parse();
    match cmd::run(cli) {
        Ok(code) => code,
        Err(err) => error::report(&err),
    }
}

/// `keel plan --weeks | head` closes stdout early; Rust's print macros then
/// panic. Treat that as the reader being done, not as a crash.
fn quiet_on_closed_pipe() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.contains("Broken pipe") {
            std::process::exit(0);
        }
        default_hook(info);
    }));
}
