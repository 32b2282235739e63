//! `GET/POST /login` and `POST /logout`.
//!
//! A login is checked against the throttle first (by the name tried and by
//! the client's address, each counted separately), then the password is
//! verified with Argon2id on a blocking thread. Every refusal says the same
//! thing whether or not the account exists, and an unknown name still costs
//! one verification, so neither the words nor the timing tell them apart.
//!
//! The client is the TCP peer, unless the peer is one of the server's
//! trusted proxies: only then is `X-Forwarded-For` read (see
//! [`client_address`]), so a client connecting directly cannot pick the
//! address it is counted by.

use std::net::{IpAddr, SocketAddr};
use std::sync::OnceLock;

use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use jiff::Timestamp;
use keel_app::auth::{self, Locked, LoginThrottle, ThrottleKey};
use maud::{Markup, html};

use super::{cookie, local_path, throttle};
use crate::error::WebError;
use crate::forms::Fields;
use crate::layout;
use crate::server::{Resolved, Server};
use crate::state::AppState;

/// The one message for a wrong name, a wrong password, a disabled account
/// or one without a password.
const REFUSED: &str = "That name and password do not match an account.";

fn server(state: &AppState) -> Result<&Server, WebError> {
    state
        .server_backend()
        .map(|server| &**server)
        .ok_or_else(|| WebError::NotFound("this server has no accounts".into()))
}

/// The login form; someone already signed in goes straight on.
pub async fn show(
    State(state): State<AppState>,
    resolved: Option<Extension<Resolved>>,
    Query(query): Query<Fields>,
) -> Result<Response, WebError> {
    server(&state)?;
    let next = local_path(query.get("next")).to_string();
    if resolved.is_some() {
        return Ok(Redirect::to(&next).into_response());
    }
    Ok(form_page(StatusCode::OK, &next, "", None))
}

pub async fn submit(
    State(state): State<AppState>,
    client: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Result<Response, WebError> {
    let server = server(&state)?;
    let next = local_path(fields.get("next")).to_string();
    let name = fields.get("name").unwrap_or_default().to_string();
    // The password exactly as typed: spaces are part of it.
    let password = fields
        .0
        .iter()
        .find(|(key, _)| key == "password")
        .map(|(_, value)| value.clone())
        .unwrap_or_default();
    if name.is_empty() || password.is_empty() {
        let which = if name.is_empty() { "Name" } else { "Password" };
        return Ok(form_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            &next,
            &name,
            Some(&format!("{which} is empty; enter a value.")),
        ));
    }
    let keys = [
        // The name as the store looks it up (trimmed), so " ana" and "ana "
        // count against the same account rather than each having its own.
        ThrottleKey::Account(name.trim().to_string()),
        // Without the peer address (only in tests that call the router
        // directly) every client shares one count.
        ThrottleKey::Client(client.map_or_else(
            || "unknown".into(),
            |c| {
                client_address(c.0.0.ip(), &headers, &server.settings().trusted_proxies).to_string()
            },
        )),
    ];
    // Held until the outcome is counted: see `serial`.
    let _turn = server.serial().turn(&keys).await;
    let now = server.settings().clock.now();
    if let Err(locked) = throttle::check(server, &keys, now).await? {
        return Ok(too_many(locked, now));
    }

    let backend = server.backend().clone();
    let ttl = server.settings().session_ttl;
    let login_name = name.clone();
    let token = crate::blocking::run(move || -> Result<Option<String>, WebError> {
        let credentials = backend.user_by_name(&login_name)?;
        let hash = credentials
            .as_ref()
            .filter(|c| !c.disabled)
            .and_then(|c| c.password_hash.clone());
        let matches = auth::verify_password(&password, hash.as_deref().unwrap_or(dummy_hash()));
        let Some(user) = credentials.filter(|_| matches && hash.is_some()) else {
            return Ok(None);
        };
        let token = auth::new_token().map_err(|e| WebError::Internal(e.to_string()))?;
        backend.create_session(user.id, &token.hash, now, ttl)?;
        // Logins are rare and cheap to tidy after: expired rows go here.
        backend.delete_expired_sessions(now)?;
        Ok(Some(token.plaintext))
    })
    .await
    .map_err(|e| WebError::Internal(format!("background task failed: {e}")))??;

    let Some(token) = token else {
        let counted = throttle::record(server, &keys, now, LoginThrottle::record_failure).await?;
        if let Err(locked) = counted {
            return Ok(too_many(locked, now));
        }
        return Ok(form_page(
            StatusCode::UNAUTHORIZED,
            &next,
            &name,
            Some(REFUSED),
        ));
    };
    // The right password, checked while no key was locked: the login
    // stands even if another process's failures locked a key meanwhile.
    let _ = throttle::record(server, &keys, now, |throttle, keys, _| {
        throttle.record_success(keys)
    })
    .await?;
    let secure = cookie::secure(server.settings().secure_cookies, &headers);
    let set = cookie::start(&token, ttl, secure)
        .ok_or_else(|| WebError::Internal("the session cookie could not be built".into()))?;
    Ok(([(header::SET_COOKIE, set)], Redirect::to(&next)).into_response())
}

