//! Profile answers shared by `keel onboard`/`keel profile` and the web
//! forms: where a new user starts, and the free-text parts checked the same
//! way in both (the typed fields parse with keel_core::profile).

use keel_core::InputError;
use keel_core::catalog::{
    Dumbbells, Equipment, Inventory, default_barbell, default_dumbbells, default_kettlebells,
    default_plate,
};
use keel_core::measure::Pain;
use keel_core::profile::{Profile, TrainingAge, TrainingDays};
use keel_core::units::Units;
use keel_store::{Store, Write};

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

/// The athlete's unit of mass (kg before there is a profile): what a bare
/// load typed on any front end means and how every load is shown.
pub fn units(store: &dyn Store) -> keel_store::Result<Units> {
    Ok(store.profile()?.map(|p| p.units).unwrap_or_default())
}

/// Stores `writes` (a changed profile among them) in one batch. When the
/// unit changed and there is a plan, the stored decisions are stored again
/// (through [`crate::journal::commit`]), so their reasons read in the new
/// unit as `keel why` and the pages already do.
pub fn save(store: &mut dyn Store, writes: Vec<Write>) -> crate::Result<()> {
    let before = units(store)?;
    let after = writes.iter().rev().find_map(|w| match w {
        Write::SaveProfile(p) => Some(p.units),
        _ => None,
    });
    if after.is_some_and(|u| u != before) && store.current_plan()?.is_some() {
        crate::journal::commit(store, writes)?;
    } else {
        store.apply(writes)?;
    }
    Ok(())
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

/// A piece of equipment that comes in sizes (docs/method.md §5.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    /// Kettlebell sizes: `8,12,16`.
    Kettlebells,
    /// A dumbbell run, lightest-heaviest/step: `2-30/2`, or one pair: `10`.
    Dumbbells,
    /// The bar's own mass: `20`.
    Barbell,
    /// The smallest plate, loaded in pairs: `1.25`.
    Plates,
}

impl Piece {
    pub const ALL: [Piece; 4] = [
        Piece::Kettlebells,
        Piece::Dumbbells,
        Piece::Barbell,
        Piece::Plates,
    ];

    /// The field name, as the flags (`--kettlebells`), forms and API use it.
    pub fn field(self) -> &'static str {
        match self {
            Piece::Kettlebells => "kettlebells",
            Piece::Dumbbells => "dumbbells",
            Piece::Barbell => "barbell",
            Piece::Plates => "plates",
        }
    }

    /// The equipment whose presence the sizes are for (plates have none of their own).
    pub fn equipment(self) -> Option<Equipment> {
        match self {
            Piece::Kettlebells => Some(Equipment::Kettlebell),
            Piece::Dumbbells => Some(Equipment::Dumbbell),
            Piece::Barbell => Some(Equipment::Barbell),
            Piece::Plates => None,
        }
    }
}

fn number(piece: Piece, text: &str, units: Units) -> Result<f32, InputError> {
    let text = text.trim();
    let text = text
        .strip_suffix(units.symbol())
        .or_else(|| text.strip_suffix(&format!("{}s", units.symbol())))
        .unwrap_or(text)
        .trim();
    match text.parse::<f64>() {
        // Sizes up to a few hundred of either unit: f32 holds them.
        #[allow(clippy::cast_possible_truncation)]
        Ok(v) if v.is_finite() && (0.0..=1000.0).contains(&v) => Ok(units.to_kg(v) as f32),
        _ => Err(InputError::new(
            piece.field(),
            format!(
                "{text:?} is not a size in {}; give a number",
                units.symbol()
            ),
        )),
    }
}

