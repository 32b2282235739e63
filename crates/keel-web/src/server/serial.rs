//! One login at a time per name and per client. The throttle counts a
//! failure only once its password was checked, so without this a burst of
//! simultaneous guesses would all pass the throttle before the first one
//! failed; in turn, each attempt sees every earlier outcome, and at most
//! the throttle's allowance of guesses is ever checked.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use keel_app::auth::ThrottleKey;
use tokio::sync::OwnedMutexGuard;

#[derive(Default)]
pub struct Serial {
    keys: Mutex<HashMap<ThrottleKey, Arc<tokio::sync::Mutex<()>>>>,
}

/// The right to attempt a login with some keys; dropping it lets the next go.
pub struct Turn<'a> {
    serial: &'a Serial,
    guards: Vec<OwnedMutexGuard<()>>,
}

impl Serial {
    /// Waits until no other login holds any of `keys`. Keys are always
    /// taken in the order given (a name, then a client), so two attempts
    /// can never each hold what the other waits for.
    pub async fn turn(&self, keys: &[ThrottleKey]) -> Turn<'_> {
        let mut guards = Vec::with_capacity(keys.len());
        for key in keys {
            let lock = Arc::clone(self.map().entry(key.clone()).or_default());
            guards.push(lock.lock_owned().await);
        }
        Turn {
            serial: self,
            guards,
        }
    }

    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<ThrottleKey, Arc<tokio::sync::Mutex<()>>>> {
        self.keys
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    #[cfg(test)]
    fn tracked(&self) -> usize {
        self.map().len()
    }
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        self.guards.clear();
        // Forget keys nobody holds or waits for (only the map has them), so
        // memory stays bounded by the logins in progress.
        self.serial
            .map()
            .retain(|_, lock| Arc::strong_count(lock) > 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_second_turn_on_a_shared_key_waits_and_keys_are_forgotten() {
        let serial = Serial::default();
        let ana = ThrottleKey::Account("ana".into());
        let client = ThrottleKey::Client("192.0.2.1".into());
        let first = serial.turn(&[ana.clone(), client.clone()]).await;
        // Another name from another client goes at once.
        let other = serial
            .turn(&[
                ThrottleKey::Account("ben".into()),
                ThrottleKey::Client("192.0.2.2".into()),
            ])
            .await;
        drop(other);
        let waiting = tokio::time::timeout(
            std::time::Duration::from_millis(50),
            serial.turn(std::slice::from_ref(&client)),
        )
        .await;
        assert!(waiting.is_err(), "the shared client key was free");
        drop(first);
        assert_eq!(serial.tracked(), 0);
        let second = serial.turn(&[ana, client]).await;
        assert_eq!(serial.tracked(), 2);
        drop(second);
        assert_eq!(serial.tracked(), 0);
    }
}
