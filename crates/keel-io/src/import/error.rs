//! Why an import was refused, with the place in the file a user can open.

use std::fmt;

/// A 1-based line and column (in characters) of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

impl Location {
    /// The line and column of byte `offset` in `text` (clamped to its end).
    pub fn of(text: &[u8], offset: usize) -> Location {
        let before = &text[..offset.min(text.len())];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        // Characters, not bytes: count the bytes that start a UTF-8 sequence.
        let column = 1 + before[line_start..]
            .iter()
            .filter(|&&b| (b & 0xC0) != 0x80)
            .count();
        Location { line, column }
    }
}

/// A file that cannot be imported; nothing of it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ImportError {
    /// The file's name as the user gave it.
    pub file: String,
    /// Where the problem is; `None` for the file as a whole (e.g. its size).
    pub location: Option<Location>,
    /// The column's header name, when the problem is in one value.
    pub column_name: Option<String>,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(at) = self.location {
            write!(f, ":{}:{}", at.line, at.column)?;
        }
        f.write_str(": ")?;
        if let Some(name) = &self.column_name {
            write!(f, "{name}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// A problem found at a byte offset, before the file name and line are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub offset: usize,
    pub column_name: Option<String>,
    pub message: String,
}

impl Problem {
    pub fn at(offset: usize, message: impl Into<String>) -> Problem {
        Problem {
            offset,
            column_name: None,
            message: message.into(),
        }
    }

    pub fn in_column(offset: usize, column: &str, message: impl Into<String>) -> Problem {
        Problem {
            offset,
            column_name: Some(column.to_string()),
            message: message.into(),
        }
    }

    pub fn locate(self, file: &str, text: &[u8]) -> ImportError {
        ImportError {
            file: file.to_string(),
            location: Some(Location::of(text, self.offset)),
            column_name: self.column_name,
            message: self.message,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_counts_lines_and_characters() {
        let text = "ab\ncdé f\n".as_bytes();
        assert_eq!(Location::of(text, 0), Location { line: 1, column: 1 });
        assert_eq!(Location::of(text, 3), Location { line: 2, column: 1 });
        // "é" is two bytes but one column.
        let f = "ab\ncdé ".len();
        assert_eq!(Location::of(text, f), Location { line: 2, column: 5 });
        assert_eq!(Location::of(text, 999), Location { line: 3, column: 1 });
    }
}
