//! `keel serve --tls-cert/--tls-key` (`keel_web::tls`, `listen::serve_tls`):
//! a self-signed certificate made here, the real router served over HTTPS
//! on 127.0.0.1:0, and a rustls client that trusts only that certificate.
//! Then the files that cannot be used: missing, not PEM, without a
//! certificate or key, and a key that is not the certificate's.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use keel_store::SqliteStore;
use keel_web::AppState;
use keel_web::listen::{self, Limits};
use keel_web::tls::{self, TlsError};
use tempfile::TempDir;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName};
use tokio_rustls::rustls::{ClientConfig, RootCertStore};

use common::TODAY;
use common::wire::{Reply, parse, request_head};

/// Longer than any of these tests should ever wait: only a hang reaches it.
const HANG: Duration = Duration::from_secs(60);

/// A self-signed certificate for localhost and 127.0.0.1, written as
/// `cert.pem` and `key.pem` in `dir`; returns the certificate's DER.
fn self_signed(dir: &Path) -> (PathBuf, PathBuf, CertificateDer<'static>) {
    let names = vec!["localhost".to_string(), "127.0.0.1".to_string()];
    let made = rcgen::generate_simple_self_signed(names).unwrap();
    let cert = dir.join("cert.pem");
    let key = dir.join("key.pem");
    std::fs::write(&cert, made.cert.pem()).unwrap();
    std::fs::write(&key, made.signing_key.serialize_pem()).unwrap();
    (cert, key, made.cert.der().clone())
}

/// The app over a fresh SQLite file, served over HTTPS on 127.0.0.1:0.
async fn start_https(dir: &TempDir, cert: &Path, key: &Path) -> SocketAddr {
    let store = SqliteStore::open(&dir.path().join("keel.db")).unwrap();
    let app = keel_web::router(AppState::new(store, Some(TODAY)));
    let acceptor = tls::acceptor(cert, key).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let limits = Limits::default();
    tokio::spawn(listen::serve_tls(
        listener,
        app,
        limits,
        acceptor,
        std::future::pending(),
    ));
    addr
}

/// A client that trusts `trusted` and nothing else.
fn client(trusted: CertificateDer<'static>) -> TlsConnector {
    let mut roots = RootCertStore::empty();
    roots.add(trusted).unwrap();
    let config = ClientConfig::builder_with_provider(tls::crypto_provider())
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    TlsConnector::from(Arc::new(config))
}

/// `GET path` over HTTPS to `addr` (as host `localhost`), read to its end.
async fn get_https(connector: &TlsConnector, addr: SocketAddr, path: &str) -> Reply {
    let tcp = TcpStream::connect(addr).await.unwrap();
    let name = ServerName::try_from("localhost").unwrap();
    let mut stream = connector.connect(name, tcp).await.unwrap();
    let head = request_head("GET", path, addr, &[], 0);
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    let read = tokio::time::timeout(HANG, stream.read_to_end(&mut raw)).await;
    assert!(read.is_ok(), "the server never closed the connection");
    // A peer closing without close_notify is an error here; the reply is whole.
    parse(&raw)
}

#[tokio::test]
async fn pages_are_served_over_https_to_a_client_trusting_the_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key, der) = self_signed(dir.path());
    let addr = start_https(&dir, &cert, &key).await;
    let connector = client(der);

    let api = get_https(&connector, addr, "/api/v1/openapi.json").await;
    assert_eq!(api.status, 200, "{}", api.body);
    assert!(api.body.contains("\"openapi\""), "{}", api.body);
    let page = get_https(&connector, addr, "/").await;
    assert!(
        page.status == 200 || page.status == 303,
        "{} {}",
        page.status,
        page.body
    );

    // A client that does not trust this certificate is refused in the handshake.
    let other = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let stranger = client(other.cert.der().clone());
    let tcp = TcpStream::connect(addr).await.unwrap();
    let name = ServerName::try_from("localhost").unwrap();
    let refused = stranger.connect(name, tcp).await;
    assert!(refused.is_err(), "a certificate the client does not trust");

    // Plain HTTP on the HTTPS port gets no HTTP answer, and the server stays up.
    let mut plain = TcpStream::connect(addr).await.unwrap();
    let head = request_head("GET", "/api/v1/openapi.json", addr, &[], 0);
    plain.write_all(head.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    let read = tokio::time::timeout(HANG, plain.read_to_end(&mut raw)).await;
    assert!(read.is_ok(), "the server never closed the plain connection");
    assert!(
        !raw.starts_with(b"HTTP/"),
        "{:?}",
        String::from_utf8_lossy(&raw)
    );
    let again = get_https(&connector, addr, "/api/v1/openapi.json").await;
    assert_eq!(again.status, 200);
}

