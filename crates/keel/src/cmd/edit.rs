//! `keel edit` and `keel delete`: correct or remove logged sets. Both go
//! through [`journal::commit`], so every decision that depended on the set
//! is re-run; what changed in the slot's decisions is shown.

use std::io::IsTerminal as _;
use std::process::ExitCode;

use keel_core::catalog::Catalog;
use keel_core::engine::Amount;
use keel_core::training::{SlotDecision, SlotKey, slot_chain};
use keel_store::{ImportedSelection, Part, Store, StoredSet, TrainingSession, Write};

use crate::cmd::log::{
    answer_screen, as_flag, parse_actual, parse_faults, parse_load, parse_pain, parse_quality,
    parse_rpe,
};
use crate::context::{Ctx, parse_date};
use crate::error::invalid;
use crate::prompt::Prompter;
use crate::render::{decision as render_decision, history as render_history};
use crate::screen::ScreenFlags;
use keel_app::journal::{self, Journal};
use keel_app::record;

#[derive(Debug, Default, clap::Args)]
#[command(after_help = "Find set ids with `keel history`. Only the values given change.")]
pub struct EditArgs {
    /// The set's id, as shown by `keel history`
    #[arg(value_name = "SET_ID", allow_negative_numbers = true)]
    pub id: i64,

    /// What the set got, in its unit (seconds, reps or metres)
    #[arg(long, value_name = "V", allow_negative_numbers = true)]
    pub actual: Option<i64>,

    /// Load used, in kg, or `bw` for bodyweight
    #[arg(long, value_name = "KG|bw", allow_negative_numbers = true)]
    pub load: Option<String>,

    /// Effort, 0-10
    #[arg(long, value_name = "0-10", allow_negative_numbers = true)]
    pub rpe: Option<i64>,

    /// Reps done without a fault, for rep sets
    #[arg(long, value_name = "Q", allow_negative_numbers = true)]
    pub quality_reps: Option<i64>,

    /// The set's form faults (repeatable; replaces the logged ones): pelvis-shift, rib-flare,
    /// breathing-compromised, lumbar-rounding, early-termination
    #[arg(long, value_name = "FAULT", conflicts_with = "no_faults")]
    pub fault: Vec<String>,

    /// The set had no form fault after all
    #[arg(long)]
    pub no_faults: bool,

    /// Pain during the set, 0-10
    #[arg(long, value_name = "0-10", allow_negative_numbers = true)]
    pub pain: Option<i64>,

    /// There was sharp pain
    #[arg(long, conflicts_with = "no_sharp_pain")]
    pub sharp_pain: bool,

    /// There was no sharp pain after all
    #[arg(long)]
    pub no_sharp_pain: bool,

    /// The set's note (an empty note removes it)
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    #[command(flatten)]
    pub screen: ScreenFlags,
}

#[derive(Debug, Default, clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["id", "session", "import"])))]
pub struct DeleteArgs {
    /// The set's id, as shown by `keel history`
    #[arg(value_name = "SET_ID", allow_negative_numbers = true)]
    pub id: Option<i64>,

    /// Delete a whole day's session with all its sets, logged or imported, YYYY-MM-DD
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub session: Option<String>,

    /// Delete every set one import added, by the id `keel history` lists
    #[arg(long, value_name = "IMPORT_ID")]
    pub import: Option<i64>,

    /// Delete without asking (needed in scripts)
    #[arg(long)]
    pub yes: bool,
}

