//! One module per subcommand. `run` dispatches; no command logic lives here.

pub mod analytics_flags;
pub mod assess;
pub mod backup;
pub mod calendar;
pub mod checkin;
pub mod completions;
pub mod edit;
pub mod exercises;
pub mod export;
pub mod go;
pub mod history;
pub mod import;
pub mod log;
#[cfg(feature = "postgres")]
pub mod migrate_data;
pub mod onboard;
pub mod outcomes;
pub mod plan;
pub mod profile;
pub mod progress;
pub mod report;
pub mod resume;
pub mod serve;
pub mod serve_config;
pub mod settings;
pub mod today;
#[cfg(feature = "postgres")]
pub mod token;
pub mod user;
pub mod why;

use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::context::Ctx;

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let command = cli
        .command
        .unwrap_or(Command::Today(today::TodayArgs::default()));
    // Commands that need no database.
    match command {
        Command::Exercises(args) => return exercises::list(args),
        Command::Exercise(args) => return exercises::show(args),
        Command::Completions(args) => return completions::run(args),
        // Import checks the whole file before the database is opened.
        Command::Import(args) => return import::run(&cli.global, args),
        // Restore checks the backup before the database is opened.
        Command::Restore(args) => return backup::restore(&cli.global, args),
        // Opens both databases itself.
        #[cfg(feature = "postgres")]
        Command::MigrateData(args) => return migrate_data::run(&cli.global, args),
        // Accounts belong to the database, not to one user's store.
        Command::User(args) => return user::run(&cli.global, args),
        #[cfg(feature = "postgres")]
        Command::Token(args) => return token::run(&cli.global, args),
        // Serve checks its address before the database is opened.
        Command::Serve(args) => return serve::run(&cli.global, args),
        // A user's backup on a server never creates the user.
        #[cfg(feature = "postgres")]
        Command::Backup(args) if cli.global.database.is_some() => {
            return migrate_data::backup_user(&cli.global, &args.file);
        }
        _ => {}
    }
    let mut ctx = Ctx::open(&cli.global)?;
    match command {
        Command::Today(args) => today::run(&mut ctx, args),
        Command::Onboard(args) => onboard::run(&mut ctx, *args),
        Command::Assess(args) => assess::run(&mut ctx, args),
        Command::Plan(args) => plan::run(&mut ctx, args),
        Command::Profile(args) => profile::run(&mut ctx, args),
        Command::Settings(args) => settings::run(&mut ctx, args),
        Command::Resume(args) => resume::run(&mut ctx, args),
        Command::Go(args) => go::run(&mut ctx, args),
        Command::Log(args) => log::run(&mut ctx, args),
        Command::Checkin(args) => checkin::run(&mut ctx, args),
        Command::History(args) => history::run(&mut ctx, args),
        Command::Edit(args) => edit::edit(&mut ctx, args),
        Command::Delete(args) => edit::delete(&mut ctx, args),
        Command::Why(args) => why::run(&mut ctx, args),
        Command::Progress(args) => progress::run(&mut ctx, args),
        Command::Report(args) => report::run(&mut ctx, args),
        Command::Outcomes(args) => outcomes::run(&mut ctx, args),
        Command::Export(args) => export::run(&mut ctx, args),
        Command::Calendar(args) => calendar::run(&mut ctx, args),
        Command::Backup(args) => backup::backup(&mut ctx, args),
        Command::Exercises(_)
        | Command::Exercise(_)
        | Command::Completions(_)
        | Command::Import(_)
        | Command::Serve(_)
        | Command::User(_)
        | Command::Restore(_) => {
            unreachable!("handled above")
        }
        #[cfg(feature = "postgres")]
        Command::MigrateData(_) | Command::Token(_) => {
            unreachable!("handled above")
        }
    }
}
