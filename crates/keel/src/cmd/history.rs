//! `keel history` (stub: being written).

use std::process::ExitCode;

use crate::context::Ctx;

#[derive(Debug, Default, clap::Args)]
pub struct HistoryArgs {}

pub fn run(_ctx: &mut Ctx, _args: HistoryArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not yet implemented")
}
