//! The header of an export and typed access to one row's values, every
//! failure located at the value's own line and column.

use std::collections::HashMap;

use jiff::civil::DateTime;
use keel_core::history::HalfRpe;

use super::csv::Field;
use super::error::Problem;
use super::units;

/// Column names as written in the header, found by their normalized form.
/// A unit in parentheses at the end of a name is kept apart: "Weight (kg)"
/// is the column "Weight" with the unit "kg" (Strong's exports since the
/// `Workout #` column came, and importers' own CSVs, write it so).
pub(crate) struct Header {
    names: Vec<String>,
    starts: Vec<usize>,
    units: Vec<Option<String>>,
    index: HashMap<String, usize>,
}

impl Header {
    /// Fails on a blank or repeated column name.
    pub fn new(fields: &[Field<'_>]) -> Result<Header, Problem> {
        let mut index = HashMap::new();
        let mut names = Vec::with_capacity(fields.len());
        let mut units = Vec::with_capacity(fields.len());
        for (i, f) in fields.iter().enumerate() {
            let name = f.value.trim().to_string();
            if name.is_empty() && fields.len() > 1 {
                return Err(Problem::at(
                    f.start,
                    "the header has a column without a name",
                ));
            }
            let (base, unit) = split_unit(&name);
            if index.insert(base, i).is_some() {
                return Err(Problem::at(
                    f.start,
                    format!("the header names the column {name:?} twice"),
                ));
            }
            names.push(name);
            units.push(unit);
        }
        Ok(Header {
            names,
            starts: fields.iter().map(|f| f.start).collect(),
            units,
            index,
        })
    }

    /// The unit a column's name gives in parentheses ("kg" of "Weight (kg)").
    pub fn unit(&self, column: usize) -> Option<&str> {
        self.units.get(column).and_then(|u| u.as_deref())
    }

    /// A problem with a column's name, located at it in the header.
    pub fn problem(&self, column: usize, message: impl Into<String>) -> Problem {
        let start = self.starts.get(column).copied().unwrap_or(0);
        Problem::in_column(start, self.name(column), message)
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn has(&self, name: &str) -> bool {
        self.index.contains_key(&normalize(name))
    }

    pub fn find(&self, name: &str) -> Option<usize> {
        self.index.get(&normalize(name)).copied()
    }

    pub fn name(&self, column: usize) -> &str {
        self.names.get(column).map_or("", String::as_str)
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The columns among `required` this header lacks.
    pub fn missing<'n>(&self, required: &[&'n str]) -> Vec<&'n str> {
        required.iter().copied().filter(|n| !self.has(n)).collect()
    }
}

/// Header names compare without case and surrounding space.
fn normalize(name: &str) -> String {
    name.trim().to_ascii_lowercase()
}

/// "Weight (kg)" to ("weight", Some("kg")); a name without a trailing
/// parenthesis to its normalized self.
fn split_unit(name: &str) -> (String, Option<String>) {
    let t = name.trim();
    if let Some(inner) = t.strip_suffix(')')
        && let Some(open) = inner.rfind('(')
    {
        let base = inner[..open].trim();
        let unit = inner[open + 1..].trim();
        if !base.is_empty() && !unit.is_empty() {
            return (normalize(base), Some(unit.to_string()));
        }
    }
    (normalize(t), None)
}

/// One data row, read against its header.
pub(crate) struct Row<'r, 'a> {
    pub fields: &'r [Field<'a>],
    pub header: &'r Header,
    pub decimal_comma: bool,
}

impl<'r, 'a> Row<'r, 'a> {
    /// The value of `column` (trimmed); blank when the column is absent.
    pub fn text(&self, column: Option<usize>) -> &'r str {
        column
            .and_then(|c| self.fields.get(c))
            .map_or("", |f| f.value.trim())
    }

    /// The non-blank text of a required column, or an error naming it.
    pub fn required(&self, column: usize) -> Result<&'r str, Problem> {
        let text = self.text(Some(column));
        if text.is_empty() {
            Err(self.problem(column, "is empty; every row needs a value here"))
        } else {
            Ok(text)
        }
    }

    pub fn problem(&self, column: usize, message: impl Into<String>) -> Problem {
        let start = self.fields.get(column).map_or(0, |f| f.start);
        Problem::in_column(start, self.header.name(column), message)
    }

    /// Parses `column` when the file has it; `None` when it does not.
    fn value<T>(
        &self,
        column: Option<usize>,
        parse: impl FnOnce(&str) -> Result<Option<T>, String>,
    ) -> Result<Option<T>, Problem> {
        let Some(c) = column else { return Ok(None) };
        parse(self.text(Some(c))).map_err(|m| self.problem(c, m))
    }

    pub fn number(&self, column: Option<usize>) -> Result<Option<f64>, Problem> {
        self.value(column, |t| units::number(t, self.decimal_comma))
    }

    pub fn whole(&self, column: Option<usize>) -> Result<Option<u32>, Problem> {
        self.value(column, |t| units::whole(t, self.decimal_comma))
    }

    pub fn duration(
        &self,
        column: Option<usize>,
        plain: units::PlainDuration,
    ) -> Result<Option<u32>, Problem> {
        self.value(column, |t| units::duration_in(t, plain))
    }

    pub fn rpe(&self, column: Option<usize>) -> Result<Option<HalfRpe>, Problem> {
        self.value(column, |t| match units::number(t, self.decimal_comma)? {
            None => Ok(None),
            Some(v) => HalfRpe::new(v).map(Some).map_err(|e| e.message),
        })
    }

    pub fn date_time(&self, column: usize) -> Result<DateTime, Problem> {
        let text = self.required(column)?;
        units::date_time(text).map_err(|m| self.problem(column, m))
    }

    /// Notes: `None` when blank.
    pub fn note(&self, column: Option<usize>) -> Option<String> {
        let text = self.text(column);
        (!text.is_empty()).then(|| text.to_string())
    }
}
