//! [`SetReader`]: a file's sets one at a time, so an import can store them
//! in batches instead of holding the whole parsed export (200,000 sets are
//! about ten times the file's size in memory).

use std::collections::HashMap;

use jiff::civil::DateTime;
use keel_core::catalog::Catalog;
use keel_core::history::{ExerciseRef, ImportSource, ImportedSet};

use super::csv::{Field, Reader, sniff_separator};
use super::error::Problem;
use super::row::{Header, Row};
use super::{
    Format, ImportError, ParseOptions, RowOutcome, SkipReason, Skipped, decode, detect, too_large,
};

/// One set read from a file, and the line its row starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadSet {
    pub set: ImportedSet,
    pub line: usize,
}

/// Reads a Strong or Hevy export set by set. [`SetReader::new`] checks the
/// file as a whole (size, text, header); [`SetReader::next_set`] reads on
/// to the next set, recording the rows it skips on the way. An error names
/// the file, line and column; after one, stop reading.
pub struct SetReader<'a> {
    name: String,
    bytes: &'a [u8],
    text: &'a str,
    reader: Reader<'a>,
    /// The current row's fields (kept to reuse its allocation).
    fields: Vec<Field<'a>>,
    header: Header,
    format: Format,
    source: ImportSource,
    decimal_comma: bool,
    separator: u8,
    latest: Option<jiff::civil::Date>,
    resolver: Resolver,
    /// Sets so far per (workout, exercise), by their numbers in
    /// `workouts` and `exercises`: the next set's position there. Numbers,
    /// not names, as the keys: 50,000 groups in 200,000 sets.
    positions: HashMap<(u32, u32), u32>,
    /// Each workout (start, name lowercased) read so far, numbered.
    workouts: Numbering<(DateTime, String)>,
    /// Each exercise name (lowercased) read so far, numbered.
    exercises: Numbering<String>,
    /// The line of the byte `counted_to`.
    line: usize,
    counted_to: usize,
    rows_read: usize,
    skipped: Vec<Skipped>,
}

impl<'a> SetReader<'a> {
    /// Checks the file's size, that it is UTF-8 text, and its header; `name`
    /// is only for messages.
    pub fn new(
        name: &str,
        bytes: &'a [u8],
        options: &ParseOptions,
    ) -> Result<SetReader<'a>, ImportError> {
        if bytes.len() as u64 > options.limits.max_bytes {
            return Err(ImportError {
                file: name.to_string(),
                location: None,
                column_name: None,
                message: too_large(bytes.len() as u64, options.limits),
            });
        }
        let text = decode(bytes).map_err(|p| p.locate(name, bytes))?;
        let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
        if text[start..].trim().is_empty() {
            return Err(Problem::at(
                start,
                "the file is empty; expected a Strong or Hevy CSV export with a header line",
            )
            .locate(name, bytes));
        }
        let separator = sniff_separator(text, start);
        let mut reader = Reader::new(text, start, separator);
        let mut fields: Vec<Field<'a>> = Vec::new();
        let header = reader
            .next_record(&mut fields)
            .and_then(|_| Header::new(&fields))
            .map_err(|p| p.locate(name, bytes))?;
        let (source, format) =
            detect(&header, start, options).map_err(|p| p.locate(name, bytes))?;
        let counted_to = reader.position();
        Ok(SetReader {
            name: name.to_string(),
            bytes,
            text,
            reader,
            fields,
            header,
            format,
            source,
            decimal_comma: separator == b';',
            separator,
            latest: options.latest,
            resolver: Resolver::default(),
            positions: HashMap::new(),
            workouts: Numbering::default(),
            exercises: Numbering::default(),
            line: 1 + text[..counted_to].matches('\n').count(),
            counted_to,
            rows_read: 0,
            skipped: Vec::new(),
        })
    }

    /// The app the file came from.
    pub fn source(&self) -> ImportSource {
        self.source
    }

    /// Bytes read so far (for a progress bar).
    pub fn position(&self) -> usize {
        self.reader.position()
    }

    /// Data rows read so far (the header not counted).
    pub fn rows_read(&self) -> usize {
        self.rows_read
    }

    /// The rows skipped so far, ordered by line.
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }

    /// The next set, or `None` at the end of the file.
    pub fn next_set(&mut self) -> Result<Option<ReadSet>, ImportError> {
        self.next_problem()
            .map_err(|p| p.locate(&self.name, self.bytes))
    }

    fn next_problem(&mut self) -> Result<Option<ReadSet>, Problem> {
        while let Some(record_start) = self.reader.next_record(&mut self.fields)? {
            // Line numbers by counting only the bytes read since the last row.
            self.line += self.text[self.counted_to..record_start]
                .matches('\n')
                .count();
            self.counted_to = record_start;
            self.rows_read += 1;
            let line = self.line;
            match self.row(record_start)? {
                Ok(set) => return Ok(Some(ReadSet { set, line })),
                Err(reason) => self.skipped.push(Skipped { line, reason }),
            }
        }
        Ok(None)
    }

    /// The current row as a set, or why it is skipped.
    fn row(&mut self, record_start: usize) -> Result<Result<ImportedSet, SkipReason>, Problem> {
        let fields = &self.fields;
        if fields.len() == 1 && fields[0].value.trim().is_empty() {
            return Ok(Err(SkipReason::BlankRow));
        }
        if fields.len() != self.header.len() {
            let at = fields.last().map_or(record_start, |f| f.start);
            return Err(Problem::at(
                at,
                format!(
                    "this row has {} fields but the header has {} (a missing or extra {:?}?)",
                    fields.len(),
                    self.header.len(),
                    char::from(self.separator)
                ),
            ));
        }
        let row = Row {
            fields,
            header: &self.header,
            decimal_comma: self.decimal_comma,
        };
        let outcome = match &self.format {
            Format::Strong(s) => s.row(&row)?,
            Format::Hevy(h) => h.row(&row)?,
        };
        let draft = match outcome {
            RowOutcome::Set(draft) => draft,
            RowOutcome::Skip(reason) => return Ok(Err(reason)),
        };
        if let Some(latest) = self.latest
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
        let group = (
            self.workouts
                .number((draft.started_at, draft.workout.to_lowercase())),
            self.exercises.number(draft.exercise_name.to_lowercase()),
        );
        let counter = self.positions.entry(group).or_insert(0);
        *counter += 1;
        // Keys within a file are unique: the position differs within a
        // (workout, exercise) group, and the key hashes both.
        Ok(Ok(ImportedSet {
            source: self.source,
            started_at: draft.started_at,
            workout: draft.workout,
            workout_seconds: draft.workout_seconds,
            exercise: self.resolver.resolve(&draft.exercise_name),
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
        }))
    }
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

/// Distinct values numbered 0, 1, 2 in the order first seen.
struct Numbering<T> {
    numbers: HashMap<T, u32>,
}

impl<T> Default for Numbering<T> {
    fn default() -> Self {
        Numbering {
            numbers: HashMap::new(),
        }
    }
}

impl<T: std::hash::Hash + Eq> Numbering<T> {
    fn number(&mut self, value: T) -> u32 {
        // A file within `ImportLimits` has far fewer rows than `u32::MAX`.
        let next = u32::try_from(self.numbers.len()).unwrap_or(u32::MAX);
        *self.numbers.entry(value).or_insert(next)
    }
}
