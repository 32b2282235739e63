//! Static assets compiled into the binary: works offline, no CDN.

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::WebError;

const STYLE: &str = include_str!("assets/style.css");
const TIMER: &str = include_str!("assets/timer.js");

pub async fn serve(Path(name): Path<String>) -> Result<Response, WebError> {
    let (body, kind) = match name.as_str() {
        "style.css" => (STYLE, "text/css; charset=utf-8"),
        "timer.js" => (TIMER, "text/javascript; charset=utf-8"),
        other => return Err(WebError::NotFound(format!("asset {other}"))),
    };
    Ok((
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response())
}
