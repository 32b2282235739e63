//! `strong-csv ROWS OUT`: writes a generated Strong export of ROWS rows.
// A measuring tool: a failure should stop it loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [rows, out] = args.as_slice() else {
        eprintln!("usage: strong-csv ROWS OUT");
        std::process::exit(2);
    };
    let rows: usize = rows.parse().expect("ROWS is a number");
    std::fs::write(out, keel_bench::strong::strong_csv(rows)).expect("OUT is writable");
}
