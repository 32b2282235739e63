//! `keel edit` and `keel delete`: correct or remove logged sets, a whole
//! day or an import. The logged ones go through keel-app's [`correction`]
//! (as the web and the API do), so every decision that depended on them is
//! re-run; what changed in the slot's decisions is shown.

use std::io::IsTerminal as _;
use std::process::ExitCode;

use keel_core::catalog::Catalog;
use keel_core::measure::Rpe;
use keel_core::training::{SlotDecision, SlotKey, slot_chain};
use keel_core::units::Units;
use keel_store::{ImportedSelection, Store, StoredSet, TrainingSession, Write};

use crate::cmd::log::{
    answer_screen, app_error_as_flag, parse_actual, parse_faults, parse_load, parse_pain,
    parse_quality,
};
use crate::context::{Ctx, parse_date};
use crate::error::invalid;
use crate::prompt::Prompter;
use crate::render::{decision as render_decision, history as render_history};
use crate::screen::ScreenFlags;
use keel_app::correction::{self, Corrected, SetChanges};

#[derive(Debug, Default, clap::Args)]
#[command(after_help = "Find set ids with `keel history`. Only the values given change.")]
pub struct EditArgs {
    /// The set's id, as shown by `keel history`
    #[arg(value_name = "SET_ID", allow_negative_numbers = true)]
    pub id: i64,

    /// What the set got, in its unit (seconds, reps or metres)
    #[arg(long, value_name = "V", allow_negative_numbers = true)]
    pub actual: Option<i64>,

    /// Load used, in your unit (kg or lb; 16kg and 35 lb say theirs), or `bw` for bodyweight
    #[arg(long, value_name = "LOAD|bw", allow_negative_numbers = true)]
    pub load: Option<String>,

    /// Effort, 0-10, or `none` to remove it (the set was not rated)
    #[arg(long, value_name = "0-10|none", allow_negative_numbers = true)]
    pub rpe: Option<String>,

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
    let id = args.id;
    let units = ctx.units()?;
    let changes = changes_of(&args, units)?;
    let date = correction::find_set(&ctx.store, id)
        .map_err(|_| unknown_set(id))?
        .logged
        .date;
    // Flags answer the screen up front; prompts only when the pain needs it.
    let given = answer_screen(&args.screen, false, date)?.map(|(_, s)| s);
    let mut outcome = correction::correct_set(&mut ctx.store, id, changes.clone(), given)
        .map_err(app_error_as_flag)?;
    if let Corrected::ScreenNeeded = outcome {
        let screen = answer_screen(&args.screen, true, date)?.map(|(_, s)| s);
        outcome = correction::correct_set(&mut ctx.store, id, changes, screen)
            .map_err(app_error_as_flag)?;
    }
    let Corrected::Stored {
        old,
        new,
        halts,
        before,
        after,
    } = outcome
    else {
        return Err(invalid(format!(
            "nothing to change: give at least one new value for set #{id} (see `keel edit --help`)"
        )));
    };
    let catalog = Catalog::builtin();
    println!(
        "Corrected set #{id} ({}, {}):",
        render_decision::name(catalog, &old.exercise),
        old.date
    );
    println!("  was: {}", render_history::set_detail(&old.set, units));
    println!("  now: {}", render_history::set_detail(&new.set, units));
    if halts {
        println!("\n{}", keel_core::redflag::CLINICIAN_MESSAGE);
    }
    print_changes(
        catalog,
        &before.replay.decisions,
        &after.replay.decisions,
        std::slice::from_ref(&old.slot),
        units,
    );
    Ok(ExitCode::SUCCESS)
}

/// The flags as a correction; each value is checked here for its flag's
/// name, the rules between them in [`correction::apply`].
fn changes_of(args: &EditArgs, units: Units) -> anyhow::Result<SetChanges> {
    let faults = if args.no_faults {
        Some(Vec::new())
    } else if args.fault.is_empty() {
        None
    } else {
        Some(parse_faults(&args.fault)?)
    };
    let sharp_pain = match (args.sharp_pain, args.no_sharp_pain) {
        (true, _) => Some(true),
        (_, true) => Some(false),
        _ => None,
    };
    Ok(SetChanges {
        actual: args.actual.map(parse_actual).transpose()?,
        load: args
            .load
            .as_deref()
            .map(|t| parse_load(t, units))
            .transpose()?,
        rpe: args
            .rpe
            .as_deref()
            .map(|text| Rpe::parse_or_none(text).map_err(|e| e.in_field("--rpe")))
            .transpose()?,
        quality_reps: args
            .quality_reps
            .map(|q| parse_quality(q).map(Some))
            .transpose()?,
        faults,
        pain: args.pain.map(parse_pain).transpose()?,
        sharp_pain,
        note: args.note.clone().map(Some),
    })
}

