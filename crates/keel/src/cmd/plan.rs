//! `keel plan` (stub).

use std::process::ExitCode;

use crate::context::Ctx;

#[derive(Debug, Default, clap::Args)]
pub struct PlanArgs {}

pub fn run(_ctx: &mut Ctx, _args: PlanArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not yet implemented")
}
