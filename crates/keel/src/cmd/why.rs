//! `keel why EXERCISE`: every decision about that exercise's movement (its
//! progression chain, on every day kind and block), oldest first, each with
//! the day and block it was made on, the change, the next session apart
//! from the working level, the reasons and the cues.

use std::process::ExitCode;

use keel_core::catalog::Catalog;
use keel_core::training::{SlotDecision, chain_key};

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
        let carried = chain_key(Catalog::builtin(), &id)
            .and_then(|chain| journal.log.carried.get(&chain))
            .and_then(|state| state.carried.clone());
        let value = serde_json::json!({
            "exercise": id,
            "plan_version": journal.plan.version,
            "carried": carried,
            "decisions": decisions,
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(ExitCode::SUCCESS);
    }
    let catalog = Catalog::builtin();
    let name = render::name(catalog, &id);
    // Where this plan version started the movement, when an earlier one
    // left a level on it (docs/method.md 5.6).
    let carried = chain_key(catalog, &id)
        .and_then(|chain| journal.log.carried.get(&chain))
        .and_then(|state| state.carried.clone());
    if let Some(text) = &carried {
        println!("{text}");
    }
    if decisions.is_empty() && carried.is_some() {
        println!(
            "No decisions about {name} in plan version {} yet.",
            journal.plan.version
        );
        return Ok(ExitCode::SUCCESS);
    }
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
