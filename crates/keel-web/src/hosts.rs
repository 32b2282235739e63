//! The host names the server answers for, against DNS rebinding.
//!
//! A web page the user opens elsewhere can point its own name at 127.0.0.1
//! and then read and post to the local app as if it were that site; the
//! browser still sends the page's name in `Host`. So every request whose
//! `Host` is not one of this server's names is answered 421 before any
//! handler runs ([`refusal`]), and the cross-site check ([`crate::csrf`])
//! accepts an `Origin` only on this list.
//!
//! Allowed by default: the loopback names (`localhost`, 127.0.0.0/8, `::1`)
//! and the bound address; when bound to every interface (`0.0.0.0`, `::`),
//! any IP address literal, since a rebinding page always arrives under a
//! name, never under an address. More names (the server's DNS name, a
//! proxy's) with `keel serve --allowed-host NAME`. Ports are not compared
//! here: the listening socket already fixes the port, and a proxy may
//! forward its own.

use std::net::{IpAddr, SocketAddr};

use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::api::ApiError;
use crate::layout;

/// Which `Host` names this server answers for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedHosts {
    /// The bound address, when it is one address (not 0.0.0.0 or ::).
    bound: Option<IpAddr>,
    /// Bound to every interface: any IP literal is this machine's.
    any_address: bool,
    /// Names given with `--allowed-host`, lowercase, without a trailing dot.
    extra: Vec<String>,
}

impl Default for AllowedHosts {
    /// The loopback names only.
    fn default() -> Self {
        AllowedHosts {
            bound: None,
            any_address: false,
            extra: Vec::new(),
        }
    }
}

impl AllowedHosts {
    /// The loopback names, `bind`'s address, and `extra` (each a host name
    /// or IP address without a port); `Err` names the first malformed one.
    pub fn new(bind: SocketAddr, extra: &[String]) -> Result<AllowedHosts, String> {
        let mut names = Vec::new();
        for given in extra {
            let name = normalise(given)
                .filter(|name| is_host_name(name) || name.parse::<IpAddr>().is_ok())
                .ok_or_else(|| {
                    format!(
                        "--allowed-host: {given:?} is not a host name; give a name such as \
                         keel.example or an address, without scheme, port or path"
                    )
                })?;
            if !names.contains(&name) {
                names.push(name);
            }
        }
        let ip = bind.ip();
        Ok(AllowedHosts {
            bound: (!ip.is_unspecified()).then_some(ip),
            any_address: ip.is_unspecified(),
            extra: names,
        })
    }

    /// Whether a request whose `Host` header is `host` (`name[:port]`) is for
    /// this server.
    pub fn allows(&self, host: &str) -> bool {
        let Some(name) = host_name(host) else {
            return false;
        };
        if name == "localhost" || name.ends_with(".localhost") {
            // RFC 6761: names under localhost always resolve to loopback.
            return true;
        }
        if let Ok(ip) = name.trim_matches(['[', ']']).parse::<IpAddr>() {
            return ip.is_loopback()
                || self.any_address
                || Some(ip) == self.bound
                || self
                    .extra
                    .iter()
                    .any(|e| e.parse::<IpAddr>().ok() == Some(ip));
        }
        self.extra.contains(&name)
    }

    /// Whether `name` (an `Origin`'s host, no port) was named with
    /// `--allowed-host`: a page of the server's public name, which a proxy
    /// may forward under another `Host`.
    pub fn is_extra(&self, authority: &str) -> bool {
        host_name(authority).is_some_and(|name| self.extra.contains(&name))
    }

    /// The names allowed, for messages: "localhost, 127.0.0.1, ...".
    pub fn describe(&self) -> String {
        let mut names = vec!["localhost".to_string(), "127.0.0.1".into(), "[::1]".into()];
        if self.any_address {
            names.push("any address of this machine".into());
        } else if let Some(ip) = self.bound.filter(|ip| !ip.is_loopback()) {
            names.push(ip.to_string());
        }
        names.extend(self.extra.iter().cloned());
        names.join(", ")
    }
}

/// `host` lowercased, without a trailing dot; `None` when empty.
fn normalise(host: &str) -> Option<String> {
    let name = host.trim().trim_end_matches('.').to_ascii_lowercase();
    (!name.is_empty()).then_some(name)
}

