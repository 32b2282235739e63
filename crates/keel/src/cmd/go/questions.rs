//! The questions after a set, each with a default so a clean set takes one
//! Enter per question; the red-flag screen after any pain; the session summary.

use keel_core::InputError;
use keel_core::engine::{Amount, EngineSettings, FormFault};
use keel_core::measure::{Pain, Rpe};
use keel_core::program::{Load, Prescription};
use keel_core::redflag::{RedFlag, Screen};
use keel_core::units::Units;

use super::io::{Closed, Io};
use keel_app::record::{SetAnswers, SideAnswers, amount_like, unit_of};
use keel_app::steps::Sides;
use keel_core::assessment::Side;

/// What a blank answer means for each question of one set.
#[derive(Debug, Clone, PartialEq)]
pub struct Defaults {
    pub actual: u32,
    pub rpe: Rpe,
    pub faults: Vec<FormFault>,
    pub load: Load,
    /// The athlete's unit: a bare load answer is in it, and the hint shows it.
    pub units: Units,
    /// Each side's default of a per-side set, when it differs from `actual`
    /// (a hold stopped early on one side).
    pub sides: SideAnswers,
}

/// The defaults of a clean set: what was prescribed (for a rep range its
/// bottom, see `record::default_actual`) at the target effort.
pub fn defaults(p: &Prescription, settings: &EngineSettings) -> Defaults {
    Defaults {
        actual: keel_app::record::default_actual(p),
        rpe: keel_app::record::default_rpe(p, settings),
        faults: Vec::new(),
        load: p.load(),
        units: settings.units,
        sides: SideAnswers::default(),
    }
}

/// Fault letters: one per fault, in the order of [`FormFault::ALL`].
const FAULT_LETTERS: [(char, FormFault); 5] = [
    ('p', FormFault::PelvisShift),
    ('r', FormFault::RibFlare),
    ('b', FormFault::BreathingCompromised),
    ('l', FormFault::LumbarRounding),
    ('e', FormFault::EarlyTermination),
];

pub fn fault_letters(faults: &[FormFault]) -> String {
    FAULT_LETTERS
        .iter()
        .filter(|(_, f)| faults.contains(f))
        .map(|(c, _)| *c)
        .collect()
}

/// "pr", "p r", "p,e", "rib-flare" or "none".
pub fn parse_faults(text: &str) -> Result<Vec<FormFault>, InputError> {
    let text = text.trim().to_ascii_lowercase();
    if matches!(text.as_str(), "none" | "-" | "0" | "n" | "no") {
        return Ok(Vec::new());
    }
    let mut faults = Vec::new();
    for token in text.split(|c: char| c == ',' || c.is_whitespace()) {
        if token.is_empty() {
            continue;
        }
        if let Ok(fault) = FormFault::parse(token) {
            faults.push(fault);
            continue;
        }
        for c in token.chars() {
            let fault = FAULT_LETTERS
                .iter()
                .find(|(letter, _)| *letter == c)
                .map(|(_, f)| *f)
                .ok_or_else(|| {
                    InputError::new(
                        "faults",
                        format!("unknown fault {c:?} in {token:?}; use p, r, b, l, e or none"),
                    )
                })?;
            faults.push(fault);
        }
    }
    faults.sort();
    faults.dedup();
    Ok(faults)
}

fn load_hint(load: Load, units: Units) -> String {
    match load {
        Load::Bodyweight => "bodyweight".to_string(),
        Load::ChooseForRpe => format!("{units} used, or Enter to skip"),
        Load::Kg { kg } => units.show(kg),
    }
}

/// "Actual seconds", one question per side of a per-side set ("Actual
/// seconds, right side", then left): the actual (the weaker side's) and
/// each side's answer.
fn ask_actual(
    io: &mut Io,
    target: Amount,
    d: &Defaults,
    sides: Sides,
) -> anyhow::Result<Result<(u32, SideAnswers), Closed>> {
    let unit = unit_of(target);
    let questions: Vec<(String, Option<Side>)> = match sides {
        Sides::One => vec![(format!("Actual {unit}"), None)],
        Sides::Both => [Side::Right, Side::Left]
            .into_iter()
            .map(|s| (format!("Actual {unit}, {} side", s.label()), Some(s)))
            .collect(),
        Sides::Only(s) => vec![(format!("Actual {unit}, {} side", s.label()), Some(s))],
    };
    let mut actual = None;
    let mut answers = SideAnswers::default();
    for (question, side) in questions {
        let field = side.map_or("actual", Side::label);
        let default = side.and_then(|s| d.sides.get(s)).unwrap_or(d.actual);
        let value = match io.ask(&question, &default.to_string(), default, |t| {
            let value: u32 = t.parse().map_err(|_| {
                InputError::new(field, format!("{unit} must be a whole number, got {t:?}"))
            })?;
            amount_like(target, value).map(|_| value)
        })? {
            Ok(v) => v,
            Err(Closed) => return Ok(Err(Closed)),
        };
        actual = Some(actual.map_or(value, |a: u32| a.min(value)));
        match side {
            Some(Side::Left) => answers.left = Some(value),
            Some(Side::Right) => answers.right = Some(value),
            None => {}
        }
    }
    Ok(Ok((actual.unwrap_or(d.actual), answers)))
}

