//! The assessment's tests: their flags, one-line instructions, and how an
//! answer is validated into [`AssessmentInput`]. Used by `keel assess` and
//! flattened into `keel onboard`.

use jiff::civil::Date;
use keel_core::InputError;
use keel_core::assessment::instructions::{INSTRUCTIONS, Instruction};
use keel_core::assessment::{AssessmentInput, EnduranceHolds, Mobility, MovementQuality};
use keel_core::measure::{KneeToWallCm, LegRaiseDegrees, Pain, ReachCm, Score03, Seconds};

use crate::prompt::Prompter;

/// Every test as a flag. Values are taken as text, and negative numbers
/// are accepted as values (`--extensor -5`), so that out-of-range numbers
/// reach validation and get a message naming the flag.
#[derive(Debug, Default, Clone, clap::Args)]
pub struct AssessmentFlags {
    /// Trunk extensor (Biering-Sorensen) hold, seconds
    #[arg(long, value_name = "SECS", allow_negative_numbers = true)]
    pub extensor: Option<String>,
    /// Trunk flexor hold at 60 degrees, seconds
    #[arg(long, value_name = "SECS", allow_negative_numbers = true)]
    pub flexor: Option<String>,
    /// Side bridge on the right side, seconds
    #[arg(long, value_name = "SECS", allow_negative_numbers = true)]
    pub side_bridge_right: Option<String>,
    /// Side bridge on the left side, seconds
    #[arg(long, value_name = "SECS", allow_negative_numbers = true)]
    pub side_bridge_left: Option<String>,
    /// Prone plank hold, seconds
    #[arg(long, value_name = "SECS", allow_negative_numbers = true)]
    pub prone_plank: Option<String>,
    /// Hip hinge quality, 0-3
    #[arg(long, value_name = "0-3", allow_negative_numbers = true)]
    pub hip_hinge: Option<String>,
    /// Bird dog quality, 0-3
    #[arg(long, value_name = "0-3", allow_negative_numbers = true)]
    pub bird_dog: Option<String>,
    /// Dead bug quality, 0-3
    #[arg(long, value_name = "0-3", allow_negative_numbers = true)]
    pub dead_bug: Option<String>,
    /// Toe touch: cm past (+) or short of (-) the toes
    #[arg(long, value_name = "CM", allow_negative_numbers = true)]
    pub toe_touch: Option<String>,
    /// Active straight-leg raise, degrees
    #[arg(long, value_name = "DEG", allow_negative_numbers = true)]
    pub aslr: Option<String>,
    /// Thomas test, left hip: pass or fail
    #[arg(long, value_name = "pass|fail", allow_negative_numbers = true)]
    pub thomas_left: Option<String>,
    /// Thomas test, right hip: pass or fail
    #[arg(long, value_name = "pass|fail", allow_negative_numbers = true)]
    pub thomas_right: Option<String>,
    /// Thoracic rotation to the left, 0-3
    #[arg(long, value_name = "0-3", allow_negative_numbers = true)]
    pub thoracic_left: Option<String>,
    /// Thoracic rotation to the right, 0-3
    #[arg(long, value_name = "0-3", allow_negative_numbers = true)]
    pub thoracic_right: Option<String>,
    /// Knee-to-wall, left ankle, cm
    #[arg(long, value_name = "CM", allow_negative_numbers = true)]
    pub knee_to_wall_left: Option<String>,
    /// Knee-to-wall, right ankle, cm
    #[arg(long, value_name = "CM", allow_negative_numbers = true)]
    pub knee_to_wall_right: Option<String>,
    /// Pain right now, 0-10
    #[arg(long, value_name = "0-10", allow_negative_numbers = true)]
    pub pain_now: Option<String>,
}

/// Which field of the input a test fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Extensor,
    Flexor,
    SideBridgeRight,
    SideBridgeLeft,
    PronePlank,
    HipHinge,
    BirdDog,
    DeadBug,
    ToeTouch,
    Aslr,
    ThomasLeft,
    ThomasRight,
    ThoracicLeft,
    ThoracicRight,
    KneeToWallLeft,
    KneeToWallRight,
    PainNow,
}

