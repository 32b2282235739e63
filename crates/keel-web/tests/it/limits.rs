//! `keel serve`'s connection limits over real loopback TCP
//! (`keel_web::listen`): one client holding many idle connections is capped
//! at its share while a client from another address (127.0.0.3) is still
//! answered, and idle or stalled connections are closed after their
//! (short, test-set) timeouts. Counts are small and bounded; nothing
//! asserts how long anything took: a guard fails a test that would hang.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use keel_store::SqliteStore;
use keel_web::AppState;
use keel_web::listen::{self, Limits};
use tempfile::TempDir;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

use common::TODAY;
use common::wire::{Reply, parse, request_head};

/// The client holding many connections.
const GREEDY: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 2);
/// Anyone else.
const OTHER: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 3);

/// Longer than any of these tests should ever wait: only a hang reaches it.
const HANG: Duration = Duration::from_secs(60);

/// The app over a fresh SQLite file, served within `limits` on 127.0.0.1:0.
async fn start(limits: Limits) -> (SocketAddr, TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("keel.db")).unwrap();
    let app = keel_web::router(AppState::new(store, Some(TODAY)));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(listen::serve(listener, app, limits, std::future::pending()));
    (addr, dir)
}

/// A connection to `addr` from the loopback address `from`.
async fn connect_from(from: Ipv4Addr, addr: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(SocketAddr::from((from, 0))).unwrap();
    socket.connect(addr).await.unwrap()
}

/// Everything the server sends until it closes the connection (a reset
/// counts as closed); fails the test if it never does.
async fn until_closed(stream: &mut TcpStream) -> Vec<u8> {
    let mut raw = Vec::new();
    let read = tokio::time::timeout(HANG, stream.read_to_end(&mut raw)).await;
    assert!(read.is_ok(), "the server never closed the connection");
    raw
}

/// `GET path` from `from` over a new connection, read to its end.
async fn get_from(from: Ipv4Addr, addr: SocketAddr, path: &str) -> Reply {
    let mut stream = connect_from(from, addr).await;
    let head = request_head("GET", path, addr, &[], 0);
    stream.write_all(head.as_bytes()).await.unwrap();
    parse(&until_closed(&mut stream).await)
}

#[tokio::test]
async fn one_address_holding_its_share_is_refused_while_others_are_answered() {
    let limits = Limits {
        // Long timeouts: the held connections stay open for the whole test.
        header_timeout: Duration::from_secs(600),
        idle_timeout: Duration::from_secs(600),
        max_connections: 64,
        max_per_address: 8,
        unlimited: Vec::new(),
    };
    let (addr, _dir) = start(limits).await;
    let path = "/api/v1/openapi.json";

    // Eight idle connections, the cap for one address; the server accepts
    // them in the order they were made, so every one after them is over it.
    let mut held = Vec::new();
    for _ in 0..8 {
        held.push(connect_from(GREEDY, addr).await);
    }
    for _ in 0..12 {
        let mut over = connect_from(GREEDY, addr).await;
        let raw = until_closed(&mut over).await;
        let reply = parse(&raw);
        assert_eq!(reply.status, 503, "{reply:?}");
        assert_eq!(reply.header("retry-after"), Some("5"));
        assert!(reply.body.contains("limit per address"), "{}", reply.body);
    }
    // Another address is served as if nothing were happening.
    for _ in 0..3 {
        let reply = get_from(OTHER, addr, path).await;
        assert_eq!(reply.status, 200, "{reply:?}");
        assert!(reply.body.contains("\"openapi\""));
    }
    // The held ones are real, working connections.
    let head = request_head("GET", path, addr, &[], 0);
    held[0].write_all(head.as_bytes()).await.unwrap();
    assert_eq!(parse(&until_closed(&mut held[0]).await).status, 200);

    // Once they close, that address gets its places back (each close is
    // noticed by the server as it happens: retried until then).
    drop(held);
    let mut served = false;
    for _ in 0..500 {
        if get_from(GREEDY, addr, path).await.status == 200 {
            served = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(served, "the closed connections' places were never freed");
}

#[tokio::test]
async fn past_the_overall_cap_every_address_is_refused_until_one_closes() {
    let limits = Limits {
        header_timeout: Duration::from_secs(600),
        idle_timeout: Duration::from_secs(600),
        max_connections: 4,
        max_per_address: 8,
        unlimited: Vec::new(),
    };
    let (addr, _dir) = start(limits).await;
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(connect_from(GREEDY, addr).await);
    }
    let reply = get_from(OTHER, addr, "/api/v1/openapi.json").await;
    assert_eq!(reply.status, 503, "{reply:?}");
    assert!(reply.body.contains("its limit"), "{}", reply.body);
}

#[tokio::test]
async fn an_idle_connection_is_closed_after_the_header_timeout() {
    let limits = Limits {
        header_timeout: Duration::from_secs(1),
        idle_timeout: Duration::from_secs(600),
        ..Limits::default()
    };
    let (addr, _dir) = start(limits).await;
    // Opened and never used.
    let mut silent = connect_from(GREEDY, addr).await;
    let raw = until_closed(&mut silent).await;
    assert!(!String::from_utf8_lossy(&raw).contains(" 200 "));
    // Half a request head, never finished.
    let mut slow = connect_from(GREEDY, addr).await;
    slow.write_all(b"GET /api/v1/openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .await
        .unwrap();
    let raw = until_closed(&mut slow).await;
    assert!(!String::from_utf8_lossy(&raw).contains(" 200 "));
    // Kept alive after a request, then idle: closed too.
    let mut kept = connect_from(GREEDY, addr).await;
    let head = format!("GET /api/v1/openapi.json HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    kept.write_all(head.as_bytes()).await.unwrap();
    let raw = until_closed(&mut kept).await;
    assert!(String::from_utf8_lossy(&raw).starts_with("HTTP/1.1 200"));
}

#[tokio::test]
async fn a_stalled_request_body_is_closed_after_the_idle_timeout() {
    let limits = Limits {
        // The head arrives whole: only the idle timeout can end this one.
        header_timeout: Duration::from_secs(600),
        idle_timeout: Duration::from_secs(1),
        ..Limits::default()
    };
    let (addr, _dir) = start(limits).await;
    let mut stalled = connect_from(GREEDY, addr).await;
    let head = request_head(
        "POST",
        "/api/v1/checkins",
        addr,
        &[("Content-Type", "application/json")],
        100,
    );
    stalled.write_all(head.as_bytes()).await.unwrap();
    stalled.write_all(br#"{"kind": "rea"#).await.unwrap();
    // The rest of the promised 100 bytes never comes.
    let raw = until_closed(&mut stalled).await;
    assert!(!String::from_utf8_lossy(&raw).contains(" 201 "));
}
