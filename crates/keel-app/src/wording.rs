//! Plain-text wording shared by every front end: prescriptions, loads,
//! amounts, logged sets, day and week headings, and engine decisions. The
//! CLI prints these strings and the web pages put them in HTML, so both say
//! the same thing in the same words.

use keel_core::catalog::{Catalog, ExerciseId};
use keel_core::engine::{
    Action, Amount, Change, DeloadCause, MorningCheck, ReadinessCheck, SetLog, StopCause,
};
use keel_core::profile::weekday_short;
use keel_core::program::{Day, Drill, Load, Prescription, Program, Week};
use keel_core::units::Units;

/// The catalog name of an exercise, or its id when the catalog lacks it.
pub fn name(catalog: &Catalog, id: &ExerciseId) -> String {
    catalog
        .get(id)
        .map(|e| e.name.clone())
        .unwrap_or_else(|| id.to_string())
}

/// "3 x 30 s hold per side, +1 set on the left side", "3 x 8-12 reps at tempo 3-1-1-0".
pub fn amount(p: &Prescription) -> String {
    let side = |per_side: bool| if per_side { " per side" } else { "" };
    match p {
        Prescription::Hold {
            sets,
            seconds,
            per_side,
            extra_sets_on,
            pyramid,
            ..
        } => {
            let extra = extra_sets_on
                .map(|s| format!(", +1 set on the {} side", s.label()))
                .unwrap_or_default();
            if pyramid.is_empty() {
                format!("{sets} x {seconds} s hold{}{extra}", side(*per_side))
            } else {
                // McGill's descending pyramid: each set is several short holds.
                let holds: Vec<String> = pyramid.iter().map(|n| n.to_string()).collect();
                format!(
                    "{sets} sets of {} holds of {seconds} s{}, a brief rest between holds{extra}",
                    holds.join("-"),
                    side(*per_side)
                )
            }
        }
        Prescription::Reps {
            sets,
            reps_min,
            reps_max,
            per_side,
            tempo,
            ..
        } => {
            let reps = if reps_min == reps_max {
                reps_min.to_string()
            } else {
                format!("{reps_min}-{reps_max}")
            };
            let tempo = tempo.map(|t| format!(" at tempo {t}")).unwrap_or_default();
            format!("{sets} x {reps} reps{}{tempo}", side(*per_side))
        }
        Prescription::Carry {
            sets,
            metres,
            seconds,
            ..
        } => match (metres, seconds) {
            (Some(m), _) => format!("{sets} x {m} m"),
            (None, Some(s)) => format!("{sets} x {s} s"),
            (None, None) => format!("{sets} sets"),
        },
        Prescription::Drill {
            sets,
            reps,
            seconds,
            per_side,
        } => {
            let each = match (reps, seconds) {
                (Some(r), _) => format!("{r} reps"),
                (None, Some(s)) => format!("{s} s"),
                (None, None) => String::new(),
            };
            if *sets > 1 {
                format!("{sets} x {each}{}", side(*per_side))
            } else {
                format!("{each}{}", side(*per_side))
            }
        }
    }
}

/// The load and effort target of a prescription: "no external load",
/// "16 kg, target RPE 7", "choose a load for RPE 7"; the load in `units`.
pub fn load(p: &Prescription, units: Units) -> String {
    let rpe = match p {
        Prescription::Reps { target_rpe, .. } | Prescription::Carry { target_rpe, .. } => {
            Some(target_rpe.get())
        }
        _ => None,
    };
    let load = match (p.load(), rpe) {
        (Load::Bodyweight, _) => "no external load".to_string(),
        (Load::ChooseForRpe, Some(r)) => format!("choose a load for RPE {r}"),
        (Load::ChooseForRpe, None) => "choose a load you can hold with clean form".to_string(),
        (Load::Kg { kg }, _) => units.show(kg),
    };
    match (p.load(), rpe) {
        (Load::ChooseForRpe, _) | (_, None) => load,
        (_, Some(r)) => format!("{load}, target RPE {r}"),
    }
}

/// A load a set was done with: "bodyweight", "16 kg", "35 lb", "a load
/// chosen for the target RPE".
pub fn load_value(load: Load, units: Units) -> String {
    match load {
        Load::Bodyweight => "bodyweight".to_string(),
        Load::ChooseForRpe => "a load chosen for the target RPE".to_string(),
        Load::Kg { kg } => units.show(kg),
    }
}

/// A load as a form or prompt prefills it: the number in `units` (no
/// symbol, so it reads back as the same load), or nothing.
pub fn load_input(load: Load, units: Units) -> Option<String> {
    match load {
        Load::Kg { kg } => Some(units.number(kg)),
        Load::Bodyweight | Load::ChooseForRpe => None,
    }
}

/// "30 s", "8 reps", "20 m".
pub fn amount_value(amount: Amount) -> String {
    match amount {
        Amount::Seconds(s) => format!("{s} s"),
        Amount::Reps(r) => format!("{r} reps"),
        Amount::Metres(m) => format!("{m} m"),
    }
}

