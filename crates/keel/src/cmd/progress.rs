//! `keel progress`: the key numbers (weekly load, monotony, strain, the
//! three acute:chronic ratios beside their criticism, adherence, region
//! balance against the cap), a sparkline of the best hold per exposure for
//! each exercise with its forecast, and a block chart of weekly load.
//! `--json` prints every series. Reads only.

use std::fmt::Write as _;
use std::process::ExitCode;

use keel_app::insight::{self, Insight, InsightSettings};

use crate::context::Ctx;
use crate::error::invalid;

#[derive(Debug, Default, clap::Args)]
pub struct ProgressArgs {
    #[command(flatten)]
    pub analytics: crate::cmd::analytics_flags::AnalyticsFlags,

    /// Show the last N calendar weeks, this one included [default: every week logged]
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub weeks: Option<i64>,

    /// Print every series as JSON
    #[arg(long)]
    pub json: bool,
}

/// Checks `--weeks` (shared with `keel report`).
pub fn weeks_arg(weeks: Option<i64>) -> anyhow::Result<Option<u16>> {
    weeks
        .map(|w| {
            u16::try_from(w)
                .ok()
                .filter(|w| *w >= 1)
                .ok_or_else(|| invalid(format!("--weeks: {w} is not a number of weeks from 1")))
        })
        .transpose()
}

pub fn run(ctx: &mut Ctx, args: ProgressArgs) -> anyhow::Result<ExitCode> {
    let weeks = weeks_arg(args.weeks)?;
    let data = insight::gather(
        &ctx.store,
        ctx.today,
        weeks,
        &args.analytics.settings()?,
        &InsightSettings::default(),
    )?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&data)?);
    } else {
        print!("{}", render(&data));
    }
    Ok(ExitCode::SUCCESS)
}

const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// One block per value, scaled between `floor` and the highest value.
pub fn sparkline(values: &[f64], floor: f64) -> String {
    let hi = values
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(floor, f64::max);
    values
        .iter()
        .map(|&v| {
            if !v.is_finite() {
                ' '
            } else if hi > floor {
                let t = ((v - floor) / (hi - floor) * 7.0).round().clamp(0.0, 7.0);
                BLOCKS[t as usize]
            } else {
                BLOCKS[3]
            }
        })
        .collect()
}

fn opt(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(
        || "not enough data yet".to_string(),
        |v| format!("{v:.decimals$}"),
    )
}

fn seconds(v: f64) -> String {
    format!("{v:.0} s")
}

