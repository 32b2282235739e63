//! `cache-mechanisms DB`: what each mechanism of the cache layer
//! (`keel_app::cache`) gains on its scenario, in process, on a copy of the
//! 10-year history in the SQLite file DB (`bench/run.sh`'s
//! `target/bench-data/history-10y.db`; simulated into DB first when it
//! does not exist), and on PostgreSQL too when KEEL_BENCH_POSTGRES_URL or
//! KEEL_TEST_POSTGRES_URL is set (the same history in schema
//! `keel_cache_bench`, made afresh). BENCHMARKS.md, "Caching mechanisms",
//! keeps the table.
//!
//! Each scenario runs with the layer as the server has it (every
//! mechanism on) and with its one mechanism off, in alternating rounds,
//! and reports the median time an operation takes each way: the machine
//! is shared, so each pair is measured side by side.
// A measuring tool: a failure should stop it loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::Instant;

use jiff::civil::Date;
use keel_app::athlete_overview::{CoachSettings, summarize};
use keel_app::cache::{Cached, switches};
use keel_app::journal::{self, Journal};
use keel_app::record::{self, SetAnswers};
use keel_bench::history::{TODAY, sets_in, simulate};
use keel_core::engine::ReadinessCheck;
use keel_core::measure::{Pain, Readiness, Rpe};
use keel_core::program::Load;
use keel_store::{CheckIn, Memos, RevisionedStore, Store, Write};

/// Rounds of each pair (the median of these is reported).
const ROUNDS: usize = 7;

