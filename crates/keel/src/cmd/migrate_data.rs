//! `keel migrate-data --from SQLITE --to POSTGRES [--user NAME]`: one user's
//! whole history from a SQLite file onto a PostgreSQL server, in one batch
//! (all or nothing), refused when that user already has data there.
//!
//! The copy goes through the Store trait, replaying the history in an order
//! that gives the same reads: plans in version order, each preceded by the
//! assessments up to the one it was tailored from, and each day's session
//! created while the plan version it was logged under is the newest. Rows
//! get the migration's recording time, and set numbers within a day are
//! renumbered 1, 2, 3 when sets were deleted in between.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use keel_store::{SessionSummary, SqliteStore, Store, StoredAssessment, Write};

use crate::cli::GlobalArgs;
use crate::context::{open_postgres, redact, user_name};
use crate::error::invalid;

#[derive(Debug, clap::Args)]
pub struct MigrateDataArgs {
    /// The SQLite database file to copy from (left unchanged)
    #[arg(long, value_name = "SQLITE_PATH")]
    pub from: PathBuf,

    /// The PostgreSQL server to copy to (postgres://user@host/dbname)
    #[arg(long, value_name = "POSTGRES_URL")]
    pub to: String,
}

pub fn run(global: &GlobalArgs, args: MigrateDataArgs) -> anyhow::Result<ExitCode> {
    if !args.from.is_file() {
        return Err(invalid(format!(
            "--from: {} is not a database file",
            args.from.display()
        )));
    }
    let source = SqliteStore::open(&args.from)
        .with_context(|| format!("opening the database {}", args.from.display()))?;
    let user = user_name(global.user.as_deref());
    let mut target = open_postgres(&args.to, &user)?;
    if has_data(&target)? {
        return Err(invalid(format!(
            "--user: {user:?} already has data on {}; nothing was copied \
             (choose another --user, or remove that user's data first)",
            redact(&args.to)
        )));
    }
    let writes = history_writes(&source)?;
    let count = writes.len();
    target
        .apply(writes)
        .context("copying the history (nothing was copied)")?;
    println!(
        "Copied {} to {} as user {user:?} ({count} changes in one transaction).",
        args.from.display(),
        redact(&args.to)
    );
    Ok(ExitCode::SUCCESS)
}

/// Anything stored for the user (settings left at their defaults count as none).
fn has_data(store: &dyn Store) -> keel_store::Result<bool> {
    Ok(store.profile()?.is_some()
        || store.engine_settings()?.is_some()
        || store.settings()? != keel_core::settings::PlanSettings::default()
        || !store.assessments()?.is_empty()
        || !store.safety_events()?.is_empty()
        || !store.plans()?.is_empty()
        || !store.sessions(None, None)?.is_empty()
        || !store.check_ins()?.is_empty()
        || !store.outcomes()?.is_empty()
        || !store.questionnaires()?.is_empty()
        || !store.imported_keys()?.is_empty())
}

/// Every write that rebuilds `source`'s history in an empty store.
pub fn history_writes(source: &dyn Store) -> anyhow::Result<Vec<Write>> {
    let mut writes = Vec::new();
    if let Some(profile) = source.profile()? {
        writes.push(Write::SaveProfile(profile));
    }
    let settings = source.settings()?;
    if settings != keel_core::settings::PlanSettings::default() {
        writes.push(Write::SaveSettings(settings));
    }
    if let Some(engine) = source.engine_settings()? {
        writes.push(Write::SaveEngineSettings(engine));
    }
    // The training time and each calendar event's SEQUENCE come along; the
    // feed's address belonged to the old server: make a new one there.
    let calendar = source.calendar()?;
    if calendar.training_time.is_some() {
        writes.push(Write::SetTrainingTime(calendar.training_time));
    }
    if !calendar.events.is_empty() {
        writes.push(Write::SaveCalendarEvents(calendar.events));
    }
    writes.extend(source.safety_events()?.into_iter().map(Write::Safety));

    // Assessments come oldest first (by date, then as recorded), the order
    // that decides which one a linked plan takes.
    let assessments = source.assessments()?;
    let mut added = 0;
    let sessions = source.sessions(None, None)?;
    let plans = source.plans()?;
    if let Some(orphan) = sessions.iter().find(|s| {
        s.plan_version
            .is_some_and(|v| !plans.iter().any(|p| p.version == v))
    }) {
        anyhow::bail!(
            "the session of {} names a plan version that is not stored; nothing was copied",
            orphan.date
        );
    }
    // Sessions logged before any plan.
    for session in sessions.iter().filter(|s| s.plan_version.is_none()) {
        add_session(&mut writes, session);
    }
    for plan in &plans {
        let link = match plan.assessment_id {
            Some(id) => {
                let Some(position) = assessments.iter().position(|a| a.id == id) else {
                    anyhow::bail!(
                        "plan version {} names assessment {id}, which is not stored; \
                         nothing was copied",
                        plan.version
                    );
                };
                if position + 1 < added {
                    anyhow::bail!(
                        "plan version {} was tailored from an assessment older than one \
                         recorded before it; its link cannot be reproduced (nothing was copied)",
                        plan.version
                    );
                }
                if position >= added {
                    push_assessments(
                        &mut writes,
                        assessments.get(added..=position).unwrap_or_default(),
                    );
                    added = position + 1;
                }
                true
            }
            None => false,
        };
        writes.push(Write::AddPlan {
            created_on: plan.created_on,
            program: plan.program.clone(),
            link_latest_assessment: link,
        });
        for session in sessions
            .iter()
            .filter(|s| s.plan_version == Some(plan.version))
        {
            add_session(&mut writes, session);
        }
    }
    push_assessments(&mut writes, assessments.get(added..).unwrap_or_default());
    for plan in &plans {
        let decisions = source.decisions(plan.version)?;
        if !decisions.is_empty() {
            writes.push(Write::ReplaceDecisions {
                plan_version: plan.version,
                decisions,
            });
        }
    }
    writes.extend(source.check_ins()?.into_iter().map(Write::AddCheckIn));
    writes.extend(
        source
            .questionnaires()?
            .into_iter()
            .map(Write::SaveQuestionnaire),
    );
    writes.extend(source.outcomes()?.into_iter().map(Write::AddOutcome));
    let imported = source.imported_sets(None, None)?;
    if !imported.is_empty() {
        writes.push(Write::Import { sets: imported });
    }
    Ok(writes)
}

fn push_assessments(writes: &mut Vec<Write>, assessments: &[StoredAssessment]) {
    writes.extend(
        assessments
            .iter()
            .map(|a| Write::AddAssessment(a.input.clone())),
    );
}

/// A day's sets in order, then its summary (which also creates a day with no sets).
fn add_session(writes: &mut Vec<Write>, session: &keel_store::TrainingSession) {
    writes.extend(
        session
            .sets
            .iter()
            .map(|set| Write::AddSet(set.logged.clone())),
    );
    let summary = SessionSummary {
        minutes: session.minutes,
        session_rpe: session.session_rpe,
        note: session.note.clone(),
    };
    if session.sets.is_empty() || summary != SessionSummary::default() {
        writes.push(Write::SummarizeSession {
            date: session.date,
            summary,
        });
    }
}
