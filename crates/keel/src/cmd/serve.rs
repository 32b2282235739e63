//! `keel serve`: Keel in the browser, over the same database the CLI uses,
//! so a session can move between terminal and phone freely. Only this
//! machine may connect until accounts exist (the coach server).

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Context as _;
use keel_web::AppState;

use crate::cli::GlobalArgs;
use crate::context::{Ctx, parse_date};
use crate::error::invalid;

/// Where `keel serve` listens unless `--bind` says otherwise.
pub const DEFAULT_BIND: &str = "127.0.0.1:7878";

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Open the printed address in a browser on this machine. Terminal and \
browser share the database, so you can log a set in one and see it in the other. Until accounts \
exist, only loopback addresses (127.0.0.1, ::1) are allowed; port 0 picks a free port."
)]
pub struct ServeArgs {
    /// Address to listen on, HOST:PORT
    #[arg(long, value_name = "ADDR", default_value = DEFAULT_BIND)]
    pub bind: String,
}

pub fn run(global: &GlobalArgs, args: ServeArgs) -> anyhow::Result<ExitCode> {
    let addr = loopback_address(&args.bind)?;
    // `--date`/KEEL_TODAY fixes the server's today; otherwise each request
    // takes the local date, so a server left running crosses midnight.
    let fixed_today = global
        .date
        .as_deref()
        .map(|t| parse_date(t, "--date"))
        .transpose()?;
    let Ctx { store, db_path, .. } = Ctx::open(global)?;
    // The web app runs on the SQLite store for now.
    let app = keel_web::router(AppState::new(store.into_sqlite("serve")?, fixed_today));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the web server's runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("--bind: cannot listen on {addr}"))?;
        let local = listener.local_addr()?;
        println!("Keel is running at http://{local}/");
        println!("Database: {}", db_path.display());
        println!("Press Ctrl-C to stop.");
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .context("serving the web app")
    })?;
    Ok(ExitCode::SUCCESS)
}

/// `text` as a socket address on this machine only.
pub fn loopback_address(text: &str) -> anyhow::Result<SocketAddr> {
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
    if !addr.ip().is_loopback() {
        return Err(invalid(format!(
            "--bind: {addr} would serve beyond this machine; accounts are needed before \
             serving beyond this machine (coming with the coach server). Use a loopback \
             address such as {DEFAULT_BIND}."
        )));
    }
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
