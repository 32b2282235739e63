//! A change of one or several settings, checked as a whole before anything
//! is saved: `keel settings set`, the settings page, the athlete's own
//! `PATCH /api/v1/settings`, a coach's
//! `PATCH /api/v1/coach/athletes/{name}/settings` and the coach's settings
//! form all go through [`prepare`] (or [`reset`]; a coach's through
//! [`by_coach`]), so the same values are refused the same way everywhere.

use super::{all_rows, engine_settings, with_plan};
use keel_core::InputError;
use keel_core::engine::EngineSettings;
use keel_core::settings::PlanSettings;
use keel_store::accounts::ChangedSetting;
use keel_store::{Accounts, Store, UserId, Write};
use serde::Serialize;

/// One setting's value before and after the change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Changed {
    pub key: String,
    pub old: i64,
    pub new: i64,
}

/// The settings after a change, valid as a whole, not saved yet.
#[derive(Debug, Clone)]
pub struct SettingsUpdate {
    plan: PlanSettings,
    engine: EngineSettings,
    /// The settings whose value differs, in the order they were given.
    pub changed: Vec<Changed>,
}

impl SettingsUpdate {
    /// The store writes that save it (one batch, so all or nothing).
    pub fn writes(&self) -> Vec<Write> {
        vec![
            Write::SaveSettings(self.plan.clone()),
            Write::SaveEngineSettings(self.engine.clone()),
        ]
    }

    /// Saves it (one batch: all or nothing).
    pub fn save(&self, store: &mut dyn Store) -> crate::Result<()> {
        Ok(store.apply(self.writes())?)
    }

    /// The record of who changed what a coach's change is kept with.
    fn records(&self) -> Vec<ChangedSetting> {
        self.changed
            .iter()
            .map(|c| ChangedSetting {
                key: c.key.clone(),
                old: c.old.to_string(),
                new: c.new.to_string(),
            })
            .collect()
    }
}

/// A coach's change of an athlete's settings (the coach's form and the
/// coach API): checked as on the athlete's own settings, then saved with
/// the record of who changed what in one transaction, or not at all.
/// Values already in force change nothing and are not recorded.
pub fn by_coach(
    accounts: &dyn Accounts,
    athlete: UserId,
    athletes_store: &dyn Store,
    coach: UserId,
    pairs: &[(String, String)],
) -> crate::Result<SettingsUpdate> {
    let update = prepare(athletes_store, pairs)?;
    if !update.changed.is_empty() {
        accounts.change_settings(athlete, coach, update.writes(), &update.records())?;
    }
    Ok(update)
}

/// `pairs` (key, value as typed) applied to the store's settings. The
/// result must be valid as a whole, whatever order the pairs come in: a
/// pair refused only by a rule between two settings (pain-green-max below
/// pain-amber-max, say) is tried again once the others are in. An error
/// names the setting at fault; nothing is written here.
pub fn prepare(store: &dyn Store, pairs: &[(String, String)]) -> crate::Result<SettingsUpdate> {
    let before_plan = store.settings()?;
    let before_engine = engine_settings(store)?;
    let mut plan = before_plan.clone();
    let mut engine = before_engine.clone();
    let plan_keys: Vec<&str> = plan.describe().iter().map(|r| r.key).collect();
    let known: Vec<&str> = all_rows(&plan, &engine).iter().map(|r| r.key).collect();
    if pairs.is_empty() {
        return Err(InputError::new("settings", "give at least one setting to change").into());
    }
    for (i, (key, _)) in pairs.iter().enumerate() {
        if !known.contains(&key.as_str()) {
            return Err(InputError::new(
                key.clone(),
                format!(
                    "{key:?} is not a setting Keel knows; the settings are: {}",
                    known.join(", ")
                ),
            )
            .into());
        }
        if pairs[..i].iter().any(|(k, _)| k == key) {
            return Err(InputError::new(key.clone(), "is given more than once").into());
        }
    }
    let mut pending: Vec<&(String, String)> = pairs.iter().collect();
    while !pending.is_empty() {
        let mut refused = Vec::new();
        let mut first_error = None;
        for pair in &pending {
            let (key, value) = pair;
            let set = if plan_keys.contains(&key.as_str()) {
                plan.set(key, value)
            } else {
                engine.set(key, value)
            };
            if let Err(e) = set {
                first_error.get_or_insert(e);
                refused.push(*pair);
            }
        }
        if let Some(error) = first_error
            && refused.len() == pending.len()
        {
            // No pair went in this round: none will in the next.
            return Err(error.into());
        }
        pending = refused;
    }
    // The numbers the plan shares with the engine must still fit its rules.
    let engine = with_plan(engine, &plan);
    engine.validate()?;
    let value_of = |plan: &PlanSettings, engine: &EngineSettings, key: &str| {
        all_rows(plan, engine)
            .into_iter()
            .find(|r| r.key == key)
            .map_or(0, |r| r.value)
    };
    let changed = pairs
        .iter()
        .map(|(key, _)| Changed {
            key: key.clone(),
            old: value_of(&before_plan, &before_engine, key),
            new: value_of(&plan, &engine, key),
        })
        .filter(|c| c.old != c.new)
        .collect();
    Ok(SettingsUpdate {
        plan,
        engine,
        changed,
    })
}

