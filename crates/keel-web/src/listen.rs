//! `keel serve`'s listening loop: HTTP/1.1 over TCP with limits, so that
//! one client cannot take the server from everyone else.
//!
//! - **Header-read timeout**: a connection must send a whole request head
//!   within [`Limits::header_timeout`] of being ready for one (just opened,
//!   or done with its previous request), or it is closed; this also ends
//!   idle keep-alive connections.
//! - **Idle timeout**: a connection that moves no byte in either direction
//!   for [`Limits::idle_timeout`] while the server waits on it (a body sent
//!   a byte at a time, a reply nobody reads) is closed.
//! - **Connection caps**: at most [`Limits::max_connections`] at once, and
//!   at most [`Limits::max_per_address`] from one client address (trusted
//!   proxies, which carry many clients, count only toward the first). A
//!   connection over either cap is answered 503 at once and closed, so
//!   the others keep being served.
//! - The process's open-file limit is raised to its hard limit where the
//!   system allows ([`raise_descriptor_limit`]), and the overall cap is
//!   kept below it ([`Limits::within_descriptors`]).
//! - **HTTPS** ([`serve_tls`]): the same limits, with the TLS handshake
//!   held to the header-read timeout.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::{Instant, Sleep};
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt as _;

/// Descriptors kept free beside the client connections: the database
/// connections (up to 64 idle), the SQLite file and its journal, the
/// listening socket, the standard streams.
pub const RESERVED_DESCRIPTORS: u64 = 128;

/// The server's connection limits (`keel serve --header-timeout` and the rest).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Time to send a whole request head, from when the connection is ready for one.
    pub header_timeout: Duration,
    /// Time a connection may move no byte while the server waits on it.
    pub idle_timeout: Duration,
    /// Connections open at once, from everyone.
    pub max_connections: usize,
    /// Connections open at once from one client address.
    pub max_per_address: usize,
    /// Addresses the per-address cap does not apply to (trusted proxies).
    pub unlimited: Vec<IpAddr>,
}

/// The default header-read timeout, in seconds.
pub const DEFAULT_HEADER_TIMEOUT_SECS: u64 = 20;
/// The default idle timeout, in seconds.
pub const DEFAULT_IDLE_TIMEOUT_SECS: u64 = 60;
/// The default overall cap.
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;
/// The default cap per client address (a browser opens about 6).
pub const DEFAULT_MAX_PER_ADDRESS: usize = 64;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(DEFAULT_HEADER_TIMEOUT_SECS),
            idle_timeout: Duration::from_secs(DEFAULT_IDLE_TIMEOUT_SECS),
            max_connections: DEFAULT_MAX_CONNECTIONS,
            max_per_address: DEFAULT_MAX_PER_ADDRESS,
            unlimited: Vec::new(),
        }
    }
}

impl Limits {
    /// These limits with the overall cap lowered, if need be, to fit in
    /// `descriptors` open files (the soft limit in force) with
    /// [`RESERVED_DESCRIPTORS`] to spare; at least one connection.
    pub fn within_descriptors(mut self, descriptors: u64) -> Limits {
        let room = descriptors.saturating_sub(RESERVED_DESCRIPTORS).max(1);
        let room = usize::try_from(room).unwrap_or(usize::MAX);
        self.max_connections = self.max_connections.min(room);
        self.max_per_address = self.max_per_address.min(self.max_connections);
        self
    }
}

/// Raises this process's open-file soft limit to its hard limit where the
/// system allows, and returns the soft limit now in force (`None` when it
/// cannot be read, or is unlimited).
#[cfg(unix)]
pub fn raise_descriptor_limit() -> Option<u64> {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    let limit = getrlimit(Resource::Nofile);
    if limit.current != limit.maximum {
        let raised = Rlimit {
            current: limit.maximum,
            maximum: limit.maximum,
        };
        // Refused (macOS caps an unlimited hard limit lower): keep the soft one.
        let _ = setrlimit(Resource::Nofile, raised);
    }
    getrlimit(Resource::Nofile).current
}

/// Not on this system: nothing to raise.
#[cfg(not(unix))]
pub fn raise_descriptor_limit() -> Option<u64> {
    None
}

/// Serves `app` on `listener` within `limits` until `shutdown` completes,
/// then lets the requests in flight finish. Each request carries its peer
/// address as `ConnectInfo<SocketAddr>`.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send,
) {
    serve_with(listener, app, limits, None, shutdown).await;
}

/// [`serve`] over HTTPS: each connection first completes a TLS handshake
/// with `tls` (within the header-read timeout, so a stalled handshake
/// holds its place no longer than a stalled request head), under the
/// same caps and idle timeout. Each request also carries
/// `X-Forwarded-Proto: https` (any value the client sent is replaced), so
/// the login cookie is marked Secure and links are written with https.
pub async fn serve_tls(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    tls: TlsAcceptor,
    shutdown: impl Future<Output = ()> + Send,
) {
    serve_with(listener, app, limits, Some(tls), shutdown).await;
}

