//! `log-load ADDR DB CONNECTIONS SECONDS`: set logging against a running
//! `keel serve` on the SQLite file DB (made by `history`), as the load
//! benchmark's *log a set* scenario does in process: each connection (a
//! keep-alive HTTP/1.1 connection on its own thread) posts the next set of
//! today's session to `/api/v1/sets` as soon as its previous one is
//! answered; when every set of the day is logged the day is deleted
//! through the store (as the CLI would) and logging starts over. Prints the
//! sets logged a second; exits non-zero if any request failed.
// A measuring tool: a failure should stop it loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use keel_app::journal::{self, Journal};
use keel_app::record::target_of;
use keel_app::steps;
use keel_bench::history::TODAY;
use keel_store::{SqliteStore, Store, Write as StoreWrite};

/// Today's slots: (index, sets, target).
fn todays_slots(store: &dyn Store) -> Vec<(usize, usize, u32)> {
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

/// Sends one request on `stream` and reads its reply; the status.
fn exchange(stream: &mut BufReader<TcpStream>, request: &[u8]) -> std::io::Result<u16> {
    stream.get_mut().write_all(request)?;
    let mut status = 0;
    let mut length = 0usize;
    let mut line = String::new();
    loop {
        line.clear();
        if stream.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let text = line.trim_end();
        if text.is_empty() {
            break;
        }
        if let Some(code) = text.strip_prefix("HTTP/1.1 ") {
            status = code.get(..3).and_then(|c| c.parse().ok()).unwrap_or(0);
        } else if let Some((name, value)) = text.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    stream.read_exact(&mut body)?;
    Ok(status)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [addr, db, connections, seconds] = args.as_slice() else {
        eprintln!("usage: log-load ADDR DB CONNECTIONS SECONDS");
        std::process::exit(2);
    };
    let connections: usize = connections.parse().expect("CONNECTIONS is a number");
    let duration = Duration::from_secs(seconds.parse().expect("SECONDS is a number"));
    let db = std::path::PathBuf::from(db);
    let slots = todays_slots(&SqliteStore::open(&db).unwrap());
    let left = Arc::new(Mutex::new(slots.iter().map(|s| s.1).collect::<Vec<_>>()));
    // Held to post a set; taken exclusively to start the day over.
    let gate = Arc::new(RwLock::new(()));
    let (logged, failed) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let started = Instant::now();
    let threads: Vec<_> = (0..connections)
        .map(|_| {
            let (left, gate, slots) = (Arc::clone(&left), Arc::clone(&gate), slots.clone());
            let (logged, failed, db, addr) =
                (Arc::clone(&logged), Arc::clone(&failed), db.clone(), addr.clone());
            std::thread::spawn(move || {
                let mut stream = BufReader::new(TcpStream::connect(&addr).unwrap());
                stream.get_ref().set_nodelay(true).unwrap();
                while started.elapsed() < duration {
                    let guard = gate.read().unwrap();
                    let next = {
                        let mut left = left.lock().unwrap();
                        left.iter().position(|n| *n > 0).map(|i| {
                            left[i] -= 1;
                            (slots[i].0, slots[i].2)
                        })
                    };
                    let Some((slot, target)) = next else {
                        drop(guard);
                        let _exclusive = gate.write().unwrap();
                        let mut left = left.lock().unwrap();
                        if left.iter().all(|n| *n == 0) {
                            let mut store = SqliteStore::open(&db).unwrap();
                            let delete = vec![StoreWrite::DeleteSession { date: TODAY }];
                            journal::commit(&mut store, delete).unwrap();
                            *left = slots.iter().map(|s| s.1).collect();
                        }
                        continue;
                    };
                    let body = format!(r#"{{"slot":{slot},"actual":{target},"rpe":7}}"#);
                    let request = format!(
                        "POST /api/v1/sets HTTP/1.1\r\nHost: {addr}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    match exchange(&mut stream, request.as_bytes()) {
                        Ok(status) if (200..300).contains(&status) => {
                            logged.fetch_add(1, Ordering::Relaxed);
                        }
                        Ok(_) => {
                            failed.fetch_add(1, Ordering::Relaxed);
                        }
                        Err(_) => {
                            failed.fetch_add(1, Ordering::Relaxed);
                            drop(guard);
                            stream = BufReader::new(TcpStream::connect(&addr).unwrap());
                            continue;
                        }
                    }
                    drop(guard);
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    let (logged, failed) = (
        logged.load(Ordering::Relaxed),
        failed.load(Ordering::Relaxed),
    );
    let rate = logged as f64 / started.elapsed().as_secs_f64();
    println!("{logged} sets logged, {rate:.0}/s, {failed} failed, {connections} connections");
    if failed > 0 {
        std::process::exit(1);
    }
}
