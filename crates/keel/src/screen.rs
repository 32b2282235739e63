//! The red-flag screen as asked on the command line: at onboarding and
//! whenever pain is logged. Scripts answer it by flags; it is never assumed.

use keel_core::redflag::{RedFlag, Screen};

use crate::error::invalid;
use crate::prompt::Prompter;

/// Red-flag answers by flag, for scripts.
#[derive(Debug, Default, Clone, clap::Args)]
pub struct ScreenFlags {
    /// Answer "no" to every red-flag question (for scripts)
    #[arg(long, conflicts_with = "red_flag")]
    pub no_red_flags: bool,

    /// Answer "yes" to one red-flag question (repeatable): pain-below-knee,
    /// numbness-or-tingling, leg-weakness, bladder-or-bowel, saddle-numbness,
    /// fever-or-weight-loss, major-trauma, night-pain
    #[arg(long, value_name = "FLAG")]
    pub red_flag: Vec<String>,
}

impl ScreenFlags {
    pub fn any(&self) -> bool {
        self.no_red_flags || !self.red_flag.is_empty()
    }

    /// The screen as answered by flags; an error when it was not answered.
    pub fn screen(&self) -> anyhow::Result<Screen> {
        if self.no_red_flags {
            return Ok(Screen::clear());
        }
        if self.red_flag.is_empty() {
            // Safety: a scripted screen must be answered explicitly.
            return Err(invalid(
                "the red-flag screen was not answered: pass --no-red-flags, or --red-flag FLAG for each yes",
            ));
        }
        let mut flags = self
            .red_flag
            .iter()
            .map(|text| {
                RedFlag::parse(text).ok_or_else(|| {
                    let known: Vec<&str> = RedFlag::ALL.iter().map(|f| f.slug()).collect();
                    invalid(format!(
                        "--red-flag: unknown flag {text:?}; expected one of {}",
                        known.join(", ")
                    ))
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        flags.sort();
        flags.dedup();
        Ok(Screen { flags })
    }
}

/// Asks the eight questions. Each needs an explicit y or n: a blank line
/// (when piped) or the end of input refuses the command, which then writes
/// nothing; an unanswered screen is never "no".
pub fn ask(prompter: &mut Prompter) -> anyhow::Result<Screen> {
    prompter.say("\nSafety screen: answer each question honestly (y or n).");
    let mut flags = Vec::new();
    for flag in RedFlag::ALL {
        if prompter.yes_no_required(flag.question(), "the red-flag screen")? {
            flags.push(flag);
        }
    }
    Ok(Screen { flags })
}
