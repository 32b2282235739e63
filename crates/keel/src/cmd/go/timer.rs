//! Countdowns: a clock abstraction (so tests need not sleep), the countdown
//! loop, and big block digits for the terminal.

use std::time::{Duration, Instant};

/// Time as the countdown sees it.
pub trait Clock {
    /// Time since some fixed start.
    fn now(&self) -> Duration;
    fn sleep(&self, duration: Duration);
}

/// The real clock.
pub struct SystemClock {
    start: Instant,
}

impl SystemClock {
    pub fn new() -> SystemClock {
        SystemClock {
            start: Instant::now(),
        }
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Duration {
        self.start.elapsed()
    }
    fn sleep(&self, duration: Duration) {
        std::thread::sleep(duration);
    }
}

/// How often a running countdown looks for typed input: short enough that
/// `q` feels immediate, long enough not to spin.
const POLL: Duration = Duration::from_millis(100);

/// How a countdown ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// Ran to zero.
    Finished,
    /// Stopped by the caller after `elapsed` whole seconds.
    Stopped { elapsed: u32 },
}

/// One look at a running countdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tick {
    pub remaining: u32,
    /// The first tick of a new second: time to redraw.
    pub new_second: bool,
}

/// Counts `seconds` down, calling `tick` at every poll; stops early when
/// `tick` returns true.
pub fn countdown(clock: &dyn Clock, seconds: u32, mut tick: impl FnMut(Tick) -> bool) -> Ended {
    let start = clock.now();
    let total = Duration::from_secs(u64::from(seconds));
    let mut shown = None;
    loop {
        let elapsed = clock.now().saturating_sub(start);
        if elapsed >= total {
            return Ended::Finished;
        }
        let whole = u32::try_from(elapsed.as_secs()).unwrap_or(u32::MAX);
        let remaining = seconds.saturating_sub(whole);
        let new_second = shown != Some(remaining);
        shown = Some(remaining);
        if tick(Tick {
            remaining,
            new_second,
        }) {
            return Ended::Stopped { elapsed: whole };
        }
        let to_next_second = Duration::from_secs(u64::from(whole) + 1).saturating_sub(elapsed);
        clock.sleep(to_next_second.min(POLL));
    }
}

/// The terminal bell.
pub const BELL: &str = "\x07";

const HEIGHT: usize = 5;

/// 5-line block glyphs for 0-9, ':' and ' '.
fn glyph(c: char) -> [&'static str; HEIGHT] {
    match c {
        '0' => ["█████", "█   █", "█   █", "█   █", "█████"],
        '1' => ["  █  ", " ██  ", "  █  ", "  █  ", " ███ "],
        '2' => ["█████", "    █", "█████", "█    ", "█████"],
        '3' => ["█████", "    █", " ████", "    █", "█████"],
        '4' => ["█   █", "█   █", "█████", "    █", "    █"],
        '5' => ["█████", "█    ", "█████", "    █", "█████"],
        '6' => ["█████", "█    ", "█████", "█   █", "█████"],
        '7' => ["█████", "    █", "   █ ", "  █  ", "  █  "],
        '8' => ["█████", "█   █", "█████", "█   █", "█████"],
        '9' => ["█████", "█   █", "█████", "    █", "█████"],
        ':' => ["   ", " █ ", "   ", " █ ", "   "],
        _ => ["     "; HEIGHT],
    }
}

/// "45" under 100 s, "2:05" from then on.
pub fn clock_text(seconds: u32) -> String {
    if seconds < 100 {
        seconds.to_string()
    } else {
        format!("{}:{:02}", seconds / 60, seconds % 60)
    }
}

/// `seconds` as five lines of block digits.
pub fn big(seconds: u32) -> String {
    let text = clock_text(seconds);
    let mut lines = vec![String::new(); HEIGHT];
    for c in text.chars() {
        for (line, row) in lines.iter_mut().zip(glyph(c)) {
            line.push_str("  ");
            line.push_str(row);
        }
    }
    lines.join("\n") + "\n"
}

#[cfg(test)]
pub mod fake {
    use std::cell::Cell;
    use std::time::Duration;

    /// A clock that moves only when slept on.
    #[derive(Default)]
    pub struct FakeClock {
        pub now: Cell<Duration>,
    }

    impl super::Clock for FakeClock {
        fn now(&self) -> Duration {
            self.now.get()
        }
        fn sleep(&self, duration: Duration) {
            self.now.set(self.now.get() + duration);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fake::FakeClock;
    use super::*;

    #[test]
    fn counts_every_second_down_and_finishes() {
        let clock = FakeClock::default();
        let mut shown = Vec::new();
        let ended = countdown(&clock, 3, |t| {
            if t.new_second {
                shown.push(t.remaining);
            }
            false
        });
        assert_eq!(ended, Ended::Finished);
        assert_eq!(shown, vec![3, 2, 1]);
        assert_eq!(clock.now(), Duration::from_secs(3));
    }

    #[test]
    fn stops_early_with_the_whole_seconds_elapsed() {
        let clock = FakeClock::default();
        let mut polls = 0;
        let ended = countdown(&clock, 30, |_| {
            polls += 1;
            clock.now() >= Duration::from_millis(12_300)
        });
        assert_eq!(ended, Ended::Stopped { elapsed: 12 });
        assert!(polls > 12, "polled between seconds: {polls}");
    }

    #[test]
    fn zero_seconds_finishes_at_once() {
        let clock = FakeClock::default();
        assert_eq!(countdown(&clock, 0, |_| false), Ended::Finished);
    }

    #[test]
    fn big_digits_are_five_lines_and_switch_to_minutes() {
        assert_eq!(big(7).lines().count(), 5);
        assert_eq!(clock_text(45), "45");
        assert_eq!(clock_text(125), "2:05");
        assert!(
            big(125)
                .lines()
                .all(|l| l.chars().count() == 2 * 4 + 5 * 3 + 3)
        );
    }
}
