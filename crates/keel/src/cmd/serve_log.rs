//! `keel serve`'s log lines, made cheap: every request writes one (the
//! access log, `keel_web::ops::observe`), and tracing-subscriber's text
//! format spent about 8,000 instructions on it, a fifth of a kept page's.
//! [`Line`] and [`Fields`] write the same text as its default format
//! (`Full` with `DefaultFields`, no colours) with plain string writes where
//! it formats each part, and [`Timestamp`] the same time as its default
//! timer, formatting the date once a second (BENCHMARKS.md, the today
//! page). The tests below hold them to tracing-subscriber's own output.

use std::cell::RefCell;
use std::fmt::{self, Write as _};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::field::{RecordFields, VisitOutput as _};
use tracing_subscriber::fmt::format::{DefaultVisitor, Writer};
use tracing_subscriber::fmt::time::FormatTime;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields, FormattedFields};
use tracing_subscriber::registry::LookupSpan;

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

/// The text format's line, exactly as tracing-subscriber's default
/// (`Full`) format writes it without colours: the time, the level, each
/// span from the root with its fields, the target, the event's fields.
/// Written with plain string writes where `Full` formats each part.
#[derive(Debug, Clone, Copy, Default)]
pub struct Line;

impl<S, N> FormatEvent<S, N> for Line
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let meta = event.metadata();
        if Timestamp.format_time(&mut writer).is_err() {
            writer.write_str("<unknown time>")?;
        }
        writer.write_str(match *meta.level() {
            Level::TRACE => " TRACE ",
            Level::DEBUG => " DEBUG ",
            Level::INFO => "  INFO ",
            Level::WARN => "  WARN ",
            Level::ERROR => " ERROR ",
        })?;
        if let Some(scope) = ctx.event_scope() {
            let mut seen = false;
            for span in scope.from_root() {
                seen = true;
                writer.write_str(span.metadata().name())?;
                let extensions = span.extensions();
                if let Some(fields) = extensions.get::<FormattedFields<N>>()
                    && !fields.is_empty()
                {
                    writer.write_str("{")?;
                    writer.write_str(fields)?;
                    writer.write_str("}")?;
                }
                writer.write_str(":")?;
            }
            if seen {
                writer.write_str(" ")?;
            }
        }
        writer.write_str(meta.target())?;
        writer.write_str(": ")?;
        ctx.format_fields(writer.by_ref(), event)?;
        writer.write_str("\n")
    }
}

/// The text format's fields, exactly as tracing-subscriber's
/// `DefaultFields` writes them (`name=value`, a space between two, the
/// message first without its name), with each value written straight
/// after its name rather than through one more formatting pass. A message
/// or an error, which `DefaultFields` writes escaped or with its sources,
/// goes to its own visitor.
#[derive(Debug, Clone, Copy, Default)]
pub struct Fields;

impl<'w> FormatFields<'w> for Fields {
    fn format_fields<R: RecordFields>(&self, writer: Writer<'w>, fields: R) -> fmt::Result {
        let mut visitor = FieldsVisitor {
            writer,
            empty: true,
            result: Ok(()),
        };
        fields.record(&mut visitor);
        visitor.result
    }
}

struct FieldsVisitor<'w> {
    writer: Writer<'w>,
    /// Nothing written yet (no space before the next field).
    empty: bool,
    result: fmt::Result,
}

