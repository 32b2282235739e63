//! A long training history made by the real services, for `history` (a
//! file for the ratio runs) and `server-load` (its athletes): each
//! training day (Mon, Wed, Fri; some skipped) a readiness check-in, the
//! session the engine prescribes with every set logged (mostly on target,
//! RPE 6-8, now and then pain 1/10 with a clear red-flag screen), the
//! session's RPE and minutes, stored by `journal::commit` with the engine's
//! decisions; at the end of each plan a retest and a new plan.

use jiff::ToSpan;
use jiff::civil::{Date, date};
use keel_app::journal::{self, Journal};
use keel_app::record::{self, SetAnswers, target_of};
use keel_app::steps;
use keel_core::assessment::{self, AssessmentInput, EnduranceHolds, Mobility, MovementQuality};
use keel_core::catalog::Catalog;
use keel_core::engine::ReadinessCheck;
use keel_core::measure::{Pain, Readiness, Rpe, Score03, Seconds};
use keel_core::profile::{Profile, TrainingAge, TrainingDays};
use keel_core::program::{self, GenerateInput};
use keel_core::redflag::Screen;
use keel_store::{CheckIn, SafetyEvent, ScreenContext, SessionSummary, Store, Write};

use crate::Rng;

/// The history's "today": a Monday; the history ends the day before.
pub const TODAY: Date = date(2026, 11, 23);

fn profile() -> Profile {
    Profile {
        name: None,
        sex: None,
        training_age: TrainingAge::from_years(2.0),
        training_days: TrainingDays::parse("mon,wed,fri").unwrap(),
        light_days: false,
        equipment: Vec::new(),
        pain_now: Pain::new(1).unwrap(),
        units: Default::default(),
        inventory: Default::default(),
    }
}

/// A retest: holds a little longer each cycle.
fn assessment_on(day: Date, cycle: i64, rng: &mut Rng) -> AssessmentInput {
    let mut s = |base: i64| Some(Seconds::new(base + cycle * 6 + rng.below(8) as i64).unwrap());
    let q = |v: i64| Some(Score03::new(v).unwrap());
    AssessmentInput {
        date: day,
        holds: EnduranceHolds {
            extensor: s(90),
            flexor: s(75),
            side_bridge_right: s(45),
            side_bridge_left: s(42),
            prone_plank: s(55),
        },
        movement: MovementQuality {
            hip_hinge: q(2),
            bird_dog: q(2),
            dead_bug: q(2),
        },
        mobility: Mobility::default(),
        pain_now: Some(Pain::new(1).unwrap()),
    }
}

/// `weeks` weeks of training up to the day before [`TODAY`], through the
/// real services into `store`; returns the writes, in order, that rebuild
/// it (the engine's decisions included), for copying it into other stores.
pub fn simulate(store: &mut dyn Store, weeks: i64, seed: u64) -> Vec<Write> {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut log: Vec<Write> = Vec::new();
    let apply = |store: &mut dyn Store, writes: Vec<Write>, log: &mut Vec<Write>| {
        log.extend(writes.iter().cloned());
        store.apply(writes).unwrap();
    };
    let profile = profile();
    let start = TODAY.checked_sub((weeks * 7).days()).unwrap();
    apply(
        store,
        vec![
            Write::SaveProfile(profile.clone()),
            Write::Safety(SafetyEvent::Screen {
                date: start,
                context: ScreenContext::Onboarding,
                flags: Vec::new(),
            }),
        ],
        &mut log,
    );
    let skip_percent = 5 + seed % 4 * 5;
    let mut day = start;
    let mut cycle = 0;
    let mut plan_ends = start;
    while day < TODAY {
        if day >= plan_ends {
            if let Some(plan) = store.current_plan().unwrap() {
                log.push(Write::ReplaceDecisions {
                    plan_version: plan.version,
                    decisions: store.decisions(plan.version).unwrap(),
                });
            }
            let input = assessment_on(day, cycle, &mut rng);
            let report = assessment::assess(&input, profile.sex, profile.training_age);
            let program = program::generate(GenerateInput {
                profile: &profile,
                tailoring: &report.tailoring,
                settings: &store.settings().unwrap(),
                catalog: Catalog::builtin(),
                start: day,
            });
            let weeks = i64::try_from(program.weeks.len()).unwrap();
            plan_ends = day.checked_add((weeks * 7).days()).unwrap();
            apply(
                store,
                vec![
                    Write::AddAssessment(input),
                    Write::AddPlan {
                        created_on: day,
                        program,
                        link_latest_assessment: true,
                    },
                ],
                &mut log,
            );
            cycle += 1;
        }
        train(store, day, skip_percent, &mut rng, &mut log);
        day = day.tomorrow().unwrap();
    }
    let plan = store.current_plan().unwrap().unwrap();
    log.push(Write::ReplaceDecisions {
        plan_version: plan.version,
        decisions: store.decisions(plan.version).unwrap(),
    });
    log
}

/// One day: when a session is planned (and not skipped), a readiness
/// check-in, every set of it and the session's RPE and minutes.
fn train(store: &mut dyn Store, day: Date, skip_percent: u64, rng: &mut Rng, log: &mut Vec<Write>) {
    let journal = Journal::load(store).unwrap();
    if journal.session_on(day).is_none() || rng.below(100) < skip_percent {
        return;
    }
    let r = |rng: &mut Rng| Readiness::new(2 + rng.below(3) as i64).unwrap();
    let check_in = Write::AddCheckIn(CheckIn::Readiness {
        date: day,
        check: ReadinessCheck {
            sleep: r(rng),
            fatigue: r(rng),
            stress: r(rng),
            soreness: r(rng),
        },
    });
    log.push(check_in.clone());
    store.apply(vec![check_in]).unwrap();
    let journal = Journal::load(store).unwrap();
    let Some(session) = journal.session_planned_on(day).unwrap() else {
        return;
    };
    let mut sets = Vec::new();
    for slot in steps::today(&session, None, &journal.settings) {
        let target = target_of(&slot.slot.prescription).value();
        for step in &slot.steps {
            // Mostly on target, sometimes a little short or over.
            let actual = match rng.below(10) {
                0 => target.saturating_sub(1 + target / 10),
                1 => target + 1,
                _ => target,
            };
            let pain = if rng.below(25) == 0 { 1 } else { 0 };
            let answers = SetAnswers {
                actual: actual.max(1),
                load: slot.slot.prescription.load(),
                rpe: Some(Rpe::new(6 + rng.below(3) as i64).unwrap()),
                quality_reps: None,
                faults: Vec::new(),
                pain: Pain::new(pain).unwrap(),
                sharp_pain: false,
                note: step.note(),
                sides: Default::default(),
            };
            sets.push(record::logged_set(&slot.slot, day, answers).unwrap());
        }
    }
    let screen = record::needs_screen(&sets).then(|| (day, Screen::clear()));
    let mut writes = record::writes(sets, screen);
    writes.push(Write::SummarizeSession {
        date: day,
        summary: SessionSummary {
            minutes: Some(25 + rng.below(15) as u16),
            session_rpe: Some(Rpe::new(5 + rng.below(3) as i64).unwrap()),
            note: None,
        },
    });
    log.extend(writes.iter().cloned());
    journal::commit(store, writes).unwrap();
}

pub fn sets_in(writes: &[Write]) -> usize {
    writes
        .iter()
        .filter(|w| matches!(w, Write::AddSet(_)))
        .count()
}