/// The name part of `name[:port]` or `[v6]:port`, normalised; `None` when
/// the port is not a number or the text is empty.
fn host_name(authority: &str) -> Option<String> {
    let authority = authority.trim();
    let (name, port) = if let Some(rest) = authority.strip_prefix('[') {
        let end = rest.find(']')?;
        let after = &rest[end + 1..];
        let port = match after {
            "" => None,
            _ => Some(after.strip_prefix(':')?),
        };
        (&authority[..end + 2], port)
    } else {
        match authority.rsplit_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (authority, None),
        }
    };
    if let Some(port) = port
        && (port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    normalise(name)
}

/// Letters, digits, hyphens and dots, as DNS names are (`*` and `_` refused).
fn is_host_name(name: &str) -> bool {
    name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// The 421 answer to a request for a host name this server is not; `None`
/// when the request may go on (run by [`crate::layers::outer`]).
pub(crate) fn refusal(hosts: &AllowedHosts, request: &Request) -> Option<Response> {
    // No Host at all is no browser (browsers always send one): nothing to
    // rebind. A Host that is not text is refused like a foreign one.
    let host = request.headers().get(header::HOST)?.to_str().unwrap_or("");
    if hosts.allows(host) {
        return None;
    }
    let message = format!(
        "This Keel server does not answer for the host name {host:?}; it answers for \
         {}. If you reach it under another name, start it with --allowed-host NAME.",
        hosts.describe()
    );
    Some(misdirected(
        request.uri().path().starts_with("/api/"),
        message,
    ))
}

fn misdirected(api: bool, message: String) -> Response {
    if api {
        return ApiError::new(StatusCode::MISDIRECTED_REQUEST, "unknown_host", message)
            .into_response();
    }
    let title = "Wrong address";
    let body = layout::page(
        title,
        maud::html! {
            section.notice.error role="alert" {
                h1 { (title) }
                p { (message) }
            }
        },
    );
    (StatusCode::MISDIRECTED_REQUEST, body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(bind: &str, extra: &[&str]) -> AllowedHosts {
        let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        AllowedHosts::new(bind.parse().unwrap_or_else(|_| unreachable!()), &extra)
            .unwrap_or_else(|e| unreachable!("{e}"))
    }

    #[test]
    fn loopback_names_and_the_bound_address_pass_and_other_names_do_not() {
        let local = AllowedHosts::default();
        for ok in [
            "127.0.0.1:7878",
            "localhost:7878",
            "LOCALHOST",
            "localhost.:80",
            "app.localhost:7878",
            "[::1]:7878",
            "127.0.0.2",
        ] {
            assert!(local.allows(ok), "{ok}");
        }
        for refused in [
            "evil.example:7878",
            "evil.example",
            "127.0.0.1.evil.example",
            "localhost.evil.example",
            "192.168.1.5:7878",
            "",
            "127.0.0.1:x",
            "[::1",
            "[::1]x",
        ] {
            assert!(!local.allows(refused), "{refused}");
        }
        let lan = hosts("192.168.1.5:7878", &["Keel.Example."]);
        assert!(lan.allows("192.168.1.5:7878"));
        assert!(lan.allows("keel.example"));
        assert!(lan.allows("KEEL.example:443"));
        assert!(!lan.allows("192.168.1.6:7878"));
        assert!(!lan.allows("other.example"));
        assert!(lan.is_extra("keel.example"));
        assert!(!lan.is_extra("localhost:7878"));
        // On every interface any address is this machine's; names still are not.
        let all = hosts("0.0.0.0:7878", &[]);
        assert!(all.allows("10.0.0.7:7878"));
        assert!(all.allows("[2001:db8::1]:7878"));
        assert!(!all.allows("evil.example:7878"));
    }

    #[test]
    fn malformed_allowed_hosts_are_refused_by_name() {
        let bind: SocketAddr = "127.0.0.1:0".parse().unwrap_or_else(|_| unreachable!());
        for bad in [
            "",
            "http://keel.example",
            "keel.example:80",
            "a b",
            "*.example",
        ] {
            let err = AllowedHosts::new(bind, &[bad.to_string()]).err();
            assert!(
                err.as_deref().is_some_and(|e| e.contains("--allowed-host")),
                "{bad}"
            );
        }
    }
}
