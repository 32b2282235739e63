//! The server under load: the real router on 127.0.0.1:0, driven by
//! concurrent keep-alive HTTP/1.1 connections for a fixed time per scenario.
//! Prints requests/s, p50, p99, max and errors per scenario and backend;
//! exits non-zero on any error. A measurement, not a test.
//!
//! `cargo bench -p keel-web --all-features --bench load [-- --duration 30
//! --connections 64[,1,...] --athletes 1000 --backend both|sqlite|postgres
//! --scenarios today,log,dashboard --keep-schema NAME --seed-only]`
//!
//! PostgreSQL (KEEL_BENCH_POSTGRES_URL, else KEEL_TEST_POSTGRES_URL; skipped
//! when neither is set): 1,000 athletes with two years of history each, one
//! coach linked to all of them, in a private schema dropped afterwards (or
//! in schema NAME, kept and reused by the next run with the same option).
//! SQLite: one athlete with two years of history in a temporary file (the
//! local app is single-user, so it has no coach dashboard).
//!
//! The history is made by the real services: each training day the journal
//! gives the session the engine prescribes, the athlete logs every set
//! (`record::logged_set`) and `journal::commit` stores it with the fresh
//! decisions. A few templates are simulated on SQLite in memory and their
//! writes replayed into each PostgreSQL athlete with one batch each.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

/// The allocator of the `keel` binary, so the server is measured as it runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "server-load/cpu.rs"]
mod cpu;

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use keel_app::auth::{hash_password, new_token};
use keel_app::cache::Cached;
use keel_app::journal::{self, Journal};
use keel_app::record::target_of;
use keel_app::steps;
use keel_store::{SqliteStore, Store, Write};
use keel_store_postgres::{PgBackend, PoolOptions, UserId};
use keel_web::AppState;
use keel_web::accounts::ServerSettings;

use keel_bench::history::{TODAY, sets_in, simulate};

/// History starts two years (104 weeks) before today.
const HISTORY_WEEKS: i64 = 104;
/// Distinct simulated athletes; PostgreSQL athletes take them in turn.
const TEMPLATES: usize = 4;
/// Threads writing PostgreSQL athletes at once.
const SEED_THREADS: usize = 4;

/// One slot of today's session: (index, sets, target).
type Slot = (usize, usize, u32);

struct Options {
    duration: Duration,
    /// Each scenario runs once per count.
    connections: Vec<usize>,
    athletes: usize,
    sqlite: bool,
    postgres: bool,
    scenarios: Vec<Scenario>,
    /// A PostgreSQL schema kept after the run and reused by the next one
    /// (seeding takes a quarter of an hour); `None`: a private one, dropped.
    keep_schema: Option<String>,
    /// Seed (the kept schema) and stop, measuring nothing.
    seed_only: bool,
}

