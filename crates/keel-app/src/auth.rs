//! Accounts on the coach server, without the database: password hashing
//! (Argon2id), opaque tokens stored only as SHA-256, roles, and a login
//! throttle. The store keeps hashes; the web and the CLI call these.
//!
//! Argon2id is slow on purpose (tens of milliseconds): async callers run
//! [`hash_password`] and [`verify_password`] in `spawn_blocking`.

use std::collections::{HashMap, VecDeque};
use std::fmt;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use jiff::{SignedDuration, Timestamp};
use keel_core::InputError;
use sha2::{Digest, Sha256};

/// The shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// The longest password accepted, in bytes: far beyond any passphrase, and
/// it bounds the work a login form can ask of the server.
pub const MAX_PASSWORD_BYTES: usize = 1024;
/// Random bytes in a session or API token (256 bits).
pub const TOKEN_BYTES: usize = 32;
/// How long an API token works unless its creator says otherwise, in days.
pub const DEFAULT_TOKEN_DAYS: i64 = 90;
/// The longest lifetime an API token may be given, in days (five years):
/// a token meant to outlive that should be made with no expiry on purpose.
pub const MAX_TOKEN_DAYS: i64 = 5 * 365;
/// Random bytes in a password's salt (128 bits, the PHC recommendation).
const SALT_BYTES: usize = 16;

/// What account handling can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// Input the user can fix (e.g. a password too short); nothing was changed.
    #[error(transparent)]
    Invalid(#[from] InputError),
    /// The operating system's random source failed; nothing was changed.
    #[error("the operating system's random source failed: {0}")]
    Randomness(String),
}

/// A password as a PHC string (`$argon2id$v=19$m=...,t=...,p=...$salt$hash`),
/// with a fresh random salt. Argon2id with the argon2 crate's defaults
/// (19 MiB, 2 passes, 1 lane: OWASP's recommended minimum).
pub fn hash_password(password: &str) -> Result<String, AuthError> {
    check_password(password)?;
    let mut salt = [0u8; SALT_BYTES];
    random_bytes(&mut salt)?;
    let salt = SaltString::encode_b64(&salt)
        .map_err(|e| AuthError::Randomness(format!("salt encoding: {e}")))?;
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| InputError::new("password", format!("cannot be hashed: {e}")).into())
}

/// Whether `password` matches the PHC string `phc`; false for anything
/// unreadable. The comparison is constant-time (argon2's output equality).
pub fn verify_password(password: &str, phc: &str) -> bool {
    if password.len() > MAX_PASSWORD_BYTES {
        return false;
    }
    let Ok(hash) = PasswordHash::new(phc) else {
        return false;
    };
    // The hash's own parameters and algorithm are used, so hashes made with
    // older settings still verify.
    hasher().verify_password(password.as_bytes(), &hash).is_ok()
}

fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

fn check_password(password: &str) -> Result<(), InputError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(InputError::new(
            "password",
            format!("is {chars} characters; use at least {MIN_PASSWORD_CHARS}"),
        ));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(InputError::new(
            "password",
            format!("is longer than {MAX_PASSWORD_BYTES} bytes"),
        ));
    }
    Ok(())
}

/// A freshly made token: `plaintext` goes to its holder once; only `hash`
/// is stored.
#[derive(Clone, PartialEq, Eq)]
pub struct NewToken {
    pub plaintext: String,
    pub hash: String,
}

impl fmt::Debug for NewToken {
    // Never print the secret by accident (logs, panics).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewToken")
            .field("plaintext", &"<redacted>")
            .field("hash", &self.hash)
            .finish()
    }
}

/// A session or API token: [`TOKEN_BYTES`] bytes from the OS, as lowercase
/// hex, with its [`token_hash`].
pub fn new_token() -> Result<NewToken, AuthError> {
    let mut bytes = [0u8; TOKEN_BYTES];
    random_bytes(&mut bytes)?;
    let plaintext = hex(&bytes);
    let hash = token_hash(&plaintext);
    Ok(NewToken { plaintext, hash })
}

/// The SHA-256 of a token, lowercase hex: what the database keeps. A plain
/// hash suffices (no salt, no stretching): tokens are 256 random bits, so
/// nothing can be guessed from the hash.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// When an API token made at `now` to last `days` days expires: `days`
/// must be 1 to [`MAX_TOKEN_DAYS`]; anything else is invalid input naming
/// `expires_in`.
pub fn token_expiry(now: Timestamp, days: i64) -> Result<Timestamp, InputError> {
    if !(1..=MAX_TOKEN_DAYS).contains(&days) {
        return Err(InputError::new(
            "expires_in",
            format!(
                "{days} is not a number of days a token can last; use 1 to {MAX_TOKEN_DAYS} \
                 (or no expiry)"
            ),
        ));
    }
    now.checked_add(SignedDuration::from_hours(24 * days))
        .map_err(|e| InputError::new("expires_in", format!("{days} days is too far: {e}")))
}

