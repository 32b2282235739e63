//! A small pool of sync clients. A client whose connection broke is dropped
//! instead of being handed out again, so requests in flight when the server
//! went away fail, and the next request connects afresh.
//!
//! Writes ([`Pool::run`]) check a kept connection with a round trip before
//! using it, since a write cannot safely be tried twice. Reads
//! ([`Pool::read`]) skip that check, which would double the round trips of
//! most requests: a read that fails because its kept connection had died is
//! simply tried again, on the next kept connection or a new one. So is a
//! guarded write ([`Pool::guarded`]), which cannot be stored twice.

use std::collections::HashMap;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use postgres::types::ToSql;
use postgres::{Client, Config, NoTls, Row, Statement};

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
    idle: Mutex<Vec<Conn>>,
    /// Connections handed out and not yet given back (for the metrics).
    in_use: AtomicUsize,
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
            in_use: AtomicUsize::new(0),
            shown,
        }
    }

    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// Connections in use now and kept idle now.
    pub fn stats(&self) -> PoolStats {
        PoolStats {
            in_use: self.in_use.load(Ordering::Relaxed),
            idle: self.idle().len(),
        }
    }

    /// A kept connection (`true`) or a new one, counted as in use until
    /// given back.
    fn take(&self) -> Result<(Conn, bool)> {
        let taken = match self.idle().pop() {
            Some(conn) => (conn, true),
            None => (Conn::new(self.connect()?), false),
        };
        self.in_use.fetch_add(1, Ordering::Relaxed);
        Ok(taken)
    }

    /// Runs `f` on a live client, then keeps the client unless its
    /// connection broke meanwhile.
    pub fn run<T>(&self, f: impl FnOnce(&mut Conn) -> Result<T>) -> Result<T> {
        let mut conn = self.checkout()?;
        let result = f(&mut conn);
        self.give_back(conn);
        result
    }

    /// Runs the read `f` on a kept client without checking it first; if the
    /// client turns out to have lost its connection, `f` runs again on the
    /// next one, until it has run on a new connection. `f` must only read
    /// (or write what is the same however often it is written).
    pub fn read<T>(&self, mut f: impl FnMut(&mut Conn) -> Result<T>) -> Result<T> {
        loop {
            let (mut conn, kept) = self.take()?;
            let result = f(&mut conn);
            let broken = conn.is_closed();
            self.give_back(conn);
            if !(broken && kept && result.is_err()) {
                return result;
            }
        }
    }

    /// Runs the guarded write `f` (one that writes only while the data is
    /// as its caller saw it, and answers `None` otherwise) on a kept client
    /// without checking it first. If that client had lost its connection,
    /// `f` runs once more on a new one: had the first try been stored, the
    /// data has moved on and the second try finds `None`, which cannot
    /// tell: the first try's outcome is unknown, and that is the error
    /// returned ([`StoreError::Uncertain`]).
    pub fn guarded<T>(
        &self,
        mut f: impl FnMut(&mut Conn) -> Result<Option<T>>,
    ) -> Result<Option<T>> {
        let (mut conn, kept) = self.take()?;
        let first = f(&mut conn);
        let broken = conn.is_closed();
        self.give_back(conn);
        let error = match first {
            Err(error) if broken && kept => error,
            done => return done,
        };
        let mut conn = Conn::new(self.connect()?);
        self.in_use.fetch_add(1, Ordering::Relaxed);
        let second = f(&mut conn);
        self.give_back(conn);
        match second {
            Ok(None) => Err(crate::codec::uncertain(error)),
            done => done,
        }
    }

    fn give_back(&self, conn: Conn) {
        self.in_use.fetch_sub(1, Ordering::Relaxed);
        if !conn.is_closed() {
            let mut idle = self.idle();
            if idle.len() < self.options.max_idle {
                idle.push(conn);
            }
        }
    }

    fn checkout(&self) -> Result<Conn> {
        loop {
            let Some(mut conn) = self.idle().pop() else {
                let conn = self.connect().map(Conn::new)?;
                self.in_use.fetch_add(1, Ordering::Relaxed);
                return Ok(conn);
            };
            // A server restart or a terminated backend leaves a client that
            // looks open until used; a round trip tells.
            if !conn.is_closed() && conn.is_valid(self.options.check_timeout).is_ok() {
                self.in_use.fetch_add(1, Ordering::Relaxed);
                return Ok(conn);
            }
        }
    }

    /// A new connection; failing, the server is unavailable (see
    /// `PgBackend::connect_with` for how a failure at startup is said).
    pub fn connect(&self) -> Result<Client> {
        self.config
            .connect(NoTls)
            .map_err(|e| StoreError::Unavailable(describe(&e)))
    }

    fn idle(&self) -> MutexGuard<'_, Vec<Conn>> {
        // A panic while holding the lock leaves a plain Vec; still usable.
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// How many of the pool's connections are in use and kept idle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStats {
    pub in_use: usize,
    pub idle: usize,
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

/// A pooled client with the statements it has prepared, so each query is
/// parsed (and, once PostgreSQL judges it stable, planned) once per
/// connection instead of on every run.
pub(crate) struct Conn {
    client: Client,
    statements: HashMap<String, Statement>,
}

type PgResult<T> = std::result::Result<T, postgres::Error>;

/// Beyond this many statements a connection forgets them all (the SQL is
/// almost all fixed text, so this is a guard, not a working limit).
const MAX_STATEMENTS: usize = 256;

impl Conn {
    fn new(client: Client) -> Conn {
        Conn {
            client,
            statements: HashMap::new(),
        }
    }

    /// `sql` as a statement prepared on this connection.
    fn prepared(&mut self, sql: &str) -> std::result::Result<Statement, postgres::Error> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        if self.statements.len() >= MAX_STATEMENTS {
            self.statements.clear();
        }
        let statement = self.client.prepare(sql)?;
        self.statements.insert(sql.to_string(), statement.clone());
        Ok(statement)
    }

    // The client's own query methods, through the prepared statements.
    // Transactions (`transaction()`) use the client's.

    pub fn query(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> PgResult<Vec<Row>> {
        let statement = self.prepared(sql)?;
        self.client.query(&statement, params)
    }

    pub fn query_opt(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> PgResult<Option<Row>> {
        let statement = self.prepared(sql)?;
        self.client.query_opt(&statement, params)
    }

    pub fn query_one(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> PgResult<Row> {
        let statement = self.prepared(sql)?;
        self.client.query_one(&statement, params)
    }

    pub fn execute(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> PgResult<u64> {
        let statement = self.prepared(sql)?;
        self.client.execute(&statement, params)
    }
}

impl Deref for Conn {
    type Target = Client;

    fn deref(&self) -> &Client {
        &self.client
    }
}

impl DerefMut for Conn {
    fn deref_mut(&mut self) -> &mut Client {
        &mut self.client
    }
}
