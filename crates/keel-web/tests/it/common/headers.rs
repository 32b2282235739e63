//! The headers every answer must carry on a shared device, and one request
//! per listed route to check them.

use axum::body::Body;
use axum::http::{HeaderMap, Request, header};

use super::{HOST, ORIGIN};

/// A request for a listed route, its path parameters filled with `param`
/// (the asset's with the stylesheet), with a session `cookie` when given.
/// Posts come from this site with an empty form.
pub fn route_request(method: &str, path: &str, param: &str, cookie: Option<&str>) -> Request<Body> {
    let mut uri = String::new();
    for (i, piece) in path.split('/').enumerate() {
        if i > 0 {
            uri.push('/');
        }
        match piece {
            "{name}" if path.starts_with("/assets/") => uri.push_str("style.css"),
            p if p.starts_with('{') => uri.push_str(param),
            p => uri.push_str(p),
        }
    }
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, HOST);
    if method != "GET" {
        request = request
            .header(header::ORIGIN, ORIGIN)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    }
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.body(Body::empty()).unwrap()
}

/// The shared-device headers: the policy without inline script and with no
/// framing, nosniff, a Referrer-Policy, a request id, and `no-store` on
/// everything but the assets.
pub fn assert_shared_device_headers(route: &str, headers: &HeaderMap) {
    let text = |name: header::HeaderName| {
        headers
            .get(&name)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("{route}: no {name} header"))
    };
    let policy = text(header::CONTENT_SECURITY_POLICY);
    assert!(
        policy.contains("frame-ancestors 'none'"),
        "{route}: {policy}"
    );
    let scripts = script_sources(&policy);
    assert!(
        scripts == "'self'" || scripts == "'none'",
        "{route}: scripts only from this server: {policy}"
    );
    assert_eq!(text(header::X_CONTENT_TYPE_OPTIONS), "nosniff", "{route}");
    assert_eq!(text(header::REFERRER_POLICY), "same-origin", "{route}");
    assert!(!text(header::HeaderName::from_static("x-request-id")).is_empty());
    let cache = text(header::CACHE_CONTROL);
    // The compiled-in assets (the favicon among them) may be cached.
    if route.contains(" /assets/") || route.ends_with(" /favicon.ico") {
        assert!(cache.starts_with("public"), "{route}: {cache}");
    } else {
        assert_eq!(cache, "no-store", "{route}");
    }
}

/// Where a policy lets scripts come from: its `script-src`, else its
/// `default-src`.
fn script_sources(policy: &str) -> String {
    let directive = |name: &str| {
        policy
            .split(';')
            .map(str::trim)
            .find_map(|d| d.strip_prefix(name))
            .map(|v| v.trim().to_string())
    };
    directive("script-src ")
        .or_else(|| directive("default-src "))
        .unwrap_or_default()
}
