//! `keel serve`'s operational options: the configuration file, the logs and
//! the metrics address, and how every serve option is resolved: a flag
//! beats its environment variable (clap reads both), which beats the
//! `--config` file, which beats the default.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use keel_web::AllowedHosts;
use keel_web::listen::{self, Limits};
use keel_web::tls::TlsAcceptor;
use serde::Deserialize;

use crate::error::invalid;

use super::serve::{DEFAULT_BIND, ServeArgs};

/// The options added for running `keel serve` as a service.
#[derive(Debug, Default, clap::Args)]
pub struct OpsArgs {
    /// Read serve options from this TOML file; flags and environment
    /// variables override it (keys: bind, allowed-hosts, secure-cookies,
    /// trusted-proxies, header-timeout, idle-timeout, max-connections,
    /// max-connections-per-address, metrics-bind, log-format, log)
    #[arg(long, value_name = "FILE", env = "KEEL_CONFIG")]
    pub config: Option<PathBuf>,

    /// Serve Prometheus metrics at http://ADDR/metrics, on this address
    /// only (never on --bind)
    #[arg(long, value_name = "ADDR", env = "KEEL_METRICS_BIND")]
    pub metrics_bind: Option<String>,

    /// Log format on stderr [default: text]; the level comes from KEEL_LOG
    /// or RUST_LOG (e.g. info, warn, keel_web=debug) [default: info]
    #[arg(long, value_name = "FORMAT", env = "KEEL_LOG_FORMAT")]
    pub log_format: Option<LogFormat>,
}

/// How log events are written to stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One human-readable line per event.
    #[default]
    Text,
    /// One JSON object per line.
    Json,
}

/// The `--config` file: every serve option, by its flag's name.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    bind: Option<String>,
    allowed_hosts: Option<Vec<String>>,
    header_timeout: Option<u64>,
    idle_timeout: Option<u64>,
    max_connections: Option<u64>,
    max_connections_per_address: Option<u64>,
    secure_cookies: Option<bool>,
    trusted_proxies: Option<Vec<IpAddr>>,
    /// Relative to the configuration file's folder.
    tls_cert: Option<PathBuf>,
    /// Relative to the configuration file's folder.
    tls_key: Option<PathBuf>,
    metrics_bind: Option<String>,
    log_format: Option<LogFormat>,
    /// The log filter (as KEEL_LOG).
    log: Option<String>,
}

/// Every serve option, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub bind: String,
    pub allowed_hosts: Vec<String>,
    pub header_timeout: u64,
    pub idle_timeout: u64,
    pub max_connections: u64,
    pub max_connections_per_address: u64,
    pub secure_cookies: bool,
    pub trusted_proxies: Vec<IpAddr>,
    /// The certificate chain for HTTPS (with `tls_key`).
    pub tls_cert: Option<PathBuf>,
    /// The certificate's private key.
    pub tls_key: Option<PathBuf>,
    pub metrics_bind: Option<String>,
    pub log_format: LogFormat,
    /// A tracing filter such as `info` or `warn,keel_web=debug`.
    pub log: String,
}

/// The settings from the flags and environment (in `args`), the `--config`
/// file and the defaults, in that order of precedence.
pub fn resolve(args: &ServeArgs) -> anyhow::Result<Settings> {
    let file = match &args.ops.config {
        Some(path) => read(path)?.relative_to(path),
        None => ConfigFile::default(),
    };
    let log_env = ["KEEL_LOG", "RUST_LOG"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()));
    let settings = merge(args, file, log_env);
    settings.check_ranges()?;
    Ok(settings)
}

impl Settings {
    /// The file's numbers get the ranges clap gives the flags.
    fn check_ranges(&self) -> anyhow::Result<()> {
        let ranges = [
            ("header-timeout", self.header_timeout, 3600),
            ("idle-timeout", self.idle_timeout, 3600),
            ("max-connections", self.max_connections, 1_000_000),
            (
                "max-connections-per-address",
                self.max_connections_per_address,
                1_000_000,
            ),
        ];
        for (key, value, most) in ranges {
            if !(1..=most).contains(&value) {
                return Err(invalid(format!(
                    "--config: {key} = {value} is out of range; give 1 to {most}"
                )));
            }
        }
        Ok(())
    }

