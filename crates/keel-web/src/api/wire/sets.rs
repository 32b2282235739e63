//! A logged set as the API answers it (`GET /api/v1/sets`, `POST`,
//! `PATCH /api/v1/sets/{id}`): the stored row, the exposure it belongs to,
//! what was prescribed and what was done.

use jiff::Timestamp;
use jiff::civil::Date;
use keel_core::engine::{self, SetLog};
use keel_core::program;
use keel_core::training::{LoggedSet, SlotKey};
use keel_store::StoredSet;
use serde::Serialize;

use super::words;

/// One logged set.
#[derive(Debug, Serialize)]
pub struct Set {
    pub id: i64,
    /// 1-based position within its day's session.
    pub number: u32,
    pub recorded_at: Timestamp,
    pub logged: Exposure,
}

/// The exposure a set belongs to: the day, the slot, the exercise.
#[derive(Debug, Serialize)]
pub struct Exposure {
    pub date: Date,
    pub slot: Slot,
    /// The exercise done (differs from `slot.planned` after a swap).
    pub exercise: String,
    pub prescription: Prescription,
    /// `normal`, `deload` or `reduced`.
    pub kind: &'static str,
    pub set: Done,
}

/// Which slot of the plan: block, day kind, planned exercise.
#[derive(Debug, Serialize)]
pub struct Slot {
    pub block: u8,
    pub day: &'static str,
    pub planned: String,
}

/// What was done in the set.
#[derive(Debug, Serialize)]
pub struct Done {
    pub target: Amount,
    /// For a per-side set, the weaker side's.
    pub actual: Amount,
    /// Each side's result of a per-side set logged side by side; absent
    /// otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sides: Option<Sides>,
    pub load: Load,
    pub rpe: Option<u8>,
    pub quality_reps: Option<u8>,
    pub faults: Vec<&'static str>,
    pub pain: u8,
    pub sharp_pain: bool,
    pub note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Sides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left: Option<Amount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub right: Option<Amount>,
}

/// An amount of work: `{"kind": "seconds" | "reps" | "metres", "value": n}`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "value")]
pub enum Amount {
    Seconds(u16),
    Reps(u8),
    Metres(u16),
}

/// A load: `{"kind": "bodyweight" | "choose-for-rpe"}` or
/// `{"kind": "kg", "kg": n}` (always kilograms; the profile's `units` says
/// how to show it).
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Load {
    Bodyweight,
    ChooseForRpe,
    Kg { kg: f32 },
}

/// What the plan prescribed, by kind (`hold`, `reps`, `carry`, `drill`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Prescription {
    Hold {
        sets: u8,
        seconds: u16,
        per_side: bool,
        /// `left` or `right`: the weaker side, which gets extra sets.
        extra_sets_on: Option<&'static str>,
        load: Load,
        /// Holds per set of a descending pyramid; absent for one hold a set.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        pyramid: Vec<u8>,
    },
    Reps {
        sets: u8,
        reps_min: u8,
        reps_max: u8,
        per_side: bool,
        /// Like `3-1-1-0`.
        tempo: Option<String>,
        load: Load,
        target_rpe: u8,
    },
    Carry {
        sets: u8,
        metres: Option<u16>,
        seconds: Option<u16>,
        load: Load,
        target_rpe: u8,
    },
    Drill {
        sets: u8,
        reps: Option<u8>,
        seconds: Option<u16>,
        per_side: bool,
    },
}

impl From<StoredSet> for Set {
    fn from(stored: StoredSet) -> Set {
        Set {
            id: stored.id,
            number: stored.number,
            recorded_at: stored.recorded_at,
            logged: stored.logged.into(),
        }
    }
}

impl From<LoggedSet> for Exposure {
    fn from(logged: LoggedSet) -> Exposure {
        Exposure {
            date: logged.date,
            slot: logged.slot.into(),
            exercise: logged.exercise.0,
            prescription: (&logged.prescription).into(),
            kind: words::exposure(logged.kind),
            set: logged.set.into(),
        }
    }
}

impl From<SlotKey> for Slot {
    fn from(key: SlotKey) -> Slot {
        Slot {
            block: key.block,
            day: words::day(key.day),
            planned: key.planned.0,
        }
    }
}

impl From<SetLog> for Done {
    fn from(set: SetLog) -> Done {
        Done {
            target: set.target.into(),
            actual: set.actual.into(),
            sides: set.sides.map(|s| Sides {
                left: s.left.map(Amount::from),
                right: s.right.map(Amount::from),
            }),
            load: set.load.into(),
            rpe: set.rpe.map(|r| r.get()),
            quality_reps: set.quality_reps,
            faults: set.faults.iter().map(|f| f.slug()).collect(),
            pain: set.pain.get(),
            sharp_pain: set.sharp_pain,
            note: set.note,
        }
    }
}

impl From<engine::Amount> for Amount {
    fn from(amount: engine::Amount) -> Amount {
        match amount {
            engine::Amount::Seconds(s) => Amount::Seconds(s.get()),
            engine::Amount::Reps(r) => Amount::Reps(r),
            engine::Amount::Metres(m) => Amount::Metres(m),
        }
    }
}

impl From<program::Load> for Load {
    fn from(load: program::Load) -> Load {
        match load {
            program::Load::Bodyweight => Load::Bodyweight,
            program::Load::ChooseForRpe => Load::ChooseForRpe,
            program::Load::Kg { kg } => Load::Kg { kg },
        }
    }
}

impl From<&program::Prescription> for Prescription {
    fn from(prescription: &program::Prescription) -> Prescription {
        use program::Prescription as P;
        match prescription {
            P::Hold {
                sets,
                seconds,
                per_side,
                extra_sets_on,
                load,
                pyramid,
            } => Prescription::Hold {
                sets: *sets,
                seconds: seconds.get(),
                per_side: *per_side,
                extra_sets_on: extra_sets_on.map(words::side),
                load: (*load).into(),
                pyramid: pyramid.clone(),
            },
            P::Reps {
                sets,
                reps_min,
                reps_max,
                per_side,
                tempo,
                load,
                target_rpe,
            } => Prescription::Reps {
                sets: *sets,
                reps_min: *reps_min,
                reps_max: *reps_max,
                per_side: *per_side,
                tempo: tempo.map(String::from),
                load: (*load).into(),
                target_rpe: target_rpe.get(),
            },
            P::Carry {
                sets,
                metres,
                seconds,
                load,
                target_rpe,
            } => Prescription::Carry {
                sets: *sets,
                metres: *metres,
                seconds: seconds.map(|s| s.get()),
                load: (*load).into(),
                target_rpe: target_rpe.get(),
            },
            P::Drill {
                sets,
                reps,
                seconds,
                per_side,
            } => Prescription::Drill {
                sets: *sets,
                reps: *reps,
                seconds: seconds.map(|s| s.get()),
                per_side: *per_side,
            },
        }
    }
}