fn unknown_set(id: i64) -> anyhow::Error {
    invalid(format!(
        "SET_ID: no logged set has id {id}; see the ids with `keel history`"
    ))
}

pub fn delete(ctx: &mut Ctx, args: DeleteArgs) -> anyhow::Result<ExitCode> {
    let sessions = ctx.store.sessions(None, None)?;
    let units = ctx.units()?;
    let catalog = Catalog::builtin();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let (writes, what, slots) = match (args.id, &args.session, args.import) {
        (Some(id), _, _) => {
            let set = find_set(&sessions, id)?;
            let what = format!(
                "set #{id} ({}, {}: {})",
                render_decision::name(catalog, &set.logged.exercise),
                set.logged.date,
                render_history::set_detail(&set.logged.set, units)
            );
            (
                vec![Write::DeleteSet { id }],
                what,
                vec![set.logged.slot.clone()],
            )
        }
        (None, Some(text), _) => {
            let date = parse_date(text, "--session")?;
            // keel-app's one rule for what a day holds (as the web and API).
            let day = correction::day(&ctx.store, date).map_err(|e| match e {
                keel_app::Error::NotFound(input) => {
                    invalid(format!("--session: {}", input.message))
                }
                other => other.into(),
            })?;
            let what = day.describe();
            return delete_day(ctx, day.date, &what, args.yes, units);
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
    if !confirmed(&what, args.yes)? {
        println!("Nothing deleted.");
        return Ok(ExitCode::SUCCESS);
    }
    let Some(id) = args.id else {
        // An import: imported history moves no decision, and needs no
        // profile or plan.
        ctx.store.apply(writes)?;
        println!("Deleted {what}.");
        return Ok(ExitCode::SUCCESS);
    };
    let deleted = correction::delete_set(&mut ctx.store, id)?;
    println!("Deleted {what}.");
    print_changes(
        catalog,
        &deleted.before.replay.decisions,
        &deleted.after.replay.decisions,
        &slots,
        units,
    );
    Ok(ExitCode::SUCCESS)
}

/// `keel delete --session DATE`, confirmed: [`correction::delete_day`].
fn delete_day(
    ctx: &mut Ctx,
    date: jiff::civil::Date,
    what: &str,
    yes: bool,
    units: Units,
) -> anyhow::Result<ExitCode> {
    if !confirmed(what, yes)? {
        println!("Nothing deleted.");
        return Ok(ExitCode::SUCCESS);
    }
    let deleted = correction::delete_day(&mut ctx.store, date)?;
    println!("Deleted {what}.");
    if let Some((before, after)) = &deleted.journals {
        print_changes(
            Catalog::builtin(),
            &before.replay.decisions,
            &after.replay.decisions,
            &deleted.day.slots,
            units,
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `--yes`, or a yes at the terminal; a script without `--yes` is refused.
fn confirmed(what: &str, yes: bool) -> anyhow::Result<bool> {
    if yes {
        return Ok(true);
    }
    if !std::io::stdin().is_terminal() {
        return Err(invalid(format!(
            "--yes: deleting {what} needs confirmation; pass --yes"
        )));
    }
    Prompter::stdin().yes_no(&format!("Delete {what}?"), false)
}

fn find_set(sessions: &[TrainingSession], id: i64) -> anyhow::Result<&StoredSet> {
    sessions
        .iter()
        .flat_map(|s| &s.sets)
        .find(|s| s.id == id)
        .ok_or_else(|| unknown_set(id))
}

/// What the re-run changed in the decisions of `slots`, by date.
fn print_changes(
    catalog: &Catalog,
    before: &[SlotDecision],
    after: &[SlotDecision],
    slots: &[SlotKey],
    units: Units,
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
                        render_decision::block(catalog, &format!("  {date}: "), n, units)
                    );
                    if let Some(w) = was {
                        println!(
                            "    was: {}",
                            render_decision::action(catalog, &w.decision.action, units)
                        );
                    }
                }
                (Some(w), None) => println!(
                    "  {date}: no decision any more (was: {})",
                    render_decision::action(catalog, &w.decision.action, units)
                ),
                (None, None) => {}
            }
        }
    }
}
