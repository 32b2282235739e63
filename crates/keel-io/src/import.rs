//! Strong and Hevy CSV import, detected from the header. Parsing only:
//! [`SetReader`] reads a file's bytes set by set, [`Planner`] sets aside
//! what a store already holds and tallies the rest; [`parse`] and [`plan`]
//! do the same for a whole file at once. Errors name file, line and column.
//! keel-app's import service streams the sets into the store.
//!
//! A file is all or nothing: one bad value refuses the whole file.

mod csv;
mod error;
mod hevy;
mod planner;
mod row;
mod sets;
mod strong;
mod units;

use std::collections::{HashMap, HashSet};

use jiff::civil::DateTime;
use keel_core::history::{HalfRpe, ImportSource, ImportedSet, SetKind};
use serde::Serialize;

pub use error::{ImportError, Location};
pub use planner::{ImportSummary, Planner};
pub use sets::{ReadSet, SetReader};
pub use units::Units;

use self::error::Problem;
use self::hevy::Hevy;
use self::row::Header;
use self::strong::Strong;

/// Limits on what one import takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportLimits {
    /// The largest file read, in bytes. Ten years of daily Strong training
    /// is about 5 MB and 200,000 sets about 20 MB; larger files are refused
    /// before they are read, so memory stays bounded.
    pub max_bytes: u64,
    /// Files at least this large get a progress bar (about 10,000 rows, a
    /// fraction of a second), when the terminal can show one.
    pub progress_min_bytes: u64,
    /// Rows between progress reports.
    pub progress_every_rows: usize,
}

impl Default for ImportLimits {
    fn default() -> Self {
        ImportLimits {
            max_bytes: 32 * 1024 * 1024,
            progress_min_bytes: 1024 * 1024,
            progress_every_rows: 4096,
        }
    }
}

/// How to read a file.
#[derive(Debug, Clone, Copy, Default)]
pub struct ParseOptions {
    /// Insist on this format instead of detecting it.
    pub format: Option<ImportSource>,
    /// Units for files that do not name theirs (Strong's comma export).
    pub units: Units,
    pub limits: ImportLimits,
    /// The last day a workout may start on; a row after it is refused with
    /// its line (a typo'd year, or a clock gone wrong in the other app).
    /// The caller gives it (the day after today: time zones differ), as
    /// this crate reads no clock; `None` accepts any date.
    pub latest: Option<jiff::civil::Date>,
}

/// Why a row was read but not imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SkipReason {
    /// Strong's rest-timer rows: a pause, not a set.
    RestTimer,
    /// An empty line between rows.
    BlankRow,
    /// The same set is already in the database (an earlier import).
    AlreadyImported,
}

impl SkipReason {
    /// "3 rest-timer rows", "1 already imported".
    pub fn describe(self, count: usize) -> String {
        let s = if count == 1 { "" } else { "s" };
        match self {
            SkipReason::RestTimer => format!("{count} rest-timer row{s}"),
            SkipReason::BlankRow => format!("{count} blank row{s}"),
            SkipReason::AlreadyImported => format!("{count} already imported"),
        }
    }
}

/// A row read but not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// 1-based line where the row starts.
    pub line: usize,
    pub reason: SkipReason,
}

/// A whole file, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedImport {
    pub source: ImportSource,
    pub sets: Vec<ImportedSet>,
    /// The line each of `sets` starts on.
    pub set_lines: Vec<usize>,
    /// Ordered by line.
    pub skipped: Vec<Skipped>,
    /// Data rows read (the header not counted): `sets + skipped`.
    pub rows_read: usize,
}

/// Parses a Strong or Hevy export; `name` is only for messages.
pub fn parse(name: &str, bytes: &[u8]) -> Result<ParsedImport, ImportError> {
    parse_with(name, bytes, &ParseOptions::default(), &mut |_| {})
}

/// [`parse`] with options, reporting the bytes read so far to `progress`.
pub fn parse_with(
    name: &str,
    bytes: &[u8],
    options: &ParseOptions,
    progress: &mut dyn FnMut(usize),
) -> Result<ParsedImport, ImportError> {
    let mut reader = SetReader::new(name, bytes, options)?;
    let mut sets = Vec::new();
    let mut set_lines = Vec::new();
    let report_every = options.limits.progress_every_rows.max(1);
    let mut reports = 0;
    while let Some(read) = reader.next_set()? {
        // Once every `report_every` rows, skipped rows included.
        if reader.rows_read() / report_every > reports {
            reports = reader.rows_read() / report_every;
            progress(reader.position());
        }
        sets.push(read.set);
        set_lines.push(read.line);
    }
    progress(bytes.len());
    Ok(ParsedImport {
        source: reader.source(),
        sets,
        set_lines,
        skipped: reader.skipped().to_vec(),
        rows_read: reader.rows_read(),
    })
}