/// The address a login is counted by. The TCP `peer`, unless it is one of
/// the `trusted` proxies: then the rightmost `X-Forwarded-For` address that
/// is not itself a trusted proxy (each proxy appends the address it saw, so
/// what lies left of the last untrusted hop is the client's own claim and is
/// never read). A trusted peer with no usable header counts as itself.
pub(super) fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    let peer = peer.to_canonical();
    let is_trusted = |ip: IpAddr| trusted.iter().any(|t| t.to_canonical() == ip);
    if !is_trusted(peer) {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .map(|value| value.to_str().ok())
        .collect::<Option<Vec<_>>>()
        .unwrap_or_default()
        .into_iter()
        .flat_map(|value| value.split(','))
        .collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        // A hop a trusted proxy wrote is an address; anything else means the
        // chain cannot be read, and the last trusted hop is the best known.
        let Some(ip) = forwarded_ip(hop) else {
            return client;
        };
        client = ip;
        if !is_trusted(ip) {
            return ip;
        }
    }
    client
}

/// One `X-Forwarded-For` entry as an address: `203.0.113.9`, `2001:db8::1`,
/// and the forms with a port some proxies write (`203.0.113.9:4711`,
/// `[2001:db8::1]:4711`).
fn forwarded_ip(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    hop.parse::<IpAddr>()
        .or_else(|_| hop.parse::<SocketAddr>().map(|addr| addr.ip()))
        .ok()
        .map(|ip| ip.to_canonical())
}

/// Ends the session (its row is deleted, so the old cookie is worthless
/// even if kept) and clears the cookie.
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let server = server(&state)?;
    if let Some(token) = cookie::session(&headers) {
        let hash = auth::token_hash(token);
        let backend = server.backend().clone();
        crate::blocking::run(move || backend.delete_session(&hash))
            .await
            .map_err(|e| WebError::Internal(format!("background task failed: {e}")))??;
    }
    let secure = cookie::secure(server.settings().secure_cookies, &headers);
    let clear = cookie::clear(secure)
        .ok_or_else(|| WebError::Internal("the session cookie could not be built".into()))?;
    Ok(([(header::SET_COOKIE, clear)], Redirect::to("/login")).into_response())
}

/// A valid Argon2id hash of nothing anyone knows, verified against when the
/// name is unknown so that costs as much as a wrong password.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY
        .get_or_init(|| auth::hash_password("keel: no such account, same work").unwrap_or_default())
}

fn too_many(locked: Locked, now: Timestamp) -> Response {
    let seconds = locked.until.duration_since(now).as_secs().max(1);
    let minutes = (seconds + 59) / 60;
    let unit = if minutes == 1 { "minute" } else { "minutes" };
    let body = layout::page(
        "Too many attempts",
        html! {
            section.notice.error role="alert" {
                h1 { "Too many attempts" }
                p { "Too many failed logins. Try again in " (minutes) " " (unit) "." }
                p { a href="/login" { "Back to log in" } }
            }
        },
    );
    (
        StatusCode::TOO_MANY_REQUESTS,
        [(header::RETRY_AFTER, seconds.to_string())],
        body,
    )
        .into_response()
}

