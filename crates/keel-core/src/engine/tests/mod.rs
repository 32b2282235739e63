//! Unit tests, one file per group of rules, on a small fixture catalog.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod progression;
mod safety;
mod sessions;
mod sides;

use std::sync::OnceLock;

use jiff::civil::Date;

use super::*;
use crate::catalog::{Catalog, Equipment, ExerciseId};
use crate::measure::{Pain, Rpe, Seconds};
use crate::program::{Load, Prescription};
use crate::redflag::Screen;

pub(super) fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        Catalog::parse(include_str!("../../../tests/fixtures/engine_catalog.toml"))
            .expect("fixture catalog parses")
    })
}

/// Day `n` of the test calendar (day 0 is a Monday).
pub(super) fn day(n: i64) -> Date {
    jiff::civil::date(2026, 3, 2)
        .checked_add(jiff::Span::new().days(n))
        .unwrap()
}

pub(super) fn hold(sets: u8, seconds: u16) -> Prescription {
    Prescription::Hold {
        sets,
        seconds: Seconds::new(i64::from(seconds)).unwrap(),
        per_side: true,
        extra_sets_on: None,
        load: Load::Bodyweight,
        // Added by the program helper (issue 16, pyramids): a plain hold.
        pyramid: Vec::new(),
    }
}

pub(super) fn reps(sets: u8, min: u8, max: u8, load: Load) -> Prescription {
    Prescription::Reps {
        sets,
        reps_min: min,
        reps_max: max,
        per_side: false,
        tempo: None,
        load,
        target_rpe: Rpe::new(7).unwrap(),
    }
}

pub(super) fn carry(sets: u8, metres: u16, kg: f32) -> Prescription {
    Prescription::Carry {
        sets,
        metres: Some(metres),
        seconds: None,
        load: Load::Kg { kg },
        target_rpe: Rpe::new(7).unwrap(),
    }
}

pub(super) fn kg(kg: f32) -> Load {
    Load::Kg { kg }
}

/// An exposure where every set met its target at RPE 6, no faults, no pain.
pub(super) fn clean(exercise: &str, p: &Prescription, date: Date) -> Exposure {
    let (amount, load) = match p {
        Prescription::Hold { seconds, load, .. } => (Amount::Seconds(*seconds), *load),
        Prescription::Reps { reps_max, load, .. } => (Amount::Reps(*reps_max), *load),
        Prescription::Carry {
            metres,
            seconds,
            load,
            ..
        } => match (metres, seconds) {
            (Some(m), _) => (Amount::Metres(*m), *load),
            (None, Some(s)) => (Amount::Seconds(*s), *load),
            (None, None) => (Amount::Metres(0), *load),
        },
        Prescription::Drill { seconds, .. } => (
            Amount::Seconds(seconds.unwrap_or(Seconds::ZERO)),
            Load::Bodyweight,
        ),
    };
    let load = if load == Load::ChooseForRpe {
        kg(16.0)
    } else {
        load
    };
    let set = SetLog {
        target: amount,
        actual: amount,
        sides: None,
        load,
        rpe: Some(Rpe::new(6).unwrap()),
        quality_reps: None,
        faults: Vec::new(),
        pain: Pain::new(0).unwrap(),
        sharp_pain: false,
        note: None,
    };
    Exposure {
        date,
        exercise: ExerciseId::new(exercise),
        prescription: p.clone(),
        kind: ExposureKind::Normal,
        sets: vec![set; usize::from(p.sets())],
        session_rpe: Some(Rpe::new(6).unwrap()),
    }
}

pub(super) fn with_fault(mut e: Exposure, set: usize, fault: FormFault) -> Exposure {
    e.sets[set].faults.push(fault);
    e
}

pub(super) fn with_pain(mut e: Exposure, set: usize, pain: i64) -> Exposure {
    e.sets[set].pain = Pain::new(pain).unwrap();
    e
}

pub(super) fn with_actual(mut e: Exposure, set: usize, amount: Amount) -> Exposure {
    e.sets[set].actual = amount;
    e
}

pub(super) fn with_rpe(mut e: Exposure, set: usize, rpe: i64) -> Exposure {
    e.sets[set].rpe = Some(Rpe::new(rpe).unwrap());
    e
}

/// One decision's inputs, with defaults a test overrides.
pub(super) struct Case {
    pub exercise: &'static str,
    pub prescription: Prescription,
    pub history: Vec<Exposure>,
    pub next_week_deload: bool,
    pub morning: Vec<MorningCheck>,
    pub screen: Screen,
    pub equipment: Vec<Equipment>,
    /// Sizes of what is owned (the unit's defaults unless a test says).
    pub inventory: crate::catalog::Inventory,
    pub units: crate::units::Units,
    pub settings: EngineSettings,
}

impl Case {
    pub fn new(exercise: &'static str, prescription: Prescription) -> Case {
        Case {
            exercise,
            prescription,
            history: Vec::new(),
            next_week_deload: false,
            morning: Vec::new(),
            screen: Screen::clear(),
            equipment: Equipment::ALL.to_vec(),
            inventory: crate::catalog::Inventory::default(),
            units: crate::units::Units::Kg,
            settings: EngineSettings::default(),
        }
    }

    /// `n` clean exposures at the prescription, every other day from `start`.
    pub fn clean(mut self, n: i64) -> Case {
        let start = self.next_day();
        for i in 0..n {
            let e = clean(self.exercise, &self.prescription, day(start + 2 * i));
            self.history.push(e);
        }
        self
    }

    fn next_day(&self) -> i64 {
        self.history
            .last()
            .map_or(0, |e| e.date.duration_since(day(0)).as_secs() / 86_400 + 2)
    }

    pub fn then(mut self, e: Exposure) -> Case {
        self.history.push(e);
        self
    }

    /// A clean exposure at the prescription two days after the last, changed by `f`.
    pub fn then_with(self, f: impl FnOnce(Exposure) -> Exposure) -> Case {
        let start = self.next_day();
        let e = f(clean(self.exercise, &self.prescription, day(start)));
        self.then(e)
    }

    pub fn try_decide(&self) -> Result<Decision, crate::InputError> {
        let cat = catalog();
        let exercise = cat
            .get(&ExerciseId::new(self.exercise))
            .expect("fixture exercise");
        let kit = crate::catalog::Kit::new(&self.equipment, &self.inventory, self.units);
        decide(&SlotInput {
            exercise,
            prescription: &self.prescription,
            history: &self.history,
            next_week_deload: self.next_week_deload,
            reactive_deload_until: None,
            morning: &self.morning,
            screen: &self.screen,
            catalog: cat,
            equipment: &kit,
            settings: &self.settings,
        })
    }

    pub fn decide(&self) -> Decision {
        let d = self.try_decide().expect("decision");
        assert!(!d.reasons.is_empty(), "every decision has a reason");
        d
    }
}

pub(super) fn seconds(p: &Prescription) -> u16 {
    match p {
        Prescription::Hold { seconds, .. } => seconds.get(),
        other => panic!("not a hold: {other:?}"),
    }
}