    /// The connection limits asked for.
    pub fn limits(&self) -> Limits {
        let count = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
        Limits {
            header_timeout: Duration::from_secs(self.header_timeout),
            idle_timeout: Duration::from_secs(self.idle_timeout),
            max_connections: count(self.max_connections),
            max_per_address: count(self.max_connections_per_address),
            unlimited: self.trusted_proxies.clone(),
        }
    }

    /// The HTTPS acceptor when a certificate and key are given; both or
    /// neither, and each file readable and of the right kind.
    pub fn tls(&self) -> anyhow::Result<Option<TlsAcceptor>> {
        match (&self.tls_cert, &self.tls_key) {
            (None, None) => Ok(None),
            (Some(cert), Some(key)) => Ok(Some(
                keel_web::tls::acceptor(cert, key).map_err(|e| invalid(e.to_string()))?,
            )),
            (Some(cert), None) => Err(invalid(format!(
                "--tls-cert {}: HTTPS also needs the certificate's private key; give --tls-key FILE",
                cert.display()
            ))),
            (None, Some(key)) => Err(invalid(format!(
                "--tls-key {}: HTTPS also needs the certificate; give --tls-cert FILE",
                key.display()
            ))),
        }
    }

    /// The host names to answer for when listening on `addr`.
    pub fn hosts(&self, addr: SocketAddr) -> anyhow::Result<AllowedHosts> {
        AllowedHosts::new(addr, &self.allowed_hosts).map_err(invalid)
    }
}

fn merge(args: &ServeArgs, file: ConfigFile, log_env: Option<String>) -> Settings {
    Settings {
        bind: args
            .bind
            .clone()
            .or(file.bind)
            .unwrap_or_else(|| DEFAULT_BIND.to_string()),
        allowed_hosts: if args.allowed_hosts.is_empty() {
            file.allowed_hosts.unwrap_or_default()
        } else {
            args.allowed_hosts.clone()
        },
        header_timeout: args
            .header_timeout
            .or(file.header_timeout)
            .unwrap_or(listen::DEFAULT_HEADER_TIMEOUT_SECS),
        idle_timeout: args
            .idle_timeout
            .or(file.idle_timeout)
            .unwrap_or(listen::DEFAULT_IDLE_TIMEOUT_SECS),
        max_connections: args
            .max_connections
            .or(file.max_connections)
            .unwrap_or(listen::DEFAULT_MAX_CONNECTIONS as u64),
        max_connections_per_address: args
            .max_connections_per_address
            .or(file.max_connections_per_address)
            .unwrap_or(listen::DEFAULT_MAX_PER_ADDRESS as u64),
        // A flag can only turn it on; off, the file decides.
        secure_cookies: args.secure_cookies || file.secure_cookies.unwrap_or(false),
        trusted_proxies: if args.trusted_proxies.is_empty() {
            file.trusted_proxies.unwrap_or_default()
        } else {
            args.trusted_proxies.clone()
        },
        tls_cert: args.tls_cert.clone().or(file.tls_cert),
        tls_key: args.tls_key.clone().or(file.tls_key),
        metrics_bind: args.ops.metrics_bind.clone().or(file.metrics_bind),
        log_format: args.ops.log_format.or(file.log_format).unwrap_or_default(),
        log: log_env.or(file.log).unwrap_or_else(|| "info".to_string()),
    }
}

impl ConfigFile {
    /// The file names in the file read from `config`'s folder, as a
    /// service's working directory is rarely the configuration's.
    fn relative_to(mut self, config: &Path) -> ConfigFile {
        let folder = config.parent().unwrap_or(Path::new(""));
        for name in [&mut self.tls_cert, &mut self.tls_key]
            .into_iter()
            .flatten()
        {
            if name.is_relative() {
                *name = folder.join(&*name);
            }
        }
        self
    }
}

fn read(path: &Path) -> anyhow::Result<ConfigFile> {
    let shown = path.display();
    let text = std::fs::read_to_string(path)
        .map_err(|e| invalid(format!("--config: cannot read {shown} ({e})")))?;
    toml::from_str(&text).map_err(|e| {
        invalid(format!(
            "--config: {shown} is not a valid keel serve configuration: {}",
            e.to_string().trim_end()
        ))
    })
}

