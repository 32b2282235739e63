//! One JSON error body for every API failure:
//! `{"error": {"status": 422, "code": "invalid_input", "field": "rpe", "message": "..."}}`.
//! Extractor rejections (malformed JSON, wrong types, oversized bodies, bad
//! query strings) are mapped here too, so a client never sees an HTML page
//! or a bare-text body from `/api`.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use keel_core::InputError;
use serde::de::DeserializeOwned;

use crate::error::WebError;

/// An API failure; its response is the JSON error body.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: StatusCode,
    /// A stable machine-readable word ("invalid_input", "not_found", ...).
    pub code: &'static str,
    /// The request field at fault, when one is.
    pub field: Option<String>,
    pub message: String,
    /// What went wrong inside (a server error's cause), for the server's
    /// log only: never in the body.
    pub cause: Option<String>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            field: None,
            message: message.into(),
            cause: None,
        }
    }

    /// A value that parsed but is not acceptable; nothing was written.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> ApiError {
        ApiError {
            field: Some(field.into()),
            ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_input", message)
        }
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    /// A route of the coach server asked of the local app, which has one
    /// user and no accounts: the route exists, but not here.
    pub fn accounts_only() -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "accounts_only",
            "this route is served only by the Keel coach server (`keel serve --database` \
             on PostgreSQL, with accounts); this app has one user and no accounts",
        )
    }

    /// The JSON body, also used by the OpenAPI document's examples. A
    /// server error (5xx) also carries the request's id, which the server's
    /// log has its cause under.
    pub fn body(&self) -> serde_json::Value {
        let mut body = serde_json::json!({
            "error": {
                "status": self.status.as_u16(),
                "code": self.code,
                "field": self.field,
                "message": self.message,
            }
        });
        if self.status.is_server_error()
            && let Some(id) = crate::request_id::current()
        {
            body["error"]["request_id"] = id.into();
        }
        body
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body())).into_response();
        if let Some(cause) = self.cause {
            response
                .extensions_mut()
                .insert(crate::request_id::Cause(cause));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(
                header::RETRY_AFTER,
                crate::error::RETRY_AFTER_SECONDS.into(),
            );
        }
        response
    }
}

impl From<InputError> for ApiError {
    fn from(err: InputError) -> Self {
        ApiError::invalid(err.field, err.message)
    }
}

impl From<WebError> for ApiError {
    fn from(err: WebError) -> Self {
        match err {
            WebError::Invalid(message) => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_input", message)
            }
            WebError::NotFound(what) => ApiError::not_found(format!("not found: {what}")),
            WebError::Forbidden(message) => {
                ApiError::new(StatusCode::FORBIDDEN, "forbidden", message)
            }
            WebError::Unavailable(reason) => ApiError {
                cause: Some(reason),
                ..ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    format!(
                        "Keel cannot reach its database right now; nothing was changed. \
                         Try again in {} seconds.",
                        crate::error::RETRY_AFTER_SECONDS
                    ),
                )
            },
            WebError::Uncertain(reason) => ApiError {
                cause: Some(reason),
                ..ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "outcome_unknown",
                    format!(
                        "Keel lost its database connection while saving this change: it {}. \
                         Send the request again with the same `Idempotency-Key` header: it is \
                         stored at most once, and the retry answers as the first would have \
                         (without a key, check before retrying).",
                        crate::error::UNCERTAIN
                    ),
                )
            },
            // The cause goes to the server's log (under the request id the
            // body carries), not into the answer.
            WebError::Internal(cause) => ApiError {
                cause: Some(cause),
                ..ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "Keel could not complete this; nothing was changed. Please try again.",
                )
            },
        }
    }
}

impl From<keel_app::Error> for ApiError {
    fn from(err: keel_app::Error) -> Self {
        match err {
            keel_app::Error::Invalid(input) => input.into(),
            other => WebError::from(other).into(),
        }
    }
}

impl From<keel_store::StoreError> for ApiError {
    fn from(err: keel_store::StoreError) -> Self {
        match err {
            // Keep the field the store named.
            keel_store::StoreError::Invalid(input) => input.into(),
            other => WebError::from(other).into(),
        }
    }
}

/// A JSON request body whose rejections are [`ApiError`]s: malformed JSON
/// and wrong types are 400 with serde's message, a body over the limit 413,
/// a missing `Content-Type: application/json` 415.
pub struct Json<T>(pub T);

/// The body of an action that takes none: absent, or the empty JSON object
/// `{}`. Anything else is refused (400, or 415 when not JSON), so a client
/// never believes a body it sent was read.
pub struct NoBody;

