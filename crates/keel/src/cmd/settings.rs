//! `keel settings`: every design-choice number of the method, viewable and
//! changeable. Plan settings shape program generation; engine settings shape
//! progression and regression. The few numbers both use (shortest hold, hold
//! ceiling, deload cut) live in the plan settings only.

use std::process::ExitCode;

use clap::Subcommand;
use keel_app::settings::{all_rows, with_plan};
use keel_core::engine::EngineSettings;
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
    let mut plan = ctx.store.settings()?;
    let mut engine = keel_app::settings::engine_settings(&ctx.store)?;
    match args.action {
        None => {}
        Some(SettingsAction::Set { key, value }) => {
            let is_plan_key = plan.describe().iter().any(|r| r.key == key);
            if is_plan_key {
                plan.set(&key, &value)?;
                // The shared numbers must still agree with the engine's rules.
                with_plan(engine.clone(), &plan).validate()?;
                ctx.store.apply(vec![Write::SaveSettings(plan.clone())])?;
            } else {
                engine.set(&key, &value).map_err(|e| {
                    if e.field == "setting" {
                        let keys: Vec<&str> =
                            all_rows(&plan, &engine).iter().map(|r| r.key).collect();
                        keel_core::InputError::new(
                            "setting",
                            format!(
                                "unknown setting {key:?}; known settings: {}",
                                keys.join(", ")
                            ),
                        )
                    } else {
                        e
                    }
                })?;
                ctx.store
                    .apply(vec![Write::SaveEngineSettings(engine.clone())])?;
            }
            eprintln!(
                "{key} = {value}. Plan settings apply to the next `keel plan --new`; engine settings apply at once."
            );
        }
        Some(SettingsAction::Reset) => {
            plan = PlanSettings::default();
            engine = with_plan(EngineSettings::default(), &plan);
            ctx.store.apply(vec![
                Write::SaveSettings(plan.clone()),
                Write::SaveEngineSettings(engine.clone()),
            ])?;
            eprintln!("Settings reset to their defaults.");
        }
    }
    let rows = all_rows(&plan, &with_plan(engine, &plan));
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