/// Every setting back to its documented default.
pub fn reset(store: &dyn Store) -> crate::Result<SettingsUpdate> {
    let before_plan = store.settings()?;
    let before_engine = engine_settings(store)?;
    let plan = PlanSettings::default();
    let engine = with_plan(EngineSettings::default(), &plan);
    let after = all_rows(&plan, &engine);
    let changed = all_rows(&before_plan, &before_engine)
        .into_iter()
        .zip(after)
        .filter(|(old, new)| old.value != new.value)
        .map(|(old, new)| Changed {
            key: old.key.to_string(),
            old: old.value,
            new: new.value,
        })
        .collect();
    Ok(SettingsUpdate {
        plan,
        engine,
        changed,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use keel_store::SqliteStore;

    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect()
    }

    fn field(err: crate::Error) -> String {
        match err {
            crate::Error::Invalid(input) => input.field,
            other => panic!("expected invalid input, got {other:?}"),
        }
    }

    #[test]
    fn two_settings_bound_by_a_rule_move_together_in_either_order() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let green_at_four = prepare(&store, &pairs(&[("pain-green-max", "4")])).unwrap();
        store.apply(green_at_four.writes()).unwrap();
        // Amber cannot drop to 3 while green is 4: it goes in once green is 2.
        for list in [
            [("pain-amber-max", "3"), ("pain-green-max", "2")],
            [("pain-green-max", "2"), ("pain-amber-max", "3")],
        ] {
            let update = prepare(&store, &pairs(&list)).unwrap();
            let keys: Vec<&str> = update.changed.iter().map(|c| c.key.as_str()).collect();
            assert_eq!(keys, [list[0].0, list[1].0]);
            assert_eq!(
                (update.engine.pain_green_max, update.engine.pain_amber_max),
                (2, 3)
            );
        }
        // Alone, amber at 3 is refused, naming it.
        let err = prepare(&store, &pairs(&[("pain-amber-max", "3")])).unwrap_err();
        assert_eq!(field(err), "pain-green-max");
    }

    #[test]
    fn a_bad_pair_is_named_and_unchanged_values_are_not_changes() {
        let store = SqliteStore::open_in_memory().unwrap();
        let plan = PlanSettings::default();
        let same = plan.block_weeks.to_string();
        let update = prepare(
            &store,
            &pairs(&[("block-weeks", &same), ("hold-step", "7")]),
        )
        .unwrap();
        assert_eq!(update.changed.len(), 1);
        assert_eq!(update.changed[0].key, "hold-step");

        let cases: [(&[(&str, &str)], &str); 5] = [
            (&[("block-weeks", "4"), ("hold-step", "lots")], "hold-step"),
            (&[("block-weeks", "99")], "block-weeks"),
            (&[("no-such", "1")], "no-such"),
            (&[("hold-step", "7"), ("hold-step", "8")], "hold-step"),
            (&[], "settings"),
        ];
        for (list, at_fault) in cases {
            let err = prepare(&store, &pairs(list)).unwrap_err();
            assert_eq!(field(err), at_fault, "{list:?}");
        }
    }

    #[test]
    fn a_shared_number_is_checked_against_the_engine_rules() {
        let store = SqliteStore::open_in_memory().unwrap();
        // The shortest hold may not reach the hold ceiling.
        let err = prepare(
            &store,
            &pairs(&[("min-hold", "30"), ("hold-ceiling", "30")]),
        )
        .unwrap_err();
        assert_eq!(field(err), "min-hold");
        prepare(
            &store,
            &pairs(&[("min-hold", "30"), ("hold-ceiling", "40")]),
        )
        .unwrap();
    }
}
