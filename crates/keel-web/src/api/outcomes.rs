//! `GET /api/v1/outcomes`: every outcome measure taken, each instrument's
//! trend with the change that matters marked, and the questionnaires
//! loaded; `POST /api/v1/outcomes`: record a pain rating (NPRS), PSFS
//! activities and/or a loaded questionnaire's answers, as the outcomes page
//! does (`keel outcomes record`), all in one batch. The same `outcomes`
//! object is taken by onboarding and a retest.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jiff::civil::Date;
use keel_app::outcomes::{self, Measure};
use keel_core::outcome::Outcome;
use serde::Deserialize;

use super::error::{ApiError, Json};
use super::viewer::ApiViewer;
use super::wire;

/// One PSFS activity.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityBody {
    pub name: String,
    /// 0 (unable) to 10 (as before).
    pub rating: i64,
}

/// The built-in measures, as onboarding, a retest and `POST` take them.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomesBody {
    /// NPRS: back pain over the last 24 hours, 0-10.
    #[serde(default)]
    pub pain_rating: Option<i64>,
    /// PSFS: up to five activities.
    #[serde(default)]
    pub activities: Vec<ActivityBody>,
}

fn rating(value: i64, field: &str) -> Result<u8, ApiError> {
    u8::try_from(value)
        .ok()
        .filter(|v| *v <= 10)
        .ok_or_else(|| {
            ApiError::invalid(field, format!("a whole number from 0 to 10, got {value}"))
        })
}

impl OutcomesBody {
    pub fn measures(&self, prefix: &str) -> Result<Vec<Measure>, ApiError> {
        let mut measures = Vec::new();
        if let Some(r) = self.pain_rating {
            measures.push(Measure::Nprs(rating(r, &format!("{prefix}pain_rating"))?));
        }
        if !self.activities.is_empty() {
            let ratings = self
                .activities
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    Ok((
                        a.name.clone(),
                        rating(a.rating, &format!("{prefix}activities[{i}].rating"))?,
                    ))
                })
                .collect::<Result<Vec<_>, ApiError>>()?;
            measures.push(Measure::Psfs(ratings));
        }
        Ok(measures)
    }

    /// The built-in takings for `date`, checked before the store.
    pub fn outcomes(&self, date: Date, prefix: &str) -> Result<Vec<Outcome>, ApiError> {
        outcomes::builtin(date, self.measures(prefix)?).map_err(|e| match e {
            keel_app::Error::Invalid(err) => {
                let field = format!("{prefix}{}", err.field);
                ApiError::from(err.in_field(field))
            }
            other => other.into(),
        })
    }
}

/// A loaded questionnaire's answers.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionnaireBody {
    pub id: String,
    /// Each item's chosen option (1-based), null when left unanswered.
    pub answers: Vec<Option<u8>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewOutcomes {
    /// The day taken, YYYY-MM-DD; today when left out.
    #[serde(default)]
    pub date: Option<Date>,
    /// NPRS: back pain over the last 24 hours, 0-10.
    #[serde(default)]
    pub pain_rating: Option<i64>,
    /// PSFS: up to five activities.
    #[serde(default)]
    pub activities: Vec<ActivityBody>,
    #[serde(default)]
    pub questionnaire: Option<QuestionnaireBody>,
}

pub async fn list(viewer: ApiViewer) -> Result<Response, ApiError> {
    let view = viewer
        .with_store(|store| Ok(outcomes::overview(store)?))
        .await?;
    Ok(axum::Json(wire::Overview::from(view)).into_response())
}

pub async fn create(
    viewer: ApiViewer,
    Json(body): Json<NewOutcomes>,
) -> Result<Response, ApiError> {
    let today = viewer.today();
    let date = body.date.unwrap_or(today);
    let builtin = OutcomesBody {
        pain_rating: body.pain_rating,
        activities: body.activities,
    };
    let mut measures = builtin.measures("")?;
    if let Some(q) = body.questionnaire {
        measures.push(Measure::Questionnaire {
            id: q.id,
            choices: q.answers,
        });
    }
    let taken = viewer
        .with_store(move |store| Ok(outcomes::record(store, today, date, measures)?))
        .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(wire::Recorded {
            outcomes: taken.into_iter().map(wire::Outcome::from).collect(),
        }),
    )
        .into_response())
}