pub fn edit(ctx: &mut Ctx, args: EditArgs) -> anyhow::Result<ExitCode> {
    let sessions = ctx.store.sessions(None, None)?;
    let stored = find_set(&sessions, args.id)?.clone();
    let old = &stored.logged;
    let mut new = old.clone();
    let set = &mut new.set;
    if let Some(v) = args.actual {
        set.actual = record::amount_like(set.target, parse_actual(v)?).map_err(as_flag)?;
    }
    if let Some(text) = &args.load {
        set.load = parse_load(text)?;
    }
    if let Some(v) = args.rpe {
        set.rpe = Some(parse_rpe(v)?);
    }
    if let Some(q) = args.quality_reps {
        set.quality_reps = Some(parse_quality(q, set.target)?);
    }
    if args.no_faults {
        set.faults.clear();
    } else if !args.fault.is_empty() {
        set.faults = parse_faults(&args.fault)?;
    }
    if let Some(p) = args.pain {
        set.pain = parse_pain(p)?;
    }
    if args.sharp_pain {
        set.sharp_pain = true;
    }
    if args.no_sharp_pain {
        set.sharp_pain = false;
    }
    if let Some(note) = &args.note {
        set.note = record::note(Some(note.clone())).map_err(|e| e.in_field("--note"))?;
    }
    if let (Amount::Reps(done), Some(quality)) = (set.actual, set.quality_reps)
        && quality > done
    {
        return Err(invalid(format!(
            "--quality-reps: quality reps ({quality}) cannot exceed the reps done ({done})"
        )));
    }
    if new == *old {
        return Err(invalid(format!(
            "nothing to change: give at least one new value for set #{} (see `keel edit --help`)",
            args.id
        )));
    }
    let more_pain = new.set.pain > old.set.pain || (new.set.sharp_pain && !old.set.sharp_pain);
    let screen = answer_screen(&args.screen, more_pain, new.date)?;
    let halts = screen.as_ref().is_some_and(|(_, s)| !s.is_clear());
    let before = Journal::load(&ctx.store)?;
    let mut writes = vec![Write::UpdateSet {
        id: args.id,
        logged: new.clone(),
    }];
    if let Some((date, screen)) = screen {
        writes.extend(record::writes(Vec::new(), Some((date, screen))));
    }
    let after = journal::commit(&mut ctx.store, writes)?;
    let catalog = Catalog::builtin();
    println!(
        "Corrected set #{} ({}, {}):",
        args.id,
        render_decision::name(catalog, &old.exercise),
        old.date
    );
    println!("  was: {}", render_history::set_detail(&old.set));
    println!("  now: {}", render_history::set_detail(&new.set));
    if halts {
        println!("\n{}", keel_core::redflag::CLINICIAN_MESSAGE);
    }
    print_changes(
        catalog,
        &before.replay.decisions,
        &after.replay.decisions,
        std::slice::from_ref(&old.slot),
    );
    Ok(ExitCode::SUCCESS)
}

