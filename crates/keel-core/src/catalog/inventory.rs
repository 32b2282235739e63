//! What the athlete owns, by size: kettlebells, dumbbells, a barbell and its
//! plates (docs/method.md §5.9). Every load Keel prescribes is one the
//! athlete can make from it.
//!
//! Presence is [`crate::profile::Profile::equipment`], the one list of what
//! is at hand; the [`Inventory`] holds only the sizes, each `None` meaning
//! "the common sizes for the athlete's unit". The two meet in [`Kit`], which
//! the engine and the day's session read.

use serde::{Deserialize, Serialize};

use super::Equipment;
use crate::error::InputError;
use crate::units::Units;

/// The heaviest single piece (a kettlebell, a dumbbell, a bar) Keel accepts, kg.
pub const MAX_PIECE_KG: f32 = 100.0;
/// Most kettlebell sizes one athlete can list.
pub const MAX_KETTLEBELLS: usize = 40;
/// The heaviest barbell load Keel offers, kg (bar and plates).
pub const MAX_BARBELL_KG: f32 = 300.0;
/// Grain of load comparisons, kg: a pound value stored as kilograms still
/// matches the same pound value.
const GRAIN_KG: f32 = 0.005;

/// Common kettlebell sizes, kilograms.
const KETTLEBELLS_KG: [f64; 11] = [
    4.0, 6.0, 8.0, 10.0, 12.0, 14.0, 16.0, 20.0, 24.0, 28.0, 32.0,
];
/// Common kettlebell sizes, pounds.
const KETTLEBELLS_LB: [f64; 12] = [
    10.0, 15.0, 20.0, 25.0, 30.0, 35.0, 40.0, 45.0, 50.0, 53.0, 62.0, 70.0,
];
/// Larger kettlebells sold beyond the defaults, for "what to buy".
const KETTLEBELLS_KG_MORE: [f64; 4] = [36.0, 40.0, 44.0, 48.0];
const KETTLEBELLS_LB_MORE: [f64; 4] = [80.0, 88.0, 97.0, 106.0];

/// A run of dumbbells (or one adjustable pair): `lightest` to `heaviest` in
/// steps of `step`, kilograms.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dumbbells {
    pub lightest: f32,
    pub heaviest: f32,
    pub step: f32,
}

/// The sizes of what the athlete owns, kilograms; `None` is the common
/// sizes in the athlete's unit. Checked on every read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, try_from = "InventoryFile")]
pub struct Inventory {
    /// Kettlebell sizes owned.
    pub kettlebells: Option<Vec<f32>>,
    pub dumbbells: Option<Dumbbells>,
    /// The bar's own mass.
    pub barbell: Option<f32>,
    /// The smallest plate, loaded in pairs (also a sled's step).
    pub plate: Option<f32>,
}

/// An inventory as sent, not yet checked: a request can then refuse a bad
/// size as invalid input naming its field, rather than as unreadable JSON.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InventoryFile {
    kettlebells: Option<Vec<f32>>,
    dumbbells: Option<Dumbbells>,
    barbell: Option<f32>,
    plate: Option<f32>,
}

impl TryFrom<InventoryFile> for Inventory {
    type Error = InputError;
    fn try_from(file: InventoryFile) -> Result<Self, Self::Error> {
        let inventory = Inventory {
            kettlebells: file.kettlebells,
            dumbbells: file.dumbbells,
            barbell: file.barbell,
            plate: file.plate,
        };
        inventory.check()?;
        Ok(inventory)
    }
}

fn piece(field: &str, kg: f32) -> Result<(), InputError> {
    if kg.is_finite() && kg > 0.0 && kg <= MAX_PIECE_KG + GRAIN_KG {
        Ok(())
    } else {
        Err(InputError::new(
            field,
            format!("each size must be above 0 and at most {MAX_PIECE_KG} kg, got {kg}"),
        ))
    }
}

