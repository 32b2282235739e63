//! Weekly load, monotony and strain (Foster 1998, MSSE 30:1164).
//!
//! Conventions, for a day `t` and the rolling window of `w` days ending on
//! and including `t` (`w` = 7 by default, rest days counted as 0):
//! - weekly load = the sum of the window's daily loads;
//! - monotony = the window's mean daily load / its sample standard deviation
//!   (divisor `w - 1`);
//! - strain = weekly load x monotony.
//!
//! Every value is `None` ("not enough data yet") until the series holds a
//! full window (days `0..w-2` of the series), and monotony and strain are
//! also `None` when the standard deviation is 0 (every day alike, e.g. all
//! rest days): the ratio is undefined, not infinite.

use jiff::civil::Date;
use serde::Serialize;

use super::series::LoadSeries;
use super::stats::{ZERO_SD_RELATIVE, prefix_squares, prefix_sums};

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LoadDay {
    pub date: Date,
    pub load: f64,
    pub weekly: Option<f64>,
    pub monotony: Option<f64>,
    pub strain: Option<f64>,
}

/// Weekly load, monotony and strain for every day of the series, in O(n).
/// A `window` under 2 gives no monotony (a sample SD needs two days).
pub fn load_days(series: &LoadSeries, window: usize) -> Vec<LoadDay> {
    let xs = series.loads();
    let sums = prefix_sums(xs);
    let squares = prefix_squares(xs);
    let w = window.max(1);
    let n = w as f64;
    // Length of the run of equal loads ending on each day: a window inside
    // one run has SD exactly 0, which running sums would blur into noise.
    let mut run = 0usize;
    xs.iter()
        .enumerate()
        .map(|(i, &load)| {
            run = if i > 0 && xs[i - 1] == load {
                run + 1
            } else {
                1
            };
            let date = series.date(i);
            if i + 1 < w {
                return LoadDay {
                    date,
                    load,
                    weekly: None,
                    monotony: None,
                    strain: None,
                };
            }
            let a = i + 1 - w;
            let sum = sums[i + 1] - sums[a];
            let monotony = if w >= 2 {
                let sq = squares[i + 1] - squares[a];
                let mean = sum / n;
                let var = ((sq - sum * sum / n) / (n - 1.0)).max(0.0);
                let sd = var.sqrt();
                (run < w && sd > ZERO_SD_RELATIVE * mean.abs().max(1.0)).then(|| mean / sd)
            } else {
                None
            };
            LoadDay {
                date,
                load,
                weekly: Some(sum),
                monotony,
                strain: monotony.map(|m| sum * m),
            }
        })
        .collect()
}