impl<S> FromRequest<S> for NoBody
where
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let json = is_json(&request);
        let bytes = body_bytes(request, state).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(NoBody);
        }
        if !json {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "this action takes no body; if you send one, send `{}` as JSON",
            ));
        }
        match serde_json::from_slice::<serde_json::Value>(&bytes) {
            Ok(serde_json::Value::Object(map)) if map.is_empty() => Ok(NoBody),
            _ => Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "malformed_json",
                "this action takes no body: send none, or `{}`; nothing was changed",
            )),
        }
    }
}

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        if !is_json(&request) {
            return Err(not_json());
        }
        let bytes = body_bytes(request, state).await?;
        match axum::Json::<T>::from_bytes(&bytes) {
            Ok(axum::Json(value)) => Ok(Json(value)),
            Err(rejection @ JsonRejection::JsonDataError(_)) => {
                match whole_numbers_as_integers(&bytes) {
                    Some(Ok(value)) => Ok(value),
                    // What is still wrong once whole numbers are read as such.
                    Some(Err(error)) => Err(ApiError::new(
                        StatusCode::BAD_REQUEST,
                        "malformed_json",
                        format!(
                            "Failed to deserialize the JSON body into the target type: {error}"
                        ),
                    )),
                    None => Err(json_rejection(rejection)),
                }
            }
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

/// The body read again with every whole number written as a float (`7.0`)
/// written as an integer, which JSON Schema counts it as; `None` when that
/// changes nothing, so the first error stands.
fn whole_numbers_as_integers<T: DeserializeOwned>(
    bytes: &[u8],
) -> Option<Result<Json<T>, serde_json::Error>> {
    fn rewrite(value: &mut serde_json::Value) -> bool {
        match value {
            serde_json::Value::Number(n) => match n.as_f64() {
                // Within the integers an f64 holds exactly (2^53).
                Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15 => {
                    #[allow(clippy::cast_possible_truncation)]
                    let whole = f as i64;
                    *n = whole.into();
                    true
                }
                _ => false,
            },
            // Every element is visited: `|` does not stop at the first change.
            serde_json::Value::Array(items) => {
                items.iter_mut().map(rewrite).fold(false, |a, b| a | b)
            }
            serde_json::Value::Object(map) => {
                map.values_mut().map(rewrite).fold(false, |a, b| a | b)
            }
            _ => false,
        }
    }
    let mut value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    if !rewrite(&mut value) {
        return None;
    }
    Some(serde_json::from_value(value).map(Json))
}

fn not_json() -> ApiError {
    ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        "send the body as JSON with `Content-Type: application/json`",
    )
}

/// Whether the request says its body is JSON.
fn is_json(request: &Request) -> bool {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

/// The request's body, within the body limit.
async fn body_bytes<S: Send + Sync>(
    request: Request,
    state: &S,
) -> Result<axum::body::Bytes, ApiError> {
    axum::body::Bytes::from_request(request, state)
        .await
        .map_err(|rejection| {
            let code = match rejection.status() {
                StatusCode::PAYLOAD_TOO_LARGE => "body_too_large",
                _ => "bad_request",
            };
            ApiError::new(rejection.status(), code, rejection.body_text())
        })
}

fn json_rejection(rejection: JsonRejection) -> ApiError {
    let message = rejection.body_text();
    match rejection {
        JsonRejection::JsonDataError(_) | JsonRejection::JsonSyntaxError(_) => {
            ApiError::new(StatusCode::BAD_REQUEST, "malformed_json", message)
        }
        JsonRejection::MissingJsonContentType(_) => not_json(),
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            format!(
                "the body is larger than {} bytes",
                crate::forms::MAX_BODY_BYTES
            ),
        ),
        other => ApiError::new(other.status(), "bad_request", message),
    }
}

/// A query string whose rejections are 400 [`ApiError`]s.
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(rejection) => Err(query_rejection(rejection)),
        }
    }
}

fn query_rejection(rejection: QueryRejection) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "bad_query", rejection.body_text())
}

/// A path parameter whose rejections are 400 [`ApiError`]s (`/sets/abc`).
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(rejection) => Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_path",
                rejection.body_text(),
            )),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod unavailable_tests {
    use super::*;

    /// A lost database is a 503 that says to try again, on pages and in the
    /// API alike, never a 500.
    #[test]
    fn a_lost_database_asks_the_client_to_retry() {
        let lost = || keel_store::StoreError::Unavailable("connection closed".into());
        let page = WebError::from(lost()).into_response();
        let api = ApiError::from(lost());
        assert_eq!(api.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(api.body()["error"]["code"], "unavailable");
        let api = api.into_response();
        for response in [page, api] {
            assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(response.headers()[header::RETRY_AFTER], "5");
        }
    }

    /// A write whose commit outcome is unknown says it may have been
    /// stored and to retry with the same key, never "nothing was changed".
    #[tokio::test]
    async fn an_unknown_outcome_says_it_may_have_been_stored() {
        let lost = || keel_store::StoreError::Uncertain("connection closed".into());
        let api = ApiError::from(lost());
        assert_eq!(api.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(api.body()["error"]["code"], "outcome_unknown");
        let page = WebError::from(lost()).into_response();
        assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE);
        let page = axum::body::to_bytes(page.into_body(), usize::MAX)
            .await
            .unwrap();
        let page = String::from_utf8(page.to_vec()).unwrap();
        for text in [api.message.as_str(), page.as_str()] {
            assert!(text.contains(crate::error::UNCERTAIN), "{text}");
            assert!(!text.contains("othing was changed"), "{text}");
        }
    }
}
