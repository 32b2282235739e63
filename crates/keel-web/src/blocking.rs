//! Database work runs on tokio's blocking threads (both stores are
//! synchronous), at most [`slots`] tasks at once, first come first served.
//!
//! Without the bound, 64 requests at once meant 64 threads and 64
//! PostgreSQL backends runnable on a 2-core machine: most requests finished
//! in a millisecond while the scheduler left a few waiting for hundreds. A
//! short fair queue gives every request about the same wait.

use std::sync::{Arc, OnceLock};

use tokio::sync::Semaphore;
use tokio::task::JoinError;

/// How many database tasks run at once: four per core, so a task waiting on
/// the database leaves the cores busy with others.
pub fn slots() -> usize {
    std::thread::available_parallelism().map_or(4, |n| n.get() * 4)
}

fn gate() -> Arc<Semaphore> {
    static GATE: OnceLock<Arc<Semaphore>> = OnceLock::new();
    Arc::clone(GATE.get_or_init(|| Arc::new(Semaphore::new(slots()))))
}

/// Database tasks running now and slots free now (for the metrics).
pub fn usage() -> (usize, usize) {
    let available = gate().available_permits();
    (slots().saturating_sub(available), available)
}

/// Runs `f` on a blocking thread once a slot is free (the semaphore queues
/// waiters in order).
pub async fn run<T, F>(f: F) -> Result<T, JoinError>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    // The gate is never closed, so a permit always comes; were it closed,
    // the work would run unbounded rather than not at all.
    let permit = gate().acquire_owned().await.ok();
    tokio::task::spawn_blocking(move || {
        let _slot = permit;
        f()
    })
    .await
}
