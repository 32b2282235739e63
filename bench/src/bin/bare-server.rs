//! `bare-server ADDR FILE`: the ceiling for the today page. An axum server
//! on the same runtime as `keel serve` (multi-threaded tokio, mimalloc)
//! answering every GET with FILE's bytes as HTML, read once at start;
//! no database, no page rendering, no middleware.
// A measuring tool: a failure should stop it loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use axum::http::header;
use axum::response::IntoResponse;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [addr, file] = args.as_slice() else {
        eprintln!("usage: bare-server ADDR FILE");
        std::process::exit(2);
    };
    let body: &'static [u8] = std::fs::read(file).expect("FILE is readable").leak();
    let app = axum::Router::new().fallback(move || async move {
        ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr.as_str())
            .await
            .expect("ADDR is free");
        println!(
            "listening on {}",
            listener.local_addr().expect("an address")
        );
        axum::serve(listener, app).await.expect("serving");
    });
}
