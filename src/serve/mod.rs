//! `wlb-search serve`: a search page and a JSON API on this machine, over one shared
//! [`Engine`].
//!
//! ```text
//! GET /                      the page (Japanese); its state lives in the URL: /?q=テレワーク
//! GET /app.js, /app.css      the page's script and style
//! GET /api/search?q=&ministry=&section=&status=&year=&limit=&offset=&explain= → SearchResponse
//! GET /api/ministries        → [MinistryEntry]  (as `ministries --format json`)
//! GET /api/sections          → [SectionEntry]   (as `sections --format json`)
//! GET /api/passages/{id}     → JsonPassage
//! ```
//!
//! The page, script and style are compiled into the binary; nothing is read from disk once the
//! index is open, and only the paths above exist, so no other file can be served. Every
//! response carries a strict Content-Security-Policy (no inline script or style, nothing from
//! other origins) and `nosniff`. Errors are JSON `{"error": "…"}`: 400 for a bad parameter
//! (with the library's message, which names the value and the fix), 404 for an unknown path or
//! passage, 405 for a method other than GET, 500 for a broken index. Request data is never
//! unwrapped. A search takes well under a millisecond, so handlers run it on the async worker
//! directly; the engine is shared read-only (each search clones the analyzer, which is cheap).
//!
//! Searching stays in [`crate::search`] and the JSON shapes in [`crate::wire`] (hits are the
//! CLI's [`JsonHit`](crate::wire::JsonHit)s). This module only parses parameters (`params`),
//! runs handlers (`api`) and picks status codes.

mod api;
mod params;

use std::sync::Arc;

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

pub use api::{search, ApiError};
pub use params::{search_request, MAX_FILTERS, MAX_LIMIT, MAX_OFFSET};

use crate::search::Engine;

/// Sent with every response: only this server's own script, style and data; no framing.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; \
    frame-ancestors 'none'";

const PAGE_HTML: &str = include_str!("page.html");
const PAGE_JS: &str = include_str!("page.js");
const PAGE_CSS: &str = include_str!("page.css");

/// The router: the page, its assets and the API over `engine`, with security headers.
pub fn router(engine: Engine) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/app.js", get(script))
        .route("/app.css", get(style))
        .route("/api/search", get(api::api_search))
        .route("/api/ministries", get(api::api_ministries))
        .route("/api/sections", get(api::api_sections))
        .route("/api/passages/{id}", get(api::api_passage))
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .with_state(Arc::new(engine))
        .layer(axum::middleware::map_response(security_headers))
}

/// Serves `engine` on `listener` until Ctrl-C.
pub async fn run(listener: tokio::net::TcpListener, engine: Engine) -> std::io::Result<()> {
    axum::serve(listener, router(engine))
        .with_graceful_shutdown(async {
            // If the signal handler cannot be installed, serve until killed.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        })
        .await
}

async fn security_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
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
