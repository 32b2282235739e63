//! Helpers for `bench/run.sh` (the ratios in BENCHMARKS.md), kept out of the
//! product crates: a Strong export generator, a history simulator and a
//! bare axum server. Each binary in `src/bin` is one of them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod history;
pub mod strong;

/// A tiny deterministic generator (xorshift), so every run makes the same data.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// 0..n
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}
