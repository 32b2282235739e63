//! The session cookie and the bearer header: reading a credential from a
//! request, and the `Set-Cookie` values that start and end a session.
//!
//! The cookie is `HttpOnly` (no script can read it), `SameSite=Strict` (no
//! other site's page or link makes the browser send it) and `Path=/`. It is
//! `Secure` when the server was told it sits behind HTTPS (`keel serve
//! --secure-cookies`) or a proxy marked the request `X-Forwarded-Proto:
//! https`; plain-HTTP serving on a LAN would otherwise lose the cookie,
//! because browsers drop Secure cookies over HTTP.

use axum::http::{HeaderMap, HeaderValue, header};
use jiff::SignedDuration;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "keel_session";

/// A credential a request presented (not yet checked).
#[derive(Clone, PartialEq, Eq)]
pub enum Credential {
    /// A browser session (the cookie).
    Session(String),
    /// An API token (`Authorization: Bearer`).
    Bearer(String),
}

impl std::fmt::Debug for Credential {
    // Never print a secret by accident.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credential::Session(_) => f.write_str("Session(<redacted>)"),
            Credential::Bearer(_) => f.write_str("Bearer(<redacted>)"),
        }
    }
}

/// The bearer token if the request has an `Authorization` header, else the
/// session cookie. Values that cannot be a Keel token (anything but
/// [`keel_app::auth::TOKEN_BYTES`] bytes as hex) count as absent, so junk
/// never reaches the database.
pub fn credential(headers: &HeaderMap) -> Option<Credential> {
    if let Some(token) = bearer(headers) {
        return Some(Credential::Bearer(token.to_string()));
    }
    session(headers).map(|token| Credential::Session(token.to_string()))
}

/// Whether the request says `Authorization: Bearer` but what follows is
/// not a Keel token (or the header is not text at all). Other schemes
/// (`Basic` from a proxy's own login) are not Keel's to judge.
pub fn malformed_bearer(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return false;
    };
    let bytes = value.as_bytes().trim_ascii_start();
    let says_bearer = bytes
        .get(..6)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case(b"bearer"));
    says_bearer && bearer(headers).is_none()
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && is_token(token)).then_some(token)
}

/// The session cookie's value, if well formed.
pub fn session(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.trim())
        .filter(|value| is_token(value))
}

fn is_token(text: &str) -> bool {
    text.len() == keel_app::auth::TOKEN_BYTES * 2 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Whether this response's cookie should be marked `Secure`.
pub fn secure(always: bool, headers: &HeaderMap) -> bool {
    always
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|proto| proto.trim().eq_ignore_ascii_case("https"))
}

/// `Set-Cookie` starting a session that lasts `ttl`.
pub fn start(token: &str, ttl: SignedDuration, secure: bool) -> Option<HeaderValue> {
    build(token, ttl.as_secs().max(0), secure)
}

/// `Set-Cookie` removing the session cookie.
pub fn clear(secure: bool) -> Option<HeaderValue> {
    build("", 0, secure)
}

fn build(value: &str, max_age: i64, secure: bool) -> Option<HeaderValue> {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={value}; Max-Age={max_age}; Path=/; HttpOnly; SameSite=Strict{secure}"
    ))
    .ok()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    const TOKEN: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(*k, HeaderValue::from_str(v).unwrap());
        }
        map
    }

    #[test]
    fn the_session_cookie_is_found_among_others_and_junk_is_ignored() {
        let cookie = format!("theme=dark; {SESSION_COOKIE}={TOKEN}; x=y");
        assert_eq!(
            credential(&headers(&[("cookie", &cookie)])),
            Some(Credential::Session(TOKEN.into()))
        );
        for junk in ["keel_session=abc", "keel_session=", "other=1"] {
            assert_eq!(credential(&headers(&[("cookie", junk)])), None, "{junk}");
        }
    }

    #[test]
    fn a_bearer_token_wins_over_the_cookie() {
        let cookie = format!("{SESSION_COOKIE}={TOKEN}");
        let bearer = format!("Bearer {}", TOKEN.replace('0', "1"));
        let found = credential(&headers(&[("cookie", &cookie), ("authorization", &bearer)]));
        assert!(matches!(found, Some(Credential::Bearer(t)) if t != TOKEN));
        assert_eq!(
            credential(&headers(&[("authorization", "Basic dXNlcjpwYXNz")])),
            None
        );
    }

    #[test]
    fn a_bearer_header_without_a_keel_token_is_malformed() {
        let good = format!("Bearer {TOKEN}");
        assert!(!malformed_bearer(&headers(&[("authorization", &good)])));
        assert!(!malformed_bearer(&headers(&[(
            "authorization",
            &format!("bearer  {TOKEN} ")
        )])));
        assert!(!malformed_bearer(&HeaderMap::new()));
        assert!(!malformed_bearer(&headers(&[(
            "authorization",
            "Basic YTpi"
        )])));
        for bad in [
            "Bearer",
            "Bearer ",
            "Bearer not-a-token",
            "Bearer '; DROP TABLE users; --",
            &format!("Bearer {TOKEN}0"),
            &format!("Bearer {}", &TOKEN[1..]),
            &format!("Bearer {}", TOKEN.replace('a', "g")),
            &format!("BearerX {TOKEN}"),
        ] {
            assert!(
                malformed_bearer(&headers(&[("authorization", bad)])),
                "{bad}"
            );
        }
        let mut binary = HeaderMap::new();
        binary.insert(
            header::AUTHORIZATION,
            HeaderValue::from_bytes(b"Bearer \xff\xfe").unwrap(),
        );
        assert!(malformed_bearer(&binary));
    }

    #[test]
    fn cookies_are_http_only_strict_and_secure_when_asked() {
        let set = start(TOKEN, SignedDuration::from_hours(1), false).unwrap();
        let set = set.to_str().unwrap();
        assert!(
            set.contains("HttpOnly") && set.contains("SameSite=Strict"),
            "{set}"
        );
        assert!(
            set.contains("Max-Age=3600") && !set.contains("Secure"),
            "{set}"
        );
        assert!(
            clear(true)
                .unwrap()
                .to_str()
                .unwrap()
                .contains("Max-Age=0; ")
        );
        assert!(secure(false, &headers(&[("x-forwarded-proto", "https")])));
        assert!(!secure(false, &headers(&[("x-forwarded-proto", "http")])));
        assert!(secure(true, &HeaderMap::new()));
    }
}
