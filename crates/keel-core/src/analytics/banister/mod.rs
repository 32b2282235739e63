//! The impulse-response (fitness-fatigue) model: prediction, bounded
//! least-squares fit and the target forecast (docs/method.md §7).

mod fit;
mod forecast;
mod model;

pub use fit::{Fit, NotEnoughData, PARAMETERS, fit};
pub use forecast::{Forecast, forecast, forecast_target};
pub use model::{BanisterInput, BanisterParams, Observation, predict, sse};