/// Sets the sizes of `piece` from `text`, typed in the profile's unit. A
/// blank or `default` is the common sizes of the unit; `none` means the
/// piece is not at hand. With `tick`, sizes also put the piece at hand (the
/// flags `--kettlebells 8,12,16`); the forms tick it with a checkbox.
/// Nothing changes on an error, which names the field.
pub fn set_sizes(p: &mut Profile, piece: Piece, text: &str, tick: bool) -> Result<(), InputError> {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    if lower == "none" {
        match piece.equipment() {
            Some(e) => p.equipment.retain(|owned| *owned != e),
            None => {
                return Err(InputError::new(
                    piece.field(),
                    "give the smallest plate you own, or leave it blank for the default",
                ));
            }
        }
        return Ok(());
    }
    let units = p.units;
    // A unit after the whole list (`35, 53 lb`) is the profile's unit.
    let plural = format!("{}s", units.symbol());
    let text = text
        .strip_suffix(plural.as_str())
        .or_else(|| text.strip_suffix(units.symbol()))
        .unwrap_or(text)
        .trim();
    let mut inventory = p.inventory.clone();
    let default = text.is_empty() || lower == "default";
    match piece {
        Piece::Kettlebells => {
            inventory.kettlebells = if default {
                None
            } else {
                let sizes = text
                    .split([',', ' '])
                    .filter(|s| !s.trim().is_empty())
                    .map(|s| number(piece, s, units))
                    .collect::<Result<Vec<f32>, _>>()?;
                Some(sizes)
            };
        }
        Piece::Dumbbells => {
            inventory.dumbbells = if default {
                None
            } else {
                let (range, step) = match text.split_once('/') {
                    Some((range, step)) => (range, Some(number(piece, step, units)?)),
                    None => (text, None),
                };
                let (lightest, heaviest) = match range.split_once('-') {
                    Some((lo, hi)) => (number(piece, lo, units)?, number(piece, hi, units)?),
                    None => {
                        let one = number(piece, range, units)?;
                        (one, one)
                    }
                };
                let step = step.unwrap_or_else(|| default_dumbbells(units).step);
                Some(Dumbbells {
                    lightest,
                    heaviest,
                    step,
                })
            };
        }
        Piece::Barbell => {
            inventory.barbell = if default {
                None
            } else {
                Some(number(piece, text, units)?)
            };
        }
        Piece::Plates => {
            inventory.plate = if default {
                None
            } else {
                Some(number(piece, text, units)?)
            };
        }
    }
    inventory.check()?;
    p.inventory = inventory;
    if tick
        && let Some(e) = piece.equipment()
        && !p.equipment.contains(&e)
    {
        p.equipment.push(e);
        p.equipment.sort();
    }
    Ok(())
}

/// The sizes of `piece` as typed back in the profile's unit (`8, 12, 16`,
/// `2-30/2`), or blank when they are the unit's defaults.
pub fn sizes_text(p: &Profile, piece: Piece) -> String {
    sizes_of(&p.inventory, piece, p.units).unwrap_or_default()
}

/// The default sizes of `piece` in `units`, as typed (a form's placeholder).
pub fn default_sizes_text(piece: Piece, units: Units) -> String {
    let defaults = Inventory {
        kettlebells: Some(default_kettlebells(units)),
        dumbbells: Some(default_dumbbells(units)),
        barbell: Some(default_barbell(units)),
        plate: Some(default_plate(units)),
    };
    sizes_of(&defaults, piece, units).unwrap_or_default()
}

fn sizes_of(inventory: &Inventory, piece: Piece, units: Units) -> Option<String> {
    let n = |kg: f32| units.number(kg);
    match piece {
        Piece::Kettlebells => inventory
            .kettlebells
            .as_ref()
            .map(|bells| bells.iter().map(|kg| n(*kg)).collect::<Vec<_>>().join(", ")),
        Piece::Dumbbells => inventory.dumbbells.map(|d| {
            if (d.heaviest - d.lightest).abs() < 0.005 {
                n(d.lightest)
            } else {
                format!("{}-{}/{}", n(d.lightest), n(d.heaviest), n(d.step))
            }
        }),
        Piece::Barbell => inventory.barbell.map(n),
        Piece::Plates => inventory.plate.map(n),
    }
}

