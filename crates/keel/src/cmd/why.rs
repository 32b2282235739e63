//! `keel why EXERCISE`: every decision about that exercise's movement (its
//! progression chain, on every day kind and block), oldest first, each with
//! the day and block it was made on, the change, the next session apart
//! from the working level, the reasons and the cues.

use std::process::ExitCode;

use keel_core::catalog::Catalog;
use keel_core::training::SlotDecision;

use crate::cmd::log::resolve_exercise;
use crate::context::Ctx;
use crate::render::decision as render;
use keel_app::journal::Journal;

#[derive(Debug, Default, clap::Args)]
pub struct WhyArgs {
    /// The exercise: an id (prone-plank) or a name ("Prone plank")
    pub exercise: String,

    /// Print the decisions as JSON
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &mut Ctx, args: WhyArgs) -> anyhow::Result<ExitCode> {
    let id = resolve_exercise(&args.exercise)?;
    let journal = Journal::load(&ctx.store)?;
    let decisions: Vec<&SlotDecision> = journal
        .replay
        .decisions_for(&id, Catalog::builtin())
        .collect();
    if args.json {
        let value = serde_json::json!({
            "exercise": id,
            "plan_version": journal.plan.version,
            "decisions": decisions,
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(ExitCode::SUCCESS);
    }
    let catalog = Catalog::builtin();
    let name = render::name(catalog, &id);
    if decisions.is_empty() {
        println!(
            "No decisions about {name} yet: its prescription is as the plan gave it. Decisions \
             come after you log it (`keel log {id}` or `keel go`)."
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "Decisions about {name} (plan version {}), oldest first:",
        journal.plan.version
    );
    for d in decisions {
        println!();
        print!("{}", render::dated(catalog, d, journal.profile.units));
    }
    Ok(ExitCode::SUCCESS)
}