/// The message for a file over [`ImportLimits::max_bytes`].
pub fn too_large(size: u64, limits: ImportLimits) -> String {
    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    format!(
        "the file is {:.1} MiB; imports take at most {:.0} MiB (export a shorter date range)",
        mib(size),
        mib(limits.max_bytes)
    )
}

/// UTF-8 text, refusing binary files (a NUL byte) with their first bad byte.
fn decode(bytes: &[u8]) -> Result<&str, Problem> {
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(Problem::at(
            at,
            "this is a binary file, not a CSV export (it contains a NUL byte)",
        ));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        Problem::at(
            e.valid_up_to(),
            "the file is not UTF-8 text (Strong and Hevy export UTF-8 CSV)",
        )
    })
}

enum Format {
    Strong(Strong),
    Hevy(Hevy),
}

const NEITHER: &str = "the header is neither a Strong nor a Hevy export";

/// Picks the format from the header, or checks the one asked for.
fn detect(
    header: &Header,
    start: usize,
    options: &ParseOptions,
) -> Result<(ImportSource, Format), Problem> {
    let wanted = options.format.or_else(|| {
        if strong::looks_like(header) {
            Some(ImportSource::Strong)
        } else if hevy::looks_like(header) {
            Some(ImportSource::Hevy)
        } else {
            None
        }
    });
    let missing_message = |source: ImportSource, missing: &[&str]| {
        Problem::at(
            start,
            format!(
                "the {source} header lacks the column{} {}; found: {}",
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", "),
                header.names().join(", ")
            ),
        )
    };
    match wanted {
        Some(ImportSource::Strong) => Strong::new(header, options.units)?
            .map(|s| (ImportSource::Strong, Format::Strong(s)))
            .ok_or_else(|| {
                missing_message(ImportSource::Strong, &header.missing(strong::REQUIRED))
            }),
        Some(ImportSource::Hevy) => Hevy::new(header)
            .map(|h| (ImportSource::Hevy, Format::Hevy(h)))
            .map_err(|missing| missing_message(ImportSource::Hevy, &missing)),
        None => Err(Problem::at(
            start,
            format!(
                "{NEITHER}. Strong's has {}; Hevy's has {}. This file's header: {}",
                strong::REQUIRED.join(", "),
                hevy::REQUIRED.join(", "),
                header.names().join(", ")
            ),
        )),
    }
}

/// One row's values before the exercise and position are resolved.
pub(crate) struct SetDraft {
    pub started_at: DateTime,
    pub workout: String,
    pub workout_seconds: Option<u32>,
    pub exercise_name: String,
    pub kind: SetKind,
    pub weight_kg: Option<f64>,
    pub reps: Option<u32>,
    pub seconds: Option<u32>,
    pub metres: Option<f64>,
    pub rpe: Option<HalfRpe>,
    pub notes: Option<String>,
    pub workout_notes: Option<String>,
}

pub(crate) enum RowOutcome {
    Set(SetDraft),
    Skip(SkipReason),
}

/// What an import will do against a database that holds `known_keys`.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPlan {
    pub source: ImportSource,
    pub rows_read: usize,
    /// The sets to write: not yet in the database.
    pub new_sets: Vec<ImportedSet>,
    /// Every skipped row, ordered by line.
    pub skipped: Vec<Skipped>,
    /// Own exercises (names no catalog alias matches) among the new sets,
    /// sorted, that the database does not list yet.
    pub new_own_exercises: Vec<String>,
}

impl ImportPlan {
    /// Skipped rows grouped by reason, in [`SkipReason`] order.
    pub fn skip_counts(&self) -> Vec<(SkipReason, usize)> {
        let mut counts: HashMap<SkipReason, usize> = HashMap::new();
        for s in &self.skipped {
            *counts.entry(s.reason).or_default() += 1;
        }
        let mut list: Vec<_> = counts.into_iter().collect();
        list.sort();
        list
    }
}

/// Sets aside the sets already stored and lists the own exercises to create.
pub fn plan(
    parsed: ParsedImport,
    known_keys: &HashSet<String>,
    known_own: &[String],
) -> ImportPlan {
    let mut planner = Planner::new(known_keys, known_own);
    let new_sets = parsed
        .sets
        .into_iter()
        .zip(parsed.set_lines)
        .filter_map(|(set, line)| planner.admit(set, line))
        .collect();
    let summary = planner.finish(parsed.source, parsed.rows_read, &parsed.skipped);
    ImportPlan {
        source: summary.source,
        rows_read: summary.rows_read,
        new_sets,
        skipped: summary.skipped,
        new_own_exercises: summary.new_own_exercises,
    }
}
