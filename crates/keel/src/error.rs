//! Exit codes: 2 for input the user can fix (nothing was changed), 1 for
//! failures. Invalid input is recognised by its type anywhere in the chain.

use std::process::ExitCode;

use keel_core::InputError;

/// Input rejected before anything was written; exits with code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(pub String);

/// Shorthand for returning invalid input from a command.
pub fn invalid(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(Invalid(message.into()))
}

pub fn is_invalid_input(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause.is::<Invalid>()
            || cause.is::<InputError>()
            || matches!(
                cause.downcast_ref::<keel_app::Error>(),
                Some(keel_app::Error::Invalid(_) | keel_app::Error::NotFound(_))
            )
    })
}

pub fn report(err: &anyhow::Error) -> ExitCode {
    eprintln!("error: {err:#}");
    if is_invalid_input(err) {
        eprintln!("nothing was changed.");
        ExitCode::from(2)
    } else {
        ExitCode::from(1)
    }
}