/// One test: its field and flag; the question and its one-line instruction
/// come from the core's table, shared with the web forms.
struct Test {
    field: Field,
    flag: &'static str,
    hint: &'static str,
}

impl Test {
    fn instruction(&self) -> Option<&'static Instruction> {
        let key = self.flag.trim_start_matches("--");
        INSTRUCTIONS.iter().find(|i| i.key == key)
    }

    fn question(&self) -> &'static str {
        self.instruction().map_or(self.flag, |i| i.question)
    }

    fn how(&self) -> &'static str {
        self.instruction().map_or("", |i| i.how)
    }
}

const SECS: &str = "seconds, Enter = skip";
const SCORE: &str = "0-3, Enter = skip";
const PASS: &str = "pass/fail, Enter = skip";

const TESTS: &[Test] = &[
    Test {
        field: Field::Extensor,
        flag: "--extensor",
        hint: SECS,
    },
    Test {
        field: Field::Flexor,
        flag: "--flexor",
        hint: SECS,
    },
    Test {
        field: Field::SideBridgeRight,
        flag: "--side-bridge-right",
        hint: SECS,
    },
    Test {
        field: Field::SideBridgeLeft,
        flag: "--side-bridge-left",
        hint: SECS,
    },
    Test {
        field: Field::PronePlank,
        flag: "--prone-plank",
        hint: SECS,
    },
    Test {
        field: Field::HipHinge,
        flag: "--hip-hinge",
        hint: SCORE,
    },
    Test {
        field: Field::BirdDog,
        flag: "--bird-dog",
        hint: SCORE,
    },
    Test {
        field: Field::DeadBug,
        flag: "--dead-bug",
        hint: SCORE,
    },
    Test {
        field: Field::ToeTouch,
        flag: "--toe-touch",
        hint: "cm, Enter = skip",
    },
    Test {
        field: Field::Aslr,
        flag: "--aslr",
        hint: "degrees, Enter = skip",
    },
    Test {
        field: Field::ThomasLeft,
        flag: "--thomas-left",
        hint: PASS,
    },
    Test {
        field: Field::ThomasRight,
        flag: "--thomas-right",
        hint: PASS,
    },
    Test {
        field: Field::ThoracicLeft,
        flag: "--thoracic-left",
        hint: SCORE,
    },
    Test {
        field: Field::ThoracicRight,
        flag: "--thoracic-right",
        hint: SCORE,
    },
    Test {
        field: Field::KneeToWallLeft,
        flag: "--knee-to-wall-left",
        hint: "cm, Enter = skip",
    },
    Test {
        field: Field::KneeToWallRight,
        flag: "--knee-to-wall-right",
        hint: "cm, Enter = skip",
    },
    Test {
        field: Field::PainNow,
        flag: "--pain-now",
        hint: "0-10, Enter = skip",
    },
];

fn pass_fail(text: &str) -> Result<bool, InputError> {
    match text.trim().to_ascii_lowercase().as_str() {
        "pass" | "p" => Ok(true),
        "fail" | "f" => Ok(false),
        _ => Err(InputError::new(
            "thomas",
            format!("expected pass or fail, got {text:?}"),
        )),
    }
}

impl Field {
    /// Validates `text` and stores it in `input`.
    fn set(self, input: &mut AssessmentInput, text: &str) -> Result<(), InputError> {
        let h = &mut input.holds;
        let q = &mut input.movement;
        let m = &mut input.mobility;
        match self {
            Field::Extensor => h.extensor = Some(text.parse::<Seconds>()?),
            Field::Flexor => h.flexor = Some(text.parse::<Seconds>()?),
            Field::SideBridgeRight => h.side_bridge_right = Some(text.parse::<Seconds>()?),
            Field::SideBridgeLeft => h.side_bridge_left = Some(text.parse::<Seconds>()?),
            Field::PronePlank => h.prone_plank = Some(text.parse::<Seconds>()?),
            Field::HipHinge => q.hip_hinge = Some(text.parse::<Score03>()?),
            Field::BirdDog => q.bird_dog = Some(text.parse::<Score03>()?),
            Field::DeadBug => q.dead_bug = Some(text.parse::<Score03>()?),
            Field::ToeTouch => m.toe_touch_cm = Some(text.parse::<ReachCm>()?),
            Field::Aslr => m.aslr_degrees = Some(text.parse::<LegRaiseDegrees>()?),
            Field::ThomasLeft => m.thomas_left = Some(pass_fail(text)?),
            Field::ThomasRight => m.thomas_right = Some(pass_fail(text)?),
            Field::ThoracicLeft => m.thoracic_rotation_left = Some(text.parse::<Score03>()?),
            Field::ThoracicRight => m.thoracic_rotation_right = Some(text.parse::<Score03>()?),
            Field::KneeToWallLeft => m.knee_to_wall_left_cm = Some(text.parse::<KneeToWallCm>()?),
            Field::KneeToWallRight => m.knee_to_wall_right_cm = Some(text.parse::<KneeToWallCm>()?),
            Field::PainNow => input.pain_now = Some(text.parse::<Pain>()?),
        }
        Ok(())
    }
}

