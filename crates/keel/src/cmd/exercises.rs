//! `keel exercises` lists the catalog (filtered); `keel exercise ID` shows
//! one exercise in full, with its progression chain. Neither needs a database.

use std::process::ExitCode;

use keel_core::catalog::{
    Catalog, Equipment, Exercise, ExerciseId, Modality, Pattern, Sidedness, Surface,
};
use serde::Serialize;

#[derive(Debug, clap::Args)]
pub struct ExercisesArgs {
    /// Only this pattern: anti-flexion-hold, anti-lateral-flexion-hold,
    /// anti-extension-hold, hinge, bridge-thrust, swing, carry, mobility, activation
    #[arg(long, value_name = "PATTERN")]
    pub pattern: Option<String>,
    /// Only this surface: floor, elevated, dynamic
    #[arg(long, value_name = "SURFACE")]
    pub surface: Option<String>,
    /// Only exercises you can do with this equipment, comma-separated (e.g.
    /// kettlebell,band), or "none" for bodyweight only
    #[arg(long, value_name = "LIST")]
    pub equipment: Option<String>,
    /// Print JSON (full exercise records) instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct ExerciseArgs {
    /// Exercise id (e.g. side-bridge); a name or import alias also works
    #[arg(value_name = "ID")]
    pub id: String,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

pub fn list(args: ExercisesArgs) -> anyhow::Result<ExitCode> {
    let filter = Filter::from_args(&args)?;
    let catalog = Catalog::builtin();
    let rows: Vec<&Exercise> = catalog.iter().filter(|e| filter.keeps(e)).collect();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
    } else {
        print!("{}", render_table(&rows));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn show(args: ExerciseArgs) -> anyhow::Result<ExitCode> {
    let catalog = Catalog::builtin();
    let exercise = find(catalog, &args.id)?;
    let chain = catalog.chain(&exercise.id);
    if args.json {
        let out = ShowJson {
            exercise,
            chain: chain.iter().map(|e| &e.id).collect(),
        };
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        print!("{}", render_detail(exercise, &chain));
    }
    Ok(ExitCode::SUCCESS)
}

/// An id first; failing that, a name or alias (as imports use them).
fn find<'a>(catalog: &'a Catalog, text: &str) -> anyhow::Result<&'a Exercise> {
    let id = ExerciseId::new(text.trim());
    if let Some(e) = catalog.get(&id).or_else(|| catalog.find_by_name(text)) {
        return Ok(e);
    }
    Err(catalog.lookup(text.trim()).err().map_or_else(
        || anyhow::anyhow!("exercise {text:?} not found"),
        |e| anyhow::Error::new(e.in_field("ID")),
    ))
}

#[derive(Serialize)]
struct ShowJson<'a> {
    #[serde(flatten)]
    exercise: &'a Exercise,
    /// The progression chain's ids, easiest first.
    chain: Vec<&'a ExerciseId>,
}

/// The list filters, parsed up front so a bad value fails before any output.
struct Filter {
    pattern: Option<Pattern>,
    surface: Option<Surface>,
    owned: Option<Vec<Equipment>>,
}

impl Filter {
    fn from_args(args: &ExercisesArgs) -> anyhow::Result<Filter> {
        let pattern = args
            .pattern
            .as_deref()
            .map(|p| Pattern::parse(p).map_err(|e| e.in_field("--pattern")))
            .transpose()?;
        let surface = args
            .surface
            .as_deref()
            .map(|s| Surface::parse(s).map_err(|e| e.in_field("--surface")))
            .transpose()?;
        let owned = args
            .equipment
            .as_deref()
            .map(|t| keel_app::profile::equipment_list(t).map_err(|e| e.in_field("--equipment")))
            .transpose()?;
        Ok(Filter {
            pattern,
            surface,
            owned,
        })
    }

    fn keeps(&self, e: &Exercise) -> bool {
        self.pattern.is_none_or(|p| e.pattern == p)
            && self.surface.is_none_or(|s| e.surface == s)
            && self
                .owned
                .as_ref()
                .is_none_or(|owned| e.available_with(owned))
    }
}

