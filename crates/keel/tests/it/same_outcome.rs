//! Same outcome from every front end (issue 17, point 2): one story of
//! actions (onboard, log sets with faults and pain, with quality reps and
//! without an RPE, correct one, clear an RPE, delete one, a session
//! summary with a note, check in, change a setting, a red flag, resume,
//! train on, retest, build a new plan version, delete a whole day) is told
//! through the CLI, through the web forms and through the JSON API, each on
//! a fresh SQLite file with the same dates, and what each stored must be
//! identical: every set with all its fields and per-side results, sessions
//! and their summaries, check-ins, settings, safety events, plan versions
//! and the stored decisions. What is compared, and what is left out
//! (the wall-clock `recorded_at`), is in [`common::stored::snapshot`].

use crate::common::fronts::{Athlete, Correction, Front, SetInput};
use crate::common::stored::{assert_same, snapshot};

const MON: &str = "2026-03-02";
const TUE: &str = "2026-03-03";
const WED: &str = "2026-03-04";
const THU: &str = "2026-03-05";
const FRI: &str = "2026-03-06";
const NEXT_MON: &str = "2026-03-09";
/// A day logged by mistake, then deleted whole.
const NEXT_WED: &str = "2026-03-11";
/// The day after the missed Wednesday session: a rest day that makes it up.
const NEXT_THU: &str = "2026-03-12";

/// The story, told by `athlete` through its front end. Sets are named by
/// their slot in the day's session (0 the first exercise); ids by their
/// place among the stored sets, oldest first.
fn story(athlete: &Athlete) {
    athlete.onboard(MON);
    athlete.readiness(MON, [3, 4, 2, 3]);
    // The bird dog (per side): each side's hold, a fault.
    athlete.log(
        MON,
        0,
        SetInput {
            right: Some(10),
            left: Some(8),
            rpe: Some(8),
            faults: &["rib-flare"],
            ..SetInput::default()
        },
    );
    // Its second set as one number, with pain (the screen answered clear).
    athlete.log(
        MON,
        0,
        SetInput {
            actual: Some(9),
            rpe: Some(7),
            pain: 2,
            note: Some("a twinge"),
            ..SetInput::default()
        },
    );
    // The curl-up (a hold), to be deleted.
    athlete.log(
        MON,
        2,
        SetInput {
            actual: Some(10),
            rpe: Some(6),
            ..SetInput::default()
        },
    );
    // The bend and pick-up (reps), at loads typed with their unit.
    athlete.log(
        MON,
        5,
        SetInput {
            actual: Some(8),
            load: Some("16kg"),
            rpe: Some(7),
            faults: &["pelvis-shift", "breathing-compromised"],
            ..SetInput::default()
        },
    );
    // Its second set with quality reps, and not rated for effort.
    athlete.log(
        MON,
        5,
        SetInput {
            actual: Some(9),
            load: Some("35 lb"),
            rpe: None,
            quality_reps: Some(8),
            ..SetInput::default()
        },
    );
    // Corrections: the bird dog's first set gets one number (its sides
    // go); its second more seconds, harder, another fault, a new note; the
    // first rep set its reps and quality reps.
    athlete.correct(
        MON,
        athlete.set_id(0),
        Correction {
            actual: Some(9),
            ..Correction::default()
        },
    );
    athlete.correct(
        MON,
        athlete.set_id(1),
        Correction {
            actual: Some(12),
            rpe: Some(9),
            faults: Some(&["lumbar-rounding"]),
            note: Some("held longer than I logged"),
            ..Correction::default()
        },
    );
    athlete.correct(
        MON,
        athlete.set_id(3),
        Correction {
            actual: Some(10),
            quality_reps: Some(7),
            ..Correction::default()
        },
    );
    athlete.delete(MON, athlete.set_id(2));
    athlete.summary_noted(MON, 40, 6, "short on time, felt strong");
    athlete.setting(MON, "progress-streak", 1);

    athlete.morning(TUE, true, false, 3);

    // Pain with a warning sign: the program halts; a check-in is still kept.
    athlete.readiness(WED, [2, 2, 2, 2]);
    athlete.log(
        WED,
        0,
        SetInput {
            actual: Some(8),
            rpe: Some(8),
            pain: 4,
            red_flags: &["night-pain"],
            ..SetInput::default()
        },
    );
    athlete.morning(THU, false, false, 5);
    athlete.resume(THU, "cleared by my physio");

    // Training goes on, and the decisions with it: the side bridge's three
    // sets and the extra set on the weaker (left) side.
    athlete.log(
        FRI,
        0,
        SetInput {
            right: Some(12),
            left: Some(11),
            rpe: Some(7),
            ..SetInput::default()
        },
    );
    for (right, left) in [(12, 10), (11, 10), (11, 9)] {
        athlete.log(
            FRI,
            1,
            SetInput {
                right: Some(right),
                left: Some(left),
                rpe: Some(8),
                ..SetInput::default()
            },
        );
    }
    athlete.log(
        FRI,
        1,
        SetInput {
            left: Some(8),
            rpe: Some(9),
            faults: &["pelvis-shift"],
            ..SetInput::default()
        },
    );
    athlete.log(
        FRI,
        5,
        SetInput {
            actual: Some(10),
            load: Some("bw"),
            rpe: Some(6),
            ..SetInput::default()
        },
    );
    // A correction that adds pain asks the screen (answered clear).
    athlete.correct(
        FRI,
        athlete.set_id(5),
        Correction {
            pain: Some(3),
            ..Correction::default()
        },
    );
    // The RPE of the first side bridge set was a guess: removed.
    athlete.correct(
        FRI,
        athlete.set_id(6),
        Correction {
            clear_rpe: true,
            ..Correction::default()
        },
    );
    athlete.summary(FRI, 35, 5);
    athlete.further_session(FRI, 20, 3);

    // A retest of two tests, a new plan version from it, its first set.
    athlete.retest(NEXT_MON, &[("extensor", 130), ("flexor", 110)]);
    athlete.new_plan(NEXT_MON);
    athlete.log(
        NEXT_MON,
        0,
        SetInput {
            actual: Some(8),
            rpe: Some(7),
            ..SetInput::default()
        },
    );
    // Wednesday logged by mistake and deleted whole: missed; Thursday
    // makes it up.
    athlete.log(
        NEXT_WED,
        0,
        SetInput {
            actual: Some(8),
            rpe: Some(7),
            ..SetInput::default()
        },
    );
    athlete.delete_day(NEXT_WED, NEXT_WED);
    athlete.log(
        NEXT_THU,
        0,
        SetInput {
            actual: Some(9),
            rpe: Some(6),
            sharp_pain: true,
            ..SetInput::default()
        },
    );
}

