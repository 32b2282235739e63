//! HTTPS for `keel serve --tls-cert FILE --tls-key FILE`: the certificate
//! chain and private key read from PEM files into a rustls acceptor.
//!
//! Phones need a secure context for the service worker (offline use and
//! installing the app) and the screen wake lock, and plain HTTP to a
//! laptop's address is not one; this serves HTTPS without a proxy.
//! Every failure names the file and says what was wrong with it, so a
//! wrong path or a swapped pair is found before the server starts.

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::pki_types::pem::{self, PemObject};
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::{self, ServerConfig};

/// Why the certificate or key could not be used.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("--tls-cert: cannot read {}: {reason}", path.display())]
    CertUnreadable { path: PathBuf, reason: String },
    #[error(
        "--tls-cert: {} holds no certificate; give a PEM file with \
         -----BEGIN CERTIFICATE----- blocks (the server's first, then its chain)",
        path.display()
    )]
    NoCertificate { path: PathBuf },
    #[error("--tls-key: cannot read {}: {reason}", path.display())]
    KeyUnreadable { path: PathBuf, reason: String },
    #[error(
        "--tls-key: {} holds no private key; give a PEM file with a \
         -----BEGIN PRIVATE KEY----- (or RSA / EC PRIVATE KEY) block",
        path.display()
    )]
    NoKey { path: PathBuf },
    #[error("--tls-cert/--tls-key: {} and {} cannot be used together: {reason}", cert.display(), key.display())]
    Unusable {
        cert: PathBuf,
        key: PathBuf,
        reason: String,
    },
}

/// An acceptor serving the certificate chain in `cert` with the private
/// key in `key` (both PEM), with rustls' safe defaults (TLS 1.2 and 1.3)
/// and HTTP/1.1 offered by ALPN.
pub fn acceptor(cert: &Path, key: &Path) -> Result<TlsAcceptor, TlsError> {
    let chain = certificates(cert)?;
    let private = private_key(key)?;
    let unusable = |reason: String| TlsError::Unusable {
        cert: cert.to_path_buf(),
        key: key.to_path_buf(),
        reason,
    };
    let mut config = ServerConfig::builder_with_provider(crypto_provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| unusable(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(chain, private)
        .map_err(|e| unusable(key_mismatch_reason(e)))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}

/// The cryptography behind HTTPS: *ring*, named here rather than taken
/// from the process default (which panics when two providers are compiled
/// in). rustls 0.23.48 deprecated this provider because it has no
/// post-quantum key exchange; aws-lc-rs, which has, needs a much heavier C
/// build. Classic X25519 and ECDHE key exchange remain sound today.
#[allow(deprecated)]
pub fn crypto_provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn key_mismatch_reason(error: rustls::Error) -> String {
    match error {
        rustls::Error::InconsistentKeys(_) => {
            "the private key is not the certificate's key (a swapped or stale pair?)".to_string()
        }
        other => other.to_string(),
    }
}

/// Every certificate in the PEM file at `path`, in order.
fn certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let unreadable = |reason: String| TlsError::CertUnreadable {
        path: path.to_path_buf(),
        reason,
    };
    let bytes = std::fs::read(path).map_err(|e| unreadable(e.to_string()))?;
    let chain = CertificateDer::pem_slice_iter(&bytes)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| unreadable(pem_reason(e)))?;
    if chain.is_empty() {
        return Err(TlsError::NoCertificate {
            path: path.to_path_buf(),
        });
    }
    Ok(chain)
}

/// The first private key (PKCS#8, PKCS#1 or SEC1) in the PEM file at `path`.
fn private_key(path: &Path) -> Result<PrivateKeyDer<'static>, TlsError> {
    let unreadable = |reason: String| TlsError::KeyUnreadable {
        path: path.to_path_buf(),
        reason,
    };
    let bytes = std::fs::read(path).map_err(|e| unreadable(e.to_string()))?;
    match PrivateKeyDer::from_pem_slice(&bytes) {
        Ok(key) => Ok(key),
        Err(pem::Error::NoItemsFound) => Err(TlsError::NoKey {
            path: path.to_path_buf(),
        }),
        Err(e) => Err(unreadable(pem_reason(e))),
    }
}

fn pem_reason(error: pem::Error) -> String {
    match error {
        pem::Error::Io(e) => e.to_string(),
        other => format!("it is not valid PEM ({other:?})"),
    }
}
