//! [`crate::Viewer`] for the API: the same account resolution, but a request
//! without a valid credential gets a 401 JSON error, never a redirect to the
//! login page (an API client cannot follow one).

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use jiff::civil::Date;
use keel_store::Store;

use super::error::ApiError;
use crate::{AppState, Viewer};

pub struct ApiViewer(Viewer);

impl ApiViewer {
    pub fn today(&self) -> Date {
        self.0.today()
    }

    /// The signed-in account; `None` on the local app.
    #[cfg(feature = "postgres")]
    pub fn account(&self) -> Option<&keel_store_postgres::SignedIn> {
        self.0.account()
    }

    /// Runs `f` with the viewer's store on a blocking thread.
    pub async fn with_store<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn Store) -> Result<T, ApiError> + Send + 'static,
    {
        // The store closure's own errors ride through as a WebError-free
        // channel: run it inside, keep its ApiError as the value.
        self.0
            .with_store(move |store| Ok(f(store)))
            .await
            .map_err(ApiError::from)?
    }
}

impl FromRequestParts<AppState> for ApiViewer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Viewer::from_request_parts(parts, state)
            .await
            .map(ApiViewer)
            .map_err(|_| {
                ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "unauthorized",
                    "send a valid API token as `Authorization: Bearer <token>` (create one with \
                     `keel token create`); this one is missing, unknown, expired or revoked",
                )
            })
    }
}
