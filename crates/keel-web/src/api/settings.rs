//! `GET /api/v1/settings` and `PATCH /api/v1/settings`: every plan and
//! engine setting with its value, default, range and meaning, as the
//! settings page shows them; a change of one or several, checked as a whole
//! and saved all or nothing ([`keel_app::settings::change`]).

use keel_app::settings::change::{self as setting_change, Changed};
use keel_app::settings::{all_rows, engine_settings};
use keel_core::engine::EngineSettings;
use keel_core::settings::PlanSettings;
use keel_store::Store;
use serde::Serialize;
use serde_json::{Map, Value};

use super::error::{ApiError, Json};
use super::viewer::ApiViewer;

/// One setting as the settings page shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SettingRow {
    pub key: &'static str,
    /// `plan`: applies to the next plan version; `engine`: applies at once.
    pub scope: &'static str,
    pub value: i64,
    pub default: i64,
    pub min: i64,
    pub max: i64,
    pub description: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Settings {
    pub settings: Vec<SettingRow>,
}

/// What a change did: every setting as it now is, and what moved.
#[derive(Debug, Serialize)]
pub struct SettingsChanged {
    pub settings: Vec<SettingRow>,
    /// The settings whose value changed, old and new; empty when every
    /// value given was already in force.
    pub changed: Vec<ChangedRow>,
}

/// One setting's value before and after a change.
#[derive(Debug, Serialize)]
pub struct ChangedRow {
    pub key: String,
    pub old: i64,
    pub new: i64,
}

impl From<Changed> for ChangedRow {
    fn from(c: Changed) -> ChangedRow {
        ChangedRow {
            key: c.key,
            old: c.old,
            new: c.new,
        }
    }
}

/// Every setting once (the plan's, then the engine's own).
pub fn rows(plan: &PlanSettings, engine: &EngineSettings) -> Vec<SettingRow> {
    let plan_keys: Vec<&str> = plan.describe().iter().map(|r| r.key).collect();
    all_rows(plan, engine)
        .into_iter()
        .map(|r| SettingRow {
            key: r.key,
            scope: if plan_keys.contains(&r.key) {
                "plan"
            } else {
                "engine"
            },
            value: r.value,
            default: r.default,
            min: r.min,
            max: r.max,
            description: r.meaning,
        })
        .collect()
}

/// The settings in force in `store`.
pub fn current(store: &dyn Store) -> keel_app::Result<Vec<SettingRow>> {
    let plan = store.settings()?;
    let engine = engine_settings(store)?;
    Ok(rows(&plan, &engine))
}

/// A PATCH body (`{"block-weeks": 4, "hold-step": 7}`) as (key, value)
/// pairs; a value that is not a whole number is refused naming its key.
pub fn pairs(body: Map<String, Value>) -> Result<Vec<(String, String)>, ApiError> {
    if body.is_empty() {
        return Err(ApiError::invalid(
            "settings",
            "give at least one setting to change, as {\"key\": value}",
        ));
    }
    body.into_iter()
        .map(|(key, value)| match value.as_i64() {
            Some(n) => Ok((key, n.to_string())),
            None => Err(ApiError::invalid(
                key.clone(),
                format!("{key} must be a whole number, got {value}"),
            )),
        })
        .collect()
}

/// `GET /api/v1/settings`.
pub async fn show(viewer: ApiViewer) -> Result<axum::Json<Settings>, ApiError> {
    let settings = viewer.with_store(|store| Ok(current(store)?)).await?;
    Ok(axum::Json(Settings { settings }))
}

/// `PATCH /api/v1/settings`: the signed-in user's own settings.
pub async fn update(
    viewer: ApiViewer,
    Json(body): Json<Map<String, Value>>,
) -> Result<axum::Json<SettingsChanged>, ApiError> {
    let pairs = pairs(body)?;
    let answer = viewer
        .with_store(move |store| {
            let update = setting_change::prepare(store, &pairs)?;
            if !update.changed.is_empty() {
                update.save(store)?;
            }
            Ok(SettingsChanged {
                settings: current(store)?,
                changed: update.changed.into_iter().map(ChangedRow::from).collect(),
            })
        })
        .await?;
    Ok(axum::Json(answer))
}
