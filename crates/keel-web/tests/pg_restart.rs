//! PostgreSQL restarted under load: the coach server keeps running. While
//! clients log sets through the API, the database server is restarted
//! (`KEEL_TEST_POSTGRES_RESTART`, a shell command; `.ci/run` sets it).
//! Requests in flight get a clean JSON 5xx, Keel recovers on its own once
//! PostgreSQL is back, and every set acknowledged with a 2xx is in the store,
//! as acknowledged. Every request carries an `Idempotency-Key`; each failed
//! one is sent again with its key once PostgreSQL is back: every set stored
//! during the restart was either acknowledged or is found by its key on
//! that retry, and no retry doubled a set.
//!
//! One test in its own binary: cargo runs test binaries one after another,
//! so no other test is using PostgreSQL while this one restarts it.
#![cfg(feature = "postgres")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "it/common/mod.rs"]
mod common;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use keel_app::auth::{hash_password, new_token};
use keel_app::journal::Journal;
use keel_app::record::target_of;
use keel_app::steps;
use keel_store::Store;
use keel_store_postgres::{PgBackend, UserId};
use keel_web::AppState;
use keel_web::accounts::ServerSettings;
use serde_json::{Value, json};

use common::pg::Schema;
use common::{TODAY, onboard};

/// Concurrent clients, each logging for its own athletes.
const CLIENTS: usize = 4;
/// Athletes per client: a client moves on when one's session is fully logged
/// or after a failed request (whose set may or may not have been stored).
const ATHLETES_PER_CLIENT: usize = 80;
/// Logging before the restart starts.
const BEFORE_RESTART: Duration = Duration::from_secs(3);
/// Logging after PostgreSQL accepts connections again.
const AFTER_RECOVERY: Duration = Duration::from_secs(4);
/// Requests started this long after PostgreSQL is back must all succeed.
const RECOVERY_GRACE: Duration = Duration::from_millis(500);
/// No request may take longer: a hang fails the test instead of stalling it.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
/// Pause between one client's requests.
const PACE: Duration = Duration::from_millis(40);
/// Pause after a failed request, as a client backing off would (sooner than
/// the reply's Retry-After): every failure leaves an athlete, and the
/// restart may take many seconds on a busy machine.
const PACE_AFTER_FAILURE: Duration = Duration::from_millis(500);

struct Athlete {
    user: UserId,
    bearer: String,
    /// For each slot of today's session: (index, sets to log, target).
    slots: Vec<(usize, usize, u32)>,
}

/// What one request got.
#[derive(Debug)]
enum Outcome {
    Ok(Value),
    Failed { status: StatusCode, body: String },
    Transport(String),
    TimedOut,
}

#[derive(Debug)]
struct Attempt {
    started: Instant,
    user: UserId,
    /// Its `Idempotency-Key`, its body and its athlete's credential, to
    /// send it again.
    key: String,
    body: Value,
    bearer: String,
    outcome: Outcome,
}

