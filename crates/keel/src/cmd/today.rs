//! `keel today` (stub).

use std::process::ExitCode;

use crate::context::Ctx;

#[derive(Debug, Default, clap::Args)]
pub struct TodayArgs {}

pub fn run(_ctx: &mut Ctx, _args: TodayArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not yet implemented")
}
