//! Tracking analytics (docs/method.md §7), each a pure function over
//! plain values the CLI reads from the store. Every convention (windows,
//! rest days, first days, what counts) is documented on its module:
//!
//! - [`series`]: session load = session RPE x minutes; daily loads with rest days as 0;
//! - [`load`]: rolling weekly load, monotony and strain;
//! - [`acwr`](mod@acwr): the acute:chronic ratio in its three published forms, with its criticism;
//! - [`trends`]: per-exercise hold, quality-rep and effort trends;
//! - [`tension`] and [`balance`]: time under tension per region per week, against the cap;
//! - [`adherence`](mod@adherence): planned against done;
//! - [`retest`]: retest comparisons and ratios over time;
//! - [`banister`]: the impulse-response model and the target forecast.
//!
//! "Not enough data yet" is always an explicit `None` or variant, never a
//! zero or a made-up number.

pub mod acwr;
pub mod adherence;
pub mod balance;
pub mod banister;
pub mod load;
pub mod retest;
pub mod series;
pub mod settings;
mod stats;
pub mod tension;
pub mod trends;

pub use acwr::{ACWR_CRITICISM, ACWR_MEANING, AcwrDay, AcwrWindows, acwr};
pub use adherence::{Adherence, AdherenceCount, WeekAdherence, adherence};
pub use balance::{RegionShare, WeekBalance, region_balance};
pub use load::{LoadDay, load_days};
pub use retest::{RatiosAt, ratios_over_time, retest_history};
pub use series::{DailyLoad, LoadSeries, SessionLoad, session_load};
pub use settings::AnalyticsSettings;
pub use tension::{
    RegionWeek, imported_set_seconds, set_seconds, time_under_tension,
    time_under_tension_with_imports, week_of,
};
pub use trends::{ExerciseTrend, TrendPoint, exercise_trends, exercise_trends_with_imports};
