//! Import throughput: a generated 200,000-row Strong export parsed, and
//! parsed then stored in SQLite. Target: at least 100,000 rows a second.
//! Run: `cargo bench -p keel-io --bench import`; numbers in BENCHMARKS.md.

use keel_io::import;
use keel_store::{SqliteStore, Store, Write};

const ROWS: usize = 200_000;

fn main() {
    divan::main();
}

/// The generator `bench/run.sh` uses too (keel-bench's `strong-csv`), so
/// both measure the same file.
#[path = "../../../bench/src/strong.rs"]
mod strong;

fn strong_csv(rows: usize) -> Vec<u8> {
    strong::strong_csv(rows).into_bytes()
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
