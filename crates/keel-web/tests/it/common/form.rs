//! Signed-in form posts, as a browser on the server backend sends them.

use axum::body::Body;
use axum::http::{Request, header};
use keel_web::accounts::SESSION_COOKIE;

use super::HOST;

/// A form POST from `origin`, with the session cookie when `token` is given;
/// spaces in values are sent as `+`.
pub fn form_request(
    uri: &str,
    token: Option<&str>,
    form: &[(&str, &str)],
    origin: &str,
) -> Request<Body> {
    let mut request = Request::post(uri)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, origin)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(token) = token {
        request = request.header(header::COOKIE, format!("{SESSION_COOKIE}={token}"));
    }
    let body = form
        .iter()
        .map(|(k, v)| format!("{k}={}", v.replace(' ', "+")))
        .collect::<Vec<_>>()
        .join("&");
    request.body(Body::from(body)).unwrap()
}