pub fn delete(ctx: &mut Ctx, args: DeleteArgs) -> anyhow::Result<ExitCode> {
    let sessions = ctx.store.sessions(None, None)?;
    let catalog = Catalog::builtin();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let (writes, what, slots) = match (args.id, &args.session, args.import) {
        (Some(id), _, _) => {
            let set = find_set(&sessions, id)?;
            let what = format!(
                "set #{id} ({}, {}: {})",
                render_decision::name(catalog, &set.logged.exercise),
                set.logged.date,
                render_history::set_detail(&set.logged.set)
            );
            (
                vec![Write::DeleteSet { id }],
                what,
                vec![set.logged.slot.clone()],
            )
        }
        (None, Some(text), _) => {
            let date = parse_date(text, "--session")?;
            let session = sessions.iter().find(|s| s.date == date);
            let imported = ctx.store.imported_sets(Some(date), Some(date))?.len();
            let mut writes = Vec::new();
            let mut parts = Vec::new();
            let mut slots: Vec<SlotKey> = Vec::new();
            if let Some(session) = session {
                slots = session.sets.iter().map(|s| s.logged.slot.clone()).collect();
                slots.sort();
                slots.dedup();
                writes.push(Write::DeleteSession { date });
                let n = session.sets.len();
                parts.push(format!(
                    "the session of {date} with its {n} set{}",
                    plural(n)
                ));
            }
            if imported > 0 {
                // One batch: the logged and the imported sets go together or not at all.
                writes.push(Write::DeleteImported(ImportedSelection::Day(date)));
                parts.push(format!(
                    "{imported} imported set{} of {date}",
                    plural(imported)
                ));
            }
            if writes.is_empty() {
                return Err(invalid(format!(
                    "--session: nothing is logged or imported on {date}"
                )));
            }
            (writes, parts.join(" and "), slots)
        }
        (None, None, Some(id)) => {
            let batch = ctx
                .store
                .imports()?
                .into_iter()
                .find(|b| b.id == id)
                .ok_or_else(|| {
                    invalid(format!(
                        "--import: no import has id {id}; `keel history` lists them"
                    ))
                })?;
            let n = usize::try_from(batch.sets).unwrap_or(usize::MAX);
            let what = format!(
                "the {} import #{id} with its {n} set{} ({} to {})",
                batch.source,
                plural(n),
                batch.first,
                batch.last
            );
            (
                vec![Write::DeleteImported(ImportedSelection::Import(id))],
                what,
                vec![],
            )
        }
        (None, None, None) => {
            return Err(invalid(
                "name a SET_ID, --session DATE or --import IMPORT_ID",
            ));
        }
    };
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            return Err(invalid(format!(
                "--yes: deleting {what} needs confirmation; pass --yes"
            )));
        }
        let mut prompter = Prompter::stdin();
        if !prompter.yes_no(&format!("Delete {what}?"), false)? {
            println!("Nothing deleted.");
            return Ok(ExitCode::SUCCESS);
        }
    }
    if !writes.iter().any(|w| Part::of(w) == Part::Log) {
        // Imported history only: no decision depends on it, and it needs
        // no profile or plan.
        ctx.store.apply(writes)?;
        println!("Deleted {what}.");
        return Ok(ExitCode::SUCCESS);
    }
    let before = Journal::load(&ctx.store)?;
    let after = journal::commit(&mut ctx.store, writes)?;
    println!("Deleted {what}.");
    print_changes(
        catalog,
        &before.replay.decisions,
        &after.replay.decisions,
        &slots,
    );
    Ok(ExitCode::SUCCESS)
}

fn find_set(sessions: &[TrainingSession], id: i64) -> anyhow::Result<&StoredSet> {
    sessions
        .iter()
        .flat_map(|s| &s.sets)
        .find(|s| s.id == id)
        .ok_or_else(|| {
            invalid(format!(
                "SET_ID: no logged set has id {id}; see the ids with `keel history`"
            ))
        })
}

/// What the re-run changed in the decisions of `slots`, by date.
fn print_changes(
    catalog: &Catalog,
    before: &[SlotDecision],
    after: &[SlotDecision],
    slots: &[SlotKey],
) {
    let of = |list: &[SlotDecision], key: &SlotKey| -> Vec<SlotDecision> {
        // The slot's chain: a correction moves the one state every day
        // kind and block of that movement reads.
        let chain = slot_chain(catalog, key);
        list.iter()
            .filter(|d| slot_chain(catalog, &d.slot) == chain)
            .cloned()
            .collect()
    };
    for key in slots {
        let (old, new) = (of(before, key), of(after, key));
        let name = render_decision::name(catalog, &key.planned);
        if old == new {
            println!("\nThe decisions for {name} did not change.");
            continue;
        }
        println!("\nDecisions for {name}, re-run:");
        let mut dates: Vec<_> = old.iter().chain(&new).map(|d| d.date).collect();
        dates.sort();
        dates.dedup();
        for date in dates {
            let was = old.iter().find(|d| d.date == date);
            let now = new.iter().find(|d| d.date == date);
            match (was, now) {
                (Some(w), Some(n)) if w == n => {}
                (was, Some(n)) => {
                    print!(
                        "{}",
                        render_decision::block(catalog, &format!("  {date}: "), n)
                    );
                    if let Some(w) = was {
                        println!(
                            "    was: {}",
                            render_decision::action(catalog, &w.decision.action)
                        );
                    }
                }
                (Some(w), None) => println!(
                    "  {date}: no decision any more (was: {})",
                    render_decision::action(catalog, &w.decision.action)
                ),
                (None, None) => {}
            }
        }
    }
}