/// What the athlete owns, sizes included, in words and the profile's unit:
/// `kettlebell (8, 12, 16 kg), bench`.
pub fn equipment_text(p: &Profile) -> String {
    if p.equipment.is_empty() {
        return "bodyweight only".to_string();
    }
    p.equipment
        .iter()
        .map(|e| {
            let sizes = |piece: Piece| {
                let typed = sizes_text(p, piece);
                let text = if typed.is_empty() {
                    default_sizes_text(piece, p.units)
                } else {
                    typed
                };
                format!("{text} {}", p.units.symbol())
            };
            match e {
                Equipment::Kettlebell => format!("kettlebell ({})", sizes(Piece::Kettlebells)),
                Equipment::Dumbbell => format!("dumbbell ({})", sizes(Piece::Dumbbells)),
                Equipment::Barbell => format!(
                    "barbell ({} bar, {} plates)",
                    sizes(Piece::Barbell),
                    sizes(Piece::Plates)
                ),
                other => other.slug().to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::cast_possible_truncation)]
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
    fn sizes_are_typed_in_the_unit_and_a_flag_ticks_the_piece() {
        let mut p = starting_profile();
        set_sizes(&mut p, Piece::Kettlebells, "8, 12,16", true).unwrap();
        assert_eq!(p.inventory.kettlebells, Some(vec![8.0, 12.0, 16.0]));
        assert!(p.equipment.contains(&Equipment::Kettlebell));
        assert_eq!(sizes_text(&p, Piece::Kettlebells), "8, 12, 16");
        set_sizes(&mut p, Piece::Dumbbells, "2-30/2", true).unwrap();
        assert_eq!(sizes_text(&p, Piece::Dumbbells), "2-30/2");
        set_sizes(&mut p, Piece::Kettlebells, "none", true).unwrap();
        assert!(!p.equipment.contains(&Equipment::Kettlebell));
        set_sizes(&mut p, Piece::Barbell, "default", true).unwrap();
        assert_eq!(p.inventory.barbell, None);
        assert!(p.equipment.contains(&Equipment::Barbell));
    }

    #[test]
    fn a_35_lb_kettlebell_is_stored_as_35_lb_and_shown_as_35_lb() {
        let mut p = starting_profile();
        p.units = Units::Lb;
        set_sizes(&mut p, Piece::Kettlebells, "35,53 lb", true).unwrap();
        let kit = p.kit();
        let bells = [Equipment::Kettlebell];
        assert!(kit.can_make(&bells, Units::Lb.to_kg(35.0) as f32));
        assert_eq!(sizes_text(&p, Piece::Kettlebells), "35, 53");
        assert!(
            equipment_text(&p).contains("kettlebell (35, 53 lb)"),
            "{}",
            equipment_text(&p)
        );
        assert!(default_sizes_text(Piece::Kettlebells, Units::Lb).contains("35, 40"));
    }

    #[test]
    fn bad_sizes_name_the_field_and_change_nothing() {
        let mut p = starting_profile();
        let before = p.clone();
        for (piece, text) in [
            (Piece::Kettlebells, "8,twelve"),
            (Piece::Kettlebells, "8,-4"),
            (Piece::Kettlebells, "8,500"),
            (Piece::Dumbbells, "30-2/2"),
            (Piece::Dumbbells, "2-30/0"),
            (Piece::Barbell, "90"),
            (Piece::Plates, "0"),
            (Piece::Plates, "none"),
        ] {
            let err = set_sizes(&mut p, piece, text, true).unwrap_err();
            assert_eq!(err.field, piece.field(), "{text}: {err}");
            assert_eq!(p, before, "{text}");
        }
    }

    #[test]
    fn a_new_user_starts_as_a_novice_training_three_days() {
        let p = starting_profile();
        assert_eq!(p.training_age, TrainingAge::Novice);
        assert_eq!(p.training_days.len(), usize::from(STARTING_DAYS_PER_WEEK));
    }
}
