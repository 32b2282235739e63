//! `keel assess` (stub).

use std::process::ExitCode;

use crate::context::Ctx;

#[derive(Debug, Default, clap::Args)]
pub struct AssessArgs {}

pub fn run(_ctx: &mut Ctx, _args: AssessArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not yet implemented")
}