impl FieldsVisitor<'_> {
    /// `name=` and the value `write` writes, after a space unless first.
    fn field(&mut self, field: &Field, write: impl FnOnce(&mut Writer<'_>) -> fmt::Result) {
        if self.result.is_err() {
            return;
        }
        let name = field.name();
        let name = name.strip_prefix("r#").unwrap_or(name);
        self.result = (|| {
            if !std::mem::take(&mut self.empty) {
                self.writer.write_str(" ")?;
            }
            self.writer.write_str(name)?;
            self.writer.write_str("=")?;
            write(&mut self.writer)
        })();
    }

    /// The field as `DefaultFields` writes it, by its own visitor.
    fn by_default(&mut self, record: impl FnOnce(&mut DefaultVisitor<'_>)) {
        if self.result.is_err() {
            return;
        }
        let mut visitor = DefaultVisitor::new(self.writer.by_ref(), self.empty);
        record(&mut visitor);
        self.result = visitor.finish();
        self.empty = false;
    }
}

impl Visit for FieldsVisitor<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "message" {
            self.by_default(|v| v.record_debug(field, value));
        } else {
            self.field(field, |w| write!(w, "{value:?}"));
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.by_default(|v| v.record_str(field, value));
        } else {
            self.field(field, |w| write!(w, "{value:?}"));
        }
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.field(field, |w| write!(w, "{value}"));
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.field(field, |w| write!(w, "{value}"));
    }

    fn record_f64(&mut self, field: &Field, value: f64) {
        self.field(field, |w| write!(w, "{value:?}"));
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.field(field, |w| write!(w, "{value}"));
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        self.by_default(|v| v.record_error(field, value));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::io;
    use std::sync::{Arc, Mutex};

    use super::*;

    /// What a subscriber wrote.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl io::Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Captured {
        /// The lines written, each without its time (which differs by
        /// microseconds between two subscribers).
        fn lines(&self) -> Vec<String> {
            let text = String::from_utf8(self.0.lock().unwrap().clone()).unwrap();
            text.lines()
                .map(|line| {
                    assert_eq!(line.as_bytes()[26], b'Z', "{line}");
                    line[27..].to_string()
                })
                .collect()
        }
    }

    #[derive(Debug)]
    struct Outer(io::Error);

    impl fmt::Display for Outer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("the profile is unreadable")
        }
    }

    impl std::error::Error for Outer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }

    /// Events of every kind the fields can hold, in and out of spans.
    fn events() {
        let id = String::from("probe-42");
        tracing::info!(address = %"127.0.0.1:7878", "listening");
        let request =
            tracing::info_span!("request", request_id = %id, method = %"GET", path = %"/");
        request.in_scope(|| {
            tracing::info!(status = 200_u16, route = %"/", latency_ms = 0.251_302, "answered");
            tracing::error!(
                request_id = %id,
                status = 500_u16,
                cause = %"stored data in profile is unreadable",
                "request failed"
            );
            let inner = tracing::debug_span!("inner", r#type = "quoted str", n = -3_i64);
            inner.in_scope(|| {
                tracing::warn!(
                    ok = true,
                    big = 1e20_f64,
                    tiny = 1e-7_f64,
                    whole = 2.0_f64,
                    nan = f64::NAN,
                    list = ?[1, 2],
                    "a {} message with \x1b[31m escapes \u{9b}",
                    "formatted"
                );
                let error = Outer(io::Error::other("disk gone"));
                tracing::trace!(error = &error as &dyn std::error::Error, "failed");
            });
        });
        let empty = tracing::info_span!("empty");
        empty.in_scope(|| tracing::info!(only = 1_u64));
        let later = tracing::info_span!("later", user = tracing::field::Empty, n = 1_u64);
        later.record("user", "ana");
        later.in_scope(|| tracing::info!("no fields"));
        tracing::info!(message = "a message field", after = 2_u64);
    }

    /// `Line` and `Fields` write what tracing-subscriber's default text
    /// format writes, character for character.
    #[test]
    fn the_text_line_is_tracing_subscribers_own() {
        let theirs = Captured::default();
        let writer = theirs.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(Level::TRACE)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, events);

        let ours = Captured::default();
        let writer = ours.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(Level::TRACE)
            .with_writer(move || writer.clone())
            .fmt_fields(Fields)
            .event_format(Line)
            .finish();
        tracing::subscriber::with_default(subscriber, events);

        let (ours, theirs) = (ours.lines(), theirs.lines());
        assert_eq!(ours.len(), 8, "{ours:#?}");
        for (ours, theirs) in ours.iter().zip(&theirs) {
            assert_eq!(ours, theirs);
        }
        assert_eq!(ours.len(), theirs.len());
        assert_eq!(
            ours[1],
            "  INFO request{request_id=probe-42 method=GET path=/}: \
             keel::cmd::serve_log::tests: answered status=200 route=/ latency_ms=0.251302"
        );
    }

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
