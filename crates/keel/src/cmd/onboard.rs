//! `keel onboard` (stub).

use std::process::ExitCode;

use crate::context::Ctx;

#[derive(Debug, Default, clap::Args)]
pub struct OnboardArgs {}

pub fn run(_ctx: &mut Ctx, _args: OnboardArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not yet implemented")
}
