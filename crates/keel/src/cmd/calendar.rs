//! `keel calendar`: the secret URL of the calendar feed (`keel serve`
//! serves it), and revoking or renewing it. The plan as a file is
//! `keel export --format ics`; the events' time is `keel profile
//! --training-time`.

use std::process::ExitCode;

use keel_app::calendar;

use crate::context::Ctx;
use crate::error::invalid;

#[derive(Debug, clap::Args)]
pub struct CalendarArgs {
    #[command(subcommand)]
    pub action: CalendarAction,
}

#[derive(Debug, clap::Subcommand)]
pub enum CalendarAction {
    /// Create the feed's secret URL (or say whether one exists)
    Feed(UrlArgs),
    /// Replace the feed's URL with a new one; the old one stops working
    Renew(UrlArgs),
    /// End the feed: its URL stops working
    Revoke,
}

#[derive(Debug, clap::Args)]
pub struct UrlArgs {
    /// The address calendars reach `keel serve` at
    #[arg(long, value_name = "URL", default_value = "http://127.0.0.1:7878")]
    pub base: String,
}

pub fn run(ctx: &mut Ctx, args: CalendarArgs) -> anyhow::Result<ExitCode> {
    match args.action {
        CalendarAction::Feed(url) => {
            let base = base(&url.base)?;
            if calendar::has_feed(&ctx.store)? {
                println!(
                    "A calendar feed exists. Its URL is shown only when made: run \
                     `keel calendar renew` for a new one (the old one then stops working)."
                );
                return Ok(ExitCode::SUCCESS);
            }
            let token = calendar::renew_feed(&mut ctx.store)?;
            print_url(base, &token);
        }
        CalendarAction::Renew(url) => {
            let base = base(&url.base)?;
            let token = calendar::renew_feed(&mut ctx.store)?;
            print_url(base, &token);
            eprintln!("Any earlier feed URL no longer works.");
        }
        CalendarAction::Revoke => {
            if calendar::revoke_feed(&mut ctx.store)? {
                println!("Calendar feed revoked: its URL no longer works.");
            } else {
                println!("There was no calendar feed.");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The server's address without a trailing slash; checked before anything
/// is changed.
fn base(text: &str) -> anyhow::Result<&str> {
    let base = text.trim().trim_end_matches('/');
    if !(base.starts_with("http://") || base.starts_with("https://")) {
        return Err(invalid(format!(
            "--base: give the server's address with http:// or https://, got {text:?}"
        )));
    }
    Ok(base)
}

fn print_url(base: &str, token: &str) {
    println!("{base}{}", calendar::feed_path(token));
    eprintln!(
        "Subscribe to this URL in your calendar app while `keel serve` runs. \
         Anyone with it can read your plan: keep it secret."
    );
}