fn random_bytes(buffer: &mut [u8]) -> Result<(), AuthError> {
    getrandom::fill(buffer).map_err(|e| AuthError::Randomness(e.to_string()))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Sees and changes only their own data.
    Athlete,
    /// Invites athletes and sees those who accepted.
    Coach,
    /// Manages users.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Athlete, Role::Coach, Role::Admin];

    /// The name stored and typed (`athlete`, `coach`, `admin`).
    pub fn slug(self) -> &'static str {
        match self {
            Role::Athlete => "athlete",
            Role::Coach => "coach",
            Role::Admin => "admin",
        }
    }

    /// A role from its slug (case and surrounding spaces ignored).
    pub fn parse(text: &str) -> Result<Role, InputError> {
        let wanted = text.trim().to_ascii_lowercase();
        Role::ALL
            .into_iter()
            .find(|role| role.slug() == wanted)
            .ok_or_else(|| {
                InputError::new(
                    "role",
                    format!("{text:?} is not a role; use athlete, coach or admin"),
                )
            })
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// The numbers of the login throttle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottleSettings {
    /// Failed logins allowed per key within the window (default 5).
    pub max_failures: u32,
    /// The sliding window failures are counted in (default 15 minutes).
    pub window: SignedDuration,
    /// How long a key stays locked once it reached `max_failures` (default 15 minutes).
    pub lockout: SignedDuration,
}

impl Default for ThrottleSettings {
    fn default() -> Self {
        ThrottleSettings {
            max_failures: 5,
            window: SignedDuration::from_mins(15),
            lockout: SignedDuration::from_mins(15),
        }
    }
}

/// What failed logins are counted by: the account tried, and the client
/// trying (e.g. its IP address). The two never share a count.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ThrottleKey {
    Account(String),
    Client(String),
}

impl ThrottleKey {
    /// The key as kept in a database: `account:NAME` or `client:ADDRESS`,
    /// with `%` and NUL (which PostgreSQL text cannot hold) escaped as
    /// `%25` and `%00`, so two names never share a count.
    pub fn stored(&self) -> String {
        let (kind, text) = match self {
            ThrottleKey::Account(name) => ("account", name),
            ThrottleKey::Client(client) => ("client", client),
        };
        format!("{kind}:{}", text.replace('%', "%25").replace('\0', "%00"))
    }
}

/// One key's counts as kept outside the process (in the database, so that
/// several server processes share them).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeptCounts {
    /// Failures within the window, oldest first.
    pub failures: Vec<Timestamp>,
    pub locked_until: Option<Timestamp>,
}

/// Refused because a key is locked; try again at `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Locked {
    pub until: Timestamp,
}

/// Failed-login counts in memory, with the clock passed in. A login checks
/// every key it involves with [`LoginThrottle::check`] before verifying the
/// password, then records the outcome.
#[derive(Debug, Clone, Default)]
pub struct LoginThrottle {
    settings: ThrottleSettings,
    keys: HashMap<ThrottleKey, KeyState>,
}

#[derive(Debug, Clone, Default)]
struct KeyState {
    /// Failures within the window, oldest first.
    failures: VecDeque<Timestamp>,
    locked_until: Option<Timestamp>,
}

impl KeyState {
    fn forget_before(&mut self, now: Timestamp, window: SignedDuration) {
        let start = now.saturating_sub(window).unwrap_or(now);
        while self.failures.front().is_some_and(|at| *at <= start) {
            self.failures.pop_front();
        }
        if self.locked_until.is_some_and(|until| until <= now) {
            self.locked_until = None;
        }
    }

    fn is_idle(&self) -> bool {
        self.failures.is_empty() && self.locked_until.is_none()
    }
}

impl LoginThrottle {
    pub fn new(settings: ThrottleSettings) -> LoginThrottle {
        LoginThrottle {
            settings,
            keys: HashMap::new(),
        }
    }

    pub fn settings(&self) -> ThrottleSettings {
        self.settings
    }

    /// A throttle holding the kept counts of some keys (see [`Self::counts`]).
    pub fn with_counts(
        settings: ThrottleSettings,
        counts: impl IntoIterator<Item = (ThrottleKey, KeptCounts)>,
    ) -> LoginThrottle {
        let keys = counts
            .into_iter()
            .map(|(key, kept)| {
                let state = KeyState {
                    failures: kept.failures.into(),
                    locked_until: kept.locked_until,
                };
                (key, state)
            })
            .collect();
        LoginThrottle { settings, keys }
    }

