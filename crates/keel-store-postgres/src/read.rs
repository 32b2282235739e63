//! Reads of one user's profile, settings, assessments, safety log and plans.
//! Raw column values are decoded so a bad row becomes
//! [`keel_store::StoreError::Corrupt`] instead of a panic.

use crate::pool::Conn;
use keel_core::assessment::AssessmentInput;
use keel_core::engine::EngineSettings;
use keel_core::profile::Profile;
use keel_core::settings::PlanSettings;

use crate::codec::{JsonText, Origin, db_error, get};
use keel_store::{
    PARTS, Result, Revision, SafetyEvent, StoredAssessment, StoredPlan, revision_columns,
};

/// The user's data revision; a user deleted meanwhile reads as all -1,
/// which no kept value was made at.
pub(crate) fn revision(client: &mut Conn, user: i64) -> Result<Revision> {
    // Every request reads it: the SQL is built once.
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!("SELECT {} FROM users WHERE id = $1", revision_columns())
    });
    let row = client.query_opt(&SQL, &[&user]).map_err(db_error)?;
    match row {
        Some(row) => Revision::from_columns(|i| get(&row, i)),
        None => Ok(Revision::new([-1; PARTS])),
    }
}

/// The JSON of a single-row-per-user table, with the user's id as the row id.
fn single_row(client: &mut Conn, table: &str, user: i64) -> Result<Option<serde_json::Value>> {
    let row = client
        .query_opt(
            &format!("SELECT data FROM {table} WHERE user_id = $1"),
            &[&user],
        )
        .map_err(db_error)?;
    row.map(|r| get(&r, 0)).transpose()
}

pub(crate) fn profile(client: &mut Conn, user: i64) -> Result<Option<Profile>> {
    let Some(data) = single_row(client, "profile", user)? else {
        return Ok(None);
    };
    Origin::new("profile", user)
        .json_value("data", data)
        .map(Some)
}

pub(crate) fn settings(client: &mut Conn, user: i64) -> Result<PlanSettings> {
    let Some(data) = single_row(client, "settings", user)? else {
        return Ok(PlanSettings::default());
    };
    let origin = Origin::new("settings", user);
    let settings: PlanSettings = origin.json_value("data", data)?;
    settings.validate().map_err(|e| origin.corrupt("data", e))?;
    Ok(settings)
}

pub(crate) fn calendar(client: &mut Conn, user: i64) -> Result<keel_store::CalendarState> {
    let row = client
        .query_opt(
            "SELECT training_time, events, feed_token_sha256 FROM calendar WHERE user_id = $1",
            &[&user],
        )
        .map_err(db_error)?;
    let Some(row) = row else {
        return Ok(keel_store::CalendarState::default());
    };
    let events: serde_json::Value = get(&row, 1)?;
    Ok(keel_store::CalendarState {
        training_time: get(&row, 0)?,
        events: Origin::new("calendar", user).json_value("events", events)?,
        feed_token_sha256: get(&row, 2)?,
    })
}

pub(crate) fn engine_settings(client: &mut Conn, user: i64) -> Result<Option<EngineSettings>> {
    let Some(data) = single_row(client, "engine_settings", user)? else {
        return Ok(None);
    };
    let origin = Origin::new("engine_settings", user);
    let settings: EngineSettings = origin.json_value("data", data)?;
    settings.validate().map_err(|e| origin.corrupt("data", e))?;
    Ok(Some(settings))
}

pub(crate) fn assessments(client: &mut Conn, user: i64) -> Result<Vec<StoredAssessment>> {
    let rows = client
        .query(
            "SELECT id, date, recorded_at, input FROM assessments WHERE user_id = $1
             ORDER BY date, id",
            &[&user],
        )
        .map_err(db_error)?;
    rows.iter()
        .map(|r| {
            let id: i64 = get(r, 0)?;
            let origin = Origin::new("assessments", id);
            let date: jiff::civil::Date = get(r, 1)?;
            let input: AssessmentInput = origin.json("input", get::<JsonText>(r, 3)?.0)?;
            // The date column is a copy for querying; it must agree with the input.
            origin.agrees("date", &date, &input.date)?;
            Ok(StoredAssessment {
                id,
                recorded_at: origin.timestamp("recorded_at", get(r, 2)?)?,
                input,
            })
        })
        .collect()
}

