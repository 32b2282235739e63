//! A small RFC 4180 reader that keeps each field's byte offset, so an error
//! can name the exact line and column. Quoted fields may hold the separator,
//! doubled quotes and line breaks (Strong notes can span lines).

use std::borrow::Cow;

use super::error::Problem;

/// One field: its text (quotes removed) and where it starts in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Field<'a> {
    pub start: usize,
    pub value: Cow<'a, str>,
}

pub(crate) struct Reader<'a> {
    text: &'a str,
    pos: usize,
    separator: u8,
}

impl<'a> Reader<'a> {
    pub fn new(text: &'a str, start: usize, separator: u8) -> Reader<'a> {
        Reader {
            text,
            pos: start,
            separator,
        }
    }

    /// Byte offset of the next record.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Reads the next record into `fields`; `Ok(None)` at the end of the file.
    /// Returns the record's start offset.
    pub fn next_record(&mut self, fields: &mut Vec<Field<'a>>) -> Result<Option<usize>, Problem> {
        fields.clear();
        let bytes = self.text.as_bytes();
        if self.pos >= bytes.len() {
            return Ok(None);
        }
        let record_start = self.pos;
        loop {
            let (field, end) = self.field(self.pos)?;
            fields.push(field);
            match bytes.get(end) {
                Some(&b) if b == self.separator => self.pos = end + 1,
                Some(b'\r') if bytes.get(end + 1) == Some(&b'\n') => {
                    self.pos = end + 2;
                    return Ok(Some(record_start));
                }
                Some(b'\n' | b'\r') => {
                    self.pos = end + 1;
                    return Ok(Some(record_start));
                }
                None => {
                    self.pos = end;
                    return Ok(Some(record_start));
                }
                Some(_) => unreachable!("a field ends at a separator, a line break or the end"),
            }
        }
    }

    /// The field starting at `start`, and the offset just past it.
    fn field(&self, start: usize) -> Result<(Field<'a>, usize), Problem> {
        let bytes = self.text.as_bytes();
        if bytes.get(start) != Some(&b'"') {
            let len = bytes[start..]
                .iter()
                .position(|&b| b == self.separator || b == b'\n' || b == b'\r')
                .unwrap_or(bytes.len() - start);
            let end = start + len;
            let value = Cow::Borrowed(&self.text[start..end]);
            return Ok((Field { start, value }, end));
        }
        // Quoted: find the closing quote, unescaping "" on the way.
        let mut owned: Option<String> = None;
        let mut chunk = start + 1;
        let mut i = start + 1;
        loop {
            match bytes.get(i) {
                None => {
                    return Err(Problem::at(
                        start,
                        "this quoted field is never closed (a \" is missing)",
                    ));
                }
                Some(b'"') if bytes.get(i + 1) == Some(&b'"') => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(&self.text[chunk..=i]);
                    i += 2;
                    chunk = i;
                }
                Some(b'"') => {
                    let value = match owned {
                        Some(mut s) => {
                            s.push_str(&self.text[chunk..i]);
                            Cow::Owned(s)
                        }
                        None => Cow::Borrowed(&self.text[chunk..i]),
                    };
                    let end = i + 1;
                    match bytes.get(end) {
                        None | Some(b'\n' | b'\r') => {}
                        Some(&b) if b == self.separator => {}
                        Some(_) => {
                            return Err(Problem::at(
                                end,
                                "unexpected text after a closing quote (a quote inside a \
                                 quoted field must be doubled: \"\")",
                            ));
                        }
                    }
                    return Ok((Field { start, value }, end));
                }
                Some(_) => i += 1,
            }
        }
    }
}

/// The separator of a file, judged by its header line: `;` when it has more
/// semicolons than commas outside quotes (Strong's locale variant), else `,`.
pub(crate) fn sniff_separator(text: &str, start: usize) -> u8 {
    let (mut commas, mut semicolons, mut quoted) = (0usize, 0usize, false);
    for &b in &text.as_bytes()[start..] {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn records(text: &str, sep: u8) -> Vec<Vec<String>> {
        let mut reader = Reader::new(text, 0, sep);
        let mut fields = Vec::new();
        let mut out = Vec::new();
        while reader.next_record(&mut fields).unwrap().is_some() {
            out.push(fields.iter().map(|f| f.value.to_string()).collect());
        }
        out
    }

    #[test]
    fn reads_quotes_escapes_line_breaks_and_crlf() {
        let text = "a,\"b,c\",\"say \"\"hi\"\"\"\r\n1,\"two\nlines\",\n";
        assert_eq!(
            records(text, b','),
            vec![vec!["a", "b,c", "say \"hi\""], vec!["1", "two\nlines", ""],]
        );
    }

    #[test]
    fn semicolons_and_field_offsets() {
        let mut reader = Reader::new("\"x\";yy;z", 0, b';');
        let mut fields = Vec::new();
        reader.next_record(&mut fields).unwrap();
        let starts: Vec<usize> = fields.iter().map(|f| f.start).collect();
        assert_eq!(starts, vec![0, 4, 7]);
        assert_eq!(sniff_separator("\"a;b\",c,d", 0), b',');
        assert_eq!(sniff_separator("\"a\";\"b\";\"c,d\"", 0), b';');
    }

    #[test]
    fn unclosed_quote_and_stray_text_are_located() {
        let mut fields = Vec::new();
        let err = Reader::new("a,\"bc", 0, b',')
            .next_record(&mut fields)
            .unwrap_err();
        assert_eq!(err.offset, 2);
        let err = Reader::new("a,\"b\"c", 0, b',')
            .next_record(&mut fields)
            .unwrap_err();
        assert_eq!(err.offset, 5);
    }
}