    /// The counts of `key` now, to be kept (none when it is idle).
    pub fn counts(&self, key: &ThrottleKey) -> KeptCounts {
        self.keys
            .get(key)
            .map(|state| KeptCounts {
                failures: state.failures.iter().copied().collect(),
                locked_until: state.locked_until,
            })
            .unwrap_or_default()
    }

    /// `Err` with the latest unlock time when any of `keys` is locked at `now`.
    pub fn check(&self, keys: &[ThrottleKey], now: Timestamp) -> Result<(), Locked> {
        let until = keys
            .iter()
            .filter_map(|key| self.keys.get(key)?.locked_until)
            .filter(|until| *until > now)
            .max();
        match until {
            Some(until) => Err(Locked { until }),
            None => Ok(()),
        }
    }

    /// Counts a failed login against each of `keys`; a key reaching
    /// `max_failures` within the window is locked for `lockout`.
    pub fn record_failure(&mut self, keys: &[ThrottleKey], now: Timestamp) {
        let settings = self.settings;
        for key in keys {
            let state = self.keys.entry(key.clone()).or_default();
            state.forget_before(now, settings.window);
            state.failures.push_back(now);
            if state.failures.len() >= usize::try_from(settings.max_failures).unwrap_or(usize::MAX)
            {
                state.failures.clear();
                state.locked_until = Some(now.saturating_add(settings.lockout).unwrap_or(now));
            }
        }
        self.forget_idle(now);
    }

    /// A successful login clears the failures counted against `keys` (a lock
    /// in force stays: [`LoginThrottle::check`] refuses before this).
    pub fn record_success(&mut self, keys: &[ThrottleKey]) {
        for key in keys {
            if let Some(state) = self.keys.get_mut(key) {
                state.failures.clear();
            }
        }
        self.keys.retain(|_, state| !state.is_idle());
    }

    /// Keys tracked (for tests and monitoring: memory stays bounded by the
    /// keys that failed within the window).
    pub fn tracked(&self) -> usize {
        self.keys.len()
    }

    fn forget_idle(&mut self, now: Timestamp) {
        let window = self.settings.window;
        self.keys.retain(|_, state| {
            state.forget_before(now, window);
            !state.is_idle()
        });
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_password_verifies_against_its_own_hash_only() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse batterx", &hash));
        assert!(!verify_password("", &hash));
        assert!(!verify_password(
            "correct horse battery",
            "not a phc string"
        ));
    }

    #[test]
    fn the_same_password_hashes_differently_each_time() {
        let a = hash_password("correct horse battery").unwrap();
        let b = hash_password("correct horse battery").unwrap();
        assert_ne!(a, b, "a fresh salt each time");
        assert!(verify_password("correct horse battery", &b));
    }

    #[test]
    fn short_and_huge_passwords_are_refused_naming_the_field() {
        for bad in ["", "123456789", "ünïcödé!!"] {
            let Err(AuthError::Invalid(err)) = hash_password(bad) else {
                panic!("{bad:?} was accepted");
            };
            assert_eq!(err.field, "password");
            assert!(err.message.contains("at least 10"), "{}", err.message);
        }
        // Ten characters (more bytes) is enough.
        assert!(hash_password("ünïcödé!!!").is_ok());
        let huge = "x".repeat(MAX_PASSWORD_BYTES + 1);
        assert!(matches!(hash_password(&huge), Err(AuthError::Invalid(_))));
    }