/// In the order recorded, which is the order that decides the program status.
pub(crate) fn safety_events(client: &mut Conn, user: i64) -> Result<Vec<SafetyEvent>> {
    let rows = client
        .query(
            "SELECT id, date, kind, context, flags, note FROM safety_events WHERE user_id = $1
             ORDER BY id",
            &[&user],
        )
        .map_err(db_error)?;
    rows.iter()
        .map(|r| {
            let id: i64 = get(r, 0)?;
            let origin = Origin::new("safety_events", id);
            let date = get(r, 1)?;
            let kind: String = get(r, 2)?;
            let context: Option<String> = get(r, 3)?;
            match (kind.as_str(), context) {
                ("screen", Some(context)) => Ok(SafetyEvent::Screen {
                    date,
                    context: origin.context("context", &context)?,
                    flags: origin.json("flags", get::<JsonText>(r, 4)?.0)?,
                }),
                ("resume", None) => Ok(SafetyEvent::Resume {
                    date,
                    note: get(r, 5)?,
                }),
                (kind, context) => Err(origin.corrupt(
                    "kind",
                    format!("a {kind:?} event with context {context:?} is not a known event"),
                )),
            }
        })
        .collect()
}

/// Which plan versions to read.
pub(crate) enum PlanOrder {
    /// Every version, oldest first.
    All,
    /// Only the highest version.
    NewestOnly,
}

pub(crate) fn plans(client: &mut Conn, user: i64, which: PlanOrder) -> Result<Vec<StoredPlan>> {
    let sql = match which {
        PlanOrder::All => {
            "SELECT id, version, created_on, assessment_id, program FROM plans
             WHERE user_id = $1 ORDER BY version"
        }
        PlanOrder::NewestOnly => {
            "SELECT id, version, created_on, assessment_id, program FROM plans
             WHERE user_id = $1 ORDER BY version DESC LIMIT 1"
        }
    };
    let rows = client.query(sql, &[&user]).map_err(db_error)?;
    rows.iter()
        .map(|r| {
            let id: i64 = get(r, 0)?;
            let origin = Origin::new("plans", id);
            Ok(StoredPlan {
                id,
                version: get(r, 1)?,
                created_on: get(r, 2)?,
                assessment_id: get(r, 3)?,
                program: origin.json("program", get::<JsonText>(r, 4)?.0)?,
            })
        })
        .collect()
}

/// Every outcome measure, by date then as recorded.
pub(crate) fn outcomes(client: &mut Conn, user: i64) -> Result<Vec<keel_core::outcome::Outcome>> {
    let rows = client
        .query(
            "SELECT id, date, data FROM outcomes WHERE user_id = $1 ORDER BY date, id",
            &[&user],
        )
        .map_err(db_error)?;
    rows.iter()
        .map(|r| {
            let id: i64 = get(r, 0)?;
            let origin = Origin::new("outcomes", id);
            let date: jiff::civil::Date = get(r, 1)?;
            let outcome: keel_core::outcome::Outcome =
                origin.json("data", get::<JsonText>(r, 2)?.0)?;
            origin.agrees("date", &date, &outcome.date)?;
            outcome.validate().map_err(|e| origin.corrupt("data", e))?;
            Ok(outcome)
        })
        .collect()
}

/// The loaded questionnaire definitions, by id.
pub(crate) fn questionnaires(
    client: &mut Conn,
    user: i64,
) -> Result<Vec<keel_core::outcome::Questionnaire>> {
    let rows = client
        .query(
            "SELECT id, data FROM questionnaires WHERE user_id = $1 ORDER BY instrument",
            &[&user],
        )
        .map_err(db_error)?;
    rows.iter()
        .map(|r| {
            let id: i64 = get(r, 0)?;
            Origin::new("questionnaires", id).json("data", get::<JsonText>(r, 1)?.0)
        })
        .collect()
}