#[test]
fn restarting_postgresql_under_load_loses_no_acknowledged_set_and_keel_recovers() {
    let Some(restart) = std::env::var("KEEL_TEST_POSTGRES_RESTART")
        .ok()
        .filter(|c| !c.trim().is_empty())
    else {
        // In CI a missing service is a failure, never a silent skip.
        assert!(
            std::env::var_os("CI").is_none(),
            "KEEL_TEST_POSTGRES_RESTART is unset, but CI is set: the PostgreSQL restart test must run, not skip"
        );
        println!("KEEL_TEST_POSTGRES_RESTART is unset: skipping the PostgreSQL restart test");
        return;
    };
    let Some(schema) = Schema::new("keel_web_restart", "pg_restart") else {
        return;
    };
    let backend = schema.backend();
    let url = schema.url.clone();
    let athletes: Vec<Athlete> = (0..CLIENTS * ATHLETES_PER_CLIENT)
        .map(|i| athlete(&backend, &format!("athlete{i}")))
        .collect();
    let athletes = Arc::new(athletes);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let app = keel_web::router(AppState::server(
        backend.clone(),
        ServerSettings::default(),
        Some(TODAY),
    ));
    let (attempts, restart_began, ready_at, addr) = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .unwrap()
        });
        let started = Instant::now();
        let (ready_tx, ready_rx) = tokio::sync::watch::channel(None::<Instant>);
        let clients: Vec<_> = (0..CLIENTS)
            .map(|c| {
                let athletes = Arc::clone(&athletes);
                let ready_rx = ready_rx.clone();
                tokio::spawn(client(addr, athletes, c, ready_rx))
            })
            .collect();
        tokio::time::sleep(BEFORE_RESTART).await;
        let restart_began = Instant::now();
        let ready_at = tokio::task::spawn_blocking(move || restart_postgres(&restart, &url))
            .await
            .unwrap();
        println!(
            "PostgreSQL restarted in {:.1} s ({:.1} s into the run)",
            (ready_at - restart_began).as_secs_f64(),
            (restart_began - started).as_secs_f64()
        );
        ready_tx.send(Some(ready_at)).unwrap();
        let mut attempts = Vec::new();
        for client in clients {
            attempts.extend(client.await.unwrap());
        }
        (attempts, restart_began, ready_at, addr)
    });

    let ok = attempts
        .iter()
        .filter(|a| matches!(a.outcome, Outcome::Ok(_)))
        .count();
    let failed: Vec<&Attempt> = attempts
        .iter()
        .filter(|a| !matches!(a.outcome, Outcome::Ok(_)))
        .collect();
    println!(
        "{} requests: {ok} acknowledged, {} failed",
        attempts.len(),
        failed.len()
    );

    // Failures are clean JSON 503s (try again), never a hang or a dropped
    // connection, and only while PostgreSQL was away.
    for attempt in &failed {
        match &attempt.outcome {
            Outcome::Failed { status, body } => {
                assert_eq!(*status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
                // Before the write (nothing was changed), or while it
                // committed: then it may have been stored, and says so.
                let unknown = body.contains("\"outcome_unknown\"");
                assert!(unknown || body.contains("\"unavailable\""), "{body}");
                if unknown {
                    assert!(body.contains("may have been stored"), "{body}");
                    assert!(!body.contains("othing was changed"), "{body}");
                }
                let json: Value = serde_json::from_str(body)
                    .unwrap_or_else(|_| panic!("a JSON error body, got {status}: {body}"));
                assert_eq!(
                    json["error"]["status"],
                    json!(status.as_u16()),
                    "the API's error shape: {body}"
                );
            }
            Outcome::Transport(e) => panic!("a request got no HTTP answer: {e}"),
            Outcome::TimedOut => panic!("a request hung for {REQUEST_TIMEOUT:?}"),
            Outcome::Ok(_) => unreachable!("only failures here"),
        }
        assert!(
            attempt.started >= restart_began - Duration::from_millis(200)
                && attempt.started < ready_at + RECOVERY_GRACE,
            "a request failed outside the restart: {:?}",
            attempt.outcome
        );
    }

    // After recovery, without restarting Keel, everything succeeds.
    let recovered = attempts
        .iter()
        .filter(|a| a.started >= ready_at + RECOVERY_GRACE)
        .count();
    assert!(
        recovered >= CLIENTS * 10,
        "only {recovered} requests after recovery"
    );
    assert!(ok > recovered, "sets were logged before the restart too");

    // Every acknowledged set is stored exactly as acknowledged.
    let mut stored: HashMap<i64, Value> = HashMap::new();
    for athlete in athletes_of(&attempts) {
        for session in backend.store(athlete).sessions(None, None).unwrap() {
            for set in session.sets {
                stored.insert(set.id, serde_json::to_value(&set).unwrap());
            }
        }
    }
    for attempt in &attempts {
        if let Outcome::Ok(reply) = &attempt.outcome {
            let set = &reply["set"];
            let id = set["id"].as_i64().expect("the logged set's id");
            assert_eq!(stored.get(&id), Some(set), "acknowledged set #{id}");
        }
    }
    println!("all {ok} acknowledged sets are in the store");

    // Each failed request sent again with its key: stored now (201), or
    // found stored by its key (200 `stored`); sent once more, the same
    // answer again and nothing more written.
    let retried = runtime.block_on(async move {
        let http: Client<HttpConnector, Body> = Client::builder(TokioExecutor::new()).build_http();
        let mut retried = Vec::new();
        for attempt in failed {
            let first = post(&http, addr, &attempt.bearer, &attempt.key, &attempt.body).await;
            let again = post(&http, addr, &attempt.bearer, &attempt.key, &attempt.body).await;
            match (&first, &again) {
                (Outcome::Ok(a), Outcome::Ok(b)) => assert_eq!(a, b, "a retry's answer"),
                other => panic!("a retry with its key failed: {other:?}"),
            }
            retried.push((attempt.user, first));
        }
        retried
    });
    let mut acknowledged: Vec<i64> = Vec::new();
    for attempt in &attempts {
        if let Outcome::Ok(reply) = &attempt.outcome {
            acknowledged.extend(reply["set"]["id"].as_i64());
        }
    }
    let mut found_by_key = 0;
    for (user, outcome) in &retried {
        let Outcome::Ok(reply) = outcome else {
            unreachable!("checked above")
        };
        if reply["stored"] == json!(true) {
            found_by_key += 1;
        } else {
            let id = reply["set"]["id"].as_i64().expect("the retried set's id");
            acknowledged.push(id);
            assert!(
                backend
                    .store(*user)
                    .sessions(None, None)
                    .unwrap()
                    .iter()
                    .any(|s| s.sets.iter().any(|set| set.id == id)),
                "set #{id} stored by a retry"
            );
        }
    }
    for attempt in &attempts {
        let kept = backend.store(attempt.user).kept_key(&attempt.key).unwrap();
        assert!(kept.is_some(), "key {} is stored with its set", attempt.key);
    }
    let mut stored_now = 0;
    for athlete in athletes_of(&attempts) {
        for session in backend.store(athlete).sessions(None, None).unwrap() {
            stored_now += session.sets.len();
        }
    }
    // One set per request: acknowledged (first try or retry), or stored
    // during the restart and found by its key; never two.
    assert_eq!(
        stored_now,
        acknowledged.len() + found_by_key,
        "{} acknowledged, {found_by_key} found by their key",
        acknowledged.len()
    );
    assert_eq!(stored_now, attempts.len(), "no request stored twice");
    println!(
        "{} failed requests retried with their key: {found_by_key} had been stored, the rest \
         stored once now",
        retried.len()
    );
    drop(runtime);
    drop(schema);
}

