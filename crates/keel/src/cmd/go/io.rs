//! Where `keel go` reads answers and writes the session.
//!
//! Lines come from a reader thread through a channel, so a running timer can
//! notice a typed `q` (or Enter to skip a rest) without raw terminal mode.
//! Everything the guide shows goes to stdout: the session is the output.

use std::io::{self, BufRead, IsTerminal, Write};
use std::sync::mpsc::{self, Receiver, TryRecvError};

use keel_core::InputError;

/// What a non-blocking look at the input found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Poll {
    Line(String),
    Nothing,
    Closed,
}

pub struct Io {
    lines: Receiver<String>,
    closed: bool,
    out: Box<dyn Write>,
    /// Stdin and stdout are terminals: screens are cleared, timers run and
    /// a wrong answer is asked again. Otherwise a wrong answer is an error.
    pub terminal: bool,
}

/// A question was not answered because the input ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Closed;

/// An answer that does not parse, in non-terminal mode (no retry possible).
#[derive(Debug, thiserror::Error)]
#[error("{question}: {message}")]
pub struct BadAnswer {
    pub question: String,
    pub message: String,
}

impl Io {
    pub fn stdio() -> Io {
        let terminal = io::stdin().is_terminal() && io::stdout().is_terminal();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in io::stdin().lock().lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Io {
            lines: rx,
            closed: false,
            out: Box::new(io::stdout()),
            terminal,
        }
    }

    /// Scripted answers and a captured screen, for unit tests.
    #[cfg(test)]
    pub fn scripted(lines: &[&str], out: Box<dyn Write>) -> Io {
        let (tx, rx) = mpsc::channel();
        for line in lines {
            let _ = tx.send((*line).to_string());
        }
        Io {
            lines: rx,
            closed: false,
            out,
            terminal: false,
        }
    }

    /// Writes text as is (no newline added) and flushes.
    pub fn show(&mut self, text: &str) {
        // A closed stdout ends the session like a closed stdin would; the
        // next read notices nothing, so there is nothing useful to report.
        let _ = self.out.write_all(text.as_bytes());
        let _ = self.out.flush();
    }

    pub fn say(&mut self, text: &str) {
        self.show(&format!("{text}\n"));
    }

    /// The next line, waiting for it; `Err(Closed)` at end of input.
    pub fn line(&mut self) -> Result<String, Closed> {
        if self.closed {
            return Err(Closed);
        }
        match self.lines.recv() {
            Ok(line) => Ok(line),
            Err(_) => {
                self.closed = true;
                Err(Closed)
            }
        }
    }

    /// A line typed while something else runs (a timer), if any.
    pub fn poll(&mut self) -> Poll {
        if self.closed {
            return Poll::Closed;
        }
        match self.lines.try_recv() {
            Ok(line) => Poll::Line(line),
            Err(TryRecvError::Empty) => Poll::Nothing,
            Err(TryRecvError::Disconnected) => {
                self.closed = true;
                Poll::Closed
            }
        }
    }

    /// Asks until the answer parses (terminal) or fails (not a terminal).
    /// A blank answer takes `default`.
    pub fn ask<T>(
        &mut self,
        question: &str,
        hint: &str,
        default: T,
        parse: impl Fn(&str) -> Result<T, InputError>,
    ) -> anyhow::Result<Result<T, Closed>> {
        loop {
            self.show(&format!("{question} [{hint}]: "));
            let line = match self.line() {
                Ok(line) => line,
                Err(Closed) => {
                    self.say("");
                    return Ok(Err(Closed));
                }
            };
            if !self.terminal {
                // Echo the piped answer so a transcript reads like a session.
                self.say(line.trim());
            }
            let answer = line.trim();
            if answer.is_empty() {
                return Ok(Ok(default));
            }
            match parse(answer) {
                Ok(value) => return Ok(Ok(value)),
                Err(err) if self.terminal => self.say(&format!("  {}; try again.", err.message)),
                Err(err) => {
                    return Err(BadAnswer {
                        question: question.to_string(),
                        message: err.message,
                    }
                    .into());
                }
            }
        }
    }

    pub fn yes_no(
        &mut self,
        question: &str,
        default: bool,
    ) -> anyhow::Result<Result<bool, Closed>> {
        let hint = if default { "Y/n" } else { "y/N" };
        self.ask(question, hint, default, parse_yes_no)
    }
}

pub fn parse_yes_no(text: &str) -> Result<bool, InputError> {
    match text.to_ascii_lowercase().as_str() {
        "y" | "yes" => Ok(true),
        "n" | "no" => Ok(false),
        _ => Err(InputError::new(
            "answer",
            format!("answer y or n, got {text:?}"),
        )),
    }
}

/// A `Write` that keeps what was written, for tests of the guide's output.
#[cfg(test)]
#[derive(Clone, Default)]
pub struct Captured(pub std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

#[cfg(test)]
impl Captured {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.borrow()).into_owned()
    }
}

#[cfg(test)]
impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn blank_takes_the_default_and_end_of_input_is_closed() {
        let mut io = Io::scripted(&["", "7"], Box::new(Captured::default()));
        let parse = |t: &str| t.parse::<u8>().map_err(|_| InputError::new("n", "number"));
        assert_eq!(io.ask("n?", "5", 5, parse).unwrap(), Ok(5));
        assert_eq!(io.ask("n?", "5", 5, parse).unwrap(), Ok(7));
        assert_eq!(io.ask("n?", "5", 5, parse).unwrap(), Err(Closed));
        assert_eq!(io.poll(), Poll::Closed);
    }

    #[test]
    fn a_piped_answer_is_echoed_after_its_question() {
        let screen = Captured::default();
        let mut io = Io::scripted(&["y"], Box::new(screen.clone()));
        assert_eq!(io.yes_no("Sharp pain?", false).unwrap(), Ok(true));
        assert_eq!(screen.text(), "Sharp pain? [y/N]: y\n");
    }

    #[test]
    fn a_bad_piped_answer_is_an_error_naming_the_question() {
        let mut io = Io::scripted(&["maybe"], Box::new(Captured::default()));
        let err = io.yes_no("Sharp pain?", false).unwrap_err();
        assert!(err.to_string().contains("Sharp pain?"), "{err}");
    }
}
