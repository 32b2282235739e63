//! `keel exercises` and `keel exercise ID` (stub).

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ExercisesArgs {}

#[derive(Debug, clap::Args)]
pub struct ExerciseArgs {}

pub fn list(_args: ExercisesArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not yet implemented")
}

pub fn show(_args: ExerciseArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not yet implemented")
}
