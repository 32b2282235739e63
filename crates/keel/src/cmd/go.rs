//! `keel go` (stub: being written).

use std::process::ExitCode;

use crate::context::Ctx;

#[derive(Debug, Default, clap::Args)]
pub struct GoArgs {}

pub fn run(_ctx: &mut Ctx, _args: GoArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not yet implemented")
}
