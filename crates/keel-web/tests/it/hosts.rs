//! DNS rebinding: the app answers only for its own host names (loopback
//! names and the bound address by default, more with `--allowed-host`);
//! any other `Host` gets 421 and changes nothing, and the cross-site check
//! accepts an `Origin` only from that list.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::path::PathBuf;

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use keel_store::{SqliteStore, Store};
use keel_web::{AllowedHosts, AppState};
use tempfile::TempDir;
use tower::ServiceExt;

use common::{TODAY, onboard};

const READINESS: &str =
    r#"{"kind": "readiness", "sleep": 2, "fatigue": 3, "stress": 2, "soreness": 3}"#;

struct App {
    router: axum::Router,
    db: PathBuf,
    _dir: TempDir,
}

impl App {
    /// The local app over an onboarded SQLite file, answering for `extra`
    /// names besides the loopback ones (bound to 127.0.0.1:7878).
    fn new(extra: &[&str]) -> App {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("keel.db");
        let mut store = SqliteStore::open(&db).unwrap();
        onboard(&mut store);
        let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        let hosts = AllowedHosts::new("127.0.0.1:7878".parse().unwrap(), &extra).unwrap();
        let state = AppState::new(store, Some(TODAY)).with_allowed_hosts(hosts);
        App {
            router: keel_web::router(state),
            db,
            _dir: dir,
        }
    }

    async fn send(
        &self,
        method: &str,
        uri: &str,
        host: &str,
        origin: Option<&str>,
        body: &str,
    ) -> (StatusCode, String) {
        let mut request = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::HOST, host);
        if let Some(origin) = origin {
            request = request.header(header::ORIGIN, origin);
        }
        if !body.is_empty() {
            request = request.header(header::CONTENT_TYPE, "application/json");
        }
        let request = request.body(Body::from(body.to_string())).unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = to_bytes(response.into_body(), 1 << 20).await.unwrap();
        (status, String::from_utf8_lossy(&bytes).to_string())
    }

    fn check_ins(&self) -> usize {
        SqliteStore::open(&self.db)
            .unwrap()
            .check_ins()
            .unwrap()
            .len()
    }
}

#[tokio::test]
async fn a_rebound_host_name_is_refused_with_421_and_changes_nothing() {
    let app = App::new(&[]);
    let evil = "evil.example:7878";
    let (status, page) = app.send("GET", "/", evil, None, "").await;
    assert_eq!(status, StatusCode::MISDIRECTED_REQUEST);
    assert!(page.contains("does not answer for the host name"), "{page}");
    assert!(page.contains("--allowed-host"), "{page}");
    for uri in ["/api/v1/today", "/api/v1/sets", "/assets/style.css"] {
        let (status, body) = app.send("GET", uri, evil, None, "").await;
        assert_eq!(status, StatusCode::MISDIRECTED_REQUEST, "{uri}: {body}");
    }
    let (_, json) = app.send("GET", "/api/v1/today", evil, None, "").await;
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["error"]["code"], "unknown_host", "{json}");
    assert_eq!(json["error"]["status"], 421);
    // The rebinding page's write: Origin and Host agree, both foreign.
    let (status, _) = app
        .send(
            "POST",
            "/api/v1/checkins",
            evil,
            Some("http://evil.example:7878"),
            READINESS,
        )
        .await;
    assert_eq!(status, StatusCode::MISDIRECTED_REQUEST);
    // A name that merely starts like a loopback one is foreign too.
    for host in ["127.0.0.1.evil.example", "localhost.evil.example:7878"] {
        let (status, _) = app.send("GET", "/api/v1/today", host, None, "").await;
        assert_eq!(status, StatusCode::MISDIRECTED_REQUEST, "{host}");
    }
    assert_eq!(app.check_ins(), 0);
}

#[tokio::test]
async fn loopback_names_the_bound_address_and_allowed_hosts_are_answered() {
    let app = App::new(&["keel.example"]);
    for host in [
        "127.0.0.1:7878",
        "localhost:7878",
        "[::1]:7878",
        "keel.example",
        "KEEL.EXAMPLE:443",
    ] {
        let (status, body) = app.send("GET", "/api/v1/today", host, None, "").await;
        assert_eq!(status, StatusCode::OK, "{host}: {body}");
    }
    let (status, _) = app
        .send("GET", "/api/v1/today", "other.example", None, "")
        .await;
    assert_eq!(status, StatusCode::MISDIRECTED_REQUEST);
    // Without --allowed-host that name is refused.
    let plain = App::new(&[]);
    let (status, _) = plain
        .send("GET", "/api/v1/today", "keel.example", None, "")
        .await;
    assert_eq!(status, StatusCode::MISDIRECTED_REQUEST);
}

#[tokio::test]
async fn a_write_from_a_foreign_origin_is_refused_and_an_allowed_one_passes() {
    let app = App::new(&["keel.example"]);
    let host = "127.0.0.1:7878";
    for origin in [
        "http://evil.example",
        "http://127.0.0.1:7879",
        "http://keel.example.evil.example",
        "null",
    ] {
        let (status, body) = app
            .send("POST", "/api/v1/checkins", host, Some(origin), READINESS)
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{origin}: {body}");
        assert!(body.contains("cross_site"), "{origin}: {body}");
    }
    assert_eq!(app.check_ins(), 0);
    // The server's own page, and its public name behind a proxy, may write.
    let (status, body) = app
        .send(
            "POST",
            "/api/v1/checkins",
            host,
            Some("http://127.0.0.1:7878"),
            READINESS,
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = app
        .send(
            "POST",
            "/api/v1/checkins",
            host,
            Some("https://keel.example"),
            READINESS,
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(app.check_ins(), 2);
}
