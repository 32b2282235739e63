//! `keel why` (stub: being written).

use std::process::ExitCode;

use crate::context::Ctx;

#[derive(Debug, Default, clap::Args)]
pub struct WhyArgs {}

pub fn run(_ctx: &mut Ctx, _args: WhyArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not yet implemented")
}
