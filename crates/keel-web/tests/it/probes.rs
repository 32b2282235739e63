//! The health and readiness probes: `/healthz` answers while the process
//! lives; `/readyz` answers 200 while the database does and 503 once it
//! does not; both carry a request id.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use keel_store::SqliteStore;
use keel_web::AppState;
use tower::ServiceExt as _;

fn get(runtime: &tokio::runtime::Runtime, router: &Router, path: &str) -> (StatusCode, String) {
    runtime.block_on(async {
        let response = router
            .clone()
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert!(response.headers().contains_key("x-request-id"), "{path}");
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        (status, String::from_utf8(bytes.to_vec()).unwrap())
    })
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn both_probes_answer_on_the_sqlite_file_without_an_account() {
    let runtime = runtime();
    let store = SqliteStore::open_in_memory().unwrap();
    let router = keel_web::router(AppState::new(store, Some(common::TODAY)));
    assert_eq!(
        get(&runtime, &router, "/healthz"),
        (StatusCode::OK, "ok\n".into())
    );
    assert_eq!(
        get(&runtime, &router, "/readyz"),
        (StatusCode::OK, "ready\n".into())
    );
}

#[cfg(feature = "postgres")]
#[test]
fn readiness_fails_when_the_database_stops_answering_and_health_does_not() {
    use keel_store_postgres::PgBackend;
    let Some(schema) = common::pg::Schema::new("keel_probes", "readiness") else {
        return;
    };
    let runtime = runtime();
    let state = AppState::server(schema.backend(), Default::default(), Some(common::TODAY));
    let router = keel_web::router(state);
    // No login needed: a load balancer asks.
    assert_eq!(
        get(&runtime, &router, "/readyz"),
        (StatusCode::OK, "ready\n".into())
    );
    // Keel's schema goes away under the running server.
    PgBackend::drop_schema(&schema.url, &schema.name).unwrap();
    let (status, body) = get(&runtime, &router, "/readyz");
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(body.contains("the database does not answer"), "{body}");
    assert_eq!(
        get(&runtime, &router, "/healthz"),
        (StatusCode::OK, "ok\n".into())
    );
}