/// Sends log events to stderr in `settings`' format, at its level.
pub fn init_logs(settings: &Settings) -> anyhow::Result<()> {
    let filter = tracing_subscriber::EnvFilter::try_new(&settings.log).map_err(|e| {
        invalid(format!(
            "the log filter {:?} (from KEEL_LOG, RUST_LOG or the --config file's log) is not \
             a filter such as info or warn,keel_web=debug ({e})",
            settings.log
        ))
    })?;
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // A second init (only possible in tests) keeps the first.
    let _ = match settings.log_format {
        LogFormat::Text => logs.try_init(),
        LogFormat::Json => logs.json().with_current_span(true).try_init(),
    };
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn args(bind: Option<&str>, secure: bool, log_format: Option<LogFormat>) -> ServeArgs {
        ServeArgs {
            bind: bind.map(str::to_string),
            secure_cookies: secure,
            trusted_proxies: Vec::new(),
            allowed_hosts: Vec::new(),
            header_timeout: None,
            idle_timeout: None,
            max_connections: None,
            max_connections_per_address: None,
            tls_cert: None,
            tls_key: None,
            ops: OpsArgs {
                config: None,
                metrics_bind: None,
                log_format,
            },
        }
    }

    fn file(text: &str) -> ConfigFile {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn the_connection_limits_and_host_names_come_from_the_file_too() {
        let text = "allowed-hosts = [\"keel.example.org\"]\nheader-timeout = 5\n\
                    idle-timeout = 7\nmax-connections = 100\nmax-connections-per-address = 9\n";
        let settings = merge(&args(None, false, None), file(text), None);
        assert_eq!(settings.allowed_hosts, ["keel.example.org"]);
        let limits = settings.limits();
        assert_eq!(limits.header_timeout, Duration::from_secs(5));
        assert_eq!(limits.idle_timeout, Duration::from_secs(7));
        assert_eq!((limits.max_connections, limits.max_per_address), (100, 9));
        settings.check_ranges().unwrap();

        let mut flags = args(None, false, None);
        flags.max_connections_per_address = Some(3);
        let settings = merge(&flags, file(text), None);
        assert_eq!(settings.limits().max_per_address, 3, "the flag wins");

        let defaults = merge(&args(None, false, None), ConfigFile::default(), None);
        assert_eq!(defaults.header_timeout, listen::DEFAULT_HEADER_TIMEOUT_SECS);
        let zero = merge(&args(None, false, None), file("idle-timeout = 0\n"), None);
        let err = zero.check_ranges().unwrap_err().to_string();
        assert!(err.contains("idle-timeout = 0"), "{err}");
    }

    #[test]
    fn flags_and_environment_beat_the_file_which_beats_the_defaults() {
        let defaults = merge(&args(None, false, None), ConfigFile::default(), None);
        assert_eq!(defaults.bind, DEFAULT_BIND);
        assert!(!defaults.secure_cookies);
        assert_eq!(defaults.log_format, LogFormat::Text);
        assert_eq!(defaults.log, "info");
        assert_eq!(defaults.metrics_bind, None);

        let text = "bind = \"0.0.0.0:80\"\nsecure-cookies = true\n\
                    trusted-proxies = [\"10.0.0.1\"]\nmetrics-bind = \"127.0.0.1:9100\"\n\
                    log-format = \"json\"\nlog = \"warn\"\n";
        let from_file = merge(&args(None, false, None), file(text), None);
        assert_eq!(from_file.bind, "0.0.0.0:80");
        assert!(from_file.secure_cookies);
        assert_eq!(
            from_file.trusted_proxies,
            vec!["10.0.0.1".parse::<IpAddr>().unwrap()]
        );
        assert_eq!(from_file.metrics_bind.as_deref(), Some("127.0.0.1:9100"));
        assert_eq!(from_file.log_format, LogFormat::Json);
        assert_eq!(from_file.log, "warn");

        let flagged = merge(
            &args(Some("127.0.0.1:1"), false, Some(LogFormat::Text)),
            file(text),
            Some("debug".into()),
        );
        assert_eq!(flagged.bind, "127.0.0.1:1");
        assert_eq!(flagged.log_format, LogFormat::Text);
        assert_eq!(flagged.log, "debug");
    }

    #[test]
    fn an_unknown_key_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keel.toml");
        std::fs::write(&path, "bind = \"127.0.0.1:0\"\nbnid = 3\n").unwrap();
        let error = read(&path).unwrap_err().to_string();
        assert!(error.contains("unknown field `bnid`"), "{error}");
        assert!(error.contains("--config"), "{error}");
    }
}
