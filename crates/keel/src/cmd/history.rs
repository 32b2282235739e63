//! `keel history`: logged sessions with their sets (and set ids for `keel
//! edit` / `keel delete`), session minutes and RPE, and check-ins.

use std::process::ExitCode;

use jiff::civil::Date;
use keel_core::catalog::Catalog;
use keel_store::{CheckIn, Store};

use crate::context::{Ctx, parse_date};
use crate::error::invalid;
use crate::render::history as render;

#[derive(Debug, Default, clap::Args)]
pub struct HistoryArgs {
    /// First day to show, YYYY-MM-DD
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<String>,

    /// Last day to show, YYYY-MM-DD
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: Option<String>,

    /// Print sessions, sets and check-ins as JSON
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &mut Ctx, args: HistoryArgs) -> anyhow::Result<ExitCode> {
    let from = args
        .from
        .as_deref()
        .map(|t| parse_date(t, "--from"))
        .transpose()?;
    let to = args
        .to
        .as_deref()
        .map(|t| parse_date(t, "--to"))
        .transpose()?;
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return Err(invalid(format!(
            "--from: {f} is after --to {t}; give the earlier day first"
        )));
    }
    let in_range = |d: Date| from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t);
    let sessions = ctx.store.sessions(from, to)?;
    let check_ins: Vec<CheckIn> = ctx
        .store
        .check_ins()?
        .into_iter()
        .filter(|c| in_range(c.date()))
        .collect();
    let imported = ctx.store.imported_sets(from, to)?;
    let imports = ctx.store.imports()?;
    let units = ctx.units()?;
    if args.json {
        let value = serde_json::json!({
            "units": units,
            "from": from,
            "to": to,
            "sessions": sessions,
            "check_ins": check_ins,
            "imported": imported,
            "imports": imports,
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(ExitCode::SUCCESS);
    }
    if !imported.is_empty() {
        println!("Imported history ({} sets)", imported.len());
        for line in render::imported_lines(&imported, units) {
            println!("{line}");
        }
        println!();
    }
    if !imports.is_empty() {
        println!("Imports (delete one with `keel delete --import IMPORT_ID`)");
        for batch in &imports {
            println!(
                "  #{}: {}, {} set{}, {} to {}",
                batch.id,
                batch.source,
                batch.sets,
                if batch.sets == 1 { "" } else { "s" },
                batch.first,
                batch.last
            );
        }
        println!();
    }
    if sessions.is_empty() && check_ins.is_empty() {
        println!(
            "Nothing logged{} yet. Log a session with `keel log EXERCISE` or `keel go`.",
            match (from, to) {
                (None, None) => String::new(),
                _ => " in that range".to_string(),
            }
        );
        return Ok(ExitCode::SUCCESS);
    }
    // One timeline by date: each day's check-ins, then its session.
    let mut days: Vec<Date> = sessions
        .iter()
        .map(|s| s.date)
        .chain(check_ins.iter().map(CheckIn::date))
        .collect();
    days.sort();
    days.dedup();
    let catalog = Catalog::builtin();
    for day in days {
        for check in check_ins.iter().filter(|c| c.date() == day) {
            println!("{}", render::check_in(check));
        }
        for session in sessions.iter().filter(|s| s.date == day) {
            print!("{}", render::session(catalog, session, units));
        }
    }
    println!("\nCorrect a set with `keel edit ID`, remove one with `keel delete ID`.");
    Ok(ExitCode::SUCCESS)
}
