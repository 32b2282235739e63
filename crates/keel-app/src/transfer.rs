//! One user's whole history moved between stores: SQLite to PostgreSQL,
//! PostgreSQL back to a SQLite file, and a user's backup and restore on the
//! server (`keel migrate-data`, `keel backup` and `keel restore`), all
//! through [`history_writes`], applied in one batch (all or nothing).
//!
//! The copy goes through the Store trait, replaying the history in an order
//! that gives the same reads: plans in version order, each preceded by the
//! assessments up to the one it was tailored from, and each day's session
//! created while the plan version it was logged under is the newest. Rows
//! get the copy's recording time, and set numbers within a day are
//! renumbered 1, 2, 3 when sets were deleted in between. What does not
//! travel: row ids (new ones are given), when each import ran (the imported
//! sets arrive as one import), the user's own exercises that no imported
//! set names any more, and the calendar feed's address (it belonged to the
//! old place: make a new one there).

use keel_core::InputError;
use keel_core::settings::PlanSettings;
use keel_store::{
    ProgramStatus, SessionSummary, Store, StoredAssessment, TrainingSession, UserId, Write,
};

use crate::{Error, Result};

fn refuse(message: String) -> Error {
    Error::Invalid(InputError::new("history", message))
}

/// Whether anything is stored for the user (settings left at their
/// defaults count as none).
pub fn has_data(store: &dyn Store) -> Result<bool> {
    let calendar = store.calendar()?;
    Ok(store.profile()?.is_some()
        || store.engine_settings()?.is_some()
        || store.settings()? != PlanSettings::default()
        || !store.assessments()?.is_empty()
        || !store.safety_events()?.is_empty()
        || !store.plans()?.is_empty()
        || !store.sessions(None, None)?.is_empty()
        || !store.check_ins()?.is_empty()
        || !store.outcomes()?.is_empty()
        || !store.questionnaires()?.is_empty()
        || !store.imported_keys()?.is_empty()
        || !store.user_exercises()?.is_empty()
        || calendar.training_time.is_some()
        || !calendar.events.is_empty())
}

/// Whose history a copy out of a SQLite file takes: the file's only
/// account (a one-person file, whatever its account is called), or on a
/// household file the account called `name`. Refused when a household
/// file has no such account: copying someone else's training under
/// `name` would put it on the wrong person.
pub fn source_account(accounts: &[keel_store::accounts::Account], name: &str) -> Result<UserId> {
    match accounts {
        [only] => Ok(only.id),
        [] => Err(Error::Invalid(InputError::new(
            "user",
            "the file holds no account to copy",
        ))),
        _ => match accounts.iter().find(|a| a.name == name) {
            Some(found) => Ok(found.id),
            None => {
                let names: Vec<&str> = accounts.iter().map(|a| a.name.as_str()).collect();
                Err(Error::Invalid(InputError::new(
                    "user",
                    format!(
                        "the file holds the training of several accounts ({}) and none is \
                         called {name:?}; name the one to copy with --user",
                        names.join(", ")
                    ),
                )))
            }
        },
    }
}

/// Refuses a replacement that would lift a red-flag halt: when the
/// program in `current` is halted, the history replacing it must be halted
/// too (a resume is an explicit, recorded decision, never a side effect of
/// a restore).
pub fn check_keeps_halt(current: &dyn Store, replacement: &dyn Store) -> Result<()> {
    if let ProgramStatus::Halted { since, .. } = current.status()?
        && replacement.status()? == ProgramStatus::Active
    {
        return Err(refuse(format!(
            "the program is halted by a red flag since {since}, and the backup's is not: \
             restoring it would lift the halt; record the decision to resume first \
             (keel resume), then restore"
        )));
    }
    Ok(())
}

/// Every write that rebuilds `source`'s history in an empty store, in one
/// batch. Refused (nothing to write) when `source` holds links that cannot
/// be reproduced.
pub fn history_writes(source: &dyn Store) -> Result<Vec<Write>> {
    let mut writes = Vec::new();
    if let Some(profile) = source.profile()? {
        writes.push(Write::SaveProfile(profile));
    }
    let settings = source.settings()?;
    if settings != PlanSettings::default() {
        writes.push(Write::SaveSettings(settings));
    }
    if let Some(engine) = source.engine_settings()? {
        writes.push(Write::SaveEngineSettings(engine));
    }
    // The training time and each calendar event's SEQUENCE come along; the
    // feed's address belonged to the old place: make a new one there.
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
        return Err(refuse(format!(
            "the session of {} names a plan version that is not stored",
            orphan.date
        )));
    }
    // Sessions logged before any plan.
    for session in sessions.iter().filter(|s| s.plan_version.is_none()) {
        add_session(&mut writes, session);
    }
    for plan in &plans {
        let link = match plan.assessment_id {
            Some(id) => {
                let Some(position) = assessments.iter().position(|a| a.id == id) else {
                    return Err(refuse(format!(
                        "plan version {} names assessment {id}, which is not stored",
                        plan.version
                    )));
                };
                if position + 1 < added {
                    return Err(refuse(format!(
                        "plan version {} was tailored from an assessment older than one \
                         recorded before it; its link cannot be reproduced",
                        plan.version
                    )));
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
fn add_session(writes: &mut Vec<Write>, session: &TrainingSession) {
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
    writes.extend(session.more.iter().map(|&part| Write::AddSessionPart {
        date: session.date,
        part,
    }));
}