/// The terminal view.
pub fn render(data: &Insight) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Progress {} to {} (plan version {})",
        data.from, data.to, data.plan_version
    );
    let _ = writeln!(
        out,
        "\nLoad (session effort x minutes), last 7 days to {}:",
        data.to
    );
    match data.latest_load() {
        Some(d) => {
            let _ = writeln!(out, "  weekly load  {}", opt(d.weekly, 0));
            let _ = writeln!(out, "  monotony     {}", opt(d.monotony, 2));
            let _ = writeln!(out, "  strain       {}", opt(d.strain, 0));
        }
        None => out.push_str("  nothing logged yet\n"),
    }
    let _ = writeln!(
        out,
        "\nLoad change (acute:chronic ratio): {}",
        data.acwr_meaning
    );
    match data.latest_acwr() {
        Some(a) => {
            let _ = writeln!(out, "  rolling coupled    {}", opt(a.coupled, 2));
            let _ = writeln!(out, "  rolling uncoupled  {}", opt(a.uncoupled, 2));
            let _ = writeln!(out, "  EWMA               {}", opt(a.ewma, 2));
        }
        None => out.push_str("  nothing logged yet\n"),
    }
    let _ = writeln!(out, "  Note: {}", data.acwr_criticism);

    let total = data.adherence.total;
    match total.percent {
        Some(p) => {
            let _ = writeln!(
                out,
                "\nAdherence: {} of {} planned sessions done ({p:.0} %), {} extra",
                total.done, total.planned, total.extra
            );
        }
        None => out.push_str("\nAdherence: no planned session yet\n"),
    }

    match data.balance.iter().rev().find(|w| w.total_seconds > 0.0) {
        Some(week) => {
            let _ = writeln!(
                out,
                "\nRegion balance, week of {} (cap {} %):",
                week.week_start, week.cap_percent
            );
            for share in week.shares.iter().filter(|s| s.seconds > 0.0) {
                let _ = writeln!(
                    out,
                    "  {:<17} {:>5.1} %{}",
                    share.region.label(),
                    share.percent.unwrap_or(0.0),
                    if share.over_cap { "  over the cap" } else { "" }
                );
            }
        }
        None => out.push_str("\nRegion balance: nothing logged yet\n"),
    }

    // The region cap on what was done: an over-cap week and what the next
    // week's sessions do about it.
    if !data.region_overruns.is_empty() {
        out.push_str("\nRegion cap on what was done:\n");
        for over in &data.region_overruns {
            let _ = writeln!(out, "  {}", over.text());
        }
    }

    out.push_str("\nBest hold per session:\n");
    let mut any = false;
    for ex in &data.exercises {
        let holds: Vec<(jiff::civil::Date, f64)> = ex
            .trend
            .points
            .iter()
            .filter_map(|p| p.best_hold_seconds.map(|h| (p.date, h)))
            .collect();
        let (Some(first), Some(last)) = (holds.first(), holds.last()) else {
            continue;
        };
        any = true;
        let values: Vec<f64> = holds.iter().map(|h| h.1).collect();
        let _ = writeln!(
            out,
            "  {:<28} {}  {} -> {}",
            ex.name,
            sparkline(&values, 0.0),
            seconds(first.1),
            seconds(last.1)
        );
        if let Some(f) = &ex.forecast {
            let _ = writeln!(out, "    forecast: {}", f.summary);
        }
    }
    if !any {
        out.push_str("  nothing logged yet\n");
    }

    let reps: Vec<_> = data
        .exercises
        .iter()
        .filter(|e| e.trend.points.iter().any(|p| p.quality_reps.is_some()))
        .collect();
    if !reps.is_empty() {
        out.push_str("\nQuality reps per session:\n");
        for ex in reps {
            let values: Vec<f64> = ex
                .trend
                .points
                .iter()
                .filter_map(|p| p.quality_reps.map(f64::from))
                .collect();
            let (Some(first), Some(last)) = (values.first(), values.last()) else {
                continue;
            };
            let _ = writeln!(
                out,
                "  {:<28} {}  {first:.0} -> {last:.0}",
                ex.name,
                sparkline(&values, 0.0)
            );
        }
    }

    out.push_str("\nWeekly load:\n");
    if data.weeks.iter().all(|w| w.load == 0.0) {
        out.push_str("  nothing logged yet\n");
    } else {
        let values: Vec<f64> = data.weeks.iter().map(|w| w.load).collect();
        let _ = writeln!(out, "  {}", sparkline(&values, 0.0));
        for w in &data.weeks {
            let _ = writeln!(
                out,
                "  {}  {:>6.0}  monotony {}  strain {}",
                w.week_start,
                w.load,
                w.monotony
                    .map_or_else(|| "-".to_string(), |m| format!("{m:.2}")),
                w.strain
                    .map_or_else(|| "-".to_string(), |s| format!("{s:.0}"))
            );
        }
    }
    out.push_str("\nEvery series: `keel progress --json`; a report to share: `keel report --out report.html`.\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparkline_scales_from_the_floor() {
        assert_eq!(sparkline(&[0.0, 7.0, 3.5], 0.0), "▁█▅");
        assert_eq!(sparkline(&[5.0, 5.0], 5.0), "▄▄");
        assert_eq!(sparkline(&[], 0.0), "");
    }
}
