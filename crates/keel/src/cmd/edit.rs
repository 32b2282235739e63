//! `keel edit` and `keel delete` (stub: being written).

use std::process::ExitCode;

use crate::context::Ctx;

#[derive(Debug, Default, clap::Args)]
pub struct EditArgs {}

#[derive(Debug, Default, clap::Args)]
pub struct DeleteArgs {}

pub fn edit(_ctx: &mut Ctx, _args: EditArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not yet implemented")
}

pub fn delete(_ctx: &mut Ctx, _args: DeleteArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not yet implemented")
}