impl Inventory {
    /// Every size in range: pieces above 0 and at most [`MAX_PIECE_KG`],
    /// dumbbells lightest <= heaviest, a bar of 0 (none) to 50 kg, a plate of
    /// 0.25 to 25 kg.
    pub fn check(&self) -> Result<(), InputError> {
        if let Some(bells) = &self.kettlebells {
            if bells.len() > MAX_KETTLEBELLS {
                return Err(InputError::new(
                    "kettlebells",
                    format!("list at most {MAX_KETTLEBELLS} sizes, got {}", bells.len()),
                ));
            }
            for kg in bells {
                piece("kettlebells", *kg)?;
            }
        }
        if let Some(d) = &self.dumbbells {
            piece("dumbbells", d.lightest)?;
            piece("dumbbells", d.heaviest)?;
            if d.heaviest + GRAIN_KG < d.lightest {
                return Err(InputError::new(
                    "dumbbells",
                    "the heaviest must not be lighter than the lightest",
                ));
            }
            if !(d.step.is_finite() && d.step >= 0.25 - GRAIN_KG && d.step <= MAX_PIECE_KG) {
                return Err(InputError::new(
                    "dumbbells",
                    format!("the step must be 0.25 to {MAX_PIECE_KG} kg, got {}", d.step),
                ));
            }
        }
        if let Some(bar) = self.barbell
            && !(bar.is_finite() && (0.0..=50.0 + GRAIN_KG).contains(&bar))
        {
            return Err(InputError::new(
                "barbell",
                format!("the bar must weigh 0 to 50 kg, got {bar}"),
            ));
        }
        if let Some(plate) = self.plate
            && !(plate.is_finite() && (0.25 - GRAIN_KG..=25.0 + GRAIN_KG).contains(&plate))
        {
            return Err(InputError::new(
                "plates",
                format!("the smallest plate must be 0.25 to 25 kg, got {plate}"),
            ));
        }
        Ok(())
    }
}

fn kg_of(units: Units, amount: f64) -> f32 {
    // Sizes are at most a few hundred kilograms, which f32 holds.
    #[allow(clippy::cast_possible_truncation)]
    let kg = units.to_kg(amount) as f32;
    kg
}

/// The common kettlebell sizes in `units`, kilograms.
pub fn default_kettlebells(units: Units) -> Vec<f32> {
    let sizes: &[f64] = match units {
        Units::Kg => &KETTLEBELLS_KG,
        Units::Lb => &KETTLEBELLS_LB,
    };
    sizes.iter().map(|s| kg_of(units, *s)).collect()
}

/// A dumbbell rack: 2-30 kg in 2 kg steps, or 5-75 lb in 5 lb steps.
pub fn default_dumbbells(units: Units) -> Dumbbells {
    let (lightest, heaviest, step) = match units {
        Units::Kg => (2.0, 30.0, 2.0),
        Units::Lb => (5.0, 75.0, 5.0),
    };
    Dumbbells {
        lightest: kg_of(units, lightest),
        heaviest: kg_of(units, heaviest),
        step: kg_of(units, step),
    }
}

/// A 20 kg bar, or a 45 lb one.
pub fn default_barbell(units: Units) -> f32 {
    match units {
        Units::Kg => 20.0,
        Units::Lb => kg_of(units, 45.0),
    }
}

/// 1.25 kg plates, or 2.5 lb ones.
pub fn default_plate(units: Units) -> f32 {
    match units {
        Units::Kg => 1.25,
        Units::Lb => kg_of(units, 2.5),
    }
}

/// What the athlete owns, resolved: presence from the profile's equipment,
/// sizes from the inventory or the unit's defaults. Reads as the owned
/// equipment list where only presence matters.
#[derive(Debug, Clone, PartialEq)]
pub struct Kit {
    owned: Vec<Equipment>,
    units: Units,
    kettlebells: Vec<f32>,
    dumbbells: Vec<f32>,
    barbell: Vec<f32>,
    sled: Vec<f32>,
    /// The dumbbells' step and the plate, for "what to buy".
    dumbbell_step: f32,
    plate: f32,
}

impl std::ops::Deref for Kit {
    type Target = [Equipment];
    fn deref(&self) -> &[Equipment] {
        &self.owned
    }
}

fn run(start: f32, end: f32, step: f32) -> Vec<f32> {
    let mut out = Vec::new();
    if step <= 0.0 {
        return out;
    }
    let mut i = 0.0_f64;
    loop {
        #[allow(clippy::cast_possible_truncation)]
        let kg = (f64::from(start) + i * f64::from(step)) as f32;
        if kg > end + GRAIN_KG || out.len() > 2000 {
            break;
        }
        out.push(kg);
        i += 1.0;
    }
    out
}