/// What one logged set got: "10 s of 10 s, bodyweight, RPE 6, faults: rib flare, pain 2".
pub fn set_detail(set: &SetLog, units: Units) -> String {
    let done = match set.sides.map(|s| s.done()).unwrap_or_default().as_slice() {
        [] => amount_value(set.actual),
        sides => sides
            .iter()
            .map(|(side, got)| format!("{} {}", side.label(), amount_value(*got)))
            .collect::<Vec<_>>()
            .join(" / "),
    };
    let mut parts = vec![
        format!("{done} of {}", amount_value(set.target)),
        load_value(set.load, units),
    ];
    if let Some(rpe) = set.rpe {
        parts.push(format!("RPE {rpe}"));
    }
    if let Some(q) = set.quality_reps {
        parts.push(format!("{q} quality reps"));
    }
    if !set.faults.is_empty() {
        let faults: Vec<&str> = set.faults.iter().map(|f| f.label()).collect();
        parts.push(format!("faults: {}", faults.join(", ")));
    }
    if set.pain.get() > 0 {
        parts.push(format!("pain {}", set.pain));
    }
    if set.sharp_pain {
        parts.push("sharp pain".to_string());
    }
    if let Some(note) = &set.note {
        parts.push(format!("note: {note}"));
    }
    parts.join(", ")
}

/// A warm-up or cool-down drill: "Cat-camel (5 reps)".
pub fn drill(catalog: &Catalog, d: &Drill) -> String {
    format!(
        "{} ({})",
        name(catalog, &d.exercise),
        amount(&d.prescription)
    )
}

/// A readiness check's answers: "sleep 2, fatigue 3, ... (sum 10 of 28, 1 best, 7 worst)".
pub fn readiness(check: &ReadinessCheck) -> String {
    let items: Vec<String> = check
        .items()
        .iter()
        .map(|(name, r)| format!("{name} {r}"))
        .collect();
    format!(
        "{} (sum {} of 28, 1 best, 7 worst)",
        items.join(", "),
        check.sum()
    )
}

/// A next-morning check: "pain back to usual, stiffness NOT back to usual, soreness 3 of 10".
pub fn morning(m: &MorningCheck) -> String {
    let usual = |back: bool| {
        if back {
            "back to usual"
        } else {
            "NOT back to usual"
        }
    };
    format!(
        "pain {}, stiffness {}, soreness {} of 10",
        usual(m.pain_back_to_usual),
        usual(m.stiffness_back_to_usual),
        m.soreness
    )
}

/// "Week 4 of 16 (Foundation, deload week: ...)".
pub fn week_header(week: &Week, total_weeks: usize) -> String {
    let deload = if week.deload {
        ", deload week: lighter loads, fewer sets and shorter holds"
    } else {
        ""
    };
    format!(
        "Week {} of {total_weeks} ({}{deload})",
        week.number,
        week.phase.label()
    )
}

/// "Mon 2026-03-02: A".
pub fn day_header(day: &Day) -> String {
    format!(
        "{} {}: {}",
        weekday_short(day.date.weekday()),
        day.date,
        day.kind.label()
    )
}

/// Why a day without training shows a session: "Make-up: the session
/// planned for Mon 2026-03-02 (A: anti-flexion holds) was missed. ...".
pub fn makeup(session: &keel_core::training::PlannedSession, program: &Program) -> Option<String> {
    let missed = session.makes_up?;
    let next = program
        .next_training_day(session.date)
        .map(|(_, d)| format!(" ({} {})", weekday_short(d.date.weekday()), d.date))
        .unwrap_or_default();
    Some(format!(
        "Make-up: the session planned for {} {missed} ({}) was missed. Do it today instead \
         of resting; it is offered until the next planned session{next}, and what you log \
         counts for it.",
        weekday_short(missed.weekday()),
        session.day.label()
    ))
}

/// What a decision changes: "hold 10 s -> 15 s".
pub fn change(catalog: &Catalog, change: &Change, units: Units) -> String {
    match change {
        Change::Seconds { from, to } => format!("hold {from} s -> {to} s"),
        Change::Load { from, to } => {
            format!(
                "load {} -> {}",
                load_value(*from, units),
                load_value(*to, units)
            )
        }
        Change::Metres { from, to } => format!("distance {from} m -> {to} m"),
        Change::Reps { from, to } => {
            format!("reps {}-{} -> {}-{}", from.0, from.1, to.0, to.1)
        }
        Change::Sets { from, to } => format!("sets {from} -> {to}"),
        Change::Holds { from, to } => format!(
            "holds per set {} -> {}",
            keel_core::engine::pyramid_text(from),
            keel_core::engine::pyramid_text(to)
        ),
        Change::Variant { from, to } => {
            format!("{} -> {}", name(catalog, from), name(catalog, to))
        }
    }
}

