//! Running the server in production: the health and readiness probes, a
//! request id and one structured log event per request, and Prometheus
//! metrics.
//!
//! The probes are public routes (a load balancer asks them without an
//! account). The metrics are never on the public router: [`metrics_router`]
//! is a router of its own, which `keel serve --metrics-bind ADDR` serves on
//! a separate address.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tracing::Instrument as _;

use crate::AppState;
use crate::request_id;
use crate::routes::Routes;

/// The header carrying a request's id, both ways.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// `GET /healthz` and `GET /readyz`: public, outside every other layer.
pub(crate) fn probe_routes() -> Routes {
    Routes::new()
        .get("/healthz", healthz)
        .get("/readyz", readyz)
}

/// The process is alive; the database is not asked.
async fn healthz() -> Response {
    fresh((StatusCode::OK, "ok\n").into_response())
}

/// A probe's answer is never cached: each one asks anew.
fn fresh(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The database answers (200), or not (503).
async fn readyz(State(state): State<AppState>) -> Response {
    fresh(match crate::blocking::run(move || state.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, "ready\n").into_response(),
        Ok(Err(error)) => {
            tracing::warn!(%error, "readiness check: the database does not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "not ready: the database does not answer\n",
            )
                .into_response()
        }
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "not ready: the database check failed\n",
        )
            .into_response(),
    })
}

/// The router serving `GET /metrics`, to be bound to its own address.
pub fn metrics_router(state: AppState) -> Router {
    Routes::new()
        .get("/metrics", metrics)
        .into_router()
        .with_state(state)
}

async fn metrics(State(state): State<AppState>) -> Response {
    let text = registry().render(state.pool_stats());
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        text,
    )
        .into_response()
}

/// The access log and the metrics, around `answer` (run outermost by
/// [`crate::layers::outer`]): gives the request an id (the client's
/// `X-Request-Id` when it is a plain token, else a new one), runs `answer`
/// inside a `request` span carrying that id, logs one event when it is
/// answered, counts it in the metrics and returns the id in `X-Request-Id`.
pub(crate) async fn observe<F>(request: Request, answer: impl FnOnce(Request) -> F) -> Response
where
    F: Future<Output = Response>,
{
    let started = Instant::now();
    let id = request
        .headers()
        .get(&REQUEST_ID)
        .and_then(|value| value.to_str().ok())
        .filter(|value| plain_id(value))
        .map_or_else(request_id::new_id, str::to_string);
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str)
        .to_string();
    let method = request.method().clone();
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method = %method,
        path = %request.uri().path(),
    );
    async move {
        // The same id names the request in the error log (`request_id`).
        let mut response = request_id::scope(id.clone(), answer(request)).await;
        let elapsed = started.elapsed();
        let status = response.status().as_u16();
        registry().record(&route, method.as_str(), status, elapsed.as_secs_f64());
        let latency_ms = elapsed.as_secs_f64() * 1000.0;
        // One line a request, in its span (entered while this runs); a
        // server error's cause is logged, at error level, by `request_id`.
        tracing::info!(status, route = %route, latency_ms, "answered");
        if let Ok(value) = HeaderValue::from_str(&id) {
            response.headers_mut().insert(REQUEST_ID, value);
        }
        response
    }
    .instrument(span)
    .await
}