async fn serve_with(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    tls: Option<TlsAcceptor>,
    shutdown: impl Future<Output = ()> + Send,
) {
    let counts = Arc::new(Counts::new(limits.clone()));
    let graceful = GracefulShutdown::new();
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    accept_failed(&err).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let slot = match counts.admit(peer.ip()) {
            Ok(slot) => slot,
            Err(refusal) => {
                refuse(&stream, refusal);
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let router = app.clone();
        let https = tls.is_some();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            if https {
                request.headers_mut().insert(
                    hyper::header::HeaderName::from_static("x-forwarded-proto"),
                    hyper::header::HeaderValue::from_static("https"),
                );
            }
            router.clone().oneshot(request)
        });
        let io = Idle::new(stream, limits.idle_timeout);
        match &tls {
            None => {
                let connection = graceful.watch(http.serve_connection(TokioIo::new(io), service));
                tokio::spawn(async move {
                    // A connection's errors (a timeout, a reset) end only that connection.
                    let _ = connection.await;
                    drop(slot);
                });
            }
            Some(tls) => {
                let handshake = tokio::time::timeout(limits.header_timeout, tls.accept(io));
                let watcher = graceful.watcher();
                let http = http.clone();
                tokio::spawn(async move {
                    // A failed or stalled handshake (a plain-HTTP client, a
                    // scanner) ends only that connection.
                    if let Ok(Ok(stream)) = handshake.await {
                        let connection = http.serve_connection(TokioIo::new(stream), service);
                        let _ = watcher.watch(connection).await;
                    }
                    drop(slot);
                });
            }
        }
    }
    drop(listener);
    graceful.shutdown().await;
}

/// An accept that failed: a client that gave up is nothing; out of
/// descriptors (or memory), wait a moment for connections to close
/// rather than spin.
async fn accept_failed(err: &io::Error) {
    use io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset, Interrupted};
    if !matches!(
        err.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset | Interrupted
    ) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Why a connection was not admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    /// The overall cap is reached.
    Full(usize),
    /// This address has its share open already.
    PerAddress(usize),
}

/// Answers a connection over a cap with a 503 (if the socket takes it at
/// once) and closes it.
fn refuse(stream: &TcpStream, refusal: Refusal) {
    let message = match refusal {
        Refusal::Full(cap) => format!(
            "The server has {cap} connections open, its limit; try again in a few seconds.\n"
        ),
        Refusal::PerAddress(cap) => format!(
            "Your address has {cap} connections open to this server, its limit per address; \
             close some and try again.\n"
        ),
    };
    let reply = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\n\
         retry-after: 5\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{message}",
        message.len()
    );
    // Never wait on a client that is over its cap: what does not fit now is dropped.
    let _ = stream.try_write(reply.as_bytes());
}

/// Connections open, overall and per client address.
struct Counts {
    limits: Limits,
    open: Mutex<Open>,
}

#[derive(Default)]
struct Open {
    total: usize,
    by_address: HashMap<IpAddr, usize>,
}

impl Counts {
    fn new(limits: Limits) -> Counts {
        Counts {
            limits,
            open: Mutex::new(Open::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Open> {
        // Plain counters: still consistent if a holder panicked.
        self.open
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A place for a connection from `ip`, held until the [`Slot`] drops.
    fn admit(self: &Arc<Self>, ip: IpAddr) -> Result<Slot, Refusal> {
        let ip = ip.to_canonical();
        let mut open = self.lock();
        if open.total >= self.limits.max_connections {
            return Err(Refusal::Full(self.limits.max_connections));
        }
        let mine = open.by_address.entry(ip).or_insert(0);
        if *mine >= self.limits.max_per_address && !self.limits.unlimited.contains(&ip) {
            return Err(Refusal::PerAddress(self.limits.max_per_address));
        }
        *mine += 1;
        open.total += 1;
        Ok(Slot {
            counts: Arc::clone(self),
            ip,
        })
    }
}

/// One admitted connection; dropping it frees its place.
struct Slot {
    counts: Arc<Counts>,
    ip: IpAddr,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.counts.lock();
        open.total = open.total.saturating_sub(1);
        if let Some(mine) = open.by_address.get_mut(&self.ip) {
            *mine = mine.saturating_sub(1);
            if *mine == 0 {
                open.by_address.remove(&self.ip);
            }
        }
    }
}

/// A TCP stream that fails with `TimedOut` once it has moved no byte for
/// `timeout` while being waited on.
struct Idle {
    io: TcpStream,
    timeout: Duration,
    /// When a byte last moved.
    last: Instant,
    /// Armed at `last + timeout`; re-armed when it fires early.
    deadline: Pin<Box<Sleep>>,
}

impl Idle {
    fn new(io: TcpStream, timeout: Duration) -> Idle {
        let now = Instant::now();
        Idle {
            io,
            timeout,
            last: now,
            deadline: Box::pin(tokio::time::sleep_until(now + timeout)),
        }
    }

    fn moved(&mut self) {
        self.last = Instant::now();
    }

    /// The I/O is pending: pending too, unless the connection has been
    /// idle for the whole timeout.
    fn pending<T>(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<T>> {
        loop {
            if self.deadline.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            let due = self.last + self.timeout;
            if Instant::now() >= due {
                return Poll::Ready(Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "the connection was idle too long",
                )));
            }
            self.deadline.as_mut().reset(due);
        }
    }
}

impl AsyncRead for Idle {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.io).poll_read(cx, buf) {
            Poll::Pending => this.pending(cx),
            ready => {
                if buf.filled().len() > before {
                    this.moved();
                }
                ready
            }
        }
    }
}

