//! `POST /api/v1/resume`: lifting a red-flag halt, as the Today page's
//! resume form (`POST /resume`) and `keel resume --confirm` do: only on an
//! explicit `"confirm": true`, with an optional note of what was decided.
//! When the program is not halted nothing is written.

use keel_app::safety;
use serde::{Deserialize, Serialize};

use super::error::{ApiError, Json};
use super::fields;
use super::viewer::ApiViewer;
use super::wire;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResumeBody {
    /// Must be `true`: "I have seen a clinician (or decided with one) and
    /// want to continue".
    pub confirm: Option<bool>,
    pub note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Resumed {
    /// False when the program was not halted (nothing was written).
    pub resumed: bool,
    pub status: wire::ProgramStatus,
}

pub async fn create(
    viewer: ApiViewer,
    Json(body): Json<ResumeBody>,
) -> Result<axum::Json<Resumed>, ApiError> {
    let note = fields::note(body.note)?;
    let confirmed = body.confirm == Some(true);
    let date = viewer.today();
    let answer = viewer
        .with_store(move |store| {
            let resumed = match safety::resume(store, date, confirmed, note) {
                Ok(done) => done,
                Err(keel_app::Error::Invalid(e)) if e.field == "confirm" => {
                    return Err(ApiError::invalid(
                        "confirm",
                        "send \"confirm\": true to confirm you have seen a clinician (or \
                         decided with one) and want to continue; nothing was changed",
                    ));
                }
                Err(other) => return Err(other.into()),
            };
            Ok(Resumed {
                resumed: resumed != safety::Resumed::NotHalted,
                status: (&store.status()?).into(),
            })
        })
        .await?;
    Ok(axum::Json(answer))
}
