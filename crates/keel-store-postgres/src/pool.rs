//! A small pool of sync clients. A client whose connection broke is dropped
//! instead of being handed out again, so requests in flight when the server
//! went away fail, and the next request connects afresh.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use postgres::{Client, Config, NoTls};

use crate::codec::describe;
use keel_store::{Result, StoreError};

/// How the pool keeps and checks its connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolOptions {
    /// Connections kept open between requests; more may be open at once.
    /// Default 64 (PostgreSQL allows 100 by default): a server answering
    /// dozens of requests at once would otherwise open (and PostgreSQL
    /// fork) a new connection for most of them, which cost the load
    /// benchmark a third of its throughput. Only as many are kept as were
    /// in use at once.
    pub max_idle: usize,
    /// How long a kept connection may take to answer the check made before
    /// it is reused.
    pub check_timeout: Duration,
    /// How long connecting may take, unless the URL says `connect_timeout`.
    pub connect_timeout: Duration,
}

impl Default for PoolOptions {
    fn default() -> Self {
        PoolOptions {
            max_idle: 64,
            check_timeout: Duration::from_secs(2),
            connect_timeout: Duration::from_secs(5),
        }
    }
}

pub(crate) struct Pool {
    config: Config,
    options: PoolOptions,
    idle: Mutex<Vec<Client>>,
    /// Where the pool connects, without the password, for messages.
    shown: String,
}

impl Pool {
    pub fn new(mut config: Config, options: PoolOptions) -> Pool {
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(options.connect_timeout);
        }
        let shown = shown(&config);
        Pool {
            config,
            options,
            idle: Mutex::new(Vec::new()),
            shown,
        }
    }

    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// Runs `f` on a live client, then keeps the client unless its
    /// connection broke meanwhile.
    pub fn run<T>(&self, f: impl FnOnce(&mut Client) -> Result<T>) -> Result<T> {
        let mut client = self.checkout()?;
        let result = f(&mut client);
        if !client.is_closed() {
            let mut idle = self.idle();
            if idle.len() < self.options.max_idle {
                idle.push(client);
            }
        }
        result
    }

    fn checkout(&self) -> Result<Client> {
        loop {
            let Some(mut client) = self.idle().pop() else {
                return self.connect();
            };
            // A server restart or a terminated backend leaves a client that
            // looks open until used; a round trip tells.
            if !client.is_closed() && client.is_valid(self.options.check_timeout).is_ok() {
                return Ok(client);
            }
        }
    }

    pub fn connect(&self) -> Result<Client> {
        self.config.connect(NoTls).map_err(|e| StoreError::Open {
            path: self.shown.clone(),
            reason: describe(&e),
        })
    }

    fn idle(&self) -> MutexGuard<'_, Vec<Client>> {
        // A panic while holding the lock leaves a plain Vec; still usable.
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// `postgres://user@host:port/dbname`, never the password.
fn shown(config: &Config) -> String {
    let user = config.get_user().unwrap_or("");
    let host = config
        .get_hosts()
        .first()
        .map(|h| match h {
            postgres::config::Host::Tcp(name) => name.clone(),
            postgres::config::Host::Unix(path) => path.display().to_string(),
        })
        .unwrap_or_default();
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let db = config.get_dbname().unwrap_or("");
    format!("postgres://{user}@{host}:{port}/{db}")
}
