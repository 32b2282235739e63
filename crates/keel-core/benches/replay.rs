//! The replay after one more logged set (`replay_after_adding`, what every
//! logged set runs) beside a whole replay, on a plan trained to its last
//! set: a second plan version (the first's levels carried over), Mon/Wed/Fri,
//! every prescribed set logged, mostly on target.
//! Run: `cargo bench -p keel-core --bench replay`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::LazyLock;

use divan::black_box;
use jiff::civil::Date;
use keel_core::assessment::{self, AssessmentInput, EnduranceHolds, MovementQuality};
use keel_core::catalog::{Catalog, Kit};
use keel_core::engine::{Amount, EngineSettings, SetLog, target_of};
use keel_core::measure::{Pain, Rpe, Score03, Seconds};
use keel_core::profile::{Profile, TrainingAge, TrainingDays};
use keel_core::program::{GenerateInput, Load, Program, generate};
use keel_core::settings::PlanSettings;
use keel_core::training::{
    LoggedSet, Replay, ReplayInput, TrainingLog, carried_chains, replay, replay_after_adding,
    session_for,
};

struct Data {
    program: Program,
    log: TrainingLog,
    kit: Kit,
    settings: EngineSettings,
    /// The replay of `log` without its last set.
    before: Replay,
}

impl Data {
    fn input(&self) -> ReplayInput<'_> {
        ReplayInput {
            program: &self.program,
            log: &self.log,
            catalog: Catalog::builtin(),
            equipment: &self.kit,
            settings: &self.settings,
        }
    }

    fn added(&self) -> &LoggedSet {
        self.log.sets.last().unwrap()
    }
}

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

fn plan(start: Date, cycle: i64) -> Program {
    let s = |base: i64| Some(Seconds::new(base + cycle * 6).unwrap());
    let q = |v| Some(Score03::new(v).unwrap());
    let input = AssessmentInput {
        date: start,
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
        mobility: Default::default(),
        pain_now: Some(Pain::new(1).unwrap()),
    };
    let profile = profile();
    let report = assessment::assess(&input, profile.sex, profile.training_age);
    generate(GenerateInput {
        profile: &profile,
        tailoring: &report.tailoring,
        settings: &PlanSettings::default(),
        catalog: Catalog::builtin(),
        start,
    })
}

/// `a` one unit more (`up`) or less.
fn nudged(a: Amount, up: bool) -> Amount {
    let step = |v: u16| {
        if up {
            v + 1
        } else {
            v.saturating_sub(1).max(1)
        }
    };
    match a {
        Amount::Seconds(s) => Amount::Seconds(Seconds::new(i64::from(step(s.get()))).unwrap()),
        Amount::Reps(r) => Amount::Reps(u8::try_from(step(u16::from(r))).unwrap()),
        Amount::Metres(m) => Amount::Metres(step(m)),
    }
}

/// Every session of `program` trained, each set logged: on target but
/// for every seventh (one short) and eleventh (one over).
fn train(program: &Program, log: &mut TrainingLog, kit: &Kit, settings: &EngineSettings) {
    let mut n = 0u32;
    let days: Vec<Date> = program
        .weeks
        .iter()
        .flat_map(|w| w.days.iter().map(|d| d.date))
        .collect();
    for day in days {
        let done = replay(&ReplayInput {
            program,
            log,
            catalog: Catalog::builtin(),
            equipment: kit,
            settings,
        })
        .unwrap();
        let Some(session) = session_for(program, &done, day, None, settings) else {
            continue;
        };
        for slot in session.slots.iter().chain(session.transfer.iter()) {
            let p = &slot.prescription;
            for _ in 0..slot.prescription.sets() {
                n += 1;
                let wanted = target_of(p);
                let actual = match (n % 7, n % 11) {
                    (0, _) => nudged(wanted, false),
                    (_, 0) => nudged(wanted, true),
                    _ => wanted,
                };
                log.sets.push(LoggedSet {
                    date: day,
                    slot: slot.key.clone(),
                    exercise: slot.exercise.clone(),
                    prescription: p.clone(),
                    kind: slot.kind,
                    set: SetLog {
                        target: wanted,
                        actual,
                        sides: None,
                        load: match p.load() {
                            Load::ChooseForRpe => Load::Kg { kg: 12.0 },
                            other => other,
                        },
                        rpe: Some(Rpe::new(6 + i64::from(n % 3)).unwrap()),
                        quality_reps: None,
                        faults: Vec::new(),
                        pain: Pain::new(i64::from(n.is_multiple_of(25))).unwrap(),
                        sharp_pain: false,
                        note: None,
                    },
                });
            }
        }
    }
}

static DATA: LazyLock<Data> = LazyLock::new(|| {
    let profile = profile();
    let kit = profile.kit();
    let settings = EngineSettings::from_plan(&PlanSettings::default());
    let first = plan(Date::constant(2025, 1, 6), 0);
    let mut earlier = TrainingLog::default();
    train(&first, &mut earlier, &kit, &settings);
    let decided = replay(&ReplayInput {
        program: &first,
        log: &earlier,
        catalog: Catalog::builtin(),
        equipment: &kit,
        settings: &settings,
    })
    .unwrap();
    let end = first.weeks.last().unwrap().days.last().unwrap().date;
    let program = plan(end.tomorrow().unwrap(), 1);
    let versions: Vec<_> = decided.decisions.into_iter().map(|d| (1, d)).collect();
    let mut log = TrainingLog {
        carried: carried_chains(&versions, Catalog::builtin(), profile.units),
        ..TrainingLog::default()
    };
    train(&program, &mut log, &kit, &settings);
    let last = log.sets.pop().unwrap();
    let before = replay(&ReplayInput {
        program: &program,
        log: &log,
        catalog: Catalog::builtin(),
        equipment: &kit,
        settings: &settings,
    })
    .unwrap();
    log.sets.push(last);
    Data {
        program,
        log,
        kit,
        settings,
        before,
    }
});

fn main() {
    let data = &*DATA;
    eprintln!(
        "{} sets, {} decisions, {} chains carried over",
        data.log.sets.len(),
        data.before.decisions.len(),
        data.log.carried.len()
    );
    divan::main();
}

/// One more set at the end of the plan: its chain decided again.
#[divan::bench]
fn after_adding_one_set(bencher: divan::Bencher) {
    let data = &*DATA;
    let input = data.input();
    bencher
        .with_inputs(|| data.before.clone())
        .bench_values(|before| {
            replay_after_adding(before, black_box(&input), black_box(data.added())).unwrap()
        });
}

/// The whole log replayed, what a set dated before others costs.
#[divan::bench]
fn whole_replay() -> Replay {
    replay(black_box(&DATA.input())).unwrap()
}
