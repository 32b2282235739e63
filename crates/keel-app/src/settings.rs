//! The engine settings in force: the user's, with the numbers shared with
//! the plan (shortest hold, hold ceiling, deload cut and load share) taken from the plan
//! settings, so the program and the engine always agree.

pub mod change;

use keel_core::engine::EngineSettings;
use keel_core::settings::{PlanSettings, SettingInfo};
use keel_store::Store;

/// The engine settings in force, in the athlete's unit (the profile's; kg
/// before there is a profile).
pub fn engine_settings(store: &dyn Store) -> crate::Result<EngineSettings> {
    let plan = store.settings()?;
    let stored = store.engine_settings()?.unwrap_or_default();
    let units = store.profile()?.map(|p| p.units).unwrap_or_default();
    Ok(with_plan(stored, &plan).in_units(units))
}

pub fn with_plan(engine: EngineSettings, plan: &PlanSettings) -> EngineSettings {
    EngineSettings {
        hold_ceiling_seconds: plan.hold_ceiling_seconds,
        min_hold_seconds: plan.min_hold_seconds,
        deload_cut_percent: plan.deload_cut_percent,
        deload_load_share_percent: plan.deload_load_share_percent,
        ..engine
    }
}

/// Every setting once: the plan's, then the engine's own (the numbers both
/// use live in the plan settings only).
pub fn all_rows(plan: &PlanSettings, engine: &EngineSettings) -> Vec<SettingInfo> {
    let mut rows = plan.describe();
    let shared: Vec<&str> = rows.iter().map(|r| r.key).collect();
    rows.extend(
        engine
            .describe()
            .into_iter()
            .filter(|r| !shared.contains(&r.key)),
    );
    rows
}