fn main() {
    let Some(db) = std::env::args().nth(1) else {
        eprintln!("usage: cache-mechanisms DB");
        std::process::exit(2);
    };
    let history = std::path::Path::new(&db);
    if !history.exists() {
        let started = Instant::now();
        let mut file = keel_store::SqliteStore::open(history).unwrap();
        let writes = simulate(&mut file, 10 * 52, 1);
        eprintln!(
            "# 10 years simulated: {} sets in {:.1} s",
            sets_in(&writes),
            started.elapsed().as_secs_f64()
        );
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("history.db");
    std::fs::copy(history, &path).unwrap();
    let file = keel_store::SqliteStore::open(&path).unwrap();
    println!("| backend | mechanism | scenario | with | without | gain |");
    println!("|---|---|---|---|---|---|");
    let user = file.user();
    let writes = keel_app::transfer::history_writes(&file).unwrap();
    measure_all("SQLite", &mut Cached::new(file, memos(), user));

    let url = std::env::var("KEEL_BENCH_POSTGRES_URL")
        .or_else(|_| std::env::var("KEEL_TEST_POSTGRES_URL"))
        .ok()
        .filter(|u| !u.is_empty());
    if let Some(url) = url {
        let schema = "keel_cache_bench";
        keel_store_postgres::PgBackend::drop_schema(&url, schema).unwrap();
        let backend = keel_store_postgres::PgBackend::connect_with(
            &url,
            Some(schema),
            keel_store_postgres::PoolOptions::default(),
        )
        .unwrap();
        let user = backend.user("athlete").unwrap();
        backend.store(user).apply(writes).unwrap();
        let memos = memos();
        measure_all(
            "PostgreSQL",
            &mut Cached::new(backend.store(user), Arc::clone(&memos), user),
        );
        let (with, without) = credential_pair(&backend, user, &memos);
        println!(
            "| PostgreSQL | credential's revision pre-read | read the journal (kept) for a \
             signed-in request | {} | {} | {:.0} % |",
            shown(with),
            shown(without),
            (without - with) / without * 100.0
        );
        keel_store_postgres::PgBackend::drop_schema(&url, schema).unwrap();
    }
}

/// The median seconds a request's journal read takes (the kept journal
/// at the data's revision) when the store is given the revision its
/// credential check read (as `PgBackend::store_of` does: the check's own
/// query returns it, at no extra cost) and when it reads it itself.
fn credential_pair(
    backend: &keel_store_postgres::PgBackend,
    user: keel_store::UserId,
    memos: &Arc<Memos>,
) -> (f64, f64) {
    use keel_store::Revisioned;
    let signed = keel_store_postgres::SignedIn {
        id: user,
        name: "athlete".into(),
        role: "athlete".into(),
        revision: backend.store(user).revision().unwrap(),
    };
    let ops = 200;
    let mut with = Vec::new();
    let mut without = Vec::new();
    for round in 0..=ROUNDS {
        for given in [true, false] {
            let started = Instant::now();
            for _ in 0..ops {
                let store = if given {
                    backend.store_of(&signed)
                } else {
                    backend.store(user)
                };
                let store = Cached::new(store, Arc::clone(memos), user);
                std::hint::black_box(Journal::load(&store).unwrap());
            }
            let per_op = started.elapsed().as_secs_f64() / f64::from(ops);
            if round > 0 {
                if given { &mut with } else { &mut without }.push(per_op);
            }
        }
    }
    (median(with), median(without))
}

fn memos() -> Arc<Memos> {
    Arc::new(Memos::new(16))
}

fn measure_all<S: RevisionedStore>(backend: &str, store: &mut Cached<S>) {
    let row = |mechanism: &str, scenario: &str, (with, without): (f64, f64)| {
        println!(
            "| {backend} | {mechanism} | {scenario} | {} | {} | {:.0} % |",
            shown(with),
            shown(without),
            (without - with) / without * 100.0
        );
    };
    row(
        "kept journal",
        "read the journal and today's session (the today page)",
        pair(store, &switches::KEPT_JOURNAL, 40, read_today),
    );
    row(
        "re-read of moved parts",
        "a readiness check-in, then the journal",
        pair(store, &switches::REREAD_MOVED, 20, check_in_then_read),
    );
    row(
        "guarded set write",
        "log a set (its planned session, then the commit)",
        pair(store, &switches::GUARDED_SET, 20, log_a_set),
    );
    row(
        "planned session carried over",
        "log a set (its planned session, then the commit)",
        pair(store, &switches::CARRY_PLANNED, 20, log_a_set),
    );
    row(
        "coach overview kept",
        "the coach's overview of the athlete",
        pair(store, &switches::OVERVIEW, 40, overview),
    );
}

fn shown(seconds: f64) -> String {
    if seconds < 1e-3 {
        format!("{:.1} µs", seconds * 1e6)
    } else {
        format!("{:.2} ms", seconds * 1e3)
    }
}

/// The median seconds an operation takes with `switch` on and off, `ops`
/// operations a round, rounds alternating (one untimed warm-up each).
fn pair(
    store: &mut dyn Store,
    switch: &switches::Switch,
    ops: usize,
    op: fn(&mut dyn Store, usize),
) -> (f64, f64) {
    let mut with = Vec::new();
    let mut without = Vec::new();
    let mut n = 0;
    for round in 0..=ROUNDS {
        for on in [true, false] {
            switch.set(on);
            let started = Instant::now();
            for _ in 0..ops {
                op(store, n);
                n += 1;
            }
            let per_op = started.elapsed().as_secs_f64() / ops as f64;
            if round > 0 {
                if on { &mut with } else { &mut without }.push(per_op);
            }
        }
    }
    switch.set(true);
    (median(with), median(without))
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn read_today(store: &mut dyn Store, _: usize) {
    let journal = Journal::load(store).unwrap();
    std::hint::black_box(journal.session_to_do_on(TODAY));
}

fn check_in_then_read(store: &mut dyn Store, n: usize) {
    let sum = Readiness::new(1 + (n % 3) as i64).unwrap();
    let check = ReadinessCheck {
        sleep: sum,
        fatigue: sum,
        stress: sum,
        soreness: sum,
    };
    let write = Write::AddCheckIn(CheckIn::Readiness { date: TODAY, check });
    journal::commit(store, vec![write]).unwrap();
    std::hint::black_box(Journal::load(store).unwrap());
}

/// As set logging does: the session planned today, then the set; the day
/// is cleared every 12 sets (untimed work kept small: one delete).
fn log_a_set(store: &mut dyn Store, n: usize) {
    let journal = Journal::load(store).unwrap();
    if n.is_multiple_of(12) && journal.session_logged(TODAY).is_some() {
        journal::commit(store, vec![Write::DeleteSession { date: TODAY }]).unwrap();
    }
    let journal = Journal::load(store).unwrap();
    let day: Date = TODAY;
    let planned = journal
        .session_planned_on(day)
        .unwrap()
        .expect("a session planned on the history's today");
    let slot = &planned.slots[n % planned.slots.len()];
    let answers = SetAnswers {
        actual: record::default_actual(&slot.prescription),
        load: Load::Bodyweight,
        rpe: Some(Rpe::new(7).unwrap()),
        quality_reps: None,
        faults: vec![],
        pain: Pain::new(0).unwrap(),
        sharp_pain: false,
        note: None,
        sides: Default::default(),
    };
    let set = record::logged_set(slot, day, answers).unwrap();
    journal::commit(store, vec![Write::AddSet(set)]).unwrap();
}

fn overview(store: &mut dyn Store, _: usize) {
    std::hint::black_box(summarize(store, TODAY, &CoachSettings::default()).unwrap());
}
