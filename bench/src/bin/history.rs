//! `history YEARS DB`: YEARS years of training up to the day before
//! 2026-11-23 (a Monday) simulated through the real services into a new
//! SQLite file DB (see `keel_bench::history`).
// A measuring tool: a failure should stop it loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [years, db] = args.as_slice() else {
        eprintln!("usage: history YEARS DB");
        std::process::exit(2);
    };
    let years: i64 = years.parse().expect("YEARS is a number");
    let path = std::path::Path::new(db);
    assert!(!path.exists(), "{db} exists; give a new file");
    let mut store = keel_store::SqliteStore::open(path).expect("DB can be created");
    let started = std::time::Instant::now();
    let sets =
        keel_bench::history::sets_in(&keel_bench::history::simulate(&mut store, years * 52, 1));
    eprintln!(
        "{years} years: {sets} sets in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
