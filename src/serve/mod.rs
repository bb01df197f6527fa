//! `wlb-search serve`: a search page and a JSON API on this machine, over one shared
//! [`Engine`].
//!
//! ```text
//! GET /                      the page (Japanese); its state lives in the URL: /?q=テレワーク
//! GET /app.js, /app.css      the page's script (page.js, after views.js) and style
//! GET /api/search?q=&ministry=&section=&status=&year=&limit=&offset=&explain= → SearchResponse
//! GET /api/map?q=&ministry=&section=&status=&year=&level=   → MapResponse (as `map`)
//! GET /api/compare?ministry=A&ministry=B&q=&section=&…&level= → CompareResponse (as `compare`)
//! GET /api/ministries        → [MinistryEntry]  (as `ministries --format json`)
//! GET /api/sections          → [SectionEntry]   (as `sections --format json`)
//! GET /api/passages/{id}     → JsonPassage
//! GET /api/passages/{id}/similar?section=&status=&year=&limit=&same_ministry=&explain=
//!                            → SimilarResponse (other organisations' passages like it)
//! ```
//!
//! The page, script and style are compiled into the binary; nothing is read from disk once the
//! index is open, and only the paths above exist, so no other file can be served. Every
//! response carries a strict Content-Security-Policy (no inline script or style, nothing from
//! other origins) and `nosniff`. Errors are JSON `{"error": "…"}`: 400 for a bad parameter
//! (with the library's message, which names the value and the fix), 404 for an unknown path or
//! passage, 405 for a method other than GET, 500 for a broken index. Request data is never
//! unwrapped; the engine is shared read-only (each search clones the analyzer, which is cheap).
//!
//! Every request has a bounded cost, by the libraries built for it: hyper closes a connection
//! whose headers do not arrive within [`HEADER_TIMEOUT`], and any connection after
//! [`CONNECTION_LIFETIME`] (so idle keep-alive connections do not pile up); at most
//! [`MAX_CONNECTIONS`] are open at once (tokio's semaphore; more are closed at once); at most
//! [`MAX_SEARCHES`] searches run at once (tower's concurrency limit), each on a blocking thread
//! under a [`SEARCH_DEADLINE`] (tower-http's timeout: 408); a query's own cost is bounded by
//! the planner (ten distinct words). The searches' answers are kept within a budget of
//! memory (`answers`: the index does not change while the server runs). Requests whose
//! `Host` is not this machine's are refused (421), against DNS rebinding. Ctrl-C stops
//! accepting at once and waits at most [`SHUTDOWN_GRACE`] for requests in flight.
//!
//! Searching stays in [`crate::search`] and the JSON shapes in [`crate::wire`] (hits are the
//! CLI's [`JsonHit`](crate::wire::JsonHit)s). This module only parses parameters (`params`),
//! runs handlers (`api`; `views` for the map and the comparison) and picks status codes.

mod answers;
mod api;
mod guard;
mod params;
mod similar;
mod source;
mod views;

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::sync::Semaphore;

pub use answers::{Answers, DEFAULT_MB as DEFAULT_CACHE_MB, MAX_MB as MAX_CACHE_MB, X_CACHE};
pub use api::{search, ApiError};
pub use guard::Hosts;
pub use params::{search_request, MAX_FILTERS, MAX_LIMIT, MAX_OFFSET};
pub use views::{compare, map};

use crate::search::Engine;

/// Longest wait for a request's headers.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// Longest a connection stays open, busy or idle.
pub const CONNECTION_LIFETIME: Duration = Duration::from_secs(60);
/// Connections open at once.
pub const MAX_CONNECTIONS: usize = 128;
/// Searches running at once; more wait for their turn.
pub const MAX_SEARCHES: usize = 8;
/// Longest a request may take, waiting included.
pub const SEARCH_DEADLINE: Duration = Duration::from_secs(5);
/// Longest wait for requests in flight after Ctrl-C.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

/// Sent with every response: only this server's own script, style and data; no framing.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; \
    frame-ancestors 'none'";

const PAGE_HTML: &str = include_str!("page.html");
/// The page's script: its map and compare views first (functions only), then the search.
const PAGE_JS: &str = concat!(include_str!("views.js"), include_str!("page.js"));
const PAGE_CSS: &str = include_str!("page.css");

/// The router: the page, its assets and the API over `engine`, for requests addressed to
/// `hosts`, with security headers on every response; the searches' answers are kept in
/// `answers`.
pub fn router(engine: Engine, hosts: Hosts, answers: Answers) -> Router {
    let api = Router::new()
        .route("/api/search", get(api::api_search))
        .route("/api/map", get(views::api_map))
        .route("/api/compare", get(views::api_compare))
        .route("/api/passages/{id}/similar", get(similar::api_similar))
        .layer(tower::limit::ConcurrencyLimitLayer::new(MAX_SEARCHES))
        // Outside the limit: an answer kept does not wait for a search's turn.
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(answers),
            answers::remembered,
        ));
    Router::new()
        .route("/", get(page))
        .route("/app.js", get(script))
        .route("/app.css", get(style))
        .merge(api)
        .route("/api/ministries", get(api::api_ministries))
        .route("/api/sections", get(api::api_sections))
        .route("/api/passages/{id}", get(api::api_passage))
        .route("/source/{number}", get(source::source))
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .with_state(Arc::new(engine))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            SEARCH_DEADLINE,
        ))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(hosts),
            guard::check,
        ))
        .layer(axum::middleware::map_response(security_headers))
}

/// Serves `engine` on `listener`, listening on `host`, until Ctrl-C.
pub async fn run(
    listener: tokio::net::TcpListener,
    engine: Engine,
    host: IpAddr,
    answers: Answers,
) -> std::io::Result<()> {
    let port = listener.local_addr()?.port();
    let app = router(engine, Hosts::new(host, port), answers);
    let graceful = GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let stop = shutdown_signal();
    tokio::pin!(stop);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else {
                    // Out of file descriptors, say: wait a little rather than spin.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                };
                // Over the limit, the connection is closed at once rather than queued.
                let Ok(slot) = slots.clone().try_acquire_owned() else { continue };
                let connection = hyper::server::conn::http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(HEADER_TIMEOUT)
                    .serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    let _ = tokio::time::timeout(CONNECTION_LIFETIME, connection).await;
                    drop(slot);
                });
            }
            () = &mut stop => break,
        }
    }
    drop(listener);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await;
    Ok(())
}

/// Ctrl-C; if its handler cannot be installed, never (serve until killed).
async fn shutdown_signal() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

async fn security_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    // A handler that set its own policy keeps it (the PDF viewer needs plugins: source.rs).
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

async fn page() -> Response {
    asset("text/html; charset=utf-8", PAGE_HTML)
}

async fn script() -> Response {
    asset("text/javascript; charset=utf-8", PAGE_JS)
}

async fn style() -> Response {
    asset("text/css; charset=utf-8", PAGE_CSS)
}
