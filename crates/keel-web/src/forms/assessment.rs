//! The assessment's tests as a form posts them (the onboarding and retest
//! pages, and the API, which sends the same fields): each into its core
//! type, naming the test that was wrong.

use jiff::civil::Date;
use keel_core::InputError;
use keel_core::assessment::instructions::INSTRUCTIONS;
use keel_core::assessment::{AssessmentInput, EnduranceHolds, Mobility, MovementQuality};
use keel_core::measure::{KneeToWallCm, LegRaiseDegrees, Pain, ReachCm, Score03, Seconds};

use super::Fields;

/// The id of a test's control.
pub fn test_id(key: &str) -> String {
    format!("t-{key}")
}

fn pass_fail(text: &str) -> Result<bool, InputError> {
    match text.to_ascii_lowercase().as_str() {
        "pass" => Ok(true),
        "fail" => Ok(false),
        _ => Err(InputError::new(
            "thomas",
            format!("expected pass or fail, got {text:?}"),
        )),
    }
}

fn set(input: &mut AssessmentInput, key: &str, text: &str) -> Result<(), InputError> {
    let h = &mut input.holds;
    let q = &mut input.movement;
    let m = &mut input.mobility;
    match key {
        "extensor" => h.extensor = Some(text.parse::<Seconds>()?),
        "flexor" => h.flexor = Some(text.parse::<Seconds>()?),
        "side-bridge-right" => h.side_bridge_right = Some(text.parse::<Seconds>()?),
        "side-bridge-left" => h.side_bridge_left = Some(text.parse::<Seconds>()?),
        "prone-plank" => h.prone_plank = Some(text.parse::<Seconds>()?),
        "hip-hinge" => q.hip_hinge = Some(text.parse::<Score03>()?),
        "bird-dog" => q.bird_dog = Some(text.parse::<Score03>()?),
        "dead-bug" => q.dead_bug = Some(text.parse::<Score03>()?),
        "toe-touch" => m.toe_touch_cm = Some(text.parse::<ReachCm>()?),
        "aslr" => m.aslr_degrees = Some(text.parse::<LegRaiseDegrees>()?),
        "thomas-left" => m.thomas_left = Some(pass_fail(text)?),
        "thomas-right" => m.thomas_right = Some(pass_fail(text)?),
        "thoracic-left" => m.thoracic_rotation_left = Some(text.parse::<Score03>()?),
        "thoracic-right" => m.thoracic_rotation_right = Some(text.parse::<Score03>()?),
        "knee-to-wall-left" => m.knee_to_wall_left_cm = Some(text.parse::<KneeToWallCm>()?),
        "knee-to-wall-right" => m.knee_to_wall_right_cm = Some(text.parse::<KneeToWallCm>()?),
        "pain-now" => input.pain_now = Some(text.parse::<Pain>()?),
        other => return Err(InputError::new(other, "not a test Keel knows")),
    }
    Ok(())
}

/// Validates the posted tests; blank ones are skipped. Errors name the test.
pub fn parse_tests(f: &Fields, date: Date) -> Result<AssessmentInput, InputError> {
    check_tests(f, date).map_err(|mut all| all.remove(0).1)
}

/// Validates every posted test: the input, or each wrong one with the id
/// of its control (in the form's order).
pub fn check_tests(f: &Fields, date: Date) -> Result<AssessmentInput, Vec<(String, InputError)>> {
    let mut input = AssessmentInput {
        date,
        holds: EnduranceHolds::default(),
        movement: MovementQuality::default(),
        mobility: Mobility::default(),
        pain_now: None,
    };
    let mut problems = Vec::new();
    for t in INSTRUCTIONS {
        if let Some(text) = f.get(t.key)
            && let Err(e) = set(&mut input, t.key, text)
        {
            problems.push((test_id(t.key), e.in_field(t.question)));
        }
    }
    if problems.is_empty() {
        Ok(input)
    } else {
        Err(problems)
    }
}