/// The questions about one set done at `sides` (one question per side of a
/// per-side set).
pub fn ask_set(
    io: &mut Io,
    target: Amount,
    d: &Defaults,
    sides: Sides,
    note: Option<String>,
) -> anyhow::Result<Result<SetAnswers, Closed>> {
    let (actual, side_answers) = match ask_actual(io, target, d, sides)? {
        Ok(v) => v,
        Err(Closed) => return Ok(Err(Closed)),
    };
    let load = if d.load.is_external() {
        let question = format!("Load ({})", d.units);
        match io.ask(&question, &load_hint(d.load, d.units), d.load, |t| {
            Load::parse_in(t, d.units)
        })? {
            Ok(v) => v,
            Err(Closed) => return Ok(Err(Closed)),
        }
    } else {
        d.load
    };
    let rpe_hint = format!("{}, or none", d.rpe);
    let rpe = match io.ask(
        "Effort, RPE 0-10",
        &rpe_hint,
        Some(d.rpe),
        Rpe::parse_or_none,
    )? {
        Ok(v) => v,
        Err(Closed) => return Ok(Err(Closed)),
    };
    let fault_hint = if d.faults.is_empty() {
        "none; p pelvis shift, r rib flare, b breathing, l lumbar rounding, e early stop"
            .to_string()
    } else {
        format!(
            "{}; p pelvis shift, r rib flare, b breathing, l lumbar rounding, e early stop, none",
            fault_letters(&d.faults)
        )
    };
    let faults = match io.ask("Faults seen", &fault_hint, d.faults.clone(), parse_faults)? {
        Ok(v) => v,
        Err(Closed) => return Ok(Err(Closed)),
    };
    let pain = match io.ask("Pain during the set, 0-10", "0", Pain::saturating(0), |t| {
        t.parse::<Pain>()
    })? {
        Ok(v) => v,
        Err(Closed) => return Ok(Err(Closed)),
    };
    let sharp_pain = match io.yes_no("Sharp pain?", false)? {
        Ok(v) => v,
        Err(Closed) => return Ok(Err(Closed)),
    };
    Ok(Ok(SetAnswers {
        actual,
        load,
        rpe,
        quality_reps: None,
        faults,
        pain,
        sharp_pain,
        note,
        sides: side_answers,
    }))
}

/// The eight red-flag questions, each needing an explicit y or n (as
/// `screen::ask` asks them): a blank line asks again on a terminal and is
/// refused when piped, and the end of input stops; no answer is never "no".
pub fn ask_screen(io: &mut Io) -> anyhow::Result<Result<Screen, Closed>> {
    io.say("\nYou logged pain. Safety screen: answer each question honestly (y or n).");
    let mut flags = Vec::new();
    for flag in RedFlag::ALL {
        let answer = loop {
            let answer = io.ask(flag.question(), "y/n", None, |text| {
                super::io::parse_yes_no(text).map(Some)
            })?;
            if matches!(answer, Ok(None)) && io.terminal {
                io.say("  answer y or n; there is no default.");
                continue;
            }
            break answer;
        };
        match answer {
            Ok(Some(true)) => flags.push(flag),
            Ok(Some(false)) => {}
            Ok(None) => {
                return Err(crate::error::invalid(format!(
                    "the red-flag screen was not answered: {:?} needs y or n",
                    flag.question()
                )));
            }
            Err(Closed) => return Ok(Err(Closed)),
        }
    }
    Ok(Ok(Screen { flags }))
}

