//! Where the CPU of a measured window went, read from Linux's `/proc`: the
//! benchmark's own threads by name (the load clients, the day restarts),
//! the server (the rest of this process, threads that have ended included)
//! and the whole machine, whose remainder is PostgreSQL's, the kernel's
//! and other programs'. Where `/proc` cannot be read, nothing is reported.

use std::fs;

/// The clients' runtime threads.
pub const CLIENT_THREAD: &str = "load-client";
/// The threads that start a finished day over.
pub const RESTART_THREAD: &str = "load-restart";

/// `/proc` counts CPU time in clock ticks of 1/100 s (`USER_HZ`).
const TICKS_A_SECOND: f64 = 100.0;

/// CPU time used so far, in clock ticks.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    machine: u64,
    process: u64,
    clients: u64,
    restarts: u64,
}

/// A window's CPU time a request, in milliseconds, by who used it.
#[derive(Debug, Clone, Copy)]
pub struct Split {
    pub server: f64,
    pub clients: f64,
    pub restarts: f64,
    pub rest: f64,
    /// How busy all cores were, 0 to 1.
    pub busy: f64,
}

pub fn sample() -> Option<Sample> {
    let mut clients = 0;
    let mut restarts = 0;
    for task in fs::read_dir("/proc/self/task").ok()?.flatten() {
        // A thread may end between listing and reading; it then counts
        // as the server's, which is where ended threads go anyway.
        let Some((name, ticks)) = fs::read_to_string(task.path().join("stat"))
            .ok()
            .and_then(|stat| thread_ticks(&stat))
        else {
            continue;
        };
        match name.as_str() {
            CLIENT_THREAD => clients += ticks,
            RESTART_THREAD => restarts += ticks,
            _ => {}
        }
    }
    let (_, process) = thread_ticks(&fs::read_to_string("/proc/self/stat").ok()?)?;
    Some(Sample {
        machine: machine_busy(&fs::read_to_string("/proc/stat").ok()?)?,
        process,
        clients,
        restarts,
    })
}

/// `(name, user + system ticks)` of a `stat` line of `/proc`.
fn thread_ticks(stat: &str) -> Option<(String, u64)> {
    let (head, tail) = stat.rsplit_once(')')?;
    let (_, name) = head.split_once('(')?;
    // After the name: state (field 3), ..., utime (14), stime (15).
    let fields: Vec<&str> = tail.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<u64>().ok();
    Some((name.to_string(), ticks(11)? + ticks(12)?))
}

/// Busy ticks of all cores from `/proc/stat`'s `cpu` line: user, nice,
/// system, irq, softirq and steal (guest time is already in user).
fn machine_busy(stat: &str) -> Option<u64> {
    let line = stat.lines().find(|l| l.starts_with("cpu "))?;
    let values: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .map(|v| v.parse().ok())
        .collect::<Option<_>>()?;
    Some(
        [0, 1, 2, 5, 6, 7]
            .iter()
            .filter_map(|&i| values.get(i))
            .sum(),
    )
}

impl Split {
    pub fn between(from: Sample, to: Sample, requests: usize, seconds: f64) -> Option<Split> {
        if requests == 0 || seconds <= 0.0 {
            return None;
        }
        let per_request = |ticks: u64| ticks as f64 / TICKS_A_SECOND * 1000.0 / requests as f64;
        let process = to.process.saturating_sub(from.process);
        let clients = to.clients.saturating_sub(from.clients);
        let restarts = to.restarts.saturating_sub(from.restarts);
        let machine = to.machine.saturating_sub(from.machine);
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
        Some(Split {
            server: per_request(process.saturating_sub(clients + restarts)),
            clients: per_request(clients),
            restarts: per_request(restarts),
            rest: per_request(machine.saturating_sub(process)),
            busy: (machine as f64 / TICKS_A_SECOND / (seconds * cores)).min(1.0),
        })
    }

    pub fn line(&self) -> String {
        format!(
            "CPU a request: server {:.2} ms, clients {:.2} ms, day restarts {:.2} ms, \
             rest of the machine {:.2} ms; all cores {:.0} % busy",
            self.server,
            self.clients,
            self.restarts,
            self.rest,
            self.busy * 100.0
        )
    }
}
