//! The command line, as clap derive types. Each subcommand's arguments live
//! beside its implementation in `cmd/`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::cmd;

#[derive(Debug, Parser)]
#[command(
    name = "keel",
    version,
    about = "Progressive lower-back endurance training: assessment, plan, today's session.",
    long_about = "Keel plans, guides and tracks lower-back endurance training: anti-flexion holds and \
posterior-chain work, tailored by a baseline assessment. Run `keel` with no command to see today's \
session (or to start onboarding on first run).\n\nKeel is a training tool, not a diagnosis."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, clap::Args)]
pub struct GlobalArgs {
    /// SQLite database file [default: the XDG data dir, e.g. ~/.local/share/keel/keel.db]
    #[arg(long, global = true, env = "KEEL_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Act as if today were this date (YYYY-MM-DD)
    #[arg(long, global = true, env = "KEEL_TODAY", value_name = "YYYY-MM-DD")]
    pub date: Option<String>,

    /// PostgreSQL server to use instead of the SQLite file (postgres://user@host/dbname)
    #[cfg(feature = "postgres")]
    #[arg(long, global = true, env = "KEEL_DATABASE_URL", value_name = "URL")]
    pub database: Option<String>,

    /// Whose data to use: an account of the SQLite file [default: the file's
    /// first account], or a user of the PostgreSQL server [default: the OS
    /// user name, else "me"]
    #[arg(long, global = true, env = "KEEL_USER", value_name = "NAME")]
    pub user: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show today's session (the default command)
    Today(cmd::today::TodayArgs),
    /// Set up your profile, screen for red flags, assess and plan
    Onboard(Box<cmd::onboard::OnboardArgs>),
    /// Take the baseline assessment or a retest
    Assess(cmd::assess::AssessArgs),
    /// Build a new plan version or show the current plan
    Plan(cmd::plan::PlanArgs),
    /// List the exercise catalog
    Exercises(cmd::exercises::ExercisesArgs),
    /// Show one exercise with its cues, faults and progression chain
    Exercise(cmd::exercises::ExerciseArgs),
    /// Show or change your profile
    Profile(cmd::profile::ProfileArgs),
    /// Show or change the program settings
    Settings(cmd::settings::SettingsArgs),
    /// Record your decision to continue after a red-flag halt
    Resume(cmd::resume::ResumeArgs),
    /// Guided session: timers, cues and one-keypress logging, set by set
    Go(cmd::go::GoArgs),
    /// Log sets or a whole session without the guide
    Log(cmd::log::LogArgs),
    /// Readiness before a session, or the next-morning response
    Checkin(cmd::checkin::CheckinArgs),
    /// List logged sessions and sets
    History(cmd::history::HistoryArgs),
    /// Correct a logged set (decisions are re-run)
    Edit(cmd::edit::EditArgs),
    /// Delete a logged set or a whole session (decisions are re-run)
    Delete(cmd::edit::DeleteArgs),
    /// Why an exercise's prescription changed: every decision with its reasons
    Why(cmd::why::WhyArgs),
    /// Import training history from a Strong or Hevy CSV export
    Import(cmd::import::ImportArgs),
    /// Export the log and decisions (CSV), everything (JSON) or the plan (iCalendar)
    Export(cmd::export::ExportArgs),
    /// The plan as a calendar feed at a secret URL: create, renew or revoke it
    Calendar(cmd::calendar::CalendarArgs),
    /// Copy the whole database to one file
    Backup(cmd::backup::BackupArgs),
    /// Replace the database with a backup (the old one is kept with --force)
    Restore(cmd::backup::RestoreArgs),
    /// Key numbers and small charts per exercise and per week
    Progress(cmd::progress::ProgressArgs),
    /// Write a self-contained HTML report to share with a coach or physio
    Report(cmd::report::ReportArgs),
    /// Outcome measures: pain (NPRS), function (PSFS), loaded questionnaires, trends
    Outcomes(cmd::outcomes::OutcomesArgs),
    /// Print shell completions
    Completions(cmd::completions::CompletionsArgs),
    /// Copy one user's whole history between a SQLite file and a PostgreSQL server
    #[cfg(feature = "postgres")]
    MigrateData(cmd::migrate_data::MigrateDataArgs),
    /// Manage accounts on the SQLite file or the PostgreSQL server (the first is the admin)
    User(cmd::user::UserArgs),
    /// Manage the --user account's API tokens (on the server database or the SQLite file)
    #[cfg(feature = "postgres")]
    Token(cmd::token::TokenArgs),
    /// Keel in the browser, over the same database, on this machine
    Serve(cmd::serve::ServeArgs),
}