impl Kit {
    pub fn new(owned: &[Equipment], inventory: &Inventory, units: Units) -> Kit {
        let mut owned = owned.to_vec();
        owned.sort();
        owned.dedup();
        let has = |e: Equipment| owned.contains(&e);
        let mut kettlebells = if has(Equipment::Kettlebell) {
            inventory
                .kettlebells
                .clone()
                .unwrap_or_else(|| default_kettlebells(units))
        } else {
            Vec::new()
        };
        kettlebells.retain(|kg| kg.is_finite() && *kg > 0.0);
        kettlebells.sort_by(f32::total_cmp);
        kettlebells.dedup_by(|a, b| (*a - *b).abs() < GRAIN_KG);
        let rack = inventory
            .dumbbells
            .unwrap_or_else(|| default_dumbbells(units));
        let dumbbells = if has(Equipment::Dumbbell) {
            run(rack.lightest, rack.heaviest, rack.step)
        } else {
            Vec::new()
        };
        let plate = inventory.plate.unwrap_or_else(|| default_plate(units));
        let bar = inventory.barbell.unwrap_or_else(|| default_barbell(units));
        let barbell = if has(Equipment::Barbell) {
            run(bar, MAX_BARBELL_KG, 2.0 * plate)
                .into_iter()
                .filter(|kg| *kg > 0.0)
                .collect()
        } else {
            Vec::new()
        };
        let sled = if has(Equipment::Sled) {
            run(2.0 * plate, MAX_BARBELL_KG, 2.0 * plate)
        } else {
            Vec::new()
        };
        Kit {
            owned,
            units,
            kettlebells,
            dumbbells,
            barbell,
            sled,
            dumbbell_step: rack.step,
            plate,
        }
    }

    /// Every piece of equipment, each with the unit's common sizes (tests,
    /// and sessions read without a profile).
    pub fn everything(units: Units) -> Kit {
        Kit::new(&Equipment::ALL, &Inventory::default(), units)
    }

    /// The equipment at hand.
    pub fn owned(&self) -> &[Equipment] {
        &self.owned
    }

    pub fn units(&self) -> Units {
        self.units
    }

    /// The implement that loads an exercise needing `needs`: the one it
    /// names, else (a load held or on the hips) the owned one with the
    /// heaviest load. `None` when nothing owned can load it.
    pub fn implement(&self, needs: &[Equipment]) -> Option<Equipment> {
        const NAMED: [Equipment; 4] = [
            Equipment::Kettlebell,
            Equipment::Dumbbell,
            Equipment::Barbell,
            Equipment::Sled,
        ];
        if let Some(named) = NAMED.into_iter().find(|e| needs.contains(e)) {
            return self.owned.contains(&named).then_some(named);
        }
        [
            Equipment::Barbell,
            Equipment::Dumbbell,
            Equipment::Kettlebell,
        ]
        .into_iter()
        .filter(|e| !self.pieces(*e).is_empty())
        .max_by(|a, b| {
            let top = |e: Equipment| self.pieces(e).last().copied().unwrap_or(0.0);
            top(*a).total_cmp(&top(*b))
        })
    }

    fn pieces(&self, implement: Equipment) -> &[f32] {
        match implement {
            Equipment::Kettlebell => &self.kettlebells,
            Equipment::Dumbbell => &self.dumbbells,
            Equipment::Barbell => &self.barbell,
            Equipment::Sled => &self.sled,
            _ => &[],
        }
    }

    /// Every external load, kg, lightest first, the athlete can make for an
    /// exercise needing `needs`: the sizes of the implement it names, or
    /// for one loaded by whatever is at hand (a single-leg RDL, a hip
    /// thrust) every size of every free weight owned. Empty when nothing
    /// owned can load it.
    pub fn loads_for(&self, needs: &[Equipment]) -> Vec<f32> {
        let named = [
            Equipment::Kettlebell,
            Equipment::Dumbbell,
            Equipment::Barbell,
            Equipment::Sled,
        ]
        .into_iter()
        .find(|e| needs.contains(e));
        let mut loads: Vec<f32> = match named {
            Some(implement) => self.pieces(implement).to_vec(),
            None => [&self.kettlebells, &self.dumbbells, &self.barbell]
                .into_iter()
                .flatten()
                .copied()
                .collect(),
        };
        loads.sort_by(f32::total_cmp);
        loads.dedup_by(|a, b| (*a - *b).abs() < GRAIN_KG);
        loads
    }