/// A decision's action in a few words, with what it changes.
pub fn action(catalog: &Catalog, action: &Action, units: Units) -> String {
    match action {
        Action::Progress { change: c } => format!("progress: {}", change(catalog, c, units)),
        Action::Repeat => "repeat the prescription".to_string(),
        Action::Regress { change: c } => format!("regress: {}", change(catalog, c, units)),
        Action::SwapEasier { from, to } => format!(
            "swap to the easier variant: {} -> {}",
            name(catalog, from),
            name(catalog, to)
        ),
        Action::RotateVariant { from, to } => format!(
            "rotate the variant: {} -> {}",
            name(catalog, from),
            name(catalog, to)
        ),
        Action::Deload { cause } => {
            let why = match cause {
                DeloadCause::Scheduled => "the deload week",
                DeloadCause::Stagnation => "no progress lately",
                DeloadCause::Soreness => "lasting or rising soreness",
            };
            format!("deload ({why})")
        }
        Action::Stop { cause } => match cause {
            StopCause::SharpPain => "stop the exercise (sharp pain)".to_string(),
            StopCause::RedPain { pain } => format!("stop the exercise (pain {pain} of 10)"),
        },
        Action::Halt { flags } => {
            let flags: Vec<&str> = flags.iter().map(|f| f.slug()).collect();
            format!("halt the program (red flag: {})", flags.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use keel_core::assessment::Side;
    use keel_core::measure::{Rpe, Seconds};

    use super::*;

    #[test]
    fn holds_name_sides_and_the_extra_set() {
        let hold = Prescription::Hold {
            sets: 3,
            seconds: Seconds::saturating(30),
            per_side: true,
            extra_sets_on: Some(Side::Left),
            load: Load::Bodyweight,
            pyramid: Vec::new(),
        };
        assert_eq!(
            amount(&hold),
            "3 x 30 s hold per side, +1 set on the left side"
        );
        assert_eq!(load(&hold, Units::Kg), "no external load");
        let pyramid = Prescription::Hold {
            sets: 3,
            seconds: Seconds::saturating(10),
            per_side: false,
            extra_sets_on: None,
            load: Load::Bodyweight,
            pyramid: vec![5, 3, 1],
        };
        assert_eq!(
            amount(&pyramid),
            "3 sets of 5-3-1 holds of 10 s, a brief rest between holds"
        );
    }

    #[test]
    fn reps_give_range_tempo_and_effort() {
        let reps = Prescription::Reps {
            sets: 3,
            reps_min: 8,
            reps_max: 12,
            per_side: false,
            tempo: None,
            load: Load::Kg { kg: 16.0 },
            target_rpe: Rpe::saturating(7),
        };
        assert_eq!(amount(&reps), "3 x 8-12 reps");
        assert_eq!(load(&reps, Units::Kg), "16 kg, target RPE 7");
        let choose = Prescription::Reps {
            sets: 3,
            reps_min: 10,
            reps_max: 10,
            per_side: false,
            tempo: None,
            load: Load::ChooseForRpe,
            target_rpe: Rpe::saturating(7),
        };
        assert_eq!(amount(&choose), "3 x 10 reps");
        assert_eq!(load(&choose, Units::Lb), "choose a load for RPE 7");
    }

    #[test]
    fn a_single_drill_set_omits_the_count() {
        let drill = |sets| Prescription::Drill {
            sets,
            reps: None,
            seconds: Some(Seconds::saturating(30)),
            per_side: true,
        };
        assert_eq!(amount(&drill(1)), "30 s per side");
        assert_eq!(amount(&drill(2)), "2 x 30 s per side");
    }

    #[test]
    fn changes_read_from_and_to() {
        let catalog = Catalog::builtin();
        let progress = Action::Progress {
            change: Change::Seconds {
                from: Seconds::saturating(10),
                to: Seconds::saturating(15),
            },
        };
        assert_eq!(
            action(catalog, &progress, Units::Kg),
            "progress: hold 10 s -> 15 s"
        );
        assert_eq!(amount_value(Amount::Reps(8)), "8 reps");
        assert_eq!(load_value(Load::Bodyweight, Units::Lb), "bodyweight");
    }

    #[test]
    fn loads_read_in_the_athletes_unit() {
        #[allow(clippy::cast_possible_truncation)]
        let lb35 = Load::Kg {
            kg: Units::Lb.to_kg(35.0) as f32,
        };
        assert_eq!(load_value(lb35, Units::Lb), "35 lb");
        assert_eq!(load_value(lb35, Units::Kg), "15.88 kg");
        assert_eq!(load_input(lb35, Units::Lb).as_deref(), Some("35"));
        assert_eq!(load_input(Load::Bodyweight, Units::Lb), None);
        let up = Change::Load {
            from: lb35,
            to: Load::Kg { kg: 18.143_695 },
        };
        assert_eq!(
            action(
                Catalog::builtin(),
                &Action::Progress { change: up },
                Units::Lb
            ),
            "progress: load 35 lb -> 40 lb"
        );
    }
}
