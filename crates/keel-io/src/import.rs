//! Strong and Hevy CSV import, detected from the header. Parsing only:
//! [`parse`] turns a file's bytes into [`ImportedSet`]s or an
//! [`ImportError`] naming file, line and column; [`plan`] sets aside what a
//! store already holds. The binary reads the file and writes the store.
//!
//! A file is all or nothing: one bad value refuses the whole file.

mod csv;
mod error;
mod hevy;
mod row;
mod strong;
mod units;

use std::collections::{BTreeSet, HashMap, HashSet};

use jiff::civil::DateTime;
use keel_core::catalog::Catalog;
use keel_core::history::{ExerciseRef, HalfRpe, ImportSource, ImportedSet, SetKind};
use serde::Serialize;

pub use error::{ImportError, Location};
pub use units::Units;

use self::csv::{Field, Reader, sniff_separator};
use self::error::Problem;
use self::hevy::Hevy;
use self::row::{Header, Row};
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
    let whole_file = |message: String| ImportError {
        file: name.to_string(),
        location: None,
        column_name: None,
        message,
    };
    if bytes.len() as u64 > options.limits.max_bytes {
        return Err(whole_file(too_large(bytes.len() as u64, options.limits)));
    }
    let text = decode(bytes).map_err(|p| p.locate(name, bytes))?;
    read(text, options, progress).map_err(|p| p.locate(name, bytes))
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

fn read(
    text: &str,
    options: &ParseOptions,
    progress: &mut dyn FnMut(usize),
) -> Result<ParsedImport, Problem> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    if text[start..].trim().is_empty() {
        return Err(Problem::at(
            start,
            "the file is empty; expected a Strong or Hevy CSV export with a header line",
        ));
    }
    let separator = sniff_separator(text, start);
    let mut reader = Reader::new(text, start, separator);
    let mut fields: Vec<Field<'_>> = Vec::new();
    reader.next_record(&mut fields)?;
    let header = Header::new(&fields)?;
    let (source, format) = detect(&header, start, options)?;

    let mut resolver = Resolver::default();
    let mut positions: HashMap<(DateTime, String, String), u32> = HashMap::new();
    let mut out = ParsedImport {
        source,
        sets: Vec::new(),
        set_lines: Vec::new(),
        skipped: Vec::new(),
        rows_read: 0,
    };
    let mut line = 1 + text[..reader.position()].matches('\n').count();
    let mut counted_to = reader.position();
    let report_every = options.limits.progress_every_rows.max(1);
    let mut until_report = report_every;
    while let Some(record_start) = reader.next_record(&mut fields)? {
        // Line numbers by counting only the bytes read since the last row.
        line += text[counted_to..record_start].matches('\n').count();
        counted_to = record_start;
        out.rows_read += 1;
        until_report -= 1;
        if until_report == 0 {
            until_report = report_every;
            progress(reader.position());
        }
        if fields.len() == 1 && fields[0].value.trim().is_empty() {
            out.skipped.push(Skipped {
                line,
                reason: SkipReason::BlankRow,
            });
            continue;
        }
        if fields.len() != header.len() {
            let at = fields.last().map_or(record_start, |f| f.start);
            return Err(Problem::at(
                at,
                format!(
                    "this row has {} fields but the header has {} (a missing or extra {:?}?)",
                    fields.len(),
                    header.len(),
                    char::from(separator)
                ),
            ));
        }
        let row = Row {
            fields: &fields,
            header: &header,
            decimal_comma: separator == b';',
        };
        let outcome = match &format {
            Format::Strong(s) => s.row(&row)?,
            Format::Hevy(h) => h.row(&row)?,
        };
        let draft = match outcome {
            RowOutcome::Set(draft) => draft,
            RowOutcome::Skip(reason) => {
                out.skipped.push(Skipped { line, reason });
                continue;
            }
        };
        if let Some(latest) = options.latest
            && draft.started_at.date() > latest
        {
            return Err(Problem::at(
                record_start,
                format!(
                    "this workout is dated {}, after {latest}; a workout from the future \
                     cannot be imported (is the year right?)",
                    draft.started_at.date()
                ),
            ));
        }
        let counter = positions
            .entry((
                draft.started_at,
                draft.workout.to_lowercase(),
                draft.exercise_name.to_lowercase(),
            ))
            .or_insert(0);
        *counter += 1;
        let set = ImportedSet {
            source,
            started_at: draft.started_at,
            workout: draft.workout,
            workout_seconds: draft.workout_seconds,
            exercise: resolver.resolve(&draft.exercise_name),
            exercise_name: draft.exercise_name,
            position: *counter,
            kind: draft.kind,
            weight_kg: draft.weight_kg,
            reps: draft.reps,
            seconds: draft.seconds,
            metres: draft.metres,
            rpe: draft.rpe,
            notes: draft.notes,
            workout_notes: draft.workout_notes,
        };
        // Keys within a file are unique: the position differs within a
        // (workout, exercise) group, and the key hashes both.
        out.sets.push(set);
        out.set_lines.push(line);
    }
    progress(text.len());
    Ok(out)
}

/// Exercise names to catalog ids, looked up once per distinct name.
#[derive(Default)]
struct Resolver {
    known: HashMap<String, ExerciseRef>,
}

impl Resolver {
    fn resolve(&mut self, name: &str) -> ExerciseRef {
        if let Some(found) = self.known.get(name) {
            return found.clone();
        }
        let found = match Catalog::builtin().find_by_name(name) {
            Some(e) => ExerciseRef::Catalog(e.id.clone()),
            None => ExerciseRef::Own(name.to_string()),
        };
        self.known.insert(name.to_string(), found.clone());
        found
    }
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
    let mut skipped = parsed.skipped;
    let mut new_sets = Vec::with_capacity(parsed.sets.len());
    for (set, line) in parsed.sets.into_iter().zip(parsed.set_lines) {
        // A first import skips hashing every set.
        if !known_keys.is_empty() && known_keys.contains(&set.key()) {
            skipped.push(Skipped {
                line,
                reason: SkipReason::AlreadyImported,
            });
        } else {
            new_sets.push(set);
        }
    }
    skipped.sort_by_key(|s| s.line);
    let known_own: HashSet<String> = known_own.iter().map(|n| n.to_lowercase()).collect();
    let mut own = BTreeSet::new();
    let mut own_seen = HashSet::new();
    for set in &new_sets {
        if let ExerciseRef::Own(name) = &set.exercise {
            let lower = name.to_lowercase();
            if !known_own.contains(&lower) && own_seen.insert(lower) {
                own.insert(name.clone());
            }
        }
    }
    ImportPlan {
        source: parsed.source,
        rows_read: parsed.rows_read,
        new_sets,
        skipped,
        new_own_exercises: own.into_iter().collect(),
    }
}