/// After the session: minutes (default given) and session RPE (default skip).
pub fn ask_summary(
    io: &mut Io,
    default_minutes: u16,
) -> anyhow::Result<Result<(u16, Option<Rpe>), Closed>> {
    let minutes = match io.ask(
        "Session minutes",
        &default_minutes.to_string(),
        default_minutes,
        |t| match t.trim().parse::<i64>() {
            Ok(m) => keel_app::summary::minutes(m),
            Err(_) => Err(InputError::new(
                "minutes",
                format!("expected a whole number of minutes, got {t:?}"),
            )),
        },
    )? {
        Ok(v) => v,
        Err(Closed) => return Ok(Err(Closed)),
    };
    let rpe = match io.ask(
        "Session effort, RPE 0-10 (best asked about 30 minutes after)",
        "skip",
        None,
        |t| t.parse::<Rpe>().map(Some),
    )? {
        Ok(v) => v,
        Err(Closed) => return Ok(Err(Closed)),
    };
    Ok(Ok((minutes, rpe)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use keel_core::measure::Seconds;

    use super::super::io::Captured;
    use super::*;

    #[test]
    fn fault_letters_and_slugs_parse() {
        assert_eq!(
            parse_faults("pr").unwrap(),
            vec![FormFault::PelvisShift, FormFault::RibFlare]
        );
        assert_eq!(
            parse_faults("e, rib-flare").unwrap(),
            vec![FormFault::RibFlare, FormFault::EarlyTermination]
        );
        assert_eq!(parse_faults("none").unwrap(), vec![]);
        let err = parse_faults("px").unwrap_err();
        assert_eq!(err.field, "faults");
        assert_eq!(
            fault_letters(&[FormFault::EarlyTermination, FormFault::PelvisShift]),
            "pe"
        );
    }

    fn hold_defaults() -> (Amount, Defaults) {
        let p = Prescription::Hold {
            sets: 3,
            seconds: Seconds::saturating(30),
            per_side: false,
            extra_sets_on: None,
            load: Load::Bodyweight,
            pyramid: Vec::new(),
        };
        let target = keel_app::record::target_of(&p);
        (target, defaults(&p, &EngineSettings::default()))
    }

    #[test]
    fn blank_answers_make_a_clean_set_at_target() {
        let (target, d) = hold_defaults();
        assert_eq!(d.rpe.get(), EngineSettings::default().hold_target_rpe);
        let mut io = Io::scripted(&["", "", "", "", ""], Box::new(Captured::default()));
        let a = ask_set(&mut io, target, &d, Sides::One, None)
            .unwrap()
            .unwrap();
        assert_eq!(a.actual, 30);
        assert_eq!(a.rpe, Some(d.rpe));
        assert!(a.faults.is_empty());
        assert_eq!(a.pain.get(), 0);
        assert!(!a.sharp_pain);
    }

    #[test]
    fn none_leaves_the_set_unrated() {
        let (target, d) = hold_defaults();
        let mut io = Io::scripted(&["", "none", "", "", ""], Box::new(Captured::default()));
        let a = ask_set(&mut io, target, &d, Sides::One, None)
            .unwrap()
            .unwrap();
        assert_eq!(a.rpe, None);
    }

    #[test]
    fn answers_override_defaults_and_end_of_input_is_closed() {
        let (target, d) = hold_defaults();
        let mut io = Io::scripted(&["25", "8", "pe", "3", "n"], Box::new(Captured::default()));
        let a = ask_set(&mut io, target, &d, Sides::One, None)
            .unwrap()
            .unwrap();
        assert_eq!(a.actual, 25);
        assert_eq!(a.rpe.map(Rpe::get), Some(8));
        assert_eq!(
            a.faults,
            vec![FormFault::PelvisShift, FormFault::EarlyTermination]
        );
        assert_eq!(a.pain.get(), 3);
        let mut io = Io::scripted(&["", ""], Box::new(Captured::default()));
        assert_eq!(
            ask_set(&mut io, target, &d, Sides::One, None).unwrap(),
            Err(Closed)
        );
    }

    #[test]
    fn a_pound_athlete_is_asked_in_pounds_and_a_bare_answer_is_pounds() {
        let p = Prescription::Reps {
            sets: 3,
            reps_min: 8,
            reps_max: 12,
            per_side: false,
            tempo: None,
            load: Load::ChooseForRpe,
            target_rpe: Rpe::new(7).unwrap(),
        };
        let settings = EngineSettings::default().in_units(Units::Lb);
        let d = defaults(&p, &settings);
        let target = keel_app::record::target_of(&p);
        let out = Captured::default();
        let mut io = Io::scripted(&["", "35", "", "", "", ""], Box::new(out.clone()));
        let a = ask_set(&mut io, target, &d, Sides::One, None)
            .unwrap()
            .unwrap();
        assert_eq!(a.load, Load::parse_in("35 lb", Units::Kg).unwrap());
        let shown = out.text();
        assert!(
            shown.contains("Load (lb) [lb used, or Enter to skip]"),
            "{shown}"
        );
    }

    #[test]
    fn an_out_of_range_actual_names_the_question() {
        let (target, d) = hold_defaults();
        let mut io = Io::scripted(&["9999"], Box::new(Captured::default()));
        let err = ask_set(&mut io, target, &d, Sides::One, None).unwrap_err();
        assert!(err.to_string().contains("Actual seconds"), "{err}");
    }

    fn per_side_defaults() -> (Amount, Defaults) {
        let p = Prescription::Hold {
            sets: 2,
            seconds: Seconds::saturating(30),
            per_side: true,
            extra_sets_on: Some(Side::Left),
            load: Load::Bodyweight,
            pyramid: Vec::new(),
        };
        let target = keel_app::record::target_of(&p);
        (target, defaults(&p, &EngineSettings::default()))
    }

    #[test]
    fn a_per_side_set_asks_each_side_and_keeps_the_weaker_as_actual() {
        let (target, d) = per_side_defaults();
        let out = Captured::default();
        let mut io = Io::scripted(&["30", "20", "", "", "", ""], Box::new(out.clone()));
        let a = ask_set(&mut io, target, &d, Sides::Both, None)
            .unwrap()
            .unwrap();
        assert_eq!(a.actual, 20);
        assert_eq!(a.sides.right, Some(30));
        assert_eq!(a.sides.left, Some(20));
        let text = out.text();
        let right = text.find("Actual seconds, right side").expect(&text);
        let left = text.find("Actual seconds, left side").expect(&text);
        assert!(right < left, "{text}");
        // The extra set asks its side only.
        let out = Captured::default();
        let mut io = Io::scripted(&["18", "", "", "", ""], Box::new(out.clone()));
        let a = ask_set(&mut io, target, &d, Sides::Only(Side::Left), None)
            .unwrap()
            .unwrap();
        assert_eq!(
            (a.actual, a.sides.left, a.sides.right),
            (18, Some(18), None)
        );
        assert!(!out.text().contains("right side"), "{}", out.text());
    }

    #[test]
    fn a_hold_stopped_on_one_side_defaults_each_side_to_what_it_held() {
        let (target, mut d) = per_side_defaults();
        // Stopped at 12 s on the left, after a full right side.
        d.sides = SideAnswers {
            right: Some(30),
            left: Some(12),
        };
        d.actual = 12;
        let out = Captured::default();
        let mut io = Io::scripted(&["", "", "", "", "", ""], Box::new(out.clone()));
        let a = ask_set(&mut io, target, &d, Sides::Both, None)
            .unwrap()
            .unwrap();
        assert_eq!(
            (a.sides.right, a.sides.left, a.actual),
            (Some(30), Some(12), 12)
        );
        assert!(out.text().contains("left side [12]"), "{}", out.text());
    }

    #[test]
    fn input_ending_between_the_sides_is_closed_and_a_bad_side_is_named() {
        let (target, d) = per_side_defaults();
        let mut io = Io::scripted(&["30"], Box::new(Captured::default()));
        assert_eq!(
            ask_set(&mut io, target, &d, Sides::Both, None).unwrap(),
            Err(Closed)
        );
        let mut io = Io::scripted(&["30", "x"], Box::new(Captured::default()));
        let err = ask_set(&mut io, target, &d, Sides::Both, None).unwrap_err();
        assert!(err.to_string().contains("left side"), "{err}");
    }

    #[test]
    fn the_screen_records_each_yes_and_stops_at_end_of_input() {
        let mut io = Io::scripted(
            &["n", "y", "n", "n", "n", "n", "n", "n"],
            Box::new(Captured::default()),
        );
        let screen = ask_screen(&mut io).unwrap().unwrap();
        assert_eq!(screen.flags, vec![RedFlag::NumbnessOrTingling]);
        let mut io = Io::scripted(&["n", "n"], Box::new(Captured::default()));
        assert_eq!(ask_screen(&mut io).unwrap(), Err(Closed));
    }

    #[test]
    fn a_blank_screen_answer_is_never_no() {
        let mut io = Io::scripted(&["n", ""], Box::new(Captured::default()));
        let err = ask_screen(&mut io).unwrap_err();
        assert!(crate::error::is_invalid_input(&err), "{err:#}");
        assert!(err.to_string().contains("not answered"), "{err:#}");
    }
}
