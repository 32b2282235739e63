//! Cross-site form posts are refused: a page on another site must not be
//! able to log sets or resume a halted program in the user's browser.
//!
//! Every state-changing request must come from a page of this server: its
//! `Origin` (or, when a browser sends none, its `Referer`) must name the
//! same host and port as the `Host` header (which [`crate::hosts`] has
//! already checked against the server's names), or a name given with
//! `--allowed-host` (the public name a proxy forwards), and a browser
//! saying `Sec-Fetch-Site: cross-site` is refused outright. Requests with
//! neither header are not from a browser form (browsers send `Origin` on
//! every POST) and pass.

use axum::extract::Request;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::WebError;
use crate::error::api::ApiError;
use crate::hosts::AllowedHosts;

/// The 403 answer to a foreign-origin POST (or PUT, PATCH, DELETE); `None`
/// when the request may go on (run by [`crate::layers::pages`]).
pub(crate) fn refusal(hosts: &AllowedHosts, request: &Request) -> Option<Response> {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if safe {
        return None;
    }
    let why = same_origin(request.headers(), hosts).err()?;
    // API clients get the API's JSON error body, pages the error page.
    if request.uri().path().starts_with("/api/") {
        return Some(ApiError::new(StatusCode::FORBIDDEN, "cross_site", why).into_response());
    }
    Some(WebError::Forbidden(why).into_response())
}

/// Ok when the request's origin is this server, or no browser origin was given.
pub fn same_origin(headers: &HeaderMap, hosts: &AllowedHosts) -> Result<(), String> {
    let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    if text(header::HeaderName::from_static("sec-fetch-site")) == Some("cross-site") {
        return Err("This form was sent from another site, so it was refused.".into());
    }
    let source = text(header::ORIGIN).or_else(|| text(header::REFERER));
    let Some(source) = source else {
        return Ok(());
    };
    let host = text(header::HOST).unwrap_or_default();
    match authority(source) {
        Some(from) if !host.is_empty() && from.eq_ignore_ascii_case(host) && hosts.allows(host) => {
            Ok(())
        }
        Some(from) if hosts.is_extra(from) => Ok(()),
        _ => Err(format!(
            "This form was sent from {source}, not from this Keel page, so it was refused."
        )),
    }
}

/// "host:port" of an origin or URL ("http://127.0.0.1:7878/path" ->
/// "127.0.0.1:7878"); `None` for "null" or anything without a scheme.
fn authority(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(&rest[..end]).filter(|a| !a.is_empty())
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, HeaderValue::from_static(v));
        }
        map
    }

    fn same_origin_here(headers: &HeaderMap) -> Result<(), String> {
        same_origin(headers, &AllowedHosts::default())
    }

    #[test]
    fn same_host_passes_and_foreign_origins_are_refused() {
        let host = ("host", "127.0.0.1:7878");
        assert!(same_origin_here(&headers(&[host, ("origin", "http://127.0.0.1:7878")])).is_ok());
        assert!(
            same_origin_here(&headers(&[
                host,
                ("referer", "http://127.0.0.1:7878/session/0/1")
            ]))
            .is_ok()
        );
        assert!(same_origin_here(&headers(&[host, ("origin", "http://evil.example")])).is_err());
        assert!(same_origin_here(&headers(&[host, ("origin", "null")])).is_err());
        assert!(same_origin_here(&headers(&[host, ("origin", "http://127.0.0.1:7879")])).is_err());
        assert!(same_origin_here(&headers(&[host, ("sec-fetch-site", "cross-site")])).is_err());
        assert!(same_origin_here(&headers(&[host])).is_ok());
    }

    #[test]
    fn origins_are_compared_with_the_allowed_hosts() {
        let bind = "127.0.0.1:7878".parse().unwrap_or_else(|_| unreachable!());
        let proxied = AllowedHosts::new(bind, &["keel.example".to_string()])
            .unwrap_or_else(|e| unreachable!("{e}"));
        let host = ("host", "127.0.0.1:7878");
        // A proxy forwards its public name's pages under the backend's Host.
        let from_proxy = headers(&[host, ("origin", "https://keel.example")]);
        assert!(same_origin(&from_proxy, &proxied).is_ok());
        assert!(same_origin_here(&from_proxy).is_err());
        // A rebound name is refused even when Origin and Host agree.
        let rebound = headers(&[
            ("host", "evil.example:7878"),
            ("origin", "http://evil.example:7878"),
        ]);
        assert!(same_origin(&rebound, &proxied).is_err());
        assert!(same_origin_here(&rebound).is_err());
    }
}
