//! Static assets compiled into the binary: works offline, no CDN. The
//! manifest, icons and favicon make the app installable on a phone.

use axum::extract::Path;
use axum::http::{HeaderName, header};
use axum::response::{IntoResponse, Response};

use crate::error::WebError;

const STYLE: &str = include_str!("assets/style.css");
const TIMER: &str = include_str!("assets/timer.js");
const APP: &str = include_str!("assets/app.js");
const WORKOUT: &str = include_str!("assets/workout.js");
const SERVICE_WORKER: &str = include_str!("assets/sw.js");
const MANIFEST: &str = include_str!("assets/manifest.webmanifest");
const ICON_192: &[u8] = include_bytes!("assets/icon-192.png");
const ICON_512: &[u8] = include_bytes!("assets/icon-512.png");
const ICON_MASKABLE: &[u8] = include_bytes!("assets/icon-maskable-512.png");
const FAVICON: &[u8] = include_bytes!("assets/favicon.ico");

/// The theme colour of the manifest, repeated in every page's head.
pub const THEME_COLOR: &str = "#0b5cad";

/// Every asset by name: its bytes and content type.
fn asset(name: &str) -> Option<(&'static [u8], &'static str)> {
    Some(match name {
        "style.css" => (STYLE.as_bytes(), "text/css; charset=utf-8"),
        "timer.js" => (TIMER.as_bytes(), "text/javascript; charset=utf-8"),
        "app.js" => (APP.as_bytes(), "text/javascript; charset=utf-8"),
        "workout.js" => (WORKOUT.as_bytes(), "text/javascript; charset=utf-8"),
        "manifest.webmanifest" => (MANIFEST.as_bytes(), "application/manifest+json"),
        "icon-192.png" => (ICON_192, "image/png"),
        "icon-512.png" => (ICON_512, "image/png"),
        "icon-maskable-512.png" => (ICON_MASKABLE, "image/png"),
        _ => return None,
    })
}

pub async fn serve(Path(name): Path<String>) -> Result<Response, WebError> {
    if name == "sw.js" {
        return Ok(service_worker());
    }
    let (body, kind) = asset(&name).ok_or_else(|| WebError::NotFound(format!("asset {name}")))?;
    Ok(reply(body, kind))
}

/// The service worker (app.js registers it): its scope is the whole app,
/// which a script under /assets/ may only claim with
/// `Service-Worker-Allowed: /`; never cached, so an upgrade reaches phones.
fn service_worker() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
            (HeaderName::from_static("service-worker-allowed"), "/"),
        ],
        SERVICE_WORKER,
    )
        .into_response()
}

/// `/favicon.ico`, where browsers look for it whatever the page links.
pub async fn favicon() -> Response {
    reply(FAVICON, "image/x-icon")
}

fn reply(body: &'static [u8], kind: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_is_json_and_its_icons_are_served() {
        let manifest: serde_json::Value = serde_json::from_str(MANIFEST).unwrap();
        assert_eq!(manifest["theme_color"], THEME_COLOR);
        for icon in manifest["icons"].as_array().unwrap() {
            let src = icon["src"].as_str().unwrap();
            let name = src.strip_prefix("/assets/").unwrap();
            let (bytes, kind) = asset(name).unwrap();
            assert_eq!(kind, "image/png");
            assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{src}");
        }
    }
}
