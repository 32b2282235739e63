//! Region balance: each region's share of a week's time under tension
//! against the region cap (`PlanSettings::region_cap_percent`, default 35 %).
//! A region is over the cap when its share, rounded to one decimal as the
//! plan shows it, is strictly above the cap: the program generator's test.

use jiff::civil::Date;
use serde::Serialize;

use super::tension::RegionWeek;
use crate::catalog::Region;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RegionShare {
    pub region: Region,
    pub seconds: f64,
    /// Percent of the week's total; `None` in a week with no work.
    pub percent: Option<f64>,
    pub over_cap: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekBalance {
    pub week_start: Date,
    pub total_seconds: f64,
    pub cap_percent: u8,
    pub shares: Vec<RegionShare>,
}

impl WeekBalance {
    pub fn over_cap(&self) -> impl Iterator<Item = Region> + '_ {
        self.shares.iter().filter(|s| s.over_cap).map(|s| s.region)
    }
}

pub fn region_balance(weeks: &[RegionWeek], cap_percent: u8) -> Vec<WeekBalance> {
    weeks
        .iter()
        .map(|w| {
            let total = w.total();
            let shares = w
                .seconds
                .iter()
                .map(|(&region, &seconds)| {
                    let percent = (total > 0.0).then(|| seconds / total * 100.0);
                    RegionShare {
                        region,
                        seconds,
                        percent,
                        // Judged on the share as shown (one decimal, like the plan's
                        // shares): catalog weights are f32, so an exact 30 % can
                        // compute as 30.000001 %.
                        over_cap: percent
                            .is_some_and(|p| (p * 10.0).round() / 10.0 > f64::from(cap_percent)),
                    }
                })
                .collect();
            WeekBalance {
                week_start: w.week_start,
                total_seconds: total,
                cap_percent,
                shares,
            }
        })
        .collect()
}
