//! `keel profile` (stub).

use std::process::ExitCode;

use crate::context::Ctx;

#[derive(Debug, Default, clap::Args)]
pub struct ProfileArgs {}

pub fn run(_ctx: &mut Ctx, _args: ProfileArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not yet implemented")
}
