//! `keel serve`: Keel in the browser, over the same database the CLI uses,
//! so a session can move between terminal and phone freely.
//!
//! On the SQLite file there is one user and no login, so only this machine
//! may connect. With `--database URL` (feature `postgres`) it is the coach
//! server: every page needs a login, and other machines may connect once
//! the database has an account that can log in.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use keel_web::AppState;
use keel_web::listen::{self, Limits};
use keel_web::tls::TlsAcceptor;

use crate::cli::GlobalArgs;
use crate::context::{Ctx, parse_date};
use crate::error::invalid;

use super::serve_config::{self, OpsArgs};

/// Where `keel serve` listens unless `--bind` says otherwise.
pub const DEFAULT_BIND: &str = "127.0.0.1:7878";

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Open the printed address in a browser on this machine. Terminal and \
browser share the database, so you can log a set in one and see it in the other. On the SQLite \
file without an account only loopback addresses (127.0.0.1, ::1) are allowed. With an account \
that can log in (`keel user add`), on the file or on --database (a PostgreSQL server), every page \
needs a login and any address is allowed. \
Port 0 picks a free port. Every option can also come from its environment variable or from the --config file (flags beat the environment, which beats the file); see docs/deploy.md."
)]
pub struct ServeArgs {
    /// Address to listen on, HOST:PORT [default: 127.0.0.1:7878]
    #[arg(long, value_name = "ADDR", env = "KEEL_BIND")]
    pub bind: Option<String>,

    /// Mark the login cookie Secure, so browsers send it over HTTPS only: use
    /// this behind an HTTPS proxy (with --database). Without it the cookie
    /// is Secure only when the proxy sends X-Forwarded-Proto: https.
    #[arg(long, env = "KEEL_SECURE_COOKIES")]
    pub secure_cookies: bool,

    /// A reverse proxy in front of the server (repeat for each): only for
    /// requests from these addresses is X-Forwarded-For believed, so the
    /// login throttle counts each client by its own address rather than
    /// the proxy's (with --database).
    #[arg(
        long = "trusted-proxy",
        value_name = "IP",
        env = "KEEL_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<IpAddr>,

    /// A host name the server answers for besides the loopback names and
    /// the bound address (repeat for each; KEEL_ALLOWED_HOSTS takes a
    /// comma-separated list). Requests for any other name get 421, which
    /// stops web pages that rebind their name to this machine.
    #[arg(
        long = "allowed-host",
        value_name = "NAME",
        env = "KEEL_ALLOWED_HOSTS",
        value_delimiter = ','
    )]
    pub allowed_hosts: Vec<String>,

    /// Seconds a connection has to send a whole request head, counted from
    /// when it opens or finishes its previous request [default: 20]
    #[arg(
        long,
        value_name = "SECONDS",
        env = "KEEL_HEADER_TIMEOUT",
        value_parser = clap::value_parser!(u64).range(1..=3600),
    )]
    pub header_timeout: Option<u64>,

    /// Seconds a connection may move no byte while the server waits on it
    /// (a body or a reply stalled) before it is closed [default: 60]
    #[arg(
        long,
        value_name = "SECONDS",
        env = "KEEL_IDLE_TIMEOUT",
        value_parser = clap::value_parser!(u64).range(1..=3600),
    )]
    pub idle_timeout: Option<u64>,

    /// Connections open at once from everyone (lowered to fit the
    /// open-file limit); more are answered 503 and closed [default: 1024]
    #[arg(
        long,
        value_name = "N",
        env = "KEEL_MAX_CONNECTIONS",
        value_parser = clap::value_parser!(u64).range(1..=1_000_000),
    )]
    pub max_connections: Option<u64>,

    /// Connections open at once from one client address (trusted proxies
    /// excepted); more are answered 503 and closed [default: 64]
    #[arg(
        long,
        value_name = "N",
        env = "KEEL_MAX_CONNECTIONS_PER_ADDRESS",
        value_parser = clap::value_parser!(u64).range(1..=1_000_000),
    )]
    pub max_connections_per_address: Option<u64>,

    /// Serve HTTPS with this certificate chain (PEM, the server's
    /// certificate first), e.g. Let's Encrypt's fullchain.pem; needs --tls-key
    #[arg(long, value_name = "FILE", env = "KEEL_TLS_CERT")]
    pub tls_cert: Option<PathBuf>,

    /// The private key (PEM) of --tls-cert's certificate
    #[arg(long, value_name = "FILE", env = "KEEL_TLS_KEY")]
    pub tls_key: Option<PathBuf>,

    /// The configuration file, logs and metrics.
    #[command(flatten)]
    pub ops: OpsArgs,
}

