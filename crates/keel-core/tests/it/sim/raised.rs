//! Which prescription variables a decision raised, for the "one variable at
//! a time" and "no increase after a fault" checks.

use keel_core::catalog::{Catalog, ExerciseId};
use keel_core::program::{Load, Prescription};

fn seconds(p: &Prescription) -> Option<f32> {
    match p {
        Prescription::Hold { seconds, .. } => Some(f32::from(seconds.get())),
        Prescription::Carry { seconds, .. } | Prescription::Drill { seconds, .. } => {
            seconds.map(|s| f32::from(s.get()))
        }
        Prescription::Reps { .. } => None,
    }
}

fn metres(p: &Prescription) -> Option<f32> {
    match p {
        Prescription::Carry { metres, .. } => metres.map(f32::from),
        _ => None,
    }
}

fn reps(p: &Prescription) -> Option<f32> {
    match p {
        Prescription::Reps { reps_max, .. } => Some(f32::from(*reps_max)),
        _ => None,
    }
}

fn sets(p: &Prescription) -> Option<f32> {
    Some(f32::from(p.sets()))
}

type Measure = fn(&Prescription) -> Option<f32>;

/// Kilograms, bodyweight as zero; a load still to be chosen compares with nothing.
fn kg(p: &Prescription) -> Option<f32> {
    match p.load() {
        Load::Bodyweight => Some(0.0),
        Load::Kg { kg } => Some(kg),
        Load::ChooseForRpe => None,
    }
}

/// The names of the variables that rose from `before` on exercise `from`
/// to `after` on exercise `to` (a harder level counts as one).
pub fn raised(
    catalog: &Catalog,
    (from, before): (&ExerciseId, &Prescription),
    (to, after): (&ExerciseId, &Prescription),
) -> Vec<&'static str> {
    let rose = |a: Option<f32>, b: Option<f32>| matches!((a, b), (Some(a), Some(b)) if b > a);
    let measures: [(&'static str, Measure); 5] = [
        ("seconds", seconds),
        ("metres", metres),
        ("reps", reps),
        ("sets", sets),
        ("load", kg),
    ];
    let mut out: Vec<&'static str> = measures
        .iter()
        .filter(|(_, f)| rose(f(before), f(after)))
        .map(|(name, _)| *name)
        .collect();
    let level = |id: &ExerciseId| catalog.get(id).map(|e| f32::from(e.level.get()));
    if rose(level(from), level(to)) {
        out.push("variant");
    }
    out
}
