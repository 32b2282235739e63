//! The profile as the API answers it (`GET`/`PUT /api/v1/profile`), and
//! the inventory a profile request may send in the same shape.

use keel_core::InputError;
use keel_core::catalog::{Dumbbells as CoreDumbbells, Inventory as CoreInventory};
use keel_core::profile::{Profile as CoreProfile, Sex, TrainingAge};
use serde::{Deserialize, Serialize};

use super::words;

#[derive(Debug, Serialize)]
pub struct Profile {
    pub name: Option<String>,
    /// `male`, `female`, or null (both norms shown).
    pub sex: Option<&'static str>,
    /// `novice`, `intermediate` or `advanced`.
    pub training_age: &'static str,
    /// `mon` ... `sun`.
    pub training_days: Vec<String>,
    pub light_days: bool,
    pub equipment: Vec<&'static str>,
    /// Back pain right now, 0-10.
    pub pain_now: u8,
    /// `kg` or `lb`: the unit loads are shown in.
    pub units: &'static str,
    /// The sizes owned, kilograms; a null piece is the common sizes.
    pub inventory: Inventory,
}

#[derive(Debug, Serialize)]
pub struct Inventory {
    pub kettlebells: Option<Vec<f32>>,
    pub dumbbells: Option<Dumbbells>,
    /// The bar's own mass.
    pub barbell: Option<f32>,
    /// The smallest plate, loaded in pairs (also a sled's step).
    pub plate: Option<f32>,
}

/// Adjustable dumbbells: from `lightest` to `heaviest` in steps of `step`.
#[derive(Debug, Serialize)]
pub struct Dumbbells {
    pub lightest: f32,
    pub heaviest: f32,
    pub step: f32,
}

impl From<CoreProfile> for Profile {
    fn from(p: CoreProfile) -> Profile {
        Profile {
            name: p.name,
            sex: p.sex.map(|sex| match sex {
                Sex::Male => "male",
                Sex::Female => "female",
            }),
            training_age: match p.training_age {
                TrainingAge::Novice => "novice",
                TrainingAge::Intermediate => "intermediate",
                TrainingAge::Advanced => "advanced",
            },
            training_days: p.training_days.into(),
            light_days: p.light_days,
            equipment: p.equipment.iter().map(|e| e.slug()).collect(),
            pain_now: p.pain_now.get(),
            units: words::units(p.units),
            inventory: p.inventory.into(),
        }
    }
}

impl From<CoreInventory> for Inventory {
    fn from(i: CoreInventory) -> Inventory {
        Inventory {
            kettlebells: i.kettlebells,
            dumbbells: i.dumbbells.map(|d| Dumbbells {
                lightest: d.lightest,
                heaviest: d.heaviest,
                step: d.step,
            }),
            barbell: i.barbell,
            plate: i.plate,
        }
    }
}

/// The sizes in kilograms a profile request may send (`inventory`), as
/// `GET` answers them; every field may be left out. Not yet checked:
/// [`InventoryBody::checked`] applies keel-core's one check, so a bad size
/// is refused naming its field rather than as unreadable JSON.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InventoryBody {
    pub kettlebells: Option<Vec<f32>>,
    pub dumbbells: Option<DumbbellsBody>,
    pub barbell: Option<f32>,
    pub plate: Option<f32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DumbbellsBody {
    pub lightest: f32,
    pub heaviest: f32,
    pub step: f32,
}

impl InventoryBody {
    /// keel-core's inventory, checked by [`CoreInventory::check`]; the
    /// error names the field within the inventory (e.g. `barbell`).
    pub fn checked(self) -> Result<CoreInventory, InputError> {
        let inventory = CoreInventory {
            kettlebells: self.kettlebells,
            dumbbells: self.dumbbells.map(|d| CoreDumbbells {
                lightest: d.lightest,
                heaviest: d.heaviest,
                step: d.step,
            }),
            barbell: self.barbell,
            plate: self.plate,
        };
        inventory.check()?;
        Ok(inventory)
    }
}