pub fn run(global: &GlobalArgs, flags: ServeArgs) -> anyhow::Result<ExitCode> {
    let args = serve_config::resolve(&flags)?;
    serve_config::init_logs(&args)?;
    // `--date`/KEEL_TODAY fixes the server's today; otherwise each request
    // takes the local date, so a server left running crosses midnight.
    let fixed_today = global
        .date
        .as_deref()
        .map(|t| parse_date(t, "--date"))
        .transpose()?;
    #[cfg(feature = "postgres")]
    if let Some(url) = &global.database {
        return accounts_server(url, &args, fixed_today);
    }
    // A file with an account that can log in is served with logins, as a
    // server is; without one, only on this machine (it has no login).
    #[cfg(feature = "postgres")]
    {
        use keel_store::Accounts as _;
        let path = crate::context::sqlite_path(global)?;
        // A file not made yet has no account (and is not made here).
        let file = path.is_file().then(|| keel_store::SqliteStore::open(&path));
        if let Some(file) = file {
            let file = file.with_context(|| format!("opening the database {}", path.display()))?;
            let accounts = file.list_users().context("listing the file's accounts")?;
            if keel_store::accounts::any_can_log_in(&accounts) {
                return household_server(file, &path, &args, fixed_today);
            }
        }
    }
    let addr = loopback_address(&args.bind)?;
    let metrics = args
        .metrics_bind
        .as_deref()
        .map(|text| loopback_address(text).map_err(|_| metrics_beyond(text)))
        .transpose()?;
    if args.secure_cookies {
        return Err(invalid(
            "--secure-cookies: there is no login on the SQLite file; it applies with --database",
        ));
    }
    if !args.trusted_proxies.is_empty() {
        return Err(invalid(
            "--trusted-proxy: there is no login on the SQLite file; it applies with --database",
        ));
    }
    let hosts = args.hosts(addr)?;
    let tls = args.tls()?;
    let Ctx { store, db_path, .. } = Ctx::open(global)?;
    let state = AppState::new(store.into_sqlite("serve")?, fixed_today).with_allowed_hosts(hosts);
    let metrics = metrics.map(|at| (at, keel_web::metrics_router(state.clone())));
    serve(
        addr,
        keel_web::router(state),
        metrics,
        &db_path.display().to_string(),
        args.limits(),
        tls,
    )
}

fn metrics_beyond(text: &str) -> anyhow::Error {
    invalid(format!(
        "--metrics-bind: {text:?} is not a loopback HOST:PORT address; on the SQLite file the \
         metrics are served on this machine only, e.g. 127.0.0.1:9100"
    ))
}

/// A household's SQLite file with accounts: every page behind a login, as
/// on a server, so any address is allowed.
#[cfg(feature = "postgres")]
fn household_server(
    file: keel_store::SqliteStore,
    path: &std::path::Path,
    args: &serve_config::Settings,
    today: Option<jiff::civil::Date>,
) -> anyhow::Result<ExitCode> {
    use keel_web::accounts::ServerSettings;

    let addr = address(&args.bind)?;
    let hosts = args.hosts(addr)?;
    let metrics = any_metrics_address(args)?;
    let tls = args.tls()?;
    let settings = ServerSettings {
        secure_cookies: args.secure_cookies || tls.is_some(),
        trusted_proxies: args.trusted_proxies.clone(),
        ..ServerSettings::default()
    };
    let file = keel_store::SharedSqlite::new(file);
    let state = AppState::household(file, settings, today).with_allowed_hosts(hosts);
    let metrics = metrics.map(|at| (at, keel_web::metrics_router(state.clone())));
    serve(
        addr,
        keel_web::router(state),
        metrics,
        &format!("{} (log in to use it)", path.display()),
        args.limits(),
        tls,
    )
}

/// `--metrics-bind` where logins guard the app: any address.
#[cfg(feature = "postgres")]
fn any_metrics_address(args: &serve_config::Settings) -> anyhow::Result<Option<SocketAddr>> {
    args.metrics_bind
        .as_deref()
        .map(|text| {
            address(text).map_err(|_| {
                invalid(format!(
                    "--metrics-bind: {text:?} is not an address; use HOST:PORT, e.g. 127.0.0.1:9100"
                ))
            })
        })
        .transpose()
}

/// The coach server: many accounts on PostgreSQL, every page behind a login.
#[cfg(feature = "postgres")]
fn accounts_server(
    url: &str,
    args: &serve_config::Settings,
    today: Option<jiff::civil::Date>,
) -> anyhow::Result<ExitCode> {
    use keel_web::accounts::ServerSettings;

    let addr = address(&args.bind)?;
    let hosts = args.hosts(addr)?;
    let metrics = any_metrics_address(args)?;
    let tls = args.tls()?;
    let shown = crate::context::redact(url);
    let backend = keel_store_postgres::PgBackend::connect(url)
        .with_context(|| format!("opening the database {shown}"))?;
    let can_log_in = keel_store::accounts::any_can_log_in(
        &backend
            .list_users()
            .context("listing the server's accounts")?,
    );
    if !can_log_in {
        if !addr.ip().is_loopback() {
            return Err(invalid(format!(
                "--bind: {addr} would serve beyond this machine, but {shown} has no account \
                 that can log in; create one first with `keel user add NAME`"
            )));
        }
        eprintln!("No account can log in yet; create one with `keel user add NAME`.");
    }
    let settings = ServerSettings {
        // Served over HTTPS, the cookie never needs to travel in clear.
        secure_cookies: args.secure_cookies || tls.is_some(),
        trusted_proxies: args.trusted_proxies.clone(),
        ..ServerSettings::default()
    };
    let state = AppState::server(backend, settings, today).with_allowed_hosts(hosts);
    let metrics = metrics.map(|at| (at, keel_web::metrics_router(state.clone())));
    serve(
        addr,
        keel_web::router(state),
        metrics,
        &format!("{shown} (log in to use it)"),
        args.limits(),
        tls,
    )
}