fn form_page(status: StatusCode, next: &str, name: &str, error: Option<&str>) -> Response {
    (status, layout::page("Log in", form(next, name, error))).into_response()
}

fn form(next: &str, name: &str, error: Option<&str>) -> Markup {
    html! {
        h1 { "Log in" }
        @if let Some(error) = error {
            section.notice.error role="alert" { p { (error) } }
        }
        form method="post" action="/login" {
            input type="hidden" name="next" value=(next);
            label for="name" { "Name" }
            input #name type="text" name="name" value=(name) autocomplete="username"
                autocapitalize="none" required autofocus;
            label for="password" { "Password" }
            input #password type="password" name="password" autocomplete="current-password"
                required;
            button type="submit" { "Log in" }
        }
        p.hint { "Forgot your password? Ask the server's admin to reset it." }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use axum::http::HeaderValue;

    use super::*;

    const PROXY: &str = "10.0.0.2";
    const INNER_PROXY: &str = "10.0.0.3";

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    #[test]
    fn without_a_trusted_proxy_the_header_is_ignored() {
        let spoofed = forwarded(&["198.51.100.7"]);
        assert_eq!(
            client_address(ip("203.0.113.9"), &spoofed, &[]),
            ip("203.0.113.9")
        );
        // Trusting some proxy does not make other peers' headers count.
        assert_eq!(
            client_address(ip("203.0.113.9"), &spoofed, &[ip(PROXY)]),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_rightmost_untrusted_hop_is_the_client() {
        let trusted = [ip(PROXY), ip(INNER_PROXY)];
        let one = forwarded(&["198.51.100.7"]);
        assert_eq!(
            client_address(ip(PROXY), &one, &trusted),
            ip("198.51.100.7")
        );
        // What the client wrote itself (left) is never read: the proxy
        // appended the address it really saw.
        let spoofing = forwarded(&["1.2.3.4, 198.51.100.7"]);
        assert_eq!(
            client_address(ip(PROXY), &spoofing, &trusted),
            ip("198.51.100.7")
        );
        // Two proxies in a chain, over two header lines.
        let chain = forwarded(&["1.2.3.4, 198.51.100.7", "10.0.0.3"]);
        assert_eq!(
            client_address(ip(PROXY), &chain, &trusted),
            ip("198.51.100.7")
        );
        // Ports and IPv6 as some proxies write them.
        let ported = forwarded(&["[2001:db8::1]:4711", "198.51.100.8:80"]);
        assert_eq!(
            client_address(ip(PROXY), &ported, &trusted),
            ip("198.51.100.8")
        );
        let v6 = forwarded(&["2001:db8::1"]);
        assert_eq!(client_address(ip(PROXY), &v6, &trusted), ip("2001:db8::1"));
    }

    #[test]
    fn a_trusted_proxy_without_a_usable_header_counts_as_itself() {
        let trusted = [ip(PROXY), ip(INNER_PROXY)];
        for headers in [
            HeaderMap::new(),
            forwarded(&[""]),
            forwarded(&["not an address"]),
            forwarded(&["'; DROP TABLE users; --"]),
        ] {
            assert_eq!(
                client_address(ip(PROXY), &headers, &trusted),
                ip(PROXY),
                "{headers:?}"
            );
        }
        // Junk left of the last trusted hop: the last trusted hop.
        let junk = forwarded(&["junk, 10.0.0.3"]);
        assert_eq!(client_address(ip(PROXY), &junk, &trusted), ip(INNER_PROXY));
        // Every hop trusted: the leftmost one.
        let all = forwarded(&["10.0.0.3, 10.0.0.2"]);
        assert_eq!(client_address(ip(PROXY), &all, &trusted), ip(INNER_PROXY));
    }

    #[test]
    fn an_ipv4_peer_seen_over_ipv6_is_still_the_trusted_proxy() {
        let mapped = ip("::ffff:10.0.0.2");
        let one = forwarded(&["198.51.100.7"]);
        assert_eq!(
            client_address(mapped, &one, &[ip(PROXY)]),
            ip("198.51.100.7")
        );
        assert_eq!(
            client_address(ip("::ffff:203.0.113.9"), &one, &[ip(PROXY)]),
            ip("203.0.113.9")
        );
    }
}