#[tokio::test]
async fn a_handshake_never_finished_is_closed_after_the_header_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key, _) = self_signed(dir.path());
    let store = SqliteStore::open(&dir.path().join("keel.db")).unwrap();
    let app = keel_web::router(AppState::new(store, Some(TODAY)));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let limits = Limits {
        header_timeout: Duration::from_secs(1),
        // Long: only the handshake's own limit can close this connection.
        idle_timeout: Duration::from_secs(600),
        ..Limits::default()
    };
    let acceptor = tls::acceptor(&cert, &key).unwrap();
    tokio::spawn(listen::serve_tls(
        listener,
        app,
        limits,
        acceptor,
        std::future::pending(),
    ));
    // Connects and sends nothing: the server must close it by itself.
    let mut silent = TcpStream::connect(addr).await.unwrap();
    let mut raw = Vec::new();
    let read = tokio::time::timeout(HANG, silent.read_to_end(&mut raw)).await;
    assert!(read.is_ok(), "a silent connection was held open");
    assert!(raw.is_empty(), "{raw:?}");
}

/// The message for `cert` and `key`, which must not be usable.
fn refusal(cert: &Path, key: &Path) -> (TlsError, String) {
    let Err(error) = tls::acceptor(cert, key) else {
        panic!("{} with {} must be refused", cert.display(), key.display())
    };
    let message = error.to_string();
    (error, message)
}

#[test]
fn unusable_certificate_and_key_files_are_refused_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key, _) = self_signed(dir.path());
    assert!(
        tls::acceptor(&cert, &key).is_ok(),
        "the generated pair works"
    );

    let missing = dir.path().join("nowhere.pem");
    let (error, message) = refusal(&missing, &key);
    assert!(
        matches!(error, TlsError::CertUnreadable { .. }),
        "{message}"
    );
    assert!(message.starts_with("--tls-cert:"), "{message}");
    assert!(message.contains("nowhere.pem"), "{message}");

    let (error, message) = refusal(&cert, &missing);
    assert!(matches!(error, TlsError::KeyUnreadable { .. }), "{message}");
    assert!(message.starts_with("--tls-key:"), "{message}");
    assert!(message.contains("nowhere.pem"), "{message}");

    // Not PEM at all: no certificate, no key.
    let garbage = dir.path().join("garbage.txt");
    std::fs::write(&garbage, "this is not a certificate\n").unwrap();
    let (error, message) = refusal(&garbage, &key);
    assert!(matches!(error, TlsError::NoCertificate { .. }), "{message}");
    assert!(message.contains("garbage.txt"), "{message}");
    let (error, message) = refusal(&cert, &garbage);
    assert!(matches!(error, TlsError::NoKey { .. }), "{message}");
    assert!(message.contains("garbage.txt"), "{message}");

    // A PEM block whose base64 is broken.
    let broken = dir.path().join("broken.pem");
    std::fs::write(
        &broken,
        "-----BEGIN CERTIFICATE-----\n!!!not base64!!!\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    let (error, message) = refusal(&broken, &key);
    assert!(
        matches!(error, TlsError::CertUnreadable { .. }),
        "{message}"
    );
    assert!(message.contains("broken.pem"), "{message}");

    // The two swapped: the key file has no certificate, the certificate no key.
    let (error, message) = refusal(&key, &cert);
    assert!(matches!(error, TlsError::NoCertificate { .. }), "{message}");
    assert!(message.contains("key.pem"), "{message}");

    // A key that belongs to another certificate.
    let other = tempfile::tempdir().unwrap();
    let (_, other_key, _) = self_signed(other.path());
    let (error, message) = refusal(&cert, &other_key);
    assert!(matches!(error, TlsError::Unusable { .. }), "{message}");
    assert!(
        message.contains("cert.pem") && message.contains("key.pem"),
        "{message}"
    );
    assert!(message.contains("not the certificate's key"), "{message}");
}