/// Listens on `addr` within `limits` (and the metrics on theirs) until
/// Ctrl-C or SIGTERM, saying where; then stops taking connections, finishes
/// the requests in flight and returns. With `tls`, over HTTPS.
fn serve(
    addr: SocketAddr,
    app: axum::Router,
    metrics: Option<(SocketAddr, axum::Router)>,
    database: &str,
    limits: Limits,
    tls: Option<TlsAcceptor>,
) -> anyhow::Result<ExitCode> {
    let asked = limits.max_connections;
    let descriptors = listen::raise_descriptor_limit();
    let limits = match descriptors {
        Some(files) => limits.within_descriptors(files),
        None => limits,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the web server's runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("--bind: cannot listen on {addr}"))?;
        let local = listener.local_addr()?;
        let metrics = match metrics {
            Some((at, router)) => {
                let listener = tokio::net::TcpListener::bind(at)
                    .await
                    .with_context(|| format!("--metrics-bind: cannot listen on {at}"))?;
                Some((listener, router))
            }
            None => None,
        };
        let scheme = if tls.is_some() { "https" } else { "http" };
        println!("Keel is running at {scheme}://{local}/");
        println!("Database: {database}");
        if let Some((listener, _)) = &metrics {
            println!("Metrics at http://{}/metrics", listener.local_addr()?);
        }
        println!(
            "Connections: up to {} at once, {} per client address.",
            limits.max_connections, limits.max_per_address
        );
        if limits.max_connections < asked
            && let Some(files) = descriptors
        {
            eprintln!(
                "Note: --max-connections {asked} lowered to {} to fit this process's \
                 open-file limit ({files}); raise it (ulimit -n) to allow more.",
                limits.max_connections
            );
        }
        println!("Press Ctrl-C to stop.");
        tracing::info!(address = %local, "listening");
        let (stopping, stop) = tokio::sync::watch::channel(false);
        let metrics = metrics.map(|(listener, router)| {
            let mut stop = stop.clone();
            tokio::spawn(async move {
                axum::serve(listener, router)
                    .with_graceful_shutdown(async move {
                        let _ = stop.wait_for(|stopped| *stopped).await;
                    })
                    .await
            })
        });
        let shutdown = async move {
            shutdown_signal().await;
            tracing::info!("shutting down: finishing the requests in flight");
            let _ = stopping.send(true);
        };
        // Each request carries its peer address, which keys the login throttle.
        match tls {
            Some(tls) => listen::serve_tls(listener, app, limits, tls, shutdown).await,
            None => listen::serve(listener, app, limits, shutdown).await,
        }
        if let Some(task) = metrics {
            task.await
                .context("serving the metrics")?
                .context("serving the metrics")?;
        }
        tracing::info!("stopped");
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Ctrl-C, or SIGTERM (what systemd and container runtimes send to stop).
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// `text` as a socket address on this machine only.
pub fn loopback_address(text: &str) -> anyhow::Result<SocketAddr> {
    let addr = address(text)?;
    if !addr.ip().is_loopback() {
        return Err(invalid(format!(
            "--bind: {addr} would serve beyond this machine, and the SQLite file has no \
             login. {} or use a loopback address such as {DEFAULT_BIND}.",
            if cfg!(feature = "postgres") {
                "Add an account first with `keel user add NAME` (every page then asks for a \
                 login),"
            } else {
                "Serving with logins needs a Keel built with `--features postgres`;"
            }
        )));
    }
    Ok(addr)
}

/// `text` (`HOST:PORT`, `localhost:PORT`) as a socket address.
fn address(text: &str) -> anyhow::Result<SocketAddr> {
    let text = text.trim();
    let addr: SocketAddr = match text.strip_prefix("localhost:") {
        Some(port) => format!("127.0.0.1:{port}").parse(),
        None => text.parse(),
    }
    .map_err(|_| {
        invalid(format!(
            "--bind: {text:?} is not an address; use HOST:PORT, e.g. {DEFAULT_BIND}"
        ))
    })?;
    Ok(addr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_addresses_are_accepted() {
        assert!(loopback_address("127.0.0.1:7878").is_ok());
        assert!(loopback_address("[::1]:0").is_ok());
        assert!(loopback_address("localhost:8080").is_ok());
        for refused in [
            "0.0.0.0:7878",
            "192.168.1.5:80",
            "[::]:7878",
            "nonsense",
            "127.0.0.1",
        ] {
            assert!(loopback_address(refused).is_err(), "{refused}");
        }
    }
}
