//! `keel checkin` (stub: being written).

use std::process::ExitCode;

use crate::context::Ctx;

#[derive(Debug, Default, clap::Args)]
pub struct CheckinArgs {}

pub fn run(_ctx: &mut Ctx, _args: CheckinArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not yet implemented")
}
