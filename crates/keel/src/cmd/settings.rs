//! `keel settings`: every design-choice number of the method, viewable and changeable.

use std::process::ExitCode;

use clap::Subcommand;
use keel_core::settings::PlanSettings;
use keel_store::{Store, Write};

use crate::context::Ctx;

#[derive(Debug, Default, clap::Args)]
pub struct SettingsArgs {
    #[command(subcommand)]
    pub action: Option<SettingsAction>,
    /// Print the settings as JSON
    #[arg(long, global = true)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum SettingsAction {
    /// Change one setting, e.g. `keel settings set block-weeks 4`
    Set {
        key: String,
        #[arg(allow_negative_numbers = true)]
        value: String,
    },
    /// Put every setting back to its documented default
    Reset,
}

pub fn run(ctx: &mut Ctx, args: SettingsArgs) -> anyhow::Result<ExitCode> {
    let mut settings = ctx.store.settings()?;
    match args.action {
        None => {}
        Some(SettingsAction::Set { key, value }) => {
            settings.set(&key, &value)?;
            ctx.store
                .apply(vec![Write::SaveSettings(settings.clone())])?;
            eprintln!("{key} = {value}. Run `keel plan --new` to rebuild your plan with it.");
        }
        Some(SettingsAction::Reset) => {
            settings = PlanSettings::default();
            ctx.store
                .apply(vec![Write::SaveSettings(settings.clone())])?;
            eprintln!("Settings reset to their defaults.");
        }
    }
    let rows = settings.describe();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(ExitCode::SUCCESS);
    }
    for row in rows {
        let changed = if row.value == row.default { " " } else { "*" };
        println!(
            "{changed}{:<13} {:>4}  (default {}, range {}-{})  {}",
            row.key, row.value, row.default, row.min, row.max, row.meaning
        );
    }
    Ok(ExitCode::SUCCESS)
}
