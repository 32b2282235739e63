//! The server's wall clock. Session and token expiry and the login
//! throttle read it; production uses the system's time, and a test moves a
//! clock of its own forward instead of sleeping until time has passed.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use jiff::{SignedDuration, Timestamp};

/// The system's time plus an offset that only [`Clock::advance`] changes.
/// Clones share the offset, so a test keeps one and the server reads it.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    ahead_micros: Arc<AtomicI64>,
}

impl Clock {
    pub fn now(&self) -> Timestamp {
        let ahead = SignedDuration::from_micros(self.ahead_micros.load(Ordering::Relaxed));
        Timestamp::now()
            .checked_add(ahead)
            .unwrap_or_else(|_| Timestamp::now())
    }

    /// Moves this clock (and every clone of it) forward by `by`.
    pub fn advance(&self, by: SignedDuration) {
        let micros = i64::try_from(by.as_micros()).unwrap_or(i64::MAX);
        self.ahead_micros.fetch_add(micros, Ordering::Relaxed);
    }
}

/// Two settings are equal whatever their clocks read.
impl PartialEq for Clock {
    fn eq(&self, _: &Clock) -> bool {
        true
    }
}

impl Eq for Clock {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clone_moves_with_the_clock_it_came_from() {
        let clock = Clock::default();
        let server_side = clock.clone();
        let before = server_side.now();
        clock.advance(SignedDuration::from_hours(1));
        assert!(server_side.now() >= before + SignedDuration::from_hours(1));
    }
}
