//! `keel settings` (stub).

use std::process::ExitCode;

use crate::context::Ctx;

#[derive(Debug, Default, clap::Args)]
pub struct SettingsArgs {}

pub fn run(_ctx: &mut Ctx, _args: SettingsArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not yet implemented")
}
