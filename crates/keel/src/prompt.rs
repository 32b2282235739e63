//! Line prompts for interactive commands (onboarding, assessment).
//!
//! Questions go to stderr so `--json` output on stdout stays clean. A blank
//! answer takes the default. When stdin is not a terminal (scripts, tests)
//! the same questions read piped lines, a wrong answer is an error instead
//! of a retry, and end of input means "take the default".

use std::io::{self, BufRead, IsTerminal, Write};

use keel_core::InputError;

use crate::error::invalid;

pub struct Prompter {
    input: Box<dyn BufRead>,
    interactive: bool,
}

impl Prompter {
    pub fn stdin() -> Prompter {
        let stdin = io::stdin();
        let interactive = stdin.is_terminal();
        Prompter {
            input: Box::new(stdin.lock()),
            interactive,
        }
    }

    #[cfg(test)]
    pub fn scripted(text: &'static str) -> Prompter {
        Prompter {
            input: Box::new(io::Cursor::new(text)),
            interactive: false,
        }
    }

    /// Prints a line of information between questions.
    pub fn say(&self, text: &str) {
        eprintln!("{text}");
    }

    /// One raw answer; `None` on a blank line or end of input.
    fn read_answer(&mut self, question: &str, hint: &str) -> anyhow::Result<Option<String>> {
        eprint!("{question} [{hint}]: ");
        io::stderr().flush().ok();
        let mut line = String::new();
        let read = self.input.read_line(&mut line)?;
        if read == 0 {
            if !self.interactive {
                eprintln!();
            }
            return Ok(None);
        }
        let answer = line.trim();
        Ok((!answer.is_empty()).then(|| answer.to_string()))
    }

    /// Asks until the answer parses (interactive) or fails (scripted).
    /// A blank answer returns `None`, i.e. skip / default.
    pub fn ask<T>(
        &mut self,
        question: &str,
        hint: &str,
        parse: impl Fn(&str) -> Result<T, InputError>,
    ) -> anyhow::Result<Option<T>> {
        loop {
            let Some(answer) = self.read_answer(question, hint)? else {
                return Ok(None);
            };
            match parse(&answer) {
                Ok(value) => return Ok(Some(value)),
                Err(err) if self.interactive => eprintln!("  {}; try again.", err.message),
                Err(err) => return Err(invalid(format!("{question} {err}"))),
            }
        }
    }

    /// A yes or no that has no default: a blank answer asks again on a
    /// terminal, and is refused when piped; end of input is refused. For
    /// the red-flag screen, where no answer is never "no".
    pub fn yes_no_required(&mut self, question: &str, what: &str) -> anyhow::Result<bool> {
        loop {
            eprint!("{question} [y/n]: ");
            io::stderr().flush().ok();
            let mut line = String::new();
            if self.input.read_line(&mut line)? == 0 {
                eprintln!();
                return Err(invalid(format!(
                    "{what} was not answered (the input ended): nothing was recorded"
                )));
            }
            match line.trim().to_ascii_lowercase().as_str() {
                "y" | "yes" => return Ok(true),
                "n" | "no" => return Ok(false),
                "" if self.interactive => eprintln!("  answer y or n; there is no default."),
                "" => {
                    return Err(invalid(format!(
                        "{what} was not answered: {question:?} got a blank line; answer y or n"
                    )));
                }
                other if self.interactive => {
                    eprintln!("  answer y or n, got {other:?}; try again.")
                }
                other => {
                    return Err(invalid(format!(
                        "{what}: {question:?} answer y or n, got {other:?}"
                    )));
                }
            }
        }
    }

    pub fn yes_no(&mut self, question: &str, default: bool) -> anyhow::Result<bool> {
        let hint = if default { "Y/n" } else { "y/N" };
        let answer = self.ask(question, hint, |text| {
            match text.to_ascii_lowercase().as_str() {
                "y" | "yes" => Ok(true),
                "n" | "no" => Ok(false),
                _ => Err(InputError::new(
                    "answer",
                    format!("answer y or n, got {text:?}"),
                )),
            }
        })?;
        Ok(answer.unwrap_or(default))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn blank_and_end_of_input_take_the_default() {
        let mut p = Prompter::scripted("\n");
        assert!(p.yes_no("ok?", true).unwrap());
        assert!(!p.yes_no("again?", false).unwrap());
    }

    #[test]
    fn a_required_answer_is_never_taken_from_a_blank_or_the_end_of_input() {
        let mut p = Prompter::scripted("");
        let err = p.yes_no_required("ok?", "the screen").unwrap_err();
        assert!(crate::error::is_invalid_input(&err), "{err:#}");
        assert!(err.to_string().contains("not answered"), "{err:#}");
        let mut p = Prompter::scripted("\n");
        assert!(p.yes_no_required("ok?", "the screen").is_err());
        let mut p = Prompter::scripted("n\ny\n");
        assert!(!p.yes_no_required("a?", "the screen").unwrap());
        assert!(p.yes_no_required("b?", "the screen").unwrap());
    }

    #[test]
    fn scripted_bad_answer_is_an_error() {
        let mut p = Prompter::scripted("maybe\n");
        assert!(p.yes_no("ok?", true).is_err());
    }
}