fn equipment_text(e: &Exercise) -> String {
    if e.equipment.is_empty() {
        "none".to_string()
    } else {
        let names: Vec<&str> = e.equipment.iter().map(|q| q.slug()).collect();
        names.join(", ")
    }
}

fn render_table(rows: &[&Exercise]) -> String {
    if rows.is_empty() {
        return "No exercises match these filters.\n".to_string();
    }
    let header = ["ID", "NAME", "PATTERN", "SURFACE", "LEVEL", "EQUIPMENT"];
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|e| {
            [
                e.id.to_string(),
                e.name.clone(),
                e.pattern.to_string(),
                e.surface.to_string(),
                e.level.to_string(),
                equipment_text(e),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &cells {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |row: &[&str]| -> String {
        let padded: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        format!("{}\n", padded.join("  ").trim_end())
    };
    let mut out = line(&header);
    for row in &cells {
        let refs: Vec<&str> = row.iter().map(String::as_str).collect();
        out.push_str(&line(&refs));
    }
    out.push_str(&format!(
        "\n{} exercise{}. `keel exercise ID` shows one in full.\n",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    ));
    out
}

fn modality_text(m: Modality) -> &'static str {
    match m {
        Modality::HoldSeconds => "hold (seconds)",
        Modality::Reps => "reps",
        Modality::Distance => "distance",
        Modality::Time => "time (seconds)",
    }
}

fn render_detail(e: &Exercise, chain: &[&Exercise]) -> String {
    let mut out = format!("{} ({})\n", e.name, e.id);
    let sides = match e.sidedness {
        Sidedness::Bilateral => "bilateral",
        Sidedness::PerSide => "per side",
    };
    out.push_str(&format!(
        "  {} | {} | level {} | {} | {}\n",
        e.pattern,
        e.surface,
        e.level,
        modality_text(e.modality),
        sides
    ));
    let load = if e.loadable {
        "can take external load"
    } else {
        "no external load"
    };
    out.push_str(&format!("  Equipment: {}; {load}\n", equipment_text(e)));
    if let Some(tempo) = e.tempo {
        out.push_str(&format!(
            "  Tempo: {tempo} (lower-pause-lift-pause, seconds; {} s a rep)\n",
            tempo.rep_seconds()
        ));
    }
    if !e.targets.is_empty() {
        let targets: Vec<&str> = e.targets.iter().map(|t| t.label()).collect();
        out.push_str(&format!("  Opens up: {}\n", targets.join(", ")));
    }
    if !e.aliases.is_empty() {
        out.push_str(&format!("  Also known as: {}\n", e.aliases.join("; ")));
    }
    out.push_str(&format!("\nHow: {}\n", e.how));
    out.push_str("\nCues:\n");
    for cue in &e.cues {
        out.push_str(&format!("  - {cue}\n"));
    }
    out.push_str("\nCommon faults (regress if they show up):\n");
    for fault in &e.faults {
        out.push_str(&format!("  - {fault}\n"));
    }
    out.push_str("\nRegions worked:\n");
    let mut regions: Vec<_> = e.regions.iter().collect();
    regions.sort_by(|a, b| b.1.total_cmp(a.1).then(a.0.cmp(b.0)));
    let width = regions
        .iter()
        .map(|(r, _)| r.label().len())
        .max()
        .unwrap_or(0);
    for (region, weight) in regions {
        out.push_str(&format!(
            "  {:<width$}  {:>3.0} %\n",
            region.label(),
            weight * 100.0
        ));
    }
    out.push_str("\nProgression (easiest first):\n");
    let id_width = chain.iter().map(|c| c.id.as_str().len()).max().unwrap_or(0);
    for step in chain {
        let (marker, note) = if step.id == e.id {
            (">", "  <- this one")
        } else {
            (" ", "")
        };
        out.push_str(&format!(
            "  {marker} L{} {:<id_width$}  {}{note}\n",
            step.level,
            step.id.as_str(),
            step.name
        ));
    }
    out
}