#[test]
fn the_cli_the_web_forms_and_the_api_store_the_same_story() {
    let athletes: Vec<Athlete> = Front::ALL.into_iter().map(Athlete::new).collect();
    for athlete in &athletes {
        story(athlete);
    }
    let snapshots: Vec<_> = athletes.iter().map(|a| snapshot(&a.env)).collect();
    // The story did happen: the onboarding screen, four pain screens (one
    // with a warning sign) and the resume; five training days; two plans.
    let cli = &snapshots[0];
    assert_eq!(
        cli["safety_events"].as_array().map(Vec::len),
        Some(6),
        "{cli}"
    );
    assert_eq!(cli["sessions"].as_array().map(Vec::len), Some(5), "{cli}");
    assert_eq!(cli["plans"].as_array().map(Vec::len), Some(2), "{cli}");
    assert_eq!(
        cli["sessions"][2]["more"].as_array().map(Vec::len),
        Some(1),
        "{cli}"
    );
    // The actions each front end must offer (issue 17, point 1) did
    // happen: quality reps at logging, a set not rated, a cleared RPE, the
    // session's note, the deleted day.
    let sets = athletes[0].sets();
    assert!(
        sets.iter()
            .any(|s| s.logged.set.quality_reps == Some(8) && s.logged.set.rpe.is_none()),
        "{cli}"
    );
    assert!(sets[6].logged.set.rpe.is_none(), "{cli}");
    assert_eq!(
        cli["sessions"][0]["note"], "short on time, felt strong",
        "{cli}"
    );
    assert!(
        !sets.iter().any(|s| s.logged.date.to_string() == NEXT_WED),
        "{cli}"
    );
    for (athlete, other) in athletes.iter().zip(&snapshots).skip(1) {
        assert_same(
            "the same story",
            Front::Cli.name(),
            cli,
            athlete.front.name(),
            other,
        );
    }
}

/// A warning sign at onboarding: the profile and the screen are kept, no
/// assessment and no plan, and the program is halted until a resume; the
/// same on every front end.
#[test]
fn a_warning_sign_at_onboarding_is_stored_the_same_by_every_front_end() {
    let athletes: Vec<Athlete> = Front::ALL.into_iter().map(Athlete::new).collect();
    let mut snapshots = Vec::new();
    for athlete in &athletes {
        athlete.onboard_answering(MON, &["leg-weakness", "night-pain"]);
        let halted = snapshot(&athlete.env);
        assert_eq!(halted["status"]["status"], "halted", "{halted}");
        assert_eq!(halted["plans"], serde_json::json!([]), "{halted}");
        athlete.resume(TUE, "seen by my GP");
        snapshots.push(snapshot(&athlete.env));
    }
    for (athlete, other) in athletes.iter().zip(&snapshots).skip(1) {
        assert_same(
            "a warning sign at onboarding",
            Front::Cli.name(),
            &snapshots[0],
            athlete.front.name(),
            other,
        );
    }
}