    /// Whether `kg` is a load the athlete can make for `needs`.
    pub fn can_make(&self, needs: &[Equipment], kg: f32) -> bool {
        self.loads_for(needs)
            .iter()
            .any(|l| (l - kg).abs() < GRAIN_KG)
    }

    /// The load for `needs` nearest to `kg` (the lighter on a tie), or
    /// `None` when nothing owned can load it.
    pub fn nearest(&self, needs: &[Equipment], kg: f32) -> Option<f32> {
        self.loads_for(needs)
            .into_iter()
            .min_by(|a, b| (a - kg).abs().total_cmp(&(b - kg).abs()))
    }

    /// The nearest load to `kg` that is no heavier than `at_most`.
    pub fn nearest_at_most(&self, needs: &[Equipment], kg: f32, at_most: f32) -> Option<f32> {
        self.loads_for(needs)
            .into_iter()
            .filter(|l| *l <= at_most + GRAIN_KG)
            .min_by(|a, b| (a - kg).abs().total_cmp(&(b - kg).abs()))
    }

    /// The lightest load heavier than `kg` by at least `min_step` kg.
    pub fn next_up(&self, needs: &[Equipment], kg: f32, min_step: f32) -> Option<f32> {
        let floor = kg + min_step.max(2.0 * GRAIN_KG) - GRAIN_KG;
        self.loads_for(needs).into_iter().find(|l| *l >= floor)
    }

    /// Loads lighter than `kg`, heaviest first.
    pub fn below(&self, needs: &[Equipment], kg: f32) -> Vec<f32> {
        let mut out: Vec<f32> = self
            .loads_for(needs)
            .into_iter()
            .filter(|l| *l < kg - GRAIN_KG)
            .collect();
        out.reverse();
        out
    }