impl AssessmentFlags {
    fn value(&self, field: Field) -> Option<&str> {
        let v = match field {
            Field::Extensor => &self.extensor,
            Field::Flexor => &self.flexor,
            Field::SideBridgeRight => &self.side_bridge_right,
            Field::SideBridgeLeft => &self.side_bridge_left,
            Field::PronePlank => &self.prone_plank,
            Field::HipHinge => &self.hip_hinge,
            Field::BirdDog => &self.bird_dog,
            Field::DeadBug => &self.dead_bug,
            Field::ToeTouch => &self.toe_touch,
            Field::Aslr => &self.aslr,
            Field::ThomasLeft => &self.thomas_left,
            Field::ThomasRight => &self.thomas_right,
            Field::ThoracicLeft => &self.thoracic_left,
            Field::ThoracicRight => &self.thoracic_right,
            Field::KneeToWallLeft => &self.knee_to_wall_left,
            Field::KneeToWallRight => &self.knee_to_wall_right,
            Field::PainNow => &self.pain_now,
        };
        v.as_deref()
    }

    /// True when any test was given by flag.
    pub fn any(&self) -> bool {
        TESTS.iter().any(|t| self.value(t.field).is_some())
    }

    /// Validates every flag given into an assessment; unset tests are skipped.
    pub fn to_input(&self, date: Date) -> Result<AssessmentInput, InputError> {
        let mut input = empty(date);
        for t in TESTS {
            if let Some(text) = self.value(t.field) {
                t.field
                    .set(&mut input, text)
                    .map_err(|e| e.in_field(t.flag))?;
            }
        }
        Ok(input)
    }
}

fn empty(date: Date) -> AssessmentInput {
    AssessmentInput {
        date,
        holds: EnduranceHolds::default(),
        movement: MovementQuality::default(),
        mobility: Mobility::default(),
        pain_now: None,
    }
}

