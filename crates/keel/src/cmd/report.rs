//! `keel report --out FILE`: one self-contained HTML report (inline CSS
//! and SVG, no scripts or network) to hand to a coach or physio. Reads only;
//! refuses to overwrite a file without `--force`.

use std::path::PathBuf;
use std::process::ExitCode;

use keel_app::insight::{self, InsightSettings};
use keel_app::report;

use crate::cmd::progress::weeks_arg;
use crate::context::Ctx;
use crate::output;

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub analytics: crate::cmd::analytics_flags::AnalyticsFlags,

    /// The HTML file to write
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,

    /// Overwrite FILE when it exists
    #[arg(long)]
    pub force: bool,

    /// Cover the last N calendar weeks, this one included [default: every week logged]
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub weeks: Option<i64>,
}

pub fn run(ctx: &mut Ctx, args: ReportArgs) -> anyhow::Result<ExitCode> {
    let weeks = weeks_arg(args.weeks)?;
    output::check(&args.out, args.force)?;
    let data = insight::gather(
        &ctx.store,
        ctx.today,
        weeks,
        &args.analytics.settings()?,
        &InsightSettings::default(),
    )?;
    let html = keel_io::report::render(&report::gather(&ctx.store, &data)?);
    output::write(&args.out, &html, args.force)?;
    println!(
        "Wrote the report for {} to {} to {}.",
        data.from,
        data.to,
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}