fn options() -> Options {
    let mut o = Options {
        duration: Duration::from_secs(30),
        connections: vec![64],
        athletes: 1000,
        sqlite: true,
        postgres: true,
        scenarios: vec![Scenario::Today, Scenario::Log, Scenario::Dashboard],
        keep_schema: None,
        seed_only: false,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = || args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--duration" => o.duration = Duration::from_secs(value().parse().expect("seconds")),
            "--connections" => {
                o.connections = value()
                    .split(',')
                    .map(|n| n.trim().parse().expect("numbers, comma-separated"))
                    .collect()
            }
            "--athletes" => o.athletes = value().parse().expect("a number"),
            "--scenarios" => {
                o.scenarios = value()
                    .split(',')
                    .map(|name| match name.trim() {
                        "today" => Scenario::Today,
                        "log" => Scenario::Log,
                        "dashboard" => Scenario::Dashboard,
                        other => panic!("no scenario {other:?}: today, log or dashboard"),
                    })
                    .collect()
            }
            "--keep-schema" => o.keep_schema = Some(value()),
            "--seed-only" => {
                o.seed_only = true;
                i += 1;
                continue;
            }
            "--backend" => {
                let b = value();
                o.sqlite = b == "both" || b == "sqlite";
                o.postgres = b == "both" || b == "postgres";
            }
            // `cargo bench` passes `--bench`; nothing else is ours.
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    o
}

fn main() {
    let o = options();
    println!(
        "load: {:?} connections, {} s a scenario, today {TODAY}, {} weeks of history",
        o.connections,
        o.duration.as_secs(),
        HISTORY_WEEKS
    );
    let mut results: Vec<Row> = Vec::new();
    if o.sqlite {
        results.extend(sqlite(&o));
    }
    if o.postgres {
        results.extend(postgres(&o));
    }
    println!();
    println!(
        "| backend | scenario | connections | requests | requests/s | p50 | p99 | max | errors |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for row in &results {
        println!("{row}");
    }
    let cpu_rows: Vec<String> = results.iter().filter_map(Row::cpu_row).collect();
    if !cpu_rows.is_empty() {
        println!();
        println!(
            "| backend | scenario | connections | CPU a request: server | clients | day restarts | rest of the machine | all cores busy |"
        );
        println!("|---|---|---|---|---|---|---|---|");
        for row in cpu_rows {
            println!("{row}");
        }
    }
    let errors: u64 = results.iter().map(|r| r.stats.errors).sum();
    if errors > 0 {
        println!("{errors} requests failed");
        std::process::exit(1);
    }
}

// ---- seeding ---------------------------------------------------------------

/// For each slot of today's session: (index, sets, target).
fn todays_slots(store: &dyn Store) -> Vec<Slot> {
    let journal = Journal::load(store).unwrap();
    let session = journal
        .session_planned_on(TODAY)
        .unwrap()
        .expect("a session planned today");
    steps::today(&session, None, &journal.settings)
        .iter()
        .enumerate()
        .map(|(i, slot)| {
            (
                i,
                slot.steps.len(),
                target_of(&slot.slot.prescription).value(),
            )
        })
        .collect()
}

// ---- backends --------------------------------------------------------------

/// One athlete the clients act for, and how far today's session got.
struct Athlete {
    /// `Authorization` value on the server; none on the local app.
    bearer: Option<String>,
    /// Today's slots: (index, sets, target).
    slots: Vec<Slot>,
    /// Sets still to log per slot.
    left: Mutex<Vec<usize>>,
    /// Held to log a set; taken exclusively to start the day over.
    gate: tokio::sync::RwLock<()>,
    /// Deletes today's session (through the store, untimed) when every set
    /// of it is logged, so the clients can keep logging.
    reset: Arc<dyn Fn() + Send + Sync>,
    resets: AtomicUsize,
}

impl Athlete {
    fn new(
        bearer: Option<String>,
        slots: Vec<Slot>,
        reset: Arc<dyn Fn() + Send + Sync>,
    ) -> Athlete {
        Athlete {
            bearer,
            left: Mutex::new(slots.iter().map(|s| s.1).collect()),
            slots,
            gate: tokio::sync::RwLock::new(()),
            reset,
            resets: AtomicUsize::new(0),
        }
    }

    /// The next set to log: (slot, target).
    fn take(&self) -> Option<(usize, u32)> {
        let mut left = self.left.lock().unwrap();
        let i = left.iter().position(|n| *n > 0)?;
        left[i] -= 1;
        Some((self.slots[i].0, self.slots[i].2))
    }

    fn refill(&self) {
        *self.left.lock().unwrap() = self.slots.iter().map(|s| s.1).collect();
    }
}

/// Deletes today's session (and re-runs the decisions) in `store`.
fn start_today_over(store: &mut dyn Store) {
    journal::commit(store, vec![Write::DeleteSession { date: TODAY }]).unwrap();
}

fn sqlite(o: &Options) -> Vec<Row> {
    println!();
    println!("== SQLite (the local app: one athlete, no accounts)");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keel.db");
    let seeding = Instant::now();
    let mut store = SqliteStore::open(&path).unwrap();
    let writes = simulate(&mut store, HISTORY_WEEKS, 1);
    let slots = todays_slots(&store);
    println!(
        "seeded one athlete: {} sets in {:.1} s; today {} sets in {} exercises",
        sets_in(&writes),
        seeding.elapsed().as_secs_f64(),
        slots.iter().map(|s| s.1).sum::<usize>(),
        slots.len()
    );
    let reset_path = path.clone();
    let athlete = Athlete::new(
        None,
        slots,
        Arc::new(move || start_today_over(&mut SqliteStore::open(&reset_path).unwrap())),
    );
    let athletes = Arc::new(vec![athlete]);
    let server = Server::start(AppState::new(store, Some(TODAY)));
    let mut rows = Vec::new();
    // The local app has no coach dashboard.
    for &scenario in o.scenarios.iter().filter(|s| **s != Scenario::Dashboard) {
        for &connections in &o.connections {
            let stats = server.drive(o, connections, scenario, &athletes, None);
            rows.push(Row::new("SQLite", scenario, connections, stats));
        }
    }
    println!("coach dashboard: not on SQLite (the local app has no accounts and no coach)");
    println!(
        "days started over while logging: {}",
        athletes[0].resets.load(Ordering::Relaxed)
    );
    rows
}

fn postgres(o: &Options) -> Vec<Row> {
    println!();
    println!("== PostgreSQL (the coach server)");
    let Some(url) = ["KEEL_BENCH_POSTGRES_URL", "KEEL_TEST_POSTGRES_URL"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|u| !u.is_empty()))
    else {
        println!("KEEL_BENCH_POSTGRES_URL and KEEL_TEST_POSTGRES_URL are unset: skipped");
        return Vec::new();
    };
    let schema = o
        .keep_schema
        .clone()
        .unwrap_or_else(|| format!("keel_load_bench_{}", std::process::id()));
    let backend = PgBackend::connect_with(&url, Some(&schema), PoolOptions::default()).unwrap();
    // A private schema is dropped however the run ends, short of a kill.
    struct DropSchema(String, String);
    impl Drop for DropSchema {
        fn drop(&mut self) {
            match PgBackend::drop_schema(&self.0, &self.1) {
                Ok(()) => println!("dropped the benchmark schema {}", self.1),
                Err(e) => println!("could not drop the benchmark schema {}: {e}", self.1),
            }
        }
    }
    let _guard = o
        .keep_schema
        .is_none()
        .then(|| DropSchema(url.clone(), schema.clone()));

    let seeding = Instant::now();
    let templates: Vec<(Vec<Write>, Vec<Slot>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..TEMPLATES)
            .map(|t| {
                s.spawn(move || {
                    let mut store = SqliteStore::open_in_memory().unwrap();
                    let writes = simulate(&mut store, HISTORY_WEEKS, t as u64 + 1);
                    (writes, todays_slots(&store))
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    println!(
        "simulated {TEMPLATES} athletes' two years ({} sets each on average) in {:.1} s",
        templates.iter().map(|t| sets_in(&t.0)).sum::<usize>() / TEMPLATES,
        seeding.elapsed().as_secs_f64()
    );

    let seeded = backend
        .user_by_name(&athlete_name(o.athletes - 1))
        .unwrap()
        .is_some();
    let (coach, accounts) = if seeded {
        println!("reusing the athletes kept in schema {schema}");
        reuse_athletes(&backend, o.athletes)
    } else {
        let seeded = seed_athletes(&backend, o.athletes, &templates);
        analyze(&url, &schema);
        seeded
    };
    if o.seed_only {
        println!("seeded schema {schema}; measuring nothing (--seed-only)");
        return Vec::new();
    }
    let coach_token = new_token().unwrap();
    backend
        .create_api_token(coach, "load", &coach_token.hash)
        .unwrap();
    let mut accounts = accounts;
    accounts.sort_by_key(|a| a.0);
    let athletes: Vec<Athlete> = accounts
        .into_iter()
        .map(|(i, user, token)| {
            let backend = backend.clone();
            Athlete::new(
                Some(format!("Bearer {token}")),
                templates[i % TEMPLATES].1.clone(),
                // Through the server's cache layer, as a request deleting
                // the day would go: the kept journal takes the deleted day
                // in (`read::Earlier::written`) instead of the next set
                // reading the athlete's whole history back (twice: here
                // and in the server), which no real day costs.
                Arc::new(move || {
                    let memos = Arc::clone(backend.memos());
                    start_today_over(&mut Cached::new(backend.store(user), memos, user))
                }),
            )
        })
        .collect();
    let athletes = Arc::new(athletes);
    let server = Server::start(AppState::server(
        backend.clone(),
        ServerSettings::default(),
        Some(TODAY),
    ));
    let coach_bearer = format!("Bearer {}", coach_token.plaintext);
    let mut rows = Vec::new();
    for &scenario in &o.scenarios {
        for &connections in &o.connections {
            let stats = server.drive(o, connections, scenario, &athletes, Some(&coach_bearer));
            rows.push(Row::new("PostgreSQL", scenario, connections, stats));
        }
    }
    println!(
        "days started over while logging: {}",
        athletes
            .iter()
            .map(|a| a.resets.load(Ordering::Relaxed))
            .sum::<usize>()
    );
    drop(server);
    rows
}

fn athlete_name(i: usize) -> String {
    format!("athlete{i:04}")
}

/// Writes the admin, the coach and `athletes` athletes, each with a
/// template's history, linked to the coach and with an API token; returns
/// the coach and (index, account, token) of every athlete.
fn seed_athletes(
    backend: &PgBackend,
    athletes: usize,
    templates: &[(Vec<Write>, Vec<Slot>)],
) -> (UserId, Vec<(usize, UserId, String)>) {
    let hash = hash_password("load bench password").unwrap();
    if backend.user_by_name("coach").unwrap().is_some() {
        panic!("the schema holds a partly seeded run: drop it and run again");
    }
    backend.add_user("admin", "admin", &hash).unwrap();
    let coach = backend.add_user("coach", "coach", &hash).unwrap().id;
    let writing = Instant::now();
    let done = AtomicUsize::new(0);
    let accounts: Vec<(usize, UserId, String)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..SEED_THREADS)
            .map(|w| {
                let (hash, done) = (&hash, &done);
                s.spawn(move || {
                    (w..athletes)
                        .step_by(SEED_THREADS)
                        .map(|i| {
                            let user = backend
                                .add_user(&athlete_name(i), "athlete", hash)
                                .unwrap()
                                .id;
                            backend
                                .store(user)
                                .apply(templates[i % TEMPLATES].0.clone())
                                .unwrap();
                            backend.invite(coach, user).unwrap();
                            backend.accept(user, coach).unwrap();
                            let token = new_token().unwrap();
                            backend.create_api_token(user, "load", &token.hash).unwrap();
                            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                            if n % 100 == 0 {
                                println!("  {n} athletes written");
                            }
                            (i, user, token.plaintext)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    println!(
        "wrote {} athletes (accounts, history, coach link, API token) in {:.1} s",
        accounts.len(),
        writing.elapsed().as_secs_f64()
    );
    (coach, accounts)
}

/// The coach and athletes of a kept schema, each athlete with a new API
/// token (only hashes are stored) and today's session, if an earlier run
/// left one, deleted.
fn reuse_athletes(backend: &PgBackend, athletes: usize) -> (UserId, Vec<(usize, UserId, String)>) {
    let id_of = |name: &str| {
        backend
            .user_by_name(name)
            .unwrap()
            .unwrap_or_else(|| panic!("the kept schema has no user {name}: drop it"))
            .id
    };
    let coach = id_of("coach");
    let accounts = (0..athletes)
        .map(|i| {
            let user = id_of(&athlete_name(i));
            let mut store = backend.store(user);
            if !store.sessions(Some(TODAY), Some(TODAY)).unwrap().is_empty() {
                start_today_over(&mut store);
            }
            let token = new_token().unwrap();
            backend.create_api_token(user, "load", &token.hash).unwrap();
            (i, user, token.plaintext)
        })
        .collect();
    (coach, accounts)
}

/// Gathers the planner's statistics on the freshly seeded tables, as
/// autovacuum would on a server that has been running (it may be off, as it
/// is on the benchmark machine); without them PostgreSQL scans every
/// athlete's sessions to find one athlete's. Needs `psql`; says so if missing.
fn analyze(url: &str, schema: &str) {
    let sql = format!(
        "DO $$ DECLARE t text; BEGIN \
         FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = '{schema}' LOOP \
         EXECUTE format('ANALYZE %I.%I', '{schema}', t); END LOOP; END $$"
    );
    let started = Instant::now();
    match std::process::Command::new("psql")
        .args(["-q", "-d", url, "-c", &sql])
        .status()
    {
        Ok(status) if status.success() => println!(
            "analyzed the benchmark's tables in {:.1} s",
            started.elapsed().as_secs_f64()
        ),
        other => {
            println!("could not ANALYZE the benchmark's tables ({other:?}): plans may be poor")
        }
    }
}

// ---- driving ---------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scenario {
    /// `GET /`: the today page (journal load and replay, the session).
    Today,
    /// `POST /api/v1/sets`: the next set of today's session.
    Log,
    /// `GET /coach`: every athlete of the coach in one table.
    Dashboard,
}

impl Scenario {
    fn name(self) -> &'static str {
        match self {
            Scenario::Today => "today page (GET /)",
            Scenario::Log => "log a set (POST /api/v1/sets)",
            Scenario::Dashboard => "coach dashboard (GET /coach)",
        }
    }
}

/// The app on 127.0.0.1:0, on its own runtime (the clients have another).
struct Server {
    addr: std::net::SocketAddr,
    runtime: tokio::runtime::Runtime,
    clients: tokio::runtime::Runtime,
}

impl Server {
    fn start(state: AppState) -> Server {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap();
        let app = keel_web::router(state);
        let addr = runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            tokio::spawn(async move {
                axum::serve(
                    listener,
                    app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
                )
                .await
                .unwrap()
            });
            addr
        });
        let clients = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name(cpu::CLIENT_THREAD)
            .enable_all()
            .build()
            .unwrap();
        Server {
            addr,
            runtime,
            clients,
        }
    }

    /// `connections` connections send `scenario` back to back: a short
    /// unmeasured warm-up, then `o.duration` measured.
    fn drive(
        &self,
        o: &Options,
        connections: usize,
        scenario: Scenario,
        athletes: &Arc<Vec<Athlete>>,
        coach: Option<&str>,
    ) -> Stats {
        let warmup = Duration::from_secs(2);
        let addr = self.addr;
        let duration = o.duration;
        let coach = coach.map(str::to_string);
        let athletes = Arc::clone(athletes);
        let _ = &self.runtime;
        println!(
            "-- {}, {connections} connections, {} s ...",
            scenario.name(),
            duration.as_secs()
        );
        if scenario == Scenario::Dashboard {
            self.wait_for_dashboard(coach.as_deref());
        }
        let stats = self.clients.block_on(async move {
            let http: Client<HttpConnector, Body> = Client::builder(TokioExecutor::new())
                .pool_max_idle_per_host(connections)
                .build_http();
            let began = Instant::now();
            let measure_from = began + warmup;
            let until = measure_from + duration;
            let errors_shown = Arc::new(AtomicU64::new(0));
            let restarts = RestartThreads::new(connections);
            let window = tokio::spawn(async move {
                tokio::time::sleep_until(measure_from.into()).await;
                let from = cpu::sample();
                tokio::time::sleep_until(until.into()).await;
                (from, cpu::sample())
            });
            let tasks: Vec<_> = (0..connections)
                .map(|c| {
                    let (http, athletes, coach) =
                        (http.clone(), Arc::clone(&athletes), coach.clone());
                    let errors_shown = Arc::clone(&errors_shown);
                    let restarts = restarts.clone();
                    tokio::spawn(async move {
                        let mine: Vec<usize> = if athletes.len() >= connections {
                            (c..athletes.len()).step_by(connections).collect()
                        } else {
                            vec![c % athletes.len()]
                        };
                        let mut times = Vec::new();
                        let mut errors = 0u64;
                        let mut turn = 0usize;
                        while Instant::now() < until {
                            let athlete = &athletes[mine[turn % mine.len()]];
                            turn += 1;
                            let (result, started) = match scenario {
                                Scenario::Today => {
                                    let started = Instant::now();
                                    (
                                        send(&http, get(addr, "/", athlete.bearer.as_deref()))
                                            .await,
                                        started,
                                    )
                                }
                                Scenario::Dashboard => {
                                    let started = Instant::now();
                                    (
                                        send(&http, get(addr, "/coach", coach.as_deref())).await,
                                        started,
                                    )
                                }
                                Scenario::Log => {
                                    let (guard, slot, target) = next_set(athlete, &restarts).await;
                                    let body =
                                        format!(r#"{{"slot":{slot},"actual":{target},"rpe":7}}"#);
                                    let mut request =
                                        Request::post(format!("http://{addr}/api/v1/sets"))
                                            .header(header::CONTENT_TYPE, "application/json");
                                    if let Some(bearer) = &athlete.bearer {
                                        request = request.header(header::AUTHORIZATION, bearer);
                                    }
                                    let started = Instant::now();
                                    let result =
                                        send(&http, request.body(Body::from(body)).unwrap()).await;
                                    drop(guard);
                                    (result, started)
                                }
                            };
                            let elapsed = started.elapsed();
                            let ok = match &result {
                                Ok((status, _)) => status.is_success(),
                                Err(_) => false,
                            };
                            if !ok && errors_shown.fetch_add(1, Ordering::Relaxed) < 3 {
                                match &result {
                                    Ok((status, body)) => {
                                        let end = body.len().min(300);
                                        println!("   error: {status}: {}", &body[..end]);
                                    }
                                    Err(e) => println!("   error: {e}"),
                                }
                            }
                            // Errors count in the warm-up too; times only after it.
                            errors += u64::from(!ok);
                            if started >= measure_from {
                                times.push(elapsed);
                            }
                        }
                        (times, errors)
                    })
                })
                .collect();
            let mut times = Vec::new();
            let mut errors = 0;
            for task in tasks {
                let (t, e) = task.await.unwrap();
                times.extend(t);
                errors += e;
            }
            let elapsed = began.elapsed().saturating_sub(warmup);
            let mut stats = Stats::new(times, errors, elapsed);
            if let Ok((Some(from), Some(to))) = window.await {
                stats.cpu = cpu::Split::between(from, to, stats.requests, duration.as_secs_f64());
            }
            stats
        });
        println!("   {}", stats.line());
        if let Some(split) = &stats.cpu {
            println!("   {}", split.line());
        }
        stats
    }
}

impl Server {
    /// A large roster's dashboard fills in the background after its first
    /// view: wait until every row is there, and say how long that took.
    fn wait_for_dashboard(&self, coach: Option<&str>) {
        let addr = self.addr;
        let started = Instant::now();
        self.clients.block_on(async {
            let http: Client<HttpConnector, Body> =
                Client::builder(TokioExecutor::new()).build_http();
            loop {
                match send(&http, get(addr, "/coach", coach)).await {
                    Ok((status, body)) if status.is_success() => {
                        if !body.contains("still being prepared") {
                            break;
                        }
                    }
                    other => println!("   dashboard not ready: {other:?}"),
                }
                assert!(
                    started.elapsed() < Duration::from_secs(900),
                    "the dashboard did not fill in 15 minutes"
                );
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
        });
        println!(
            "   every row of the dashboard ready {:.1} s after its first view",
            started.elapsed().as_secs_f64()
        );
    }
}

/// Waits for a set of `athlete`'s to log; starts the day over (untimed)
/// when every set of it is logged.
async fn next_set<'a>(
    athlete: &'a Athlete,
    restarts: &RestartThreads,
) -> (tokio::sync::RwLockReadGuard<'a, ()>, usize, u32) {
    loop {
        let guard = athlete.gate.read().await;
        if let Some((slot, target)) = athlete.take() {
            return (guard, slot, target);
        }
        drop(guard);
        let _exclusive = athlete.gate.write().await;
        if athlete.left.lock().unwrap().iter().all(|n| *n == 0) {
            let reset = Arc::clone(&athlete.reset);
            restarts.run(move || reset()).await;
            athlete.refill();
            athlete.resets.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Threads that start finished days over, one for each connection so no
/// restart waits for another, named [`cpu::RESTART_THREAD`] so their CPU is
/// told apart from the clients' and the server's. They end when the last
/// handle is dropped.
#[derive(Clone)]
struct RestartThreads {
    jobs: std::sync::mpsc::Sender<Box<dyn FnOnce() + Send>>,
}

impl RestartThreads {
    fn new(threads: usize) -> RestartThreads {
        let (jobs, next) = std::sync::mpsc::channel::<Box<dyn FnOnce() + Send>>();
        let next = Arc::new(Mutex::new(next));
        for _ in 0..threads {
            let next = Arc::clone(&next);
            std::thread::Builder::new()
                .name(cpu::RESTART_THREAD.to_string())
                .spawn(move || {
                    loop {
                        // The lock is let go before the job runs.
                        let Ok(job) = next.lock().unwrap().recv() else {
                            return;
                        };
                        job();
                    }
                })
                .unwrap();
        }
        RestartThreads { jobs }
    }

    /// Runs `f` on one of the threads and waits for it.
    async fn run(&self, f: impl FnOnce() + Send + 'static) {
        let (done, finished) = tokio::sync::oneshot::channel();
        self.jobs
            .send(Box::new(move || {
                f();
                let _ = done.send(());
            }))
            .unwrap();
        finished.await.unwrap();
    }
}

fn get(addr: std::net::SocketAddr, path: &str, bearer: Option<&str>) -> Request<Body> {
    let mut request = Request::get(format!("http://{addr}{path}"));
    if let Some(bearer) = bearer {
        request = request.header(header::AUTHORIZATION, bearer);
    }
    request.body(Body::empty()).unwrap()
}

/// One request and its whole reply, or why there was none.
async fn send(
    http: &Client<HttpConnector, Body>,
    request: Request<Body>,
) -> Result<(StatusCode, String), String> {
    let exchange = async {
        let response = http.request(request).await.map_err(|e| e.to_string())?;
        let status = response.status();
        let bytes = axum::body::to_bytes(Body::new(response.into_body()), usize::MAX)
            .await
            .map_err(|e| e.to_string())?;
        Ok((status, String::from_utf8_lossy(&bytes).into_owned()))
    };
    tokio::time::timeout(Duration::from_secs(60), exchange)
        .await
        .map_err(|_| "no reply within 60 s".to_string())?
}

// ---- results ---------------------------------------------------------------

struct Stats {
    requests: usize,
    errors: u64,
    per_second: f64,
    p50: Duration,
    p99: Duration,
    max: Duration,
    /// Where the CPU of the measured window went, where Linux tells.
    cpu: Option<cpu::Split>,
}

impl Stats {
    fn new(mut times: Vec<Duration>, errors: u64, elapsed: Duration) -> Stats {
        times.sort();
        let at = |q: f64| {
            if times.is_empty() {
                Duration::ZERO
            } else {
                times[((times.len() as f64 - 1.0) * q).round() as usize]
            }
        };
        Stats {
            requests: times.len(),
            errors,
            per_second: times.len() as f64 / elapsed.as_secs_f64().max(1e-9),
            p50: at(0.50),
            p99: at(0.99),
            max: times.last().copied().unwrap_or_default(),
            cpu: None,
        }
    }

    fn line(&self) -> String {
        format!(
            "{} requests, {:.0}/s, p50 {}, p99 {}, max {}, {} errors",
            self.requests,
            self.per_second,
            ms(self.p50),
            ms(self.p99),
            ms(self.max),
            self.errors
        )
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

struct Row {
    backend: &'static str,
    scenario: Scenario,
    connections: usize,
    stats: Stats,
}

impl Row {
    fn new(backend: &'static str, scenario: Scenario, connections: usize, stats: Stats) -> Row {
        Row {
            backend,
            scenario,
            connections,
            stats,
        }
    }
}

impl Row {
    /// The row of the CPU table, where the window's CPU was measured.
    fn cpu_row(&self) -> Option<String> {
        let c = self.stats.cpu.as_ref()?;
        Some(format!(
            "| {} | {} | {} | {:.2} ms | {:.2} ms | {:.2} ms | {:.2} ms | {:.0} % |",
            self.backend,
            self.scenario.name(),
            self.connections,
            c.server,
            c.clients,
            c.restarts,
            c.rest,
            c.busy * 100.0
        ))
    }
}

impl std::fmt::Display for Row {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = &self.stats;
        write!(
            f,
            "| {} | {} | {} | {} | {:.0} | {} | {} | {} | {} |",
            self.backend,
            self.scenario.name(),
            self.connections,
            s.requests,
            s.per_second,
            ms(s.p50),
            ms(s.p99),
            ms(s.max),
            s.errors
        )
    }
}
