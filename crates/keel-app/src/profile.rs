//! Profile answers shared by `keel onboard`/`keel profile` and the web
//! forms: where a new user starts, and the free-text parts checked the same
//! way in both (the typed fields parse with keel_core::profile).

use keel_core::InputError;
use keel_core::catalog::Equipment;
use keel_core::measure::Pain;
use keel_core::profile::{Profile, TrainingAge, TrainingDays};

/// Longest name kept; the rest is cut, not refused.
pub const NAME_MAX_CHARS: usize = 100;

/// Training days a week a new user starts with, until they choose.
const STARTING_DAYS_PER_WEEK: u8 = 3;

/// The profile a new user starts from before answering anything.
pub fn starting_profile() -> Profile {
    Profile {
        name: None,
        sex: None,
        training_age: TrainingAge::Novice,
        training_days: TrainingDays::spread(STARTING_DAYS_PER_WEEK)
            .unwrap_or_else(|_| unreachable!("3 days a week is valid")),
        light_days: false,
        equipment: Vec::new(),
        pain_now: Pain::saturating(0),
        units: Default::default(),
        inventory: Default::default(),
    }
}

/// A name as typed: trimmed, blank for none, at most [`NAME_MAX_CHARS`].
pub fn name(text: &str) -> Option<String> {
    let name = text.trim();
    (!name.is_empty()).then(|| name.chars().take(NAME_MAX_CHARS).collect())
}

/// Equipment items (blank ones skipped), sorted without repeats; a lone
/// "none" is no equipment.
pub fn equipment<'a>(
    items: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<Equipment>, InputError> {
    let items: Vec<&str> = items
        .into_iter()
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .collect();
    if let [only] = items.as_slice()
        && only.eq_ignore_ascii_case("none")
    {
        return Ok(Vec::new());
    }
    let mut list = items
        .into_iter()
        .map(Equipment::parse)
        .collect::<Result<Vec<_>, _>>()?;
    list.sort();
    list.dedup();
    Ok(list)
}

/// `dowel,bench` or `none`.
pub fn equipment_list(text: &str) -> Result<Vec<Equipment>, InputError> {
    equipment(text.split(','))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_capped_and_blank_is_none() {
        assert_eq!(name("  Ann "), Some("Ann".to_string()));
        assert_eq!(name("   "), None);
        let long = "x".repeat(NAME_MAX_CHARS + 5);
        assert_eq!(name(&long).map(|n| n.chars().count()), Some(NAME_MAX_CHARS));
    }

    #[test]
    fn equipment_is_sorted_once_each_and_none_is_empty() {
        let list = equipment_list("bench, dowel,bench,").unwrap();
        assert_eq!(list, equipment_list("dowel,bench").unwrap());
        assert_eq!(list.len(), 2);
        assert!(equipment_list("none").unwrap().is_empty());
        assert!(equipment_list("").unwrap().is_empty());
        let err = equipment_list("dowel,anvil").unwrap_err();
        assert!(err.to_string().contains("anvil"), "{err}");
    }

    #[test]
    fn a_new_user_starts_as_a_novice_training_three_days() {
        let p = starting_profile();
        assert_eq!(p.training_age, TrainingAge::Novice);
        assert_eq!(p.training_days.len(), usize::from(STARTING_DAYS_PER_WEEK));
    }
}