    /// What to buy for the next step past the heaviest load for `needs`,
    /// in words with the athlete's unit: "a 20 kg kettlebell".
    pub fn to_buy(&self, needs: &[Equipment]) -> Option<String> {
        let implement = self.implement(needs).or_else(|| {
            [
                Equipment::Kettlebell,
                Equipment::Dumbbell,
                Equipment::Barbell,
            ]
            .into_iter()
            .find(|e| needs.contains(e))
        })?;
        let heaviest = self.loads_for(needs).last().copied().unwrap_or(0.0);
        let show = |kg: f32| self.units.show(kg);
        Some(match implement {
            Equipment::Kettlebell => {
                let (common, more): (&[f64], &[f64]) = match self.units {
                    Units::Kg => (&KETTLEBELLS_KG, &KETTLEBELLS_KG_MORE),
                    Units::Lb => (&KETTLEBELLS_LB, &KETTLEBELLS_LB_MORE),
                };
                let next = common
                    .iter()
                    .chain(more)
                    .map(|s| kg_of(self.units, *s))
                    .find(|kg| *kg > heaviest + GRAIN_KG)
                    .unwrap_or(heaviest + kg_of(self.units, 10.0));
                format!("a {} kettlebell", show(next))
            }
            Equipment::Dumbbell => {
                let next = if heaviest > 0.0 {
                    heaviest + self.dumbbell_step
                } else {
                    default_dumbbells(self.units).lightest
                };
                format!("a pair of {} dumbbells", show(next))
            }
            Equipment::Barbell | Equipment::Sled => {
                format!("a pair of {} plates", show(self.plate))
            }
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn lb(amount: f64) -> f32 {
        kg_of(Units::Lb, amount)
    }

    #[test]
    fn kettlebells_are_the_common_sizes_of_the_unit() {
        let kit = Kit::new(&[Equipment::Kettlebell], &Inventory::default(), Units::Kg);
        let loads = kit.loads_for(&[Equipment::Kettlebell]);
        assert_eq!(loads.len(), 11);
        assert!(kit.can_make(&[Equipment::Kettlebell], 16.0));
        assert!(!kit.can_make(&[Equipment::Kettlebell], 18.5));
        let kit = Kit::new(&[Equipment::Kettlebell], &Inventory::default(), Units::Lb);
        assert!(kit.can_make(&[Equipment::Kettlebell], lb(35.0)));
        assert_eq!(
            Units::Lb.show(
                kit.next_up(&[Equipment::Kettlebell], lb(35.0), 0.0)
                    .unwrap()
            ),
            "40 lb"
        );
        assert!(!kit.can_make(&[Equipment::Kettlebell], 16.0));
    }

    #[test]
    fn nothing_owned_loads_nothing() {
        let kit = Kit::new(&[Equipment::Bench], &Inventory::default(), Units::Kg);
        assert!(kit.loads_for(&[Equipment::Kettlebell]).is_empty());
        assert!(kit.loads_for(&[]).is_empty());
        assert_eq!(kit.implement(&[Equipment::Bench]), None);
    }

    #[test]
    fn an_exercise_without_a_named_implement_takes_any_free_weight() {
        let inventory = Inventory {
            kettlebells: Some(vec![12.0, 16.0]),
            dumbbells: Some(Dumbbells {
                lightest: 5.0,
                heaviest: 10.0,
                step: 2.5,
            }),
            ..Inventory::default()
        };
        let kit = Kit::new(
            &[Equipment::Kettlebell, Equipment::Dumbbell, Equipment::Bench],
            &inventory,
            Units::Kg,
        );
        assert_eq!(
            kit.loads_for(&[Equipment::Bench]),
            vec![5.0, 7.5, 10.0, 12.0, 16.0]
        );
        assert_eq!(kit.loads_for(&[Equipment::Dumbbell]), vec![5.0, 7.5, 10.0]);
        assert_eq!(kit.nearest(&[Equipment::Kettlebell], 18.5), Some(16.0));
    }

    #[test]
    fn a_barbell_loads_in_pairs_of_the_smallest_plate() {
        let inventory = Inventory {
            barbell: Some(15.0),
            plate: Some(2.5),
            ..Inventory::default()
        };
        let kit = Kit::new(&[Equipment::Barbell], &inventory, Units::Kg);
        let loads = kit.loads_for(&[Equipment::Barbell]);
        assert_eq!(&loads[..3], &[15.0, 20.0, 25.0]);
        assert_eq!(kit.next_up(&[Equipment::Barbell], 40.0, 0.8), Some(45.0));
    }

    #[test]
    fn what_to_buy_names_the_next_size_in_the_unit() {
        let inventory = Inventory {
            kettlebells: Some(vec![8.0, 12.0, 16.0]),
            ..Inventory::default()
        };
        let kit = Kit::new(&[Equipment::Kettlebell], &inventory, Units::Kg);
        assert_eq!(
            kit.to_buy(&[Equipment::Kettlebell]).unwrap(),
            "a 20 kg kettlebell"
        );
        let inventory = Inventory {
            kettlebells: Some(vec![lb(35.0)]),
            ..Inventory::default()
        };
        let kit = Kit::new(&[Equipment::Kettlebell], &inventory, Units::Lb);
        assert_eq!(
            kit.to_buy(&[Equipment::Kettlebell]).unwrap(),
            "a 40 lb kettlebell"
        );
    }

    #[test]
    fn stored_sizes_out_of_range_are_refused_on_read() {
        let err = serde_json::from_str::<Inventory>(r#"{"kettlebells":[16,-2]}"#).unwrap_err();
        assert!(err.to_string().contains("kettlebells"), "{err}");
        assert!(serde_json::from_str::<Inventory>(r#"{"plate":0}"#).is_err());
        assert!(serde_json::from_str::<Inventory>(r#"{"hammer":1}"#).is_err());
        let read: Inventory = serde_json::from_str("{}").unwrap();
        assert_eq!(read, Inventory::default());
    }
}

#[cfg(test)]
mod profile_tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::profile::Profile;

    /// A profile stored before sizes (and units) existed reads with the
    /// common kg sizes for what it had at hand.
    #[test]
    fn a_profile_stored_before_sizes_reads_with_the_defaults() {
        let old = r#"{"name":null,"sex":null,"training_age":"novice",
            "training_days":["mon","wed","fri"],"light_days":false,
            "equipment":["kettlebell","bench"],"pain_now":1}"#;
        let p: Profile = serde_json::from_str(old).unwrap();
        assert_eq!(p.inventory, Inventory::default());
        let kit = p.kit();
        assert!(kit.can_make(&[Equipment::Kettlebell], 16.0));
        assert!(kit.loads_for(&[Equipment::Dumbbell]).is_empty());
        let back: Profile = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        assert_eq!(back, p);
    }
}
