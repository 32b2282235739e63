//! A check-in as the API answers it (`GET /api/v1/checkins`, `POST`).

use jiff::civil::Date;
use keel_store as store;
use serde::Serialize;

/// The readiness check before a session (each 1-7, higher is worse) or the
/// next-morning check.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum CheckIn {
    Readiness {
        date: Date,
        check: Readiness,
    },
    Morning {
        date: Date,
        pain_back_to_usual: bool,
        stiffness_back_to_usual: bool,
        /// Muscle soreness, 0-10.
        soreness: u8,
    },
}

#[derive(Debug, Serialize)]
pub struct Readiness {
    pub sleep: u8,
    pub fatigue: u8,
    pub stress: u8,
    pub soreness: u8,
}

impl From<store::CheckIn> for CheckIn {
    fn from(check_in: store::CheckIn) -> CheckIn {
        match check_in {
            store::CheckIn::Readiness { date, check } => CheckIn::Readiness {
                date,
                check: Readiness {
                    sleep: check.sleep.get(),
                    fatigue: check.fatigue.get(),
                    stress: check.stress.get(),
                    soreness: check.soreness.get(),
                },
            },
            store::CheckIn::Morning(m) => CheckIn::Morning {
                date: m.date,
                pain_back_to_usual: m.pain_back_to_usual,
                stiffness_back_to_usual: m.stiffness_back_to_usual,
                soreness: m.soreness.get(),
            },
        }
    }
}
