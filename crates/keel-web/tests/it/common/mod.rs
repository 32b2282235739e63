//! Setup shared by the keel-web integration tests: a store onboarded the
//! way the onboarding flow writes it and, with the `postgres` feature, a
//! private PostgreSQL schema per test.
#![allow(dead_code)]

use jiff::civil::{Date, date};
use keel_app::journal::Journal;
use keel_app::record::target_of;
use keel_core::assessment::{self, AssessmentInput, EnduranceHolds, Mobility, MovementQuality};
use keel_core::catalog::Catalog;
use keel_core::measure::{Pain, Score03, Seconds};
use keel_core::profile::{Profile, TrainingAge, TrainingDays};
use keel_core::program::{self, GenerateInput};
use keel_store::{SafetyEvent, ScreenContext, Store, Write};

#[cfg(feature = "postgres")]
pub mod bearer;
pub mod contract;
#[cfg(feature = "postgres")]
pub mod form;
pub mod headers;
pub mod json;
pub mod log;
#[cfg(feature = "postgres")]
pub mod pages;
#[cfg(feature = "postgres")]
pub mod pg;
pub mod sqlite;
pub mod wire;

/// The Host the tests send; the server only answers its own.
pub const HOST: &str = "127.0.0.1:7878";
/// The same-site Origin for that Host.
pub const ORIGIN: &str = "http://127.0.0.1:7878";

/// A Monday, the plan's first day (a training day: Mon, Wed, Fri).
pub const TODAY: Date = date(2026, 3, 2);

/// Profile, clear screen, assessment and plan, as onboarding writes them.
pub fn onboard(store: &mut dyn Store) {
    let profile = Profile {
        name: None,
        sex: None,
        training_age: TrainingAge::from_years(2.0),
        training_days: TrainingDays::parse("mon,wed,fri").unwrap(),
        light_days: false,
        equipment: Vec::new(),
        pain_now: Pain::new(1).unwrap(),
        units: Default::default(),
        inventory: Default::default(),
    };
    let s = |v: i64| Some(Seconds::new(v).unwrap());
    let q = |v: i64| Some(Score03::new(v).unwrap());
    let input = AssessmentInput {
        date: TODAY,
        holds: EnduranceHolds {
            extensor: s(120),
            flexor: s(100),
            side_bridge_right: s(60),
            side_bridge_left: s(55),
            prone_plank: s(70),
        },
        movement: MovementQuality {
            hip_hinge: q(2),
            bird_dog: q(2),
            dead_bug: q(2),
        },
        mobility: Mobility::default(),
        pain_now: Some(profile.pain_now),
    };
    let report = assessment::assess(&input, profile.sex, profile.training_age);
    let settings = store.settings().unwrap();
    let program = program::generate(GenerateInput {
        profile: &profile,
        tailoring: &report.tailoring,
        settings: &settings,
        catalog: Catalog::builtin(),
        start: TODAY,
    });
    store
        .apply(vec![
            Write::SaveProfile(profile),
            Write::Safety(SafetyEvent::Screen {
                date: TODAY,
                context: ScreenContext::Onboarding,
                flags: Vec::new(),
            }),
            Write::AddAssessment(input),
            Write::AddPlan {
                created_on: TODAY,
                program,
                link_latest_assessment: true,
            },
        ])
        .unwrap();
}

/// The target of the first slot in the session planned for TODAY.
pub fn first_target(store: &dyn Store) -> u32 {
    let journal = Journal::load(store).unwrap();
    let session = journal.session_planned_on(TODAY).unwrap().unwrap();
    target_of(&session.slots[0].prescription).value()
}

/// How many sets the store holds, over all sessions.
pub fn set_count(store: &dyn Store) -> usize {
    store
        .sessions(None, None)
        .unwrap()
        .iter()
        .map(|s| s.sets.len())
        .sum()
}
