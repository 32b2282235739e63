//! `keel serve`'s operational options: the configuration file, the logs and
//! the metrics address, and how every serve option is resolved: a flag
//! beats its environment variable (clap reads both), which beats the
//! `--config` file, which beats the default.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::invalid;

use super::serve::{DEFAULT_BIND, ServeArgs};

/// The options added for running `keel serve` as a service.
#[derive(Debug, Default, clap::Args)]
pub struct OpsArgs {
    /// Read serve options from this TOML file; flags and environment
    /// variables override it (keys: bind, secure-cookies, trusted-proxies,
    /// metrics-bind, log-format, log)
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
    secure_cookies: Option<bool>,
    trusted_proxies: Option<Vec<IpAddr>>,
    metrics_bind: Option<String>,
    log_format: Option<LogFormat>,
    /// The log filter (as KEEL_LOG).
    log: Option<String>,
}

/// Every serve option, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub bind: String,
    pub secure_cookies: bool,
    pub trusted_proxies: Vec<IpAddr>,
    pub metrics_bind: Option<String>,
    pub log_format: LogFormat,
    /// A tracing filter such as `info` or `warn,keel_web=debug`.
    pub log: String,
}

/// The settings from the flags and environment (in `args`), the `--config`
/// file and the defaults, in that order of precedence.
pub fn resolve(args: &ServeArgs) -> anyhow::Result<Settings> {
    let file = match &args.ops.config {
        Some(path) => read(path)?,
        None => ConfigFile::default(),
    };
    let log_env = ["KEEL_LOG", "RUST_LOG"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()));
    Ok(merge(args, file, log_env))
}

fn merge(args: &ServeArgs, file: ConfigFile, log_env: Option<String>) -> Settings {
    Settings {
        bind: args
            .bind
            .clone()
            .or(file.bind)
            .unwrap_or_else(|| DEFAULT_BIND.to_string()),
        // A flag can only turn it on; off, the file decides.
        secure_cookies: args.secure_cookies || file.secure_cookies.unwrap_or(false),
        trusted_proxies: if args.trusted_proxies.is_empty() {
            file.trusted_proxies.unwrap_or_default()
        } else {
            args.trusted_proxies.clone()
        },
        metrics_bind: args.ops.metrics_bind.clone().or(file.metrics_bind),
        log_format: args.ops.log_format.or(file.log_format).unwrap_or_default(),
        log: log_env.or(file.log).unwrap_or_else(|| "info".to_string()),
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
