//! `keel resume --confirm`: the user's explicit, recorded decision to
//! continue after a red-flag halt. Keel never resumes on its own.

use std::process::ExitCode;

use keel_app::safety::{self, Halt, Resumed};

use crate::context::Ctx;
use crate::error::invalid;

#[derive(Debug, Default, clap::Args)]
pub struct ResumeArgs {
    /// Confirm that you have seen a clinician (or decided with one) and want to continue
    #[arg(long)]
    pub confirm: bool,
    /// What was decided, e.g. "cleared by my physio on 2026-03-10"
    #[arg(long, default_value = "")]
    pub note: String,
}

pub fn run(ctx: &mut Ctx, args: ResumeArgs) -> anyhow::Result<ExitCode> {
    let halt = keel_app::safety::halt(&ctx.store)?;
    let resumed = safety::resume(&mut ctx.store, ctx.today, args.confirm, Some(args.note));
    let note = match resumed {
        Ok(Resumed::NotHalted) => {
            println!("Your program is not halted; nothing to resume.");
            return Ok(ExitCode::SUCCESS);
        }
        Ok(Resumed::Resumed { note }) => note,
        Err(keel_app::Error::Invalid(e)) if e.field == "confirm" => {
            let Some(halt) = halt else {
                println!("Your program is not halted; nothing to resume.");
                return Ok(ExitCode::SUCCESS);
            };
            let why = halt.paused_line();
            return Err(invalid(format!(
                "--confirm: {why} Keel resumes only on your explicit decision, ideally after \
                 seeing a clinician: run `keel resume --confirm --note \"...\"`"
            )));
        }
        Err(keel_app::Error::Invalid(e)) => return Err(e.in_field("--note").into()),
        Err(other) => return Err(other.into()),
    };
    println!(
        "Recorded on {}: you chose to resume your program.",
        ctx.today
    );
    if !note.is_empty() {
        println!("Note: {note}");
    }
    println!(
        "If any warning sign returns, stop and see a clinician. Consider a retest (`keel assess`) \
         and a new plan (`keel plan --new`) before training again."
    );
    Ok(ExitCode::SUCCESS)
}

/// The halt as every command shows it instead of training (the rule is
/// [`keel_app::safety::halt`]): the clinician message and how to resume,
/// or with `json` one object `{"halted": {...}}` on stdout.
pub fn show_halt(halt: &Halt, json: bool) -> anyhow::Result<()> {
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "halted": halt }))?
        );
    } else {
        println!("{}", halt.message);
        println!("\n{}\n{}", halt.paused_line(), halt.resume);
    }
    Ok(())
}
