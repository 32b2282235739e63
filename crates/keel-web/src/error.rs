//! Errors as pages: invalid input is a 400 (or 422) page that says what was
//! wrong; nothing else leaks internals. A server error's page quotes the
//! request id its cause is logged under ([`crate::request_id`]).

pub mod api;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use keel_core::InputError;
use keel_store::StoreError;

use crate::layout;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// The request was understood but a value was wrong; nothing was written.
    #[error("{0}")]
    Invalid(String),
    #[error("not found: {0}")]
    NotFound(String),
    /// A cross-site or forged form post.
    #[error("{0}")]
    Forbidden(String),
    /// The database could not be reached (a restart, an outage): nothing
    /// was written, and trying again shortly may succeed.
    #[error("{0}")]
    Unavailable(String),
    /// The database connection was lost while a change was being saved:
    /// it may have been stored. A retry with the same request key is
    /// stored at most once.
    #[error("{0}")]
    Uncertain(String),
    #[error("{0}")]
    Internal(String),
}

/// What a 503 asks the client to wait before trying again, in seconds.
pub const RETRY_AFTER_SECONDS: u32 = 5;

/// The words of every answer whose commit outcome is unknown.
pub const UNCERTAIN: &str = "may have been stored; retry with the same key";

impl From<InputError> for WebError {
    fn from(err: InputError) -> Self {
        WebError::Invalid(err.to_string())
    }
}

impl From<StoreError> for WebError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Invalid(input) => WebError::Invalid(input.to_string()),
            StoreError::Unavailable(reason) => WebError::Unavailable(reason),
            StoreError::Uncertain(reason) => WebError::Uncertain(reason),
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<keel_app::Error> for WebError {
    fn from(err: keel_app::Error) -> Self {
        match err {
            keel_app::Error::Invalid(input) => WebError::Invalid(input.to_string()),
            keel_app::Error::NotFound(what) => WebError::NotFound(what.message),
            keel_app::Error::Store(store) => store.into(),
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, title) = match &self {
            WebError::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "Please check your input"),
            WebError::NotFound(_) => (StatusCode::NOT_FOUND, "Not found"),
            WebError::Forbidden(_) => (StatusCode::FORBIDDEN, "Refused"),
            WebError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "Please try again"),
            WebError::Uncertain(_) => (StatusCode::SERVICE_UNAVAILABLE, "This may have been saved"),
            WebError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong"),
        };
        let message = match &self {
            WebError::Unavailable(_) => format!(
                "Keel cannot reach its database right now. Nothing you logged was lost; \
                 try again in {RETRY_AFTER_SECONDS} seconds."
            ),
            WebError::Uncertain(_) => format!(
                "Keel lost its database connection while saving: this may have been stored. \
                 Send the form again (go back and press the button once more): it is stored \
                 at most once. {UNCERTAIN}"
            ),
            WebError::Internal(_) => {
                "Keel could not complete this. Nothing you logged was lost; please try again."
                    .to_string()
            }
            other => format!("{other} Nothing was changed."),
        };
        // A server error's id, to quote when reporting it: the log has the
        // cause under the same id (`request_id`).
        let reference = status
            .is_server_error()
            .then(crate::request_id::current)
            .flatten();
        let body = layout::page(
            title,
            maud::html! {
                section.notice.error role="alert" {
                    h1 { (title) }
                    p { (message) }
                    @if let Some(id) = &reference {
                        p { "If this keeps happening, quote this reference: " code { (id) } }
                    }
                    p { a href="/" { "Back to today" } }
                }
            },
        );
        let mut response = (status, body).into_response();
        if let WebError::Internal(cause)
        | WebError::Unavailable(cause)
        | WebError::Uncertain(cause) = self
        {
            response
                .extensions_mut()
                .insert(crate::request_id::Cause(cause));
        }
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, RETRY_AFTER_SECONDS.into());
        }
        response
    }
}
