//! Headers for a shared device: on every answer, a Content-Security-Policy
//! that allows only this server's own scripts, styles and images (no inline
//! script, no framing), `nosniff` and a same-origin Referrer-Policy; on every
//! page and API answer (everything but the compiled-in assets), `Cache-Control:
//! no-store`, so after logout Back shows no one's pages from the cache.

use axum::http::{HeaderMap, HeaderValue, header};

/// The policy every answer carries unless its handler set a stricter one.
/// `frame-ancestors 'none'` refuses framing (clickjacking); `form-action
/// 'self'` keeps forms posting here; no `'unsafe-inline'` anywhere.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; \
form-action 'self'; frame-ancestors 'none'";

/// Referers only to this server (the cross-site check reads them when a
/// browser sends no `Origin`), never to other sites.
pub const REFERRER_POLICY: &str = "same-origin";

/// On every answer (run by [`crate::layers::outer`]): the policy,
/// `nosniff`, the Referrer-Policy and `X-Frame-Options: DENY` for browsers
/// that predate `frame-ancestors`.
pub(crate) fn secure(headers: &mut HeaderMap) {
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static(REFERRER_POLICY),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
}

/// On pages, account pages and the API (run by [`crate::layers::pages`]):
/// never stored by the browser or a proxy, whatever the handler said.
pub(crate) fn no_store(headers: &mut HeaderMap) {
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}