    #[test]
    fn tokens_are_unique_long_and_stored_by_a_stable_hash() {
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert_ne!(a.plaintext, b.plaintext);
        assert_eq!(a.plaintext.len(), TOKEN_BYTES * 2);
        assert!(a.plaintext.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(a.hash, token_hash(&a.plaintext));
        assert_ne!(a.hash, a.plaintext);
        // SHA-256 of "abc", the standard test vector.
        assert_eq!(
            token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(!format!("{a:?}").contains(&a.plaintext));
    }

    #[test]
    fn a_token_lasts_a_bounded_number_of_days() {
        let now = Timestamp::from_second(1_800_000_000).unwrap();
        assert_eq!(
            token_expiry(now, 1).unwrap(),
            Timestamp::from_second(1_800_000_000 + 86_400).unwrap()
        );
        assert_eq!(
            token_expiry(now, DEFAULT_TOKEN_DAYS).unwrap().as_second() - now.as_second(),
            90 * 86_400
        );
        assert!(token_expiry(now, MAX_TOKEN_DAYS).is_ok());
        for bad in [0, -1, MAX_TOKEN_DAYS + 1, i64::MAX, i64::MIN] {
            let err = token_expiry(now, bad).unwrap_err();
            assert_eq!(err.field, "expires_in");
            assert!(err.message.contains("1 to 1825"), "{}", err.message);
        }
    }

    #[test]
    fn roles_round_trip_through_their_slugs() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.slug()).unwrap(), role);
        }
        assert_eq!(Role::parse(" Coach ").unwrap(), Role::Coach);
        assert_eq!(Role::parse("root").unwrap_err().field, "role");
    }

    fn at(minutes: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + minutes * 60).unwrap()
    }

    fn account(name: &str) -> ThrottleKey {
        ThrottleKey::Account(name.into())
    }

    #[test]
    fn the_throttle_locks_after_max_failures_and_unlocks_after_the_lockout() {
        let mut throttle = LoginThrottle::new(ThrottleSettings::default());
        let keys = [account("ana")];
        for minute in 0..4 {
            throttle.record_failure(&keys, at(minute));
            assert_eq!(throttle.check(&keys, at(minute)), Ok(()));
        }
        throttle.record_failure(&keys, at(4));
        assert_eq!(throttle.check(&keys, at(4)), Err(Locked { until: at(19) }));
        assert!(throttle.check(&keys, at(18)).is_err());
        assert_eq!(throttle.check(&keys, at(19)), Ok(()));
        // The count started again: one more failure does not lock.
        throttle.record_failure(&keys, at(20));
        assert_eq!(throttle.check(&keys, at(20)), Ok(()));
    }

    #[test]
    fn failures_outside_the_sliding_window_do_not_count() {
        let mut throttle = LoginThrottle::new(ThrottleSettings::default());
        let keys = [account("ana")];
        // Four failures, then the fifth 15 minutes after the first: the
        // first has left the window.
        for minute in [0, 1, 2, 3, 15] {
            throttle.record_failure(&keys, at(minute));
        }
        assert_eq!(throttle.check(&keys, at(15)), Ok(()));
        // A fifth within 15 minutes of the second locks.
        throttle.record_failure(&keys, at(15));
        assert!(throttle.check(&keys, at(15)).is_err());
        // Old keys are forgotten once their window and lock passed.
        throttle.record_failure(&[account("ben")], at(60));
        assert_eq!(throttle.tracked(), 1);
    }

    #[test]
    fn keys_are_counted_independently() {
        let settings = ThrottleSettings {
            max_failures: 3,
            ..ThrottleSettings::default()
        };
        let mut throttle = LoginThrottle::new(settings);
        let client = ThrottleKey::Client("203.0.113.9".into());
        // One client guessing three accounts: the client locks, the accounts do not.
        for name in ["ana", "ben", "cy"] {
            throttle.record_failure(&[account(name), client.clone()], at(0));
        }
        assert!(
            throttle
                .check(std::slice::from_ref(&client), at(1))
                .is_err()
        );
        assert_eq!(throttle.check(&[account("ana")], at(1)), Ok(()));
        assert!(
            throttle
                .check(&[account("ana"), client.clone()], at(1))
                .is_err()
        );
        // An account and a client with the same text are different keys.
        assert_eq!(
            throttle.check(&[ThrottleKey::Account("203.0.113.9".into())], at(1)),
            Ok(())
        );
    }

    #[test]
    fn a_successful_login_clears_the_count() {
        let mut throttle = LoginThrottle::new(ThrottleSettings::default());
        let keys = [account("ana")];
        for minute in 0..4 {
            throttle.record_failure(&keys, at(minute));
        }
        throttle.record_success(&keys);
        throttle.record_failure(&keys, at(5));
        assert_eq!(throttle.check(&keys, at(5)), Ok(()));
        assert_eq!(throttle.tracked(), 1);
    }

    #[test]
    fn kept_counts_carry_the_throttle_from_one_process_to_another() {
        let settings = ThrottleSettings::default();
        let keys = [
            ThrottleKey::Account("ana".into()),
            ThrottleKey::Client("10.0.0.1".into()),
        ];
        assert_eq!(keys[0].stored(), "account:ana");
        assert_eq!(keys[1].stored(), "client:10.0.0.1");
        assert_eq!(
            ThrottleKey::Account("a\0%".into()).stored(),
            "account:a%00%25"
        );
        let mut first = LoginThrottle::new(settings);
        for second in 1..settings.max_failures {
            first.record_failure(&keys, at(i64::from(second)));
        }
        // Another process picks up the counts and reaches the limit.
        let kept = keys.iter().map(|k| (k.clone(), first.counts(k)));
        let mut other = LoginThrottle::with_counts(settings, kept);
        assert_eq!(other.check(&keys, at(10)), Ok(()));
        other.record_failure(&keys, at(10));
        assert!(other.check(&keys, at(11)).is_err());
        let locked = other.counts(&keys[0]);
        assert!(locked.locked_until.is_some());
        let again = LoginThrottle::with_counts(settings, [(keys[0].clone(), locked)]);
        assert!(again.check(&keys[..1], at(12)).is_err());
        assert_eq!(
            LoginThrottle::new(settings).counts(&keys[0]),
            KeptCounts::default()
        );
    }
}
