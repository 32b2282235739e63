//! `keel settings`: every design-choice number of the method, viewable and
//! changeable. Plan settings shape program generation; engine settings shape
//! progression and regression. The few numbers both use (shortest hold, hold
//! ceiling, deload cut) live in the plan settings only.

use std::process::ExitCode;

use clap::Subcommand;
use keel_app::settings::{all_rows, change, engine_settings};
use keel_store::Store;

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
    match args.action {
        None => {}
        Some(SettingsAction::Set { key, value }) => {
            change::prepare(&ctx.store, &[(key.clone(), value.clone())])?.save(&mut ctx.store)?;
            eprintln!(
                "{key} = {value}. Plan settings apply to the next `keel plan --new`; engine settings apply at once."
            );
        }
        Some(SettingsAction::Reset) => {
            change::reset(&ctx.store)?.save(&mut ctx.store)?;
            eprintln!("Settings reset to their defaults.");
        }
    }
    let rows = all_rows(&ctx.store.settings()?, &engine_settings(&ctx.store)?);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(ExitCode::SUCCESS);
    }
    for row in rows {
        let changed = if row.value == row.default { " " } else { "*" };
        println!(
            "{changed}{:<24} {:>6}  (default {}, range {}-{})  {}",
            row.key, row.value, row.default, row.min, row.max, row.meaning
        );
    }
    Ok(ExitCode::SUCCESS)
}
