//! Import throughput: a generated 200,000-row Strong export parsed, and
//! parsed then stored in SQLite. Target: at least 100,000 rows a second.
//! Run: `cargo bench -p keel-io --bench import`; numbers in BENCHMARKS.md.

use std::fmt::Write as _;

use keel_io::import;
use keel_store::{SqliteStore, Store, Write};

const ROWS: usize = 200_000;

fn main() {
    divan::main();
}

/// A Strong comma export: workouts of 20 sets over 5 exercises (some in the
/// catalog, some the user's own), with warm-up, failure and drop flags,
/// rest-timer rows and notes.
fn strong_csv(rows: usize) -> Vec<u8> {
    const EXERCISES: [&str; 5] = [
        "Deadlift (Barbell)",
        "Romanian Deadlift (Barbell)",
        "Hip Thrust (Barbell)",
        "Lat Pulldown (Cable)",
        "Plank",
    ];
    let mut out = String::from(
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n",
    );
    for i in 0..rows {
        let workout = i / 20;
        let (day, minute) = (workout / 2, (workout % 2) * 600);
        let date = jiff::civil::date(2010, 1, 1)
            .checked_add(jiff::Span::new().days(day as i64))
            .unwrap_or(jiff::civil::date(2010, 1, 1));
        let exercise = EXERCISES[(i / 4) % 5];
        let order = match i % 20 {
            0 => "W".to_string(),
            7 => "F".to_string(),
            11 => "D".to_string(),
            19 => "Rest Timer".to_string(),
            n => (n % 4 + 1).to_string(),
        };
        let rpe = if i % 3 == 0 { "8.5" } else { "" };
        let note = if i % 50 == 0 {
            "\"felt strong, \"\"easy\"\"\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "{date} {:02}:{:02}:00,\"Legs {}\",1h 5m,\"{exercise}\",{order},{}.5,{},0,0.0,{note},,{rpe}",
            8 + minute / 60,
            minute % 60,
            workout % 7,
            40 + i % 100,
            1 + i % 12,
        );
    }
    out.into_bytes()
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn parse_200k_rows(bencher: divan::Bencher) {
    let bytes = strong_csv(ROWS);
    bencher
        .counter(divan::counter::ItemsCount::new(ROWS))
        .bench_local(|| {
            let parsed = import::parse("bench.csv", divan::black_box(&bytes));
            assert!(parsed.is_ok_and(|p| p.rows_read == ROWS));
        });
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn parse_and_store_200k_rows(bencher: divan::Bencher) {
    let bytes = strong_csv(ROWS);
    bencher
        .counter(divan::counter::ItemsCount::new(ROWS))
        .with_inputs(|| {
            let dir = tempfile::tempdir().ok();
            let store = dir
                .as_ref()
                .and_then(|d| SqliteStore::open(&d.path().join("bench.db")).ok());
            (dir, store)
        })
        .bench_local_values(|(_dir, store)| {
            let Some(mut store) = store else {
                panic!("cannot open a temporary database")
            };
            let Ok(parsed) = import::parse("bench.csv", &bytes) else {
                panic!("the generated file parses")
            };
            let known = store.imported_keys().unwrap_or_default();
            let own = store.user_exercises().unwrap_or_default();
            let plan = import::plan(parsed, &known, &own);
            assert!(
                store
                    .apply(vec![Write::Import {
                        sets: plan.new_sets
                    }])
                    .is_ok()
            );
        });
}