/// An id a client may choose: 1 to 64 letters, digits, `-`, `_` or `.`.
fn plain_id(value: &str) -> bool {
    (1..=64).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Upper bounds of the latency histogram's buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// The counters, kept for the life of the process.
#[derive(Default)]
struct Registry {
    inner: Mutex<Counts>,
}

#[derive(Default)]
struct Counts {
    /// (route, method, status) -> requests answered.
    requests: BTreeMap<(String, String, u16), u64>,
    /// route -> latency histogram.
    latency: BTreeMap<String, Histogram>,
    /// Answers with a 5xx status.
    errors: u64,
}

#[derive(Default)]
struct Histogram {
    /// Requests at most each bucket's bound (not yet cumulative).
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(Registry::default)
}

impl Registry {
    fn counts(&self) -> std::sync::MutexGuard<'_, Counts> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn record(&self, route: &str, method: &str, status: u16, seconds: f64) {
        let mut counts = self.counts();
        *counts
            .requests
            .entry((route.to_string(), method.to_string(), status))
            .or_default() += 1;
        let histogram = counts.latency.entry(route.to_string()).or_default();
        if let Some(bucket) = BUCKETS.iter().position(|bound| seconds <= *bound) {
            histogram.buckets[bucket] += 1;
        }
        histogram.count += 1;
        histogram.sum += seconds;
        if status >= 500 {
            counts.errors += 1;
        }
    }

    /// The Prometheus text exposition format.
    fn render(&self, pool: Option<(usize, usize)>) -> String {
        use std::fmt::Write as _;
        let counts = self.counts();
        let mut out = String::new();
        out += "# HELP keel_http_requests_total HTTP requests answered, by route, method and status.\n";
        out += "# TYPE keel_http_requests_total counter\n";
        for ((route, method, status), n) in &counts.requests {
            let _ = writeln!(
                out,
                "keel_http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {n}",
                escape(route)
            );
        }
        out += "# HELP keel_http_request_duration_seconds Time to answer a request, by route.\n";
        out += "# TYPE keel_http_request_duration_seconds histogram\n";
        for (route, histogram) in &counts.latency {
            let route = escape(route);
            let mut cumulative = 0;
            for (bound, n) in BUCKETS.iter().zip(histogram.buckets) {
                cumulative += n;
                let _ = writeln!(
                    out,
                    "keel_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "keel_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}\n\
                 keel_http_request_duration_seconds_sum{{route=\"{route}\"}} {}\n\
                 keel_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                histogram.count, histogram.sum, histogram.count
            );
        }
        out += "# HELP keel_http_errors_total Requests answered with a server error (5xx).\n";
        out += "# TYPE keel_http_errors_total counter\n";
        let _ = writeln!(out, "keel_http_errors_total {}", counts.errors);
        drop(counts);
        let (in_use, available) = crate::blocking::usage();
        out += "# HELP keel_db_tasks_in_use Database tasks running now (of keel_db_tasks_max).\n";
        out += "# TYPE keel_db_tasks_in_use gauge\n";
        let _ = writeln!(out, "keel_db_tasks_in_use {in_use}");
        out += "# HELP keel_db_tasks_max Database tasks that may run at once.\n";
        out += "# TYPE keel_db_tasks_max gauge\n";
        let _ = writeln!(out, "keel_db_tasks_max {}", in_use + available);
        if let Some((in_use, idle)) = pool {
            out +=
                "# HELP keel_db_pool_connections PostgreSQL connections of the pool, by state.\n";
            out += "# TYPE keel_db_pool_connections gauge\n";
            let _ = writeln!(
                out,
                "keel_db_pool_connections{{state=\"in_use\"}} {in_use}\n\
                 keel_db_pool_connections{{state=\"idle\"}} {idle}"
            );
        }
        out
    }
}

/// A label value with `\`, `"` and newlines escaped.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_ids_are_taken_from_the_client() {
        assert!(plain_id("abc-123_x.y"));
        for refused in ["", "a b", "x\"y", "é", &"a".repeat(65)] {
            assert!(!plain_id(refused), "{refused:?}");
        }
        let (a, b) = (request_id::new_id(), request_id::new_id());
        assert_ne!(a, b);
        assert!(plain_id(&a));
    }

    #[test]
    fn the_histogram_is_cumulative_and_counts_errors() {
        let registry = Registry::default();
        registry.record("/x", "GET", 200, 0.0005);
        registry.record("/x", "GET", 500, 0.02);
        let text = registry.render(Some((2, 3)));
        assert!(
            text.contains("keel_http_requests_total{route=\"/x\",method=\"GET\",status=\"200\"} 1"),
            "{text}"
        );
        assert!(
            text.contains("keel_http_request_duration_seconds_bucket{route=\"/x\",le=\"0.001\"} 1")
        );
        assert!(
            text.contains("keel_http_request_duration_seconds_bucket{route=\"/x\",le=\"0.025\"} 2")
        );
        assert!(
            text.contains("keel_http_request_duration_seconds_bucket{route=\"/x\",le=\"+Inf\"} 2")
        );
        assert!(text.contains("keel_http_request_duration_seconds_count{route=\"/x\"} 2"));
        assert!(text.contains("keel_http_errors_total 1"));
        assert!(text.contains("keel_db_pool_connections{state=\"in_use\"} 2"));
        assert!(text.contains("keel_db_pool_connections{state=\"idle\"} 3"));
    }
}
