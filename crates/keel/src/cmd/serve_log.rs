//! What `keel serve`'s log lines cost: every request writes one (the
//! access log, `keel_web::ops`), so its parts are made cheap here without
//! changing a character of it.

use std::cell::RefCell;
use std::fmt::{self, Write as _};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::time::FormatTime;

/// An event's time as tracing-subscriber's default timer writes it (RFC
/// 3339 in UTC, to the microsecond: `2026-11-23T07:05:09.000042Z`), for a
/// fraction of its cost: the date and time of day are formatted once a
/// second on each thread, the microseconds every time.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timestamp;

thread_local! {
    /// The second last written on this thread, and its text.
    static SECOND: RefCell<Second> = const { RefCell::new(Second { at: None, text: String::new() }) };
}

impl FormatTime for Timestamp {
    fn format_time(&self, w: &mut Writer<'_>) -> fmt::Result {
        match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(now) => SECOND.with_borrow_mut(|second| second.write(w, now)),
            // A clock set before 1970: the default timer writes it.
            Err(_) => tracing_subscriber::fmt::time::SystemTime.format_time(w),
        }
    }
}

/// One second's `YYYY-MM-DDTHH:MM:SS`, kept for the next event.
struct Second {
    at: Option<u64>,
    text: String,
}

impl Second {
    /// Writes `since_epoch` as the default timer does.
    fn write(&mut self, w: &mut impl fmt::Write, since_epoch: Duration) -> fmt::Result {
        let seconds = since_epoch.as_secs();
        if self.at != Some(seconds) {
            let at = i64::try_from(seconds)
                .ok()
                .and_then(|s| jiff::Timestamp::from_second(s).ok())
                .ok_or(fmt::Error)?;
            self.text.clear();
            write!(self.text, "{}", at.strftime("%Y-%m-%dT%H:%M:%S"))?;
            self.at = Some(seconds);
        }
        w.write_str(&self.text)?;
        let mut fraction = *b".000000Z";
        let mut micros = since_epoch.subsec_micros();
        for digit in fraction[1..7].iter_mut().rev() {
            *digit = b'0' + (micros % 10) as u8;
            micros /= 10;
        }
        w.write_str(std::str::from_utf8(&fraction).map_err(|_| fmt::Error)?)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn written(second: &mut Second, seconds: u64, micros: u32) -> String {
        let mut out = String::new();
        let at = Duration::from_secs(seconds) + Duration::from_micros(u64::from(micros));
        second.write(&mut out, at).unwrap();
        out
    }

    #[test]
    fn the_timestamp_is_rfc_3339_to_the_microsecond_and_follows_the_second() {
        let mut second = Second {
            at: None,
            text: String::new(),
        };
        assert_eq!(written(&mut second, 0, 0), "1970-01-01T00:00:00.000000Z");
        // 2026-11-23T07:05:09Z, then the same second, then the next.
        let at = 1_795_417_509;
        assert_eq!(written(&mut second, at, 42), "2026-11-23T07:05:09.000042Z");
        assert_eq!(
            written(&mut second, at, 999_999),
            "2026-11-23T07:05:09.999999Z"
        );
        assert_eq!(
            written(&mut second, at + 1, 120_000),
            "2026-11-23T07:05:10.120000Z"
        );
        // A leap day, and 2100 (not a leap year).
        assert_eq!(
            written(&mut second, 1_709_251_199, 7),
            "2024-02-29T23:59:59.000007Z"
        );
        assert_eq!(
            written(&mut second, 4_107_542_399 + 1, 1),
            "2100-03-01T00:00:00.000001Z"
        );
    }

    /// The same text as tracing-subscriber's own timer, read at the same
    /// second (read again when a second ended between them).
    #[test]
    fn the_timestamp_agrees_with_the_default_timer() {
        let format = |timer: &dyn FormatTime| {
            let mut out = String::new();
            timer.format_time(&mut Writer::new(&mut out)).unwrap();
            out
        };
        let (ours, theirs) = loop {
            let before = format(&tracing_subscriber::fmt::time::SystemTime);
            let ours = format(&Timestamp);
            let after = format(&tracing_subscriber::fmt::time::SystemTime);
            if before[..19] == after[..19] {
                break (ours, before);
            }
        };
        assert_eq!(ours.len(), theirs.len(), "{ours} / {theirs}");
        assert_eq!(ours[..19], theirs[..19]);
        assert!(ours.ends_with('Z') && ours.as_bytes()[19] == b'.', "{ours}");
    }
}
