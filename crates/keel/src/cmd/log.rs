//! `keel log` (stub: being written).

use std::process::ExitCode;

use crate::context::Ctx;

#[derive(Debug, Default, clap::Args)]
pub struct LogArgs {}

pub fn run(_ctx: &mut Ctx, _args: LogArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not yet implemented")
}