/// An onboarded athlete with an API token, and today's sets to log.
fn athlete(backend: &PgBackend, name: &str) -> Athlete {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let hash = HASH.get_or_init(|| hash_password("correct horse battery").unwrap());
    let user = backend.add_user(name, "athlete", hash).unwrap().id;
    let mut store = backend.store(user);
    onboard(&mut store);
    let token = new_token().unwrap();
    backend
        .create_api_token(user, "restart", &token.hash)
        .unwrap();
    let journal = Journal::load(&store).unwrap();
    let session = journal.session_planned_on(TODAY).unwrap().unwrap();
    let slots = steps::today(&session, None, &journal.settings)
        .iter()
        .enumerate()
        .map(|(i, slot)| {
            (
                i,
                slot.steps.len(),
                target_of(&slot.slot.prescription).value(),
            )
        })
        .collect();
    Athlete {
        user,
        bearer: format!("Bearer {}", token.plaintext),
        slots,
    }
}

/// Client `c` logs sets for its athletes until PostgreSQL has been back for
/// [`AFTER_RECOVERY`].
async fn client(
    addr: SocketAddr,
    athletes: Arc<Vec<Athlete>>,
    c: usize,
    ready: tokio::sync::watch::Receiver<Option<Instant>>,
) -> Vec<Attempt> {
    let http: Client<HttpConnector, Body> = Client::builder(TokioExecutor::new()).build_http();
    // Work queue: (athlete, slot, target), one entry a set.
    let queue: Vec<(usize, usize, u32)> = (c..athletes.len())
        .step_by(CLIENTS)
        .flat_map(|a| {
            athletes[a]
                .slots
                .iter()
                .flat_map(move |&(slot, sets, target)| std::iter::repeat_n((a, slot, target), sets))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut queue = queue.into_iter();
    let mut attempts = Vec::new();
    let mut abandoned: Option<UserId> = None;
    loop {
        if let Some(ready_at) = *ready.borrow()
            && ready_at.elapsed() >= AFTER_RECOVERY
        {
            break;
        }
        let Some((a, slot, target)) = queue.next() else {
            panic!("client {c} ran out of sets to log; add athletes");
        };
        let athlete = &athletes[a];
        // After a failure the store may or may not hold that set: leave the
        // athlete, so the next request cannot hit a slot already full.
        if abandoned == Some(athlete.user) {
            continue;
        }
        let body = json!({"slot": slot, "actual": target, "rpe": 7});
        let key = format!("client{c}-request{}", attempts.len());
        let started = Instant::now();
        let outcome = post(&http, addr, &athlete.bearer, &key, &body).await;
        let failed = !matches!(outcome, Outcome::Ok(_));
        if failed {
            abandoned = Some(athlete.user);
        }
        attempts.push(Attempt {
            started,
            user: athlete.user,
            key,
            body,
            bearer: athlete.bearer.clone(),
            outcome,
        });
        tokio::time::sleep(if failed { PACE_AFTER_FAILURE } else { PACE }).await;
    }
    attempts
}

async fn post(
    http: &Client<HttpConnector, Body>,
    addr: SocketAddr,
    bearer: &str,
    key: &str,
    body: &Value,
) -> Outcome {
    let request = Request::post(format!("http://{addr}/api/v1/sets"))
        .header(header::AUTHORIZATION, bearer)
        .header("Idempotency-Key", key)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(serde_json::to_vec(body).unwrap()))
        .unwrap();
    let exchange = async {
        let response = http.request(request).await.map_err(|e| e.to_string())?;
        let status = response.status();
        let bytes = axum::body::to_bytes(Body::new(response.into_body()), usize::MAX)
            .await
            .map_err(|e| e.to_string())?;
        Ok::<_, String>((status, String::from_utf8_lossy(&bytes).to_string()))
    };
    match tokio::time::timeout(REQUEST_TIMEOUT, exchange).await {
        Err(_) => Outcome::TimedOut,
        Ok(Err(e)) => Outcome::Transport(e),
        Ok(Ok((status, body))) if status.is_success() => {
            Outcome::Ok(serde_json::from_str(&body).expect("a JSON reply"))
        }
        Ok(Ok((status, body))) => Outcome::Failed { status, body },
    }
}

/// Runs the restart command, then waits until PostgreSQL accepts
/// connections again; returns when it did.
fn restart_postgres(command: &str, url: &str) -> Instant {
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .status()
        .expect("running KEEL_TEST_POSTGRES_RESTART");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        // The test's own URL: the server it restarted, whatever its port.
        let ready = std::process::Command::new("pg_isready")
            .args(["-q", "-d", url])
            .status()
            .is_ok_and(|s| s.success());
        if ready {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "PostgreSQL did not come back within 60 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(status.success(), "the restart command failed: {status}");
    Instant::now()
}

fn athletes_of(attempts: &[Attempt]) -> Vec<UserId> {
    let mut users: Vec<UserId> = attempts.iter().map(|a| a.user).collect();
    users.sort_by_key(|u| u.get());
    users.dedup();
    users
}
