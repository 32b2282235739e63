//! The acute:chronic workload ratio in its three published forms (Williams
//! et al. 2017, BJSM 51:209), as a description of load change. It is never
//! an injury risk: show [`ACWR_CRITICISM`] beside it.
//!
//! Conventions, for day `t` (0-based), acute window `a` days and chronic
//! window `c` days (defaults 7 and 28), rest days counted as 0:
//! - rolling coupled: acute mean of days `t-a+1..=t` / chronic mean of days
//!   `t-c+1..=t` (the chronic window includes the acute week);
//! - rolling uncoupled: the same acute mean / mean of days `t-c+1..=t-a`
//!   (the `c - a` days before the acute window);
//! - EWMA: `E_t = lambda * load_t + (1 - lambda) * E_(t-1)` with
//!   `lambda = 2 / (N + 1)` (N = a for acute, c for chronic), seeded with
//!   the first day's load (`E_0 = load_0`) so a first-day session does not
//!   read as a huge spike against a chronic value of zero.
//!
//! Each ratio is `None` ("not enough data yet") on the first `c - 1` days,
//! when fewer than `c` days of history exist, and when its chronic value is 0.

use jiff::civil::Date;
use serde::Serialize;

use super::series::LoadSeries;
use super::stats::prefix_sums;
use crate::error::InputError;

/// Shown beside every acute:chronic ratio.
pub const ACWR_CRITICISM: &str = "The acute:chronic ratio describes how this week's load compares with \
the past month's. It is not an injury risk: Impellizzeri et al. (2021, Sports Med 51:581) found it has \
little predictive value, and its statistical construction is questionable.";

/// What the ratio shows, in words for renderers.
pub const ACWR_MEANING: &str =
    "load change: above 1, this week is heavier than your recent average; below 1, lighter";

/// The acute and chronic windows, days; the chronic window is the longer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AcwrWindows {
    acute: usize,
    chronic: usize,
}

impl Default for AcwrWindows {
    fn default() -> Self {
        AcwrWindows {
            acute: 7,
            chronic: 28,
        }
    }
}

impl AcwrWindows {
    pub fn new(acute: usize, chronic: usize) -> Result<AcwrWindows, InputError> {
        if acute < 1 {
            return Err(InputError::new("acute-days", "must be at least 1"));
        }
        if chronic <= acute {
            return Err(InputError::new(
                "chronic-days",
                format!("must be longer than the acute window ({acute} days), got {chronic}"),
            ));
        }
        Ok(AcwrWindows { acute, chronic })
    }

    pub fn acute(self) -> usize {
        self.acute
    }

    pub fn chronic(self) -> usize {
        self.chronic
    }

    /// EWMA decay for a window of `n` days: 2 / (n + 1).
    pub fn lambda(n: usize) -> f64 {
        2.0 / (n as f64 + 1.0)
    }
}

/// One day's three ratios with the values they divide.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AcwrDay {
    pub date: Date,
    /// Rolling acute mean daily load (`None` before a full acute window).
    pub acute_mean: Option<f64>,
    pub coupled: Option<f64>,
    pub uncoupled: Option<f64>,
    pub ewma_acute: f64,
    pub ewma_chronic: f64,
    pub ewma: Option<f64>,
}

fn ratio(acute: f64, chronic: f64) -> Option<f64> {
    (chronic > 0.0).then(|| acute / chronic)
}

/// The three ratios for every day of the series, in O(n).
pub fn acwr(series: &LoadSeries, windows: AcwrWindows) -> Vec<AcwrDay> {
    let xs = series.loads();
    let sums = prefix_sums(xs);
    let (a, c) = (windows.acute, windows.chronic);
    let (la, lc) = (AcwrWindows::lambda(a), AcwrWindows::lambda(c));
    let first = xs.first().copied().unwrap_or(0.0);
    let (mut ea, mut ec) = (first, first);
    xs.iter()
        .enumerate()
        .map(|(i, &load)| {
            if i > 0 {
                ea = la * load + (1.0 - la) * ea;
                ec = lc * load + (1.0 - lc) * ec;
            }
            let window_mean = |len: usize, end: usize| (sums[end] - sums[end - len]) / len as f64;
            let acute_mean = (i + 1 >= a).then(|| window_mean(a, i + 1));
            let full = i + 1 >= c;
            let (coupled, uncoupled) = match acute_mean {
                Some(acute) if full => (
                    ratio(acute, window_mean(c, i + 1)),
                    ratio(acute, window_mean(c - a, i + 1 - a)),
                ),
                _ => (None, None),
            };
            AcwrDay {
                date: series.date(i),
                acute_mean,
                coupled,
                uncoupled,
                ewma_acute: ea,
                ewma_chronic: ec,
                ewma: if full { ratio(ea, ec) } else { None },
            }
        })
        .collect()
}