/// The assessment from flags, or asked test by test.
///
/// Flags only when `interactive` is false or any flag was given (unset tests
/// are skipped); otherwise each test is asked with its one-line instruction,
/// and a blank answer skips it.
pub fn collect(
    prompter: &mut Prompter,
    flags: &AssessmentFlags,
    date: Date,
    interactive: bool,
) -> anyhow::Result<AssessmentInput> {
    if !interactive || flags.any() {
        return Ok(flags.to_input(date)?);
    }
    let mut input = empty(date);
    for t in TESTS {
        prompter.say(&format!("\n{}: {}", t.question(), t.how()));
        let answered = prompter.ask(t.question(), t.hint, |text| {
            let mut next = input.clone();
            t.field
                .set(&mut next, text)
                .map_err(|e| e.in_field(t.flag.trim_start_matches('-')))?;
            Ok(next)
        })?;
        if let Some(next) = answered {
            input = next;
        }
    }
    Ok(input)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use keel_app::enrol::measured_anything;

    fn day() -> Date {
        jiff::civil::date(2026, 3, 2)
    }

    #[test]
    fn every_test_has_a_flag_clap_knows() {
        use clap::CommandFactory;
        #[derive(clap::Parser)]
        struct Wrap {
            #[command(flatten)]
            flags: AssessmentFlags,
        }
        let cmd = Wrap::command();
        for t in TESTS {
            let long = t.flag.trim_start_matches("--");
            assert!(
                cmd.get_arguments().any(|a| a.get_long() == Some(long)),
                "{long}"
            );
        }
        assert_eq!(cmd.get_arguments().count(), TESTS.len());
        // Every test has its question and instruction in the shared table.
        for t in TESTS {
            assert!(t.instruction().is_some(), "no instruction for {}", t.flag);
        }
    }

    #[test]
    fn negative_numbers_reach_validation_but_flags_are_not_swallowed() {
        use clap::Parser;
        #[derive(clap::Parser)]
        struct Wrap {
            #[command(flatten)]
            flags: AssessmentFlags,
        }
        let w = Wrap::try_parse_from(["x", "--extensor", "-5", "--toe-touch=-8"]).unwrap();
        assert_eq!(w.flags.extensor.as_deref(), Some("-5"));
        assert_eq!(w.flags.toe_touch.as_deref(), Some("-8"));
        assert!(Wrap::try_parse_from(["x", "--extensor", "--flexor", "10"]).is_err());
    }

    #[test]
    fn flags_validate_and_name_the_flag() {
        let flags = AssessmentFlags {
            extensor: Some("-5".into()),
            ..Default::default()
        };
        let err = flags.to_input(day()).unwrap_err();
        assert_eq!(err.field, "--extensor");
        assert!(
            err.to_string().contains("between 0 and 3600, got -5"),
            "{err}"
        );

        let flags = AssessmentFlags {
            hip_hinge: Some("4".into()),
            ..Default::default()
        };
        assert_eq!(flags.to_input(day()).unwrap_err().field, "--hip-hinge");

        let flags = AssessmentFlags {
            thomas_left: Some("maybe".into()),
            ..Default::default()
        };
        assert_eq!(flags.to_input(day()).unwrap_err().field, "--thomas-left");
    }

    #[test]
    fn flags_only_skip_unset_tests() {
        let flags = AssessmentFlags {
            extensor: Some("120".into()),
            thomas_right: Some("fail".into()),
            toe_touch: Some("-8".into()),
            ..Default::default()
        };
        assert!(flags.any());
        let mut p = Prompter::scripted("999\n");
        let input = collect(&mut p, &flags, day(), true).unwrap();
        assert_eq!(input.holds.extensor.unwrap().get(), 120);
        assert_eq!(input.holds.flexor, None);
        assert_eq!(input.mobility.thomas_right, Some(false));
        assert_eq!(input.mobility.toe_touch_cm.unwrap().get(), -8);
        assert!(measured_anything(&input));
    }

    #[test]
    fn no_flags_and_not_interactive_skips_everything() {
        let mut p = Prompter::scripted("120\n");
        let input = collect(&mut p, &AssessmentFlags::default(), day(), false).unwrap();
        assert_eq!(input, empty(day()));
        assert!(!measured_anything(&input));
    }

    #[test]
    fn asks_each_test_in_order_and_blank_skips() {
        // extensor 150, flexor skipped, sides 80/70, plank skipped, hip hinge 2,
        // then end of input skips the rest.
        let mut p = Prompter::scripted("150\n\n80\n70\n\n2\n");
        let input = collect(&mut p, &AssessmentFlags::default(), day(), true).unwrap();
        assert_eq!(input.holds.extensor.unwrap().get(), 150);
        assert_eq!(input.holds.flexor, None);
        assert_eq!(input.holds.side_bridge_right.unwrap().get(), 80);
        assert_eq!(input.holds.side_bridge_left.unwrap().get(), 70);
        assert_eq!(input.holds.prone_plank, None);
        assert_eq!(input.movement.hip_hinge.unwrap().get(), 2);
        assert_eq!(input.movement.bird_dog, None);
        assert_eq!(input.pain_now, None);
    }

    #[test]
    fn a_bad_scripted_answer_names_the_field() {
        let mut p = Prompter::scripted("100000\n");
        let err = collect(&mut p, &AssessmentFlags::default(), day(), true).unwrap_err();
        let text = format!("{err:#}");
        assert!(text.contains("extensor"), "{text}");
        assert!(crate::error::is_invalid_input(&err));
    }
}