impl AsyncWrite for Idle {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.io).poll_write(cx, data) {
            Poll::Pending => this.pending(cx),
            ready => {
                if matches!(ready, Poll::Ready(Ok(n)) if n > 0) {
                    this.moved();
                }
                ready
            }
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.io).poll_write_vectored(cx, data) {
            Poll::Pending => this.pending(cx),
            ready => {
                if matches!(ready, Poll::Ready(Ok(n)) if n > 0) {
                    this.moved();
                }
                ready
            }
        }
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        match Pin::new(&mut this.io).poll_flush(cx) {
            Poll::Pending => this.pending(cx),
            ready => ready,
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caps_count_per_address_and_overall_and_free_on_drop() {
        let limits = Limits {
            max_connections: 3,
            max_per_address: 2,
            unlimited: vec![IpAddr::from([10, 0, 0, 9])],
            ..Limits::default()
        };
        let counts = Arc::new(Counts::new(limits));
        let a = IpAddr::from([127, 0, 0, 2]);
        let b = IpAddr::from([127, 0, 0, 3]);
        let first = counts.admit(a).ok();
        let second = counts.admit(a).ok();
        assert!(first.is_some() && second.is_some());
        assert_eq!(counts.admit(a).err(), Some(Refusal::PerAddress(2)));
        // The same address written as IPv4-mapped IPv6 is the same client.
        let mapped = IpAddr::V6(std::net::Ipv4Addr::new(127, 0, 0, 2).to_ipv6_mapped());
        assert_eq!(counts.admit(mapped).err(), Some(Refusal::PerAddress(2)));
        let third = counts.admit(b).ok();
        assert!(third.is_some());
        assert_eq!(counts.admit(b).err(), Some(Refusal::Full(3)));
        drop(first);
        assert!(counts.admit(a).is_ok());
        // A trusted proxy is not held to the per-address cap.
        drop((second, third));
        let proxy = IpAddr::from([10, 0, 0, 9]);
        let held: Vec<_> = (0..3).map(|_| counts.admit(proxy).ok()).collect();
        assert!(held.iter().all(Option::is_some));
        assert_eq!(counts.admit(proxy).err(), Some(Refusal::Full(3)));
    }

    #[cfg(unix)]
    #[test]
    fn the_descriptor_limit_is_raised_to_the_hard_limit_where_allowed() {
        use rustix::process::{Resource, getrlimit};
        let before = getrlimit(Resource::Nofile);
        let now = raise_descriptor_limit();
        let after = getrlimit(Resource::Nofile);
        assert_eq!(now, after.current);
        // Never lowered; raised to the hard limit unless the system refused.
        let at_least = |limit: Option<u64>, floor: Option<u64>| match (limit, floor) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(limit), Some(floor)) => limit >= floor,
        };
        assert!(
            at_least(after.current, before.current),
            "{before:?} {after:?}"
        );
        assert_eq!(after.maximum, before.maximum);
    }

    #[test]
    fn the_overall_cap_fits_in_the_descriptor_limit() {
        let limits = Limits::default().within_descriptors(1024);
        assert_eq!(limits.max_connections, 1024 - RESERVED_DESCRIPTORS as usize);
        assert_eq!(limits.max_per_address, DEFAULT_MAX_PER_ADDRESS);
        let roomy = Limits::default().within_descriptors(1 << 20);
        assert_eq!(roomy.max_connections, DEFAULT_MAX_CONNECTIONS);
        let tiny = Limits::default().within_descriptors(10);
        assert_eq!((tiny.max_connections, tiny.max_per_address), (1, 1));
    }
}
