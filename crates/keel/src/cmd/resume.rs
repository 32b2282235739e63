//! `keel resume` (stub).

use std::process::ExitCode;

use crate::context::Ctx;

#[derive(Debug, Default, clap::Args)]
pub struct ResumeArgs {}

pub fn run(_ctx: &mut Ctx, _args: ResumeArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not yet implemented")
}
